#include <cmath>

#include <gtest/gtest.h>

#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/metrics.hpp"
#include "synthetic_angles.hpp"

namespace physio::exercise {
namespace {

using test::kRate;
using test::make_reps;
using test::make_series;
using test::SynthRep;

constexpr double kTolDeg = 3.0;
constexpr double kTolS = 0.2;

// Minimum-jerk speed profile of a point-to-point movement of duration d (s).
std::vector<double> min_jerk_speed(double d, double rate) {
  std::vector<double> v;
  for (int i = 0; i <= static_cast<int>(d * rate); ++i) {
    double t = i / rate / d;
    v.push_back(30.0 * t * t * (1 - t) * (1 - t));
  }
  return v;
}

TEST(ExerciseMetrics, SparcOfMinimumJerkMatchesReferenceAlgorithm) {
  // Reference value from an independent direct-DFT implementation of the published algorithm
  // (Balasubramanian et al. 2015: pad level 4, fc 10 Hz, threshold 0.05) on the same 1 s, 100 Hz profile.
  constexpr double kReference = -1.4058293244;
  constexpr double kTol = 1e-6;
  EXPECT_NEAR(sparc(min_jerk_speed(1.0, 100.0), 100.0), kReference, kTol);
}

TEST(ExerciseMetrics, SparcPenalisesSubmovements) {
  auto a = min_jerk_speed(1.0, 100.0);
  std::vector<double> b = a;  // two overlapping submovements: a dip in the middle
  auto second = min_jerk_speed(1.0, 100.0);
  b.insert(b.end(), second.begin(), second.end());
  double smooth = sparc(a, 100.0), jerky = sparc(b, 100.0);
  EXPECT_LT(jerky, smooth - 0.3) << smooth << " " << jerky;
}

TEST(ExerciseMetrics, SlopeAndSummary) {
  std::vector<double> y = {90, 85, 80, 75};
  EXPECT_NEAR(slope_per_index(y), -5.0, 1e-12);
  std::vector<RepMetrics> reps(4);
  for (int i = 0; i < 4; ++i) {
    reps[static_cast<std::size_t>(i)].rom_deg = y[static_cast<std::size_t>(i)];
    reps[static_cast<std::size_t>(i)].duration_s = 2.0;
    reps[static_cast<std::size_t>(i)].quality.score = 80.0;
  }
  RepMetrics partial;
  partial.partial = true;
  reps.push_back(partial);
  auto s = compute_session_summary(reps);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.partial_count, 1);
  EXPECT_NEAR(s.mean_rom_deg, 82.5, 1e-9);
  EXPECT_NEAR(s.best_rom_deg, 90.0, 1e-9);
  EXPECT_NEAR(s.rom_slope_deg_per_rep, -5.0, 1e-9);
  EXPECT_NEAR(s.rom_change_pct, 100.0 * -15.0 / 82.5, 1e-9);
  EXPECT_NEAR(s.time_under_tension_s, 8.0, 1e-9);
  EXPECT_NEAR(s.duration_cv_pct, 0.0, 1e-9);
  EXPECT_NEAR(s.score, 75.0, 1e-9);  // 80 - 5 for the partial repetition
}

TEST(ExerciseMetrics, RepetitionTimesRomAndSymmetry) {
  auto lib = default_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  const Exercise* squat = *(*lib)->find("deep_squat");
  // Left knee reaches 90 deg, right knee 72 deg: symmetry 80 %.
  std::vector<SynthRep> left(3, SynthRep{3.0, 90.0, 2.0}), right(3, SynthRep{3.0, 72.0, 2.0});
  auto l = make_reps(left, kRate, 0.0, 0.0, 1.0);
  auto r = make_reps(right, kRate, 0.0, 0.0, 1.0);
  std::vector<double> hip(l.size()), trunk(l.size(), 5.0);
  for (std::size_t i = 0; i < l.size(); ++i) hip[i] = 0.6 * l[i];
  auto series = make_series(kRate, {{"left_knee_flexion", l},
                                    {"right_knee_flexion", r},
                                    {"left_hip_flexion", hip},
                                    {"right_hip_flexion", hip},
                                    {"trunk_flexion", trunk}});
  auto res = analyse_exercise(series, *squat);
  ASSERT_TRUE(res) << res.error().to_string();
  ASSERT_EQ(res->summary.count, 3);
  const auto& m = res->reps[1];
  EXPECT_NEAR(m.start_s, 6.0, kTolS);
  EXPECT_NEAR(m.peak_s, 7.5, kTolS);
  EXPECT_NEAR(m.end_s, 9.0, kTolS);
  EXPECT_NEAR(m.rom_deg, 81.0, kTolDeg);  // mean of both knees
  EXPECT_NEAR(m.symmetry_pct, 80.0, 2.0);
  EXPECT_NEAR(m.out_s, 1.5, kTolS);
  EXPECT_NEAR(m.eccentric_s, 1.5, kTolS);  // squat: the descent (towards the peak) is eccentric
  // Peak velocity of a raised cosine: amplitude * pi / duration.
  EXPECT_NEAR(m.peak_velocity_dps, 81.0 * M_PI / 3.0, 6.0);
  EXPECT_LT(m.sparc, -1.0);
  EXPECT_GT(m.sparc, -3.0);
  ASSERT_EQ(m.compensations.size(), 1u);
  EXPECT_NEAR(m.compensations[0].value, 0.0, 0.5);  // trunk did not lean
  EXPECT_NEAR(res->summary.rom_slope_deg_per_rep, 0.0, 0.5);
}

}  // namespace
}  // namespace physio::exercise
