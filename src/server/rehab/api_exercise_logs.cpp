// What the patient reports about their exercise: one log per exercise session (live or by hand) with
// repetitions, pain during, effort and a comment, and the next-morning pain question; and the lists of
// both.
#include <algorithm>
#include <cctype>
#include <map>

#include "exercise/library.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/pain_alert.hpp"
#include "server/http/services.hpp"
#include "server/rehab/program_access.hpp"
#include "server/rehab/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

// ---- what the patient reports ---------------------------------------------------------------------

/// "mini squat": the exercise's name in a sentence (the library's or the clinic's own; else its id).
std::string exercise_words(RequestContext& ctx, const std::string& clinic_id, const std::string& id) {
  std::string n = exercise_name(ctx.services.store(), clinic_id, id);
  if (!n.empty()) n[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(n[0])));
  return n;
}

std::optional<BodyProblem> check_reps_per_set(const json& v) {
  if (v.size() > 20) return BodyProblem{"", "at most 20 sets"};
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 0 || v[i].get<std::int64_t>() > 1000)
      return BodyProblem{fmt::format("/{}", i), "must be a whole number of repetitions, 0-1000"};
  }
  return std::nullopt;
}

net::Response create_exercise_log(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  const auto& b = ctx.body;
  const std::string exercise_id = str(b, "exercise_id");
  auto known = known_exercises(ctx, **data, patient.clinic_id);
  if (!known) return store_error(known.error());
  const std::string words = exercise_words(ctx, patient.clinic_id, exercise_id);
  if (!known->known(exercise_id))
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
  json advice = nullptr;
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::ExerciseLog> {
    // The program it belongs to: the one named, or the patient's active program that prescribes the
    // exercise; none for a practice session.
    log.program_id.clear();  // the store may run this again
    log.program_version = 0;
    // A log names only a live session of the same patient (another patient's session id would bind this
    // log to their report: answered as if the session did not exist).
    // A set the engine already rejected is stored as not counted (the lock orders this against the
    // analysis rejecting it now).
    if (!log.live_session_id.empty()) {
      auto s = tx.get_live_session(patient.clinic_id, log.live_session_id, true);
      if (!s || s->patient_id != patient.id)
        return fail(ErrorCode::kInvalidArgument, "/live_session_id|no live session '{}' for this patient",
                    log.live_session_id);
      log.not_counted_reason = s->not_counted_reason;
    }
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
      auto p = PHYSIO_TRY(rehab::program_of(row));
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
    advice = PHYSIO_TRY(
        pain_response(tx, ctx, patient, l.pain_during_nprs, rehab::PainWhen::kDuringExercise, words));
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
  json out = log_json(*stored);
  out["advice"] = advice;
  return json_ok(out, 201);
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
  json advice = nullptr;
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::MorningPainAnswer> {
    auto s = PHYSIO_TRY(tx.insert_morning_pain(a));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("morning_pain", s.id, patient.id)}));
    advice = PHYSIO_TRY(pain_response(tx, ctx, patient, s.nprs, rehab::PainWhen::kMorning, ""));
    return s;
  });
  if (!stored) return store_error(stored.error());
  return json_ok(
      {{"id", stored->id}, {"at", iso_time(stored->at_us)}, {"nprs", stored->nprs}, {"advice", advice}}, 201);
}

// ---- the lists -----------------------------------------------------------------------------------

/// The `from`/`to` query window (UTC ISO 8601; default: the last `default_days` days).
std::optional<net::Response> query_window(const RequestContext& ctx, TimeUs& from, TimeUs& to,
                                          int default_days) {
  to = now_us() + 1;
  from = to - static_cast<TimeUs>(default_days) * 86'400 * kUsPerSecond;
  for (const char* key : {"from", "to"}) {
    auto v = ctx.query(key);
    if (!v) continue;
    auto t = parse_iso_time(*v);
    if (!t) return api_error(400, "invalid_query", "must be a UTC time like 2026-11-01T00:00:00Z", key);
    (std::string_view(key) == "from" ? from : to) = *t;
  }
  if (from >= to) return api_error(400, "invalid_query", "from must be before to", "from");
  return std::nullopt;
}

net::Response list_exercise_logs(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  TimeUs from = 0, to = 0;
  if (auto e = query_window(ctx, from, to, 90)) return *e;
  auto list = ctx.services.store().read([&](store::Tx& tx) {
    // Rejected sets too, each with its reason: the person sees what was not counted and why.
    return tx.list_exercise_logs(patient.clinic_id, patient.id, {}, from, to,
                                 store::Tx::Logs::kWithNotCounted);
  });
  if (!list) return store_error(list.error());
  json items = json::array();
  for (const auto& l : *list) items.push_back(log_json(l));
  ctx.audit_read("exercise_log", "", patient.id);
  return json_ok({{"items", items}});
}

net::Response list_morning_pain(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  TimeUs from = 0, to = 0;
  if (auto e = query_window(ctx, from, to, 90)) return *e;
  auto list = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.list_morning_pain(patient.clinic_id, patient.id, from, to); });
  if (!list) return store_error(list.error());
  json items = json::array();
  for (const auto& m : *list) items.push_back({{"id", m.id}, {"at", iso_time(m.at_us)}, {"nprs", m.nprs}});
  ctx.audit_read("morning_pain", "", patient.id);
  return json_ok({{"items", items}});
}

// ---- the route table ------------------------------------------------------------------------------

constexpr std::uint64_t kLogBodyBytes = 4 * 1024;
}  // namespace

void add_exercise_log_routes(RouteTable& routes) {
  {
    FieldSpec source = text_field("source", false, "manual (default) or live", 10);
    source.one_of = {"manual", "live"};
    FieldSpec reps =
        json_field("reps_per_set", "array", "repetitions (or holds) done, per set", check_reps_per_set);
    routes.push_back(with_body(
        make_route("POST", "/api/patients/{id}/exercise-logs",
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
        kLogBodyBytes));
  }
  routes.push_back(with_query(
      make_route("GET", "/api/patients/{id}/exercise-logs",
                 "A patient's exercise sessions, oldest first (from/to: UTC times; default the last 90 "
                 "days)",
                 Action::kReadClinical, Target::kPatient, "exercise_log.read", list_exercise_logs),
      {{"from", "from this UTC time like 2026-11-01T00:00:00Z; default 90 days before to"},
       {"to", "until this UTC time like 2026-11-01T00:00:00Z; default now"}}));
  routes.push_back(
      with_query(make_route("GET", "/api/patients/{id}/morning-pain",
                            "A patient's morning pain answers, oldest first (from/to as for exercise logs)",
                            Action::kReadClinical, Target::kPatient, "morning_pain.read", list_morning_pain),
                 {{"from", "from this UTC time like 2026-11-01T00:00:00Z; default 90 days before to"},
                  {"to", "until this UTC time like 2026-11-01T00:00:00Z; default now"}}));
  routes.push_back(with_body(
      make_route("POST", "/api/patients/{id}/morning-pain", "Answer the morning pain question (NPRS 0-10)",
                 Action::kRecordSession, Target::kPatient, "morning_pain.create", create_morning_pain),
      {number_field("nprs", "pain this morning, 0-10", 0, 10, FieldType::kNumber, true),
       text_field("at", false, "when, UTC ISO 8601 (default: now)", 40)},
      kLogBodyBytes));
}

}  // namespace physio::server
