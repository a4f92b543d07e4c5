#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "applicability_helpers.hpp"
#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/segmentation.hpp"
#include "kinematics/synthetic.hpp"
#include "synthetic_angles.hpp"

namespace physio::exercise {
namespace {

using test::kRate;
using test::make_reps;
using test::make_series;
using test::SynthRep;
using test_support::get;

TEST(ExerciseAnalyse, SyntheticSquatLandmarks2dAnd3d) {
  kin::SyntheticOptions so;
  so.repetitions = 6;
  so.noise = 0.002;
  auto rec = kin::make_synthetic(so);
  for (const auto* seq : {&rec.image, &rec.world}) {
    auto res = analyse_exercise(*seq, get("deep_squat"));
    ASSERT_TRUE(res) << res.error().to_string();
    EXPECT_EQ(res->summary.count, rec.truth.repetitions) << (seq->is_3d() ? "3d" : "2d");
    EXPECT_EQ(res->summary.partial_count, 0);
    // Knee ROM: the truth's range (about 100 deg at full depth).
    double lo = *std::min_element(rec.truth.knee_flexion_deg.begin(), rec.truth.knee_flexion_deg.end());
    double hi = *std::max_element(rec.truth.knee_flexion_deg.begin(), rec.truth.knee_flexion_deg.end());
    EXPECT_NEAR(res->summary.mean_rom_deg, hi - lo, 6.0);
    EXPECT_FALSE(res->reps.empty());
  }
}

TEST(ExerciseAnalyse, MissingLandmarksNamed) {
  kin::LandmarkSequence seq(kin::coco17(), kin::CoordSpace::kImagePixels, 10);
  auto res = analyse_exercise(seq, get("heel_raise"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), ErrorCode::kMissingData);
  EXPECT_NE(res.error().message().find("needs left heel, right heel"), std::string::npos)
      << res.error().message();
  EXPECT_NE(res.error().message().find("coco17 lacks"), std::string::npos);
}

TEST(ExerciseAnalyse, MissingAngleColumnNamed) {
  auto s = make_series(kRate, {{"left_knee_flexion", std::vector<double>(100, 0.0)}});
  auto res = analyse_exercise(s, get("deep_squat"));
  ASSERT_FALSE(res);
  EXPECT_NE(res.error().message().find("right_knee_flexion"), std::string::npos) << res.error().message();
}

TEST(ExerciseAnalyse, UnilateralSideIsDetected) {
  std::vector<SynthRep> reps(5, SynthRep{2.0, 60.0, 1.0});
  auto moving = make_reps(reps, kRate, 0.0, 1.0);
  std::vector<double> still(moving.size(), 2.0), trunk(moving.size(), 3.0);
  auto s = make_series(kRate, {{"left_leg_elevation", moving},
                               {"right_leg_elevation", still},
                               {"left_knee_flexion", still},
                               {"right_knee_flexion", still},
                               {"trunk_flexion", trunk}});
  auto res = analyse_exercise(s, get("standing_active_straight_leg_raise"));
  ASSERT_TRUE(res) << res.error().to_string();
  EXPECT_EQ(res->side, "left");
  EXPECT_EQ(res->primary_angle, "left_leg_elevation");
  EXPECT_EQ(res->summary.count, 5);
  AnalysisOptions o;
  o.side = SideChoice::kRight;
  auto forced = analyse_exercise(s, get("standing_active_straight_leg_raise"), o);
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->summary.count, 0);  // the right leg did not move
}

// A resting limb whose tracking wanders can span a larger range than the working limb's movement (UI-PRMD
// shoulder extension: the resting arm's elevation spans 60 deg in s01's correct set, the moving arm's
// 38 deg), but it does not repeat: the working side is the one that repeats a large movement.
TEST(ExerciseAnalyse, UnilateralSideIsTheRepeatingOneNotTheLargestRange) {
  std::vector<SynthRep> reps(10, SynthRep{2.0, 40.0, 1.0});
  auto moving = make_reps(reps, kRate, 5.0, 1.0);
  std::vector<double> wandering(moving.size()), elbow(moving.size(), 5.0), trunk(moving.size(), 3.0);
  for (std::size_t i = 0; i < wandering.size(); ++i) {
    const double t = static_cast<double>(i) / kRate;
    wandering[i] = 50.0 + 24.0 * std::sin(2.0 * std::numbers::pi * t / 7.3) +
                   24.0 * std::sin(2.0 * std::numbers::pi * t / 11.9 + 1.0);
  }
  // The input is the failure case: by range x periodicity alone, the wandering arm scored higher.
  auto score = [](const std::vector<double>& v, double power) {
    auto sm = *smooth_for_segmentation(v, kRate, 3.0);
    const double p = std::max(periodicity_strength(sm, kRate), 0.05);
    return (percentile(sm, 97.0) - percentile(sm, 3.0)) * std::pow(p, power);
  };
  ASSERT_GT(score(wandering, 1.0), score(moving, 1.0));
  auto s = make_series(kRate, {{"left_shoulder_elevation", wandering},
                               {"right_shoulder_elevation", moving},
                               {"left_elbow_flexion", elbow},
                               {"right_elbow_flexion", elbow},
                               {"trunk_flexion", trunk}});
  auto res = analyse_exercise(s, get("shoulder_extension"));
  ASSERT_TRUE(res) << res.error().to_string();
  EXPECT_EQ(res->side, "right");
  EXPECT_EQ(res->summary.count, 10);
}

// One repetition has next to no periodicity; a resting leg's small regular sway (under the 10 deg the
// segmentation counts as movement) has much. By range x periodicity squared the resting leg won, and nothing
// was counted (the side-lying leg raise clip: top leg 63 deg, bottom leg 7.7 deg). A side that cannot hold a
// repetition is not chosen when the other moves.
TEST(ExerciseAnalyse, UnilateralSideIsNotOneThatMovesTooLittleToCount) {
  std::vector<SynthRep> reps(1, SynthRep{4.0, 60.0, 2.0});
  auto moving = make_reps(reps, kRate, 0.0, 1.0);
  std::vector<double> sway(moving.size()), knee(moving.size(), 4.0);
  for (std::size_t i = 0; i < sway.size(); ++i)
    sway[i] = 3.0 + 3.5 * std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / kRate / 1.5);
  // The input is the failure case: by range x periodicity squared, the swaying leg scores higher.
  auto score = [](const std::vector<double>& v) {
    auto sm = *smooth_for_segmentation(v, kRate, 3.0);
    const double p = std::max(periodicity_strength(sm, kRate), 0.05);
    return (percentile(sm, 97.0) - percentile(sm, 3.0)) * p * p;
  };
  ASSERT_GT(score(sway), score(moving));
  std::vector<double> level(moving.size(), 0.0);
  auto s = make_series(kRate, {{"left_leg_elevation", moving},
                               {"right_leg_elevation", sway},
                               {"left_knee_flexion", knee},
                               {"right_knee_flexion", knee},
                               {"trunk_lateral_flexion", level},
                               {"pelvis_obliquity", level}});
  auto res = analyse_exercise(s, get("standing_hip_abduction"));
  ASSERT_TRUE(res) << res.error().to_string();
  EXPECT_EQ(res->side, "left");
  EXPECT_EQ(res->summary.count, 1);
  // Both sides moving enough: the periodic range decides as before (the repeating side).
  std::vector<double> big_sway(sway.size());
  for (std::size_t i = 0; i < sway.size(); ++i) big_sway[i] = 3.0 * sway[i];
  auto both = make_series(kRate, {{"left_leg_elevation", moving},
                                  {"right_leg_elevation", big_sway},
                                  {"left_knee_flexion", knee},
                                  {"right_knee_flexion", knee},
                                  {"trunk_lateral_flexion", level},
                                  {"pelvis_obliquity", level}});
  auto res2 = analyse_exercise(both, get("standing_hip_abduction"));
  ASSERT_TRUE(res2) << res2.error().to_string();
  EXPECT_EQ(res2->side, score(big_sway) > score(moving) ? "right" : "left");
}

