#pragma once
/// A clinic exercise as the API shows it (docs/server/clinic-exercises.md), and what the camera measures of
/// a library exercise in words.

#include <nlohmann/json.hpp>

#include "exercise/exercise.hpp"
#include "store/clinic_exercises.hpp"

namespace physio::server {

/// "knee flexion": the library exercise's measured angle, without side, in words.
std::string measured_angle_words(const exercise::Exercise& ex);

/// {id, name, steps, position, position_words, kind, default_dosage {sets, reps, hold_s}, dosage_words,
///  cautions, measured_like, measured_words, retired, updated_at}
nlohmann::json clinic_exercise_json(const store::ClinicExerciseRow& row);

}  // namespace physio::server
