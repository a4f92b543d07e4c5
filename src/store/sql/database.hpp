#pragma once
/// A back end: where connections come from, and the few statements that differ by dialect.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/pool.hpp"

namespace physio::store::sql {

enum class Access { kRead, kWrite };

class Database {
 public:
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;
  /// "sqlite" or "postgresql".
  virtual std::string name() const = 0;
  /// A connection for one transaction. Writers are serialised on SQLite (one writer connection).
  virtual Result<Lease> acquire(Access access) = 0;
  /// Starts a transaction: BEGIN IMMEDIATE (SQLite writes), a read-only snapshot for reads.
  virtual std::string_view begin_sql(Access access) const = 0;
  /// Run first in each migration's transaction: serialises servers migrating at once.
  virtual std::string_view migration_lock_sql() const = 0;
  /// A consistent copy of the whole database in one file.
  virtual Status backup_to(const std::filesystem::path& file) = 0;
  /// Replaces the database's content with a copy made by `backup_to`.
  virtual Status restore_from(const std::filesystem::path& file) = 0;
};

/// Dialect hooks for the few places portable SQL is not enough.
/// " FOR UPDATE" on PostgreSQL (row lock inside the write transaction); "" on SQLite, whose
/// BEGIN IMMEDIATE already holds the only write lock.
inline std::string_view for_update(Dialect d) {
  return d == Dialect::kPostgres ? " FOR UPDATE" : "";
}
/// " FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite.
inline std::string_view for_update_skip_locked(Dialect d) {
  return d == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

}  // namespace physio::store::sql
