#include "rehab/adherence.hpp"

#include <algorithm>
#include <map>

namespace physio::rehab {

namespace {

struct Active {
  LocalDay from = 0;
  LocalDay to = 0;  ///< inclusive
};

Active active_range(const Prescription& p, LocalDay first_day, LocalDay today) {
  Active a{first_day, today};
  if (auto s = parse_date(p.start_date)) a.from = std::max(a.from, *s);
  if (auto e = parse_date(p.end_date)) a.to = std::min(a.to, *e);
  return a;
}

double pct(std::int64_t done, std::int64_t prescribed) {
  return prescribed == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(prescribed);
}

}  // namespace

bool due_on_day(int days_per_week, int days_done_before, int days_left) {
  if (days_per_week >= 7) return true;
  const int needed = days_per_week - days_done_before;
  return needed > 0 && days_left <= needed;
}

AdherenceSummary compute_adherence(const Program& program, const std::vector<SessionLog>& sessions,
                                   LocalDay first_day, TimeUs now_us, const UtcOffsetFn& offset) {
  AdherenceSummary out;
  const LocalDay today = local_day(now_us, offset);
  if (today < first_day) return out;
  const std::size_t n_rx = program.prescriptions.size();

  // [n_days, n_rx]: sessions and repetitions logged per local day and prescription.
  const auto n_days = static_cast<std::size_t>(today - first_day + 1);
  std::vector<int> count(n_days * n_rx, 0);
  std::vector<std::int64_t> reps(n_days * n_rx, 0);
  for (const auto& s : sessions) {
    const LocalDay d = local_day(s.done_us, offset);
    if (d < first_day || d > today) continue;
    for (std::size_t r = 0; r < n_rx; ++r) {
      if (program.prescriptions[r].exercise_id != s.exercise_id) continue;
      const auto i = static_cast<std::size_t>(d - first_day) * n_rx + r;
      ++count[i];
      reps[i] += std::max(0, s.reps_done);
    }
  }
  auto at = [&](LocalDay d, std::size_t r) { return static_cast<std::size_t>(d - first_day) * n_rx + r; };

  std::vector<Active> active;
  for (const auto& p : program.prescriptions) active.push_back(active_range(p, first_day, today));

  // Weekly counts.
  for (LocalDay monday = week_start(first_day); monday <= today; monday += 7) {
    WeekAdherence w;
    w.week = iso_week(monday);
    w.first_day = format_date(monday);
    for (std::size_t r = 0; r < n_rx; ++r) {
      const Dosage& dose = program.prescriptions[r].dosage;
      const LocalDay from = std::max(monday, active[r].from);
      const LocalDay to = std::min(monday + 6, active[r].to);
      if (to < from) continue;
      // The prescription's last day this week (its end date, not today: the days after today are still
      // days the patient may choose), and the days it needs this week.
      const auto rx_end = parse_date(program.prescriptions[r].end_date);
      const LocalDay week_last = rx_end ? std::min(monday + 6, *rx_end) : monday + 6;
      const int need_days = std::min(dose.days_per_week, static_cast<int>(week_last - from + 1));
      // Days that must be done by the end of `today` for the week to be completed (none while the days
      // left after today are enough).
      const int days_after_today = static_cast<int>(std::max<LocalDay>(0, week_last - today));
      const int due_days = std::max(0, need_days - days_after_today);
      int done = 0;
      std::int64_t reps_done = 0;
      for (LocalDay d = from; d <= to; ++d) {
        done += count[at(d, r)];
        reps_done += reps[at(d, r)];
      }
      int sessions_rx = dose.times_per_day * due_days;
      int done_counted = std::min(done, sessions_rx);
      if (dose.days_per_week < 7) {
        // The patient chooses their days: sessions done early count, up to the week's prescription.
        done_counted = std::min(done, dose.times_per_day * need_days);
        sessions_rx = std::max(sessions_rx, done_counted);
      }
      const std::int64_t reps_rx = static_cast<std::int64_t>(sessions_rx) * dose.sets * dose.reps;
      w.sessions_prescribed += sessions_rx;
      w.sessions_logged += done;
      w.sessions_done += done_counted;
      w.reps_prescribed += reps_rx;
      w.reps_done += std::min(reps_done, reps_rx);
    }
    w.session_pct = pct(w.sessions_done, w.sessions_prescribed);
    w.reps_pct = pct(w.reps_done, w.reps_prescribed);
    out.sessions_prescribed += w.sessions_prescribed;
    out.sessions_done += w.sessions_done;
    out.reps_prescribed += w.reps_prescribed;
    out.reps_done += w.reps_done;
    out.weeks.push_back(std::move(w));
  }
  out.session_pct = pct(out.sessions_done, out.sessions_prescribed);
  out.reps_pct = pct(out.reps_done, out.reps_prescribed);

  // Streaks, day by day.
  enum class Day { kRest, kComplete, kMissed };
  int run = 0;
  for (LocalDay d = first_day; d <= today; ++d) {
    bool any_due = false, all_done = true, any_done = false;
    for (std::size_t r = 0; r < n_rx; ++r) {
      if (d < active[r].from || d > active[r].to) continue;
      const Dosage& dose = program.prescriptions[r].dosage;
      const int today_count = count[at(d, r)];
      if (today_count > 0) any_done = true;
      // Days this week it was already done, and days left (today included) it can still be done.
      const LocalDay monday = week_start(d);
      int days_done_before = 0;
      for (LocalDay e = std::max(monday, active[r].from); e < d; ++e)
        days_done_before += count[at(e, r)] > 0 ? 1 : 0;
      // The week's end for the prescription (its end date, not today: days after today are still
      // days to choose from).
      const auto rx_end = parse_date(program.prescriptions[r].end_date);
      const LocalDay week_end = rx_end ? std::min(monday + 6, *rx_end) : monday + 6;
      const bool due = due_on_day(dose.days_per_week, days_done_before, static_cast<int>(week_end - d + 1));
      if (due) {
        any_due = true;
        if (today_count < dose.times_per_day) all_done = false;
      } else if (today_count > 0 && today_count < dose.times_per_day) {
        all_done = false;  // started but not finished today
      }
    }
    Day kind = Day::kRest;
    if (any_due || any_done) kind = all_done ? Day::kComplete : Day::kMissed;
    if (kind == Day::kComplete) {
      ++run;
      out.longest_streak_days = std::max(out.longest_streak_days, run);
    } else if (kind == Day::kMissed && d != today) {
      run = 0;
    }
  }
  out.current_streak_days = run;
  return out;
}

}  // namespace physio::rehab
