// Unwrapping: no 360-degree jumps in angle series.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::kin::test {
namespace {

constexpr double kUnwrapTolDeg = 1e-3;

TEST(AnglesUnwrap, RemovesJumpsAcrossGaps) {
  const double nan = std::nan("");
  std::vector<double> v = {170, 179, -179, nan, -170, 175, -175};
  unwrap_deg(v);
  std::vector<double> want = {170, 179, 181, nan, 190, 175, 185};
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(v[i]));
      continue;
    }
    EXPECT_NEAR(v[i], want[i], 1e-9) << i;
  }
}

TEST(AnglesUnwrap, ShiftsIntoRangeByWholeTurns) {
  std::vector<double> v = {-350, -340, -330};
  unwrap_into_range(v, -90.0);
  EXPECT_NEAR(v[0], 10, 1e-9);
  EXPECT_NEAR(v[2], 30, 1e-9);
  std::vector<double> axis = {80, -89, -87};  // period 180: 80, 91, 93 (mean 88, in [-90, 90))
  unwrap_into_range(axis, -90.0, 180.0);
  EXPECT_NEAR(axis[0], 80, 1e-9);
  EXPECT_NEAR(axis[1], 91, 1e-9);
  std::vector<double> high = {89, -89, -87};  // 89, 91, 93: mean 91 is out of range, moved down a period
  unwrap_into_range(high, -90.0, 180.0);
  EXPECT_NEAR(high[0], -91, 1e-9);
  EXPECT_NEAR(high[2], -87, 1e-9);
}

// The arm circles forward from hanging (0) through overhead (180) to 300 deg and back. Shoulder flexion
// is a joint angle: it stays in its range [-90, 270), so past 270 it reads as extension (300 -> -60).
// The forearm segment, unwrapped on request, is continuous (its range ends at 180).
TEST(AnglesUnwrap, ShoulderCircleJointInRangeSegmentContinuous) {
  const std::size_t n = 100;
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, n);
  std::vector<double> want(n);
  for (std::size_t f = 0; f < n; ++f) {
    const double a = 300.0 * std::sin(3.14159265358979 * static_cast<double>(f) / static_cast<double>(n - 1));
    want[f] = a >= 270.0 ? a - 360.0 : a;
    Pose p = standing_2d();
    const double r = a * kDegToRad;
    P el{30 * std::sin(r), -50 + 30 * std::cos(r)};
    both_sides(p, "elbow", el);
    both_sides(p, "wrist", {el.x + 25 * std::sin(r), el.y + 25 * std::cos(r)});
    both_sides(p, "index", {el.x + 35 * std::sin(r), el.y + 35 * std::cos(r)});
    put(seq, f, p);
  }
  AngleOptions unwrapped;
  unwrapped.unwrap = true;
  auto s = compute_angles(seq, unwrapped);
  ASSERT_TRUE(s);
  auto sh = s->column("right_shoulder_flexion");
  auto fa = s->column("right_forearm");
  for (std::size_t f = 0; f < n; ++f) {
    EXPECT_NEAR(sh[f], want[f], kUnwrapTolDeg) << f;
    EXPECT_GE(sh[f], -90.0) << f;
    EXPECT_LT(sh[f], 270.0) << f;
    if (f > 0) {
      EXPECT_LT(std::fabs(fa[f] - fa[f - 1]), 20.0) << f;
    }
  }
  // By default (no unwrapping) the forearm segment stays in [-180, 180), so it jumps by 360 where it
  // points backwards.
  auto raw = compute_angles(seq);
  ASSERT_TRUE(raw);
  auto fr = raw->column("right_forearm");
  double max_step = 0;
  for (std::size_t f = 1; f < n; ++f) {
    max_step = std::max(max_step, std::fabs(fr[f] - fr[f - 1]));
    EXPECT_GE(fr[f], -180.0);
    EXPECT_LT(fr[f], 180.0);
  }
  EXPECT_GT(max_step, 300.0);
}

}  // namespace
}  // namespace physio::kin::test
