#pragma once
/// What the API handlers share: the answer for a store error, building a route, and loading the
/// patient named by {id} with the route's permission checked on it.

#include <functional>
#include <optional>
#include <string>

#include "clinic/access.hpp"
#include "clinic/records.hpp"
#include "core/error.hpp"
#include "server/http/context.hpp"
#include "server/http/routes.hpp"

namespace physio::server {

/// 404 for not found, 409 for a conflict (duplicate, changed since read), else 503 (logged).
net::Response store_error(const Error& e);

/// A route without a body.
Route make_route(std::string method, std::string pattern, std::string summary,
                 std::optional<clinic::Action> action, Target target, std::string audit_event,
                 std::function<net::Response(RequestContext&)> handler);

/// A WebSocket route ("WS"): the session, CSRF-free same-origin check and audit are the app's; `open`
/// loads and authorizes the record and returns the session that takes the socket.
Route ws_route(std::string pattern, std::string summary, clinic::Action action, Target target,
               std::string audit_event, std::function<WsAnswer(RequestContext&)> open);

/// `r` reading the query parameters `query` (listed in the OpenAPI document).
Route with_query(Route r, std::vector<QueryParam> query);

/// `r` answering `media_type` ("text/calendar") instead of JSON (for the OpenAPI document).
Route answering(Route r, std::string media_type);

/// `r` taking a JSON body checked against `fields`, at most `max_body` bytes.
Route with_body(Route r, std::vector<FieldSpec> fields, std::uint64_t max_body);

/// Loads the patient named by {id} in the caller's clinic and authorizes `action` (default: the route's)
/// on it. Returns the refusal (404/403, audited; 410 Gone for an erased patient, docs/server/privacy.md)
/// or nothing, with the patient in `out`.
std::optional<net::Response> load_patient(RequestContext& ctx, clinic::Patient& out,
                                          std::optional<clinic::Action> action = std::nullopt);
/// The same for the patient `id` named elsewhere (a FHIR resource's subject).
std::optional<net::Response> load_patient_id(RequestContext& ctx, const std::string& id, clinic::Patient& out,
                                             std::optional<clinic::Action> action = std::nullopt);

/// 409 "restricted" naming the restriction and `what` is refused when processing of the patient's record
/// is restricted (GDPR art. 18, docs/server/privacy.md); nothing when it is not.
std::optional<net::Response> refuse_if_restricted(RequestContext& ctx, const clinic::Patient& patient,
                                                  std::string_view what);

/// The words of a restriction for a refusal or a log line: "processing of this record is restricted since
/// <date> (<reason>)".
std::string restriction_words(const store::PatientRestriction& r);

}  // namespace physio::server
