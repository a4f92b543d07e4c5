#include "server/auth/smart_bearer.hpp"

#include <cctype>
#include <map>

#include <spdlog/spdlog.h>

#include "fhir/outcome.hpp"
#include "fhir/smart_scopes.hpp"
#include "security/hash.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/http_util.hpp"
#include "server/net/url.hpp"
#include "store/smart.hpp"

namespace physio::server {

bool is_oauth_path(std::string_view path) {
  return path.starts_with("/oauth/") || path == "/.well-known/smart-configuration" ||
         path == "/.well-known/openid-configuration";
}

bool cors_path(std::string_view path) {
  return path.starts_with("/fhir/") || path == "/.well-known/smart-configuration" ||
         path == "/.well-known/openid-configuration" || path == "/oauth/token" || path == "/oauth/revoke" ||
         path == "/oauth/introspect" || path == "/oauth/jwks";
}

net::Response cors_preflight(const net::Request& req) {
  net::Response r;
  r.status = 204;
  const auto origin = req.header("origin");
  r.headers.push_back({"access-control-allow-origin", origin ? std::string(*origin) : "*"});
  r.headers.push_back({"vary", "Origin"});
  r.headers.push_back({"access-control-allow-methods", "GET, POST, PUT, DELETE"});
  r.headers.push_back({"access-control-allow-headers",
                       "authorization, content-type, accept, prefer, if-match, if-none-match"});
  r.headers.push_back({"access-control-max-age", "600"});
  return r;
}

void add_cors_headers(const net::Request& req, net::Response& resp) {
  const auto origin = req.header("origin");
  if (!origin || !cors_path(req.path)) return;
  resp.headers.push_back({"access-control-allow-origin", std::string(*origin)});
  resp.headers.push_back({"vary", "Origin"});
  resp.headers.push_back({"access-control-expose-headers",
                          "content-location, location, etag, last-modified, x-progress, retry-after"});
}

std::optional<std::string> bearer_token(const net::Request& req) {
  auto h = req.header("authorization");
  if (!h) return std::nullopt;
  std::string_view v = *h;
  if (v.size() < 7) return std::nullopt;
  std::string scheme(v.substr(0, 7));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return std::nullopt;
  v.remove_prefix(7);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return std::string(v);
}

Result<nlohmann::json> parse_form(std::string_view body) {
  nlohmann::json out = nlohmann::json::object();
  std::size_t i = 0;
  while (i <= body.size()) {
    auto amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    const auto piece = body.substr(i, amp - i);
    i = amp + 1;
    if (piece.empty()) continue;
    const auto eq = piece.find('=');
    auto name = net::percent_decode(piece.substr(0, eq), true);
    auto value = net::percent_decode(eq == std::string_view::npos ? "" : piece.substr(eq + 1), true);
    if (!name || !value)
      return std::unexpected(Error(ErrorCode::kInvalidArgument, "the form has a malformed %-escape"));
    if (out.contains(*name))
      return std::unexpected(Error(ErrorCode::kInvalidArgument, "the field '" + *name + "' is repeated"));
    out[*name] = *value;
  }
  return out;
}

net::Response oauth_error(int status, std::string_view error, std::string_view description) {
  // No WWW-Authenticate: these answers are the authorization server's (RFC 6749 section 5.2), whose clients
  // authenticate with a signed assertion in the body, not an HTTP scheme; a Bearer challenge is the resource
  // server's (RFC 6750) and makes OAuth libraries read the answer as one.
  return json_ok({{"error", error}, {"error_description", description}}, status);
}

clinic::Principal backend_principal(std::string_view client_id, std::string_view clinic_id) {
  return clinic::Principal{"app:" + std::string(client_id), std::string(clinic_id), clinic::Role::kAssistant,
                           std::nullopt, std::nullopt};
}

std::optional<net::Response> authenticate_bearer(RequestContext& ctx, std::string_view token) {
  auto refuse = [](std::string_view why) {
    auto r = fhir_problem({401, "login", std::string(why), "Authorization"});
    r.headers.push_back({"www-authenticate", "Bearer error=\"invalid_token\""});
    return r;
  };
  if (token.empty() || token.size() > 200) return refuse("the access token is malformed");
  const std::string hash = security::blake2b_hex(token);
  struct Loaded {
    store::SmartTokenRow token;
    store::SmartClientRow client;
    std::optional<clinic::User> user;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    l.token = PHYSIO_TRY(store::get_smart_token(tx, hash));
    l.client = PHYSIO_TRY(store::get_smart_client(tx, l.token.client_id));
    if (!l.token.user_id.empty()) l.user = PHYSIO_TRY(tx.get_user(l.token.user_id));
    return l;
  });
  if (!loaded) {
    if (loaded.error().code() == ErrorCode::kNotFound) return refuse("the access token is not valid");
    spdlog::error("token lookup: {}", loaded.error().to_string());
    return api_error(503, "store_unavailable", "the record store is not available; try again");
  }
  const auto& t = loaded->token;
  if (t.kind != "access" || t.revoked || t.expires_us <= now_us() || loaded->client.disabled ||
      loaded->client.clinic_id != t.clinic_id)
    return refuse("the access token has expired or was revoked");
  if (loaded->user) {
    const auto& u = *loaded->user;
    if (u.disabled || u.clinic_id != t.clinic_id)
      return refuse("the access token's user may no longer sign in");
    ctx.who = clinic::Principal{u.id, u.clinic_id, u.role, u.patient_id, std::nullopt};
  } else {
    ctx.who = backend_principal(t.client_id, t.clinic_id);
  }
  ctx.smart = RequestContext::SmartAccess{t.client_id, t.scope, t.patient_id};
  return std::nullopt;
}

