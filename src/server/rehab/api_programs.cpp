// Home exercise programs: condition templates, and programs with their versions (who, when, why). A
// program never changes in place; every change is a new version. The rules are the rehab module's;
// handlers load, authorize, call them, store and audit.
#include <algorithm>
#include <map>
#include "exercise/library.hpp"
#include "rehab/program.hpp"
#include "rehab/program_diff.hpp"
#include "rehab/program_rows.hpp"

#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/program_access.hpp"
#include "server/rehab/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

/// Every prescription names an exercise that may be prescribed (the library's or the clinic's own, not
/// retired; a retired one only when `keep` already names it); else the field of the first that does not.
std::optional<BodyProblem> unknown_exercise(const KnownExercises& k, const rehab::Program& p,
                                            const rehab::Program* keep = nullptr) {
  for (std::size_t i = 0; i < p.prescriptions.size(); ++i) {
    const auto& id = p.prescriptions[i].exercise_id;
    if (k.prescribable(id) || (k.is_retired(id) && keep != nullptr && keep->find(id) != nullptr)) continue;
    return BodyProblem{
        fmt::format("/prescriptions/{}/exercise_id", i),
        k.is_retired(id)
            ? fmt::format("prescriptions[{}].exercise_id: '{}' is retired and is not prescribed "
                          "again",
                          i, id)
            : fmt::format("prescriptions[{}].exercise_id: '{}' is not in the exercise library", i, id)};
  }
  return std::nullopt;
}

/// The body's prescriptions name known exercises; else the field of the first that does not.
std::optional<BodyProblem> unknown_in_body(const KnownExercises& k, const json& body) {
  auto it = body.find("prescriptions");
  if (it == body.end() || !it->is_array()) return std::nullopt;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& rx = (*it)[i];
    const std::string id = rx.is_object() ? rx.value("exercise_id", "") : "";
    if (!k.known(id))
      return BodyProblem{fmt::format("/prescriptions/{}/exercise_id", i),
                         fmt::format("'{}' is not in the exercise library", id)};
  }
  return std::nullopt;
}

/// The program parsed, validated and checked against the exercises, with problems as field paths.
Result<rehab::Program> checked_program(const KnownExercises& k, const json& j, BodyProblem& problem,
                                       const rehab::Program* keep = nullptr) {
  auto p = rehab::program_from_json(j);
  if (!p) {
    problem = field_problem(p.error().message());
    return std::unexpected(p.error());
  }
  if (auto u = unknown_exercise(k, *p, keep)) {
    problem = *u;
    return fail(ErrorCode::kInvalidArgument, "{}", u->message);
  }
  return p;
}

// ---- templates and programs -----------------------------------------------------------------------

net::Response list_templates(RequestContext&) {
  auto d = rehab_data();
  if (!d) return data_unavailable();
  json out = json::array();
  for (const auto& t : (*d)->templates) {
    json pres = json::array();
    for (const auto& p : t.prescriptions) pres.push_back(rehab::to_json(p));
    out.push_back({{"id", t.id},
                   {"name", t.name},
                   {"condition", t.condition},
                   {"phase", t.phase},
                   {"source", t.source},
                   {"prescriptions", pres}});
  }
  return json_ok(out);
}

/// A body field's value as a rehab prescriptions array, checked by the rehab parser.
std::optional<BodyProblem> check_prescriptions(const json& v) {
  auto p = rehab::program_from_json(json{{"version", 1}, {"prescriptions", v}});
  if (!p) {
    auto fp = field_problem(p.error().message());
    const std::string key = "/prescriptions";
    if (fp.field.starts_with(key)) fp.field = fp.field.substr(key.size());
    return fp;
  }
  return std::nullopt;
}

std::optional<BodyProblem> check_auto_apply(const json& v) {
  auto p =
      rehab::program_from_json(json{{"version", 1}, {"prescriptions", json::array()}, {"auto_apply", v}});
  if (!p) {
    auto fp = field_problem(p.error().message());
    const std::string key = "/auto_apply";
    if (fp.field.starts_with(key)) fp.field = fp.field.substr(key.size());
    return fp;
  }
  return std::nullopt;
}

