#pragma once
/// Privacy rights (docs/server/privacy.md): what the rest of the server needs of api_privacy.cpp.

#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace physio::server {

/// Deletes the files erasures queued (erasure_files) under `data_dir` and marks them done; a file that
/// cannot be deleted stays queued. Run after each erasure commits and at start (a crash in between).
/// Returns how many were handled.
int sweep_erasure_files(store::Store& store, const std::filesystem::path& data_dir);

/// The restriction as the patient's JSON shows it (a banner for the pages), or null.
nlohmann::json restriction_of(const std::optional<store::PatientRestriction>& r);

}  // namespace physio::server
