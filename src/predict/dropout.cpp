#include "predict/dropout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace physio::predict {

namespace {

constexpr TimeUs kProgramDayUs = 86'400 * kUsPerSecond;
constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

std::int64_t day_number(TimeUs t) {
  return t >= 0 ? t / kProgramDayUs : -((-t + kProgramDayUs - 1) / kProgramDayUs);
}

/// Days in [from, to) with at least one log, `logs` sorted.
int active_days(const std::vector<TimeUs>& logs, TimeUs from, TimeUs to) {
  int n = 0;
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  for (auto it = std::lower_bound(logs.begin(), logs.end(), from); it != logs.end() && *it < to; ++it) {
    const auto d = day_number(*it);
    if (d != last) ++n;
    last = d;
  }
  return n;
}

int count_in(const std::vector<TimeUs>& times, TimeUs from, TimeUs to) {
  return static_cast<int>(std::lower_bound(times.begin(), times.end(), to) -
                          std::lower_bound(times.begin(), times.end(), from));
}

/// Mean pain over [from, to); NaN with none.
double mean_pain(const std::vector<std::pair<TimeUs, double>>& pain, TimeUs from, TimeUs to) {
  double sum = 0;
  int n = 0;
  for (const auto& [t, v] : pain)
    if (t >= from && t < to) {
      sum += v;
      ++n;
    }
  return n ? sum / n : kNoValue;
}

struct Sorted {
  std::vector<TimeUs> logs, missed, live;
  std::vector<std::pair<TimeUs, double>> pain;
};

Sorted sorted_copy(const ProgramHistory& p) {
  Sorted s{p.logs, p.missed_visits, p.live_sessions, p.pain};
  std::sort(s.logs.begin(), s.logs.end());
  std::sort(s.missed.begin(), s.missed.end());
  std::sort(s.live.begin(), s.live.end());
  std::sort(s.pain.begin(), s.pain.end());
  return s;
}

}  // namespace

DropoutRows dropout_rows(std::span<const ProgramHistory> programs, TimeUs now) {
  DropoutRows out;
  Table& t = out.table;
  t.features = {
      {"days_since_log", "days since the last exercise logged", "days"},
      {"active_days_7", "days with exercise in the last 7 days", "days"},
      {"active_days_prev_7", "days with exercise 8 to 14 days before", "days"},
      {"weeks_on_program", "weeks since the program started", "weeks"},
      {"pain_recent", "mean pain in the last 7 days (morning and during exercise)", "NRS 0-10"},
      {"pain_change", "change in mean pain from the week before", "NRS points"},
      {"missed_visits_60", "visits missed or cancelled late in the last 60 days", "visits"},
      {"live_sessions_14", "camera sessions in the last 14 days", "sessions"},
  };
  t.subgroups["age band"] = {};
  t.subgroups["sex"] = {};
  const TimeUs horizon = kDropoutHorizonDays * kProgramDayUs;
  for (std::size_t i = 0; i < programs.size(); ++i) {
    const ProgramHistory& p = programs[i];
    const Sorted s = sorted_copy(p);
    const TimeUs start_day = day_number(p.started_us) * kProgramDayUs;
    const TimeUs end = std::min(now, p.ended_us.value_or(now));
    std::vector<std::pair<TimeUs, bool>> days;  // prediction time, current
    for (TimeUs at = start_day + 7 * kProgramDayUs; at <= end; at += 7 * kProgramDayUs)
      days.emplace_back(at, false);
    const bool active = !p.ended_us || *p.ended_us > now;
    const TimeUs today = day_number(now) * kProgramDayUs;
    if (active && today > start_day) {
      if (!days.empty() && days.back().first == today)
        days.back().second = true;  // a week's day is also today's: the row that is scored
      else
        days.emplace_back(today, true);
    }
    for (const auto& [at, current] : days) {
      // What is known at `at`: logs, pain, visits and sessions before it.
      auto last = std::lower_bound(s.logs.begin(), s.logs.end(), at);
      const TimeUs last_log = last == s.logs.begin() ? p.started_us : *std::prev(last);
      const auto idle_days = static_cast<double>(day_number(at - 1) - day_number(last_log));
      if (idle_days >= kDropoutHorizonDays) continue;  // the rule already holds
      const double pain_now = mean_pain(s.pain, at - 7 * kProgramDayUs, at);
      const double pain_before = mean_pain(s.pain, at - 14 * kProgramDayUs, at - 7 * kProgramDayUs);
      std::vector<double> v = {
          std::max(0.0, idle_days),
          static_cast<double>(active_days(s.logs, at - 7 * kProgramDayUs, at)),
          static_cast<double>(active_days(s.logs, at - 14 * kProgramDayUs, at - 7 * kProgramDayUs)),
          std::min(26.0, static_cast<double>(at - start_day) / (7.0 * kProgramDayUs)),
          pain_now,
          std::isnan(pain_now) || std::isnan(pain_before) ? kNoValue : pain_now - pain_before,
          static_cast<double>(count_in(s.missed, at - 60 * kProgramDayUs, at)),
          static_cast<double>(count_in(s.live, at - 14 * kProgramDayUs, at)),
      };
      // The outcome, once the horizon has passed with the program still active.
      const bool known = !current && at + horizon <= now && (!p.ended_us || *p.ended_us >= at + horizon);
      const double stopped = known && count_in(s.logs, at, at + horizon) == 0 ? 1.0 : 0.0;
      t.add_row(v, stopped, day_number(at), p.patient_id,
                p.program_id + "@" + std::to_string(day_number(at)));
      t.subgroups["age band"].push_back(p.age_band.empty() ? "unknown" : p.age_band);
      t.subgroups["sex"].push_back(p.sex.empty() ? "unknown" : p.sex);
      out.program_index.push_back(i);
      out.at_us.push_back(at);
      out.outcome_known.push_back(known);
      out.current.push_back(current);
    }
  }
  return out;
}

std::vector<std::size_t> dropout_rows_with_outcome(const DropoutRows& rows) {
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < rows.outcome_known.size(); ++r)
    if (rows.outcome_known[r]) out.push_back(r);
  return out;
}

}  // namespace physio::predict
