// The physiotherapist's caseload sorted by need: every patient of the clinic with an active program or
// a reason to look, each with the reasons and their numbers. The rules are the rehab module's
// (caseload.hpp); change flags on measures come from the same rules as `physio imu flags`.
#include <algorithm>
#include <cmath>
#include <map>

#include "clinic/validation.hpp"
#include "imu/functional/change_flags.hpp"
#include "insight/recovery.hpp"
#include "rehab/caseload.hpp"
#include "rehab/caseload_ack.hpp"
#include "rehab/clinic_figures.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/pain_alert.hpp"
#include "server/http/services.hpp"
#include "server/rehab/program_access.hpp"
#include "server/rehab/routes.hpp"
#include "store/caseload_acks.hpp"
#include "store/messages.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

/// Observation codes (docs/metrics/observations.md) whose change the flag rules judge, by their metric
/// names in the change rules, with the words a clinician reads.
struct FlaggedCode {
  const char* code;
  const char* metric;
  const char* name;
};
constexpr FlaggedCode kFlaggedCodes[] = {
    {"gait-speed", "walking_speed_mps", "walking speed"},
    {"five-times-sit-to-stand", "five_times_sit_to_stand_s", "five times sit-to-stand"},
    {"89423-8", "tug_s", "Timed Up and Go"},
    {"66247-8", "chair_stand_30s_reps", "30-second chair stand"},
};

struct PatientInputs {
  clinic::Patient patient;
  std::vector<std::pair<clinic::HomeProgram, rehab::Program>> programs;
  std::vector<clinic::ExerciseLog> logs;
  std::vector<clinic::MorningPainAnswer> morning;
  std::vector<clinic::Observation> observations;
  std::vector<clinic::Appointment> appointments;
  int pending = 0;
  std::int64_t unread = 0;  ///< messages from the patient (or automatic alerts) no clinician has read
};

std::vector<rehab::FlagSignal> measure_flags(const std::vector<clinic::Observation>& obs) {
  std::vector<imu::DatedResult> results;
  for (const auto& o : obs)
    for (const auto& f : kFlaggedCodes)
      if (o.code == f.code) results.push_back({iso_date(o.effective_us), f.metric, o.value});
  if (results.empty()) return {};
  auto report = imu::compute_change_flags(results, imu::default_change_thresholds(), {});
  if (!report) return {};
  std::vector<rehab::FlagSignal> out;
  for (const auto& fl : report->flags) {
    if (fl.kind != "worsened") continue;
    const char* name = fl.metric.c_str();
    for (const auto& f : kFlaggedCodes)
      if (fl.metric == f.metric) name = f.name;
    out.push_back(
        {fl.metric, fmt::format("{} worsened: {:.2f} {} on {} against a baseline of {:.2f} {} (change "
                                "{:+.2f}, {} {:.2f} {})",
                                name, fl.current, fl.unit, fl.date, fl.baseline, fl.unit, fl.change,
                                fl.threshold_kind, fl.threshold, fl.unit)});
  }
  return out;
}

rehab::PatientSignals signals_of(const PatientInputs& in, TimeUs now) {
  rehab::PatientSignals s;
  s.now_us = now;
  for (const auto& l : in.logs)
    s.sessions.push_back({l.exercise_id, l.done_us, l.pain_during_nprs, l.mean_quality, l.rom_deg,
                          static_cast<int>(l.severe_cues)});
  for (const auto& m : in.morning) s.morning_pain.push_back({m.at_us, m.nprs});
  s.pending_proposals = in.pending;
  s.flags = measure_flags(in.observations);
  if (in.programs.empty()) return s;
  // Adherence over the last 7 complete local days; days since the last session the program asked for.
  const auto offset = rehab::zone_of(in.patient);
  const rehab::LocalDay today = rehab::local_day(now, offset);
  const TimeUs end_of_yesterday = rehab::local_time_to_utc(today, 0, offset) - 1;
  const auto sessions = rehab::session_logs(in.logs);
  rehab::AdherenceSignal a;
  rehab::LocalDay started = today;
  for (const auto& [row, program] : in.programs) {
    const rehab::LocalDay first = rehab::program_first_day(program, row, offset);
    started = std::min(started, first);
    const rehab::LocalDay from = std::max(first, today - a.days);
    if (from >= today) continue;
    const auto summary = rehab::compute_adherence(program, sessions, from, end_of_yesterday, offset);
    a.sessions_prescribed += summary.sessions_prescribed;
    a.sessions_done += summary.sessions_done;
  }
  s.adherence = a;
  rehab::LocalDay last = started;
  for (const auto& l : in.logs) last = std::max(last, rehab::local_day(l.done_us, offset));
  s.days_without_session = static_cast<int>(today - last);
  return s;
}

