#include "store/login_failures.hpp"

namespace physio::store {

namespace {
constexpr TimeUs kForgetAfterUs = 24LL * 3600 * kUsPerSecond;
}  // namespace

Result<TimeUs> login_locked_until(Tx& tx, std::string_view account, std::string_view client) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT locked_until_us FROM login_failures WHERE account = ? AND client = ?", {account, client}));
  return rs.rows.empty() ? TimeUs{0} : rs.rows.front().i64(0);
}

Result<TimeUs> record_login_failure(Tx& tx, std::string_view account, std::string_view client, TimeUs now,
                                    std::int64_t max_failures, TimeUs lock_us) {
  PHYSIO_TRY(
      tx.connection().query("DELETE FROM login_failures WHERE updated_us < ?", {now - kForgetAfterUs}));
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT failures, locked_until_us FROM login_failures WHERE account = ? AND client = ?",
      {account, client}));
  std::int64_t failures = 1;
  if (!rs.rows.empty()) {
    const TimeUs locked_until = rs.rows.front().i64(1);
    // A lock that ran out starts a new count; one still running keeps its end.
    if (locked_until > now) return locked_until;
    failures = locked_until > 0 ? 1 : rs.rows.front().i64(0) + 1;
  }
  const TimeUs lock = failures >= max_failures ? now + lock_us : 0;
  if (lock > 0) failures = 0;
  if (rs.rows.empty()) {
    PHYSIO_TRY(
        tx.connection().query("INSERT INTO login_failures (account, client, failures, locked_until_us, "
                              "updated_us) VALUES (?, ?, ?, ?, ?)",
                              {account, client, failures, lock, now}));
  } else {
    PHYSIO_TRY(
        tx.connection().query("UPDATE login_failures SET failures = ?, locked_until_us = ?, updated_us = ? "
                              "WHERE account = ? AND client = ?",
                              {failures, lock, now, account, client}));
  }
  return lock;
}

Status clear_login_failures(Tx& tx, std::string_view account, std::string_view client) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM login_failures WHERE account = ? AND client = ?",
                                   {account, client}));
  return ok();
}

}  // namespace physio::store
