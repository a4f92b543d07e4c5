// Sign-in, sign-out and "who am I": password (Argon2id), then for staff a TOTP second factor, enrolled
// at first sign-in; lockout after repeated failures (kept in the store, so it holds across servers) and
// a per-address throttle in front of it.
#include <cctype>
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "clinic/validation.hpp"
#include "core/words.hpp"
#include "security/hash.hpp"
#include "security/password.hpp"
#include "security/qr.hpp"
#include "security/random.hpp"
#include "security/totp.hpp"
#include "server/auth/routes.hpp"
#include "server/auth/session_start.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/http/socket_registry.hpp"
#include "store/account_tokens.hpp"
#include "store/login_failures.hpp"
#include "store/smart.hpp"

namespace physio::server {
namespace {

constexpr const char* kPending = "pending:";
constexpr std::size_t kRecoveryCodes = 10;  // codes made at enrolment and on regeneration

// The last TOTP step used per user: a code is accepted once. Kept per server; with several servers a
// replay inside the same 30 s step on another server is possible, which RFC 6238 section 5.2 permits
// ("SHOULD"), and the password is needed as well.
std::mutex g_steps_mu;
std::map<std::string, std::int64_t> g_last_step;

std::string session_cookie(const std::string& token, const Settings& s) {
  return fmt::format("physio_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", token,
                     s.session_max_hours * 3600, s.secure_cookies ? "; Secure" : "");
}

// A hash to verify against when the e-mail is unknown, so both cases take the same time.
const std::string& dummy_hash() {
  static const std::string h = *security::hash_password("physiokit-dummy-password");
  return h;
}

net::Response login(RequestContext& ctx) {
  Services& app = ctx.services;
  const auto& settings = app.settings();
  double retry = 0;
  if (!app.throttle().allow(ctx.req.client_address, retry))
    return api_error(429, "too_many_attempts",
                     fmt::format("too many sign-in attempts; wait {:.0f} s", retry + 0.5));
  const std::string email = ctx.body["email"].get<std::string>();
  const std::string password = ctx.body["password"].get<std::string>();
  const std::string code = ctx.body.value("totp", std::string());
  const std::string recovery =
      security::normalize_recovery_code(ctx.body.value("recovery_code", std::string()));
  std::vector<std::string> new_recovery_codes;  // made at enrolment, shown once in this answer
  bool used_recovery_code = false;
  const TimeUs now = now_us();
  // Failures are counted per account and client address, for an e-mail nobody uses as for one in use: the
  // owner signing in from elsewhere is never locked out by someone else's guesses, and a locked answer does
  // not tell whether the account exists (security finding).
  std::string account = email;
  for (char& c : account) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string& client = ctx.req.client_address;
  const TimeUs lock_us = settings.login_lockout_minutes * 60 * kUsPerSecond;
  auto locked_answer = [&](TimeUs until) {
    return api_error(
        429, "locked",
        fmt::format("too many failed sign-ins from here; try again in {}",
                    count_of(static_cast<double>((until - now) / (60 * kUsPerSecond) + 1), "minute")));
  };
  auto locked =
      app.store().read([&](store::Tx& tx) { return store::login_locked_until(tx, account, client); });
  if (!locked) return api_error(503, "store_unavailable", "try again");
  if (*locked > now) return locked_answer(*locked);
  auto count_failure = [&]() -> bool {
    auto st = app.store().write([&](store::Tx& tx) {
      return store::record_login_failure(tx, account, client, now, settings.login_max_failures, lock_us);
    });
    app.throttle().failed(client);
    return static_cast<bool>(st);
  };

  auto user = app.store().read([&](store::Tx& tx) { return tx.get_user_by_email(email); });
  if (!user) {
    (void)security::verify_password(password, dummy_hash());
    if (user.error().code() != ErrorCode::kNotFound) return api_error(503, "store_unavailable", "try again");
    if (!count_failure()) return api_error(503, "store_unavailable", "try again");
    return api_error(401, "invalid_credentials", "wrong e-mail or password");
  }
  auto audit = [&](std::string_view outcome, std::string_view detail) {
    store::AuditEventInput e;
    e.time_us = now;
    e.clinic_id = user->clinic_id;
    e.actor_id = user->id;
    e.role = std::string(clinic::to_string(user->role));
    e.action = "session.login";
    e.record_type = "user";
    e.record_id = user->id;
    e.client = ctx.req.client_address;
    e.outcome = std::string(outcome);
    e.detail = std::string(detail);
    (void)app.audit().append({e});
  };
  // A lock set on the account itself (by an administrator, or by an earlier version of the server).
  if (user->locked_until_us > now) {
    audit("denied", "locked");
    return locked_answer(user->locked_until_us);
  }
  auto failed = [&](std::string_view why, std::string_view err, std::string_view msg) {
    // The account's own count is kept for the record; the lock is per client address.
    (void)app.store().write([&](store::Tx& tx) { return tx.record_failed_login(user->id); });
    audit("failure", why);
    if (!count_failure()) return api_error(503, "store_unavailable", "try again");
    return api_error(401, err, msg);
  };
  // The password is checked for a disabled account too, so its answer takes as long as any other's
  // (security finding: a disabled account answered measurably faster).
  const bool password_ok = security::verify_password(password, user->password_hash);
  if (!password_ok || user->disabled)
    return failed("password", "invalid_credentials", "wrong e-mail or password");

  if (user->mfa_required) {
    const std::string stored = user->totp_secret.value_or("");
    const bool enrolled = !stored.empty() && !stored.starts_with(kPending);
    if (!enrolled) {
      std::string secret =
          stored.starts_with(kPending) ? stored.substr(std::string_view(kPending).size()) : "";
      if (secret.empty()) {
        secret = security::new_totp_secret();
        auto st =
            app.store().write([&](store::Tx& tx) { return tx.set_totp(user->id, kPending + secret, true); });
        if (!st) return api_error(503, "store_unavailable", "try again");
      }
      const auto enrolled_step =
          code.empty() ? std::nullopt : security::verify_totp(secret, code, now / kUsPerSecond);
      if (!enrolled_step) {
        if (!code.empty())
          return failed("totp enrolment code", "invalid_totp", "that code is not right; try the next one");
        const std::string uri = security::totp_uri(secret, user->email, "physiokit");
        nlohmann::json j = {
            {"error", "totp_enrollment_required"},
            {"message",
             "scan this QR code with your authenticator app (or type the key), then enter its 6-digit code"},
            {"totp_secret", secret},
            {"otpauth_uri", uri}};
        // Drawn here (libqrencode), so the secret is never sent to an image service.
        if (auto qr = security::qr_svg_data_uri(uri, "QR code of your authenticator key"))
          j["otpauth_qr"] = *qr;
        return json_ok(j, 401);
      }
      new_recovery_codes = security::recovery_codes(kRecoveryCodes);
      std::vector<std::string> hashes;
      for (const auto& c : new_recovery_codes)
        hashes.push_back(security::sha256_hex(security::normalize_recovery_code(c)));
      auto st = app.store().write([&](store::Tx& tx) -> Status {
        PHYSIO_CHECK(tx.set_totp(user->id, secret, true));
        PHYSIO_CHECK(store::replace_recovery_codes(tx, user->id, hashes, now));
        return ok();
      });
      if (!st) return api_error(503, "store_unavailable", "try again");
      // The enrolment code is used: the next sign-in cannot replay it (security finding).
      std::lock_guard lk(g_steps_mu);
      g_last_step[user->id] = *enrolled_step;
    } else if (code.empty() && !recovery.empty()) {
      // A recovery code in place of the TOTP code: each works once (docs/server/api.md, "Recovery codes").
      auto used = app.store().write([&](store::Tx& tx) {
        return store::use_recovery_code(tx, user->id, security::sha256_hex(recovery), now);
      });
      if (!used) return api_error(503, "store_unavailable", "try again");
      if (!*used)
        return failed("recovery code", "invalid_recovery_code",
                      "that recovery code is not right or was already used");
      used_recovery_code = true;
    } else {
      if (code.empty())
        return api_error(401, "totp_required", "enter the 6-digit code from your authenticator app");
      std::int64_t last = -1;
      {
        std::lock_guard lk(g_steps_mu);
        if (auto it = g_last_step.find(user->id); it != g_last_step.end()) last = it->second;
      }
      auto step = security::verify_totp(stored, code, now / kUsPerSecond, last);
      if (!step) return failed("totp", "invalid_totp", "that code is not right or was already used");
      std::lock_guard lk(g_steps_mu);
      g_last_step[user->id] = *step;
    }
  }

  auto st = app.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_CHECK(tx.reset_failures(user->id));
    PHYSIO_CHECK(store::clear_login_failures(tx, account, client));
    return ok();
  });
  if (!st) return api_error(503, "store_unavailable", "try again");
  audit("success", !user->mfa_required  ? "password"
                   : used_recovery_code ? "password+recovery code"
                                        : "password+totp");
  nlohmann::json extra = nlohmann::json::object();
  if (!new_recovery_codes.empty()) extra["recovery_codes"] = new_recovery_codes;
  if (used_recovery_code) {
    auto left = app.store().read([&](store::Tx& tx) { return store::recovery_codes_left(tx, user->id); });
    extra["recovery_codes_left"] = left ? *left : 0;
  }
  return start_session(ctx, *user, extra);
}

}  // namespace