/// One patient's caseload inputs: active programs, the last 4 weeks' logs, 2 weeks of morning pain, a year
/// of measures, the proposals waiting.
Result<PatientInputs> load_inputs(store::Tx& tx, clinic::Patient p, TimeUs now) {
  constexpr TimeUs kDay = rehab::kUsPerDay;
  PatientInputs in;
  for (auto& row : PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id))) {
    if (row.status != "active") continue;
    auto prog = PHYSIO_TRY(rehab::program_of(row));
    in.programs.emplace_back(std::move(row), std::move(prog));
  }
  in.logs = PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id, {}, now - 28 * kDay, now + 1));
  in.morning = PHYSIO_TRY(tx.list_morning_pain(p.clinic_id, p.id, now - 14 * kDay, now + 1));
  store::ObservationQuery oq;
  oq.from_us = now - 365 * kDay;
  in.observations = PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id, oq));
  in.pending = static_cast<int>(PHYSIO_TRY(tx.list_proposals(p.clinic_id, p.id, "pending")).size());
  in.appointments = PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id));
  in.unread = PHYSIO_TRY(store::unread_messages(tx, p.clinic_id, p.id)).from_patient;
  in.patient = std::move(p);
  return in;
}

rehab::CaseloadAck ack_of(const store::CaseloadAckRow& a) {
  return {.kind = a.kind,
          .reason_text = a.reason_text,
          .action = a.action,
          .note = a.note,
          .by = a.by_user,
          .at_us = a.at_us,
          .until_us = a.until_us};
}

/// The clinic's figures (docs/metrics/caseload.md, "The clinic's figures"): patients with an active program,
/// the spread of their adherence over the last 28 complete days, visits missed over the last 90 days, and
/// the outcome course per condition (the recovery course's groups).
json clinic_figures(const std::vector<PatientInputs>& patients, const std::vector<risk::GroupCourse>& courses,
                    TimeUs now) {
  constexpr int kAdherenceDays = 28;
  constexpr TimeUs kMissedWindow = 90 * rehab::kUsPerDay;
  std::vector<double> pcts;
  std::vector<rehab::VisitOutcome> visits;
  int active = 0;
  for (const auto& in : patients) {
    if (!in.programs.empty()) ++active;
    for (const auto& a : in.appointments) visits.push_back({a.start_us, a.status});
    if (in.programs.empty()) continue;
    const auto offset = rehab::zone_of(in.patient);
    const rehab::LocalDay today = rehab::local_day(now, offset);
    const TimeUs end_of_yesterday = rehab::local_time_to_utc(today, 0, offset) - 1;
    const auto sessions = rehab::session_logs(in.logs);
    for (const auto& [row, program] : in.programs) {
      const rehab::LocalDay from =
          std::max(rehab::program_first_day(program, row, offset), today - kAdherenceDays);
      if (from >= today) continue;  // made today: nothing was due yet
      const auto a = rehab::compute_adherence(program, sessions, from, end_of_yesterday, offset);
      if (a.sessions_prescribed > 0) pcts.push_back(a.session_pct);
    }
  }
  const auto spread = rehab::adherence_spread(std::move(pcts));
  const auto missed = rehab::missed_visits(visits, now - kMissedWindow, now);
  json outcomes = json::array();
  for (const auto& c : courses)
    outcomes.push_back({{"condition", c.group},
                        {"episodes", c.episodes},
                        {"reached_goal", c.events},
                        {"ongoing", c.ongoing},
                        {"assessed", c.assessed},
                        {"text", c.text}});
  auto opt = [](const std::optional<double>& v) {
    return v ? json(std::round(*v * 10) / 10) : json(nullptr);
  };
  return {{"active_patients", active},
          {"adherence",
           {{"days", kAdherenceDays},
            {"programs", spread.programs},
            {"below_25_pct", spread.below_25},
            {"from_25_to_50_pct", spread.from_25_to_50},
            {"from_50_to_80_pct", spread.from_50_to_80},
            {"from_80_pct", spread.from_80},
            {"median_pct", opt(spread.median_pct)}}},
          {"missed_visits",
           {{"days", 90},
            {"kept", missed.kept},
            {"missed", missed.missed},
            {"missed_pct", opt(missed.missed_pct)}}},
          {"outcomes", outcomes}};
}

