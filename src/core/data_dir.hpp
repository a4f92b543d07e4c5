#pragma once
/// Where a folder of the project's data files (exercises, measures, scribe vocabulary) is found at run time.
///
/// The places tried, in order: $PHYSIO_DATA_DIR/<sub> (and $PHYSIO_DATA_DIR itself when `env_itself`), the
/// running binary's data/<sub> and ../share/physiokit/<sub> (a build tree and an installed tree), then the
/// source tree's folder compiled in by the module (`source_dir`). The first that `good` accepts wins; when
/// none does, the error names every place tried and the variable that moves the search.

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace physio {

struct DataDirSearch {
  std::string_view sub{};                                    ///< "exercises"
  std::string_view what{};                                   ///< "exercise library", for the error
  std::function<bool(const std::filesystem::path&)> good{};  ///< does this folder hold the files?
  std::optional<std::filesystem::path> source_dir{};         ///< the source tree's folder, if compiled in
  bool env_itself = false;  ///< also accept $PHYSIO_DATA_DIR itself (a folder of the files alone)
};

Result<std::filesystem::path> find_data_dir(const DataDirSearch& search);

/// True when `dir` holds at least one *.json file.
bool has_json_files(const std::filesystem::path& dir);

}  // namespace physio
