#pragma once
/// Today's exercises for the patient: what the program asks of them on their own local day, and what
/// they already did.
///
/// Per prescription active today (its start and end dates include today), in this order:
///  - kDue: it must be done today to meet the week (every day at 7 days a week; below that when the
///    week's remaining days, today included, are no more than the days it still needs);
///  - kOptional: still needed this week, but another day would do ("2 of 3 days done, 5 days left");
///  - kDoneToday: done times_per_day times today;
///  - kWeekDone: the week's days are done; more is allowed, none is asked.
/// Within a status, the program's order.

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "rehab/adherence.hpp"
#include "rehab/calendar.hpp"
#include "rehab/program.hpp"

namespace physio::rehab {

enum class TodayStatus { kDue, kOptional, kDoneToday, kWeekDone };
std::string_view to_string(TodayStatus status);

struct TodayItem {
  Prescription prescription{};
  TodayStatus status = TodayStatus::kDue;
  int done_today = 0;           ///< sessions logged today
  int times_today = 1;          ///< times_per_day
  int days_done_this_week = 0;  ///< local days of this ISO week it was done, today included
  int days_per_week = 7;
  int days_left_this_week = 1;  ///< today included, up to Sunday or the prescription's end
  std::string why{};            ///< the status in the patient's words
};

struct TodayPlan {
  LocalDay day = 0;
  std::vector<TodayItem> items{};
  int due = 0;   ///< items kDue
  int done = 0;  ///< items kDoneToday
};

/// The plan for the local day of `now_us`.
TodayPlan plan_today(const Program& program, const std::vector<SessionLog>& sessions, TimeUs now_us,
                     const UtcOffsetFn& offset);

/// One logged session as personal bests see it.
struct LoggedSession {
  std::string exercise_id{};
  TimeUs done_us = 0;
  int reps = 0;                     ///< all sets together
  std::optional<double> quality{};  ///< 0-100, when measured (live or recorded)
  std::optional<double> rom_deg{};
  int severe_cues = 0;
  std::optional<double> pain_nprs{};  ///< pain during, 0-10, when answered
};

/// A patient's best session per exercise. Only clean sessions count: no severe form cue, where quality
/// was measured quality at least `min_quality` - a best is never a reward for poor form - and no pain
/// at the stop level (7/10 or more, rehab/pain_advice.hpp) - nor for exercising through it.
struct PersonalBest {
  std::string exercise_id{};
  std::optional<double> rom_deg{};  ///< largest range of motion, degrees
  TimeUs rom_at_us = 0;
  std::optional<double> quality{};  ///< highest quality, 0-100
  int reps = 0;                     ///< most repetitions in one session
  int clean_sessions = 0;
  int sessions = 0;
};

/// By exercise id.
std::vector<PersonalBest> personal_bests(const std::vector<LoggedSession>& sessions,
                                         double min_quality = 70.0);

}  // namespace physio::rehab
