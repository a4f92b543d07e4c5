#include "core/civil_date.hpp"

#include <gtest/gtest.h>

namespace physio {
namespace {

TEST(CivilDate, DayNumbersOfKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  EXPECT_EQ(days_from_civil(2026, 11, 24), 20781);
  EXPECT_EQ(days_from_civil(1900, 3, 1), -25508);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
  EXPECT_EQ(days_from_civil(10000, 1, 1), 2932897);
}

TEST(CivilDate, DatesOfDayNumbers) {
  EXPECT_EQ(civil_from_days(0), (CivilDate{1970, 1, 1}));
  EXPECT_EQ(civil_from_days(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(civil_from_days(19782), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(civil_from_days(-719162), (CivilDate{1, 1, 1}));
  EXPECT_EQ(civil_from_days(2932896), (CivilDate{9999, 12, 31}));
}

TEST(CivilDate, EveryDayOfEightCenturiesRoundTripsAndFollowsTheDayBefore) {
  std::int64_t expected = days_from_civil(1600, 1, 1);
  EXPECT_EQ(expected, -135140);
  for (int y = 1600; y <= 2400; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d = 1; d <= days_in_month(y, m); ++d) {
        ASSERT_TRUE(is_valid_date(y, m, d)) << y << '-' << m << '-' << d;
        ASSERT_EQ(days_from_civil(y, m, d), expected) << y << '-' << m << '-' << d;
        ASSERT_EQ(civil_from_days(expected), (CivilDate{y, m, d}));
        ++expected;
      }
    }
  }
  EXPECT_EQ(expected - 1, 157419);  // 2400-12-31
}

TEST(CivilDate, LeapYears) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_TRUE(is_leap_year(0));
  EXPECT_TRUE(is_leap_year(-4));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(-100));
  EXPECT_FALSE(is_leap_year(-123));
}

TEST(CivilDate, DaysInMonth) {
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2023, 2), 28u);
  EXPECT_EQ(days_in_month(1900, 2), 28u);
  EXPECT_EQ(days_in_month(2000, 2), 29u);
  EXPECT_EQ(days_in_month(2026, 1), 31u);
  EXPECT_EQ(days_in_month(2026, 4), 30u);
  EXPECT_EQ(days_in_month(2026, 12), 31u);
  EXPECT_EQ(days_in_month(2026, 0), 0u);
  EXPECT_EQ(days_in_month(2026, 13), 0u);
}

TEST(CivilDate, ValidDates) {
  EXPECT_TRUE(is_valid_date(2024, 2, 29));
  EXPECT_TRUE(is_valid_date(0, 1, 1));
  EXPECT_TRUE(is_valid_date(-123, 12, 31));
  EXPECT_FALSE(is_valid_date(2023, 2, 29));
  EXPECT_FALSE(is_valid_date(2026, 4, 31));
  EXPECT_FALSE(is_valid_date(2026, 1, 0));
  EXPECT_FALSE(is_valid_date(2026, 1, 32));
  EXPECT_FALSE(is_valid_date(2026, 0, 1));
  EXPECT_FALSE(is_valid_date(2026, 13, 1));
  EXPECT_FALSE(is_valid_date(40000, 1, 1));
}

TEST(CivilDate, ParsesIsoDates) {
  EXPECT_EQ(days_from_iso_date("1970-01-01"), 0);
  EXPECT_EQ(days_from_iso_date("2026-11-24"), 20781);
  EXPECT_EQ(days_from_iso_date("2024-02-29"), 19782);
  EXPECT_EQ(days_from_iso_date("0000-01-01"), days_from_civil(0, 1, 1));
  for (const char* bad :
       {"2023-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00", "2026-1-24", "2026-01-5",
        "2026/11/24", "+026-11-24", "-026-11-24", "2026-11-24T", " 2026-11-2", "2026-11-2x", ""}) {
    EXPECT_FALSE(days_from_iso_date(bad).has_value()) << bad;
  }
}

TEST(CivilDate, FormatsIsoDates) {
  EXPECT_EQ(iso_date_from_days(0), "1970-01-01");
  EXPECT_EQ(iso_date_from_days(-1), "1969-12-31");
  EXPECT_EQ(iso_date_from_days(20781), "2026-11-24");
  EXPECT_EQ(iso_date_from_days(days_from_civil(5, 3, 7)), "0005-03-07");
  // Every 997th day of years 0000-9999 (the years "YYYY" can write).
  for (std::int64_t d = days_from_civil(0, 1, 1); d <= days_from_civil(9999, 12, 31); d += 997)
    EXPECT_EQ(days_from_iso_date(iso_date_from_days(d)), d);
}

}  // namespace
}  // namespace physio
