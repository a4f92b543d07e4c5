#include "rehab/session_feedback.hpp"

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

TEST(SessionFeedback, NextSetAdapts) {
  AdaptSettings s;
  s.prescribed_reps = 10;
  s.prescribed_rom_deg = 50;
  const SetPlan plan{10, 40, 50};
  struct FeedbackRow {
    const char* name;
    SetResult last;
    SetPlan expected;
  };
  const FeedbackRow rows[] = {
      {"severe cue: fewer, easier", {10, 3.0, 90, 1, 45}, {8, 35, 45}},
      {"quality 69.9: fewer, easier", {10, 3.0, 69.9, 0, 45}, {8, 35, 45}},
      {"quality 70: not penalised", {10, 2.0, 70, 0, 45}, {10, 40, 50}},
      {"unfinished set", {7, 1.0, 85, 0, 45}, {7, 40, 50}},
      {"no reps in reserve", {10, 0.0, 85, 0, 45}, {10, 40, 50}},
      {"easy (RIR 4): one more, further, capped at the prescribed range", {10, 4.0, 85, 0, 45}, {11, 45, 55}},
      {"RIR 3.9: same again", {10, 3.9, 85, 0, 45}, {10, 40, 50}},
      {"easy but zone not reached", {10, 4.0, 85, 0, 35}, {10, 40, 50}},
  };
  for (const auto& r : rows) {
    const NextSet n = adapt_next_set(s, plan, r.last);
    EXPECT_EQ(n.plan.reps_target, r.expected.reps_target) << r.name;
    EXPECT_DOUBLE_EQ(n.plan.zone_low_deg, r.expected.zone_low_deg) << r.name;
    EXPECT_DOUBLE_EQ(n.plan.zone_high_deg, r.expected.zone_high_deg) << r.name;
    EXPECT_FALSE(n.reason.empty());
  }
  // Never past the prescribed range, never above prescribed + 2 repetitions, never below the minimum.
  SetPlan p{12, 50, 60};
  const NextSet top = adapt_next_set(s, p, {12, 5.0, 90, 0, 60});
  EXPECT_EQ(top.plan.reps_target, 12);
  EXPECT_DOUBLE_EQ(top.plan.zone_low_deg, 50);
  p = SetPlan{3, 10, 20};
  EXPECT_EQ(adapt_next_set(s, p, {3, 3.0, 40, 1, 15}).plan.reps_target, 3);
}

TEST(SessionFeedback, GameNeverRewardsASevereFormCue) {
  GameState g;
  std::vector<std::string> all;
  // Five good repetitions, growing range.
  for (int i = 0; i < 5; ++i) {
    auto f = step_game(g, RepEvent{80, 0, 40.0 + i});
    EXPECT_TRUE(f.rewarded);
    g = f.state;
    all.insert(all.end(), f.messages.begin(), f.messages.end());
  }
  EXPECT_EQ(g.good_rep_streak, 5);
  EXPECT_DOUBLE_EQ(g.best_rom_deg, 44);
  EXPECT_NE(std::find(all.begin(), all.end(), "5 good repetitions in a row"), all.end());
  // A deeper repetition with a severe cue: no personal best, streak reset, no reward.
  auto f = step_game(g, RepEvent{95, 1, 70});
  EXPECT_FALSE(f.rewarded);
  EXPECT_FALSE(f.personal_best);
  EXPECT_DOUBLE_EQ(f.state.best_rom_deg, 44);
  EXPECT_DOUBLE_EQ(f.state.best_quality, 80);
  EXPECT_EQ(f.state.good_rep_streak, 0);
  EXPECT_EQ(f.state.best_rep_streak, 5);
  g = f.state;
  // A poor-quality repetition (no severe cue) also earns nothing.
  f = step_game(g, RepEvent{50, 0, 60});
  EXPECT_FALSE(f.rewarded);
  EXPECT_DOUBLE_EQ(f.state.best_rom_deg, 44);
  // A clean deeper repetition is a personal best.
  f = step_game(f.state, RepEvent{75, 0, 46});
  EXPECT_TRUE(f.personal_best);
  EXPECT_EQ(f.messages.front(), "New personal best range: 46 deg");
}

}  // namespace
}  // namespace physio::rehab
