// Synthetic lower-back walks with a known answer: cadence, contact count and timing, sides, step length.

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "imu/gait_lowback/lowback_gait.hpp"
#include "imu/gait_lowback/step_length.hpp"
#include "synthetic_gait.hpp"

namespace physio::imu {
namespace {

using test::kRateHz;

constexpr double kSensorHeightM = 1.0;
constexpr double kCadenceRelTol = 0.01;  // 1 %
// The McCamley/Ionescu detector marks the velocity-wavelet minimum, which precedes the modelled contact
// (CoM lowest 10 % of a step after it, impact at +30 ms) by about 0.08 s; real data show the same early bias
// against the INDIP insoles (docs/validation/imu-gait-lowback.md).
constexpr double kIcTimeTolS = 0.15;
constexpr double kStepLengthRelTol = 0.05;

struct Matched {
  std::size_t n_matched = 0;
  std::size_t n_side_correct = 0;
  double max_abs_err_s = 0.0;
  double mean_err_s = 0.0;
};

Matched match(const LowBackGaitResult& res, const test::SyntheticTruth& truth, double tol_s) {
  Matched m;
  for (std::size_t k = 0; k < truth.ic_s.size(); ++k) {
    for (const InitialContact& ic : res.initial_contacts) {
      const double err = ic.t_s - truth.ic_s[k];
      if (std::abs(err) <= tol_s) {
        ++m.n_matched;
        m.max_abs_err_s = std::max(m.max_abs_err_s, std::abs(err));
        m.mean_err_s += err;
        const bool left = ic.side == FootSide::kLeft;
        if (left == truth.ic_left[k]) ++m.n_side_correct;
        break;
      }
    }
  }
  if (m.n_matched > 0) m.mean_err_s /= static_cast<double>(m.n_matched);
  return m;
}

TEST(GaitLowBackSynthetic, StraightWalkKnownCadenceContactsSidesAndStepLength) {
  for (const double cadence : {90.0, 110.0, 125.0}) {
    test::SyntheticWalk walk;
    walk.start_s = 10.0;
    walk.n_steps = 40;
    walk.cadence_spm = cadence;
    walk.com_excursion_m = 0.035;
    ImuRecording rec;
    const test::SyntheticTruth truth = test::make_synthetic_recording(rec, kRateHz, 50.0, {walk});
    LowBackGaitOptions options;
    options.sensor_height_m = kSensorHeightM;
    auto res = analyse_lowback_gait(rec, options);
    ASSERT_TRUE(res.has_value()) << res.error().message();

    const Matched m = match(*res, truth, kIcTimeTolS);
    std::printf(
        "synthetic cadence %.0f: %zu ICs detected / %zu true, matched %zu, mean err %.3f s, max %.3f s, "
        "sides correct %zu, bouts %zu\n",
        cadence, res->initial_contacts.size(), truth.ic_s.size(), m.n_matched, m.mean_err_s, m.max_abs_err_s,
        m.n_side_correct, res->walking_bouts.size());
    EXPECT_EQ(res->initial_contacts.size(), truth.ic_s.size());
    EXPECT_EQ(m.n_matched, truth.ic_s.size());
    EXPECT_EQ(m.n_side_correct, m.n_matched);
    ASSERT_EQ(res->walking_bouts.size(), 1u);
    const WalkingBout& b = res->walking_bouts.front();
    EXPECT_NEAR(b.cadence_spm, cadence, kCadenceRelTol * cadence);
    const double expected_step = zijlstra_step_length(walk.com_excursion_m, kSensorHeightM,
                                                      options.step_length.step_length_scaling_factor);
    std::printf("  stride length %.3f m (expected %.3f), speed %.3f m/s (expected %.3f)\n", b.stride_length_m,
                2.0 * expected_step, b.walking_speed_mps, 2.0 * expected_step * cadence / 120.0);
    EXPECT_NEAR(b.stride_length_m, 2.0 * expected_step, kStepLengthRelTol * 2.0 * expected_step);
    EXPECT_NEAR(b.walking_speed_mps, 2.0 * expected_step * cadence / 120.0,
                kStepLengthRelTol * 2.0 * expected_step * cadence / 120.0);
    EXPECT_GT(b.step_regularity, 0.8);
    EXPECT_NEAR(b.step_symmetry, 1.0, 0.2);
  }
}

}  // namespace
}  // namespace physio::imu

