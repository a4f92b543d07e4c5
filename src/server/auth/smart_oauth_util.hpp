#pragma once
/// What the SMART OAuth endpoints share (api_smart_authorize.cpp, api_smart_token.cpp): an audit row written
/// in the caller's transaction, redirect URIs with parameters, scope lists, and the form-encoded route shape.

#include <string>
#include <string_view>
#include <vector>

#include "server/http/routes.hpp"
#include "store/store.hpp"

namespace physio::server::smart_oauth {

/// Appends one audit event in `tx`.
Status audit_one(store::Tx& tx, store::AuditEventInput e);
/// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(std::string_view v);
/// `uri` with `params` appended as a query (empty values left out).
std::string with_params(std::string uri, const std::vector<std::pair<std::string, std::string>>& params);
/// A 302 to `location`.
net::Response redirect(const std::string& location);
/// A space-separated scope list split into its scopes.
std::vector<std::string> split_scopes(std::string_view text);
/// A public POST route whose body is application/x-www-form-urlencoded (RFC 6749), 16 KiB at most.
Route form_route(std::string pattern, std::string summary, std::string audit_event,
                 std::function<net::Response(RequestContext&)> handler, std::vector<FieldSpec> fields);
/// An optional form field of at most 8 KiB.
FieldSpec form_field(std::string name, std::string description);

}  // namespace physio::server::smart_oauth
