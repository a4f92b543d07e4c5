// Weekly series: the same local time every n weeks across a daylight-saving change, by count or until a date,
// and the limits named by field.
#include <gtest/gtest.h>

#include "zone_fixture.hpp"

#include "core/civil_date.hpp"
#include "schedule/series.hpp"

namespace physio::schedule {
namespace {

using test::lisbon;
using test::utc;

TEST(Series, WeeklyVisitsKeepTheLocalTimeAcrossTheClockChange) {
  // Tuesday 13 October 2026 10:00 Lisbon (09:00 UTC); the clocks go back on 25 October.
  const auto starts = expand_series(utc("2026-10-13", 9, 0), {.every_weeks = 1, .count = 3}, lisbon);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts[1], utc("2026-10-20", 9, 0));
  EXPECT_EQ(starts[2], utc("2026-10-27", 10, 0));  // still 10:00 local, now UTC+0
}

TEST(Series, EveryTwoWeeksUntilADateIncludesThatDate) {
  const auto starts = expand_series(
      utc("2026-12-01", 9, 0), {.every_weeks = 2, .until_day = *days_from_iso_date("2026-12-29")}, lisbon);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts.back(), utc("2026-12-29", 9, 0));
}

TEST(Series, LimitsNameTheirField) {
  const TimeUs first = utc("2026-12-01", 9, 0);
  EXPECT_FALSE(recurrence_problem({.every_weeks = 1, .count = 6}, first, lisbon));
  EXPECT_EQ(recurrence_problem({.every_weeks = 0, .count = 6}, first, lisbon)->field, "repeat_every_weeks");
  EXPECT_EQ(recurrence_problem({.every_weeks = 1, .count = 53}, first, lisbon)->field, "repeat_count");
  EXPECT_EQ(recurrence_problem({.every_weeks = 1}, first, lisbon)->field, "repeat_count");
  EXPECT_EQ(recurrence_problem({.every_weeks = 1, .count = 4, .until_day = 20'000}, first, lisbon)->field,
            "repeat_until");
  const auto before =
      recurrence_problem({.every_weeks = 1, .until_day = *days_from_iso_date("2026-11-01")}, first, lisbon);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->message, "the last date 2026-11-01 is before the first visit 2026-12-01");
  const auto too_many =
      recurrence_problem({.every_weeks = 1, .until_day = *days_from_iso_date("2028-12-01")}, first, lisbon);
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->message, "the series would have 105 visits; at most 52");
}

}  // namespace
}  // namespace physio::schedule
