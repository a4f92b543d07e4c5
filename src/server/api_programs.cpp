// Home exercise programs and progression, with the physiotherapist in charge: condition templates,
// programs and their versions (who, when, why), the patient's exercise logs and morning pain, the
// progression review (rules -> one proposal per prescription) and the physiotherapist's decision.
// The rules are the rehab module's; handlers load, authorize, call them, store and audit.
#include <algorithm>
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "exercise/library.hpp"
#include "rehab/adherence.hpp"
#include "rehab/approval.hpp"
#include "rehab/files.hpp"
#include "rehab/program.hpp"
#include "rehab/progression.hpp"
#include "rehab/tz_system.hpp"
#include "server/app.hpp"
#include "server/context.hpp"
#include "server/handler_util.hpp"
#include "server/http_util.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

// ---- data files ----------------------------------------------------------------------------------

/// The exercise library's ids, the condition templates and the progression rules, loaded once.
struct RehabData {
  std::vector<std::string> exercise_ids;
  std::vector<rehab::ProgramTemplate> templates;
  rehab::ProgressionRules rules;
};

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

// ---- errors of the rehab parsers as API field paths ----------------------------------------------

/// "prescriptions[2].dosage.reps: must be 1..100" -> {"/prescriptions/2/dosage/reps", the message}.
BodyProblem field_problem(const std::string& message, const std::string& prefix = "") {
  const auto colon = message.find(": ");
  std::string path = colon == std::string::npos ? "" : message.substr(0, colon);
  if (path.find(' ') != std::string::npos) path.clear();
  std::string field;
  for (char c : path) {
    if (c == '.' || c == '[') {
      field += '/';
    } else if (c != ']') {
      field += c;
    }
  }
  if (!field.empty()) field = "/" + field;
  return {prefix + field, message};
}

net::Response bad_field(const BodyProblem& p) {
  return api_error(400, "invalid_body", p.message, p.field);
}

/// Every prescription names a library exercise; else the field of the first that does not.
std::optional<BodyProblem> unknown_exercise(const RehabData& d, const rehab::Program& p) {
  for (std::size_t i = 0; i < p.prescriptions.size(); ++i) {
    const auto& id = p.prescriptions[i].exercise_id;
    if (!known_exercise(d, id))
      return BodyProblem{
          fmt::format("/prescriptions/{}/exercise_id", i),
          fmt::format("prescriptions[{}].exercise_id: '{}' is not in the exercise library", i, id)};
  }
  return std::nullopt;
}

/// The body's prescriptions name library exercises; else the field of the first that does not.
std::optional<BodyProblem> unknown_in_body(const RehabData& d, const json& body) {
  auto it = body.find("prescriptions");
  if (it == body.end() || !it->is_array()) return std::nullopt;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& rx = (*it)[i];
    const std::string id = rx.is_object() ? rx.value("exercise_id", "") : "";
    if (!known_exercise(d, id))
      return BodyProblem{fmt::format("/prescriptions/{}/exercise_id", i),
                         fmt::format("'{}' is not in the exercise library", id)};
  }
  return std::nullopt;
}

/// The program parsed, validated and checked against the library, with problems as field paths.
Result<rehab::Program> checked_program(const RehabData& d, const json& j, BodyProblem& problem) {
  auto p = rehab::program_from_json(j);
  if (!p) {
    problem = field_problem(p.error().message());
    return std::unexpected(p.error());
  }
  if (auto u = unknown_exercise(d, *p)) {
    problem = *u;
    return fail(ErrorCode::kInvalidArgument, "{}", u->message);
  }
  return p;
}

// ---- records as the API shows them ----------------------------------------------------------------

Result<rehab::Program> program_of(const clinic::HomeProgram& row) {
  auto j = json::parse(row.program_json, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kCorrupt, "program {} holds invalid JSON", row.id);
  auto p = rehab::program_from_json(j);
  if (!p) return std::unexpected(std::move(p).error().with_context("program " + row.id));
  return p;
}

json program_json(const clinic::HomeProgram& row, const rehab::Program& p) {
  json j = rehab::to_json(p);
  j["status"] = row.status;
  j["created"] = iso_time(row.created_us);
  j["updated"] = iso_time(row.updated_us);
  for (auto& h : j["history"]) h["at"] = iso_time(h["at_us"].get<TimeUs>());
  return j;
}

