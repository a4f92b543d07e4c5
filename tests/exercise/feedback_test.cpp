#include <algorithm>

#include <gtest/gtest.h>

#include "exercise/analyse.hpp"
#include "exercise/feedback.hpp"
#include "exercise/library.hpp"
#include "synthetic_angles.hpp"

namespace physio::exercise {
namespace {

using test::kRate;
using test::make_reps;
using test::make_series;
using test::SynthRep;

Cue cue(const std::string& id, Severity s, double t) {
  return Cue{id, id + " text", s, t, static_cast<std::size_t>(t * kRate), 1};
}

TEST(ExerciseCues, DebounceSameRule) {
  CueScheduler sched(CueOptions{3.0, 10.0, 4.0});
  std::vector<Cue> out;
  for (double t : {1.0, 3.0, 5.0, 12.0, 13.0}) {
    auto e = sched.offer(cue("trunk", Severity::kMedium, t));
    out.insert(out.end(), e.begin(), e.end());
  }
  auto e = sched.flush();
  out.insert(out.end(), e.begin(), e.end());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_DOUBLE_EQ(out[0].t_s, 1.0);
  EXPECT_DOUBLE_EQ(out[1].t_s, 12.0);
}

TEST(ExerciseCues, OneAtATimeMostSevereFirst) {
  CueScheduler sched(CueOptions{3.0, 10.0, 4.0});
  std::vector<Cue> out;
  for (const auto& c : {cue("depth", Severity::kLow, 5.0), cue("knee", Severity::kHigh, 5.0)}) {
    auto e = sched.offer(c);
    out.insert(out.end(), e.begin(), e.end());
  }
  auto e = sched.flush();
  out.insert(out.end(), e.begin(), e.end());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rule_id, "knee");
  EXPECT_DOUBLE_EQ(out[0].t_s, 5.0);
  EXPECT_EQ(out[1].rule_id, "depth");
  // Shown when the first cue's display time is over, but still reported at its event's time.
  EXPECT_DOUBLE_EQ(out[1].shown_s, 8.0);
  EXPECT_DOUBLE_EQ(out[1].t_s, 5.0);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_GE(out[i].shown_s - out[i - 1].shown_s, 3.0);
}

// The finding: "cue at 8.0 s (rep 4)" for a 7.63 s video whose event was at 6.8 s. A cue waiting for the
// display slot must keep its event's time and frame, so no cue is ever placed after the data ends.
TEST(ExerciseCues, CueKeepsTheTimeOfItsEvent) {
  std::vector<RepMetrics> reps(2);
  reps[0].index = 3;
  reps[0].violations.push_back({"knee", 1.0, 0.0, '<', Severity::kHigh, "knee text", 165, 5.5});
  reps[1].index = 4;
  reps[1].violations.push_back({"depth", 1.0, 0.0, '<', Severity::kMedium, "depth text", 204, 6.8});
  const double data_end_s = 7.63;
  auto cues = schedule_cues(reps, CueOptions{3.0, 10.0, 4.0});
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_DOUBLE_EQ(cues[1].t_s, 6.8);
  EXPECT_EQ(cues[1].frame, 204u);
  EXPECT_EQ(cues[1].rep, 4);
  EXPECT_DOUBLE_EQ(cues[1].shown_s, 8.5);  // after the first cue's 3 s on screen
  for (const auto& c : cues) EXPECT_LE(c.t_s, data_end_s) << c.rule_id;
}

TEST(ExerciseCues, StaleCandidatesAreDropped) {
  CueScheduler sched(CueOptions{6.0, 10.0, 2.0});
  std::vector<Cue> out;
  for (const auto& c : {cue("a", Severity::kHigh, 1.0), cue("b", Severity::kLow, 1.5)}) {
    auto e = sched.offer(c);
    out.insert(out.end(), e.begin(), e.end());
  }
  auto e = sched.flush();
  out.insert(out.end(), e.begin(), e.end());
  ASSERT_EQ(out.size(), 1u);  // "b" would come 5.5 s late: dropped
  EXPECT_EQ(out[0].rule_id, "a");
}

kin::AngleSeries squat_series(double trunk_lean_deg) {
  std::vector<SynthRep> reps(4, SynthRep{3.0, 100.0, 1.5});
  auto knee = make_reps(reps, kRate, 2.0, 1.0, 1.0, 3);
  auto knee_r = make_reps(reps, kRate, 2.0, 1.0, 1.0, 4);
  std::vector<double> hip(knee.size()), trunk(knee.size());
  for (std::size_t i = 0; i < knee.size(); ++i) {
    hip[i] = 0.8 * knee[i];
    trunk[i] = 10.0 + trunk_lean_deg * (knee[i] - 2.0) / 100.0;
  }
  return make_series(kRate, {{"left_knee_flexion", knee},
                             {"right_knee_flexion", knee_r},
                             {"left_hip_flexion", hip},
                             {"right_hip_flexion", hip},
                             {"trunk_flexion", trunk}});
}

TEST(ExerciseCues, TrunkLeanCueFiresWhenTrunkLeans) {
  auto ex = find_exercise("deep_squat");
  ASSERT_TRUE(ex) << ex.error().to_string();
  auto res = analyse_exercise(squat_series(60.0), **ex);
  ASSERT_TRUE(res) << res.error().to_string();
  ASSERT_EQ(res->summary.count, 4);
  for (const auto& r : res->reps) {
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].rule_id, "trunk_upright");
    EXPECT_EQ(r.violations[0].frame, r.peak_frame);
    EXPECT_LT(r.quality.score, 100.0);
  }
  ASSERT_FALSE(res->cues.empty());
  EXPECT_EQ(res->cues[0].rule_id, "trunk_upright");
  EXPECT_EQ(res->cues[0].text, "Keep your chest up");
  // Debounced: 4 repetitions every 4.5 s, debounce 10 s -> cues at reps 1 and 4 (t >= 10 s later).
  EXPECT_LT(res->cues.size(), 4u);
}

TEST(ExerciseCues, NoCueForGoodSquat) {
  auto ex = find_exercise("deep_squat");
  ASSERT_TRUE(ex);
  auto res = analyse_exercise(squat_series(20.0), **ex);
  ASSERT_TRUE(res) << res.error().to_string();
  ASSERT_EQ(res->summary.count, 4);
  EXPECT_TRUE(res->cues.empty());
  for (const auto& r : res->reps) {
    EXPECT_TRUE(r.violations.empty());
    EXPECT_DOUBLE_EQ(r.quality.score, 100.0);  // no template given, no violation
  }
}

TEST(ExerciseCues, ShallowSquatGetsDepthCue) {
  auto ex = find_exercise("deep_squat");
  ASSERT_TRUE(ex);
  std::vector<SynthRep> reps(3, SynthRep{2.5, 40.0, 1.5});
  auto knee = make_reps(reps, kRate, 0.0, 0.5);
  std::vector<double> trunk(knee.size(), 5.0);
  auto s = make_series(kRate, {{"left_knee_flexion", knee},
                               {"right_knee_flexion", knee},
                               {"left_hip_flexion", knee},
                               {"right_hip_flexion", knee},
                               {"trunk_flexion", trunk}});
  auto res = analyse_exercise(s, **ex);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->summary.count, 3);
  ASSERT_FALSE(res->cues.empty());
  EXPECT_EQ(res->cues[0].rule_id, "depth");
  auto j = exercise_result_to_json(*res);
  EXPECT_EQ(j["reps"][0]["deductions"][0]["source"], "rule:depth");
  EXPECT_EQ(j["summary"]["count"], 3);
}

}  // namespace
}  // namespace physio::exercise