net::Response start_session(RequestContext& ctx, const clinic::User& user, const nlohmann::json& extra) {
  Services& app = ctx.services;
  const auto& settings = app.settings();
  const TimeUs now = now_us();
  const std::string token = security::random_token();
  clinic::AuthSession s;
  s.token_hash = security::blake2b_hex(token);
  s.user_id = user.id;
  s.clinic_id = user.clinic_id;
  s.csrf_token = security::random_token();
  s.created_us = now;
  s.last_seen_us = now;
  s.expires_us = now + settings.session_max_hours * 3600 * kUsPerSecond;
  s.client = ctx.req.client_address;
  auto st = app.store().write([&](store::Tx& tx) { return tx.create_session(s); });
  if (!st) return api_error(503, "store_unavailable", "try again");
  nlohmann::json body = {{"csrf_token", s.csrf_token}, {"user", user_json(user)}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  auto resp = json_ok(body);
  resp.headers.push_back({"set-cookie", session_cookie(token, settings)});
  return resp;
}

namespace {

net::Response logout(RequestContext& ctx) {
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(tx.revoke_session(ctx.session_hash));
    // Apps allowed with online_access in this session lose their tokens with it (docs/server/smart.md).
    PHYSIO_TRY(store::revoke_smart_session_grants(tx, ctx.session_hash));
    return ok();
  });
  if (!st) return api_error(503, "store_unavailable", "try again");
  // This session's open sockets (a live set, a job's progress) end with it.
  ctx.services.get<SocketRegistry>().close_session(ctx.session_hash);
  auto resp = json_ok({{"status", "signed out"}});
  resp.headers.push_back({"set-cookie", "physio_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"});
  return resp;
}

