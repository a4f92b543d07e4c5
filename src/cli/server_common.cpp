#include "cli/server_common.hpp"

#include <sys/stat.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace physio::cli {
namespace {

/// A data folder made before the umask was set (or by hand) is made the owner's only too; its contents
/// keep their modes (docs/server/operations.md says how to tighten an older folder).
void restrict_to_owner(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!dir.empty() && std::filesystem::is_directory(dir, ec))
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
}

}  // namespace

Result<std::unique_ptr<store::Store>> open_store(const std::filesystem::path& data_dir,
                                                 const std::string& postgres_url, int postgres_pool,
                                                 int sqlite_readers) {
  // Everything the server and its tools create in the data folder (the store, uploads, results, reports,
  // keys, temporary files) is the owner's only: files 0600, folders 0700, whatever umask they started with.
  ::umask(077);
  restrict_to_owner(data_dir);
  if (!postgres_url.empty()) {
    store::PostgresOptions po;
    po.pool_size = postgres_pool;
    auto s = store::Store::open_postgres(postgres_url, po);
    if (!s)
      return std::unexpected(std::move(s).error().with_context("opening the PostgreSQL store (--postgres)"));
    return s;
  }
  if (data_dir.empty()) return fail(ErrorCode::kInvalidArgument, "--data: name the data directory");
  store::SqliteOptions so;
  so.readers = sqlite_readers;
  auto s = store::Store::open_sqlite(data_dir, so);
  if (!s)
    return std::unexpected(std::move(s).error().with_context("opening the store in " + data_dir.string()));
  restrict_to_owner(data_dir);
  return s;
}

void configure_logging(const std::string& format) {
  auto logger = spdlog::stderr_logger_mt("physio");
  if (format == "json") {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"message":"%v"})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  spdlog::set_default_logger(logger);
}

}  // namespace physio::cli
