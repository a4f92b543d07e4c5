#include "rehab/caseload.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rehab/calendar.hpp"

namespace physio::rehab {
namespace {

std::string nprs(double v) {
  return fmt::format("{:g}/10", std::round(v * 10.0) / 10.0);
}

struct Mean {
  double sum = 0.0;
  int n = 0;
  void add(double v) {
    sum += v;
    ++n;
  }
  double value() const { return n == 0 ? 0.0 : sum / n; }
};

/// Mean of the last window and of the window before it, from values oldest first.
std::optional<std::pair<double, double>> last_two_windows(const std::vector<double>& v, int n) {
  const auto w = static_cast<std::size_t>(n);
  if (v.size() < 2 * w) return std::nullopt;
  Mean before, last;
  for (std::size_t i = v.size() - 2 * w; i < v.size() - w; ++i) before.add(v[i]);
  for (std::size_t i = v.size() - w; i < v.size(); ++i) last.add(v[i]);
  return std::make_pair(before.value(), last.value());
}

}  // namespace

NeedAssessment assess_need(const PatientSignals& s, const CaseloadRules& rules) {
  NeedAssessment out;
  auto add = [&](std::string kind, int priority, std::string text) {
    out.reasons.push_back({std::move(kind), priority, std::move(text)});
  };
  const TimeUs week = static_cast<TimeUs>(rules.recent_days) * kUsPerDay;
  const TimeUs recent_from = s.now_us - week;
  const TimeUs previous_from = s.now_us - 2 * week;

  // Pain above the alert level.
  std::optional<double> max_during, max_morning;
  Mean during_now, during_before, morning_now, morning_before;
  for (const auto& x : s.sessions) {
    if (!x.pain_during_nprs || x.done_us > s.now_us) continue;
    if (x.done_us >= recent_from) {
      max_during = std::max(max_during.value_or(0.0), *x.pain_during_nprs);
      during_now.add(*x.pain_during_nprs);
    } else if (x.done_us >= previous_from) {
      during_before.add(*x.pain_during_nprs);
    }
  }
  for (const auto& p : s.morning_pain) {
    if (p.at_us > s.now_us) continue;
    if (p.at_us >= recent_from) {
      max_morning = std::max(max_morning.value_or(0.0), p.nprs);
      morning_now.add(p.nprs);
    } else if (p.at_us >= previous_from) {
      morning_before.add(p.nprs);
    }
  }
  {
    std::vector<std::string> parts;
    if (max_during && *max_during > rules.pain_alert_above_nprs)
      parts.push_back(fmt::format("pain during exercise up to {}", nprs(*max_during)));
    if (max_morning && *max_morning > rules.pain_alert_above_nprs)
      parts.push_back(fmt::format("morning pain up to {}", nprs(*max_morning)));
    const double worst = std::max(max_during.value_or(0.0), max_morning.value_or(0.0));
    const bool stop = worst >= rules.pain_stop_nprs;
    if (!parts.empty()) {
      add("pain_high", stop ? 150 : 100,
          fmt::format("{} in the last {} days (alert above {}){}", fmt::join(parts, " and "), rules.recent_days,
                      nprs(rules.pain_alert_above_nprs),
                      stop ? fmt::format("; at the stop level ({} or more): the patient was told to stop "
                                         "for the day and that you have been told",
                                         nprs(rules.pain_stop_nprs))
                           : std::string()));
      out.reasons.back().stop_level = stop;
    }
  }
  // Pain rising week on week.
  {
    std::vector<std::string> parts;
    auto rising = [&](const Mean& now, const Mean& before, const char* what) {
      if (now.n < rules.min_answers_per_week || before.n < rules.min_answers_per_week) return;
      if (now.value() - before.value() >= rules.pain_rise_nprs)
        parts.push_back(fmt::format("{} {} -> {} (mean of the last {} days vs the {} before)", what,
                                    nprs(before.value()), nprs(now.value()), rules.recent_days,
                                    rules.recent_days));
    };
    rising(morning_now, morning_before, "morning pain");
    rising(during_now, during_before, "pain during exercise");
    if (!parts.empty()) add("pain_rising", 80, fmt::format("rising: {}", fmt::join(parts, "; ")));
  }
  for (const auto& f : s.flags) add("change_flag", 70, f.text);
  // Missed sessions.
  if (s.adherence && s.adherence->sessions_prescribed > 0) {
    const auto& a = *s.adherence;
    const double pct = 100.0 * a.sessions_done / a.sessions_prescribed;
    if (pct < rules.missed_below_pct) {
      add("missed_sessions", 60,
          fmt::format("{} of {} prescribed sessions done in the last {} complete days ({:.0f} %)",
                      a.sessions_done, a.sessions_prescribed, a.days, pct));
    } else if (s.days_without_session && *s.days_without_session >= rules.idle_days) {
      add("missed_sessions", 60, fmt::format("no session for {} days", *s.days_without_session));
    }
  } else if (s.days_without_session && *s.days_without_session >= rules.idle_days) {
    add("missed_sessions", 60, fmt::format("no session for {} days", *s.days_without_session));
  }
  // Quality and range of motion falling, per exercise.
  std::map<std::string, std::vector<const SessionSignal*>> by_exercise;
  for (const auto& x : s.sessions)
    if (x.done_us <= s.now_us) by_exercise[x.exercise_id].push_back(&x);
  std::vector<std::string> quality_parts, rom_parts;
  int severe = 0;
  for (auto& [id, list] : by_exercise) {
    std::stable_sort(list.begin(), list.end(),
                     [](const SessionSignal* a, const SessionSignal* b) { return a->done_us < b->done_us; });
    std::vector<double> quality, rom;
    for (const auto* x : list) {
      if (x->mean_quality) quality.push_back(*x->mean_quality);
      if (x->rom_deg) rom.push_back(*x->rom_deg);
      if (x->done_us >= recent_from) severe += x->severe_cues;
    }
    if (auto q = last_two_windows(quality, rules.trend_sessions);
        q && q->first - q->second >= rules.quality_drop_points)
      quality_parts.push_back(fmt::format("{} {:.0f} -> {:.0f}", id, q->first, q->second));
    if (auto r = last_two_windows(rom, rules.trend_sessions); r && r->first > 0) {
      const double drop = r->first - r->second;
      if (drop >= rules.rom_drop_min_deg && 100.0 * drop / r->first >= rules.rom_drop_pct)
        rom_parts.push_back(fmt::format("{} {:.0f} -> {:.0f} deg", id, r->first, r->second));
    }
  }
  if (!quality_parts.empty())
    add("quality_falling", 50,
        fmt::format("movement quality falling (mean of the last {} sessions vs the {} before, 0-100): {}",
                    rules.trend_sessions, rules.trend_sessions, fmt::join(quality_parts, ", ")));
  if (!rom_parts.empty())
    add("rom_falling", 50,
        fmt::format("range of motion falling (mean of the last {} sessions vs the {} before): {}",
                    rules.trend_sessions, rules.trend_sessions, fmt::join(rom_parts, ", ")));
  if (severe > 0)
    add("severe_cues", 40,
        fmt::format("{} severe form {} in the last {} days", severe, severe == 1 ? "cue" : "cues",
                    rules.recent_days));
  if (s.pending_proposals > 0)
    add("proposals_waiting", 30,
        fmt::format("{} progression {} waiting for your decision", s.pending_proposals,
                    s.pending_proposals == 1 ? "proposal" : "proposals"));
  std::stable_sort(out.reasons.begin(), out.reasons.end(),
                   [](const NeedReason& a, const NeedReason& b) { return a.priority > b.priority; });
  for (const auto& r : out.reasons) out.score += r.priority;
  return out;
}

int day_rank(const NeedAssessment& open, long long unread_from_patient) {
  bool stop = false, pressing = false;
  for (const auto& r : open.reasons) {
    stop = stop || (r.kind == "pain_high" && r.stop_level);
    pressing = pressing || r.kind == "pain_high" || r.kind == "missed_sessions";
  }
  if (stop) return 0;
  if (unread_from_patient > 0) return 1;
  if (pressing) return 2;
  return open.reasons.empty() ? 4 : 3;
}

bool before_on_the_day(int rank_a, int score_a, int rank_b, int score_b) {
  return rank_a != rank_b ? rank_a < rank_b : score_a > score_b;
}

}  // namespace physio::rehab
