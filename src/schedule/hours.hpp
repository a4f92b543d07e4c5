#pragma once
/// Working hours and local wall-clock time in the clinic's zone. The zone enters as a UTC offset function,
/// so the rules stay pure: the server builds it from the system's zone data, tests from fixed rules.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace physio::schedule {

/// Seconds east of UTC in force at a UTC instant (Lisbon in summer: 3600).
using UtcOffsetFn = std::function<std::int64_t(TimeUs utc_us)>;

inline constexpr TimeUs kUsPerMinute = 60 * kUsPerSecond;
inline constexpr TimeUs kUsPerDay = 86'400 * kUsPerSecond;

/// A wall-clock moment in the clinic's zone: the day (days since 1970-01-01) and the minute of the day.
struct LocalTime {
  std::int64_t day = 0;
  int minute = 0;  ///< 0..1439
};

/// The local day and minute of a UTC instant.
LocalTime to_local(TimeUs utc_us, const UtcOffsetFn& offset);
/// The UTC instant of a local day and minute. A minute that happens twice (clocks going back) gives the
/// first; one that does not exist (clocks going forward) the instant as far after the gap as it says.
TimeUs to_utc(std::int64_t day, int minute, const UtcOffsetFn& offset);
/// 0 = Monday ... 6 = Sunday.
int weekday(std::int64_t day);

/// One stretch of a clinician's week: on `weekday`, from `start_min` to `end_min` (minutes after local
/// midnight, end exclusive). Several stretches a day make a break.
struct WorkingSpan {
  int weekday = 0;  ///< 0 = Monday ... 6 = Sunday
  int start_min = 0;
  int end_min = 0;
  friend bool operator==(const WorkingSpan&, const WorkingSpan&) = default;
};

/// What is wrong with a week of spans, in words naming the span ("Tuesday 13:00-12:00: ends before it
/// starts"), or "" when it is fine: weekday 0-6, minutes 0-1440, start before end, no two spans of a day
/// overlapping.
std::string working_hours_problem(const std::vector<WorkingSpan>& week);

/// "HH:MM" -> minutes after midnight ("24:00" allowed as an end); nullopt otherwise.
std::optional<int> parse_clock(std::string_view text);
/// Minutes after midnight -> "HH:MM".
std::string format_clock(int minute);
/// "Monday" ... "Sunday".
std::string_view weekday_name(int weekday);

/// True when [start_us, start_us + duration) lies within one span of the week on the local day it starts.
/// An empty week (hours not set) has no limit: true.
bool within_hours(const std::vector<WorkingSpan>& week, TimeUs start_us, std::int64_t duration_min,
                  const UtcOffsetFn& offset);

}  // namespace physio::schedule
