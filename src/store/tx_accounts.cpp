// Tx: clinics, users and auth sessions.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::AuthSession;
using clinic::Clinic;
using clinic::User;

Result<Clinic> Tx::create_clinic(Clinic c) {
  c.id = random_id();
  c.created_us = now_us();
  PHYSIO_TRY(conn_.query(
      "INSERT INTO clinics (id, name, created_us, delete_video_after_analysis) VALUES (?, ?, ?, ?)",
      {c.id, c.name, c.created_us, c.delete_video_after_analysis}));
  return c;
}

Result<Clinic> Tx::get_clinic(std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM clinics WHERE id = ?", rows::kClinicCols), {id}), "clinic", id,
      rows::clinic_from);
}

Result<Clinic> Tx::update_clinic_settings(const Clinic& c) {
  return rows::single(
      conn_.query(
          fmt::format(
              "UPDATE clinics SET name = ?, delete_video_after_analysis = ? WHERE id = ? RETURNING {}",
              rows::kClinicCols),
          {c.name, c.delete_video_after_analysis, c.id}),
      "clinic", c.id, rows::clinic_from);
}

Result<User> Tx::create_user(User u) {
  u.id = random_id();
  u.email = rows::ascii_lower(u.email);
  u.created_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO users ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows::kUserCols),
      {u.id, u.clinic_id, u.email, clinic::to_string(u.role), u.display_name, u.patient_id, u.password_hash,
       u.totp_secret, u.mfa_required, u.failed_logins, u.locked_until_us, u.disabled, u.created_us}));
  return u;
}

namespace {
Result<User> one_user(Result<sql::QueryResult> r, std::string_view key) {
  auto u = PHYSIO_TRY(rows::single(std::move(r), "user", key, rows::user_from));
  return u;
}
}  // namespace

Result<User> Tx::get_user(std::string_view id) {
  return one_user(conn_.query(fmt::format("SELECT {} FROM users WHERE id = ?", rows::kUserCols), {id}), id);
}

Result<User> Tx::get_user_by_email(std::string_view email) {
  const std::string lower = rows::ascii_lower(email);
  return one_user(conn_.query(fmt::format("SELECT {} FROM users WHERE email = ?", rows::kUserCols), {lower}),
                  lower);
}

Result<std::vector<User>> Tx::list_users(std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format("SELECT {} FROM users WHERE clinic_id = ? ORDER BY email", rows::kUserCols), {clinic_id}));
  std::vector<User> out;
  for (const auto& r : rs.rows) out.push_back(PHYSIO_TRY(rows::user_from(r)));
  return out;
}

Status Tx::update_password(std::string_view user_id, std::string_view password_hash) {
  return rows::changed_one(
      conn_.query("UPDATE users SET password_hash = ? WHERE id = ?", {password_hash, user_id}), "user",
      user_id);
}

Status Tx::set_totp(std::string_view user_id, const std::optional<std::string>& secret, bool mfa_required) {
  return rows::changed_one(conn_.query("UPDATE users SET totp_secret = ?, mfa_required = ? WHERE id = ?",
                                       {secret, mfa_required, user_id}),
                           "user", user_id);
}

Result<std::int64_t> Tx::record_failed_login(std::string_view user_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins", {user_id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "user {} not found", user_id);
  return rs.rows.front().i64(0);
}

Status Tx::reset_failures(std::string_view user_id) {
  return rows::changed_one(
      conn_.query("UPDATE users SET failed_logins = 0, locked_until_us = 0 WHERE id = ?", {user_id}), "user",
      user_id);
}

Status Tx::set_locked(std::string_view user_id, TimeUs until_us) {
  return rows::changed_one(
      conn_.query("UPDATE users SET locked_until_us = ? WHERE id = ?", {until_us, user_id}), "user", user_id);
}

Status Tx::set_disabled(std::string_view user_id, bool disabled) {
  return rows::changed_one(conn_.query("UPDATE users SET disabled = ? WHERE id = ?", {disabled, user_id}),
                           "user", user_id);
}

Status Tx::create_session(const AuthSession& s) {
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO auth_sessions ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows::kSessionCols),
      {s.token_hash, s.user_id, s.clinic_id, s.csrf_token, s.created_us, s.expires_us, s.last_seen_us,
       s.revoked, s.client}));
  return ok();
}

Result<AuthSession> Tx::get_session(std::string_view token_hash) {
  // The token hash is a secret's digest: never echo it into an error message.
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM auth_sessions WHERE token_hash = ?", rows::kSessionCols),
                  {token_hash}),
      "session", "(by token)", rows::session_from);
}

Status Tx::touch_session(std::string_view token_hash, TimeUs last_seen_us, TimeUs expires_us) {
  return rows::changed_one(
      conn_.query("UPDATE auth_sessions SET last_seen_us = ?, expires_us = ? WHERE token_hash = ?",
                  {last_seen_us, expires_us, token_hash}),
      "session", "(by token)");
}

Status Tx::revoke_session(std::string_view token_hash) {
  return rows::changed_one(
      conn_.query("UPDATE auth_sessions SET revoked = 1 WHERE token_hash = ?", {token_hash}), "session",
      "(by token)");
}

Result<std::int64_t> Tx::revoke_sessions_for_user(std::string_view user_id) {
  auto rs = PHYSIO_TRY(
      conn_.query("UPDATE auth_sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0", {user_id}));
  return rs.affected;
}

Result<std::int64_t> Tx::delete_expired_sessions(TimeUs now) {
  auto rs = PHYSIO_TRY(conn_.query("DELETE FROM auth_sessions WHERE expires_us < ?", {now}));
  return rs.affected;
}

}  // namespace physio::store
