#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, MigrateIsIdempotent) {
  ASSERT_TRUE(store_->migrate());
  ASSERT_TRUE(store_->migrate());
  EXPECT_EQ(count("schema_migrations"), static_cast<std::int64_t>(embedded_migrations().size()));
  // The data written before survives.
  EXPECT_EQ(count("clinics"), 2);
}

TEST_P(StoreTest, SeveralServersMigratingAtOnceApplyEachStepOnce) {
  auto other = open_again();
  ASSERT_NE(other, nullptr);
  std::thread t([&] { EXPECT_TRUE(other->migrate()); });
  EXPECT_TRUE(store_->migrate());
  t.join();
  EXPECT_EQ(count("schema_migrations"), static_cast<std::int64_t>(embedded_migrations().size()));
}

TEST_P(StoreTest, ChangedMigrationIsAnErrorNamingIt) {
  sql("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
  auto m = store_->migrate();
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(m.error().to_string().find("0001_init"), std::string::npos) << m.error().to_string();
}

TEST_P(StoreTest, MigrationFromANewerProgramIsRefused) {
  sql("INSERT INTO schema_migrations (version, name, checksum, applied_us) VALUES (9999, '9999_future', 'x', "
      "0)");
  auto m = store_->migrate();
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().to_string().find("newer"), std::string::npos) << m.error().to_string();
}

TEST_P(StoreTest, BackendName) {
  EXPECT_EQ(store_->backend_name(), GetParam());
}

TEST(StoreMigrations, EmbeddedInOrderWithNames) {
  const auto all = embedded_migrations();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().version, 1);
  EXPECT_EQ(all.front().name, "0001_init");
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].version, all[i].version);
}

TEST(StoreMigrations, DialectSubstitution) {
  const std::string in = "a TEXT {{C_COLLATION}} NOT NULL, b {{C_COLLATION}}";
  EXPECT_EQ(render_migration(in, sql::Dialect::kPostgres), "a TEXT COLLATE \"C\" NOT NULL, b COLLATE \"C\"");
  EXPECT_EQ(render_migration(in, sql::Dialect::kSqlite), "a TEXT COLLATE BINARY NOT NULL, b COLLATE BINARY");
}

}  // namespace
}  // namespace physio::store::testing
