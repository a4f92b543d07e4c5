// Feedback after a live set that agrees with itself: no records from a set with stop-level pain, no range
// record deeper than prescribed, and no judgement of effort the patient has not given.
#include "rehab/set_feedback.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

bool says(const SetFeedbackResult& f, const std::string& part) {
  return std::any_of(f.messages.begin(), f.messages.end(),
                     [&](const std::string& m) { return m.find(part) != std::string::npos; });
}

SetFeedbackInput squats_after_an_earlier_session() {
  SetFeedbackInput in;
  in.earlier.push_back({"mini_squat", 1, 10, 80.0, 60.0, 0, 2.0});  // best range 60 deg, quality 80
  for (int i = 0; i < 8; ++i) in.reps.push_back({90.0, 0, 70.0});
  return in;
}

TEST(SetFeedback, ARecordIsARecordOnlyWithoutStopLevelPain) {
  auto in = squats_after_an_earlier_session();
  auto f = set_feedback(in);
  EXPECT_TRUE(f.personal_best);
  EXPECT_TRUE(says(f, "New personal best range: 70 deg"));
  EXPECT_TRUE(says(f, "5 good repetitions in a row"));
  EXPECT_FALSE(f.rewards_withheld);

  in.pain_nprs = 7.0;  // the stop level: told to stop for today
  f = set_feedback(in);
  EXPECT_FALSE(f.personal_best);
  EXPECT_FALSE(says(f, "personal best"));
  EXPECT_FALSE(says(f, "in a row"));
  EXPECT_TRUE(f.rewards_withheld);
  EXPECT_TRUE(says(f, "stopping for today"));

  in.pain_nprs = 6.5;  // too much for the load, but not the stop level
  EXPECT_TRUE(set_feedback(in).personal_best);

  in.pain_nprs.reset();
  in.stop_pain_before = true;  // a stop-level report earlier the same day
  f = set_feedback(in);
  EXPECT_FALSE(f.personal_best);
  EXPECT_TRUE(f.rewards_withheld);
}

TEST(SetFeedback, AnEarlierSetWithStopLevelPainIsNoBestToBeat) {
  std::vector<LoggedSession> s{{"bridge", 1, 26, 95.0, 40.0, 0, 7.0}, {"bridge", 2, 10, 80.0, 30.0, 0, 2.0}};
  const auto bests = personal_bests(s);
  ASSERT_EQ(bests.size(), 1u);
  EXPECT_EQ(bests[0].reps, 10);
  EXPECT_EQ(bests[0].clean_sessions, 1);
  EXPECT_DOUBLE_EQ(*bests[0].rom_deg, 30.0);
}

TEST(SetFeedback, DeeperThanPrescribedIsNoRangeRecord) {
  auto in = squats_after_an_earlier_session();
  in.prescribed_reps = 8;
  in.prescribed_rom_deg = 45.0;  // a mini squat: the zone's top is 49.5 deg; 70 deg is too deep
  auto f = set_feedback(in);
  EXPECT_FALSE(says(f, "personal best range"));
  // Within the zone a new range is a record.
  in.earlier[0].rom_deg = 40.0;
  for (auto& r : in.reps) r.rom_deg = 48.0;
  f = set_feedback(in);
  EXPECT_TRUE(says(f, "New personal best range: 48 deg"));
}

TEST(SetFeedback, EffortIsAskedBeforeItIsJudged) {
  auto in = squats_after_an_earlier_session();
  in.prescribed_reps = 10;  // 8 of 10 done
  in.prescribed_rom_deg = 70.0;
  auto f = set_feedback(in);
  EXPECT_TRUE(f.awaiting_effort);
  EXPECT_FALSE(f.next_set.has_value());

  in.rpe = 4.0;  // easy by the patient's own word (6 in reserve): stopped short, but not "hard"
  f = set_feedback(in);
  EXPECT_FALSE(f.awaiting_effort);
  ASSERT_TRUE(f.next_set.has_value());
  EXPECT_EQ(f.next_set->plan.reps_target, 8);
  EXPECT_EQ(f.next_set->reason.find("hard"), std::string::npos) << f.next_set->reason;

  in.rpe = 10.0;  // maximal: none in reserve
  f = set_feedback(in);
  ASSERT_TRUE(f.next_set.has_value());
  EXPECT_NE(f.next_set->reason.find("that set was hard"), std::string::npos);

  in.rpe.reset();
  in.rir = 0.0;
  EXPECT_NE(set_feedback(in).next_set->reason.find("hard"), std::string::npos);

  in.pain_nprs = 8.0;  // stop-level pain: no next set is proposed
  EXPECT_FALSE(set_feedback(in).next_set.has_value());
}

TEST(SetFeedback, EffortAsRepetitionsInReserve) {
  EXPECT_EQ(effort_as_rir(3.0, 9.0), 3.0);  // RIR given wins
  EXPECT_EQ(effort_as_rir(std::nullopt, 7.0), 3.0);
  EXPECT_EQ(effort_as_rir(std::nullopt, 10.0), 0.0);
  EXPECT_EQ(effort_as_rir(std::nullopt, 0.0), 10.0);
  EXPECT_FALSE(effort_as_rir(std::nullopt, std::nullopt).has_value());
}

TEST(SetFeedback, APracticeSetHasNoNextSetAndWaitsForNothing) {
  auto in = squats_after_an_earlier_session();
  const auto f = set_feedback(in);
  EXPECT_FALSE(f.awaiting_effort);
  EXPECT_FALSE(f.next_set.has_value());
  EXPECT_EQ(f.clean_reps, 8);
  EXPECT_EQ(f.best_good_rep_streak, 8);
}

}  // namespace
}  // namespace physio::rehab
