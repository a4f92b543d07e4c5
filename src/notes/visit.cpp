// The visit a note is drafted from, as rules over the stored rows (see the header).
#include "notes/visit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "measures/change.hpp"
#include "measures/score.hpp"
#include "notes/wording.hpp"
#include "rehab/adherence.hpp"
#include "rehab/calendar.hpp"
#include "rehab/program_diff.hpp"
#include "rehab/program_rows.hpp"

namespace physio::notes {
namespace {

constexpr TimeUs kDayUs = 86'400LL * 1'000'000;

std::int64_t floor_days(TimeUs t) {
  return t >= 0 ? t / kDayUs : -((-t + kDayUs - 1) / kDayUs);
}

}  // namespace

std::optional<clinic::Episode> latest_active_episode(const std::vector<clinic::Episode>& episodes) {
  std::optional<clinic::Episode> ep;
  for (const auto& e : episodes)
    if (e.status == "active" && (!ep || e.created_us > ep->created_us)) ep = e;
  return ep;
}

EpisodeInfo episode_info(const clinic::Episode& e) {
  EpisodeInfo info{e.id, e.condition_text, e.icd10_code, e.side, e.referral_date, e.goals};
  if (info.start_date.empty()) info.start_date = iso_date_from_days(floor_days(e.created_us));
  return info;
}

TimeUs episode_start_us(const clinic::Episode& episode) {
  const auto start = days_from_iso_date(episode_info(episode).start_date);
  return start ? std::min(episode.created_us, static_cast<TimeUs>(*start) * kDayUs) : episode.created_us;
}

TimeUs visits_from_us(const clinic::Episode& episode, const std::vector<clinic::Episode>& all_episodes) {
  TimeUs from = episode_start_us(episode);
  for (const auto& e : all_episodes)
    if (e.id != episode.id && (e.status == "finished" || e.status == "cancelled") &&
        e.created_us < episode.created_us && e.updated_us <= episode.created_us)
      from = std::max(from, e.updated_us);
  return from;
}

TimeUs window_start(TimeUs now, std::optional<TimeUs> last_signed_window_to,
                    const std::optional<clinic::Episode>& episode) {
  TimeUs from = now - kFirstNoteLookBackUs;
  if (last_signed_window_to) return *last_signed_window_to;
  if (episode) from = std::max(from, episode_start_us(*episode));
  return from;
}

PeriodInfo note_period(std::string_view type, TimeUs now, const std::vector<SignedNoteRef>& signed_notes,
                       const std::optional<clinic::Episode>& episode) {
  const SignedNoteRef* last = nullptr;
  for (const auto& n : signed_notes)
    if (!last || n.window_to_us > last->window_to_us ||
        (n.window_to_us == last->window_to_us && n.id > last->id))
      last = &n;
  PeriodInfo daily;
  daily.from_us = window_start(now, last ? std::optional<TimeUs>(last->window_to_us) : std::nullopt, episode);
  if (last) {
    daily.after_note_id = last->id;
    daily.after_note_type = last->type;
    daily.after_note_to_us = last->window_to_us;
  }
  const bool report = type == "progress_report";
  if (!episode || (!report && type != "discharge_summary")) return daily;
  PeriodInfo p;
  p.basis = "episode";
  p.from_us = episode_start_us(*episode);
  if (!report) return p;
  const SignedNoteRef* since = nullptr;
  for (const auto& n : signed_notes) {
    if (n.episode_id != episode->id || (n.type != "initial_evaluation" && n.type != "progress_report"))
      continue;
    if (!since || n.window_to_us > since->window_to_us ||
        (n.window_to_us == since->window_to_us && n.id > since->id))
      since = &n;
  }
  if (!since) return p;
  p.basis = "last_report";
  p.from_us = since->window_to_us;
  p.after_note_id = since->id;
  p.after_note_type = since->type;
  p.after_note_to_us = since->window_to_us;
  return p;
}

std::string instrument_display_name(const measures::Instrument& instrument) {
  std::string n = instrument.name;
  if (!n.empty() && n.back() == ')') {
    if (const auto open = n.rfind(" ("); open != std::string::npos && open > 0) n.resize(open);
  }
  return n.empty() ? instrument.id : n;
}

VisitInput assemble_visit(const VisitRows& rows, const measures::MeasureLibrary* library,
                          const ExerciseNameFn& exercise_name) {
  const auto& p = rows.patient;
  const TimeUs from = rows.from;
  const TimeUs now = rows.now;
  const auto& ep = rows.episode;
  VisitInput in;
  in.patient = {p.id, p.given_name + " " + p.family_name, p.birth_date};
  if (ep) in.episode = episode_info(*ep);
  in.window = {from, now};
  in.period = rows.period;
  in.period.from_us = from;

  // A live set's stored recording, by session and the other way round.
  std::map<std::string, std::string> recording_of_session;
  std::set<std::string> live_recordings;
  for (const auto& ls : rows.live_sessions)
    if (!ls.recording_id.empty()) {
      recording_of_session[ls.id] = ls.recording_id;
      live_recordings.insert(ls.recording_id);
    }

  for (const auto& a : rows.morning_pain) in.morning_pain.push_back({a.id, a.at_us, a.nprs});
  for (const auto& l : rows.exercise_logs) {
    ExerciseLogEntry e;
    e.id = l.id;
    e.done_us = l.done_us;
    e.exercise_id = l.exercise_id;
    e.exercise_name = exercise_name(l.exercise_id);
    e.source = l.source;
    e.reps_done = rehab::reps_done(l);
    e.pain_during_nprs = l.pain_during_nprs;
    e.comment = l.comment;
    e.mean_quality = l.mean_quality;
    e.severe_cues = static_cast<int>(l.severe_cues);
    e.rom_deg = l.rom_deg;
    if (const auto it = recording_of_session.find(l.live_session_id);
        !l.live_session_id.empty() && it != recording_of_session.end())
      e.recording_id = it->second;
    in.exercise_logs.push_back(std::move(e));
  }

  // Outcome measures, each instrument's series judged against its baseline (the whole history counts).
  if (library != nullptr) {
    std::map<std::string, std::vector<measures::TimedScore>> series;
    for (const auto& r : rows.questionnaire_responses) {
      auto s = measures::score_from_json(r.scores_json, r.answers_json);
      if (!s) continue;
      series[r.instrument_id].push_back({r.id, r.completed_us, r.episode_id.value_or(""), std::move(*s)});
    }
    for (auto& [id, ts] : series) {
      auto inst = library->find(id);
      if (!inst) continue;
      for (std::size_t k = 0; k < ts.size(); ++k) {
        if (ts[k].at_us < from || ts[k].at_us > now) continue;
        QuestionnaireEntry q;
        q.id = ts[k].id;
        q.instrument_id = id;
        q.label = instrument_display_name(**inst);
        q.completed_us = ts[k].at_us;
        q.valid = ts[k].score.valid;
        q.reason = ts[k].score.reason;
        for (const auto& v : ts[k].score.scores) {
          const auto* def = (*inst)->find_score(v.id);
          q.scores.push_back({v.id, def ? def->name : v.id, def ? def->unit : "", v.value});
        }
        q.other_episode = !ts[k].episode_id.empty() && (!ep || ts[k].episode_id != ep->id);
        if (!q.other_episode) q.vs_baseline = measures::compare_with_baseline(**inst, ts, k);
        in.questionnaires.push_back(std::move(q));
      }
    }
  }

  // Without an active program, the one that ended in the window (its logs are still the window's).
  const clinic::HomeProgram* ended = nullptr;
  for (const auto& prog : rows.programs)
    if (prog.row.status == "ended" && prog.row.updated_us >= from && prog.row.updated_us <= now &&
        (!ended || prog.row.updated_us > ended->updated_us))
      ended = &prog.row;
  if (ended) {
    const auto offset = rehab::zone_of(p);
    in.adherence.ended_program_id = ended->id;
    if (auto program = rehab::program_of(*ended))
      in.adherence.ended_program_start =
          rehab::format_date(rehab::program_first_day(*program, *ended, offset));
    in.adherence.ended_on = rehab::format_date(rehab::local_day(ended->updated_us, offset));
  }
  // Adherence of the active program over whole days: from the program's first full day (the day after
  // the one it was made on, unless made at midnight) or the window's first day, whichever is later, to the
  // day before the visit (the visit's own day is not over). Without a whole day there is nothing to judge.
  for (const auto& prog : rows.programs) {
    if (prog.row.status != "active") continue;
    auto program = rehab::program_of(prog.row);
    if (!program) continue;
    const auto offset = rehab::zone_of(p);
    const auto made = rehab::program_first_day(*program, prog.row, offset);
    const auto first_full =
        rehab::local_time_to_utc(made, 0, offset) == prog.row.created_us ? made : made + 1;
    const auto first = std::max(first_full, rehab::local_day(from, offset));
    const auto today = rehab::local_day(now, offset);
    const auto last = today - 1;
    in.adherence.program_id = prog.row.id;
    // What the program holds on the visit's day (ISO dates compare as text).
    const std::string on = rehab::format_date(today);
    in.adherence.items.clear();
    for (const auto& rx : program->prescriptions) {
      if ((!rx.start_date.empty() && rx.start_date > on) || (!rx.end_date.empty() && rx.end_date < on))
        continue;
      in.adherence.items.push_back({exercise_name(rx.exercise_id), rehab::prescription_words(rx)});
    }
    in.adherence.program_start = rehab::format_date(made);
    in.adherence.from_day = rehab::format_date(first);
    in.adherence.to_day = rehab::format_date(last);
    in.adherence.weeks.clear();
    if (first > last) continue;
    const TimeUs end_of_last = rehab::local_time_to_utc(today, 0, offset) - 1;
    const auto a =
        rehab::compute_adherence(*program, rehab::session_logs(prog.logs), first, end_of_last, offset);
    for (const auto& w : a.weeks)
      in.adherence.weeks.push_back({w.first_day, w.sessions_prescribed, w.sessions_done});
  }

  for (const auto& o : rows.observations) {
    if (o.effective_us < from || o.effective_us > now) continue;
    const std::string recording = o.recording_id.value_or("");
    // A live set's measures are a live session's, whatever file the analysis read them from.
    const std::string method = live_recordings.contains(recording) ? std::string("live session")
                               : o.source == "imu"                 ? std::string("IMU")
                               : o.source == "pose"                ? std::string("video")
                                                                   : method_in_words(o.method);
    in.observations.push_back(
        {o.id, o.code, o.display, o.value, o.unit, method, o.side, o.effective_us, recording});
  }

  for (const auto& pr : rows.proposals) {
    auto j = nlohmann::json::parse(pr.proposal_json, nullptr, false);
    ProgramChange c;
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
  const TimeUs visits_from = ep ? visits_from_us(*ep, rows.all_episodes) : 0;
  std::optional<NextAppointment> next;
  for (const auto& a : rows.appointments) {
    if ((a.status == "fulfilled" || a.status == "arrived") && a.start_us <= now &&
        (!ep || a.start_us >= visits_from))
      ++visits;
    if (a.status == "booked" && a.start_us > now && (!next || a.start_us < next->start_us))
      next = NextAppointment{a.id, a.start_us};
  }
  in.next_appointment = next;
  // Without an episode there is no episode's visit to number.
  in.visit_in_episode = ep && visits > 0 ? visits : 0;
  if (ep) in.plan_of_care_start = in.episode.start_date;
  return in;
}

}  // namespace physio::notes