json proposal_json(const clinic::ProgressionProposal& p) {
  json j = json::parse(p.proposal_json, nullptr, false);
  if (j.is_discarded()) j = json::object();
  j["id"] = p.id;
  j["patient_id"] = p.patient_id;
  j["program_id"] = p.program_id;
  j["program_version"] = p.program_version;
  j["state"] = p.state;
  j["created"] = iso_time(p.created_us);
  j["decided_by"] = p.decided_by.empty() ? json(nullptr) : json(p.decided_by);
  j["decided"] = p.decided_us == 0 ? json(nullptr) : json(iso_time(p.decided_us));
  j["decision_reason"] = p.decision_reason;
  return j;
}

json log_json(const clinic::ExerciseLog& l) {
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json reps = json::parse(l.reps_per_set, nullptr, false);
  return {{"id", l.id},
          {"patient_id", l.patient_id},
          {"program_id", l.program_id.empty() ? json(nullptr) : json(l.program_id)},
          {"program_version", l.program_version},
          {"exercise_id", l.exercise_id},
          {"done", iso_time(l.done_us)},
          {"reps_per_set", reps.is_discarded() ? json::array() : reps},
          {"pain_during_nprs", opt(l.pain_during_nprs)},
          {"rpe", opt(l.rpe)},
          {"rir", opt(l.rir)},
          {"comment", l.comment},
          {"source", l.source},
          {"live_session_id", l.live_session_id.empty() ? json(nullptr) : json(l.live_session_id)},
          {"mean_quality", opt(l.mean_quality)},
          {"severe_cues", l.severe_cues},
          {"rom_deg", opt(l.rom_deg)}};
}

/// The audit event of a progression decision, as the rehab module described it.
store::AuditEventInput progression_event(const RequestContext& ctx, const rehab::ProgressionAudit& a,
                                         const std::string& patient_id) {
  store::AuditEventInput e = ctx.audit_event("program", a.program_id, patient_id);
  e.action = a.action;
  e.detail = json{{"exercise_id", a.exercise_id},
                  {"by", a.actor_id},
                  {"from_version", a.from_version},
                  {"to_version", a.to_version},
                  {"change", json::parse(a.detail, nullptr, false)}}
                 .dump();
  return e;
}

// ---- loading the record an {id} names -------------------------------------------------------------