net::Response caseload(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "caseload", "")) return *d;
  const TimeUs now = now_us();
  constexpr int kMaxPatients = 5000;
  struct Loaded {
    std::vector<PatientInputs> patients;
    std::vector<store::CaseloadAckRow> acks;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    auto& out = l.patients;
    store::PatientQuery q;
    q.limit = 500;
    do {
      auto page = PHYSIO_TRY(tx.list_patients(who.clinic_id, q));
      for (auto& p : page.items) out.push_back(PHYSIO_TRY(load_inputs(tx, std::move(p), now)));
      q.cursor = page.next_cursor;
    } while (!q.cursor.empty() && out.size() < kMaxPatients);
    l.acks = PHYSIO_TRY(store::current_caseload_acks(tx, who.clinic_id, now));
    return l;
  });
  if (!loaded) return store_error(loaded.error());

  std::map<std::string, std::vector<rehab::CaseloadAck>> acks_of;
  for (const auto& a : loaded->acks) acks_of[a.patient_id].push_back(ack_of(a));
  std::map<std::string, std::string> names;
  if (!loaded->acks.empty()) {
    auto users = ctx.services.store().read([&](store::Tx& tx) { return tx.list_users(who.clinic_id); });
    if (!users) return store_error(users.error());
    for (const auto& u : *users) names[u.id] = u.display_name;
  }
  struct Row {
    const PatientInputs* in;
    rehab::AcknowledgedNeed need;
    int rank = 4;
  };
  std::vector<Row> rows;
  int quiet = 0;
  for (const auto& in : loaded->patients) {
    auto need = rehab::assess_need(signals_of(in, now));
    if (in.programs.empty() && need.reasons.empty() && in.unread == 0) {
      ++quiet;
      continue;
    }
    auto it = acks_of.find(in.patient.id);
    Row row{&in, rehab::apply_acks(need, it == acks_of.end() ? std::vector<rehab::CaseloadAck>{} : it->second,
                                   now)};
    row.rank = rehab::day_rank(row.need.open, in.unread);
    rows.push_back(std::move(row));
  }
  // The day's order (docs/metrics/caseload.md): the urgent first, then need; only the alerts still open
  // count, so an acknowledged or snoozed alert moves its patient down.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return rehab::before_on_the_day(a.rank, a.need.open.score, b.rank, b.need.open.score);
  });
  json items = json::array();
  for (const auto& r : rows) {
    const auto& p = r.in->patient;
    json reasons = json::array();
    for (const auto& x : r.need.open.reasons)
      reasons.push_back(
          {{"kind", x.kind}, {"priority", x.priority}, {"text", x.text}, {"stop_level", x.stop_level}});
    json held = json::array();
    for (const auto& h : r.need.held) {
      auto by = names.find(h.ack.by);
      held.push_back(
          {{"kind", h.reason.kind},
           {"priority", h.reason.priority},
           {"text", h.reason.text},
           {"action", h.ack.action},
           {"note", h.ack.note},
           {"by", by == names.end() || by->second.empty() ? "a former member of staff" : by->second},
           {"at", iso_time(h.ack.at_us)},
           {"until", iso_time(h.ack.until_us)}});
    }
    TimeUs last = 0;
    for (const auto& l : r.in->logs) last = std::max(last, l.done_us);
    items.push_back({{"patient_id", p.id},
                     {"given_name", p.given_name},
                     {"family_name", p.family_name},
                     {"mrn", p.mrn},
                     {"score", r.need.open.score},
                     {"rank", r.rank},
                     {"unread_messages", r.in->unread},
                     {"reasons", reasons},
                     {"held", held},
                     {"active_programs", r.in->programs.size()},
                     {"last_session", last == 0 ? json(nullptr) : json(iso_time(last))},
                     {"pending_proposals", r.in->pending}});
    ctx.audit_read("caseload", "", p.id);
  }
  auto courses = insight::clinic_courses(ctx.services.store(), who.clinic_id, now);
  if (!courses) return store_error(courses.error());
  return json_ok({{"items", items},
                  {"without_program", quiet},
                  {"as_of", iso_time(now)},
                  {"figures", clinic_figures(loaded->patients, *courses, now)}});
}

