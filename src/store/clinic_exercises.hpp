#pragma once
/// A clinic's own exercises (migration 0033, docs/server/clinic-exercises.md): created, edited and retired
/// by the clinic's administrators and physiotherapists, never deleted (programs keep naming them).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct ClinicExerciseRow {
  std::string clinic_id{};
  std::string id{};                  ///< "c-<random>": what programs name
  std::string name{};                ///< unique within the clinic
  std::vector<std::string> steps{};  ///< how to do it, in the patient's words; no line breaks
  std::string position{};            ///< one of exercise::position_ids()
  std::string kind{};                ///< "repetitions" or "hold"
  int default_sets = 3;
  int default_reps = 10;  ///< repetitions per set; for a hold, the number of holds
  double hold_s = 0.0;    ///< a hold's seconds; 0 for repetitions
  std::string cautions{};
  std::string measured_like{};  ///< library exercise id whose angle the camera measures; "" = not measured
  std::string created_by{};
  TimeUs created_us = 0;
  std::string updated_by{};
  TimeUs updated_us = 0;
  TimeUs retired_us = 0;  ///< > 0: retired
  bool retired() const { return retired_us > 0; }
};

/// Inserts a new exercise. kConflict: the clinic already has an exercise of that name.
Status create_clinic_exercise(Tx& tx, const ClinicExerciseRow& row);
/// Replaces the editable fields (name, steps, position, kind, dose, cautions, measured_like, updated_*).
/// kNotFound: no such exercise in the clinic; kConflict: the name is another exercise's.
Status update_clinic_exercise(Tx& tx, const ClinicExerciseRow& row);
/// Marks it retired (kept; already retired: unchanged). kNotFound: no such exercise in the clinic.
Status retire_clinic_exercise(Tx& tx, std::string_view clinic_id, std::string_view id, std::string_view by,
                              TimeUs at_us);
Result<std::optional<ClinicExerciseRow>> get_clinic_exercise(Tx& tx, std::string_view clinic_id,
                                                             std::string_view id);
/// The clinic's exercises by name, retired ones included.
Result<std::vector<ClinicExerciseRow>> list_clinic_exercises(Tx& tx, std::string_view clinic_id);

}  // namespace physio::store