/// Prescriptions replace the template's for the same exercise and add the others.
void merge_prescriptions(json& into, const json& extra) {
  for (const auto& rx : extra) {
    bool replaced = false;
    for (auto& have : into) {
      if (have.value("exercise_id", "") == rx.value("exercise_id", "")) {
        have = rx;
        replaced = true;
      }
    }
    if (!replaced) into.push_back(rx);
  }
}

net::Response create_program(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  const auto& b = ctx.body;
  const std::string template_id = str(b, "template_id");
  if (template_id.empty() && !b.contains("prescriptions"))
    return api_error(400, "invalid_body", "give a template_id, prescriptions or both", "/prescriptions");
  auto known = known_exercises(ctx, **data, patient.clinic_id);
  if (!known) return store_error(known.error());
  if (auto u = unknown_in_body(*known, b)) return bad_field(*u);
  const TimeUs now = now_us();
  // Today in the patient's own zone (the UTC date is yesterday or tomorrow for part of their day).
  const std::string start_date =
      str(b, "start_date", rehab::format_date(rehab::local_day(now, rehab::zone_of(patient))));
  const std::string by = ctx.principal().user_id;

  json j{{"version", 1}, {"prescriptions", json::array()}};
  std::string reason = str(b, "reason");
  if (!template_id.empty()) {
    const rehab::ProgramTemplate* t = nullptr;
    for (const auto& x : (*data)->templates)
      if (x.id == template_id) t = &x;
    if (t == nullptr)
      return api_error(400, "invalid_body", fmt::format("no program template '{}'", template_id),
                       "/template_id");
    j = rehab::to_json(rehab::program_from_template(*t, "", patient.id, by, now, start_date));
    if (!reason.empty()) j["history"][0]["reason"] = reason;
  } else {
    j["title"] = "Home exercise program";
    j["history"] = json::array({{{"version", 1},
                                 {"by", by},
                                 {"at_us", now},
                                 {"reason", reason.empty() ? "prescribed" : reason},
                                 {"kind", "create"}}});
  }
  if (b.contains("prescriptions")) {
    json extra = b["prescriptions"];
    for (auto& rx : extra)
      if (rx.is_object() && !rx.contains("start_date")) rx["start_date"] = start_date;
    merge_prescriptions(j["prescriptions"], extra);
  }
  if (b.contains("title")) j["title"] = b["title"];
  if (b.contains("auto_apply")) j["auto_apply"] = b["auto_apply"];
  j["patient_id"] = patient.id;

  BodyProblem problem;
  auto program = checked_program(*known, j, problem);
  if (!program) return bad_field(problem);
  if (program->prescriptions.empty())
    return api_error(400, "invalid_body", "a program needs at least one exercise", "/prescriptions");

  auto created = ctx.services.store().write(
      [&](store::Tx& tx) -> Result<std::pair<clinic::HomeProgram, rehab::Program>> {
        rehab::Program p = *program;
        p.id = tx.new_id();
        clinic::HomeProgram row;
        row.id = p.id;
        row.clinic_id = patient.clinic_id;
        row.patient_id = patient.id;
        row.title = p.title;
        row.version = p.version;
        row.program_json = rehab::to_json(p).dump();
        row.created_by = by;
        const auto& h = p.history.back();
        auto stored = PHYSIO_TRY(tx.create_program(
            row, clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("program", stored.id, patient.id)}));
        return std::make_pair(stored, p);
      });
  if (!created) return store_error(created.error());
  return json_ok(program_json(created->first, created->second), 201);
}

