#pragma once
/// What `physio serve`, `physio admin` and `physio audit` share: opening the store and logging.

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::cli {

/// PostgreSQL when `postgres_url` is set, else SQLite in `data_dir` (created when missing).
Result<std::unique_ptr<store::Store>> open_store(const std::filesystem::path& data_dir,
                                                 const std::string& postgres_url, int postgres_pool = 4,
                                                 int sqlite_readers = 4);

/// Log lines to stderr as text or JSON objects (one per line).
void configure_logging(const std::string& format);

}  // namespace physio::cli