namespace physio::imu {
namespace {

// Adds a raised-cosine yaw-rate pulse (about the sensor x = vertical axis) to a recording.
void add_turn(ImuRecording& rec, double start_s, double duration_s, double peak_dps) {
  constexpr double kPi = 3.14159265358979323846;
  for (std::size_t i = 0; i < rec.size(); ++i) {
    const double t = static_cast<double>(i) / rec.rate_hz - start_s;
    if (t < 0.0 || t > duration_s) continue;
    const double w = 0.5 - 0.5 * std::cos(2.0 * kPi * t / duration_s);
    (*rec.gyr_rps)(static_cast<Eigen::Index>(i), 0) += peak_dps * kPi / 180.0 * w;
  }
}

TEST(GaitLowBackSynthetic, TurnsHaveAngleAndDirection) {
  constexpr double kAngleRelTol = 0.10;
  test::SyntheticWalk walk;
  walk.start_s = 5.0;
  walk.n_steps = 50;
  ImuRecording rec;
  (void)test::make_synthetic_recording(rec, kRateHz, 40.0, {walk});
  // 180 deg left (counter-clockwise) then 90 deg right, both during walking.
  add_turn(rec, 10.0, 3.0, 120.0);
  add_turn(rec, 20.0, 2.0, -90.0);
  LowBackGaitOptions options;
  options.sensor_height_m = kSensorHeightM;
  auto res = analyse_lowback_gait(rec, options);
  ASSERT_TRUE(res.has_value()) << res.error().message();
  for (const Turn& t : res->turns) {
    std::printf("turn %.2f-%.2f s angle %.1f deg %s\n", t.start_s, t.end_s, t.angle_deg, t.direction.c_str());
  }
  ASSERT_EQ(res->turns.size(), 2u);
  EXPECT_NEAR(res->turns[0].angle_deg, 180.0, kAngleRelTol * 180.0);
  EXPECT_EQ(res->turns[0].direction, "left");
  EXPECT_NEAR(res->turns[1].angle_deg, -90.0, kAngleRelTol * 90.0);
  EXPECT_EQ(res->turns[1].direction, "right");
  ASSERT_EQ(res->walking_bouts.size(), 1u);
  EXPECT_EQ(res->walking_bouts[0].turns.size(), 2u);
}

TEST(GaitLowBackSynthetic, BreaksSplitBoutsAndAggregatesCount) {
  // Three walks: 15 steps, 6 s rest (a break > 3 s splits bouts), 30 steps, 15 s rest, 5 steps (too few).
  std::vector<test::SyntheticWalk> walks(3);
  walks[0].start_s = 5.0;
  walks[0].n_steps = 15;
  walks[1].start_s = 5.0 + 14 * 60.0 / 110.0 + 6.0;
  walks[1].n_steps = 30;
  walks[2].start_s = walks[1].start_s + 29 * 60.0 / 110.0 + 15.0;
  walks[2].n_steps = 5;  // 3 strides (IC k -> k + 2): rejected, a bout needs >= 4
  ImuRecording rec;
  const test::SyntheticTruth truth = test::make_synthetic_recording(rec, kRateHz, 80.0, walks);
  LowBackGaitOptions options;
  options.sensor_height_m = kSensorHeightM;
  auto res = analyse_lowback_gait(rec, options);
  ASSERT_TRUE(res.has_value()) << res.error().message();
  for (const WalkingBout& b : res->walking_bouts) {
    std::printf("bout %.2f-%.2f s, %zu strides, %zu steps, cadence %.1f\n", b.start_s, b.end_s, b.n_strides,
                b.n_steps, b.cadence_spm);
  }
  ASSERT_EQ(res->walking_bouts.size(), 2u);
  EXPECT_EQ(res->walking_bouts[0].n_steps, 15u);
  EXPECT_EQ(res->walking_bouts[1].n_steps, 30u);
  EXPECT_EQ(res->walking_bouts[0].n_strides, 13u);  // IC k -> IC k + 2
  const GaitAggregates& a = res->aggregates;
  EXPECT_EQ(a.n_bouts, 2u);
  EXPECT_EQ(a.total_steps, 45u);
  EXPECT_NEAR(a.walking_time_s, (14 + 29) * 60.0 / 110.0, 0.3);
  EXPECT_NEAR(a.cadence_median_spm, 110.0, 1.1);
  EXPECT_EQ(a.n_bouts_10s, 1u);
  // Per-second series: seconds inside the long bout carry the cadence.
  std::size_t in_bout = 0;
  for (const GaitSecond& s : res->per_second) {
    if (s.in_walking_bout) {
      ++in_bout;
      EXPECT_NEAR(s.cadence_spm, 110.0, 1.1) << "second " << s.t_s;
    }
  }
  EXPECT_GE(in_bout, 20u);
  (void)truth;
}

}  // namespace
}  // namespace physio::imu
