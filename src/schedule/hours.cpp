#include "schedule/hours.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace physio::schedule {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

LocalTime to_local(TimeUs utc_us, const UtcOffsetFn& offset) {
  const std::int64_t local_s = floor_div(utc_us, kUsPerSecond) + offset(utc_us);
  const std::int64_t day = floor_div(local_s, 86'400);
  return {day, static_cast<int>((local_s - day * 86'400) / 60)};
}

TimeUs to_utc(std::int64_t day, int minute, const UtcOffsetFn& offset) {
  const TimeUs wall_us = day * kUsPerDay + minute * kUsPerMinute;
  // The offset in force a day before and a day after bracket at most one change; try the earlier
  // offset first, so a repeated hour gives its first occurrence.
  const std::int64_t before = offset(wall_us - kUsPerDay);
  const std::int64_t after = offset(wall_us + kUsPerDay);
  for (const std::int64_t off : {std::max(before, after), std::min(before, after)}) {
    const TimeUs t = wall_us - off * kUsPerSecond;
    if (offset(t) == off) return t;
  }
  // In a gap (clocks forward): the wall time read with the offset before the change.
  return wall_us - before * kUsPerSecond;
}

int weekday(std::int64_t day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

std::string_view weekday_name(int wd) {
  static constexpr std::array<std::string_view, 7> kNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                             "Friday", "Saturday", "Sunday"};
  return wd >= 0 && wd < 7 ? kNames[static_cast<std::size_t>(wd)] : std::string_view("?");
}

std::optional<int> parse_clock(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string format_clock(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::string working_hours_problem(const std::vector<WorkingSpan>& week) {
  for (const auto& s : week) {
    if (s.weekday < 0 || s.weekday > 6)
      return fmt::format("weekday {} is not 0 (Monday) to 6 (Sunday)", s.weekday);
    const std::string name =
        fmt::format("{} {}-{}", weekday_name(s.weekday), format_clock(std::clamp(s.start_min, 0, 1440)),
                    format_clock(std::clamp(s.end_min, 0, 1440)));
    if (s.start_min < 0 || s.start_min > 1440 || s.end_min < 0 || s.end_min > 1440)
      return name + ": times must be between 00:00 and 24:00";
    if (s.end_min <= s.start_min) return name + ": ends before it starts";
  }
  for (std::size_t i = 0; i < week.size(); ++i)
    for (std::size_t j = i + 1; j < week.size(); ++j) {
      const auto &a = week[i], &b = week[j];
      if (a.weekday == b.weekday && a.start_min < b.end_min && b.start_min < a.end_min)
        return fmt::format("{} {}-{} overlaps {}-{}", weekday_name(a.weekday), format_clock(a.start_min),
                           format_clock(a.end_min), format_clock(b.start_min), format_clock(b.end_min));
    }
  return "";
}

bool within_hours(const std::vector<WorkingSpan>& week, TimeUs start_us, std::int64_t duration_min,
                  const UtcOffsetFn& offset) {
  if (week.empty()) return true;
  const LocalTime at = to_local(start_us, offset);
  const std::int64_t end_min = at.minute + duration_min;
  const int wd = weekday(at.day);
  return std::any_of(week.begin(), week.end(), [&](const WorkingSpan& s) {
    return s.weekday == wd && s.start_min <= at.minute && end_min <= s.end_min;
  });
}

}  // namespace physio::schedule
