#pragma once
/// Erasure (docs/server/privacy.md): the files an erasure queued, deleted after its commit and at start.

#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace physio::server {

/// Deletes the files erasures queued (erasure_files) under `data_dir` and marks them done; a file that
/// cannot be deleted stays queued. Run after each erasure commits and at start (a crash in between).
/// Returns how many were handled.
int sweep_erasure_files(store::Store& store, const std::filesystem::path& data_dir);

}  // namespace physio::server
