#pragma once
/// Numbered schema migrations, embedded in the binary from src/store/migrations/NNNN_name.sql.
///
/// `schema_migrations(version, name, checksum, applied_us)` records each applied step; checksum is
/// BLAKE2b-256 of the file's text. Each step runs in its own transaction (under an advisory lock on
/// PostgreSQL, BEGIN IMMEDIATE on SQLite), so servers starting at once apply it exactly once.

#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sql/database.hpp"

namespace physio::store {

struct Migration {
  int version;
  std::string_view name;  ///< "0001_init"
  std::string_view sql;   ///< the file's text, dialect-neutral
};

/// Every migration in the binary, in version order.
std::span<const Migration> embedded_migrations();

/// The SQL a back end runs for `sql`: {{C_COLLATION}} becomes COLLATE "C" (PostgreSQL) or
/// COLLATE BINARY (SQLite).
std::string render_migration(std::string_view sql, sql::Dialect dialect);

/// Applies the missing migrations of `migrations` in order; idempotent. Fails, naming the migration,
/// when an applied one's checksum differs from the binary's, and when the database has a migration
/// this binary does not know (a newer program migrated it).
Status apply_migrations(sql::Database& db, std::span<const Migration> migrations, TimeUs now_us);

}  // namespace physio::store
