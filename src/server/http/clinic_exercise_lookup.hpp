#pragma once
/// The exercises a program can name: the library's (exercise/library.hpp) and the clinic's own
/// (store/clinic_exercises.hpp, docs/server/clinic-exercises.md). A clinic exercise's id starts with "c-"
/// and is looked up in the caller's clinic only.

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "exercise/exercise.hpp"
#include "store/clinic_exercises.hpp"
#include "store/store.hpp"

namespace physio::server {

/// True for an id of the clinic-exercise kind ("c-..."); library ids never start so.
bool is_clinic_exercise_id(std::string_view id);

/// The clinic's exercise `id` (nullopt: none of that id in the clinic).
Result<std::optional<store::ClinicExerciseRow>> load_clinic_exercise(store::Store& store,
                                                                     std::string_view clinic_id,
                                                                     std::string_view id);

/// The exercise's name: the library's, else the clinic's own, else the id itself.
std::string exercise_name(store::Store& store, std::string_view clinic_id, std::string_view id);

/// The steps as the paragraph a page or the printed program shows ("1. ... 2. ...").
std::string steps_text(const store::ClinicExerciseRow& row);

/// The definition the camera measures a clinic exercise by: its `measured_like` library exercise under the
/// clinic's name, steps, caution and hold, with the clinic exercise's id. nullptr when the camera does not
/// measure it (or the library exercise is gone). Kept for the life of the process, one per version.
const exercise::Exercise* measured_definition(const store::ClinicExerciseRow& row);

}  // namespace physio::server
