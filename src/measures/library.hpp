#pragma once
/// The instrument library: every data/measures/*.json file, validated at load.
///
/// Contract: load_measure_library
///   inputs : a folder of *.json instrument files (schema: docs/metrics/outcome-measures.md).
///   outputs: the instruments sorted by id.
///   errors : kNotFound for a missing folder or one without *.json; kParse naming the file and the field
///            for an invalid file; kInvalidArgument for a duplicate id (naming both files) or a file whose
///            name is not its id.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "measures/instrument.hpp"

namespace physio::measures {

struct MeasureLibrary {
  std::vector<Instrument> instruments;  ///< sorted by id

  /// An instrument by id. Error kInvalidArgument: "unknown instrument 'x'; valid: a, b, ...".
  Result<const Instrument*> find(std::string_view id) const;
};

Result<MeasureLibrary> load_measure_library(const std::filesystem::path& dir);

/// Where the instrument files are: $PHYSIO_DATA_DIR/measures, else data/measures next to the running
/// executable, else <executable dir>/../share/physiokit/measures, else the source tree's data/measures.
/// Error kNotFound listing the places tried.
Result<std::filesystem::path> default_measures_dir();

/// Loads the library from default_measures_dir() once per process and keeps it.
Result<const MeasureLibrary*> default_measure_library();

}  // namespace physio::measures
