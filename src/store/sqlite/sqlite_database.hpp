#pragma once
/// The SQLite back end: `<data_dir>/physio.db` in WAL mode, one writer connection (writes are
/// serialised by the pool of one), a small pool of read-only connections.

#include <filesystem>
#include <memory>

#include "store/sql/database.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace physio::store::sqlite {

struct DatabaseSettings {
  bool synchronous_full = true;
  int busy_timeout_ms = 5000;
  int readers = 4;
};

class SqliteDatabase final : public sql::Database {
 public:
  /// Creates `data_dir` if needed and opens the writer connection (which creates the file).
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::filesystem::path& data_dir,
                                                      const DatabaseSettings& settings);

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  std::string name() const override { return "sqlite"; }
  Result<sql::Lease> acquire(sql::Access access) override;
  std::string_view begin_sql(sql::Access access) const override {
    return access == sql::Access::kWrite ? "BEGIN IMMEDIATE" : "BEGIN";
  }
  std::string_view migration_lock_sql() const override { return ""; }
  Status backup_to(const std::filesystem::path& file) override;
  Status restore_from(const std::filesystem::path& file) override;

  const std::filesystem::path& file() const { return file_; }

 private:
  SqliteDatabase(std::filesystem::path file, const DatabaseSettings& settings);

  std::filesystem::path file_;
  DatabaseSettings settings_;
  sql::ConnectionPool writer_;
  sql::ConnectionPool readers_;
};

}  // namespace physio::store::sqlite
