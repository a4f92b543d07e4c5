// SMART on FHIR's discovery and authorization (docs/server/smart.md): the smart-configuration document, the
// id_token key set, the authorization endpoint (which hands the browser to the consent page at
// /authorize/<request>) and the consent page's two API routes. Every step is audited with the client id and
// the scopes.
#include <set>
#include <variant>

#include <spdlog/spdlog.h>

#include "core/markup.hpp"
#include "fhir/smart_scopes.hpp"
#include "security/hash.hpp"
#include "security/jose.hpp"
#include "security/random.hpp"
#include "server/auth/routes.hpp"
#include "server/auth/session_check.hpp"
#include "server/auth/smart_bearer.hpp"
#include "server/auth/smart_oauth_util.hpp"
#include "server/auth/smart_tokens.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/net/url.hpp"
#include "store/smart.hpp"

namespace physio::server {
namespace {

using json = nlohmann::json;
using namespace smart_oauth;

constexpr TimeUs kRequestLifetimeUs =
    10LL * 60 * kUsPerSecond;  // the consent page must be answered in 10 min
constexpr TimeUs kCodeLifetimeUs = 60LL * kUsPerSecond;

const std::vector<std::string>& supported_scopes() {
  static const std::vector<std::string> s = {"openid",
                                             "fhirUser",
                                             "launch",
                                             "launch/patient",
                                             "offline_access",
                                             "online_access",
                                             "patient/*.rs",
                                             "patient/*.cruds",
                                             "user/*.rs",
                                             "user/*.cruds",
                                             "system/*.rs",
                                             "patient/Observation.rs",
                                             "patient/Patient.r",
                                             "patient/Condition.rs",
                                             "user/Observation.rs",
                                             "system/Observation.rs"};
  return s;
}

net::Response smart_configuration(RequestContext& ctx) {
  const std::string origin = request_origin(ctx);
  return json_ok({
      {"issuer", fhir_base(ctx)},
      {"authorization_endpoint", origin + "/oauth/authorize"},
      {"token_endpoint", origin + "/oauth/token"},
      {"introspection_endpoint", origin + "/oauth/introspect"},
      {"revocation_endpoint", origin + "/oauth/revoke"},
      {"jwks_uri", origin + "/oauth/jwks"},
      {"management_endpoint", origin + "/account"},
      {"grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"}},
      {"response_types_supported", {"code"}},
      {"code_challenge_methods_supported", {"S256"}},
      {"token_endpoint_auth_methods_supported", {"private_key_jwt", "none"}},
      {"token_endpoint_auth_signing_alg_values_supported", security::accepted_jws_algorithms()},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"scopes_supported", supported_scopes()},
      {"capabilities",
       {"launch-ehr", "launch-standalone", "client-public", "client-confidential-asymmetric",
        "context-ehr-patient", "context-standalone-patient", "permission-patient", "permission-user",
        "permission-v2", "permission-v1", "permission-offline", "permission-online", "sso-openid-connect"}},
  });
}

/// OpenID Connect discovery (OpenID Connect Discovery 1.0): at the issuer (the FHIR base URL) +
/// /.well-known/openid-configuration, so generic OIDC libraries find the endpoints and the id_token's keys.
net::Response openid_configuration(RequestContext& ctx) {
  const std::string origin = request_origin(ctx);
  return json_ok({
      {"issuer", fhir_base(ctx)},
      {"authorization_endpoint", origin + "/oauth/authorize"},
      {"token_endpoint", origin + "/oauth/token"},
      {"introspection_endpoint", origin + "/oauth/introspect"},
      {"revocation_endpoint", origin + "/oauth/revoke"},
      {"jwks_uri", origin + "/oauth/jwks"},
      {"response_types_supported", {"code"}},
      {"response_modes_supported", {"query"}},
      {"grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"}},
      {"subject_types_supported", {"public"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"token_endpoint_auth_methods_supported", {"private_key_jwt", "none"}},
      {"token_endpoint_auth_signing_alg_values_supported", security::accepted_jws_algorithms()},
      {"code_challenge_methods_supported", {"S256"}},
      {"scopes_supported", supported_scopes()},
      {"claims_supported", {"iss", "sub", "aud", "exp", "iat", "nonce", "fhirUser"}},
  });
}

net::Response jwks(RequestContext& ctx) {
  auto key = smart_signing_key(ctx.services.settings());
  if (!key) return store_error(key.error());
  auto pub = security::public_jwk(*key);
  if (!pub) return store_error(pub.error());
  json k = json::parse(*pub);
  k["alg"] = "RS256";
  return json_ok({{"keys", json::array({k})}});
}

