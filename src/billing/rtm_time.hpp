#pragma once
/// Local calendar days for remote therapeutic monitoring: every RTM count is in the patient's own
/// time zone, so an upload at 23:30 local time belongs to that local day even when UTC has moved on.
///
/// The zone enters as a function from a UTC instant to the offset in seconds east of UTC in force at
/// that instant (daylight-saving changes included); the server builds it from the patient's zone
/// name. Pure.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/time.hpp"

namespace physio::billing {

/// Seconds east of UTC at a UTC instant.
using UtcOffsetFn = std::function<std::int64_t(TimeUs utc_us)>;

/// A calendar day (local to the patient).
using Day = std::chrono::sys_days;

/// The patient's local day of a UTC instant.
Day local_day(TimeUs utc_us, const UtcOffsetFn& offset);

/// "2026-03-08".
std::string format_day(Day d);

/// "2026-03".
std::string format_month(std::chrono::year_month ym);

/// Day from year, month, day numbers.
Day make_day(int y, unsigned m, unsigned d);

/// First and last day of a calendar month.
Day first_day_of(std::chrono::year_month ym);
Day last_day_of(std::chrono::year_month ym);

}  // namespace physio::billing
