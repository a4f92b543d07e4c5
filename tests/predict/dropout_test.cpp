// Drop-out rows: a row per program-week while the 14-day rule does not yet hold, features from before the
// prediction day only, the outcome known once the 14 days have passed with the program still active.
#include <cmath>

#include <gtest/gtest.h>

#include "predict/dropout.hpp"

namespace physio::predict {
namespace {

constexpr TimeUs kDropoutDay = 86'400 * kUsPerSecond;
constexpr TimeUs kDropoutStart = 20'000 * kDropoutDay;  // a day boundary

/// Exercise at 18:00 on each of `days` after the start.
ProgramHistory program_with_logs(std::initializer_list<int> days) {
  ProgramHistory p;
  p.program_id = "prog";
  p.patient_id = "pat";
  p.started_us = kDropoutStart + 9 * 3600 * kUsPerSecond;
  for (int d : days) p.logs.push_back(kDropoutStart + d * kDropoutDay + 18 * 3600 * kUsPerSecond);
  return p;
}

double feature(const DropoutRows& rows, std::size_t r, const std::string& name) {
  for (std::size_t c = 0; c < rows.table.cols(); ++c)
    if (rows.table.features[c].name == name) return rows.table.at(r, c);
  ADD_FAILURE() << "no feature " << name;
  return NAN;
}

TEST(DropoutRows, OneRowPerWeekWhileTheRuleDoesNotHoldWithTheOutcomeAfterTwoWeeks) {
  // Exercise on days 1-20, then nothing.
  std::vector<ProgramHistory> ps{
      program_with_logs({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})};
  const TimeUs now = kDropoutStart + 60 * kDropoutDay;
  ps[0].ended_us = now - kDropoutDay;  // ended yesterday: no current row
  const DropoutRows rows = dropout_rows(ps, now);
  // Weeks at days 7, 14, 21, 28 (idle 0, 0, 0, 7 days); day 35 is 14 idle days: the rule's, no row.
  ASSERT_EQ(rows.table.rows(), 4u);
  const double expected_y[] = {0, 0, 1, 1};
  const double expected_idle[] = {0, 0, 0, 7};
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(rows.at_us[r], kDropoutStart + static_cast<TimeUs>(7 * (r + 1)) * kDropoutDay);
    EXPECT_TRUE(rows.outcome_known[r]);
    EXPECT_FALSE(rows.current[r]);
    EXPECT_EQ(rows.table.y[r], expected_y[r]) << "row " << r;
    EXPECT_EQ(feature(rows, r, "days_since_log"), expected_idle[r]) << "row " << r;
  }
  EXPECT_EQ(feature(rows, 1, "active_days_7"), 7);       // days 7-13
  EXPECT_EQ(feature(rows, 1, "active_days_prev_7"), 6);  // days 1-6
  EXPECT_EQ(feature(rows, 3, "active_days_7"), 0);
  EXPECT_EQ(dropout_rows_with_outcome(rows).size(), 4u);
}

TEST(DropoutRows, FutureRowsNeverChangeWhatWasKnown) {
  ProgramHistory p = program_with_logs({1, 3, 5, 8, 9, 13, 15, 22, 24, 27, 30, 33});
  p.pain = {{kDropoutStart + 2 * kDropoutDay, 4}, {kDropoutStart + 9 * kDropoutDay, 5}};
  p.missed_visits = {kDropoutStart + 12 * kDropoutDay};
  const TimeUs now = kDropoutStart + 35 * kDropoutDay + 3600 * kUsPerSecond;
  const std::vector<ProgramHistory> before{p};
  // The same program with everything that happens after `now` already in the store.
  ProgramHistory later = p;
  for (int d : {36, 37, 38, 50}) later.logs.push_back(kDropoutStart + d * kDropoutDay);
  later.pain.emplace_back(kDropoutStart + 36 * kDropoutDay, 9);
  later.missed_visits.push_back(kDropoutStart + 40 * kDropoutDay);
  later.live_sessions.push_back(kDropoutStart + 37 * kDropoutDay);
  const std::vector<ProgramHistory> after{later};
  const DropoutRows a = dropout_rows(before, now);
  const DropoutRows b = dropout_rows(after, now);
  ASSERT_EQ(a.table.rows(), b.table.rows());
  ASSERT_GT(a.table.rows(), 3u);
  for (std::size_t i = 0; i < a.table.x.size(); ++i) {
    if (std::isnan(a.table.x[i])) {
      EXPECT_TRUE(std::isnan(b.table.x[i]));
    } else {
      EXPECT_EQ(a.table.x[i], b.table.x[i]) << "cell " << i;
    }
  }
  EXPECT_EQ(a.table.y, b.table.y);
  EXPECT_EQ(a.outcome_known, b.outcome_known);
  // The current day's row is there for the active program, without an outcome.
  EXPECT_TRUE(a.current.back());
  EXPECT_FALSE(a.outcome_known.back());
}

TEST(DropoutRows, AProgramEndedWithinTheTwoWeeksHasNoOutcome) {
  ProgramHistory p = program_with_logs({1, 2, 3, 4, 5, 6, 8, 9, 10, 11});
  p.ended_us = kDropoutStart + 18 * kDropoutDay;  // ended by the physiotherapist on day 18
  const std::vector<ProgramHistory> ps{p};
  const DropoutRows rows = dropout_rows(ps, kDropoutStart + 90 * kDropoutDay);
  ASSERT_EQ(rows.table.rows(), 2u);  // days 7 and 14; nothing after the end
  EXPECT_FALSE(rows.outcome_known[0]) << "day 7 + 14 days is past the end";
  EXPECT_FALSE(rows.outcome_known[1]);
  EXPECT_TRUE(dropout_rows_with_outcome(rows).empty());
}

TEST(DropoutRows, PainAndItsChangeAreWeeklyMeansAndMissingWithoutAnswers) {
  ProgramHistory p = program_with_logs({1, 2, 3, 8, 9, 10});
  p.pain = {{kDropoutStart + 8 * kDropoutDay, 6},
            {kDropoutStart + 10 * kDropoutDay, 4},
            {kDropoutStart + 2 * kDropoutDay, 2}};
  const std::vector<ProgramHistory> ps{p};
  const DropoutRows rows = dropout_rows(ps, kDropoutStart + 15 * kDropoutDay);
  ASSERT_GE(rows.table.rows(), 2u);
  EXPECT_EQ(feature(rows, 0, "pain_recent"), 2);             // day 7: the week before holds day 2
  EXPECT_TRUE(std::isnan(feature(rows, 0, "pain_change")));  // no week before that
  EXPECT_EQ(feature(rows, 1, "pain_recent"), 5);             // day 14: mean of 6 and 4
  EXPECT_EQ(feature(rows, 1, "pain_change"), 3);             // 5 - 2
}

TEST(DropoutRows, AProgramWithNoLogCountsItsIdleDaysFromTheStart) {
  ProgramHistory p = program_with_logs({});
  const std::vector<ProgramHistory> ps{p};
  const DropoutRows rows = dropout_rows(ps, kDropoutStart + 30 * kDropoutDay);
  // Days 7 and 14 (the start was at 09:00 on day 0: 13 whole days by day 14); from day 21 the rule holds.
  ASSERT_EQ(rows.table.rows(), 2u);
  EXPECT_EQ(feature(rows, 0, "days_since_log"), 6);
  EXPECT_EQ(feature(rows, 1, "days_since_log"), 13);
  EXPECT_EQ(rows.table.y[0], 1.0);  // nothing logged in the two weeks after day 7
}

}  // namespace
}  // namespace physio::predict
