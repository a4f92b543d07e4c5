#include "rehab/caseload.hpp"

#include <gtest/gtest.h>

#include "fake_tz.hpp"

namespace physio::rehab {
namespace {

using test::utc;

const TimeUs kNow = utc(2026, 3, 16, 12);
TimeUs days_ago(double d) {
  return kNow - static_cast<TimeUs>(d * static_cast<double>(kUsPerDay));
}

const NeedReason* reason(const NeedAssessment& a, std::string_view kind) {
  for (const auto& r : a.reasons)
    if (r.kind == kind) return &r;
  return nullptr;
}

PatientSignals calm() {
  PatientSignals s;
  s.now_us = kNow;
  for (int d = 13; d >= 0; --d) s.sessions.push_back({"mini_squat", days_ago(d + 0.1), 2.0, 80.0, 90.0, 0});
  for (int d = 13; d >= 0; --d) s.morning_pain.push_back({days_ago(d + 0.3), 2.0});
  s.adherence = AdherenceSignal{7, 7, 7};
  s.days_without_session = 0;
  return s;
}

TEST(Caseload, AWellPatientHasNoReasonAndScoreZero) {
  const auto a = assess_need(calm());
  EXPECT_EQ(a.score, 0);
  EXPECT_TRUE(a.reasons.empty());
}

TEST(Caseload, PainAboveFiveDuringOrInTheMorningIsAnAlertWithItsNumbers) {
  auto s = calm();
  s.sessions.back().pain_during_nprs = 6.0;
  auto a = assess_need(s);
  ASSERT_NE(reason(a, "pain_high"), nullptr);
  EXPECT_EQ(reason(a, "pain_high")->text,
            "pain during exercise up to 6/10 in the last 7 days (alert above 5/10)");
  EXPECT_EQ(a.reasons.front().kind, "pain_high");
  // Exactly 5 is not above 5; pain older than 7 days does not count.
  s = calm();
  s.sessions.back().pain_during_nprs = 5.0;
  s.morning_pain.front().nprs = 9.0;  // 13 days ago
  EXPECT_EQ(reason(assess_need(s), "pain_high"), nullptr);
  s.morning_pain.back().nprs = 7.5;
  EXPECT_EQ(reason(assess_need(s), "pain_high")->text,
            "morning pain up to 7.5/10 in the last 7 days (alert above 5/10); at the stop level (7/10 or "
            "more): the patient was told to stop for the day and that you have been told");
  EXPECT_TRUE(reason(assess_need(s), "pain_high")->stop_level);
  s.morning_pain.back().nprs = 6.9;
  EXPECT_FALSE(reason(assess_need(s), "pain_high")->stop_level);
}

// docs/metrics/caseload.md, "The day's order": the urgent first, whatever the sum of the rest.
TEST(Caseload, TheDayPutsStopLevelPainThenUnreadMessagesThenMissedSessionsFirst) {
  auto stop = calm();
  stop.sessions.back().pain_during_nprs = 7.0;
  const auto stop_need = assess_need(stop);
  EXPECT_EQ(day_rank(stop_need, 0), 0);
  EXPECT_EQ(day_rank(stop_need, 3), 0);
  // Many lesser reasons add up to a higher score than one stop-level report, yet come after it.
  auto busy = calm();
  busy.sessions.back().pain_during_nprs = 6.0;  // pain_high, below the stop level
  busy.pending_proposals = 2;
  for (auto& x : busy.sessions)
    if (x.done_us >= days_ago(3)) x.severe_cues = 4;
  busy.adherence = AdherenceSignal{7, 7, 2};
  const auto busy_need = assess_need(busy);
  ASSERT_GT(busy_need.score, stop_need.score);
  EXPECT_EQ(day_rank(busy_need, 0), 2);
  EXPECT_TRUE(before_on_the_day(day_rank(stop_need, 0), stop_need.score, day_rank(busy_need, 0), busy_need.score));
  EXPECT_FALSE(before_on_the_day(day_rank(busy_need, 0), busy_need.score, day_rank(stop_need, 0), stop_need.score));
  // A message from the patient not read comes before missed sessions, after stop-level pain.
  const auto quiet = assess_need(calm());
  EXPECT_EQ(day_rank(quiet, 1), 1);
  EXPECT_EQ(day_rank(quiet, 0), 4);
  EXPECT_TRUE(before_on_the_day(day_rank(quiet, 1), quiet.score, day_rank(busy_need, 0), busy_need.score));
  // Only lesser reasons: rank 3; the same rank is ordered by the score.
  auto lesser = calm();
  lesser.pending_proposals = 1;
  const auto lesser_need = assess_need(lesser);
  EXPECT_EQ(day_rank(lesser_need, 0), 3);
  EXPECT_TRUE(before_on_the_day(3, 60, 3, 30));
  EXPECT_FALSE(before_on_the_day(3, 30, 3, 60));
}

TEST(Caseload, MorningPainRisingByOnePointWeekOnWeek) {
  auto s = calm();
  for (auto& p : s.morning_pain)
    if (p.at_us >= days_ago(7)) p.nprs = 3.0;
  const auto a = assess_need(s);
  ASSERT_NE(reason(a, "pain_rising"), nullptr);
  EXPECT_EQ(reason(a, "pain_rising")->text,
            "rising: morning pain 2/10 -> 3/10 (mean of the last 7 days vs the 7 before)");
  EXPECT_EQ(reason(a, "pain_high"), nullptr);
  // Too few answers in either week: no trend claimed.
  s.morning_pain = {{days_ago(10), 1.0}, {days_ago(2), 4.0}, {days_ago(1), 4.0}};
  EXPECT_EQ(reason(assess_need(s), "pain_rising"), nullptr);
}

TEST(Caseload, MissedSessionsByAdherenceOrByDaysWithoutAny) {
  auto s = calm();
  s.adherence = AdherenceSignal{7, 10, 4};
  auto a = assess_need(s);
  ASSERT_NE(reason(a, "missed_sessions"), nullptr);
  EXPECT_EQ(reason(a, "missed_sessions")->text,
            "4 of 10 prescribed sessions done in the last 7 complete days (40 %)");
  s.adherence = AdherenceSignal{7, 10, 5};  // 50 % is not below 50 %
  EXPECT_EQ(reason(assess_need(s), "missed_sessions"), nullptr);
  s.days_without_session = 3;
  EXPECT_EQ(reason(assess_need(s), "missed_sessions")->text, "no session for 3 days");
  s.adherence.reset();  // no program: nothing prescribed, but days without a session still said
  s.days_without_session.reset();
  EXPECT_EQ(reason(assess_need(s), "missed_sessions"), nullptr);
}

TEST(Caseload, QualityAndRangeFallingPerExercise) {
  auto s = calm();
  const std::size_t n = s.sessions.size();
  for (std::size_t i = n - 3; i < n; ++i) {
    s.sessions[i].mean_quality = 68.0;  // 80 -> 68: 12 points
    s.sessions[i].rom_deg = 80.0;       // 90 -> 80: 10 deg, 11 %
  }
  auto a = assess_need(s);
  ASSERT_NE(reason(a, "quality_falling"), nullptr);
  EXPECT_EQ(
      reason(a, "quality_falling")->text,
      "movement quality falling (mean of the last 3 sessions vs the 3 before, 0-100): mini_squat 80 -> 68");
  ASSERT_NE(reason(a, "rom_falling"), nullptr);
  EXPECT_EQ(reason(a, "rom_falling")->text,
            "range of motion falling (mean of the last 3 sessions vs the 3 before): mini_squat 90 -> 80 deg");
  // 9 points and 9 % are below the thresholds.
  for (std::size_t i = n - 3; i < n; ++i) {
    s.sessions[i].mean_quality = 71.0;
    s.sessions[i].rom_deg = 81.9;
  }
  a = assess_need(s);
  EXPECT_EQ(reason(a, "quality_falling"), nullptr);
  EXPECT_EQ(reason(a, "rom_falling"), nullptr);
  // A different exercise's sessions are not compared with these.
  s = calm();
  for (int d = 2; d >= 0; --d) s.sessions.push_back({"bridge", days_ago(d + 0.2), 1.0, 40.0, 20.0, 0});
  EXPECT_EQ(reason(assess_need(s), "quality_falling"), nullptr);
}

TEST(Caseload, ContradictorySignalsAreAllListedHighestPriorityFirst) {
  auto s = calm();
  s.sessions.back().pain_during_nprs = 7.0;
  s.sessions.back().severe_cues = 2;
  s.adherence = AdherenceSignal{7, 7, 2};
  s.pending_proposals = 1;  // a progression waits although pain is high
  s.flags.push_back(
      {"tug_s", "Timed Up and Go 14.2 s, worse than the baseline 11.1 s by more than the MCID 2.9 s"});
  const auto a = assess_need(s);
  std::vector<std::string> kinds;
  for (const auto& r : a.reasons) kinds.push_back(r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"pain_high", "change_flag", "missed_sessions", "severe_cues",
                                             "proposals_waiting"}));
  EXPECT_EQ(a.score, 150 + 70 + 60 + 40 + 30);  // pain 7/10 is at the stop level: 150, not 100
  EXPECT_EQ(reason(a, "severe_cues")->text, "2 severe form cues in the last 7 days");
  EXPECT_EQ(reason(a, "proposals_waiting")->text, "1 progression proposal waiting for your decision");
}

}  // namespace
}  // namespace physio::rehab
