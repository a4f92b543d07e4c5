// SMART on FHIR's OAuth 2.0 endpoints (docs/server/smart.md): discovery, the authorization endpoint (which
// hands the browser to the consent page at /authorize/<request>), the consent page's two API routes, the
// token endpoint (authorization_code with PKCE S256, refresh_token with rotation, client_credentials with a
// signed assertion), introspection (RFC 7662) and revocation (RFC 7009). Every step is audited with the
// client id and the scopes.
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

Status audit_one(store::Tx& tx, store::AuditEventInput e) {
  PHYSIO_TRY(tx.append_audit({std::move(e)}));
  return ok();
}

std::string percent_encode(std::string_view v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

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

std::string with_params(std::string uri, const std::vector<std::pair<std::string, std::string>>& params) {
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    uri += sep + k + "=" + percent_encode(v);
    sep = '&';
  }
  return uri;
}

net::Response redirect(const std::string& location) {
  net::Response r;
  r.status = 302;
  r.headers.push_back({"location", location});
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

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
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
  for (const auto& s : split(p.granted)) {
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
  for (const auto& s : split(p.granted))
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
    return audit_one(tx, smart_audit(ctx, "smart.grant", who.clinic_id, who.user_id, row.patient_id,
                                     p.client.id, granted));
  });
  if (!st) return store_error(st.error());
  return json_ok({{"redirect", with_params(rq.redirect_uri, {{"code", code}, {"state", rq.state}})}});
}

/// Mints the access token (and a refresh token when the grant asks for one) of a grant; the token answer.
Result<json> issue_tokens(RequestContext& ctx, store::Tx& tx, const store::SmartClientRow& client,
                          const std::string& user_id, const std::string& patient_id, const std::string& scope,
                          const std::string& family, const std::string& nonce, bool refresh_allowed) {
  const auto& settings = ctx.services.settings();
  const TimeUs now = now_us();
  const std::string access = security::random_token();
  const TimeUs lifetime = settings.smart_access_token_minutes * 60 * kUsPerSecond;
  PHYSIO_TRY(store::insert_smart_token(tx, {.hash = security::blake2b_hex(access),
                                            .kind = "access",
                                            .client_id = client.id,
                                            .clinic_id = client.clinic_id,
                                            .user_id = user_id,
                                            .patient_id = patient_id,
                                            .scope = scope,
                                            .family = family,
                                            .created_us = now,
                                            .expires_us = now + lifetime}));
  json out = {{"access_token", access},
              {"token_type", "Bearer"},
              {"expires_in", lifetime / kUsPerSecond},
              {"scope", scope}};
  if (!patient_id.empty()) out["patient"] = patient_id;
  if (refresh_allowed &&
      (fhir::has_scope(scope, "offline_access") || fhir::has_scope(scope, "online_access"))) {
    const std::string refresh = security::random_token();
    PHYSIO_TRY(store::insert_smart_token(
        tx, {.hash = security::blake2b_hex(refresh),
             .kind = "refresh",
             .client_id = client.id,
             .clinic_id = client.clinic_id,
             .user_id = user_id,
             .patient_id = patient_id,
             .scope = scope,
             .family = family,
             .created_us = now,
             .expires_us = now + settings.smart_refresh_token_days * 86400 * kUsPerSecond}));
    out["refresh_token"] = refresh;
  }
  if (!user_id.empty() && fhir::has_scope(scope, "openid")) {
    auto u = PHYSIO_TRY(tx.get_user(user_id));
    json claims = {{"iss", fhir_base(ctx)},
                   {"sub", u.id},
                   {"aud", client.id},
                   {"iat", now / kUsPerSecond},
                   {"exp", now / kUsPerSecond + 3600}};
    if (!nonce.empty()) claims["nonce"] = nonce;
    if (fhir::has_scope(scope, "fhirUser")) {
      if (u.role == clinic::Role::kPatient && u.patient_id)
        claims["fhirUser"] = fhir_base(ctx) + "/Patient/" + *u.patient_id;
      else if (clinic::is_clinician(u.role))
        claims["fhirUser"] = fhir_base(ctx) + "/Practitioner/" + u.id;
    }
    const auto key = PHYSIO_TRY(smart_signing_key(settings));
    out["id_token"] = PHYSIO_TRY(security::sign_rs256(key, claims.dump()));
  }
  return out;
}

net::Response token_answer(Result<json> r) {
  if (!r) return store_error(r.error());
  return json_ok(*r);
}