/// An error shown on a page (never redirected: the redirect_uri is not known to be the app's).
net::Response error_page(int status, std::string_view message) {
  net::Response r;
  r.status = status;
  r.headers.push_back({"content-type", "text/html; charset=utf-8"});
  r.body =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cannot connect the app · "
      "physiokit</title></head><body><main><h1>The app cannot be connected</h1><p>" +
      escape_markup(message) + "</p><p><a href=\"/\">Back to physiokit</a></p></main></body></html>";
  return r;
}

bool registered_redirect(const store::SmartClientRow& c, const std::string& uri) {
  const json uris = json::parse(c.redirect_uris, nullptr, false);
  if (!uris.is_array()) return false;
  for (const auto& u : uris)
    if (u.is_string() && u.get<std::string>() == uri) return true;
  return false;
}

net::Response authorize(RequestContext& ctx) {
  auto q = [&](const char* name) { return ctx.query(name).value_or(""); };
  const std::string client_id = q("client_id"), redirect_uri = q("redirect_uri"), state = q("state");
  if (client_id.empty()) return error_page(400, "The request names no app (client_id is missing).");
  auto client =
      ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_client(tx, client_id); });
  if (!client) {
    if (client.error().code() != ErrorCode::kNotFound) return store_error(client.error());
    return error_page(400, "No app is registered with this client_id.");
  }
  if (client->disabled) return error_page(400, "This app has been disabled by the clinic's administrator.");
  if (client->kind == "backend")
    return error_page(400,
                      "This app is a backend service: it gets tokens with client_credentials, not here.");
  if (redirect_uri.empty() || !registered_redirect(*client, redirect_uri))
    return error_page(400, "The redirect_uri is not one registered for this app (it must match exactly).");
  // From here on the redirect_uri is the app's: errors go back to it.
  auto fail = [&](std::string_view error, std::string_view why) {
    auto e = smart_audit(ctx, "smart.authorize", client->clinic_id, "", "", client->id, q("scope"), "denied");
    e.detail += "; " + std::string(error) + ": " + std::string(why);
    ctx.pending_reads.push_back(std::move(e));
    return redirect(with_params(
        redirect_uri,
        {{"error", std::string(error)}, {"error_description", std::string(why)}, {"state", state}}));
  };
  if (q("response_type") != "code") return fail("unsupported_response_type", "response_type must be code");
  if (state.empty() || state.size() > 500)
    return fail("invalid_request", "state is required (at most 500 characters)");
  if (q("code_challenge_method") != "S256")
    return fail("invalid_request", "PKCE is required with code_challenge_method=S256 (plain is refused)");
  const std::string challenge = q("code_challenge");
  if (challenge.size() != 43)
    return fail("invalid_request", "code_challenge must be a base64url SHA-256 (43 characters)");
  if (q("aud") != fhir_base(ctx))
    return fail("invalid_request", "aud must be this server's FHIR base URL " + fhir_base(ctx));
  const std::string scope = q("scope");
  if (scope.size() > 2000) return fail("invalid_scope", "scope is longer than 2000 characters");
  const std::string launch = q("launch");
  if (!launch.empty()) {
    auto l = ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_launch(tx, launch); });
    if (!l || l->client_id != client->id || l->expires_us <= now_us())
      return fail("invalid_request", "the launch is unknown, for another app, or has expired");
  }
  store::SmartRequestRow row{.id = security::random_token(),
                             .client_id = client->id,
                             .redirect_uri = redirect_uri,
                             .scope = scope,
                             .state = state,
                             .code_challenge = challenge,
                             .launch_id = launch,
                             .nonce = q("nonce").substr(0, 200),
                             .created_us = now_us(),
                             .expires_us = now_us() + kRequestLifetimeUs};
  auto st = ctx.services.store().write([&](store::Tx& tx) { return store::insert_smart_request(tx, row); });
  if (!st) return store_error(st.error());
  return redirect("/authorize/" + row.id);
}

/// The pending request `id` for the signed-in caller; the refusal otherwise.
struct Pending {
  store::SmartRequestRow request;
  store::SmartClientRow client;
  std::optional<store::SmartLaunchRow> launch;
  std::string granted;  ///< what the app may be given (before the user unticks anything)
};