/// A clinician acknowledges an open alert ("seen, on it": it holds while its numbers stay the same, at most
/// a week) or snoozes a kind of alert until a date (at most 30 days; a pain alert comes back when its
/// numbers change), always with a reason. Acknowledging needs the alert to be open now; snoozing does not
/// (a patient away for two weeks).
net::Response acknowledge_alert(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const auto& b = ctx.body;
  const std::string kind = b["kind"].get<std::string>();
  const std::string action = b["action"].get<std::string>();
  const std::string note = b["note"].get<std::string>();
  if (note.find_first_not_of(" \t\r\n") == std::string::npos)
    return api_error(400, "invalid_body", "say why", "/note");
  const TimeUs now = now_us();
  const auto offset = rehab::zone_of(p);
  TimeUs snooze_until = 0;
  if (action == "snoozed") {
    const std::string until = b.contains("until") ? b["until"].get<std::string>() : std::string();
    auto day = rehab::parse_date(until);
    if (!day) return api_error(400, "invalid_body", "give the date the snooze ends (YYYY-MM-DD)", "/until");
    const rehab::LocalDay today = rehab::local_day(now, offset);
    if (*day <= today) return api_error(400, "invalid_body", "must be after today", "/until");
    if (*day > today + rehab::kSnoozeMaxDays)
      return api_error(400, "invalid_body",
                       fmt::format("must be at most {} days ahead", rehab::kSnoozeMaxDays), "/until");
    snooze_until = rehab::local_time_to_utc(*day, 0, offset);
  }
  auto stored =
      ctx.services.store().write([&](store::Tx& tx) -> Result<std::optional<store::CaseloadAckRow>> {
        auto in = PHYSIO_TRY(load_inputs(tx, p, now));
        const auto need = rehab::assess_need(signals_of(in, now));
        std::string text;
        for (const auto& r : need.reasons)
          if (r.kind == kind) text = r.text;
        if (text.empty() && action == "acknowledged") return std::optional<store::CaseloadAckRow>();
        store::CaseloadAckRow row{.clinic_id = p.clinic_id,
                                  .patient_id = p.id,
                                  .kind = kind,
                                  .reason_text = text,
                                  .action = action,
                                  .note = note,
                                  .by_user = ctx.principal().user_id,
                                  .at_us = now,
                                  .until_us = rehab::ack_until(action, now, snooze_until)};
        auto made = PHYSIO_TRY(store::insert_caseload_ack(tx, row));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("caseload_alert", made.id, p.id)}));
        // A pain alert acknowledged: its automatic message in the conversation has been dealt with too, so
        // it no longer counts as unread (what the patient wrote stays unread until the thread is opened).
        if (kind == "pain_high" && action == "acknowledged")
          PHYSIO_TRY(store::mark_automatic_read(tx, p.clinic_id, p.id, kPainAlertSender, row.by_user, now));
        return std::optional<store::CaseloadAckRow>(std::move(made));
      });
  if (!stored) return store_error(stored.error());
  if (!*stored)
    return api_error(409, "conflict",
                     "this patient has no open alert of that kind to acknowledge; snooze it instead",
                     "/kind");
  const auto& a = **stored;
  return json_ok({{"id", a.id},
                  {"kind", a.kind},
                  {"action", a.action},
                  {"text", a.reason_text.empty() ? json(nullptr) : json(a.reason_text)},
                  {"note", a.note},
                  {"at", iso_time(a.at_us)},
                  {"until", iso_time(a.until_us)}},
                 201);
}

}  // namespace

void add_caseload_routes(RouteTable& routes) {
  routes.push_back(
      make_route("GET", "/api/caseload",
                 "The clinic's patients with an active program or a reason to look, sorted by need: "
                 "pain alerts, missed sessions, falling quality or range, worsened measures, "
                 "proposals waiting; each reason with its numbers",
                 Action::kReadClinical, Target::kClinic, "caseload.read", caseload));
  auto ack =
      make_route("POST", "/api/patients/{id}/caseload-alerts",
                 "Acknowledge an open caseload alert (holds while its numbers stay the same, at most 7 "
                 "days) or snooze a kind of alert until a date (at most 30 days), with the reason",
                 Action::kAcknowledgeAlert, Target::kPatient, "caseload_alert.create", acknowledge_alert);
  ack.body = BodyKind::kJson;
  ack.max_body = 4 * 1024;
  ack.schema.fields = {{"kind",
                        FieldType::kString,
                        true,
                        "the alert's kind",
                        20,
                        {"pain_high", "pain_rising", "change_flag", "missed_sessions", "quality_falling",
                         "rom_falling", "severe_cues", "proposals_waiting"},
                        nullptr},
                       {"action",
                        FieldType::kString,
                        true,
                        "acknowledged or snoozed",
                        12,
                        {"acknowledged", "snoozed"},
                        nullptr},
                       {"note",
                        FieldType::kString,
                        true,
                        "why (what was done, or why it can wait)",
                        500,
                        {},
                        [](std::string_view v) { return clinic::text_problem(v, 500); }},
                       {"until",
                        FieldType::kString,
                        false,
                        "snoozed: the local date it ends (YYYY-MM-DD)",
                        10,
                        {},
                        clinic::date_problem}};
  routes.push_back(ack);
}

}  // namespace physio::server
