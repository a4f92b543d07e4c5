#pragma once
/// When to remind a patient to exercise: at the local time they chose, in their own zone, at most
/// once per local calendar day.
///
/// The decision depends only on the reminder settings, the time the last reminder was sent (as the
/// store keeps it) and now, so a restarted server decides exactly as the one before it:
///  - today's occurrence is the chosen wall time on today's local date (`local_time_to_utc`: a time
///    repeated when clocks go back is the first one; a time skipped when they go forward moves
///    forward by the gap, 02:30 -> 03:30);
///  - a reminder is due when now is at or after today's occurrence, no later than `catch_up_s`
///    after it, and the last reminder was sent on an earlier local date;
///  - otherwise the next one is today's occurrence if still ahead, else tomorrow's.
/// A server that was down past the catch-up window skips that day rather than remind at night.

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/calendar.hpp"

namespace physio::rehab {

struct ReminderSettings {
  bool enabled = true;
  int local_minute_of_day = 8 * 60;    ///< 0..1439; 08:00 = 480
  std::string time_zone{};             ///< IANA name
  std::int64_t catch_up_s = 6 * 3600;  ///< how late a missed reminder may still go out the same day
};

struct ReminderDecision {
  bool due_now = false;
  TimeUs occurrence_us = 0;  ///< the occurrence that is due (when due_now)
  TimeUs next_us = 0;        ///< the next occurrence after this decision (0 when disabled)
  std::string local_date{};  ///< today's local date, "YYYY-MM-DD"
  std::string reason{};      ///< plain words, for logs and the patient's settings page
};

/// "08:00" -> 480; kInvalidArgument otherwise.
Result<int> parse_local_time(std::string_view hh_mm);

/// Whether a reminder is due at `now_us`, given the last one sent (`last_sent_us`, 0 = never).
Result<ReminderDecision> decide_reminder(const ReminderSettings& settings, TimeUs last_sent_us, TimeUs now_us,
                                         const TzOffsetProvider& tz);

}  // namespace physio::rehab
