// Onboarding from the pages (docs/server/api.md, "Invitations and password reset"): a patient invited
// from the record and staff from the Staff page get an e-mail with a single-use set-password link; anyone
// who forgot their password asks for one from the sign-in page; the link's page sets the password (the
// server's password rules) and signs a login without a second factor in. Second-factor recovery codes:
// how many are left, and a new set. Only SHA-256 hashes of links and codes are stored; every step is
// audited.
#include <cctype>

#include <spdlog/spdlog.h>

#include "clinic/validation.hpp"
#include "security/hash.hpp"
#include "security/password.hpp"
#include "security/random.hpp"
#include "server/auth/routes.hpp"
#include "server/auth/session_start.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/mail_outbox.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/http/socket_registry.hpp"
#include "store/account_tokens.hpp"
#include "store/login_failures.hpp"

namespace physio::server {
namespace {

using clinic::Action;

constexpr std::size_t kCodesPerSet = 10;  // recovery codes in a new set
constexpr const char* kForgotAnswer =
    "If an account uses this address, an e-mail with a link to set a new password is on its way. Check your "
    "inbox (and the spam folder) in a few minutes.";
constexpr const char* kGoneWords =
    "this link has been used or has expired; ask for a new one with \"Forgot password?\" on the sign-in page "
    "or from your clinic";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// "72 hours", "60 minutes", "1 hour".
std::string duration_words(std::int64_t minutes) {
  if (minutes % 60 == 0) {
    const auto h = minutes / 60;
    return fmt::format("{} hour{}", h, h == 1 ? "" : "s");
  }
  return fmt::format("{} minute{}", minutes, minutes == 1 ? "" : "s");
}

/// An audit event about a login, in that login's clinic (public routes have no caller).
store::AuditEventInput account_event(const RequestContext& ctx, const clinic::User& u,
                                     std::string_view detail, std::string_view outcome = "success") {
  auto e = ctx.audit_event("user", u.id, u.patient_id.value_or(""), outcome);
  if (!ctx.who) {
    e.clinic_id = u.clinic_id;
    e.actor_id = u.id;
    e.role = std::string(clinic::to_string(u.role));
  }
  e.detail = std::string(detail);
  return e;
}

/// A new single-use link for `u`, stored (its hash) in `tx`; the token.
Result<std::string> new_link(store::Tx& tx, const clinic::User& u, std::string_view kind,
                             std::string_view created_by, std::int64_t minutes) {
  const std::string token = security::random_token();
  store::AccountToken t;
  t.token_sha256 = security::sha256_hex(token);
  t.clinic_id = u.clinic_id;
  t.user_id = u.id;
  t.kind = std::string(kind);
  t.created_by = std::string(created_by);
  t.created_us = now_us();
  t.expires_us = t.created_us + minutes * 60 * kUsPerSecond;
  PHYSIO_CHECK(store::insert_account_token(tx, t));
  return token;
}

std::string clinic_name(RequestContext& ctx, const std::string& clinic_id) {
  auto c = ctx.services.store().read([&](store::Tx& tx) { return tx.get_clinic(clinic_id); });
  return c ? c->name : std::string("your clinic");
}

net::MailMessage invite_mail(const MailOutbox& mail, const clinic::User& u, std::string_view name,
                             std::string_view clinic, const std::string& token, std::int64_t minutes) {
  net::MailMessage m;
  m.to = u.email;
  const bool staff = u.role != clinic::Role::kPatient;
  m.subject = staff ? fmt::format("Your login at {}", clinic) : fmt::format("Your account at {}", clinic);
  const std::string what =
      staff ? fmt::format("{} has made you a login to its clinic system.", clinic)
            : fmt::format(
                  "{} has made you an account to see your home exercises, appointments and messages "
                  "from your physiotherapist.",
                  clinic);
  const std::string after =
      staff ? "After setting your password you sign in and set up an authenticator app on your phone (a "
              "second factor).\n\n"
            : "";
  m.body = fmt::format(
      "Hello {},\n\n{}\n\nSet your password with this link (it works once, for {}):\n{}/set-password/{}\n\n"
      "You sign in with this e-mail address: {}\n\n{}If you did not expect this e-mail, ignore it.\n\n{}\n",
      name.empty() ? std::string_view("there") : name, what, duration_words(minutes), mail.public_url(),
      token, u.email, after, clinic);
  return m;
}

net::MailMessage reset_mail(const MailOutbox& mail, const clinic::User& u, std::string_view clinic,
                            const std::string& token, std::int64_t minutes) {
  net::MailMessage m;
  m.to = u.email;
  m.subject = "Set a new password";
  m.body = fmt::format(
      "Hello,\n\nsomeone (we hope you) asked to set a new password for {} at {}.\n\nSet a new password with "
      "this link (it works once, for {}):\n{}/set-password/{}\n\nIf it was not you, ignore this e-mail: your "
      "password stays as it is.\n\n{}\n",
      u.email, clinic, duration_words(minutes), mail.public_url(), token, clinic);
  return m;
}

// ---- Forgot password (public) ---------------------------------------------------------------------------

net::Response forgot_password(RequestContext& ctx) {
  Services& app = ctx.services;
  const auto& settings = app.settings();
  const std::string& client = ctx.req.client_address;
  double retry = 0;
  if (!app.throttle().allow(client, retry))
    return api_error(429, "too_many_attempts", fmt::format("too many attempts; wait {:.0f} s", retry + 0.5));
  // Every request takes from the address's bucket, like a failed sign-in.
  app.throttle().failed(client);
  const std::string email = lower(ctx.body["email"].get<std::string>());
  const TimeUs now = now_us();
  // Per e-mail address, over all client addresses, for an address nobody uses as for one in use.
  const std::string account = "reset:" + email;
  auto locked = app.store().write([&](store::Tx& tx) -> Result<TimeUs> {
    const TimeUs until = PHYSIO_TRY(store::login_locked_until(tx, account, "*"));
    if (until > now) return until;
    PHYSIO_TRY(store::record_login_failure(tx, account, "*", now, settings.login_max_failures,
                                           settings.login_lockout_minutes * 60 * kUsPerSecond));
    return TimeUs{0};
  });
  if (!locked) return api_error(503, "store_unavailable", "try again");
  if (*locked > now)
    return api_error(429, "too_many_attempts",
                     fmt::format("too many requests for this address; try again in {} minutes",
                                 (*locked - now) / (60 * kUsPerSecond) + 1));
  auto& mail = app.get<MailOutbox>();
  auto user = app.store().read([&](store::Tx& tx) { return tx.get_user_by_email(email); });
  if (user && !user->disabled && mail.enabled()) {
    const auto minutes = settings.reset_link_minutes;
    auto token = app.store().write([&](store::Tx& tx) -> Result<std::string> {
      auto t = PHYSIO_TRY(new_link(tx, *user, "reset", "", minutes));
      PHYSIO_CHECK(tx.append_audit({account_event(ctx, *user, "reset link sent")}));
      return t;
    });
    if (token) {
      mail.post(reset_mail(mail, *user, clinic_name(ctx, user->clinic_id), *token, minutes));
    } else {
      spdlog::warn("password reset: {}", token.error().to_string());
    }
  } else if (!user && user.error().code() != ErrorCode::kNotFound) {
    spdlog::warn("password reset: {}", user.error().to_string());
  }
  // The same answer whether or not the address has an account (and whatever happened above).
  return json_ok({{"status", kForgotAnswer}}, 202);
}

// ---- Set a password from a link (public) ----------------------------------------------------------------

net::Response set_password(RequestContext& ctx) {
  Services& app = ctx.services;
  const std::string& client = ctx.req.client_address;
  double retry = 0;
  if (!app.throttle().allow(client, retry))
    return api_error(429, "too_many_attempts", fmt::format("too many attempts; wait {:.0f} s", retry + 0.5));
  const std::string hash = security::sha256_hex(ctx.body["token"].get<std::string>());
  const std::string password = ctx.body["password"].get<std::string>();
  auto link = app.store().read([&](store::Tx& tx) { return store::get_account_token(tx, hash); });
  if (!link) {
    if (link.error().code() != ErrorCode::kNotFound) return store_error(link.error());
    app.throttle().failed(client);  // guessing links costs like guessing passwords
    return api_error(404, "not_found", "this link does not exist; check that it was copied whole");
  }
  auto user = app.store().read([&](store::Tx& tx) { return tx.get_user(link->user_id); });
  if (!user) return store_error(user.error());
  const TimeUs now = now_us();
  if (link->used_us != 0 || link->expires_us <= now || user->disabled) {
    ctx.pending_reads.push_back(
        account_event(ctx, *user, link->kind + " link used again or expired", "denied"));
    return api_error(410, "gone", kGoneWords);
  }
  if (auto p = security::password_problem(password); !p.empty())
    return api_error(400, "invalid_body", "password " + p, "/password");
  auto pw = security::hash_password(password);
  if (!pw) return api_error(500, "internal", "could not hash the password");
  auto done = app.store().write([&](store::Tx& tx) -> Result<bool> {
    // The update is the claim: of two uses at once, one sets the password.
    if (!PHYSIO_TRY(store::use_account_token(tx, hash, now))) return false;
    PHYSIO_CHECK(tx.update_password(user->id, *pw));
    PHYSIO_CHECK(tx.reset_failures(user->id));
    PHYSIO_TRY(tx.revoke_sessions_for_user(user->id));
    PHYSIO_CHECK(tx.append_audit({account_event(ctx, *user, "password set from a " + link->kind + " link")}));
    return true;
  });
  if (!done) return store_error(done.error());
  if (!*done) return api_error(410, "gone", kGoneWords);
  app.get<SocketRegistry>().close_user(user->id);  // sockets of the ended sessions end with them
  if (!user->mfa_required) return start_session(ctx, *user, {{"signed_in", true}});
  // Staff sign in with the new password and their second factor (set up then if it is not yet).
  return json_ok({{"signed_in", false},
                  {"email", user->email},
                  {"status", "password set; sign in with it and your authenticator app"}});
}

// ---- Invitations (staff) --------------------------------------------------------------------------------

/// Creates (or finds) the login and e-mails its link; the answer.
net::Response send_invitation(RequestContext& ctx, clinic::User u, bool may_reuse) {
  Services& app = ctx.services;
  auto& mail = app.get<MailOutbox>();
  if (!mail.enabled())
    return api_error(409, "email_off",
                     "e-mail is off on this server (the smtp-host setting), so no invitation can be sent");
  const auto minutes = app.settings().invite_link_hours * 60;
  auto existing = app.store().read([&](store::Tx& tx) { return tx.get_user_by_email(u.email); });
  if (existing) {
    if (!may_reuse || existing->patient_id != u.patient_id || existing->clinic_id != u.clinic_id)
      return api_error(409, "conflict", "this e-mail address already signs in to another login");
  } else if (existing.error().code() != ErrorCode::kNotFound) {
    return store_error(existing.error());
  } else {
    // A password nobody knows until the link sets one.
    auto hash = security::hash_password(security::random_token());
    if (!hash) return api_error(500, "internal", "could not hash the password");
    u.password_hash = *hash;
  }
  auto made = app.store().write([&](store::Tx& tx) -> Result<std::pair<clinic::User, std::string>> {
    clinic::User login;
    if (existing) {
      login = *existing;
    } else {
      login = PHYSIO_TRY(tx.create_user(u));
    }
    auto token = PHYSIO_TRY(new_link(tx, login, "invite", ctx.principal().user_id, minutes));
    auto e = ctx.audit_event("user", login.id, login.patient_id.value_or(""));
    e.detail = existing ? "invited again" : "invited";
    PHYSIO_CHECK(tx.append_audit({e}));
    return std::pair{login, token};
  });
  if (!made) return store_error(made.error());
  const auto& [login, token] = *made;
  mail.post(invite_mail(mail, login, u.display_name, clinic_name(ctx, login.clinic_id), token, minutes));
  return json_ok({{"status", fmt::format("invitation sent to {}; its link works once, for {}", login.email,
                                         duration_words(minutes))},
                  {"user", user_json(login)},
                  {"expires", iso_time(now_us() + minutes * 60 * kUsPerSecond)}},
                 201);
}

net::Response invite_patient(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "an invitation")) return *r;
  if (p.email.empty())
    return api_error(422, "no_email",
                     "the patient has no e-mail address; add one under Administration first");
  if (!p.email_ok)
    return api_error(422, "no_email_consent",
                     "the patient has not agreed to e-mails from the clinic; record their agreement under "
                     "Administration first");
  auto logins = ctx.services.store().read([&](store::Tx& tx) { return tx.list_users(p.clinic_id); });
  if (!logins) return store_error(logins.error());
  for (const auto& l : *logins)
    if (l.patient_id == p.id && l.email != lower(p.email))
      return api_error(409, "conflict",
                       fmt::format("the patient already signs in as {}; their record's e-mail address is "
                                   "another",
                                   l.email));
  clinic::User u;
  u.clinic_id = p.clinic_id;
  u.email = lower(p.email);
  u.role = clinic::Role::kPatient;
  u.display_name = p.given_name;
  u.patient_id = p.id;
  u.mfa_required = false;
  return send_invitation(ctx, u, true);
}

