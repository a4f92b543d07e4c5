// Known-answer tests on a synthetic foot (see synthetic_foot.hpp): stride count, length and time, turns,
// mounting rotations and their estimation, the long-recording stream, summaries and JSON.
#include <cmath>
#include <cstdio>
#include <numbers>

#include <gtest/gtest.h>

#include "imu/gait_foot/foot_gait.hpp"
#include "imu/gait_foot/foot_gait_stream.hpp"
#include "synthetic_foot.hpp"

namespace physio::imu {
namespace {

constexpr double kStrideLengthTolM = 0.02;
constexpr double kStrideTimeTolS = 0.005;
constexpr double kTurnTolDeg = 3.0;
constexpr double kClearanceTolM = 0.01;

test::SyntheticGait walk() {
  test::SyntheticGait g;
  g.rate_hz = 200.0;
  g.stride_time_s = 1.1;
  g.stride_length_m = 1.3;
  g.lift_m = 0.12;
  g.n_strides = 12;
  g.acc_noise_mps2 = 0.05;
  g.gyr_noise_rps = 0.005;
  return g;
}

// n walking cycles give n swings, n borders, n - 1 segmented and n - 2 min_vel strides.
void expect_known_walk(const FootGaitFoot& f, const test::SyntheticGait& g) {
  ASSERT_EQ(f.segmented_strides.size(), static_cast<std::size_t>(g.n_strides - 1));
  ASSERT_EQ(f.strides.size(), static_cast<std::size_t>(g.n_strides - 2));
  for (const FootStride& s : f.strides) {
    EXPECT_NEAR(s.stride_length_m, g.stride_length_m, kStrideLengthTolM) << "stride at " << s.start_s << " s";
    EXPECT_NEAR(s.stride_time_s, g.stride_time_s, kStrideTimeTolS) << "stride at " << s.start_s << " s";
    EXPECT_GT(s.forward_m, 0.0);
    EXPECT_NEAR(s.clearance_m, g.lift_m, kClearanceTolM);
    EXPECT_FALSE(s.is_turn);
    // Swing of the synthetic foot: toe-off at phase 0.35, heel strike after 0.75: 40-50 % of the cycle.
    EXPECT_GT(s.swing_pct, 35.0);
    EXPECT_LT(s.swing_pct, 55.0);
    EXPECT_LT(s.tc_angle_deg, -30.0);  // toe down at toe-off
    EXPECT_GT(s.ic_angle_deg, 5.0);    // toe up at heel strike
  }
}

TEST(GaitFootSynthetic, StraightWalkKnownStrideLengthAndTime) {
  const auto g = walk();
  const ImuRecording rec = test::synthetic_foot_recording(g);
  auto f = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_TRUE(f) << f.error().message();
  expect_known_walk(*f, g);
  const FootStride& s = f->strides.front();
  std::printf(
      "synthetic stride: length %.4f m (true %.2f), time %.4f s (true %.2f), clearance %.4f m (true %.2f)\n",
      s.stride_length_m, g.stride_length_m, s.stride_time_s, g.stride_time_s, s.clearance_m, g.lift_m);
  EXPECT_NEAR(f->summary.stride_length_m.mean, g.stride_length_m, kStrideLengthTolM);
  EXPECT_NEAR(f->summary.cadence_spm.mean, 120.0 / g.stride_time_s, 0.5);
}

TEST(GaitFootSynthetic, OtherRateAndSpeed) {
  auto g = walk();
  g.rate_hz = 102.4;
  g.stride_time_s = 1.4;
  g.stride_length_m = 0.8;
  g.lift_m = 0.08;
  g.push_off_deg = 35.0;
  g.heel_strike_deg = 15.0;
  auto f = analyse_foot_recording(test::synthetic_foot_recording(g), FootSide::kRight, FootGaitOptions{});
  ASSERT_TRUE(f) << f.error().message();
  // Events are whole samples: stride time is exact to one sample period at worst.
  ASSERT_EQ(f->strides.size(), static_cast<std::size_t>(g.n_strides - 2));
  for (const FootStride& s : f->strides) {
    EXPECT_NEAR(s.stride_length_m, g.stride_length_m, kStrideLengthTolM);
    EXPECT_NEAR(s.stride_time_s, g.stride_time_s, 1.0 / g.rate_hz + 1e-9);
  }
}

TEST(GaitFootSynthetic, TurningStridesAreMeasuredAndFlagged) {
  auto g = walk();
  g.turn_deg_per_stride = 30.0;
  auto f = analyse_foot_recording(test::synthetic_foot_recording(g), FootSide::kLeft, FootGaitOptions{});
  ASSERT_TRUE(f) << f.error().message();
  ASSERT_EQ(f->strides.size(), static_cast<std::size_t>(g.n_strides - 2));
  for (const FootStride& s : f->strides) {
    EXPECT_NEAR(s.turning_angle_deg, g.turn_deg_per_stride, kTurnTolDeg);
    EXPECT_TRUE(s.is_turn);
  }
  EXPECT_EQ(f->summary.n_turns, f->strides.size());
  EXPECT_EQ(f->summary.stride_length_m.n, 0u);  // turns excluded from the summary by default
}

TEST(GaitFootSynthetic, MountingRotationGivenOrEstimated) {
  const auto g = walk();
  // Sensor strapped on its side and turned: v_sensor = mount * v_fsf.
  const Quat mount = Quat(Eigen::AngleAxisd(0.5 * std::numbers::pi, Vec3::UnitX())) *
                     Quat(Eigen::AngleAxisd(0.7, Vec3::UnitZ())) *
                     Quat(Eigen::AngleAxisd(0.2, Vec3::UnitY()));
  const ImuRecording rec = test::synthetic_foot_recording(g, mount);

  auto as_is = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(as_is);
  EXPECT_NE(as_is.error().message().find("mounting"), std::string::npos) << as_is.error().message();

  FootGaitOptions given;
  given.frame.mounting = FootMounting::kRotation;
  given.frame.sensor_to_fsf = mount.conjugate();
  auto f1 = analyse_foot_recording(rec, FootSide::kLeft, given);
  ASSERT_TRUE(f1) << f1.error().message();
  expect_known_walk(*f1, g);

  FootGaitOptions estimated;
  estimated.frame.mounting = FootMounting::kEstimate;
  auto f2 = analyse_foot_recording(rec, FootSide::kLeft, estimated);
  ASSERT_TRUE(f2) << f2.error().message();
  expect_known_walk(*f2, g);
  // The estimate recovers the mounting (up to the sign convention of the quaternion).
  const double angle_deg = f2->sensor_to_fsf.angularDistance(mount.conjugate()) * 180.0 / std::numbers::pi;
  EXPECT_LT(angle_deg, 2.0);
}

TEST(GaitFootSynthetic, EstimateResolvesBackwardMounting) {
  const auto g = walk();
  const Quat mount(Eigen::AngleAxisd(std::numbers::pi, Vec3::UnitZ()));  // sensor x points to the heel
  FootGaitOptions estimated;
  estimated.frame.mounting = FootMounting::kEstimate;
  auto f = analyse_foot_recording(test::synthetic_foot_recording(g, mount), FootSide::kLeft, estimated);
  ASSERT_TRUE(f) << f.error().message();
  expect_known_walk(*f, g);
}

TEST(GaitFootSynthetic, StreamMatchesWholeRecording) {
  auto g = walk();
  g.n_strides = 150;  // 165 s: several chunks
  g.rest_after_s = 20.0;
  const ImuRecording rec = test::synthetic_foot_recording(g);
  auto whole = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_TRUE(whole);
  auto stream = FootGaitStream::create(FootSide::kLeft, g.rate_hz, FootGaitOptions{},
                                       {.chunk_s = 40.0, .margin_s = 6.0});
  ASSERT_TRUE(stream) << stream.error().message();
  const Eigen::Index block = 997;  // not a divisor of the chunk
  for (Eigen::Index i = 0; i < rec.acc_mps2.rows(); i += block) {
    const Eigen::Index k = std::min(block, rec.acc_mps2.rows() - i);
    ASSERT_TRUE(stream->push(rec.acc_mps2.middleRows(i, k), rec.gyr_rps->middleRows(i, k)));
  }
  auto f = stream->finish();
  ASSERT_TRUE(f) << f.error().message();
  ASSERT_EQ(f->strides.size(), whole->strides.size());
  ASSERT_EQ(f->segmented_strides.size(), whole->segmented_strides.size());
  for (std::size_t i = 0; i < f->strides.size(); ++i) {
    EXPECT_EQ(f->strides[i].start, whole->strides[i].start);
    EXPECT_EQ(f->strides[i].ic, whole->strides[i].ic);
    EXPECT_NEAR(f->strides[i].stride_length_m, whole->strides[i].stride_length_m, 1e-9);
  }
  EXPECT_TRUE(stream->warnings().empty());
}

TEST(GaitFootSynthetic, SummaryAndAsymmetryFormulas) {
  const std::vector<double> v{1.0, 2.0, 3.0};
  const ParameterStats s = compute_stats(v);
  EXPECT_DOUBLE_EQ(s.mean, 2.0);
  EXPECT_DOUBLE_EQ(s.sd, 1.0);
  EXPECT_DOUBLE_EQ(s.cv_pct, 50.0);
  EXPECT_NEAR(asymmetry_pct(1.0, 1.2), 100.0 * 0.2 / 1.1, 1e-12);
  EXPECT_TRUE(std::isnan(asymmetry_pct(1.0, std::nan(""))));
  EXPECT_TRUE(std::isnan(compute_stats({}).mean));
}

TEST(GaitFootSynthetic, BothFeetJsonAndAsymmetry) {
  auto gl = walk();
  auto gr = walk();
  gr.stride_length_m = 1.2;
  ImuRecording left = test::synthetic_foot_recording(gl);
  ImuRecording right = test::synthetic_foot_recording(gr);
  right.placement = Placement::kRightFoot;
  ImuSession session{.source = "synthetic", .sensors = {left, right}, .warnings = {}};
  auto r = analyse_foot_gait(session, FootGaitOptions{});
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->feet.size(), 2u);
  ASSERT_TRUE(r->asymmetry);
  EXPECT_NEAR(r->asymmetry->stride_length_pct, 100.0 * 0.1 / 1.25, 2.0);
  const nlohmann::json j = foot_gait_to_json(*r);
  EXPECT_EQ(j["schema"], "physiokit.imu_gait_foot/1");
  ASSERT_EQ(j["feet"].size(), 2u);
  EXPECT_EQ(j["feet"][1]["side"], "right");
  const auto& st = j["feet"][0]["strides"][0];
  for (const char* key : {"start_s", "end_s", "ic_s", "tc_s", "stride_length_m", "stride_time_s", "speed_mps",
                          "stance_time_s", "swing_time_s", "clearance_m", "turning_angle_deg"}) {
    EXPECT_TRUE(st.contains(key)) << key;
  }
  EXPECT_NEAR(j["feet"][0]["summary"]["stride_length_m"]["mean"].get<double>(), 1.3, kStrideLengthTolM);
  EXPECT_TRUE(j["asymmetry"].contains("stride_time_pct"));
}

}  // namespace
}  // namespace physio::imu
