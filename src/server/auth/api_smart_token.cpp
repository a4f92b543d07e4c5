// SMART on FHIR's token endpoints (docs/server/smart.md): the token endpoint (authorization_code with PKCE
// S256, refresh_token with rotation, client_credentials with a signed assertion), introspection (RFC 7662)
// and revocation (RFC 7009). Every step is audited with the client id and the scopes.
#include <algorithm>
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

/// A backend service's access token lifetime: 5 minutes, as SMART Backend Services recommends.
constexpr TimeUs kBackendTokenLifetimeUs = 5 * 60 * kUsPerSecond;

/// Until when a refresh token of the grant `family` holding `scope` may live (docs/server/smart.md):
/// `offline_access` for the configured days; `online_access` alone only while the session of the user who
/// allowed it lives, and never past that session's end; otherwise no refresh token (nullopt).
Result<std::optional<TimeUs>> refresh_until(RequestContext& ctx, store::Tx& tx, const std::string& scope,
                                            const std::string& family) {
  const auto& settings = ctx.services.settings();
  const TimeUs now = now_us();
  const TimeUs days = now + settings.smart_refresh_token_days * 86400 * kUsPerSecond;
  if (fhir::has_scope(scope, "offline_access")) return std::optional<TimeUs>(days);
  if (!fhir::has_scope(scope, "online_access")) return std::optional<TimeUs>();
  const std::string session = PHYSIO_TRY(store::get_smart_online_session(tx, family));
  if (session.empty()) return std::optional<TimeUs>();
  auto s = tx.get_session(session);
  if (!s) {
    if (s.error().code() == ErrorCode::kNotFound) return std::optional<TimeUs>();
    return std::unexpected(s.error());
  }
  if (s->revoked || s->expires_us <= now ||
      now - s->last_seen_us > settings.session_idle_minutes * 60 * kUsPerSecond)
    return std::optional<TimeUs>();
  return std::optional<TimeUs>(std::min(days, s->expires_us));
}

/// The refresh token a grant's answer carries: its scope (a refresh keeps the scope of the token presented,
/// RFC 6749 section 6) and its end.
struct RefreshToIssue {
  std::string scope;
  TimeUs expires_us = 0;
};

/// Mints the access token with `scope` (and `refresh` when given) of a grant; the token answer.
Result<json> issue_tokens(RequestContext& ctx, store::Tx& tx, const store::SmartClientRow& client,
                          const std::string& user_id, const std::string& patient_id, const std::string& scope,
                          const std::string& family, const std::string& nonce,
                          const std::optional<RefreshToIssue>& refresh_token) {
  const auto& settings = ctx.services.settings();
  const TimeUs now = now_us();
  const std::string access = security::random_token();
  // Backend tokens (no user) last 5 minutes, as SMART Backend Services recommends; a user's the setting.
  const TimeUs lifetime =
      user_id.empty() ? kBackendTokenLifetimeUs : settings.smart_access_token_minutes * 60 * kUsPerSecond;
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
  if (refresh_token) {
    const std::string refresh = security::random_token();
    PHYSIO_TRY(store::insert_smart_token(tx, {.hash = security::blake2b_hex(refresh),
                                              .kind = "refresh",
                                              .client_id = client.id,
                                              .clinic_id = client.clinic_id,
                                              .user_id = user_id,
                                              .patient_id = patient_id,
                                              .scope = refresh_token->scope,
                                              .family = family,
                                              .created_us = now,
                                              .expires_us = refresh_token->expires_us}));
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
    std::optional<RefreshToIssue> refresh;
    if (auto until = PHYSIO_TRY(refresh_until(ctx, tx, rq->granted_scope, rq->family)))
      refresh = RefreshToIssue{rq->granted_scope, *until};
    auto answer = PHYSIO_TRY(issue_tokens(ctx, tx, client, rq->user_id, rq->patient_id, rq->granted_scope,
                                          rq->family, rq->nonce, refresh));
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
  // A narrower scope may be asked for, never a wider one (RFC 6749 section 6): the access token gets the
  // scope asked, the new refresh token keeps the presented one's, so a narrower refresh never loses the
  // grant.
  std::string scope = t->scope;
  if (auto asked = ctx.body.value("scope", ""); !asked.empty()) {
    auto narrowed = fhir::narrow_scopes(asked, t->scope);
    if (!narrowed || narrowed->empty())
      return oauth_error(400, "invalid_scope",
                         "the scope asked is not within the scope granted: " + t->scope);
    scope = *narrowed;
  }
  std::optional<net::Response> refused;
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    const auto until = PHYSIO_TRY(refresh_until(ctx, tx, t->scope, t->family));
    if (!until) {
      // online_access ends with the session of the user who allowed it.
      PHYSIO_TRY(store::revoke_smart_family(tx, t->family));
      refused = oauth_error(400, "invalid_grant",
                            "online_access ended with the user's session (signed out or timed out); "
                            "authorize the app again");
      return json();
    }
    if (!PHYSIO_TRY(store::rotate_smart_token(tx, hash))) {
      refused = oauth_error(400, "invalid_grant", "the refresh token was already used");
      return json();
    }
    PHYSIO_TRY(store::revoke_smart_token(tx, hash));
    auto u = PHYSIO_TRY(tx.get_user(t->user_id));
    if (u.disabled) {
      refused = oauth_error(400, "invalid_grant", "the user may no longer sign in");
      return json();
    }
    auto answer = PHYSIO_TRY(issue_tokens(ctx, tx, client, t->user_id, t->patient_id, scope, t->family, "",
                                          RefreshToIssue{t->scope, *until}));
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
    auto answer =
        PHYSIO_TRY(issue_tokens(ctx, tx, client, "", "", scope, security::random_id(), "", std::nullopt));
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
      PHYSIO_TRY(store::revoke_smart_token(tx, t->hash));
    return audit_one(
        tx, smart_audit(ctx, "smart.revoke", t->clinic_id, t->user_id.empty() ? "app:" + c.id : t->user_id,
                        t->patient_id, c.id, t->scope));
  });
  if (!st) return store_error(st.error());
  return json_ok(json::object());
}

}  // namespace

void add_smart_token_routes(RouteTable& routes) {
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
