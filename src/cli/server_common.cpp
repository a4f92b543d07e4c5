#include "cli/server_common.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace physio::cli {

Result<std::unique_ptr<store::Store>> open_store(const std::filesystem::path& data_dir,
                                                 const std::string& postgres_url, int postgres_pool,
                                                 int sqlite_readers) {
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
