// What synchronous=FULL costs over NORMAL for one small write transaction on SQLite (WAL).
// Disabled by default (it measures the disk, not the code); the figure is in docs/adr/0003-store.md:
//   store_tests --gtest_also_run_disabled_tests --gtest_filter='*DurabilityCost*'
#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/store.hpp"

namespace physio::store {
namespace {

double microseconds_per_write(bool full, int n) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("physio-durability-" + std::to_string(::getpid()) + (full ? "-full" : "-normal"));
  std::filesystem::remove_all(dir);
  auto store = Store::open_sqlite(dir, {.synchronous_full = full});
  EXPECT_TRUE(store && (*store)->migrate());
  auto clinic = (*store)->write([](Tx& tx) { return tx.create_clinic({.name = "c"}); });
  EXPECT_TRUE(clinic);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = (*store)->write([&](Tx& tx) -> Status {
      auto p =
          PHYSIO_TRY(tx.create_patient({.clinic_id = clinic->id, .given_name = "G", .family_name = "F"}));
      PHYSIO_TRY(tx.append_audit({{.clinic_id = clinic->id, .action = "create", .patient_id = p.id}}));
      return ok();
    });
    EXPECT_TRUE(r);
  }
  const auto t1 = std::chrono::steady_clock::now();
  store->reset();
  std::filesystem::remove_all(dir);
  return std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
}

TEST(SqliteDurabilityCost, DISABLED_FullVersusNormal) {
  constexpr int kWrites = 400;
  for (int round = 0; round < 2; ++round) {
    const double normal = microseconds_per_write(false, kWrites);
    const double full = microseconds_per_write(true, kWrites);
    std::printf(
        "round %d: one write transaction (patient + audit event): NORMAL %.0f us, FULL %.0f us (x%.1f)\n",
        round, normal, full, full / normal);
  }
}

}  // namespace
}  // namespace physio::store
