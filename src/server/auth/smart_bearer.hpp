#pragma once
/// SMART on FHIR on each request (docs/server/smart.md): the OAuth paths the app routes, form bodies, OAuth
/// error answers, and the access token behind a /fhir/ request: its user (or backend app) as the caller,
/// then its scopes narrowing what that caller's role and reach already allow (a permission that only a
/// patient/ scope gives is bound to the launch patient's compartment).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "server/http/context.hpp"

namespace physio::server {

/// `/oauth/...` and `/.well-known/smart-configuration`: answered from the route table, like /api/.
bool is_oauth_path(std::string_view path);
/// The paths a browser app on another origin may call (CORS without credentials): /fhir/, discovery, and the
/// token, revocation, introspection and key endpoints. Cookies are never accepted cross-origin (no
/// Access-Control-Allow-Credentials, and the session cookie is SameSite=Strict).
bool cors_path(std::string_view path);
/// The answer to an OPTIONS preflight on a CORS path.
net::Response cors_preflight(const net::Request& req);
/// Adds Access-Control-Allow-Origin (and the exposed headers) to an answer on a CORS path with an Origin.
void add_cors_headers(const net::Request& req, net::Response& resp);
/// The token of an `Authorization: Bearer <token>` header.
std::optional<std::string> bearer_token(const net::Request& req);
/// An x-www-form-urlencoded body as an object of strings; a repeated or malformed field is an error.
Result<nlohmann::json> parse_form(std::string_view body);
/// An RFC 6749 error answer: {"error", "error_description"}; 401 adds WWW-Authenticate.
net::Response oauth_error(int status, std::string_view error, std::string_view description);

/// The token's caller into ctx.who and ctx.smart; the refusal (401 with WWW-Authenticate: Bearer
/// error="invalid_token") for an unknown, expired or revoked token, a disabled app or user.
std::optional<net::Response> authenticate_bearer(RequestContext& ctx, std::string_view token);
/// 403 when the token's scopes do not allow the route's interaction on its type; binds the caller to the
/// launch patient when only a patient/ scope allows it (ctx.who->compartment).
std::optional<net::Response> check_smart_scope(RequestContext& ctx);

/// The interaction a /fhir/ route performs and on which type ("*" for $everything and bulk export).
struct FhirInteraction {
  std::string type;
  char interaction = 'r';
};
std::optional<FhirInteraction> fhir_interaction(std::string_view method, std::string_view pattern);

/// The principal a backend app acts as: no user, its clinic, the assistant's read permissions.
clinic::Principal backend_principal(std::string_view client_id, std::string_view clinic_id);

}  // namespace physio::server
