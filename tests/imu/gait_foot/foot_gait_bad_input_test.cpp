// Bad input: every failure is a clear error (or an empty, warned result), never a crash.
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "imu/csv_loader.hpp"
#include "imu/gait_foot/foot_gait.hpp"
#include "imu/gait_foot/foot_gait_stream.hpp"
#include "synthetic_foot.hpp"

namespace physio::imu {
namespace {

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

ImuRecording walking() {
  test::SyntheticGait g;
  g.n_strides = 6;
  return test::synthetic_foot_recording(g);
}

TEST(GaitFootBadInput, NoGyroscope) {
  ImuRecording rec = walking();
  rec.gyr_rps.reset();
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kMissingData);
  EXPECT_TRUE(contains(r.error().message(), "no gyroscope")) << r.error().message();
}

TEST(GaitFootBadInput, TooShort) {
  ImuRecording rec = walking();
  const Eigen::Index n = 300;  // 1.5 s at 200 Hz
  rec.acc_mps2.conservativeResize(n, 3);
  rec.gyr_rps->conservativeResize(n, 3);
  rec.t_us.resize(static_cast<std::size_t>(n));
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message(), "too short")) << r.error().message();
}

TEST(GaitFootBadInput, NaNSampleIsNamed) {
  ImuRecording rec = walking();
  (*rec.gyr_rps)(1234, 1) = std::numeric_limits<double>::quiet_NaN();
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message(), "sample 1234")) << r.error().message();
  auto s = FootGaitStream::create(FootSide::kLeft, rec.rate_hz, FootGaitOptions{});
  ASSERT_TRUE(s);
  auto p = s->push(rec.acc_mps2, *rec.gyr_rps);
  ASSERT_FALSE(p);
  EXPECT_TRUE(contains(p.error().message(), "sample 1234")) << p.error().message();
}

TEST(GaitFootBadInput, AccInGIsRejected) {
  ImuRecording rec = walking();
  rec.acc_mps2 /= 9.81;  // a caller that skipped the loader's unit handling
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message(), "units")) << r.error().message();
}

TEST(GaitFootBadInput, LoaderCatchesGyroDeclaredInWrongUnit) {
  // A still sensor whose gyro column claims rad/s but holds deg/s-sized bias: the loader's plausibility
  // checks are the first line of defence; our pipeline never sees such a file as a Result value.
  std::string csv = "t_s,acc_x,acc_y,acc_z,gyr_x_rads,gyr_y_rads,gyr_z_rads\n";
  for (int i = 0; i < 2000; ++i) csv += fmt::format("{:.4f},0.0,0.0,9.81,3.0,-2.0,4.0\n", i / 100.0);
  auto s = parse_imu_csv(csv, "wrong_units.csv", ImuLoadOptions{});
  if (s) {
    // Not rejected upstream: then the foot pipeline must still fail cleanly (no walking, frame fine).
    s->sensors.front().placement = Placement::kLeftFoot;
    auto r = analyse_foot_gait(*s, FootGaitOptions{});
    if (r) {
      ASSERT_EQ(r->feet.size(), 1u);
      EXPECT_TRUE(r->feet[0].strides.empty());
    }
  } else {
    EXPECT_FALSE(s.error().message().empty());
  }
}

TEST(GaitFootBadInput, NoFootPlacementAsksForIt) {
  ImuRecording rec = walking();
  rec.placement = Placement::kUnknown;
  ImuSession session{.source = "x.csv", .sensors = {rec}, .warnings = {}};
  auto r = analyse_foot_gait(session, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message(), "--placement")) << r.error().message();
}

TEST(GaitFootBadInput, UpsideDownFrameAsksForMounting) {
  test::SyntheticGait g;
  g.n_strides = 6;
  const ImuRecording rec =
      test::synthetic_foot_recording(g, Quat(Eigen::AngleAxisd(std::numbers::pi, Vec3::UnitX())));
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().message(), "mounting")) << r.error().message();
}

TEST(GaitFootBadInput, StandingStillGivesNoStrideAndAWarning) {
  ImuRecording rec = walking();
  for (Eigen::Index i = 0; i < rec.acc_mps2.rows(); ++i) {
    rec.acc_mps2.row(i) << 0.0, 0.0, 9.81;
    rec.gyr_rps->row(i).setZero();
  }
  auto r = analyse_foot_gait(FootRecordings{.left = &rec, .right = nullptr}, FootGaitOptions{});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE(r->feet[0].strides.empty());
  EXPECT_FALSE(r->warnings.empty());
  EXPECT_FALSE(r->asymmetry);
}

TEST(GaitFootBadInput, RandomNoiseDoesNotCrash) {
  ImuRecording rec = walking();
  std::mt19937 rng(7);
  std::normal_distribution<double> d(0.0, 3.0);
  for (Eigen::Index i = 0; i < rec.acc_mps2.rows(); ++i) {
    rec.acc_mps2.row(i) << d(rng), d(rng), 9.81 + d(rng);
    rec.gyr_rps->row(i) << d(rng), d(rng), d(rng);
  }
  auto r = analyse_foot_recording(rec, FootSide::kLeft, FootGaitOptions{});
  if (r) {
    for (const FootStride& s : r->strides) EXPECT_TRUE(std::isfinite(s.stride_length_m));
  } else {
    EXPECT_FALSE(r.error().message().empty());
  }
}

TEST(GaitFootBadInput, StreamRefusesEstimationAndBadOptions) {
  FootGaitOptions est;
  est.frame.mounting = FootMounting::kEstimate;
  EXPECT_FALSE(FootGaitStream::create(FootSide::kLeft, 100.0, est));
  EXPECT_FALSE(FootGaitStream::create(FootSide::kLeft, 0.0, FootGaitOptions{}));
  EXPECT_FALSE(
      FootGaitStream::create(FootSide::kLeft, 100.0, FootGaitOptions{}, {.chunk_s = 5.0, .margin_s = 6.0}));
}

}  // namespace
}  // namespace physio::imu
