#include <thread>

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, ErrorRollsBackEverything) {
  const auto before = count("patients");
  auto r = store_->write([&](Tx& tx) -> Result<int> {
    PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_a_.id, .given_name = "Temp", .family_name = "One"}));
    PHYSIO_TRY(
        tx.create_episode({.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .status = "active"}));
    return fail(ErrorCode::kInvalidArgument, "validation failed late");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "validation failed late");
  EXPECT_EQ(count("patients"), before);
  EXPECT_EQ(count("episodes"), 0);
  // A failing statement inside rolls back the earlier ones too.
  auto r2 = store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_a_.id, .given_name = "Temp", .family_name = "Two"}));
    PHYSIO_TRY(tx.create_patient({.clinic_id = "no-such-clinic", .given_name = "X"}));
    return ok();
  });
  ASSERT_FALSE(r2);
  EXPECT_EQ(count("patients"), before);
  // The store is usable afterwards.
  make_patient(clinic_a_.id, "After", "Wards");
  EXPECT_EQ(count("patients"), before + 1);
}

TEST_P(StoreTest, ReadTransactionsCannotWrite) {
  auto r = store_->read([&](Tx& tx) { return tx.create_clinic({.name = "sneaky"}); });
  EXPECT_FALSE(r);
  EXPECT_EQ(count("clinics"), 2);
}

TEST_P(StoreTest, ConcurrentWritersAndReaders) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto w = store_->write([&](Tx& tx) -> Status {
          auto p = PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_a_.id,
                                                 .given_name = "T" + std::to_string(t),
                                                 .family_name = std::to_string(i)}));
          PHYSIO_TRY(tx.append_audit({{.clinic_id = clinic_a_.id, .action = "create", .patient_id = p.id}}));
          return ok();
        });
        EXPECT_TRUE(w) << w.error().to_string();
        auto rd = store_->read([&](Tx& tx) { return tx.count_patients(clinic_a_.id); });
        EXPECT_TRUE(rd) << rd.error().to_string();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(count("patients"), 2 + kThreads * kEach);
  EXPECT_EQ(count("audit_events"), kThreads * kEach);
}

TEST_P(StoreTest, BackupAndRestore) {
  const auto file =
      std::filesystem::temp_directory_path() / ("physio-backup-" + std::to_string(::getpid()) + ".db");
  auto b = store_->backup(file);
  if (GetParam() == "postgresql") {
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code(), ErrorCode::kUnsupported);
    EXPECT_NE(b.error().to_string().find("pg_dump"), std::string::npos);
    EXPECT_EQ(store_->restore(file).error().code(), ErrorCode::kUnsupported);
    return;
  }
  ASSERT_TRUE(b) << b.error().to_string();
  make_patient(clinic_a_.id, "After", "Backup");
  EXPECT_EQ(count("patients"), 3);
  auto r = store_->restore(file);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(count("patients"), 2);
  auto p = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(p.given_name, "Ana");
  make_patient(clinic_a_.id, "After", "Restore");  // still writable
  EXPECT_EQ(count("patients"), 3);
  EXPECT_FALSE(store_->restore(file.string() + ".missing"));
  std::filesystem::remove(file);
}

TEST(StoreOpen, UnreachablePostgresIsAClearError) {
  auto s = Store::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kIo);
  EXPECT_NE(s.error().to_string().find("cannot connect"), std::string::npos);
}

}  // namespace
}  // namespace physio::store::testing

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, BrokenConnectionsAreReplaced) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "PostgreSQL only: SQLite has no server connection to lose";
  // Warm the pool with several connections, then have the server end every one of them.
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back(
        [&] { EXPECT_TRUE(store_->read([&](Tx& tx) { return tx.count_patients(clinic_a_.id); })); });
  }
  for (auto& t : readers) t.join();
  auto killer = open_again();
  ASSERT_NE(killer, nullptr);
  auto killed = killer->write([&](Tx& tx) -> Result<std::int64_t> {
    auto rs =
        PHYSIO_TRY(tx.connection().query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                         "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    return rs.rows.front().i64(0);
  });
  ASSERT_TRUE(killed) << killed.error().to_string();
  EXPECT_GE(*killed, 1);
  killer.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  make_patient(clinic_a_.id, "After", "Reconnect");
  EXPECT_EQ(count("patients"), 3);
}

}  // namespace
}  // namespace physio::store::testing