/// Loads the program named by {id} in the caller's clinic and authorizes `action` (default: the
/// route's) on its patient.
std::optional<net::Response> load_program(RequestContext& ctx, clinic::HomeProgram& out,
                                          std::optional<Action> action = std::nullopt) {
  const std::string id = ctx.param("id");
  auto p = ctx.app.store().read([&](store::Tx& tx) { return tx.get_program(ctx.principal().clinic_id, id); });
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

std::string str(const json& body, const char* key, std::string fallback = "") {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? fallback : it->get<std::string>();
}

std::optional<double> num(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
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
  if (auto u = unknown_in_body(**data, b)) return bad_field(*u);
  const std::string start_date = str(b, "start_date", iso_date(now_us()));
  const std::string by = ctx.principal().user_id;
  const TimeUs now = now_us();

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
  auto program = checked_program(**data, j, problem);
  if (!program) return bad_field(problem);
  if (program->prescriptions.empty())
    return api_error(400, "invalid_body", "a program needs at least one exercise", "/prescriptions");

  auto created =
      ctx.app.store().write([&](store::Tx& tx) -> Result<std::pair<clinic::HomeProgram, rehab::Program>> {
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
  auto rows = ctx.app.store().read(
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
    auto p = program_of(row);
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
  auto versions =
      ctx.app.store().read([&](store::Tx& tx) { return tx.list_program_versions(row.clinic_id, row.id); });
  if (!versions) return store_error(versions.error());
  auto p = program_of(row);
  if (!p) return store_error(p.error());
  json j = program_json(row, *p);
  json vs = json::array();
  for (const auto& v : *versions) {
    json content = json::parse(v.program_json, nullptr, false);
    vs.push_back({{"version", v.version},
                  {"by", v.by},
                  {"at", iso_time(v.at_us)},
                  {"reason", v.reason},
                  {"kind", v.kind},
                  {"prescriptions",
                   content.is_discarded() ? json::array() : content.value("prescriptions", json::array())}});
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
  if (auto u = unknown_in_body(**data, b)) return bad_field(*u);
  auto current = program_of(row);
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
  auto next = checked_program(**data, j, problem);
  if (!next) return bad_field(problem);
  if (next->prescriptions.empty())
    return api_error(400, "invalid_body", "a program needs at least one exercise", "/prescriptions");
  clinic::HomeProgram updated = row;
  updated.title = next->title;
  updated.status = str(b, "status", row.status);
  updated.version = next->version;
  updated.program_json = rehab::to_json(*next).dump();
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<clinic::HomeProgram> {
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

// ---- what the patient reports ---------------------------------------------------------------------

std::optional<BodyProblem> check_reps_per_set(const json& v) {
  if (v.size() > 20) return BodyProblem{"", "at most 20 sets"};
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 0 || v[i].get<std::int64_t>() > 1000)
      return BodyProblem{fmt::format("/{}", i), "must be a whole number of repetitions, 0-1000"};
  }
  return std::nullopt;
}

/// A time given in the body ("done", "at"): not more than 5 minutes ahead and not before 2000.
std::optional<TimeUs> body_time(const json& b, const char* key, std::optional<net::Response>& error) {
  const std::string text = str(b, key);
  if (text.empty()) return now_us();
  auto t = parse_iso_time(text);
  constexpr TimeUs kSlack = 5 * 60 * kUsPerSecond;
  if (!t || *t > now_us() + kSlack || *t < 946'684'800 * kUsPerSecond) {
    error = api_error(400, "invalid_body", "must be a past UTC time like 2026-11-23T09:30:00Z",
                      std::string("/") + key);
    return std::nullopt;
  }
  return t;
}

net::Response create_exercise_log(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  const auto& b = ctx.body;
  const std::string exercise_id = str(b, "exercise_id");
  if (!known_exercise(**data, exercise_id))
    return api_error(400, "invalid_body", fmt::format("'{}' is not in the exercise library", exercise_id),
                     "/exercise_id");
  std::optional<net::Response> time_error;
  auto done = body_time(b, "done", time_error);
  if (!done) return *time_error;
  const std::string source = str(b, "source", "manual");
  if (source == "live" && str(b, "live_session_id").empty())
    return api_error(400, "invalid_body", "a live session's log names its live_session_id",
                     "/live_session_id");

  clinic::ExerciseLog log;
  log.clinic_id = patient.clinic_id;
  log.patient_id = patient.id;
  log.exercise_id = exercise_id;
  log.done_us = *done;
  log.reps_per_set = b.contains("reps_per_set") ? b["reps_per_set"].dump() : "[]";
  log.pain_during_nprs = num(b, "pain_during_nprs");
  log.rpe = num(b, "rpe");
  log.rir = num(b, "rir");
  log.comment = str(b, "comment");
  log.source = source;
  log.live_session_id = str(b, "live_session_id");
  log.mean_quality = num(b, "mean_quality");
  log.severe_cues = b.value("severe_cues", std::int64_t{0});
  log.rom_deg = num(b, "rom_deg");
  log.logged_by = ctx.principal().user_id;

  const std::string program_id = str(b, "program_id");
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<clinic::ExerciseLog> {
    // The program it belongs to: the one named, or the patient's active program that prescribes the
    // exercise; none for a practice session.
    log.program_id.clear();  // the store may run this again
    log.program_version = 0;
    std::vector<clinic::HomeProgram> candidates;
    if (!program_id.empty()) {
      auto p = tx.get_program(patient.clinic_id, program_id);
      if (!p || p->patient_id != patient.id)
        return fail(ErrorCode::kInvalidArgument, "/program_id|no program '{}' for this patient", program_id);
      candidates.push_back(*p);
    } else {
      candidates = PHYSIO_TRY(tx.list_programs(patient.clinic_id, patient.id));
      std::reverse(candidates.begin(), candidates.end());  // newest first
    }
    for (const auto& row : candidates) {
      if (row.status != "active" && program_id.empty()) continue;
      auto p = PHYSIO_TRY(program_of(row));
      if (p.find(exercise_id) != nullptr) {
        log.program_id = row.id;
        log.program_version = row.version;
        break;
      }
    }
    if (!program_id.empty() && log.program_id.empty())
      return fail(ErrorCode::kInvalidArgument, "/exercise_id|'{}' is not prescribed in program '{}'",
                  exercise_id, program_id);
    auto l = PHYSIO_TRY(tx.insert_exercise_log(log));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("exercise_log", l.id, patient.id)}));
    return l;
  });
  if (!stored) {
    const auto& m = stored.error().message();
    if (stored.error().code() == ErrorCode::kInvalidArgument && m.starts_with("/")) {
      const auto bar = m.find('|');
      return api_error(400, "invalid_body", m.substr(bar + 1), m.substr(0, bar));
    }
    return store_error(stored.error());
  }
  return json_ok(log_json(*stored), 201);
}

net::Response create_morning_pain(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  std::optional<net::Response> time_error;
  auto at = body_time(ctx.body, "at", time_error);
  if (!at) return *time_error;
  clinic::MorningPainAnswer a;
  a.clinic_id = patient.clinic_id;
  a.patient_id = patient.id;
  a.at_us = *at;
  a.nprs = ctx.body["nprs"].get<double>();
  a.recorded_by = ctx.principal().user_id;
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<clinic::MorningPainAnswer> {
    auto s = PHYSIO_TRY(tx.insert_morning_pain(a));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("morning_pain", s.id, patient.id)}));
    return s;
  });
  if (!stored) return store_error(stored.error());
  return json_ok({{"id", stored->id}, {"at", iso_time(stored->at_us)}, {"nprs", stored->nprs}}, 201);
}

