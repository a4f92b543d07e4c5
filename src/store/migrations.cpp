#include "store/migrations.hpp"

#include <map>

#include "store/crypto.hpp"

namespace physio::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_us BIGINT NOT NULL)";

struct Applied {
  std::string name;
  std::string checksum;
};

// One migration in its own transaction; the caller has begun it.
Status step(sql::Connection& conn, sql::Database& db, std::span<const Migration> all, const Migration& m,
            TimeUs now_us) {
  if (!db.migration_lock_sql().empty()) PHYSIO_TRY(conn.query(db.migration_lock_sql()));
  PHYSIO_CHECK(conn.exec(kCreateTable));
  auto rows =
      PHYSIO_TRY(conn.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version"));
  std::map<std::int64_t, Applied> applied;
  for (const auto& r : rows.rows) applied[r.i64(0)] = {r.text(1), r.text(2)};

  for (const auto& [version, a] : applied) {
    const Migration* known = nullptr;
    for (const auto& k : all) {
      if (k.version == version) known = &k;
    }
    if (known == nullptr) {
      return fail(
          ErrorCode::kUnsupported,
          "the database has migration {} ({}) which this program does not know: it was migrated by a newer "
          "version",
          version, a.name);
    }
    if (a.checksum != blake2b_hex(known->sql)) {
      return fail(
          ErrorCode::kCorrupt,
          "migration {} was changed after it was applied (checksum in the database {}, in the program {})",
          known->name, a.checksum, blake2b_hex(known->sql));
    }
  }
  if (applied.contains(m.version)) return ok();
  PHYSIO_CHECK(conn.exec(render_migration(m.sql, conn.dialect())));
  PHYSIO_TRY(
      conn.query("INSERT INTO schema_migrations (version, name, checksum, applied_us) VALUES (?, ?, ?, ?)",
                 {std::int64_t{m.version}, m.name, blake2b_hex(m.sql), now_us}));
  return ok();
}

}  // namespace

std::string render_migration(std::string_view sql, sql::Dialect dialect) {
  constexpr std::string_view kToken = "{{C_COLLATION}}";
  const std::string_view with = dialect == sql::Dialect::kPostgres ? "COLLATE \"C\"" : "COLLATE BINARY";
  std::string out(sql);
  for (auto pos = out.find(kToken); pos != std::string::npos; pos = out.find(kToken, pos + with.size())) {
    out.replace(pos, kToken.size(), with);
  }
  return out;
}

Status apply_migrations(sql::Database& db, std::span<const Migration> migrations, TimeUs now_us) {
  for (const auto& m : migrations) {
    auto lease = PHYSIO_TRY(db.acquire(sql::Access::kWrite));
    sql::Connection& conn = *lease;
    PHYSIO_CHECK(conn.exec(db.begin_sql(sql::Access::kWrite)));
    Status s = step(conn, db, migrations, m, now_us);
    if (s) s = conn.exec("COMMIT");
    if (!s) {
      (void)conn.exec("ROLLBACK");
      return std::unexpected(
          std::move(s).error().with_context(std::string("migration ") + std::string(m.name)));
    }
  }
  return ok();
}

}  // namespace physio::store
