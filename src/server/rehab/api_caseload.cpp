// The physiotherapist's caseload sorted by need: every patient of the clinic with an active program or
// a reason to look, each with the reasons and their numbers. The rules are the rehab module's
// (caseload.hpp); change flags on measures come from the same rules as `physio imu flags`.
#include <algorithm>
#include <map>

#include "imu/functional/change_flags.hpp"
#include "rehab/caseload.hpp"
#include "server/rehab/routes.hpp"
#include "server/http/services.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/rehab/program_access.hpp"

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
  int pending = 0;
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

net::Response caseload(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "caseload", "")) return *d;
  const TimeUs now = now_us();
  constexpr TimeUs kDay = rehab::kUsPerDay;
  constexpr int kMaxPatients = 5000;
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<std::vector<PatientInputs>> {
    std::vector<PatientInputs> out;
    store::PatientQuery q;
    q.limit = 500;
    do {
      auto page = PHYSIO_TRY(tx.list_patients(who.clinic_id, q));
      for (auto& p : page.items) {
        PatientInputs in;
        for (auto& row : PHYSIO_TRY(tx.list_programs(who.clinic_id, p.id))) {
          if (row.status != "active") continue;
          auto prog = PHYSIO_TRY(rehab::program_of(row));
          in.programs.emplace_back(std::move(row), std::move(prog));
        }
        in.logs = PHYSIO_TRY(tx.list_exercise_logs(who.clinic_id, p.id, {}, now - 28 * kDay, now + 1));
        in.morning = PHYSIO_TRY(tx.list_morning_pain(who.clinic_id, p.id, now - 14 * kDay, now + 1));
        store::ObservationQuery oq;
        oq.from_us = now - 365 * kDay;
        in.observations = PHYSIO_TRY(tx.list_observations(who.clinic_id, p.id, oq));
        in.pending = static_cast<int>(PHYSIO_TRY(tx.list_proposals(who.clinic_id, p.id, "pending")).size());
        in.patient = std::move(p);
        out.push_back(std::move(in));
      }
      q.cursor = page.next_cursor;
    } while (!q.cursor.empty() && out.size() < kMaxPatients);
    return out;
  });
  if (!loaded) return store_error(loaded.error());

  struct Row {
    const PatientInputs* in;
    rehab::NeedAssessment need;
  };
  std::vector<Row> rows;
  int quiet = 0;
  for (const auto& in : *loaded) {
    auto need = rehab::assess_need(signals_of(in, now));
    if (in.programs.empty() && need.reasons.empty()) {
      ++quiet;
      continue;
    }
    rows.push_back({&in, std::move(need)});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.need.score > b.need.score; });
  json items = json::array();
  for (const auto& r : rows) {
    const auto& p = r.in->patient;
    json reasons = json::array();
    for (const auto& x : r.need.reasons)
      reasons.push_back({{"kind", x.kind}, {"priority", x.priority}, {"text", x.text}});
    TimeUs last = 0;
    for (const auto& l : r.in->logs) last = std::max(last, l.done_us);
    items.push_back({{"patient_id", p.id},
                     {"given_name", p.given_name},
                     {"family_name", p.family_name},
                     {"mrn", p.mrn},
                     {"score", r.need.score},
                     {"reasons", reasons},
                     {"active_programs", r.in->programs.size()},
                     {"last_session", last == 0 ? json(nullptr) : json(iso_time(last))},
                     {"pending_proposals", r.in->pending}});
    ctx.audit_read("caseload", "", p.id);
  }
  return json_ok({{"items", items}, {"without_program", quiet}, {"as_of", iso_time(now)}});
}

}  // namespace

void add_caseload_routes(RouteTable& routes) {
  routes.push_back(
      make_route("GET", "/api/caseload",
                 "The clinic's patients with an active program or a reason to look, sorted by need: "
                 "pain alerts, missed sessions, falling quality or range, worsened measures, "
                 "proposals waiting; each reason with its numbers",
                 Action::kReadClinical, Target::kClinic, "caseload.read", caseload));
}

}  // namespace physio::server