// ---- progression ----------------------------------------------------------------------------------

/// The dosage of `exercise_id` in each stored version (nullopt where it was not prescribed).
std::vector<std::optional<rehab::Dosage>> dosage_by_version(
    const std::vector<clinic::ProgramVersion>& versions, const std::string& exercise_id) {
  std::vector<std::optional<rehab::Dosage>> out;
  for (const auto& v : versions) {
    std::optional<rehab::Dosage> d;
    auto j = json::parse(v.program_json, nullptr, false);
    if (!j.is_discarded()) {
      if (auto p = rehab::program_from_json(j)) {
        if (const auto* rx = p->find(exercise_id)) d = rx->dosage;
      }
    }
    out.push_back(d);
  }
  return out;
}

struct ReviewInputs {
  clinic::Patient patient;
  std::vector<clinic::ProgramVersion> versions;
  std::vector<clinic::ExerciseLog> logs;
  std::vector<clinic::MorningPainAnswer> morning;
};

rehab::UtcOffsetFn zone_of(const clinic::Patient& p) {
  if (p.time_zone.empty()) return [](TimeUs) -> std::int64_t { return 0; };
  return [zone = p.time_zone](TimeUs t) -> std::int64_t {
    static const rehab::SystemTzProvider tz;
    return tz.utc_offset_s(zone, t).value_or(0);
  };
}

/// The rehab module's input for one prescription: the sessions at its current dosage (the versions
/// since it last changed), each with that morning's and the next morning's pain answers, and the
/// adherence of the last two complete weeks.
rehab::ProgressionInput review_input(const rehab::Program& program, const rehab::Prescription& rx,
                                     const ReviewInputs& in, double adherence_pct, bool adherence_known,
                                     TimeUs now, const rehab::UtcOffsetFn& offset) {
  rehab::ProgressionInput x;
  x.program_id = program.id;
  x.program_version = program.version;
  x.prescription = rx;
  x.now_us = now;
  if (adherence_known) x.adherence_session_pct = adherence_pct;
  const auto dosages = dosage_by_version(in.versions, rx.exercise_id);
  // The first version of the run of versions (ending at the current one) with today's dosage.
  std::int64_t since = program.version;
  for (std::size_t i = dosages.size(); i-- > 0;) {
    if (!dosages[i] || *dosages[i] != rx.dosage) {
      x.previous_dosage = dosages[i];
      break;
    }
    since = in.versions[i].version;
  }
  std::map<rehab::LocalDay, double> morning_by_day;
  for (const auto& m : in.morning) {
    morning_by_day[rehab::local_day(m.at_us, offset)] = m.nprs;  // the day's latest answer
    x.morning_pain.push_back({m.at_us, m.nprs});
  }
  for (const auto& l : in.logs) {
    if (l.program_id != program.id || l.exercise_id != rx.exercise_id || l.program_version < since) continue;
    rehab::SessionOutcome s;
    s.done_us = l.done_us;
    auto reps = json::parse(l.reps_per_set, nullptr, false);
    if (reps.is_array())
      for (const auto& r : reps) s.reps_per_set.push_back(r.get<int>());
    s.pain_during_nprs = l.pain_during_nprs;
    s.rir_last_set = l.rir;
    s.rpe_last_set = l.rpe;
    s.mean_quality = l.mean_quality;
    s.severe_cues = static_cast<int>(l.severe_cues);
    s.rom_deg = l.rom_deg;
    const auto day = rehab::local_day(l.done_us, offset);
    for (const auto& m : in.morning) {
      if (rehab::local_day(m.at_us, offset) == day && m.at_us <= l.done_us)
        s.pain_morning_before_nprs = m.nprs;
    }
    if (auto it = morning_by_day.find(day + 1); it != morning_by_day.end())
      s.pain_next_morning_nprs = it->second;
    x.sessions.push_back(std::move(s));
  }
  return x;
}