TEST(ExerciseAnalyse, UnknownExerciseUsesPeriodicity) {
  std::vector<SynthRep> reps(7, SynthRep{2.0, 70.0, 0.5});
  auto elbow = make_reps(reps, kRate, 10.0, 1.5);
  std::vector<double> other(elbow.size(), 0.0);
  auto s = make_series(kRate, {{"right_knee_flexion", other}, {"right_elbow_flexion", elbow}});
  auto res = analyse_unknown_exercise(s);
  ASSERT_TRUE(res) << res.error().to_string();
  EXPECT_EQ(res->summary.count, 7);
  EXPECT_EQ(res->primary_angle, "right_elbow_flexion");
  EXPECT_NEAR(res->segmentation.period_s, 2.5, 0.15);
}

TEST(ExerciseAnalyse, TemplateScoresDeviantRepetitionsLower) {
  const Exercise& squat = get("deep_squat");
  auto series_with = [&](double depth, double lean, unsigned seed) {
    std::vector<SynthRep> reps(5, SynthRep{3.0, depth, 1.0});
    auto knee = make_reps(reps, kRate, 0.0, 1.5, 1.0, seed);
    std::vector<double> hip(knee.size()), trunk(knee.size());
    for (std::size_t i = 0; i < knee.size(); ++i) {
      hip[i] = 0.8 * knee[i];
      trunk[i] = 5.0 + lean * knee[i] / depth;
    }
    return make_series(kRate, {{"left_knee_flexion", knee},
                               {"right_knee_flexion", knee},
                               {"left_hip_flexion", hip},
                               {"right_hip_flexion", hip},
                               {"trunk_flexion", trunk}});
  };
  std::vector<RepCurves> train;
  for (unsigned seed : {1u, 2u, 3u}) {
    auto r = analyse_exercise(series_with(100.0 + seed, 20.0, seed), squat);
    ASSERT_TRUE(r);
    train.insert(train.end(), r->curves.begin(), r->curves.end());
  }
  auto tpl = build_reference_template(squat.id, train);
  ASSERT_TRUE(tpl) << tpl.error().to_string();
  std::vector<double> held;
  for (const auto& c : train) held.push_back(template_distance(*tpl, c));
  calibrate_template(*tpl, held);
  AnalysisOptions o;
  o.reference = &*tpl;
  auto good = analyse_exercise(series_with(101.0, 20.0, 9), squat, o);
  auto bad = analyse_exercise(series_with(70.0, 40.0, 9), squat, o);
  ASSERT_TRUE(good && bad);
  EXPECT_GT(good->summary.score, 80.0);
  EXPECT_LT(bad->summary.score, good->summary.score - 20.0);
  bool named = false;
  for (const auto& d : bad->reps[0].quality.deductions) named = named || d.source == "template";
  EXPECT_TRUE(named);
  // Round trip of the template through JSON.
  auto back = template_from_json(template_to_json(*tpl));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->angles, tpl->angles);
  EXPECT_DOUBLE_EQ(back->d_ok, tpl->d_ok);
}

