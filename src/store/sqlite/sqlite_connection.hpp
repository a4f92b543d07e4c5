#pragma once
/// One SQLite connection with a prepared-statement cache.

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace physio::store::sqlite {

struct ConnectionSettings {
  bool read_only = false;        ///< readers: PRAGMA query_only
  bool synchronous_full = true;  ///< PRAGMA synchronous=FULL (else NORMAL)
  int busy_timeout_ms = 5000;
};

class SqliteConnection final : public sql::Connection {
 public:
  /// Opens (creating if needed) `file` in WAL mode with foreign keys on.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::filesystem::path& file,
                                                        const ConnectionSettings& settings);
  ~SqliteConnection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Result<sql::QueryResult> query(std::string_view sql, std::span<const sql::Value> params) override;
  Status exec(std::string_view sql) override;
  bool healthy() const override { return db_ != nullptr; }
  using sql::Connection::query;

  /// The raw handle, for the online backup API.
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> prepared(std::string_view sql);
  std::unexpected<Error> failure(int rc, std::string_view what);

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace physio::store::sqlite