net::Response review(RequestContext& ctx) {
  clinic::HomeProgram row;
  if (auto d = load_program(ctx, row)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  const TimeUs now = now_us();
  constexpr TimeUs kWindowUs = 28 * rehab::kUsPerDay;
  auto inputs = ctx.app.store().read([&](store::Tx& tx) -> Result<ReviewInputs> {
    ReviewInputs in;
    in.patient = PHYSIO_TRY(tx.get_patient(row.clinic_id, row.patient_id));
    in.versions = PHYSIO_TRY(tx.list_program_versions(row.clinic_id, row.id));
    in.logs = PHYSIO_TRY(tx.list_exercise_logs(row.clinic_id, row.patient_id, row.id));
    in.morning = PHYSIO_TRY(tx.list_morning_pain(row.clinic_id, row.patient_id, now - kWindowUs, now + 1));
    return in;
  });
  if (!inputs) return store_error(inputs.error());
  auto current = program_of(row);
  if (!current) return store_error(current.error());
  const auto offset = zone_of(inputs->patient);

  // Adherence of the complete local days of the last two weeks (today is not over yet).
  const rehab::LocalDay today = rehab::local_day(now, offset);
  rehab::LocalDay started = today;
  for (const auto& rx : current->prescriptions) {
    if (auto d = rehab::parse_date(rx.start_date)) started = std::min(started, *d);
  }
  const rehab::LocalDay first = std::max(today - 14, started);
  const bool adherence_known = first < today;
  double adherence_pct = 0;
  if (adherence_known) {
    std::vector<rehab::SessionLog> done;
    for (const auto& l : inputs->logs) {
      int reps = 0;
      auto r = json::parse(l.reps_per_set, nullptr, false);
      if (r.is_array())
        for (const auto& x : r) reps += x.get<int>();
      done.push_back({l.exercise_id, l.done_us, reps});
    }
    const TimeUs end_of_yesterday = rehab::local_time_to_utc(today, 0, offset) - 1;
    adherence_pct = rehab::compute_adherence(*current, done, first, end_of_yesterday, offset).session_pct;
  }

  // One proposal per prescription. Those within the program's automatic bounds are applied at once,
  // each as a new version; the others wait for the physiotherapist, made for the final version.
  rehab::Program program = *current;
  std::vector<rehab::Applied> applied;
  std::vector<rehab::Proposal> auto_proposals, waiting;
  std::vector<std::string> waiting_why;
  json holds = json::array();
  for (const auto& rx0 : current->prescriptions) {
    const rehab::Prescription rx = *program.find(rx0.exercise_id);
    auto in = review_input(program, rx, *inputs, adherence_pct, adherence_known, now, offset);
    rehab::Proposal prop = rehab::compute_proposal((*data)->rules, in);
    if (prop.direction == rehab::Direction::kHold) {
      holds.push_back({{"exercise_id", prop.exercise_id}, {"summary", prop.summary}});
      continue;
    }
    std::string why;
    auto a = rehab::auto_apply(program, prop, now, &why);
    if (!a) return api_error(500, "internal", a.error().message());
    if (*a) {
      program = (*a)->program;
      applied.push_back(std::move(**a));
      auto_proposals.push_back(std::move(prop));
    } else {
      waiting.push_back(std::move(prop));
      waiting_why.push_back(why);
    }
  }
  for (auto& w : waiting) w.program_version = program.version;

  const std::string by = ctx.principal().user_id;
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<std::vector<clinic::ProgressionProposal>> {
    std::vector<clinic::ProgressionProposal> out;
    // Earlier undecided proposals are replaced by this review's.
    for (const auto& old : PHYSIO_TRY(tx.list_pending_proposals(row.clinic_id, row.id)))
      PHYSIO_TRY(tx.decide_proposal(row.clinic_id, old.id, "stale", by, "replaced by a newer review"));
    clinic::HomeProgram latest = row;
    for (std::size_t i = 0; i < applied.size(); ++i) {
      const auto& a = applied[i];
      clinic::HomeProgram next = latest;
      next.version = a.program.version;
      next.program_json = rehab::to_json(a.program).dump();
      const auto& h = a.program.history.back();
      latest = PHYSIO_TRY(tx.update_program(
          next, latest.version,
          clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
      clinic::ProgressionProposal p;
      p.clinic_id = row.clinic_id;
      p.patient_id = row.patient_id;
      p.program_id = row.id;
      p.program_version = auto_proposals[i].program_version;
      p.exercise_id = auto_proposals[i].exercise_id;
      p.direction = std::string(rehab::to_string(auto_proposals[i].direction));
      p.proposal_json = rehab::to_json(auto_proposals[i]).dump();
      p.state = "auto_applied";
      p.decided_by = "auto";
      p.decided_us = now;
      p.decision_reason = h.reason;
      out.push_back(PHYSIO_TRY(tx.create_proposal(p)));
      PHYSIO_CHECK(tx.append_audit({progression_event(ctx, a.audit, row.patient_id)}));
    }
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      clinic::ProgressionProposal p;
      p.clinic_id = row.clinic_id;
      p.patient_id = row.patient_id;
      p.program_id = row.id;
      p.program_version = waiting[i].program_version;
      p.exercise_id = waiting[i].exercise_id;
      p.direction = std::string(rehab::to_string(waiting[i].direction));
      json j = rehab::to_json(waiting[i]);
      j["auto_apply"] = waiting_why[i];
      p.proposal_json = j.dump();
      out.push_back(PHYSIO_TRY(tx.create_proposal(p)));
    }
    auto event = ctx.audit_event("program", row.id, row.patient_id);
    event.detail = json{{"proposals", waiting.size()}, {"auto_applied", applied.size()}}.dump();
    PHYSIO_CHECK(tx.append_audit({event}));
    return out;
  });
  if (!stored) return store_error(stored.error());
  json proposals = json::array();
  for (const auto& p : *stored) proposals.push_back(proposal_json(p));
  return json_ok({{"program_id", row.id},
                  {"version", program.version},
                  {"adherence_session_pct", adherence_known ? json(adherence_pct) : json(nullptr)},
                  {"proposals", proposals},
                  {"holds", holds}});
}

net::Response list_proposals(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const std::string state = query_param(ctx.req, "state").value_or("");
  static const std::vector<std::string> kStates = {"",         "pending",      "approved", "edited",
                                                   "rejected", "auto_applied", "stale"};
  if (std::find(kStates.begin(), kStates.end(), state) == kStates.end())
    return api_error(400, "invalid_query",
                     "state must be pending, approved, edited, rejected, auto_applied or stale", "state");
  auto list = ctx.app.store().read(
      [&](store::Tx& tx) { return tx.list_proposals(patient.clinic_id, patient.id, state); });
  if (!list) return store_error(list.error());
  json items = json::array();
  for (const auto& p : *list) items.push_back(proposal_json(p));
  ctx.audit_read("proposal", "", patient.id);
  return json_ok({{"items", items}});
}

/// Parses the stored proposal back into the rehab module's struct (what apply_proposal needs).
Result<rehab::Proposal> proposal_of(const clinic::ProgressionProposal& row) {
  auto j = json::parse(row.proposal_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorCode::kCorrupt, "proposal {} holds invalid JSON", row.id);
  rehab::Proposal p;
  p.program_id = row.program_id;
  p.program_version = row.program_version;
  p.exercise_id = row.exercise_id;
  const std::string dir = j.value("direction", "hold");
  p.direction = dir == "progress"  ? rehab::Direction::kProgress
                : dir == "regress" ? rehab::Direction::kRegress
                                   : rehab::Direction::kHold;
  p.current = PHYSIO_TRY(rehab::dosage_from_json(j.value("current", json::object()), "current"));
  p.proposed = PHYSIO_TRY(rehab::dosage_from_json(j.value("proposed", json::object()), "proposed"));
  if (auto l = j.find("load_change_pct"); l != j.end() && l->is_number())
    p.load_change_pct = l->get<double>();
  p.summary = j.value("summary", "");
  p.created_us = j.value("created_us", TimeUs{0});
  return p;
}

net::Response decide(RequestContext& ctx) {
  const auto& who = ctx.principal();
  const std::string id = ctx.param("id");
  auto row = ctx.app.store().read([&](store::Tx& tx) { return tx.get_proposal(who.clinic_id, id); });
  if (!row) {
    if (row.error().code() != ErrorCode::kNotFound) return store_error(row.error());
    ctx.pending_reads.push_back(ctx.audit_event("proposal", "", "", "denied"));
    return api_error(404, "not_found", "no such proposal");
  }
  if (auto d = ctx.authorize({row->clinic_id, row->patient_id}, "proposal", row->id)) return *d;
  if (row->state != "pending")
    return api_error(409, "conflict", fmt::format("the proposal was already decided ({})", row->state));
  const auto& b = ctx.body;
  const std::string kind = str(b, "decision");
  rehab::ClinicianDecision decision;
  decision.kind = kind == "approve" ? rehab::DecisionKind::kApprove
                  : kind == "edit"  ? rehab::DecisionKind::kEdit
                                    : rehab::DecisionKind::kReject;
  decision.clinician_id = who.user_id;
  decision.reason = str(b, "reason");
  decision.at_us = now_us();
  if (decision.kind == rehab::DecisionKind::kEdit) {
    if (!b.contains("dosage")) return api_error(400, "invalid_body", "an edit gives the dosage", "/dosage");
    auto d = rehab::dosage_from_json(b["dosage"], "dosage");
    if (!d) return bad_field(field_problem(d.error().message()));
    decision.edited = *d;
  } else if (b.contains("dosage")) {
    return api_error(400, "invalid_body", "only an edit gives a dosage", "/dosage");
  }
  auto proposal = proposal_of(*row);
  if (!proposal) return store_error(proposal.error());

  // The program as it is now, and the decision applied to it, in one transaction with its audit event.
  struct Outcome {
    bool stale = false;
    std::string why;
    clinic::ProgressionProposal proposal;
    std::int64_t version = 0;
  };
  const std::string state = decision.kind == rehab::DecisionKind::kApprove ? "approved"
                            : decision.kind == rehab::DecisionKind::kEdit  ? "edited"
                                                                           : "rejected";
  auto out = ctx.app.store().write([&](store::Tx& tx) -> Result<Outcome> {
    Outcome o;
    auto prog_row = PHYSIO_TRY(tx.get_program(row->clinic_id, row->program_id));
    auto program = PHYSIO_TRY(program_of(prog_row));
    if (prog_row.version != row->program_version) {
      o.stale = true;
      o.why = fmt::format(
          "the program changed since the proposal was made (now version {}, proposal for version {})",
          prog_row.version, row->program_version);
      o.proposal = PHYSIO_TRY(tx.decide_proposal(row->clinic_id, row->id, "stale", who.user_id, o.why));
      o.version = prog_row.version;
      return o;
    }
    auto applied = rehab::apply_proposal(program, *proposal, decision);
    if (!applied) return std::unexpected(applied.error().with_context("decision"));
    // Decided first: the new version makes every other pending proposal of the old one stale.
    o.proposal = PHYSIO_TRY(tx.decide_proposal(row->clinic_id, row->id, state, who.user_id, decision.reason));
    if (decision.kind != rehab::DecisionKind::kReject) {
      clinic::HomeProgram next = prog_row;
      next.version = applied->program.version;
      next.program_json = rehab::to_json(applied->program).dump();
      const auto& h = applied->program.history.back();
      PHYSIO_TRY(tx.update_program(
          next, prog_row.version,
          clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
    }
    o.version = applied->program.version;
    PHYSIO_CHECK(tx.append_audit({progression_event(ctx, applied->audit, row->patient_id)}));
    return o;
  });
  if (!out) {
    const auto& e = out.error();
    if (e.code() == ErrorCode::kInvalidArgument && !e.context().empty() && e.context().front() == "decision")
      return bad_field(field_problem(e.message()));
    if (e.code() == ErrorCode::kNotFound && e.message().starts_with("pending proposal"))
      return api_error(409, "conflict", "the proposal was decided meanwhile");
    return store_error(e);
  }
  if (out->stale) return api_error(409, "stale", out->why + "; review the program again");
  json j = proposal_json(out->proposal);
  j["program_version"] = out->version;
  return json_ok(j);
}

// ---- the route table ------------------------------------------------------------------------------

Route route(std::string method, std::string pattern, std::string summary, std::optional<Action> action,
            Target target, std::string audit, std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), action, target,
                    std::move(audit), std::move(fn));
}

Route with_body(Route r, std::vector<FieldSpec> fields, std::uint64_t max_body) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  r.max_body = max_body;
  return r;
}

