// 3D angles in the pelvis/trunk frame: known postures, in OpenSim axes (Y up) and BlazePose world axes
// (Y down).

#include <cmath>

#include <gtest/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::kin::test {
namespace {

constexpr double kAngle3dTolDeg = 0.01;

// Standing, OpenSim axes: X forward, Y up, Z right; metres; hips at y = 0.9.
Pose standing_3d() {
  Pose p;
  for (double s : {-1.0, 1.0}) {
    const std::string side = s > 0 ? "right_" : "left_";
    const double z = 0.1 * s;
    p[side + "hip"] = {0, 0.9, z};
    p[side + "knee"] = {0, 0.5, z};
    p[side + "ankle"] = {0, 0.1, z};
    p[side + "heel"] = {-0.05, 0.05, z};
    p[side + "foot_index"] = {0.15, 0.05, z};
    p[side + "shoulder"] = {0, 1.4, 0.18 * s};
    p[side + "elbow"] = {0, 1.1, 0.18 * s};
    p[side + "wrist"] = {0, 0.85, 0.18 * s};
    p[side + "index"] = {0, 0.75, 0.18 * s};
    p[side + "ear"] = {0, 1.6, 0.07 * s};
  }
  p["nose"] = {0.1, 1.6, 0};
  return p;
}

// BlazePose world axes: rotate 180 deg about X (Y down, Z left); the body is unchanged.
Pose to_blazepose_world(const Pose& in) {
  Pose out;
  for (const auto& [k, v] : in) out[k] = {v.x, -v.y, -v.z};
  return out;
}

AngleSeries run(const Pose& p, Axis up) {
  LandmarkSequence seq = make_sequence(CoordSpace::kWorldMetres, 1);
  seq.up_axis = up;
  put(seq, 0, p);
  auto r = compute_angles(seq);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  return r ? *r : AngleSeries{};
}

void check_both_axes(const Pose& p, const std::map<std::string, double>& want) {
  for (bool bp : {false, true}) {
    AngleSeries s = bp ? run(to_blazepose_world(p), Axis::kNegY) : run(p, Axis::kY);
    EXPECT_EQ(s.report.mode, AngleMode::k3d);
    for (const auto& [name, v] : want) {
      if (std::isnan(v))
        EXPECT_TRUE(std::isnan(value_at(s, name, 0))) << name << (bp ? " (blazepose axes)" : "");
      else
        EXPECT_NEAR(value_at(s, name, 0), v, kAngle3dTolDeg) << name << (bp ? " (blazepose axes)" : "");
    }
  }
}

TEST(Angles3d, StandingIsZero) {
  std::map<std::string, double> want;
  for (const AngleSpec& s : angle_specs_3d()) want[s.name] = 0.0;
  EXPECT_EQ(want.size(), 16u);
  check_both_axes(standing_3d(), want);
}

TEST(Angles3d, SittingHip90Knee90) {
  Pose p = standing_3d();
  for (const char* side : {"right_", "left_"}) {
    std::string s(side);
    const double z = p[s + "hip"].z;
    p[s + "knee"] = {0.4, 0.9, z};
    p[s + "ankle"] = {0.4, 0.5, z};
    p[s + "heel"] = {0.35, 0.45, z};
    p[s + "foot_index"] = {0.55, 0.45, z};
  }
  check_both_axes(p, {{"right_hip_flexion", 90},
                      {"left_hip_flexion", 90},
                      {"right_knee_flexion", 90},
                      {"left_knee_flexion", 90},
                      {"right_ankle_dorsiflexion", 0},
                      {"right_hip_abduction", std::nan("")},  // thigh along the anterior axis
                      {"trunk_forward_lean", 0}});
}

TEST(Angles3d, HipAbductionBothSidesPositiveOutwards) {
  Pose p = standing_3d();
  const double a = 25 * kDegToRad;
  p["right_knee"] = {0, 0.9 - 0.4 * std::cos(a), 0.1 + 0.4 * std::sin(a)};
  p["left_knee"] = {0, 0.9 - 0.4 * std::cos(a), -0.1 - 0.4 * std::sin(a)};
  p["right_ankle"] = {0, 0.9 - 0.8 * std::cos(a), 0.1 + 0.8 * std::sin(a)};
  check_both_axes(p, {{"right_hip_abduction", 25},
                      {"left_hip_abduction", 25},
                      {"right_hip_flexion", 0},
                      {"right_knee_flexion", 0}});
}

TEST(Angles3d, ArmsForwardSidewaysAndElbow) {
  Pose p = standing_3d();
  // Right arm forward horizontal, forearm up; left arm abducted 90 (sideways), straight.
  p["right_elbow"] = {0.3, 1.4, 0.18};
  p["right_wrist"] = {0.3, 1.65, 0.18};
  p["left_elbow"] = {0, 1.4, -0.48};
  p["left_wrist"] = {0, 1.4, -0.73};
  check_both_axes(p, {{"right_shoulder_flexion", 90},
                      {"right_elbow_flexion", 90},
                      {"right_shoulder_abduction", std::nan("")},
                      {"left_shoulder_abduction", 90},
                      {"left_shoulder_flexion", std::nan("")},
                      {"left_elbow_flexion", 0}});
}

TEST(Angles3d, TrunkLeanAndHipFlexionRelativeToTrunk) {
  Pose p = standing_3d();
  const double a = 20 * kDegToRad;
  // Trunk leans 20 deg forward and the shoulders go with it; legs stay vertical.
  for (const char* side : {"right_", "left_"}) {
    std::string s(side);
    P sh = p[s + "shoulder"];
    p[s + "shoulder"] = {0.5 * std::sin(a), 0.9 + 0.5 * std::cos(a), sh.z};
  }
  check_both_axes(p, {{"trunk_forward_lean", 20},
                      {"trunk_lateral_lean", 0},
                      {"right_hip_flexion", 20},
                      {"left_hip_flexion", 20}});
  Pose q = standing_3d();
  for (const char* side : {"right_", "left_"}) {
    std::string s(side);
    P sh = q[s + "shoulder"];
    q[s + "shoulder"] = {0, 0.9 + 0.5 * std::cos(a), sh.z + 0.5 * std::sin(a)};
  }
  check_both_axes(q, {{"trunk_lateral_lean", 20}, {"trunk_forward_lean", 0}});
}

}  // namespace
}  // namespace physio::kin::test