TEST(ExerciseAnalyse, HoldDurationsAndHoldRule) {
  // Two hamstring stretches held 30 s and 12 s: the second violates the 20 s hold rule.
  std::vector<SynthRep> reps = {{4.0, 45.0, 6.0, 30.0}, {4.0, 47.0, 6.0, 12.0}};
  auto hip = make_reps(reps, kRate, 0.0, 0.8, 3.0);
  std::vector<double> knee(hip.size(), 3.0), trunk(hip.size(), 5.0), still(hip.size(), 1.0);
  auto s = make_series(kRate, {{"right_hip_flexion", hip},
                               {"left_hip_flexion", still},
                               {"right_knee_flexion", knee},
                               {"left_knee_flexion", knee},
                               {"trunk_flexion", trunk}});
  auto res = analyse_exercise(s, get("hamstring_stretch_hold"));
  ASSERT_TRUE(res) << res.error().to_string();
  ASSERT_EQ(res->summary.count, 2);
  constexpr double kTolHoldS = 1.0;
  EXPECT_NEAR(res->reps[0].hold_s, 30.0, kTolHoldS);
  EXPECT_NEAR(res->reps[1].hold_s, 12.0, kTolHoldS);
  EXPECT_TRUE(res->reps[0].violations.empty());
  ASSERT_EQ(res->reps[1].violations.size(), 1u);
  EXPECT_EQ(res->reps[1].violations[0].rule_id, "hold_time");
  EXPECT_NEAR(res->summary.total_hold_s, 42.0, 2 * kTolHoldS);
}

TEST(ExerciseAnalyse, RejectsNonIncreasingTime) {
  auto s = make_series(kRate, {{"left_knee_flexion", std::vector<double>(10, 0.0)},
                               {"right_knee_flexion", std::vector<double>(10, 0.0)}});
  s.times[5] = s.times[4];
  auto res = analyse_exercise(s, get("deep_squat"));
  ASSERT_FALSE(res);
  EXPECT_NE(res.error().message().find("frame 5"), std::string::npos);
}

}  // namespace
}  // namespace physio::exercise
