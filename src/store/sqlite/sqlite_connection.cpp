#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>
#include <variant>

#include <fmt/format.h>

namespace physio::store::sqlite {
namespace {

// Bytes handed to SQLite are copied (SQLITE_TRANSIENT): parameters live only for the call.
int bind_value(sqlite3_stmt* stmt, int index, const sql::Value& value) {
  const auto& v = value.get();
  if (const auto* n = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt, index, *n);
  if (const auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, index, *d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  return sqlite3_bind_null(stmt, index);
}

sql::Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return sql::Value(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
    case SQLITE_FLOAT:
      return sql::Value(sqlite3_column_double(stmt, i));
    case SQLITE_NULL:
      return sql::Value();
    default: {
      const auto* p = sqlite3_column_text(stmt, i);
      const int n = sqlite3_column_bytes(stmt, i);
      return sql::Value(std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)));
    }
  }
}

bool is_transient(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::filesystem::path& file,
                                                                 const ConnectionSettings& settings) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return fail(ErrorCode::kIo, "opening SQLite database {}: {}", file.string(), msg);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_busy_timeout(db, settings.busy_timeout_ms);
  const std::string pragmas = fmt::format(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous={}; PRAGMA query_only={};",
      settings.synchronous_full ? "FULL" : "NORMAL", settings.read_only ? "ON" : "OFF");
  if (auto s = conn->exec(pragmas); !s) {
    return std::unexpected(std::move(s).error().with_context("opening SQLite database " + file.string()));
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

std::unexpected<Error> SqliteConnection::failure(int rc, std::string_view what) {
  if (is_transient(rc)) note_transient();
  const int primary = rc & 0xff;
  const ErrorCode code = primary == SQLITE_CONSTRAINT                            ? ErrorCode::kInvalidArgument
                         : primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? ErrorCode::kCorrupt
                                                                                 : ErrorCode::kIo;
  return fail(code, "sqlite: {}: {}", sqlite3_errmsg(db_), what);
}

Result<sqlite3_stmt*> SqliteConnection::prepared(std::string_view sql) {
  if (auto it = cache_.find(std::string(sql)); it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) return failure(rc, sql);
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Result<sql::QueryResult> SqliteConnection::query(std::string_view sql, std::span<const sql::Value> params) {
  sqlite3_stmt* stmt = PHYSIO_TRY(prepared(sql));
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};
  if (params.size() != static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt))) {
    return fail(ErrorCode::kInternal, "sqlite: {} parameters for {} placeholders: {}", params.size(),
                sqlite3_bind_parameter_count(stmt), sql);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (int rc = bind_value(stmt, static_cast<int>(i + 1), params[i]); rc != SQLITE_OK)
      return failure(rc, sql);
  }
  sql::QueryResult out;
  const int ncol = sqlite3_column_count(stmt);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return failure(rc, sql);
    std::vector<sql::Value> cells;
    cells.reserve(static_cast<std::size_t>(ncol));
    for (int i = 0; i < ncol; ++i) cells.push_back(column_value(stmt, i));
    out.rows.emplace_back(std::move(cells));
  }
  if (sqlite3_stmt_readonly(stmt) == 0) out.affected = sqlite3_changes64(db_);
  return out;
}

Status SqliteConnection::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    if (is_transient(rc)) note_transient();
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return fail(ErrorCode::kIo, "sqlite: {}", msg);
  }
  return ok();
}

}  // namespace physio::store::sqlite
