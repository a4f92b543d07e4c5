#include "store/store.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "core/wall_clock.hpp"
#include "store/crypto.hpp"
#include "store/migrations.hpp"
#include "store/postgres/pg_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace physio::store {
namespace {

constexpr int kMaxTries = 5;

// The clinic's now (the system clock, or the test clock under `physio serve --test-clock`).
TimeUs system_now_us() {
  return wall_clock::now_us();
}

// Waits 1, 2, 4, 8 ms (plus jitter) before retrying a conflicted transaction.
void back_off(int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int base_us = 1000 << attempt;
  std::uniform_int_distribution<int> jitter(0, base_us);
  std::this_thread::sleep_for(std::chrono::microseconds(base_us + jitter(rng)));
}

}  // namespace

Store::Store(std::unique_ptr<sql::Database> db) : db_(std::move(db)), clock_(system_now_us) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open_sqlite(const std::filesystem::path& data_dir,
                                                  const SqliteOptions& options) {
  ensure_sodium();
  auto db = PHYSIO_TRY(sqlite::SqliteDatabase::open(data_dir, {.synchronous_full = options.synchronous_full,
                                                               .busy_timeout_ms = options.busy_timeout_ms,
                                                               .readers = options.readers}));
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

Result<std::unique_ptr<Store>> Store::open_postgres(const std::string& url, const PostgresOptions& options) {
  ensure_sodium();
  auto db = PHYSIO_TRY(postgres::PgDatabase::open(
      url, {.pool_size = options.pool_size, .connect_timeout_s = options.connect_timeout_s}));
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

Result<std::unique_ptr<Store>> Store::open(const std::string& url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return open_postgres(url);
  if (url.empty())
    return fail(ErrorCode::kInvalidArgument, "no store given: a data directory or a postgresql:// URL");
  return open_sqlite(url);
}

Status Store::migrate() {
  return apply_migrations(*db_, embedded_migrations(), clock_());
}

std::string Store::backend_name() const {
  return db_->name();
}

sql::Dialect Store::dialect() const {
  return db_->dialect();
}

Status Store::backup(const std::filesystem::path& file) {
  return db_->backup_to(file);
}

Status Store::restore(const std::filesystem::path& file) {
  return db_->restore_from(file);
}

void Store::set_clock(std::function<TimeUs()> clock) {
  clock_ = std::move(clock);
}

Status Store::run(sql::Access access, const std::function<bool(Tx&)>& body) {
  for (int attempt = 0;; ++attempt) {
    const bool last_try = attempt + 1 >= kMaxTries;
    auto lease = PHYSIO_TRY(db_->acquire(access));
    sql::Connection& conn = *lease;
    conn.reset_transient();
    const auto retry_cures = [&] { return !last_try && (conn.had_transient_failure() || !conn.healthy()); };

    if (Status begun = conn.exec(db_->begin_sql(access)); !begun) {
      if (retry_cures()) {
        back_off(attempt);
        continue;
      }
      return begun;
    }
    bool body_ok = false;
    try {
      Tx tx(conn, clock_);
      body_ok = body(tx);
    } catch (...) {
      (void)conn.exec("ROLLBACK");
      throw;
    }
    if (!body_ok) {
      (void)conn.exec("ROLLBACK");
      if (retry_cures()) {
        back_off(attempt);
        continue;
      }
      return ok();  // the body's own error travels in its result
    }
    if (Status committed = conn.exec("COMMIT"); !committed) {
      (void)conn.exec("ROLLBACK");
      if (retry_cures()) {
        back_off(attempt);
        continue;
      }
      return committed;
    }
    return ok();
  }
}

}  // namespace physio::store
