// The clinic's own exercises (docs/server/clinic-exercises.md): a physiotherapist or administrator creates,
// edits and retires them; they are prescribed, shown on Today and printed like the library's. Never deleted:
// a retired one is not prescribed again and stays readable in the programs that name it.
#include <algorithm>

#include <fmt/format.h>

#include "exercise/library.hpp"
#include "exercise/patient_words.hpp"
#include "rehab/program.hpp"
#include "rehab/program_diff.hpp"
#include "security/random.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/clinic_exercise_json.hpp"
#include "server/rehab/routes.hpp"
#include "store/clinic_exercises.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

constexpr std::uint64_t kBodyBytes = 16 * 1024;
constexpr std::size_t kMaxSteps = 12;
constexpr std::size_t kMaxStepBytes = 400;

std::optional<BodyProblem> check_steps(const json& v) {
  if (v.empty()) return BodyProblem{"", "give at least one step"};
  if (v.size() > kMaxSteps) return BodyProblem{"", fmt::format("at most {} steps", kMaxSteps)};
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string path = fmt::format("/{}", i);
    if (!v[i].is_string()) return BodyProblem{path, "each step is text"};
    const auto& s = v[i].get_ref<const std::string&>();
    if (s.find_first_not_of(" \t") == std::string::npos) return BodyProblem{path, "a step is empty"};
    if (s.size() > kMaxStepBytes)
      return BodyProblem{path, fmt::format("at most {} characters", kMaxStepBytes)};
    if (s.find_first_of("\r\n") != std::string::npos) return BodyProblem{path, "one line per step"};
  }
  return std::nullopt;
}

/// The body as a row (fields the schema checked); the problem when the fields disagree with each other.
std::optional<BodyProblem> row_from_body(const json& b, store::ClinicExerciseRow& e) {
  e.name = str(b, "name");
  const auto first = e.name.find_first_not_of(' ');
  if (first == std::string::npos) return BodyProblem{"/name", "give the exercise a name"};
  e.name = e.name.substr(first, e.name.find_last_not_of(' ') - first + 1);
  e.steps.clear();
  for (const auto& s : b.at("steps")) e.steps.push_back(s.get<std::string>());
  e.position = str(b, "position");
  e.kind = str(b, "kind");
  e.cautions = str(b, "cautions");
  e.measured_like = str(b, "measured_like");
  const bool hold = e.kind == "hold";
  const rehab::Dosage d = rehab::default_dosage(hold, b.value("hold_s", 0.0));
  e.default_sets = static_cast<int>(b.value("sets", std::int64_t{d.sets}));
  e.default_reps = static_cast<int>(b.value("reps", std::int64_t{d.reps}));
  e.hold_s = hold ? d.hold_s : 0.0;
  if (!hold && b.value("hold_s", 0.0) > 0)
    return BodyProblem{"/hold_s", "a repetition exercise has no hold: leave hold_s out or choose kind hold"};
  if (!e.measured_like.empty()) {
    auto base = exercise::find_exercise(e.measured_like);
    if (!base || is_clinic_exercise_id(e.measured_like))
      return BodyProblem{"/measured_like", fmt::format("'{}' is not a library exercise", e.measured_like)};
    if (exercise::kind_name((*base)->kind) != e.kind)
      return BodyProblem{"/measured_like",
                         fmt::format("{} is measured as {}; choose one measured as {}", (*base)->name,
                                     hold ? "repetitions" : "a hold", hold ? "a hold" : "repetitions")};
    e.measured_like = (*base)->id;
  }
  return std::nullopt;
}

/// Checks the route's action on the caller's own clinic (a patient's scope is their own record).
std::optional<net::Response> authorized(RequestContext& ctx, const std::string& id) {
  const auto& who = ctx.principal();
  return ctx.authorize({who.clinic_id, who.patient_id}, "clinic exercise", id);
}

/// A store refusal: a taken name is 409, an exercise of no such id 404.
net::Response refused(const Error& e) {
  if (e.code() == ErrorCode::kInvalidArgument) return api_error(409, "conflict", e.message(), "/name");
  if (e.code() == ErrorCode::kNotFound) return api_error(404, "not_found", "no such exercise");
  return store_error(e);
}

net::Response list_clinic_exercises(RequestContext& ctx) {
  if (auto d = authorized(ctx, "")) return *d;
  auto rows = ctx.services.store().read(
      [&](store::Tx& tx) { return store::list_clinic_exercises(tx, ctx.principal().clinic_id); });
  if (!rows) return store_error(rows.error());
  json items = json::array();
  for (const auto& r : *rows) items.push_back(clinic_exercise_json(r));
  return json_ok({{"items", items}});
}

net::Response create_clinic_exercise(RequestContext& ctx) {
  if (auto d = authorized(ctx, "")) return *d;
  store::ClinicExerciseRow e;
  if (auto p = row_from_body(ctx.body, e)) return bad_field(*p);
  e.clinic_id = ctx.principal().clinic_id;
  e.id = "c-" + security::random_id();
  e.created_by = e.updated_by = ctx.principal().user_id;
  e.created_us = e.updated_us = now_us();
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::create_clinic_exercise(tx, e));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("clinic exercise", e.id, "")}));
    return ok();
  });
  if (!made) return refused(made.error());
  return json_ok(clinic_exercise_json(e), 201);
}