net::Response code_grant(RequestContext& ctx, const store::SmartClientRow& client) {
  const auto& f = ctx.body;
  const std::string code = f.value("code", ""), verifier = f.value("code_verifier", "");
  if (code.empty() || code.size() > 100) return oauth_error(400, "invalid_request", "code is missing");
  if (verifier.size() < 43 || verifier.size() > 128)
    return oauth_error(400, "invalid_request", "code_verifier must be 43 to 128 characters (PKCE)");
  auto rq = ctx.services.store().read(
      [&](store::Tx& tx) { return store::get_smart_request_by_code(tx, security::blake2b_hex(code)); });
  if (!rq) {
    if (rq.error().code() != ErrorCode::kNotFound) return store_error(rq.error());
    return oauth_error(400, "invalid_grant", "the code is not valid");
  }
  auto refuse = [&](std::string why) {
    ctx.pending_reads.push_back(smart_audit(ctx, "smart.token", rq->clinic_id, rq->user_id, rq->patient_id,
                                            client.id, rq->granted_scope, "denied"));
    ctx.pending_reads.back().detail += "; " + why;
    return oauth_error(400, "invalid_grant", why);
  };
  if (rq->client_id != client.id) return refuse("the code was issued to another client");
  if (rq->code_used) {
    // A replayed code: every token issued from it is revoked (RFC 6749 4.1.2).
    auto n =
        ctx.services.store().write([&](store::Tx& tx) { return store::revoke_smart_family(tx, rq->family); });
    if (!n) return store_error(n.error());
    return refuse("the code was already used; the tokens issued from it are revoked");
  }
  if (rq->code_expires_us <= now_us()) return refuse("the code has expired (codes last 60 s)");
  if (f.value("redirect_uri", "") != rq->redirect_uri)
    return refuse("redirect_uri differs from the authorization request's");
  if (!security::constant_time_equal(security::pkce_s256(verifier), rq->code_challenge))
    return refuse("the code_verifier does not match the code_challenge (PKCE)");
  std::optional<net::Response> replay;
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    if (!PHYSIO_TRY(store::use_smart_code(tx, rq->id))) {
      replay = oauth_error(400, "invalid_grant", "the code was already used");
      return json();
    }
    auto u = PHYSIO_TRY(tx.get_user(rq->user_id));
    if (u.disabled) {
      replay = oauth_error(400, "invalid_grant", "the user may no longer sign in");
      return json();
    }
    auto answer = PHYSIO_TRY(issue_tokens(ctx, tx, client, rq->user_id, rq->patient_id, rq->granted_scope,
                                          rq->family, rq->nonce, true));
    PHYSIO_TRY(audit_one(tx, smart_audit(ctx, "smart.token", rq->clinic_id, rq->user_id, rq->patient_id,
                                         client.id, rq->granted_scope)));
    return answer;
  });
  if (replay) return *replay;
  return token_answer(std::move(out));
}

net::Response refresh_grant(RequestContext& ctx, const store::SmartClientRow& client) {
  const std::string token = ctx.body.value("refresh_token", "");
  if (token.empty() || token.size() > 100)
    return oauth_error(400, "invalid_request", "refresh_token is missing");
  const std::string hash = security::blake2b_hex(token);
  auto t = ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_token(tx, hash); });
  if (!t || t->kind != "refresh" || t->client_id != client.id) {
    if (!t && t.error().code() != ErrorCode::kNotFound) return store_error(t.error());
    return oauth_error(400, "invalid_grant", "the refresh token is not valid");
  }
  auto refuse = [&](std::string why) {
    ctx.pending_reads.push_back(smart_audit(ctx, "smart.refresh", t->clinic_id, t->user_id, t->patient_id,
                                            client.id, t->scope, "denied"));
    ctx.pending_reads.back().detail += "; " + why;
    return oauth_error(400, "invalid_grant", why);
  };
  if (t->rotated) {
    // A rotated token used again: someone holds a copy. The whole grant is revoked.
    auto n =
        ctx.services.store().write([&](store::Tx& tx) { return store::revoke_smart_family(tx, t->family); });
    if (!n) return store_error(n.error());
    return refuse("the refresh token was already used; every token of this grant is revoked");
  }
  if (t->revoked) return refuse("the refresh token was revoked");
  if (t->expires_us <= now_us()) return refuse("the refresh token has expired");
  // A narrower scope may be asked for; never a wider one.
  std::string scope = t->scope;
  if (auto asked = ctx.body.value("scope", ""); !asked.empty()) {
    scope.clear();
    for (const auto& s : split(asked))
      if (fhir::has_scope(t->scope, s)) scope += (scope.empty() ? "" : " ") + s;
  }
  std::optional<net::Response> refused;
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    if (!PHYSIO_TRY(store::rotate_smart_token(tx, hash))) {
      refused = oauth_error(400, "invalid_grant", "the refresh token was already used");
      return json();
    }
    PHYSIO_TRY(tx.connection().query("UPDATE smart_tokens SET revoked = 1 WHERE hash = ?", {hash}));
    auto u = PHYSIO_TRY(tx.get_user(t->user_id));
    if (u.disabled) {
      refused = oauth_error(400, "invalid_grant", "the user may no longer sign in");
      return json();
    }
    auto answer =
        PHYSIO_TRY(issue_tokens(ctx, tx, client, t->user_id, t->patient_id, scope, t->family, "", true));
    PHYSIO_TRY(audit_one(
        tx, smart_audit(ctx, "smart.refresh", t->clinic_id, t->user_id, t->patient_id, client.id, scope)));
    return answer;
  });
  if (refused) return *refused;
  return token_answer(std::move(out));
}

