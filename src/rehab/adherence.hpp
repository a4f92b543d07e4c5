#pragma once
/// Adherence: what the patient did against what was prescribed, counted in their own calendar.
///
/// Inputs: the program's prescriptions, the sessions the patient logged (UTC times), the zone as a
/// UTC offset function, and "now". Outputs, per ISO week (Monday..Sunday in the patient's zone):
///  - sessions prescribed: per prescription, times_per_day x the days it was due by the end of "today":
///    an exercise prescribed every day is due on each active day; one prescribed n < 7 days a week needs
///    min(n, its active days that week) days, and a day counts as due only once the days left after
///    today are too few for the rest (the patient chooses their days; on a Monday of a three-days-a-week
///    exercise nothing is due yet). Sessions done early count, and are then counted as prescribed;
///  - sessions done: logged sessions, each prescription capped at what it prescribed (doing one
///    exercise twice does not make up for skipping another); the raw count is kept too;
///  - repetitions prescribed (sets x reps per session prescribed) and done (capped the same way).
/// Streaks count local days on which every due exercise was done:
///  - an exercise prescribed 7 days a week is due every active day, times_per_day times;
///  - one prescribed n < 7 days a week is due on a day only when the week's remaining days are no
///    more than the days it still needs (the patient chooses their rest days); doing it early counts;
///  - a day with nothing due and nothing done is a rest day: it neither counts nor breaks a streak;
///  - today does not break the current streak until it is over.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "rehab/calendar.hpp"
#include "rehab/program.hpp"

namespace physio::rehab {

/// One exercise session the patient logged (live or by hand).
struct SessionLog {
  std::string exercise_id{};
  TimeUs done_us = 0;  ///< UTC, when it ended
  int reps_done = 0;   ///< all sets together
};

struct WeekAdherence {
  IsoWeek week{};
  std::string first_day{};  ///< the Monday, "YYYY-MM-DD"
  int sessions_prescribed = 0;
  int sessions_done = 0;    ///< capped per prescription
  int sessions_logged = 0;  ///< raw count, extra sessions included
  std::int64_t reps_prescribed = 0;
  std::int64_t reps_done = 0;  ///< capped per prescription
  double session_pct = 0.0;    ///< 100 x done / prescribed; 100 when nothing was prescribed
  double reps_pct = 0.0;
};

struct AdherenceSummary {
  std::vector<WeekAdherence> weeks{};  ///< oldest first
  int sessions_prescribed = 0;         ///< over all weeks
  int sessions_done = 0;
  double session_pct = 0.0;
  std::int64_t reps_prescribed = 0;
  std::int64_t reps_done = 0;
  double reps_pct = 0.0;
  int current_streak_days = 0;
  int longest_streak_days = 0;
};

/// Whether an exercise prescribed `days_per_week` days a week is due on a day: every day at 7 a week;
/// below that only when the week's remaining days (`days_left`, the day included) are no more than
/// the days it still needs (`days_per_week` - `days_done_before`, the days of the week it was done
/// before this one). The patient chooses their rest days; doing it early counts.
bool due_on_day(int days_per_week, int days_done_before, int days_left);

/// Adherence of `program` from local day `first_day` through the local day of `now_us`.
/// Sessions for exercises not in the program, or outside the range, are ignored.
AdherenceSummary compute_adherence(const Program& program, const std::vector<SessionLog>& sessions,
                                   LocalDay first_day, TimeUs now_us, const UtcOffsetFn& offset);

}  // namespace physio::rehab