net::Response invite_staff(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "user", "")) return *d;
  clinic::User u;
  u.clinic_id = who.clinic_id;
  u.email = lower(ctx.body["email"].get<std::string>());
  u.role = *clinic::role_from_string(ctx.body["role"].get<std::string>());
  u.display_name = ctx.body.value("display_name", std::string());
  u.mfa_required = true;  // staff always sign in with a second factor
  return send_invitation(ctx, u, false);
}

// ---- Recovery codes (the signed-in user) -----------------------------------------------------------------

net::Response recovery_codes_count(RequestContext& ctx) {
  auto u = ctx.services.store().read([&](store::Tx& tx) { return tx.get_user(ctx.principal().user_id); });
  if (!u) return store_error(u.error());
  auto left = ctx.services.store().read([&](store::Tx& tx) { return store::recovery_codes_left(tx, u->id); });
  if (!left) return store_error(left.error());
  const bool enrolled = u->totp_secret && !u->totp_secret->starts_with("pending:");
  return json_ok({{"second_factor", enrolled}, {"left", *left}});
}

net::Response regenerate_recovery_codes(RequestContext& ctx) {
  auto u = ctx.services.store().read([&](store::Tx& tx) { return tx.get_user(ctx.principal().user_id); });
  if (!u) return store_error(u.error());
  if (!u->totp_secret || u->totp_secret->starts_with("pending:"))
    return api_error(409, "no_second_factor", "recovery codes stand in for a second factor you have set up");
  const auto codes = security::recovery_codes(kCodesPerSet);
  std::vector<std::string> hashes;
  for (const auto& c : codes) hashes.push_back(security::sha256_hex(security::normalize_recovery_code(c)));
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_CHECK(store::replace_recovery_codes(tx, u->id, hashes, now_us()));
    auto e = ctx.audit_event("user", u->id, "");
    e.detail = "new recovery codes; the old ones no longer work";
    PHYSIO_CHECK(tx.append_audit({e}));
    return ok();
  });
  if (!st) return store_error(st.error());
  return json_ok({{"recovery_codes", codes}, {"left", codes.size()}});
}

}  // namespace