net::Response client_credentials(RequestContext& ctx, const store::SmartClientRow& client) {
  if (client.kind != "backend")
    return oauth_error(400, "unauthorized_client", "client_credentials is for backend service apps");
  const std::string scope = fhir::grant_scopes(ctx.body.value("scope", ""), client.scopes, true);
  if (scope.empty())
    return oauth_error(400, "invalid_scope",
                       "none of the requested scopes is allowed for this app (system/...)");
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto answer = PHYSIO_TRY(issue_tokens(ctx, tx, client, "", "", scope, security::random_id(), "", false));
    PHYSIO_TRY(audit_one(
        tx, smart_audit(ctx, "smart.token", client.clinic_id, "app:" + client.id, "", client.id, scope)));
    return answer;
  });
  return token_answer(std::move(out));
}

net::Response token(RequestContext& ctx) {
  const std::string grant = ctx.body.value("grant_type", "");
  if (grant != "authorization_code" && grant != "refresh_token" && grant != "client_credentials")
    return oauth_error(400, "unsupported_grant_type",
                       "grant_type must be authorization_code, refresh_token or client_credentials");
  auto client = authenticate_client(ctx, ctx.body);
  if (auto* r = std::get_if<net::Response>(&client)) return std::move(*r);
  const auto& c = std::get<store::SmartClientRow>(client);
  if (grant == "authorization_code") return code_grant(ctx, c);
  if (grant == "refresh_token") return refresh_grant(ctx, c);
  return client_credentials(ctx, c);
}

/// The caller of introspection: an authenticated asymmetric client (it sees its own tokens) or a signed-in
/// administrator with the CSRF token (every token of their clinic's apps).
struct Introspector {
  std::string client_id;  ///< "" for an administrator
  std::string clinic_id;
  std::string actor;
};

std::variant<Introspector, net::Response> introspector(RequestContext& ctx) {
  if (ctx.body.contains("client_assertion")) {
    auto c = authenticate_client(ctx, ctx.body);
    if (auto* r = std::get_if<net::Response>(&c)) return std::move(*r);
    const auto& client = std::get<store::SmartClientRow>(c);
    return Introspector{client.id, client.clinic_id, "app:" + client.id};
  }
  if (cookie_value(ctx.req, kSessionCookie)) {
    if (auto denied = authenticate(ctx)) return *denied;
    auto sent = ctx.req.header("x-csrf-token");
    if (!sent || !security::constant_time_equal(*sent, ctx.csrf_token))
      return api_error(403, "csrf", "missing or wrong X-CSRF-Token header");
    if (ctx.principal().role != clinic::Role::kAdmin)
      return api_error(403, "forbidden", "only the clinic's administrator or the token's app may introspect");
    return Introspector{"", ctx.principal().clinic_id, ctx.principal().user_id};
  }
  return oauth_error(401, "invalid_client",
                     "authenticate with a client_assertion, or as the clinic's administrator");
}

