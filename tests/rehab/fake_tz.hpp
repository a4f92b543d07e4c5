#pragma once
// A fake tz provider with the 2020s rules of two zones, and time helpers for the tests.

#include <chrono>
#include <string_view>

#include "rehab/calendar.hpp"

namespace physio::rehab::test {

inline TimeUs utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
  const auto day = std::chrono::sys_days{std::chrono::year{y} / m / d}.time_since_epoch().count();
  return day * kUsPerDay + (static_cast<TimeUs>(h) * 3600 + mi * 60) * kUsPerSecond;
}

// The n-th (1-based; 0 = last) Sunday of a month, as a day number.
inline LocalDay sunday(int y, unsigned m, int n) {
  using namespace std::chrono;
  if (n == 0) return sys_days{year{y} / month{m} / Sunday[last]}.time_since_epoch().count();
  return sys_days{year{y} / month{m} / Sunday[static_cast<unsigned>(n)]}.time_since_epoch().count();
}

// Europe/Lisbon (WET/WEST; EU rule: last Sunday of March and October, 01:00 UTC) and America/New_York
// (EST/EDT; US rule: second Sunday of March 02:00 local, first Sunday of November 02:00 local).
class FakeTz final : public TzOffsetProvider {
 public:
  Result<std::int64_t> utc_offset_s(std::string_view zone, TimeUs t) const override {
    using namespace std::chrono;
    const auto y = static_cast<int>(year_month_day{sys_days{days{t / kUsPerDay - (t < 0 ? 1 : 0)}}}.year());
    if (zone == "Europe/Lisbon") {
      const TimeUs start = sunday(y, 3, 0) * kUsPerDay + 3600 * kUsPerSecond;
      const TimeUs end = sunday(y, 10, 0) * kUsPerDay + 3600 * kUsPerSecond;
      return t >= start && t < end ? 3600 : 0;
    }
    if (zone == "America/New_York") {
      const TimeUs start = sunday(y, 3, 2) * kUsPerDay + 7 * 3600 * kUsPerSecond;  // 02:00 EST
      const TimeUs end = sunday(y, 11, 1) * kUsPerDay + 6 * 3600 * kUsPerSecond;   // 02:00 EDT
      return t >= start && t < end ? -4 * 3600 : -5 * 3600;
    }
    if (zone == "UTC") return 0;
    return fail(ErrorCode::kNotFound, "unknown zone {}", zone);
  }
};

inline UtcOffsetFn offset_of(const TzOffsetProvider& tz, std::string_view zone) {
  return [&tz, zone](TimeUs t) { return tz.utc_offset_s(zone, t).value(); };
}

}  // namespace physio::rehab::test