net::Response list_programs(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const bool reviewer = may_review(ctx, patient.clinic_id, patient.id);
  auto rows = ctx.services.store().read(
      [&](store::Tx& tx)
          -> Result<std::pair<std::vector<clinic::HomeProgram>, std::vector<clinic::ProgressionProposal>>> {
        auto programs = PHYSIO_TRY(tx.list_programs(patient.clinic_id, patient.id));
        std::vector<clinic::ProgressionProposal> pending;
        if (reviewer) pending = PHYSIO_TRY(tx.list_proposals(patient.clinic_id, patient.id, "pending"));
        return std::make_pair(std::move(programs), std::move(pending));
      });
  if (!rows) return store_error(rows.error());
  json items = json::array();
  for (const auto& row : rows->first) {
    auto p = rehab::program_of(row);
    if (!p) return store_error(p.error());
    json j = program_json(row, *p);
    // Only the physiotherapist sees what is waiting for a decision; the patient sees the program as
    // approved.
    if (reviewer) {
      j["pending_proposals"] = std::count_if(rows->second.begin(), rows->second.end(),
                                             [&](const auto& x) { return x.program_id == row.id; });
    }
    items.push_back(std::move(j));
  }
  ctx.audit_read("program", "", patient.id);
  return json_ok({{"items", items}});
}

net::Response get_program(RequestContext& ctx) {
  clinic::HomeProgram row;
  if (auto d = load_program(ctx, row)) return *d;
  auto loaded = ctx.services.store().read(
      [&](store::Tx& tx)
          -> Result<std::pair<std::vector<clinic::ProgramVersion>, std::vector<clinic::User>>> {
        auto versions = PHYSIO_TRY(tx.list_program_versions(row.clinic_id, row.id));
        return std::make_pair(std::move(versions), PHYSIO_TRY(tx.list_users(row.clinic_id)));
      });
  if (!loaded) return store_error(loaded.error());
  const auto& versions = loaded->first;
  std::map<std::string, std::string> people;
  for (const auto& u : loaded->second) people[u.id] = u.display_name;
  auto p = rehab::program_of(row);
  if (!p) return store_error(p.error());
  json j = program_json(row, *p);
  json vs = json::array();
  // Each version with who made it (by name) and what changed from the one before, in words.
  const rehab::ExerciseNames names = [&](std::string_view id) {
    return exercise_name(ctx.services.store(), row.clinic_id, id);
  };
  std::optional<rehab::Program> previous;
  for (const auto& v : versions) {
    json content = json::parse(v.program_json, nullptr, false);
    std::optional<rehab::Program> this_one;
    if (!content.is_discarded())
      if (auto parsed = rehab::program_from_json(content)) this_one = std::move(*parsed);
    json changes = json::array();
    if (previous && this_one)
      for (auto& c : rehab::describe_changes(*previous, *this_one, names)) changes.push_back(std::move(c));
    std::string by_name = "automatic step within the program's bounds";
    if (v.by != "auto") {
      auto it = people.find(v.by);
      by_name = it == people.end() || it->second.empty() ? "a former member of staff" : it->second;
    }
    vs.push_back({{"version", v.version},
                  {"by", v.by},
                  {"by_name", by_name},
                  {"at", iso_time(v.at_us)},
                  {"reason", v.reason},
                  {"kind", v.kind},
                  {"changes", changes},
                  {"prescriptions",
                   content.is_discarded() ? json::array() : content.value("prescriptions", json::array())}});
    previous = std::move(this_one);
  }
  j["versions"] = vs;
  ctx.audit_read("program", row.id, row.patient_id);
  return json_ok(j);
}