net::Response introspect(RequestContext& ctx) {
  auto who = introspector(ctx);
  if (auto* r = std::get_if<net::Response>(&who)) return std::move(*r);
  const auto& caller = std::get<Introspector>(who);
  const std::string token = ctx.body.value("token", "");
  if (token.empty()) return oauth_error(400, "invalid_request", "token is missing");
  auto t = ctx.services.store().read(
      [&](store::Tx& tx) { return store::get_smart_token(tx, security::blake2b_hex(token.substr(0, 200))); });
  if (!t && t.error().code() != ErrorCode::kNotFound) return store_error(t.error());
  const bool mine =
      t && t->clinic_id == caller.clinic_id && (caller.client_id.empty() || t->client_id == caller.client_id);
  const bool active = mine && !t->revoked && !t->rotated && t->expires_us > now_us();
  auto e = smart_audit(ctx, "smart.introspect", caller.clinic_id, caller.actor, active ? t->patient_id : "",
                       mine ? t->client_id : caller.client_id, active ? t->scope : "");
  e.detail += active ? "; active" : "; inactive";
  ctx.pending_reads.push_back(std::move(e));
  if (!active) return json_ok({{"active", false}});
  json out = {{"active", true},
              {"scope", t->scope},
              {"client_id", t->client_id},
              {"token_type", t->kind == "access" ? "Bearer" : "refresh_token"},
              {"exp", t->expires_us / kUsPerSecond},
              {"iat", t->created_us / kUsPerSecond},
              {"iss", fhir_base(ctx)}};
  if (!t->user_id.empty()) out["sub"] = t->user_id;
  if (!t->patient_id.empty()) out["patient"] = t->patient_id;
  return json_ok(out);
}

net::Response revoke(RequestContext& ctx) {
  auto client = authenticate_client(ctx, ctx.body);
  if (auto* r = std::get_if<net::Response>(&client)) return std::move(*r);
  const auto& c = std::get<store::SmartClientRow>(client);
  const std::string token = ctx.body.value("token", "");
  if (token.empty()) return oauth_error(400, "invalid_request", "token is missing");
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    auto t = store::get_smart_token(tx, security::blake2b_hex(token.substr(0, 200)));
    if (!t) return t.error().code() == ErrorCode::kNotFound ? ok() : std::unexpected(t.error());
    if (t->client_id != c.id) return ok();  // another app's token: nothing happens, and nothing is said
    // A refresh token takes its grant's access tokens with it (RFC 7009 2.1); an access token only itself.
    if (t->kind == "refresh")
      PHYSIO_TRY(store::revoke_smart_family(tx, t->family));
    else
      PHYSIO_TRY(tx.connection().query("UPDATE smart_tokens SET revoked = 1 WHERE hash = ?", {t->hash}));
    return audit_one(
        tx, smart_audit(ctx, "smart.revoke", t->clinic_id, t->user_id.empty() ? "app:" + c.id : t->user_id,
                        t->patient_id, c.id, t->scope));
  });
  if (!st) return store_error(st.error());
  return json_ok(json::object());
}

FieldSpec form_field(std::string name, std::string description) {
  return text_field(std::move(name), false, std::move(description), 8192);
}

Route form_route(std::string pattern, std::string summary, std::string audit_event,
                 std::function<net::Response(RequestContext&)> handler, std::vector<FieldSpec> fields) {
  Route r = make_route("POST", std::move(pattern), std::move(summary), std::nullopt, Target::kNone,
                       std::move(audit_event), std::move(handler));
  r.auth = AuthMode::kPublic;
  r.body = BodyKind::kForm;
  r.schema.fields = std::move(fields);
  r.max_body = 16384;
  return r;
}

}  // namespace

void add_smart_oauth_routes(RouteTable& routes) {
  for (const char* path : {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
    Route r = make_route("GET", path, "SMART on FHIR configuration (endpoints, scopes, capabilities)",
                         std::nullopt, Target::kNone, "", smart_configuration);
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
  routes.push_back(form_route(
      "/oauth/token", "SMART token endpoint: authorization_code (PKCE), refresh_token, client_credentials",
      "smart.token", token,
      {form_field("grant_type", "authorization_code, refresh_token or client_credentials"),
       form_field("code", "the authorization code"),
       form_field("redirect_uri", "as in the authorization request"),
       form_field("code_verifier", "PKCE verifier"), form_field("client_id", "public clients"),
       form_field("refresh_token", "refresh_token grant"),
       form_field("scope", "a narrower scope, or system/ scopes"),
       form_field("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
       form_field("client_assertion", "the client's signed JWT (private_key_jwt)")}));
  routes.push_back(
      form_route("/oauth/introspect",
                 "Token introspection (RFC 7662): for the token's app or the clinic's administrator",
                 "smart.introspect", introspect,
                 {form_field("token", "the token"), form_field("token_type_hint", "ignored"),
                  form_field("client_assertion_type", "jwt-bearer"),
                  form_field("client_assertion", "the client's signed JWT")}));
  routes.push_back(form_route(
      "/oauth/revoke", "Token revocation (RFC 7009)", "smart.revoke", revoke,
      {form_field("token", "the token"), form_field("token_type_hint", "ignored"),
       form_field("client_id", "public clients"), form_field("client_assertion_type", "jwt-bearer"),
       form_field("client_assertion", "the client's signed JWT")}));
}

}  // namespace physio::server
