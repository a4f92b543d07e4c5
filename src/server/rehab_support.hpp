#pragma once
/// What the home-program handlers share (programs, exercise logs, progression, today's plan, the
/// caseload): the rehab data files, programs and logs as the API shows them, the program an {id}
/// names, the patient's time zone, and body fields in the rehab module's terms.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "rehab/adherence.hpp"
#include "rehab/calendar.hpp"
#include "rehab/program.hpp"
#include "rehab/progression.hpp"
#include "server/body_schema.hpp"
#include "server/context.hpp"

namespace physio::server {

/// The exercise library's ids, the condition templates and the progression rules, loaded once.
struct RehabData {
  std::vector<std::string> exercise_ids;  ///< sorted
  std::vector<rehab::ProgramTemplate> templates;
  rehab::ProgressionRules rules;
};

/// Loaded on first use and kept; the error (logged once) when a file is missing or invalid.
Result<const RehabData*> rehab_data();
/// 503: the data files could not be loaded.
net::Response data_unavailable();
bool known_exercise(const RehabData& d, const std::string& id);

/// "prescriptions[2].dosage.reps: must be 1..100" -> {"/prescriptions/2/dosage/reps", the message}.
BodyProblem field_problem(const std::string& message, const std::string& prefix = "");
/// 400 naming the field.
net::Response bad_field(const BodyProblem& p);

/// The stored program's JSON parsed and validated.
Result<rehab::Program> program_of(const clinic::HomeProgram& row);
nlohmann::json program_json(const clinic::HomeProgram& row, const rehab::Program& p);
nlohmann::json log_json(const clinic::ExerciseLog& l);
/// Repetitions of all sets of a log together (0 when the stored list is not an array).
int reps_done(const clinic::ExerciseLog& l);
/// The logs as the adherence rules count them.
std::vector<rehab::SessionLog> session_logs(const std::vector<clinic::ExerciseLog>& logs);

/// Loads the program named by {id} in the caller's clinic and authorizes `action` (default: the
/// route's) on its patient.
std::optional<net::Response> load_program(RequestContext& ctx, clinic::HomeProgram& out,
                                          std::optional<clinic::Action> action = std::nullopt);
/// True when the caller may see and decide progression proposals for the patient.
bool may_review(const RequestContext& ctx, const std::string& clinic_id, const std::string& patient_id);

/// A body's string (fallback when absent or null) and number (nullopt when absent or null).
std::string str(const nlohmann::json& body, const char* key, std::string fallback = "");
std::optional<double> num(const nlohmann::json& body, const char* key);
/// A time given in the body ("done", "at"): not more than 5 minutes ahead and not before 2000; now
/// when absent. nullopt with `error` set when it is not such a time.
std::optional<TimeUs> body_time(const nlohmann::json& b, const char* key,
                                std::optional<net::Response>& error);

/// The patient's UTC offset over time (their IANA zone; UTC when they have none).
rehab::UtcOffsetFn zone_of(const clinic::Patient& p);
/// The local day the patient's program started: the earliest start date of its prescriptions, or
/// the day it was created.
rehab::LocalDay program_first_day(const rehab::Program& p, const clinic::HomeProgram& row,
                                  const rehab::UtcOffsetFn& offset);

/// A date body field (YYYY-MM-DD).
FieldSpec date_field(std::string name, std::string description);

}  // namespace physio::server