net::Response add_version(RequestContext& ctx) {
  clinic::HomeProgram row;
  if (auto d = load_program(ctx, row)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  if (auto v = ctx.body.find("version"); v != ctx.body.end() && v->get<std::int64_t>() != row.version)
    return api_error(409, "conflict", "the program changed since you read it; reload and try again",
                     "/version");
  const auto& b = ctx.body;
  auto known = known_exercises(ctx, **data, row.clinic_id);
  if (!known) return store_error(known.error());
  if (auto u = unknown_in_body(*known, b)) return bad_field(*u);
  auto current = rehab::program_of(row);
  if (!current) return store_error(current.error());
  json j = rehab::to_json(*current);
  if (b.contains("title")) j["title"] = b["title"];
  if (b.contains("prescriptions")) j["prescriptions"] = b["prescriptions"];
  if (b.contains("auto_apply")) j["auto_apply"] = b["auto_apply"];
  const TimeUs now = now_us();
  j["version"] = row.version + 1;
  j["history"].push_back({{"version", row.version + 1},
                          {"by", ctx.principal().user_id},
                          {"at_us", now},
                          {"reason", str(b, "reason")},
                          {"kind", "edit"}});
  BodyProblem problem;
  auto next = checked_program(*known, j, problem, &*current);
  if (!next) return bad_field(problem);
  if (next->prescriptions.empty())
    return api_error(400, "invalid_body", "a program needs at least one exercise", "/prescriptions");
  clinic::HomeProgram updated = row;
  updated.title = next->title;
  updated.status = str(b, "status", row.status);
  updated.version = next->version;
  updated.program_json = rehab::to_json(*next).dump();
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::HomeProgram> {
    auto s = PHYSIO_TRY(tx.update_program(
        updated, row.version,
        clinic::ProgramVersion{
            .by = ctx.principal().user_id, .at_us = now, .reason = str(b, "reason"), .kind = "edit"}));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("program", s.id, s.patient_id)}));
    return s;
  });
  if (!stored) return store_error(stored.error());
  return json_ok(program_json(*stored, *next), 201);
}

// ---- the route table ------------------------------------------------------------------------------

constexpr std::uint64_t kProgramBodyBytes = 32 * 1024;
}  // namespace

void add_program_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/program-templates",
                              "Condition templates a program can start from (data/programs)", std::nullopt,
                              Target::kNone, "", list_templates));
  routes.push_back(with_body(
      make_route("POST", "/api/patients/{id}/programs",
                 "Prescribe a home exercise program from a template and/or prescriptions (version 1)",
                 Action::kWriteClinical, Target::kPatient, "program.create", create_program),
      {text_field("template_id", false, "condition template id (GET /api/program-templates)", 64),
       text_field("title", false, "the program's title (default: the template's name)", 200),
       json_field(
           "prescriptions", "array",
           "prescriptions: exercise_id, side, dosage {sets, reps, hold_s, rest_s, load, times_per_day, "
           "days_per_week}, start_date, end_date, target_rom_deg, notes; they replace the template's "
           "for the same exercise",
           check_prescriptions),
       json_field("auto_apply", "object",
                  "automatic progression within bounds: enabled, max_load_change_pct_per_week, max_steps",
                  check_auto_apply),
       date_field("start_date", "first day, YYYY-MM-DD (default: today)"),
       text_field("reason", false, "why this program", 500)},
      kProgramBodyBytes));
  routes.push_back(
      make_route("GET", "/api/patients/{id}/programs",
                 "A patient's programs as approved (the physiotherapist also sees how many proposals wait)",
                 Action::kReadClinical, Target::kPatient, "program.read", list_programs));
  routes.push_back(make_route("GET", "/api/programs/{id}",
                              "A program with its version history (who, when, why)", Action::kReadClinical,
                              Target::kProgram, "program.read", get_program));
  auto version_fields = std::vector<FieldSpec>{
      text_field("reason", true, "why the program changes", 500),
      number_field("version", "the version read; refused (409) if it changed since", 1, 1e15,
                   FieldType::kInteger),
      text_field("title", false, "new title", 200),
      json_field("prescriptions", "array", "the complete new list of prescriptions", check_prescriptions),
      json_field("auto_apply", "object", "new automatic progression bounds", check_auto_apply)};
  {
    FieldSpec status = text_field("status", false, "active or ended", 10);
    status.one_of = {"active", "ended"};
    version_fields.push_back(status);
  }
  routes.push_back(with_body(
      make_route("POST", "/api/programs/{id}/versions", "Change a program: a new version with the reason",
                 Action::kWriteClinical, Target::kProgram, "program.update", add_version),
      version_fields, kProgramBodyBytes));
}

}  // namespace physio::server
