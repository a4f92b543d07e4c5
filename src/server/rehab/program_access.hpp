#pragma once
/// What the home-program routes share (programs, exercise logs, progression, today's plan, the caseload):
/// the rehab data files loaded once, and the program an {id} names loaded and authorized. The rules are the
/// rehab module's (rehab/program_rows.hpp and the rest); the JSON the API shows is server/http/record_json.

#include <optional>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "rehab/program.hpp"
#include "rehab/program_rows.hpp"
#include "rehab/progression.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/context.hpp"
#include "server/http/record_json.hpp"

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

/// The exercises a clinic's programs may name: the library's and the clinic's own (docs/server/
/// clinic-exercises.md). A retired clinic exercise is not prescribed again but stays in the programs that
/// already name it.
struct KnownExercises {
  const RehabData* data = nullptr;
  std::vector<std::string> active;   ///< the clinic's own, not retired (sorted)
  std::vector<std::string> retired;  ///< the clinic's own, retired (sorted)
  /// May be newly prescribed: the library's or an active clinic exercise.
  bool prescribable(const std::string& id) const;
  /// Names an exercise at all (a retired one included).
  bool known(const std::string& id) const;
  bool is_retired(const std::string& id) const;
};
Result<KnownExercises> known_exercises(RequestContext& ctx, const RehabData& d, const std::string& clinic_id);

/// Loads the program named by {id} in the caller's clinic and authorizes `action` (default: the
/// route's) on its patient.
std::optional<net::Response> load_program(RequestContext& ctx, clinic::HomeProgram& out,
                                          std::optional<clinic::Action> action = std::nullopt);
/// True when the caller may see and decide progression proposals for the patient.
bool may_review(const RequestContext& ctx, const std::string& clinic_id, const std::string& patient_id);

}  // namespace physio::server
