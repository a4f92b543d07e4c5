#pragma once
/// Reading the module's data files: data/coding/icd10cm.json and data/coding/cpt.json. The only file
/// reading in the module; callers load once at start-up and pass the catalogues in.

#include <filesystem>

#include "billing/cpt.hpp"
#include "billing/icd10.hpp"
#include "core/error.hpp"

namespace physio::billing {

Result<IcdCatalog> load_icd10_catalog(const std::filesystem::path& path);
Result<CptCatalog> load_cpt_catalog(const std::filesystem::path& path);

}  // namespace physio::billing
