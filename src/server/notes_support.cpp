// Gathering a visit's data for the SOAP draft (see the header).
#include "server/notes_support.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exercise/library.hpp"
#include "measures/library.hpp"
#include "rehab/adherence.hpp"
#include "server/rehab_support.hpp"

namespace physio::server {
namespace {

constexpr TimeUs kDayUs = 86'400LL * 1'000'000;
constexpr TimeUs kFirstNoteLookBack = 90 * kDayUs;

std::string exercise_name(const std::string& id) {
  auto lib = exercise::default_library();
  if (!lib) return id;
  auto ex = (*lib)->find(id);
  if (!ex) return id;
  std::string n = (*ex)->name;
  if (!n.empty()) n[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(n[0])));
  return n;
}

int reps_of(const std::string& reps_json) {
  auto j = nlohmann::json::parse(reps_json, nullptr, false);
  int n = 0;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) n += v.get<int>();
  return n;
}

TimeUs day_start_us(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(ymd.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
  const auto days = std::chrono::sys_days{std::chrono::year{y} / m / d}.time_since_epoch().count();
  return static_cast<TimeUs>(days) * kDayUs;
}

}  // namespace

Result<notes::VisitInput> gather_visit(store::Tx& tx, const clinic::Patient& p,
                                       const std::optional<clinic::Episode>& chosen, TimeUs now) {
  notes::VisitInput in;
  in.patient = {p.id, p.given_name + " " + p.family_name, p.birth_date};
  std::optional<clinic::Episode> ep = chosen;
  if (!ep) {
    for (const auto& e : PHYSIO_TRY(tx.list_episodes(p.clinic_id, p.id)))
      if (e.status == "active" && (!ep || e.created_us > ep->created_us)) ep = e;
  }
  if (ep) {
    in.episode = {ep->id,
                  ep->condition_text,
                  ep->icd10_code,
                  ep->side,
                  ep->referral_date.empty() ? "" : ep->referral_date,
                  ep->goals};
    if (in.episode.start_date.empty()) {
      const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(
          std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(ep->created_us)))};
      in.episode.start_date = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                                          static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    }
  }
  // The window: from the last signed note, else the episode's start (at most 90 days back).
  TimeUs from = now - kFirstNoteLookBack;
  if (auto last = PHYSIO_TRY(tx.last_signed_note(p.clinic_id, p.id)))
    from = last->window_to_us;
  else if (ep)
    from = std::max(from, std::min(ep->created_us, day_start_us(in.episode.start_date)));
  in.window = {from, now};

  for (const auto& a : PHYSIO_TRY(tx.list_morning_pain(p.clinic_id, p.id, from, now)))
    in.morning_pain.push_back({a.id, a.at_us, a.nprs});
  const auto logs = PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id, {}, from, now));
  for (const auto& l : logs) {
    notes::ExerciseLogEntry e;
    e.id = l.id;
    e.done_us = l.done_us;
    e.exercise_id = l.exercise_id;
    e.exercise_name = exercise_name(l.exercise_id);
    e.source = l.source;
    e.reps_done = reps_of(l.reps_per_set);
    e.pain_during_nprs = l.pain_during_nprs;
    e.comment = l.comment;
    e.mean_quality = l.mean_quality;
    e.severe_cues = static_cast<int>(l.severe_cues);
    e.rom_deg = l.rom_deg;
    in.exercise_logs.push_back(std::move(e));
  }

  // Outcome measures, each instrument's series judged against its baseline (the whole history counts).
  if (auto lib = measures::default_measure_library()) {
    std::map<std::string, std::vector<measures::TimedScore>> series;
    std::map<std::string, std::vector<clinic::QuestionnaireResponse>> rows;
    for (const auto& r : PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id))) {
      auto s = measures::score_from_json(r.scores_json, r.answers_json);
      if (!s) continue;
      series[r.instrument_id].push_back({r.id, r.completed_us, r.episode_id.value_or(""), std::move(*s)});
      rows[r.instrument_id].push_back(r);
    }
    for (auto& [id, ts] : series) {
      auto inst = (*lib)->find(id);
      if (!inst) continue;
      for (std::size_t k = 0; k < ts.size(); ++k) {
        if (ts[k].at_us < from || ts[k].at_us > now) continue;
        notes::QuestionnaireEntry q;
        q.id = ts[k].id;
        q.instrument_id = id;
        q.completed_us = ts[k].at_us;
        q.valid = ts[k].score.valid;
        q.reason = ts[k].score.reason;
        for (const auto& v : ts[k].score.scores) {
          const auto* def = (*inst)->find_score(v.id);
          q.scores.push_back({v.id, def ? def->name : v.id, def ? def->unit : "", v.value});
        }
        q.vs_baseline = measures::compare_with_baseline(**inst, ts, k);
        in.questionnaires.push_back(std::move(q));
      }
    }
  }

  // Adherence of the active program over the weeks the window touches.
  for (const auto& row : PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id))) {
    if (row.status != "active") continue;
    auto program = program_of(row);
    if (!program) continue;
    const auto offset = zone_of(p);
    const auto all_logs = PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id, row.id));
    const auto first = std::max(program_first_day(*program, row, offset), rehab::local_day(from, offset));
    const auto a = rehab::compute_adherence(*program, session_logs(all_logs), first, now, offset);
    in.adherence.program_id = row.id;
    for (const auto& w : a.weeks)
      in.adherence.weeks.push_back({w.first_day, w.sessions_prescribed, w.sessions_done});
  }

  for (const auto& o : PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id))) {
    if (o.effective_us < from || o.effective_us > now) continue;
    in.observations.push_back({o.id, o.code, o.display, o.value, o.unit,
                               o.source == "imu"    ? "IMU"
                               : o.source == "pose" ? "video"
                                                    : o.method,
                               o.side, o.effective_us});
  }

  for (const auto& pr : PHYSIO_TRY(tx.list_proposals(p.clinic_id, p.id, ""))) {
    auto j = nlohmann::json::parse(pr.proposal_json, nullptr, false);
    notes::ProgramChange c;
    c.id = pr.id;
    c.exercise_name = exercise_name(pr.exercise_id);
    c.direction = pr.direction;
    c.state = pr.state;
    if (j.is_object() && j.contains("changes") && j["changes"].is_array()) {
      for (const auto& ch : j["changes"])
        if (ch.is_string()) c.summary += (c.summary.empty() ? "" : "; ") + ch.get<std::string>();
    }
    c.reason = j.is_object() ? j.value("summary", "") : "";
    c.decision_note = pr.decision_reason;
    c.proposed_us = pr.created_us;
    c.decided_us = pr.decided_us;
    in.program_changes.push_back(std::move(c));
  }

  int visits = 0;
  std::optional<notes::NextAppointment> next;
  for (const auto& a : PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id))) {
    if ((a.status == "fulfilled" || a.status == "arrived") && a.start_us <= now &&
        (!ep || a.start_us >= ep->created_us - kDayUs))
      ++visits;
    if (a.status == "booked" && a.start_us > now && (!next || a.start_us < next->start_us))
      next = notes::NextAppointment{a.id, a.start_us};
  }
  in.next_appointment = next;
  in.visit_in_episode = visits > 0 ? visits : 0;
  if (ep) in.plan_of_care_start = in.episode.start_date;
  return in;
}

}  // namespace physio::server