FieldSpec text_field(std::string name, bool required, std::string description, std::size_t max_length) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kString;
  f.required = required;
  f.description = std::move(description);
  f.max_length = max_length;
  return f;
}

FieldSpec number_field(std::string name, std::string description, double min, double max,
                       FieldType type = FieldType::kNumber, bool required = false) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.required = required;
  f.description = std::move(description);
  f.min = min;
  f.max = max;
  return f;
}

FieldSpec json_field(std::string name, std::string json_type, std::string description,
                     std::function<std::optional<BodyProblem>(const json&)> check) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kJson;
  f.description = std::move(description);
  f.json_type = std::move(json_type);
  f.json_check = std::move(check);
  return f;
}

FieldSpec date_field(std::string name, std::string description) {
  FieldSpec f = text_field(std::move(name), false, std::move(description), 10);
  f.check = [](std::string_view v) -> std::string {
    return rehab::parse_date(v) ? "" : "must be a date (YYYY-MM-DD)";
  };
  return f;
}

constexpr std::uint64_t kProgramBodyBytes = 32 * 1024;
constexpr std::uint64_t kSmallBodyBytes = 4 * 1024;

}  // namespace

void add_program_routes(std::vector<Route>& routes) {
  routes.push_back(route("GET", "/api/program-templates",
                         "Condition templates a program can start from (data/programs)", std::nullopt,
                         Target::kNone, "", list_templates));
  routes.push_back(with_body(
      route("POST", "/api/patients/{id}/programs",
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
      route("GET", "/api/patients/{id}/programs",
            "A patient's programs as approved (the physiotherapist also sees how many proposals wait)",
            Action::kReadClinical, Target::kPatient, "program.read", list_programs));
  routes.push_back(route("GET", "/api/programs/{id}", "A program with its version history (who, when, why)",
                         Action::kReadClinical, Target::kProgram, "program.read", get_program));
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
      route("POST", "/api/programs/{id}/versions", "Change a program: a new version with the reason",
            Action::kWriteClinical, Target::kProgram, "program.update", add_version),
      version_fields, kProgramBodyBytes));
  {
    FieldSpec source = text_field("source", false, "manual (default) or live", 10);
    source.one_of = {"manual", "live"};
    FieldSpec reps =
        json_field("reps_per_set", "array", "repetitions (or holds) done, per set", check_reps_per_set);
    routes.push_back(with_body(
        route("POST", "/api/patients/{id}/exercise-logs",
              "Log one exercise session: repetitions, pain during (NPRS), effort (RPE or RIR), comment",
              Action::kRecordSession, Target::kPatient, "exercise_log.create", create_exercise_log),
        {text_field("exercise_id", true, "library exercise id", 64),
         text_field("program_id", false, "the program (default: the active one prescribing the exercise)",
                    64),
         text_field("done", false, "when it ended, UTC ISO 8601 (default: now)", 40), reps,
         number_field("pain_during_nprs", "highest pain during or right after, 0-10", 0, 10),
         number_field("rpe", "effort of the last set, CR-10 0-10", 0, 10),
         number_field("rir", "repetitions in reserve after the last set, 0-10", 0, 10),
         text_field("comment", false, "the patient's words", 1000), source,
         text_field("live_session_id", false, "the live session it came from", 64),
         number_field("mean_quality", "movement quality 0-100 (live or recorded sessions)", 0, 100),
         number_field("severe_cues", "form cues of high severity", 0, 1000, FieldType::kInteger),
         number_field("rom_deg", "mean range of motion, degrees", 0, 360)},
        kSmallBodyBytes));
  }
  routes.push_back(with_body(
      route("POST", "/api/patients/{id}/morning-pain", "Answer the morning pain question (NPRS 0-10)",
            Action::kRecordSession, Target::kPatient, "morning_pain.create", create_morning_pain),
      {number_field("nprs", "pain this morning, 0-10", 0, 10, FieldType::kNumber, true),
       text_field("at", false, "when, UTC ISO 8601 (default: now)", 40)},
      kSmallBodyBytes));
  routes.push_back(route("POST", "/api/programs/{id}/review",
                         "Run the progression rules: one proposal per prescription that is not a hold; steps "
                         "within the program's automatic bounds are applied at once",
                         Action::kReviewProgression, Target::kProgram, "progression.review", review));
  routes.push_back(route("GET", "/api/patients/{id}/proposals",
                         "A patient's progression proposals with their votes and numbers (state filter)",
                         Action::kReviewProgression, Target::kPatient, "proposal.read", list_proposals));
  {
    FieldSpec decision = text_field("decision", true, "approve, edit or reject", 10);
    decision.one_of = {"approve", "edit", "reject"};
    routes.push_back(
        with_body(route("POST", "/api/proposals/{id}/decision",
                        "Approve, edit (with the dosage) or reject a proposal; an approval or edit is a new "
                        "program version",
                        Action::kReviewProgression, Target::kProposal, "progression.decide", decide),
                  {decision, text_field("reason", false, "why", 500),
                   json_field("dosage", "object", "the dosage to prescribe instead (edit only)",
                              [](const json& v) -> std::optional<BodyProblem> {
                                auto d = rehab::dosage_from_json(v, "dosage");
                                if (!d) {
                                  auto fp = field_problem(d.error().message());
                                  if (fp.field.starts_with("/dosage")) fp.field = fp.field.substr(7);
                                  return fp;
                                }
                                return std::nullopt;
                              })},
                  kSmallBodyBytes));
  }
}

}  // namespace physio::server
