// What the home-program routes share: see program_access.hpp.
#include "server/rehab/program_access.hpp"

#include <algorithm>
#include <mutex>

#include <spdlog/spdlog.h>

#include "exercise/library.hpp"
#include "rehab/files.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "store/clinic_exercises.hpp"

namespace physio::server {

using clinic::Action;
using nlohmann::json;

// ---- data files ----------------------------------------------------------------------------------

Result<const RehabData*> rehab_data() {
  static std::mutex mutex;
  static std::optional<Result<RehabData>> cached;
  std::lock_guard lock(mutex);
  if (!cached) {
    cached = []() -> Result<RehabData> {
      RehabData d;
      const exercise::ExerciseLibrary* lib = PHYSIO_TRY(exercise::default_library());
      for (const auto& ex : lib->exercises) d.exercise_ids.push_back(ex.id);
      std::sort(d.exercise_ids.begin(), d.exercise_ids.end());
      // data/exercises -> data/programs and data/progression/rules.json beside it.
      const auto root = PHYSIO_TRY(exercise::default_library_dir()).parent_path();
      d.templates = PHYSIO_TRY(rehab::load_program_templates(root / "programs", d.exercise_ids));
      d.rules = PHYSIO_TRY(rehab::load_progression_rules(root / "progression" / "rules.json"));
      return d;
    }();
    if (!*cached) spdlog::error("programs: {}", cached->error().to_string());
  }
  if (!*cached) return std::unexpected(cached->error());
  return &**cached;
}

net::Response data_unavailable() {
  return api_error(503, "unavailable",
                   "the exercise library, program templates or progression rules could "
                   "not be loaded");
}

bool known_exercise(const RehabData& d, const std::string& id) {
  return std::binary_search(d.exercise_ids.begin(), d.exercise_ids.end(), id);
}

bool KnownExercises::prescribable(const std::string& id) const {
  return known_exercise(*data, id) || std::binary_search(active.begin(), active.end(), id);
}
bool KnownExercises::is_retired(const std::string& id) const {
  return std::binary_search(retired.begin(), retired.end(), id);
}
bool KnownExercises::known(const std::string& id) const {
  return prescribable(id) || is_retired(id);
}

Result<KnownExercises> known_exercises(RequestContext& ctx, const RehabData& d,
                                       const std::string& clinic_id) {
  KnownExercises k;
  k.data = &d;
  auto rows = PHYSIO_TRY(
      ctx.services.store().read([&](store::Tx& tx) { return store::list_clinic_exercises(tx, clinic_id); }));
  for (const auto& r : rows) (r.retired() ? k.retired : k.active).push_back(r.id);
  std::sort(k.active.begin(), k.active.end());
  std::sort(k.retired.begin(), k.retired.end());
  return k;
}

// ---- loading the record an {id} names -------------------------------------------------------------

/// Loads the program named by {id} in the caller's clinic and authorizes `action` (default: the
/// route's) on its patient.
std::optional<net::Response> load_program(RequestContext& ctx, clinic::HomeProgram& out,
                                          std::optional<Action> action) {
  const std::string id = ctx.param("id");
  auto p =
      ctx.services.store().read([&](store::Tx& tx) { return tx.get_program(ctx.principal().clinic_id, id); });
  if (!p) {
    if (p.error().code() != ErrorCode::kNotFound) return store_error(p.error());
    ctx.pending_reads.push_back(ctx.audit_event("program", "", "", "denied"));
    return api_error(404, "not_found", "no such program");
  }
  const clinic::RecordScope scope{p->clinic_id, p->patient_id};
  auto denied =
      action ? ctx.authorize(*action, scope, "program", p->id) : ctx.authorize(scope, "program", p->id);
  if (denied) return denied;
  out = std::move(*p);
  return std::nullopt;
}

bool may_review(const RequestContext& ctx, const std::string& clinic_id, const std::string& patient_id) {
  return clinic::decide(ctx.principal(), Action::kReviewProgression, {clinic_id, patient_id}) ==
         clinic::Decision::kAllow;
}

}  // namespace physio::server
