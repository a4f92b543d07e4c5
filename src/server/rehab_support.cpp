// What the home-program handlers share: see rehab_support.hpp.
#include "server/rehab_support.hpp"

#include <algorithm>
#include <mutex>

#include <spdlog/spdlog.h>

#include "exercise/library.hpp"
#include "rehab/files.hpp"
#include "rehab/tz_system.hpp"
#include "server/app.hpp"
#include "server/handler_util.hpp"
#include "server/http_util.hpp"

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

// ---- errors of the rehab parsers as API field paths ----------------------------------------------

/// "prescriptions[2].dosage.reps: must be 1..100" -> {"/prescriptions/2/dosage/reps", the message}.
BodyProblem field_problem(const std::string& message, const std::string& prefix) {
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

// ---- loading the record an {id} names -------------------------------------------------------------

/// Loads the program named by {id} in the caller's clinic and authorizes `action` (default: the
/// route's) on its patient.
std::optional<net::Response> load_program(RequestContext& ctx, clinic::HomeProgram& out,
                                          std::optional<Action> action) {
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

std::string str(const json& body, const char* key, std::string fallback) {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? fallback : it->get<std::string>();
}

std::optional<double> num(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}

rehab::UtcOffsetFn zone_of(const clinic::Patient& p) {
  if (p.time_zone.empty()) return [](TimeUs) -> std::int64_t { return 0; };
  return [zone = p.time_zone](TimeUs t) -> std::int64_t {
    static const rehab::SystemTzProvider tz;
    return tz.utc_offset_s(zone, t).value_or(0);
  };
}

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

FieldSpec date_field(std::string name, std::string description) {
  FieldSpec f = text_field(std::move(name), false, std::move(description), 10);
  f.check = [](std::string_view v) -> std::string {
    return rehab::parse_date(v) ? "" : "must be a date (YYYY-MM-DD)";
  };
  return f;
}

int reps_done(const clinic::ExerciseLog& l) {
  int n = 0;
  auto r = json::parse(l.reps_per_set, nullptr, false);
  if (r.is_array())
    for (const auto& x : r)
      if (x.is_number_integer()) n += x.get<int>();
  return n;
}

std::vector<rehab::SessionLog> session_logs(const std::vector<clinic::ExerciseLog>& logs) {
  std::vector<rehab::SessionLog> out;
  out.reserve(logs.size());
  for (const auto& l : logs) out.push_back({l.exercise_id, l.done_us, reps_done(l)});
  return out;
}

rehab::LocalDay program_first_day(const rehab::Program& p, const clinic::HomeProgram& row,
                                  const rehab::UtcOffsetFn& offset) {
  rehab::LocalDay first = rehab::local_day(row.created_us, offset);
  for (const auto& rx : p.prescriptions)
    if (auto d = rehab::parse_date(rx.start_date)) first = std::min(first, *d);
  return first;
}

}  // namespace physio::server