net::Response me(RequestContext& ctx) {
  auto u = ctx.services.store().read([&](store::Tx& tx) { return tx.get_user(ctx.principal().user_id); });
  if (!u) return api_error(401, "not_signed_in", "sign in first");
  return json_ok({{"csrf_token", ctx.csrf_token}, {"user", user_json(*u)}});
}

}  // namespace

void add_session_routes(RouteTable& routes) {
  Route r;
  r.method = "POST";
  r.pattern = "/api/login";
  r.summary = "Sign in with e-mail and password (and a TOTP code for staff); sets the session cookie";
  r.auth = AuthMode::kPublic;
  r.body = BodyKind::kJson;
  r.max_body = 4096;
  r.schema.fields = {
      {"email", FieldType::kString, true, "the account's e-mail", 254, {}, nullptr},
      {"password", FieldType::kString, true, "the password", 256, {}, nullptr},
      {"totp", FieldType::kString, false, "6-digit code from the authenticator app", 6, {}, nullptr},
      {"recovery_code",
       FieldType::kString,
       false,
       "a recovery code in place of the TOTP code (works once)",
       32,
       {},
       nullptr},
  };
  r.audit_event = "session.login";
  r.handler = login;
  routes.push_back(r);

  routes.push_back(make_route("POST", "/api/logout", "Sign out: revokes this session", std::nullopt,
                              Target::kNone, "session.logout", logout));
  routes.push_back(make_route("GET", "/api/me", "The signed-in user and the CSRF token for writes",
                              std::nullopt, Target::kNone, "", me));
}

}  // namespace physio::server
