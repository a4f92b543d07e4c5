// The patient's own view of their program: today's exercises (what is due, what is done, in their
// time zone), the morning pain question, and progress (weekly adherence, streaks, personal bests).
// The rules are the rehab module's (today.hpp, adherence.hpp); this file loads, authorizes and
// shapes the answer.
#include <algorithm>
#include <limits>
#include <map>

#include "rehab/today.hpp"
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

struct PatientProgramData {
  std::vector<std::pair<clinic::HomeProgram, rehab::Program>> programs;  ///< active ones
  std::vector<clinic::ExerciseLog> logs;                                 ///< the counted ones
  std::vector<clinic::MorningPainAnswer> morning;
  std::vector<clinic::ExerciseLog> not_counted;  ///< rejected sets since `morning_from`
};

Result<PatientProgramData> load_program_data(RequestContext& ctx, const clinic::Patient& patient,
                                             TimeUs morning_from) {
  return ctx.services.store().read([&](store::Tx& tx) -> Result<PatientProgramData> {
    PatientProgramData d;
    for (auto& row : PHYSIO_TRY(tx.list_programs(patient.clinic_id, patient.id))) {
      if (row.status != "active") continue;
      auto p = PHYSIO_TRY(rehab::program_of(row));
      d.programs.emplace_back(std::move(row), std::move(p));
    }
    d.logs = PHYSIO_TRY(tx.list_exercise_logs(patient.clinic_id, patient.id));
    for (auto& l : PHYSIO_TRY(tx.list_exercise_logs(patient.clinic_id, patient.id, {}, morning_from,
                                                    std::numeric_limits<TimeUs>::max(),
                                                    store::Tx::Logs::kWithNotCounted)))
      if (!l.not_counted_reason.empty()) d.not_counted.push_back(std::move(l));
    d.morning = PHYSIO_TRY(tx.list_morning_pain(patient.clinic_id, patient.id, morning_from));
    return d;
  });
}

json dosage_json(const rehab::Dosage& d) {
  return rehab::to_json(d);
}

json adherence_json(const rehab::AdherenceSummary& a, std::size_t last_weeks) {
  json weeks = json::array();
  const std::size_t from = a.weeks.size() > last_weeks ? a.weeks.size() - last_weeks : 0;
  for (std::size_t i = from; i < a.weeks.size(); ++i) {
    const auto& w = a.weeks[i];
    weeks.push_back({{"week", fmt::format("{}-W{:02}", w.week.year, w.week.week)},
                     {"first_day", w.first_day},
                     {"sessions_prescribed", w.sessions_prescribed},
                     {"sessions_done", w.sessions_done},
                     {"sessions_logged", w.sessions_logged},
                     {"session_pct", w.session_pct},
                     {"reps_prescribed", w.reps_prescribed},
                     {"reps_done", w.reps_done},
                     {"reps_pct", w.reps_pct}});
  }
  return {{"weeks", weeks},
          {"sessions_prescribed", a.sessions_prescribed},
          {"sessions_done", a.sessions_done},
          {"session_pct", a.session_pct},
          {"reps_prescribed", a.reps_prescribed},
          {"reps_done", a.reps_done},
          {"reps_pct", a.reps_pct},
          {"current_streak_days", a.current_streak_days},
          {"longest_streak_days", a.longest_streak_days}};
}

/// Sets the engine rejected, each with its reason (shown as not counted; they count nowhere). A live set is
/// listed once, by its latest log, however many logs name it.
json not_counted_json(const std::vector<clinic::ExerciseLog>& logs) {
  json out = json::array();
  std::map<std::string, std::size_t> by_session;  // live session -> its entry
  for (const auto& l : logs) {
    if (!l.live_session_id.empty()) {
      if (auto it = by_session.find(l.live_session_id); it != by_session.end()) {
        out[it->second] = {{"id", l.id},
                           {"exercise_id", l.exercise_id},
                           {"done", iso_time(l.done_us)},
                           {"reason", l.not_counted_reason},
                           {"live_session_id", l.live_session_id}};
        continue;
      }
      by_session[l.live_session_id] = out.size();
    }
    out.push_back({{"id", l.id},
                   {"exercise_id", l.exercise_id},
                   {"done", iso_time(l.done_us)},
                   {"reason", l.not_counted_reason},
                   {"live_session_id", l.live_session_id.empty() ? json(nullptr) : json(l.live_session_id)}});
  }
  return out;
}

json bests_json(const std::vector<clinic::ExerciseLog>& logs) {
  std::vector<rehab::LoggedSession> sessions;
  for (const auto& l : logs)
    sessions.push_back({l.exercise_id, l.done_us, rehab::reps_done(l), l.mean_quality, l.rom_deg,
                        static_cast<int>(l.severe_cues), l.pain_during_nprs});
  json out = json::array();
  for (const auto& b : rehab::personal_bests(sessions)) {
    out.push_back({{"exercise_id", b.exercise_id},
                   {"rom_deg", b.rom_deg ? json(*b.rom_deg) : json(nullptr)},
                   {"rom_at", b.rom_deg ? json(iso_time(b.rom_at_us)) : json(nullptr)},
                   {"quality", b.quality ? json(*b.quality) : json(nullptr)},
                   {"reps", b.reps},
                   {"clean_sessions", b.clean_sessions},
                   {"sessions", b.sessions}});
  }
  return out;
}

