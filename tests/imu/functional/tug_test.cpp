// Timed Up and Go from a lower-back IMU: a synthetic test with known phase times.

#include <cmath>
#include <cstdio>
#include <numbers>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imu/functional/tug.hpp"
#include "synthetic_motion.hpp"

namespace physio::imu {
namespace {

using test::kDegToRad;
using test::kRate;
using test::smooth_step;

constexpr double kTugDuration = 20.0;
constexpr double kPhaseTolS = 0.15;  // phase boundaries
constexpr double kTotalTolS = 0.3;
constexpr double kTurnTolDeg = 10.0;

// Known script (s): seated (reclined 10 deg) until 2.0; sit-to-stand 2.0-3.5 (flexion to 40 deg, rise
// 0.4 m); walk 3.5-8; turn 180 deg 8-10; walk 10-14; turn 180 deg 14-16; stand-to-sit 16-17.5; seated.
double walk_env(double t) {
  return smooth_step(t, 3.5, 4.0) * (1.0 - smooth_step(t, 15.5, 16.0));
}

double pitch_deg(double t) {
  double p = -10.0;
  if (t >= 2.0 && t < 2.75) p = -10.0 + 50.0 * smooth_step(t, 2.0, 2.75);
  if (t >= 2.75 && t < 16.0) p = 40.0 * (1.0 - smooth_step(t, 2.75, 3.5));
  if (t >= 16.0 && t < 16.75) p = 40.0 * smooth_step(t, 16.0, 16.75);
  if (t >= 16.75) p = 40.0 - 50.0 * smooth_step(t, 16.75, 17.5);
  return p + 2.0 * std::sin(2.0 * std::numbers::pi * 2.0 * t) * walk_env(t);
}

double yaw_deg(double t) {
  return 180.0 * smooth_step(t, 8.0, 10.0) + 180.0 * smooth_step(t, 14.0, 16.0);
}

Quat trunk(double t) {
  return quat_about_z(yaw_deg(t) * kDegToRad) *
         quat_from_rotvec(
             Vec3(3.0 * kDegToRad * std::sin(2.0 * std::numbers::pi * t) * walk_env(t), 0.0, 0.0)) *
         quat_from_rotvec(Vec3(0.0, pitch_deg(t) * kDegToRad, 0.0));
}

// Second derivative of a raised-cosine step of height h over [t0, t1].
double step_acc(double t, double t0, double t1, double h) {
  if (t <= t0 || t >= t1) return 0.0;
  const double w = std::numbers::pi / (t1 - t0);
  return 0.5 * h * w * w * std::cos(w * (t - t0));
}

Vec3 lin_acc(double t) {
  const double env = walk_env(t);
  const double vert = step_acc(t, 2.3, 3.3, 0.4) + step_acc(t, 16.3, 17.3, -0.4) +
                      1.0 * std::sin(2.0 * std::numbers::pi * 2.0 * t) * env;
  const Vec3 fwd = quat_about_z(yaw_deg(t) * kDegToRad) * Vec3::UnitX();
  return Vec3(0.0, 0.0, vert) + 0.8 * std::sin(2.0 * std::numbers::pi * 2.0 * t + 1.0) * env * fwd;
}

const Quat kTugMount = quat_from_rotvec(Vec3(1.1, 0.4, -0.9));

ImuRecording tug_recording() {
  return test::make_recording(
      kTugDuration, kRate, [](double t) { return trunk(t) * kTugMount; }, lin_acc, 0.003);
}

TEST(FunctionalTug, SyntheticPhasesAreRecovered) {
  const auto r = compute_tug(tug_recording(), {});
  ASSERT_TRUE(r) << r.error().to_string();
  std::printf("TUG total %.2f s (exp 15.5)\n", r->total_s);
  const struct {
    const char* name;
    TugPhase got;
    double start, end;
  } phases[] = {{"sit_to_stand", r->sit_to_stand, 2.0, 3.5},
                {"walk_out", r->walk_out, 3.5, 8.0},
                {"turn", r->turn, 8.0, 10.0},
                {"walk_back", r->walk_back, 10.0, 14.0},
                {"turn_to_sit", r->turn_to_sit, 14.0, 16.0},
                {"stand_to_sit", r->stand_to_sit, 16.0, 17.5}};
  for (const auto& p : phases) {
    std::printf("  %-13s %6.2f-%6.2f s (exp %5.2f-%5.2f)\n", p.name, p.got.start_s, p.got.end_s, p.start,
                p.end);
    EXPECT_NEAR(p.got.start_s, p.start, kPhaseTolS) << p.name;
    EXPECT_NEAR(p.got.end_s, p.end, kPhaseTolS) << p.name;
  }
  EXPECT_NEAR(r->total_s, 15.5, kTotalTolS);
  EXPECT_NEAR(std::abs(r->turn_angle_deg), 180.0, kTurnTolDeg);
  EXPECT_NEAR(std::abs(r->turn_to_sit_angle_deg), 180.0, kTurnTolDeg);
  EXPECT_NEAR(r->sts_peak_tilt_deg, 40.0, 5.0);
  const auto j = tug_to_json(*r);
  EXPECT_TRUE(j.contains("walk_back"));
  EXPECT_NEAR(j["total_s"].get<double>(), r->total_s, 1e-12);
}

TEST(FunctionalTug, BadInputIsAnError) {
  auto rec = tug_recording();
  ImuRecording no_gyro = rec;
  no_gyro.gyr_rps.reset();
  const auto e1 = compute_tug(no_gyro, {});
  ASSERT_FALSE(e1);
  EXPECT_EQ(e1.error().code(), ErrorCode::kMissingData);
  EXPECT_NE(e1.error().message().find("gyroscope"), std::string::npos);
  ImuRecording nan_rec = rec;
  (*nan_rec.gyr_rps)(50, 2) = std::nan("");
  EXPECT_FALSE(compute_tug(nan_rec, {}));
  ImuRecording short_rec = rec;
  short_rec.t_us.resize(200);
  short_rec.acc_mps2.conservativeResize(200, 3);
  short_rec.gyr_rps->conservativeResize(200, 3);
  EXPECT_FALSE(compute_tug(short_rec, {}));
  // Only the first 9 s: one turn, no turn-to-sit.
  ImuRecording half = rec;
  half.t_us.resize(900);
  half.acc_mps2.conservativeResize(900, 3);
  half.gyr_rps->conservativeResize(900, 3);
  const auto e4 = compute_tug(half, {});
  ASSERT_FALSE(e4);
  EXPECT_NE(e4.error().message().find("turn"), std::string::npos) << e4.error().message();
}

}  // namespace
}  // namespace physio::imu
