#pragma once
/// The PostgreSQL back end: a small pool of libpq connections. Writes run at READ COMMITTED (row
/// locks and SKIP LOCKED do the serialising); reads in a REPEATABLE READ READ ONLY snapshot.

#include <memory>
#include <string>

#include "store/sql/database.hpp"

namespace physio::store::postgres {

struct DatabaseSettings {
  int pool_size = 4;
  int connect_timeout_s = 5;
};

class PgDatabase final : public sql::Database {
 public:
  /// Connects once to check the server is there (a clear error, not a hang, when it is not).
  static Result<std::unique_ptr<PgDatabase>> open(const std::string& url, const DatabaseSettings& settings);

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  std::string name() const override { return "postgresql"; }
  Result<sql::Lease> acquire(sql::Access access) override;
  std::string_view begin_sql(sql::Access access) const override {
    return access == sql::Access::kWrite ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }
  /// A transaction-scoped advisory lock on a fixed key: servers starting together migrate in turn.
  std::string_view migration_lock_sql() const override { return "SELECT pg_advisory_xact_lock(7361002417)"; }
  Status backup_to(const std::filesystem::path& file) override;
  Status restore_from(const std::filesystem::path& file) override;

 private:
  PgDatabase(const std::string& url, const DatabaseSettings& settings);
  sql::ConnectionPool pool_;
};

}  // namespace physio::store::postgres