std::variant<Pending, net::Response> load_pending(RequestContext& ctx, const std::string& id) {
  const auto& who = ctx.principal();
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Pending> {
    Pending p;
    p.request = PHYSIO_TRY(store::get_smart_request(tx, id));
    p.client = PHYSIO_TRY(store::get_smart_client(tx, p.request.client_id));
    if (!p.request.launch_id.empty()) p.launch = PHYSIO_TRY(store::get_smart_launch(tx, p.request.launch_id));
    return p;
  });
  auto gone = [&] {
    ctx.pending_reads.push_back(ctx.audit_event("smart_request", "", "", "denied"));
    return api_error(404, "not_found",
                     "no such authorization request (it may have expired or been answered)");
  };
  if (!loaded) return loaded.error().code() == ErrorCode::kNotFound ? gone() : store_error(loaded.error());
  auto& p = *loaded;
  // Another clinic's app, an answered or expired request, or an EHR launch made by someone else.
  if (p.client.clinic_id != who.clinic_id || p.client.disabled || !p.request.code_hash.empty() ||
      p.request.expires_us <= now_us() || (p.launch && p.launch->user_id != who.user_id))
    return gone();
  p.granted = fhir::grant_scopes(p.request.scope, p.client.scopes, false);
  return std::move(p);
}

bool required_scope(std::string_view s) {
  return s == "openid" || s == "fhirUser" || s == "launch" || s == "launch/patient" || s == "profile";
}

net::Response get_request(RequestContext& ctx) {
  const std::string id = ctx.query("request").value_or("");
  auto got = load_pending(ctx, id);
  if (auto* r = std::get_if<net::Response>(&got)) return std::move(*r);
  auto& p = std::get<Pending>(got);
  const auto& who = ctx.principal();
  std::string patient_id;
  if (p.launch)
    patient_id = p.launch->patient_id;
  else if (who.patient_id)
    patient_id = *who.patient_id;
  json patient = nullptr;
  if (!patient_id.empty()) {
    clinic::Patient pt;
    if (auto d = load_patient_id(ctx, patient_id, pt, clinic::Action::kReadDemographics)) return *d;
    patient = {{"id", pt.id}, {"name", pt.given_name + " " + pt.family_name}, {"birth_date", pt.birth_date}};
  }
  const bool own = who.role == clinic::Role::kPatient;
  json scopes = json::array();
  std::set<std::string> said;  // openid and fhirUser, launch and launch/patient: one line each
  for (const auto& s : split_scopes(p.granted)) {
    const std::string words = fhir::describe_scope(s, own ? "your" : "this patient's");
    if (words.empty() || !said.insert(words).second) continue;
    scopes.push_back({{"scope", s}, {"words", words}, {"required", required_scope(s)}});
  }
  const bool needs_patient = fhir::needs_patient(p.granted) || fhir::has_scope(p.granted, "launch/patient");
  ctx.audit_read("smart_request", id, patient_id);
  return json_ok({{"request", id},
                  {"app", {{"id", p.client.id}, {"name", p.client.name}}},
                  {"redirect_origin", p.request.redirect_uri.substr(0, p.request.redirect_uri.find('/', 8))},
                  {"scopes", scopes},
                  {"patient", patient},
                  {"choose_patient", needs_patient && patient.is_null() && !own},
                  {"launch", p.launch.has_value()}});
}

net::Response decide(RequestContext& ctx) {
  const std::string id = ctx.body["request"].get<std::string>();
  auto got = load_pending(ctx, id);
  if (auto* r = std::get_if<net::Response>(&got)) return std::move(*r);
  auto& p = std::get<Pending>(got);
  const auto& who = ctx.principal();
  const auto& rq = p.request;
  if (!ctx.body["allow"].get<bool>()) {
    auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
      PHYSIO_TRY(store::delete_smart_request(tx, id));
      return audit_one(
          tx, smart_audit(ctx, "smart.deny", who.clinic_id, who.user_id, "", p.client.id, p.granted));
    });
    if (!st) return store_error(st.error());
    return json_ok(
        {{"redirect", with_params(rq.redirect_uri, {{"error", "access_denied"},
                                                    {"error_description", "the user denied access"},
                                                    {"state", rq.state}})}});
  }
  // The scopes the user kept: required ones always, the others when ticked.
  std::set<std::string> ticked;
  if (ctx.body.contains("scopes"))
    for (const auto& s : ctx.body["scopes"])
      if (s.is_string()) ticked.insert(s.get<std::string>());
  std::string granted;
  for (const auto& s : split_scopes(p.granted))
    if (required_scope(s) || ticked.contains(s)) granted += (granted.empty() ? "" : " ") + s;
  // The patient in context: the launch's, the patient's own, or the one a staff member chose.
  std::string patient_id;
  if (p.launch)
    patient_id = p.launch->patient_id;
  else if (who.patient_id)
    patient_id = *who.patient_id;
  else
    patient_id = ctx.body.value("patient_id", "");
  const bool needs_patient = fhir::needs_patient(granted) || fhir::has_scope(granted, "launch/patient");
  if (needs_patient && patient_id.empty())
    return api_error(400, "invalid_body", "choose the patient the app may see", "/patient_id");
  if (!patient_id.empty()) {
    clinic::Patient pt;
    if (auto d = load_patient_id(ctx, patient_id, pt, clinic::Action::kReadDemographics)) return *d;
  }
  const std::string code = security::random_token();
  store::SmartRequestRow row = rq;
  row.user_id = who.user_id;
  row.clinic_id = who.clinic_id;
  row.patient_id = needs_patient ? patient_id : "";
  row.granted_scope = granted;
  row.code_hash = security::blake2b_hex(code);
  row.code_expires_us = now_us() + kCodeLifetimeUs;
  row.family = security::random_id();
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::decide_smart_request(tx, row));
    // online_access without offline_access: the grant lives with this session (sign-out ends it).
    if (fhir::has_scope(granted, "online_access") && !fhir::has_scope(granted, "offline_access"))
      PHYSIO_TRY(store::insert_smart_online_grant(tx, row.family, ctx.session_hash));
    return audit_one(tx, smart_audit(ctx, "smart.grant", who.clinic_id, who.user_id, row.patient_id,
                                     p.client.id, granted));
  });
  if (!st) return store_error(st.error());
  return json_ok({{"redirect", with_params(rq.redirect_uri, {{"code", code}, {"state", rq.state}})}});
}

}  // namespace

