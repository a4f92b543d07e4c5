#include "store/postgres/pg_database.hpp"

#include "store/postgres/pg_connection.hpp"

namespace physio::store::postgres {

PgDatabase::PgDatabase(const std::string& url, const DatabaseSettings& settings)
    : pool_(
          [url, timeout = settings.connect_timeout_s]() -> Result<std::unique_ptr<sql::Connection>> {
            auto conn = PHYSIO_TRY(PgConnection::open(url, timeout));
            return std::unique_ptr<sql::Connection>(std::move(conn));
          },
          static_cast<std::size_t>(settings.pool_size < 1 ? 1 : settings.pool_size)) {}

Result<std::unique_ptr<PgDatabase>> PgDatabase::open(const std::string& url,
                                                     const DatabaseSettings& settings) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, settings));
  auto first = PHYSIO_TRY(db->pool_.acquire());
  return db;
}

Result<sql::Lease> PgDatabase::acquire(sql::Access /*access*/) {
  return pool_.acquire();
}

Status PgDatabase::backup_to(const std::filesystem::path& /*file*/) {
  return fail(
      ErrorCode::kUnsupported,
      "backup is unavailable for PostgreSQL from the server: use pg_dump (or the cluster's base backups)");
}

Status PgDatabase::restore_from(const std::filesystem::path& /*file*/) {
  return fail(
      ErrorCode::kUnsupported,
      "restore is unavailable for PostgreSQL from the server: use pg_restore or psql with a pg_dump file");
}

}  // namespace physio::store::postgres
