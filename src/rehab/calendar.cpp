#include "rehab/calendar.hpp"

#include <algorithm>

#include "core/civil_date.hpp"

namespace physio::rehab {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

LocalDay local_day(TimeUs utc_us, std::int64_t offset_s) {
  return floor_div(utc_us + offset_s * kUsPerSecond, kUsPerDay);
}

LocalDay local_day(TimeUs utc_us, const UtcOffsetFn& offset) {
  return local_day(utc_us, offset(utc_us));
}

std::optional<LocalDay> parse_date(std::string_view text) {
  return days_from_iso_date(text);
}

std::string format_date(LocalDay day) {
  return iso_date_from_days(day);
}

int iso_weekday(LocalDay day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t k = day + 3;
  return static_cast<int>(k - 7 * floor_div(k, 7));
}

LocalDay week_start(LocalDay day) {
  return day - iso_weekday(day);
}

IsoWeek iso_week(LocalDay day) {
  // The week belongs to the year of its Thursday.
  const LocalDay thursday = week_start(day) + 3;
  const int year = civil_from_days(thursday).year;
  const LocalDay jan1 = days_from_civil(year, 1, 1);
  return IsoWeek{year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

TimeUs local_time_to_utc(LocalDay day, int minute_of_day, const UtcOffsetFn& offset) {
  const TimeUs wall_us = day * kUsPerDay + static_cast<TimeUs>(minute_of_day) * 60 * kUsPerSecond;
  // Offsets a day either side bracket any change on this day (zones change at most once a day).
  const std::int64_t before_s = offset(wall_us - kUsPerDay);
  const std::int64_t after_s = offset(wall_us + kUsPerDay);
  const TimeUs first = wall_us - std::max(before_s, after_s) * kUsPerSecond;
  const TimeUs second = wall_us - std::min(before_s, after_s) * kUsPerSecond;
  for (TimeUs candidate : {first, second}) {
    if (candidate + offset(candidate) * kUsPerSecond == wall_us) return candidate;
  }
  // In the gap: keep the distance from the gap's start, measured on the old offset.
  return wall_us - before_s * kUsPerSecond;
}

}  // namespace physio::rehab
