#include "notes/wording.hpp"

#include <gtest/gtest.h>

#include "notes/dates.hpp"

namespace physio::notes {
namespace {

TEST(Dates, IsoDatesRoundTripAndNoteDatesAreWrittenOneWay) {
  const auto d = parse_iso_date("2026-11-03");
  ASSERT_TRUE(d);
  EXPECT_EQ(iso_date(*d), "2026-11-03");
  EXPECT_EQ(note_date(*d), "3 Nov 2026");
  EXPECT_EQ(note_date(*parse_iso_date("2024-02-29")), "29 Feb 2024");
  EXPECT_FALSE(parse_iso_date("2026-02-29"));
  EXPECT_FALSE(parse_iso_date("2026-13-01"));
  EXPECT_FALSE(parse_iso_date("3 Nov 2026"));
  EXPECT_FALSE(parse_iso_date(""));
  EXPECT_EQ(*parse_iso_date("1970-01-01"), 0);
  EXPECT_EQ(*parse_iso_date("1969-12-31"), -1);
}

TEST(Dates, InstantsAreTheirUtcDay) {
  const TimeUs midnight = *parse_iso_date("2026-11-03") * kUsPerDay;
  EXPECT_EQ(note_date_of(midnight), "3 Nov 2026");
  EXPECT_EQ(note_date_of(midnight - 1), "2 Nov 2026");
  EXPECT_EQ(note_date_of(midnight + kUsPerDay - 1), "3 Nov 2026");
  EXPECT_EQ(note_date_of(-1), "31 Dec 1969");
}

TEST(Dates, AgeCountsWholeYears) {
  const auto birth = *parse_iso_date("1958-06-14");
  EXPECT_EQ(age_years(birth, *parse_iso_date("2026-06-13")), 67);
  EXPECT_EQ(age_years(birth, *parse_iso_date("2026-06-14")), 68);
  const auto leap = *parse_iso_date("2000-02-29");
  EXPECT_EQ(age_years(leap, *parse_iso_date("2001-02-28")), 0);
  EXPECT_EQ(age_years(leap, *parse_iso_date("2001-03-01")), 1);
  EXPECT_FALSE(age_years(birth, birth - 1));
}

TEST(Wording, NumbersCarryTheirUnits) {
  EXPECT_EQ(nprs(3), "3/10");
  EXPECT_EQ(nprs(3.25), "3.3/10");  // halves away from zero, as a person rounds
  EXPECT_EQ(nprs(4.55), "4.6/10");
  EXPECT_EQ(number(-1.25, 1), "-1.3");
  EXPECT_EQ(nprs(10.0 / 3.0), "3.3/10");
  EXPECT_EQ(percent_of(19, 20), "95 %");
  EXPECT_EQ(percent_of(3, 28), "11 %");
  EXPECT_EQ(percent_of(0, 0), "0 %");
  EXPECT_EQ(measured(96.4, "deg"), "96°");
  EXPECT_EQ(measured(11.04, "s"), "11 s");
  EXPECT_EQ(measured(11.25, "s"), "11.3 s");
  EXPECT_EQ(as_measured(11.25, "s"), 11.3);
  EXPECT_EQ(as_measured(101.6, "deg"), 102.0);
  EXPECT_EQ(measured(1.07, "m/s"), "1.07 m/s");
  EXPECT_EQ(measured(-0.14, "m/s"), "-0.14 m/s");
  EXPECT_EQ(measured(0.123, "m/s2"), "0.123 m/s²");
  EXPECT_EQ(measured(112, "/min"), "112/min");
  EXPECT_EQ(measured(12, "{repetitions}"), "12 repetitions");
  EXPECT_EQ(measured(14, "{#}", "66247-8"), "14 stands");
  EXPECT_EQ(measured(2, ""), "2 (no unit recorded)");
  EXPECT_EQ(score_value(28, "%"), "28 %");
  EXPECT_EQ(score_value(50, "points"), "50 points");
  EXPECT_EQ(score_difference(14, "%"), "14 points");
  EXPECT_EQ(score_difference(1, "points"), "1 point");
  EXPECT_EQ(score_difference(1.04, "%"), "1 point");
  EXPECT_EQ(score_difference(1.5, "points"), "1.5 points");
  EXPECT_EQ(score_value(1.14, "s"), "1.14 s");
  EXPECT_EQ(number(-0.0001, 2), "0");
}

TEST(Wording, TextForOneLine) {
  EXPECT_EQ(one_line("  a\nb\r\n\tc  "), "a b c");
  EXPECT_EQ(one_line("\n\n"), "");
  EXPECT_EQ(join_words({}), "");
  EXPECT_EQ(join_words({"a"}), "a");
  EXPECT_EQ(join_words({"a", "b"}), "a and b");
  EXPECT_EQ(join_words({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(words_of_id("seated_knee_extension"), "seated knee extension");
  EXPECT_EQ(capitalised("mini squat"), "Mini squat");
}

}  // namespace
}  // namespace physio::notes
