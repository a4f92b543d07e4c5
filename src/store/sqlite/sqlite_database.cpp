#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <system_error>

#include <fmt/format.h>

namespace physio::store::sqlite {
namespace {

sql::ConnectionPool::Factory factory(std::filesystem::path file, ConnectionSettings settings) {
  return [file = std::move(file), settings]() -> Result<std::unique_ptr<sql::Connection>> {
    auto conn = PHYSIO_TRY(SqliteConnection::open(file, settings));
    return std::unique_ptr<sql::Connection>(std::move(conn));
  };
}

// Copies every page of `from` into `to` with the online backup API, in one step.
Status copy_database(sqlite3* to, sqlite3* from, std::string_view what) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (b == nullptr) return fail(ErrorCode::kIo, "{}: {}", what, sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(b, -1);
  const int done = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE || done != SQLITE_OK) {
    return fail(ErrorCode::kIo, "{}: {}", what, sqlite3_errstr(step != SQLITE_DONE ? step : done));
  }
  return ok();
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::filesystem::path file, const DatabaseSettings& settings)
    : file_(std::move(file)),
      settings_(settings),
      writer_(factory(file_, {.read_only = false,
                              .synchronous_full = settings.synchronous_full,
                              .busy_timeout_ms = settings.busy_timeout_ms}),
              1),
      readers_(factory(file_, {.read_only = true,
                               .synchronous_full = settings.synchronous_full,
                               .busy_timeout_ms = settings.busy_timeout_ms}),
               static_cast<std::size_t>(settings.readers < 1 ? 1 : settings.readers)) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& data_dir,
                                                             const DatabaseSettings& settings) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(ErrorCode::kIo, "creating data directory {}: {}", data_dir.string(), ec.message());
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(data_dir / "physio.db", settings));
  // The writer opens first: it creates the file and switches it to WAL before any reader exists.
  auto lease = PHYSIO_TRY(db->writer_.acquire());
  return db;
}

Result<sql::Lease> SqliteDatabase::acquire(sql::Access access) {
  return access == sql::Access::kWrite ? writer_.acquire() : readers_.acquire();
}

Status SqliteDatabase::backup_to(const std::filesystem::path& file) {
  const std::string what = "backing up to " + file.string();
  auto reader = PHYSIO_TRY(readers_.acquire());
  auto* source = dynamic_cast<SqliteConnection*>(&*reader);
  if (source == nullptr) return fail(ErrorCode::kInternal, "{}: not a SQLite connection", what);

  // Written beside the target and renamed, so a failed backup never leaves a half-written file.
  std::filesystem::path tmp = file;
  tmp += ".partial";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = dest != nullptr ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close_v2(dest);
    return fail(ErrorCode::kIo, "{}: {}", what, msg);
  }
  Status copied = copy_database(dest, source->handle(), what);
  if (copied) {
    // The copy is an ordinary rollback-journal file: one self-contained file to move around.
    char* err = nullptr;
    if (sqlite3_exec(dest, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, &err) != SQLITE_OK) {
      copied = fail(ErrorCode::kIo, "{}: {}", what, err != nullptr ? err : "journal mode");
    }
    sqlite3_free(err);
  }
  sqlite3_close_v2(dest);
  if (!copied) {
    std::filesystem::remove(tmp, ec);
    return copied;
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) return fail(ErrorCode::kIo, "{}: {}", what, ec.message());
  return ok();
}

Status SqliteDatabase::restore_from(const std::filesystem::path& file) {
  const std::string what = "restoring from " + file.string();
  if (!std::filesystem::is_regular_file(file)) return fail(ErrorCode::kNotFound, "{}: no such file", what);
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(file.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = source != nullptr ? sqlite3_errmsg(source) : "out of memory";
    sqlite3_close_v2(source);
    return fail(ErrorCode::kIo, "{}: {}", what, msg);
  }
  // Holding the writer keeps every other write out while the pages are replaced; readers see the
  // old content until their transaction ends.
  Status copied = [&]() -> Status {
    auto writer = PHYSIO_TRY(writer_.acquire());
    auto* target = dynamic_cast<SqliteConnection*>(&*writer);
    if (target == nullptr) return fail(ErrorCode::kInternal, "{}: not a SQLite connection", what);
    return copy_database(target->handle(), source, what);
  }();
  sqlite3_close_v2(source);
  return copied;
}

}  // namespace physio::store::sqlite
