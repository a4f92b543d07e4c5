#include "store/account_tokens.hpp"

namespace physio::store {

Status insert_account_token(Tx& tx, const AccountToken& t) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE account_tokens SET expires_us = ? WHERE user_id = ? AND used_us = 0 AND expires_us > ?",
      {t.created_us, t.user_id, t.created_us}));
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO account_tokens (token_sha256, clinic_id, user_id, kind, created_by, created_us, "
      "expires_us, used_us) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
      {t.token_sha256, t.clinic_id, t.user_id, t.kind, t.created_by, t.created_us, t.expires_us}));
  return ok();
}

Result<AccountToken> get_account_token(Tx& tx, std::string_view token_sha256) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT token_sha256, clinic_id, user_id, kind, created_by, created_us, expires_us, used_us "
      "FROM account_tokens WHERE token_sha256 = ?",
      {token_sha256}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "no such link");
  const auto& r = rs.rows.front();
  return AccountToken{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.i64(5), r.i64(6), r.i64(7)};
}

Result<bool> use_account_token(Tx& tx, std::string_view token_sha256, TimeUs now) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE account_tokens SET used_us = ? WHERE token_sha256 = ? AND used_us = 0 AND expires_us > ?",
      {now, token_sha256, now}));
  return rs.affected == 1;
}

Status replace_recovery_codes(Tx& tx, std::string_view user_id, const std::vector<std::string>& code_sha256,
                              TimeUs now) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM recovery_codes WHERE user_id = ?", {user_id}));
  for (const auto& h : code_sha256)
    PHYSIO_TRY(tx.connection().query(
        "INSERT INTO recovery_codes (user_id, code_sha256, created_us, used_us) VALUES (?, ?, ?, 0)",
        {user_id, h, now}));
  return ok();
}

Result<bool> use_recovery_code(Tx& tx, std::string_view user_id, std::string_view code_sha256, TimeUs now) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE recovery_codes SET used_us = ? WHERE user_id = ? AND code_sha256 = ? AND used_us = 0",
      {now, user_id, code_sha256}));
  return rs.affected == 1;
}

Result<std::int64_t> recovery_codes_left(Tx& tx, std::string_view user_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_us = 0", {user_id}));
  return rs.rows.empty() ? 0 : rs.rows.front().i64(0);
}

}  // namespace physio::store
