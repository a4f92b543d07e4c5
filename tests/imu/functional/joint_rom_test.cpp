// Knee flexion from thigh and shank IMUs with unknown mounting rotations.

#include <cmath>
#include <cstdio>
#include <numbers>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imu/functional/joint_rom.hpp"
#include "synthetic_motion.hpp"

namespace physio::imu {
namespace {

using test::kDegToRad;
using test::kRate;
using test::smooth_bump;

constexpr double kRomDuration = 13.5;
constexpr double kRomTolDeg = 2.0;
constexpr double kKneePeakDeg = 90.0;
constexpr double kRepStarts[] = {2.0, 5.5, 9.0};
constexpr double kRepLen = 3.0;

double knee_deg(double t) {
  double a = 0.0;
  for (double s : kRepStarts) a += kKneePeakDeg * smooth_bump(t, s, s + kRepLen);
  return a;
}
double hip_deg(double t) {
  double a = 0.0;
  for (double s : kRepStarts) a += 20.0 * smooth_bump(t, s + 0.4, s + kRepLen - 0.2);
  return a;
}

// Segment frames: x anterior, y left (the knee axis), z along the segment. Knee flexion turns the shank
// backwards about y; the hip flexes the thigh forwards.
Quat thigh(double t) {
  return quat_about_z(0.3) * quat_from_rotvec(Vec3(0.0, -hip_deg(t) * kDegToRad, 0.0));
}
Quat shank(double t) {
  return thigh(t) * quat_from_rotvec(Vec3(0.0, knee_deg(t) * kDegToRad, 0.0));
}

const Quat kMountThigh = quat_from_rotvec(Vec3(0.7, -1.9, 0.4));
const Quat kMountShank = quat_from_rotvec(Vec3(-2.2, 0.5, 1.3));

struct Pair {
  ImuRecording thigh, shank;
};
Pair knee_pair() {
  auto none = [](double) { return Vec3::Zero().eval(); };
  return {test::make_recording(
              kRomDuration, kRate, [](double t) { return thigh(t) * kMountThigh; }, none, 0.002, 1),
          test::make_recording(
              kRomDuration, kRate, [](double t) { return shank(t) * kMountShank; }, none, 0.002, 2)};
}

TEST(FunctionalJointRom, KneeFlexionRecoveredWithUnknownMounting) {
  const auto p = knee_pair();
  const auto r = compute_joint_rom(p.thigh, p.shank, {});
  ASSERT_TRUE(r) << r.error().to_string();
  std::printf("knee: max %.2f min %.2f ROM %.2f deg, axis dominance %.4f, %zu reps\n", r->max_deg, r->min_deg,
              r->rom_deg, r->axis_dominance, r->repetitions.size());
  EXPECT_NEAR(r->max_deg, kKneePeakDeg, kRomTolDeg);
  EXPECT_NEAR(r->min_deg, 0.0, kRomTolDeg);
  EXPECT_NEAR(r->rom_deg, kKneePeakDeg, kRomTolDeg);
  EXPECT_GT(r->axis_dominance, 0.99);
  // The axis is the shank's y axis seen from the thigh sensor: mount^-1 * y (up to sign).
  const Vec3 axis_true = kMountThigh.conjugate() * Vec3::UnitY();
  EXPECT_GT(std::abs(r->axis_proximal.dot(axis_true)), std::cos(2.0 * kDegToRad));
  ASSERT_EQ(r->repetitions.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(r->repetitions[k].peak_deg, kKneePeakDeg, kRomTolDeg);
    EXPECT_NEAR(r->repetitions[k].rom_deg, kKneePeakDeg, kRomTolDeg);
    EXPECT_NEAR(r->repetitions[k].peak_s, kRepStarts[k] + kRepLen / 2.0, 0.05);
  }
  // Time series: worst error over the recording.
  double worst = 0.0;
  for (std::size_t i = 0; i < r->t_s.size(); ++i)
    worst = std::max(worst, std::abs(r->angle_deg[i] - knee_deg(r->t_s[i])));
  std::printf("knee: worst sample error %.3f deg\n", worst);
  EXPECT_LT(worst, kRomTolDeg);
  const auto j = joint_rom_to_json(*r, true);
  EXPECT_EQ(j["repetitions"].size(), 3u);
  EXPECT_EQ(j["angle_deg"].size(), p.thigh.size());
}

TEST(FunctionalJointRom, BadInputIsAnError) {
  auto p = knee_pair();
  ImuRecording no_gyro = p.shank;
  no_gyro.gyr_rps.reset();
  const auto e1 = compute_joint_rom(p.thigh, no_gyro, {});
  ASSERT_FALSE(e1);
  EXPECT_EQ(e1.error().code(), ErrorCode::kMissingData);
  EXPECT_NE(e1.error().message().find("distal"), std::string::npos);
  ImuRecording shorter = p.shank;
  shorter.t_us.resize(600);
  shorter.acc_mps2.conservativeResize(600, 3);
  shorter.gyr_rps->conservativeResize(600, 3);
  EXPECT_FALSE(compute_joint_rom(p.thigh, shorter, {}));
  ImuRecording late = p.shank;
  for (auto& t : late.t_us) t += 50'000;  // 50 ms later
  EXPECT_FALSE(compute_joint_rom(p.thigh, late, {}));
  JointRomOptions moving;
  moving.static_start_s = 3.0;  // during the first repetition
  const auto e3 = compute_joint_rom(p.thigh, p.shank, moving);
  ASSERT_FALSE(e3);
  EXPECT_NE(e3.error().message().find("not static"), std::string::npos) << e3.error().message();
  JointRomOptions outside;
  outside.static_start_s = 20.0;
  EXPECT_FALSE(compute_joint_rom(p.thigh, p.shank, outside));
  ImuRecording nan_rec = p.thigh;
  nan_rec.acc_mps2(10, 0) = std::nan("");
  EXPECT_FALSE(compute_joint_rom(nan_rec, p.shank, {}));
  // No movement: still sensors only.
  auto still = [](double) { return Quat::Identity(); };
  auto none = [](double) { return Vec3::Zero().eval(); };
  const auto a = test::make_recording(5.0, kRate, still, none);
  const auto e5 = compute_joint_rom(a, a, {});
  ASSERT_FALSE(e5);
  EXPECT_EQ(e5.error().code(), ErrorCode::kMissingData);
}

}  // namespace
}  // namespace physio::imu
