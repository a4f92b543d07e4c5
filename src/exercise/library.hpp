#pragma once
/// The exercise library: every data/exercises/*.json file, validated at load.
///
/// Contract: load_exercise_library
///   inputs : a folder of *.json exercise definitions (schema: docs/formats/exercise-library.md).
///   outputs: the exercises sorted by id.
///   errors : kNotFound for a missing folder or one without *.json; kParse naming the file and the
///            field for any invalid definition; kInvalidArgument for a duplicate id or alias (naming both
///            files).

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::exercise {

struct ExerciseLibrary {
  std::vector<Exercise> exercises;  ///< sorted by id

  /// An exercise by id or alias. Error: "unknown exercise 'x'; valid: a, b, ...".
  Result<const Exercise*> find(std::string_view id) const;
};

Result<ExerciseLibrary> load_exercise_library(const std::filesystem::path& dir);

/// Where the library is: $PHYSIO_DATA_DIR/exercises (or $PHYSIO_DATA_DIR itself if it holds *.json),
/// else <dir of the running executable>/../share/physiokit/exercises, else the source tree's
/// data/exercises. Error kNotFound listing the places tried.
Result<std::filesystem::path> default_library_dir();

/// Loads the library from default_library_dir() once per process and keeps it.
Result<const ExerciseLibrary*> default_library();

/// find() on the default library.
Result<const Exercise*> find_exercise(std::string_view id);

/// Checks that a skeleton has every joint the exercise needs. Error kMissingData:
/// "exercise heel_raise needs left heel, right heel which coco17 lacks".
Status check_skeleton(const Exercise& ex, const kin::Skeleton& skeleton);

}  // namespace physio::exercise