/// The clinic's exercise named by {id} (404 for none in the caller's clinic, another clinic's included),
/// then the route's action checked.
std::optional<net::Response> load(RequestContext& ctx, store::ClinicExerciseRow& out) {
  const std::string id = ctx.param("id");
  auto row = load_clinic_exercise(ctx.services.store(), ctx.principal().clinic_id, id);
  if (!row) return store_error(row.error());
  if (!*row) {
    ctx.pending_reads.push_back(ctx.audit_event("clinic exercise", "", "", "denied"));
    return api_error(404, "not_found", "no such exercise");
  }
  if (auto d = authorized(ctx, id)) return d;
  out = std::move(**row);
  return std::nullopt;
}

net::Response edit_clinic_exercise(RequestContext& ctx) {
  store::ClinicExerciseRow e;
  if (auto d = load(ctx, e)) return *d;
  if (e.retired()) return api_error(409, "conflict", "a retired exercise is not changed");
  if (auto p = row_from_body(ctx.body, e)) return bad_field(*p);
  e.updated_by = ctx.principal().user_id;
  e.updated_us = std::max(now_us(), e.updated_us + 1);
  auto saved = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::update_clinic_exercise(tx, e));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("clinic exercise", e.id, "")}));
    return ok();
  });
  if (!saved) return refused(saved.error());
  return json_ok(clinic_exercise_json(e));
}

net::Response retire_clinic_exercise(RequestContext& ctx) {
  store::ClinicExerciseRow e;
  if (auto d = load(ctx, e)) return *d;
  const TimeUs now = now_us();
  auto saved = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::retire_clinic_exercise(tx, e.clinic_id, e.id, ctx.principal().user_id, now));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("clinic exercise", e.id, "")}));
    return ok();
  });
  if (!saved) return refused(saved.error());
  if (!e.retired()) e.retired_us = now;
  return json_ok(clinic_exercise_json(e));
}

std::vector<FieldSpec> exercise_fields() {
  std::vector<FieldSpec> f;
  f.push_back(text_field("name", true, "the exercise's name as patients read it", 120));
  f.push_back(json_field("steps", "array",
                         "how to do it, one step a line in the patient's words (1-12 steps)", check_steps));
  f.back().required = true;
  FieldSpec position =
      text_field("position", true, "starting position (GET /api/clinic-exercises/choices)", 20);
  position.one_of = exercise::position_ids();
  f.push_back(position);
  FieldSpec kind = text_field("kind", true, "repetitions, or a hold in seconds", 12);
  kind.one_of = {"repetitions", "hold"};
  f.push_back(kind);
  f.push_back(number_field("sets", "default sets (default: 3 for repetitions, 1 for a hold)", 1, 10,
                           FieldType::kInteger));
  f.push_back(number_field("reps", "default repetitions per set, or holds (default: 10, or 3 holds)", 1, 100,
                           FieldType::kInteger));
  f.push_back(number_field("hold_s", "a hold's seconds (default 30); none for repetitions", 0, 600));
  f.push_back(
      text_field("cautions", false, "what the patient should watch for or avoid, in their words", 500));
  f.push_back(text_field("measured_like", false,
                         "a library exercise of the same kind whose angle the camera measures; empty: not "
                         "measured by the camera",
                         64));
  return f;
}

/// GET /api/clinic-exercises/choices: what the form offers, in words.
net::Response choices(RequestContext& ctx) {
  if (auto d = authorized(ctx, "")) return *d;
  json positions = json::array();
  for (const auto& p : exercise::position_ids())
    positions.push_back({{"id", p}, {"words", std::string(exercise::position_words(p))}});
  json measured = json::array();
  if (auto lib = exercise::default_library())
    for (const auto& ex : (*lib)->exercises)
      measured.push_back({{"id", ex.id},
                          {"name", ex.name},
                          {"kind", std::string(exercise::kind_name(ex.kind))},
                          {"measures", measured_angle_words(ex)}});
  return json_ok({{"positions", positions}, {"measured_like", measured}});
}

}  // namespace

void add_clinic_exercise_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/clinic-exercises",
                              "The clinic's own exercises, retired ones included (for those who manage them)",
                              Action::kManageClinicExercises, Target::kNone, "", list_clinic_exercises));
  routes.push_back(make_route("GET", "/api/clinic-exercises/choices",
                              "What a clinic exercise's form offers: starting positions and the library "
                              "exercises it can be measured like, in words",
                              Action::kManageClinicExercises, Target::kNone, "", choices));
  routes.push_back(
      with_body(make_route("POST", "/api/clinic-exercises", "Create one of the clinic's own exercises",
                           Action::kManageClinicExercises, Target::kNone, "clinic_exercise.create",
                           create_clinic_exercise),
                exercise_fields(), kBodyBytes));
  routes.push_back(with_body(make_route("PUT", "/api/clinic-exercises/{id}",
                                        "Change one of the clinic's own exercises (not a retired one)",
                                        Action::kManageClinicExercises, Target::kNone,
                                        "clinic_exercise.update", edit_clinic_exercise),
                             exercise_fields(), kBodyBytes));
  routes.push_back(make_route(
      "POST", "/api/clinic-exercises/{id}/retire",
      "Retire one of the clinic's own exercises: no longer prescribed, still shown in "
      "the programs that name it",
      Action::kManageClinicExercises, Target::kNone, "clinic_exercise.retire", retire_clinic_exercise));
}

}  // namespace physio::server
