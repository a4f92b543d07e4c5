// Failed sign-ins per (e-mail, client address) on both back ends: a lock after the limit for that pair
// only, a new count once the lock has run out, clearing on success, and rows forgotten after a day.
#include <gtest/gtest.h>

#include "store/login_failures.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

constexpr TimeUs kLoginMinute = 60 * kUsPerSecond;

TEST_P(StoreTest, LoginFailuresLockThePairOnlyAndAreForgotten) {
  const TimeUs t0 = now_;
  auto fail_at = [&](const char* client, TimeUs at) {
    return STORE_OK(store_->write(
        [&](Tx& tx) { return record_login_failure(tx, "a@x.example", client, at, 3, 15 * kLoginMinute); }));
  };
  auto locked = [&](const char* account, const char* client) {
    return STORE_OK(store_->read([&](Tx& tx) { return login_locked_until(tx, account, client); }));
  };
  EXPECT_EQ(fail_at("10.0.0.1", t0), 0);
  EXPECT_EQ(fail_at("10.0.0.1", t0 + 1), 0);
  EXPECT_EQ(fail_at("10.0.0.1", t0 + 2), t0 + 2 + 15 * kLoginMinute);
  EXPECT_EQ(locked("a@x.example", "10.0.0.1"), t0 + 2 + 15 * kLoginMinute);
  EXPECT_EQ(locked("a@x.example", "10.0.0.2"), 0) << "another address is not locked";
  EXPECT_EQ(locked("b@x.example", "10.0.0.1"), 0) << "another account is not locked";
  // While locked, a failure keeps the lock's end; after it, the count starts again.
  EXPECT_EQ(fail_at("10.0.0.1", t0 + 5 * kLoginMinute), t0 + 2 + 15 * kLoginMinute);
  EXPECT_EQ(fail_at("10.0.0.1", t0 + 20 * kLoginMinute), 0);
  // A success clears the pair.
  STORE_OK(store_->write([&](Tx& tx) { return clear_login_failures(tx, "a@x.example", "10.0.0.1"); }));
  EXPECT_EQ(locked("a@x.example", "10.0.0.1"), 0);
  // A day later, a failure elsewhere deletes the old rows.
  EXPECT_EQ(fail_at("10.0.0.2", t0), 0);
  EXPECT_EQ(fail_at("10.0.0.3", t0 + 25 * 60 * kLoginMinute), 0);
  auto rows = STORE_OK(store_->read([&](Tx& tx) -> Result<std::int64_t> {
    auto rs = PHYSIO_TRY(tx.connection().query("SELECT COUNT(*) FROM login_failures", {}));
    return rs.rows.front().i64(0);
  }));
  EXPECT_EQ(rows, 1);
}

}  // namespace
}  // namespace physio::store::testing