std::optional<FhirInteraction> fhir_interaction(std::string_view method, std::string_view pattern) {
  if (!pattern.starts_with("/fhir/")) return std::nullopt;
  const auto rest = pattern.substr(6);
  if (rest.find('$') != std::string_view::npos) return FhirInteraction{"*", 'r'};
  const auto slash = rest.find('/');
  const std::string type(rest.substr(0, slash));
  const bool instance = slash != std::string_view::npos;
  if (method == "GET") return FhirInteraction{type, instance ? 'r' : 's'};
  if (method == "POST") return FhirInteraction{type, 'c'};
  if (method == "PUT" || method == "PATCH") return FhirInteraction{type, 'u'};
  if (method == "DELETE") return FhirInteraction{type, 'd'};
  return std::nullopt;
}

std::optional<net::Response> check_smart_scope(RequestContext& ctx) {
  if (!ctx.smart) return std::nullopt;
  const auto what = fhir_interaction(ctx.route.method, ctx.route.pattern);
  const auto decision = what ? fhir::scope_allows(ctx.smart->scope, what->type, what->interaction)
                             : fhir::ScopeDecision::kDenied;
  auto refuse = [&](const std::string& why) {
    auto e = ctx.audit_event(what ? what->type : "fhir", "", "", "denied");
    e.detail = "app " + ctx.smart->client_id + "; scope " + ctx.smart->scope + "; " + why;
    ctx.pending_reads.push_back(std::move(e));
    // RFC 6750 section 3.1: the token is valid but its scopes do not reach the resource.
    auto r = fhir_problem({403, "forbidden", why, "Authorization"});
    r.headers.push_back({"www-authenticate", "Bearer error=\"insufficient_scope\""});
    return r;
  };
  if (decision == fhir::ScopeDecision::kDenied) {
    static const std::map<char, std::string> verbs = {
        {'r', "read"}, {'s', "search"}, {'c', "create"}, {'u', "update"}, {'d', "delete"}};
    return refuse(
        "the access token's scopes do not allow " +
        (what ? verbs.at(what->interaction) + " on " +
                    (what->type == "*" ? std::string("every type (needs <context>/*.rs)") : what->type)
              : std::string("this route")));
  }
  if (decision == fhir::ScopeDecision::kLaunchPatient) {
    if (ctx.smart->patient_id.empty()) return refuse("a patient/ scope needs a patient in context");
    ctx.who->compartment = ctx.smart->patient_id;
  }
  return std::nullopt;
}

}  // namespace physio::server
