#pragma once
// Times for the schedule tests: UTC instants from a date and clock, and Lisbon's 2026 rules as a fixed
// offset function (UTC+1 from 29 March 01:00 UTC to 25 October 01:00 UTC).
#include <string_view>

#include "core/civil_date.hpp"
#include "schedule/hours.hpp"

namespace physio::schedule::test {

inline TimeUs utc(std::string_view date, int h, int m) {
  return *days_from_iso_date(date) * kUsPerDay + (h * 60 + m) * kUsPerMinute;
}

inline std::int64_t lisbon(TimeUs t) {
  return t >= utc("2026-03-29", 1, 0) && t < utc("2026-10-25", 1, 0) ? 3600 : 0;
}

}  // namespace physio::schedule::test
