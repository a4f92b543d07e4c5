// The rules behind flags without a fitted model, against their published cut-offs: two weeks without
// exercise (Pedersen 2019) and CDC STEADI fall risk with the TUG 13.5 s accuracy (Barry 2014).
#include <gtest/gtest.h>

#include "risk/dropout.hpp"
#include "risk/fall.hpp"
#include "risk/lifecycle.hpp"
#include "risk/rules_card.hpp"

namespace physio::risk {
namespace {

const TimeUs kToday = days_from_iso_date("2026-11-25").value() * kDayUs + 9 * kHourUs;

TEST(DropOutRule, FlagsFourteenDaysWithoutExerciseAndNotThirteen) {
  ProgramActivity p{"prog", "p1", "Knee program", kToday - 60 * kDayUs, kToday - 13 * kDayUs};
  EXPECT_EQ(days_without_exercise(p, kToday), 13);
  EXPECT_FALSE(dropout_flag(p, kToday));
  p.last_log_us = kToday - 14 * kDayUs;
  auto f = dropout_flag(p, kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->method, "rule");
  EXPECT_EQ(f->kind, "dropout");
  EXPECT_EQ(f->level, "moderate");
  EXPECT_EQ(f->title, "No exercise logged for 14 days");
  EXPECT_NE(f->basis.find("Pedersen"), std::string::npos);
  EXPECT_NE(f->reasons.front().text.find("Knee program"), std::string::npos);
  p.last_log_us = kToday - 30 * kDayUs;
  EXPECT_EQ(dropout_flag(p, kToday)->level, "high");
}

TEST(DropOutRule, CountsFromTheProgramsStartWhenNothingWasLogged) {
  ProgramActivity p{"prog", "p1", "Back program", kToday - 20 * kDayUs, std::nullopt};
  auto f = dropout_flag(p, kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->title, "No exercise logged since the program started 20 days ago");
  // A log from before the program (another program) does not count as exercise on this one.
  p.last_log_us = kToday - 90 * kDayUs;
  EXPECT_EQ(days_without_exercise(p, kToday), 20);
  p.started_us = kToday - 5 * kDayUs;
  EXPECT_FALSE(dropout_flag(p, kToday));
}

TEST(DropOutRule, ADismissalHoldsAsTheDaysGoByAndEndsWithTheNextLog) {
  ProgramActivity p{"prog", "p1", "Knee program", kToday - 60 * kDayUs, kToday - 15 * kDayUs};
  const auto today = dropout_flag(p, kToday);
  const auto tomorrow = dropout_flag(p, kToday + kDayUs);
  ASSERT_TRUE(today && tomorrow);
  auto first = next_row(std::nullopt, &*today, true, kToday);
  first->status = "dismissed";
  auto next_day = next_row(first, &*tomorrow, true, kToday + kDayUs);
  EXPECT_EQ(next_day->status, "dismissed");
  p.last_log_us = kToday + 2 * kDayUs;  // logs again, then stops again
  auto later = dropout_flag(p, kToday + 20 * kDayUs);
  ASSERT_TRUE(later);
  EXPECT_EQ(next_row(next_day, &*later, true, kToday + 20 * kDayUs)->status, "open");
}

clinic::Observation obs(const std::string& code, double v, TimeUs at) {
  return {.code = code, .value = v, .effective_us = at, .source = "imu"};
}

TEST(FallRule, SteadiCutOffsWithTheirPublishedAccuracy) {
  clinic::Patient older{.id = "p1", .birth_date = "1950-06-01", .sex = "female"};
  // TUG 14.2 s: over 12 s (STEADI) and 13.5 s (Barry 2014: sensitivity 0.31, specificity 0.74).
  std::vector<clinic::Observation> o = {obs("89423-8", 14.2, kToday - 3 * kDayUs)};
  predict::FallRisk assessment;
  auto f = fall_flag(older, o, kToday, &assessment);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->level, "moderate");
  EXPECT_EQ(f->method, "rule");
  EXPECT_EQ(f->model, "steadi");
  bool barry = false;
  for (const auto& r : f->reasons)
    barry |= r.text.find("sensitivity 0.31, specificity 0.74") != std::string::npos;
  EXPECT_TRUE(barry);
  // 11.9 s: under both cut-offs, and nothing else measured: low, no flag.
  o = {obs("89423-8", 11.9, kToday - 3 * kDayUs)};
  EXPECT_FALSE(fall_flag(older, o, kToday, &assessment));
  EXPECT_EQ(assessment.level, predict::FallRiskLevel::kLow);
  // Exactly 12.0 s is at the cut-off ("12 s or longer").
  o = {obs("89423-8", 12.0, kToday - 3 * kDayUs)};
  EXPECT_TRUE(fall_flag(older, o, kToday));
  // Gait speed under 0.8 m/s.
  o = {obs("gait-speed", 0.75, kToday - kDayUs)};
  EXPECT_TRUE(fall_flag(older, o, kToday));
  o = {obs("gait-speed", 0.8, kToday - kDayUs)};
  EXPECT_FALSE(fall_flag(older, o, kToday));
  // 30-second chair stand below the norm for a woman of 76 (STEADI: below average under 10 at 75-79).
  o = {obs("66247-8", 9, kToday - kDayUs)};
  EXPECT_TRUE(fall_flag(older, o, kToday));
  o = {obs("66247-8", 10, kToday - kDayUs)};
  EXPECT_FALSE(fall_flag(older, o, kToday));
}

TEST(FallRule, OnlyRecentMeasuresOfPatientsOfSixtyFiveOrMore) {
  clinic::Patient younger{.id = "p2", .birth_date = "1970-01-01", .sex = "male"};
  std::vector<clinic::Observation> o = {obs("89423-8", 20, kToday - kDayUs)};
  EXPECT_FALSE(fall_flag(younger, o, kToday));
  clinic::Patient older{.id = "p3", .birth_date = "1940-01-01", .sex = "male"};
  EXPECT_TRUE(fall_flag(older, o, kToday));
  // Older than a year, or after now: not used; nothing measured: not assessed, no flag.
  o = {obs("89423-8", 20, kToday - 400 * kDayUs), obs("89423-8", 20, kToday + kDayUs)};
  predict::FallRisk a;
  EXPECT_FALSE(fall_flag(older, o, kToday, &a));
  EXPECT_EQ(a.level, predict::FallRiskLevel::kNotAssessed);
  // The latest value counts: a slow TUG last month, a good one this week.
  o = {obs("89423-8", 20, kToday - 30 * kDayUs), obs("89423-8", 9.5, kToday - 2 * kDayUs)};
  EXPECT_FALSE(fall_flag(older, o, kToday));
}

TEST(RulesCard, NamesEachRuleItsSourceAndItsAccuracy) {
  const std::string md = rules_card_markdown();
  EXPECT_NE(md.find("sensitivity 0.31, specificity 0.74"), std::string::npos);
  EXPECT_NE(md.find("Pedersen"), std::string::npos);
  EXPECT_NE(md.find("STEADI"), std::string::npos);
  EXPECT_NE(md.find("not published by the source"), std::string::npos);
  EXPECT_NE(md.find("No trained fall model"), std::string::npos);
}

}  // namespace
}  // namespace physio::risk