void add_onboarding_routes(RouteTable& routes) {
  Route forgot = make_route("POST", "/api/password/forgot",
                            "Ask for a link to set a new password (the answer is the same whether or not the "
                            "address has an account)",
                            std::nullopt, Target::kNone, "user.password_reset_request", forgot_password);
  forgot.auth = AuthMode::kPublic;
  forgot.body = BodyKind::kJson;
  forgot.max_body = 1024;
  forgot.schema.fields = {{"email", FieldType::kString, true, "the account's e-mail", 254, {}, nullptr}};
  routes.push_back(forgot);

  Route set = make_route("POST", "/api/password/set",
                         "Set a password with a single-use link's token (an invitation or a reset); ends the "
                         "login's sessions, then signs a login without a second factor in",
                         std::nullopt, Target::kNone, "user.password_set", set_password);
  set.auth = AuthMode::kPublic;
  set.body = BodyKind::kJson;
  set.max_body = 2048;
  set.schema.fields = {
      {"token", FieldType::kString, true, "the link's token", 64, {}, nullptr},
      {"password", FieldType::kString, true, "the new password (12-256 characters)", 256, {}, nullptr}};
  routes.push_back(set);

  Route patient =
      make_route("POST", "/api/patients/{id}/invite",
                 "E-mail the patient a single-use link to set their password (their login is made "
                 "when they have none); needs their e-mail address and agreement to e-mails",
                 Action::kWriteDemographics, Target::kPatient, "patient.invite", invite_patient);
  routes.push_back(patient);

  Route staff = make_route("POST", "/api/staff/invite",
                           "Add a staff login and e-mail it a single-use link to set its password (second "
                           "factor set up at first sign-in)",
                           Action::kManageStaff, Target::kClinic, "user.invite", invite_staff);
  staff.body = BodyKind::kJson;
  staff.max_body = 2048;
  staff.schema.fields = {
      {"email", FieldType::kString, true, "e-mail (the login name)", 254, {}, clinic::email_problem},
      {"role",
       FieldType::kString,
       true,
       "role",
       20,
       {"admin", "physiotherapist", "assistant", "front_desk"},
       nullptr},
      {"display_name",
       FieldType::kString,
       false,
       "name shown to others",
       100,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 100); }},
  };
  routes.push_back(staff);

  routes.push_back(make_route("GET", "/api/me/recovery-codes",
                              "Whether the second factor is set up and how many recovery codes are left",
                              std::nullopt, Target::kNone, "", recovery_codes_count));
  routes.push_back(
      make_route("POST", "/api/me/recovery-codes",
                 "A new set of 10 single-use recovery codes, shown once (the old ones stop working)",
                 std::nullopt, Target::kNone, "user.recovery_codes", regenerate_recovery_codes));
}

}  // namespace physio::server