void add_smart_authorize_routes(RouteTable& routes) {
  for (const char* path : {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
    Route r = make_route("GET", path, "SMART on FHIR configuration (endpoints, scopes, capabilities)",
                         std::nullopt, Target::kNone, "", smart_configuration);
    r.auth = AuthMode::kPublic;
    routes.push_back(std::move(r));
  }
  for (const char* path : {"/fhir/.well-known/openid-configuration", "/.well-known/openid-configuration"}) {
    Route r = make_route("GET", path, "OpenID Connect discovery (issuer, endpoints, jwks_uri)", std::nullopt,
                         Target::kNone, "", openid_configuration);
    r.auth = AuthMode::kPublic;
    routes.push_back(std::move(r));
  }
  Route keys = make_route("GET", "/oauth/jwks", "The public key that signs id_tokens (JWKS)", std::nullopt,
                          Target::kNone, "", jwks);
  keys.auth = AuthMode::kPublic;
  routes.push_back(std::move(keys));
  Route az =
      with_query(make_route("GET", "/oauth/authorize",
                            "SMART authorization endpoint: checks the app and redirect_uri, then hands over "
                            "to the consent page",
                            std::nullopt, Target::kNone, "smart.authorize", authorize),
                 {{"response_type", "code", "string", true},
                  {"client_id", "the registered app", "string", true},
                  {"redirect_uri", "one of the app's registered redirect URIs, exactly", "string", true},
                  {"scope", "space-separated SMART scopes"},
                  {"state", "the app's opaque value, returned unchanged", "string", true},
                  {"aud", "this server's FHIR base URL", "string", true},
                  {"code_challenge", "PKCE: base64url SHA-256 of the verifier", "string", true},
                  {"code_challenge_method", "S256 (plain is refused)", "string", true},
                  {"launch", "the opaque EHR launch id"},
                  {"nonce", "returned in the id_token"}});
  az.auth = AuthMode::kPublic;
  az.produces = "text/html";
  routes.push_back(std::move(az));
  routes.push_back(
      with_query(make_route("GET", "/api/smart/authorization",
                            "A pending app authorization for the consent page: the app, its scopes "
                            "in words, the patient in context",
                            std::nullopt, Target::kNone, "smart.request.read", get_request),
                 {{"request", "the id of /authorize/<request>", "string", true}}));
  routes.push_back(with_body(
      make_route("POST", "/api/smart/authorization", "Allow or deny an app (the consent page's answer)",
                 std::nullopt, Target::kNone, "smart.grant", decide),
      {text_field("request", true, "the pending request's id", 100),
       [] {
         FieldSpec f;
         f.name = "allow";
         f.type = FieldType::kBoolean;
         f.required = true;
         f.description = "true: allow; false: deny";
         return f;
       }(),
       json_field("scopes", "array", "the optional scopes the user kept ticked",
                  [](const json&) { return std::optional<BodyProblem>(); }),
       text_field("patient_id", false, "the patient a staff member chose (standalone launch)", 64)},
      4096));
}

}  // namespace physio::server
