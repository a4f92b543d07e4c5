#pragma once
/// A clinic's stored program and exercise-log rows in the rehab rules' terms: the stored program parsed and
/// validated, the repetitions a log records, the logs as adherence counts them, the patient's time zone as
/// an offset function and the local day a program started.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "rehab/adherence.hpp"
#include "rehab/calendar.hpp"
#include "rehab/program.hpp"

namespace physio::rehab {

/// The stored program's JSON parsed and validated (kCorrupt naming the program when it is not JSON).
Result<Program> program_of(const clinic::HomeProgram& row);

/// Repetitions of all sets of a log together (0 when the stored list is not an array; non-integers skipped).
int reps_done(const clinic::ExerciseLog& log);
/// Repetitions of all sets of a stored "reps per set" list, as reps_done.
int reps_in(const std::string& reps_per_set_json);

/// The logs as the adherence rules count them (a set the engine rejected is left out).
std::vector<SessionLog> session_logs(const std::vector<clinic::ExerciseLog>& logs);

/// The patient's UTC offset over time (their IANA zone from the system's tz database; UTC when they have
/// none or it is unknown).
UtcOffsetFn zone_of(const clinic::Patient& patient);

/// The local day the patient's program started: the patient's local day on which it was created (never
/// earlier, whatever start dates its prescriptions name; later start dates count from their own dates).
LocalDay program_first_day(const Program& program, const clinic::HomeProgram& row, const UtcOffsetFn& offset);

}  // namespace physio::rehab
