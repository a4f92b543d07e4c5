#include "rehab/today.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "rehab/pain_advice.hpp"

namespace physio::rehab {

std::string_view to_string(TodayStatus status) {
  switch (status) {
    case TodayStatus::kDue:
      return "due";
    case TodayStatus::kOptional:
      return "optional";
    case TodayStatus::kDoneToday:
      return "done_today";
    case TodayStatus::kWeekDone:
      return "week_done";
  }
  return "due";
}

namespace {

std::string days(int n) {
  return n == 1 ? "1 day" : fmt::format("{} days", n);
}

std::string why_of(const TodayItem& t) {
  switch (t.status) {
    case TodayStatus::kDue:
      if (t.days_per_week >= 7)
        return t.times_today > 1
                   ? fmt::format("Every day, {} times a day ({} done today)", t.times_today, t.done_today)
                   : "Every day";
      return fmt::format("{} of {} this week done; today is needed to reach {}", days(t.days_done_this_week),
                         days(t.days_per_week), days(t.days_per_week));
    case TodayStatus::kOptional:
      return fmt::format("{} of {} this week done; {} left to choose from", days(t.days_done_this_week),
                         days(t.days_per_week), days(t.days_left_this_week));
    case TodayStatus::kDoneToday:
      // The badge already says "Done today": the reason says where the week stands.
      if (t.days_per_week >= 7)
        return t.times_today > 1
                   ? fmt::format("Every day, {} times a day; all {} done", t.times_today, t.done_today)
                   : "Every day; nothing more to do until tomorrow";
      return fmt::format("{} of {} this week done, today included", days(t.days_done_this_week),
                         days(t.days_per_week));
    case TodayStatus::kWeekDone:
      return fmt::format("This week's {} are done", days(t.days_per_week));
  }
  return "";
}

}  // namespace

TodayPlan plan_today(const Program& program, const std::vector<SessionLog>& sessions, TimeUs now_us,
                     const UtcOffsetFn& offset) {
  TodayPlan plan;
  const LocalDay today = local_day(now_us, offset);
  const LocalDay monday = week_start(today);
  plan.day = today;
  for (const auto& rx : program.prescriptions) {
    const auto start = parse_date(rx.start_date);
    const auto end = parse_date(rx.end_date);
    if ((start && *start > today) || (end && *end < today)) continue;
    TodayItem t;
    t.prescription = rx;
    t.times_today = rx.dosage.times_per_day;
    t.days_per_week = rx.dosage.days_per_week;
    std::set<LocalDay> days_done_before;
    for (const auto& s : sessions) {
      if (s.exercise_id != rx.exercise_id || s.done_us > now_us) continue;
      const LocalDay d = local_day(s.done_us, offset);
      if (d == today) {
        ++t.done_today;
      } else if (d >= monday && d < today && (!start || d >= *start)) {
        days_done_before.insert(d);
      }
    }
    const int before = static_cast<int>(days_done_before.size());
    t.days_done_this_week = before + (t.done_today > 0 ? 1 : 0);
    const LocalDay week_end = end ? std::min(monday + 6, *end) : monday + 6;
    t.days_left_this_week = static_cast<int>(week_end - today + 1);
    if (t.done_today >= t.times_today) {
      t.status = TodayStatus::kDoneToday;
    } else if (t.days_per_week < 7 && before >= t.days_per_week && t.done_today == 0) {
      t.status = TodayStatus::kWeekDone;
    } else if (t.done_today > 0 || due_on_day(t.days_per_week, before, t.days_left_this_week)) {
      t.status = TodayStatus::kDue;  // started today: finish today's times
    } else {
      t.status = TodayStatus::kOptional;
    }
    t.why = why_of(t);
    plan.items.push_back(std::move(t));
  }
  std::stable_sort(plan.items.begin(), plan.items.end(),
                   [](const TodayItem& a, const TodayItem& b) { return a.status < b.status; });
  for (const auto& t : plan.items) {
    plan.due += t.status == TodayStatus::kDue ? 1 : 0;
    plan.done += t.status == TodayStatus::kDoneToday ? 1 : 0;
  }
  return plan;
}

std::vector<PersonalBest> personal_bests(const std::vector<LoggedSession>& sessions, double min_quality) {
  std::map<std::string, PersonalBest> by_id;
  for (const auto& s : sessions) {
    auto& b = by_id[s.exercise_id];
    b.exercise_id = s.exercise_id;
    ++b.sessions;
    if (s.severe_cues > 0 || (s.quality && *s.quality < min_quality)) continue;
    if (s.pain_nprs && *s.pain_nprs >= kPainStopNprs) continue;
    ++b.clean_sessions;
    b.reps = std::max(b.reps, s.reps);
    if (s.quality && (!b.quality || *s.quality > *b.quality)) b.quality = s.quality;
    if (s.rom_deg && (!b.rom_deg || *s.rom_deg > *b.rom_deg)) {
      b.rom_deg = s.rom_deg;
      b.rom_at_us = s.done_us;
    }
  }
  std::vector<PersonalBest> out;
  for (auto& [id, b] : by_id) out.push_back(std::move(b));
  return out;
}

}  // namespace physio::rehab