net::Response today(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const TimeUs now = now_us();
  const auto offset = rehab::zone_of(patient);
  const rehab::LocalDay day = rehab::local_day(now, offset);
  const TimeUs day_start = rehab::local_time_to_utc(day, 0, offset);
  auto data = load_program_data(ctx, patient, day_start);
  if (!data) return store_error(data.error());
  const auto sessions = rehab::session_logs(data->logs);

  json programs = json::array();
  int due = 0, done = 0;
  for (const auto& [row, program] : data->programs) {
    const auto plan = rehab::plan_today(program, sessions, now, offset);
    const auto adherence = rehab::compute_adherence(
        program, sessions, rehab::program_first_day(program, row, offset), now, offset);
    json items = json::array();
    for (const auto& t : plan.items) {
      const auto& rx = t.prescription;
      items.push_back({{"exercise_id", rx.exercise_id},
                       {"side", rehab::to_string(rx.side)},
                       {"dosage", dosage_json(rx.dosage)},
                       {"target_rom_deg", rx.target_rom_deg ? json(*rx.target_rom_deg) : json(nullptr)},
                       {"notes", rx.notes},
                       {"status", rehab::to_string(t.status)},
                       {"why", t.why},
                       {"done_today", t.done_today},
                       {"times_today", t.times_today},
                       {"days_done_this_week", t.days_done_this_week},
                       {"days_per_week", t.days_per_week},
                       {"days_left_this_week", t.days_left_this_week}});
    }
    due += plan.due;
    done += plan.done;
    const json week = adherence.weeks.empty() ? json(nullptr) : adherence_json(adherence, 1)["weeks"][0];
    programs.push_back({{"id", row.id},
                        {"title", row.title},
                        {"version", row.version},
                        {"items", items},
                        {"this_week", week},
                        {"current_streak_days", adherence.current_streak_days},
                        {"longest_streak_days", adherence.longest_streak_days}});
  }
  json answered = nullptr;
  for (const auto& m : data->morning)
    if (m.at_us >= day_start) answered = {{"nprs", m.nprs}, {"at", iso_time(m.at_us)}};
  ctx.audit_read("program", "", patient.id);
  return json_ok({{"date", rehab::format_date(day)},
                  {"time_zone", patient.time_zone.empty() ? "UTC" : patient.time_zone},
                  {"programs", programs},
                  {"due", due},
                  {"done", done},
                  {"not_counted", not_counted_json(data->not_counted)},
                  // Asked once a day while a program is active: how the body took yesterday's exercise.
                  {"morning_pain", {{"asked", !data->programs.empty()}, {"answer", answered}}}});
}

net::Response progress(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  std::size_t weeks = 12;
  if (auto w = ctx.query("weeks")) {
    char* end = nullptr;
    const long v = std::strtol(w->c_str(), &end, 10);
    if (end == w->c_str() || *end != '\0' || v < 1 || v > 104)
      return api_error(400, "invalid_query", "weeks must be 1-104", "weeks");
    weeks = static_cast<std::size_t>(v);
  }
  const TimeUs now = now_us();
  const auto offset = rehab::zone_of(patient);
  auto data = load_program_data(ctx, patient, now - static_cast<TimeUs>(weeks) * 7 * rehab::kUsPerDay);
  if (!data) return store_error(data.error());
  const auto sessions = rehab::session_logs(data->logs);
  json programs = json::array();
  for (const auto& [row, program] : data->programs) {
    json j =
        adherence_json(rehab::compute_adherence(program, sessions,
                                                rehab::program_first_day(program, row, offset), now, offset),
                       weeks);
    j["id"] = row.id;
    j["title"] = row.title;
    programs.push_back(std::move(j));
  }
  ctx.audit_read("program", "", patient.id);
  return json_ok({{"programs", programs},
                  {"personal_bests", bests_json(data->logs)},
                  {"not_counted", not_counted_json(data->not_counted)}});
}

}  // namespace

void add_today_routes(RouteTable& routes) {
  routes.push_back(
      make_route("GET", "/api/patients/{id}/today",
                 "Today's exercises in the patient's time zone: due, optional or done, and why; the "
                 "morning pain question; this week's adherence and the streak",
                 Action::kReadClinical, Target::kPatient, "program.read", today));
  routes.push_back(with_query(
      make_route("GET", "/api/patients/{id}/progress",
                 "Weekly adherence (sessions and repetitions against prescribed), streaks and personal "
                 "bests from clean sessions (weeks: 1-104, default 12)",
                 Action::kReadClinical, Target::kPatient, "program.read", progress),
      {{"weeks", "weeks to show, 1-104 (default 12)", "integer"}}));
}

}  // namespace physio::server
