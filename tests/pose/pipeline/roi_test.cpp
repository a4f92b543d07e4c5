// ROI maths: alignment points -> rotated square, rect transformation, angle normalisation.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "pose/pipeline/roi.hpp"

namespace physio::pose {
namespace {

constexpr float kRoiTol = 1e-5f;
constexpr float kPi = std::numbers::pi_v<float>;

TEST(PosePipelineRoi, NormalizeRadians) {
  EXPECT_NEAR(normalize_radians(0.0f), 0.0f, kRoiTol);
  EXPECT_NEAR(normalize_radians(3.0f * kPi / 2.0f), -kPi / 2.0f, kRoiTol);
  EXPECT_NEAR(normalize_radians(-3.0f * kPi / 2.0f), kPi / 2.0f, kRoiTol);
  EXPECT_NEAR(normalize_radians(5.0f * kPi), -kPi, 1e-4f);
}

TEST(PosePipelineRoi, UprightPersonHasNoRotation) {
  // Hip centre at (0.5, 0.6); the scale point straight above it, 0.2 of a 640x480 image higher.
  const NormalizedRect r = alignment_points_to_rect({0.5f, 0.6f}, {0.5f, 0.4f}, 640, 480);
  EXPECT_NEAR(r.x_center, 0.5f, kRoiTol);
  EXPECT_NEAR(r.y_center, 0.6f, kRoiTol);
  // Box = 2 x distance = 2 x 96 px = 192 px.
  EXPECT_NEAR(r.width, 192.0f / 640.0f, kRoiTol);
  EXPECT_NEAR(r.height, 192.0f / 480.0f, kRoiTol);
  EXPECT_NEAR(r.rotation_rad, 0.0f, kRoiTol);
}

TEST(PosePipelineRoi, LyingPersonIsRotated) {
  // Scale point to the right of the hips (head to the right): rotation +90 deg (clockwise on screen).
  const NormalizedRect right = alignment_points_to_rect({0.5f, 0.5f}, {0.7f, 0.5f}, 100, 100);
  EXPECT_NEAR(right.rotation_rad, kPi / 2.0f, kRoiTol);
  // Head down: rotation of magnitude 180 deg.
  const NormalizedRect down = alignment_points_to_rect({0.5f, 0.5f}, {0.5f, 0.7f}, 100, 100);
  EXPECT_NEAR(std::fabs(down.rotation_rad), kPi, kRoiTol);
  // Head to the left: -90 deg.
  const NormalizedRect left = alignment_points_to_rect({0.5f, 0.5f}, {0.3f, 0.5f}, 100, 100);
  EXPECT_NEAR(left.rotation_rad, -kPi / 2.0f, kRoiTol);
}

TEST(PosePipelineRoi, TransformSquaresLongSideAndScales) {
  NormalizedRect r;
  r.x_center = 0.4f;
  r.y_center = 0.5f;
  r.width = 0.25f;   // 160 px of 640
  r.height = 0.25f;  // 120 px of 480
  r.rotation_rad = 0.3f;
  const NormalizedRect t = transform_rect(r, 640, 480);
  EXPECT_NEAR(t.width, 1.25f * 160.0f / 640.0f, kRoiTol);
  EXPECT_NEAR(t.height, 1.25f * 160.0f / 480.0f, kRoiTol);
  EXPECT_NEAR(t.x_center, 0.4f, kRoiTol);
  EXPECT_NEAR(t.rotation_rad, 0.3f, kRoiTol);
  // A shift along the rotated x axis (rotation 90 deg) moves the centre down.
  RectTransformOptions o;
  o.shift_x = 0.5f;
  o.scale_x = o.scale_y = 1.0f;
  r.rotation_rad = kPi / 2.0f;
  r.height = 160.0f / 480.0f;
  const NormalizedRect s = transform_rect(r, 640, 480, o);
  EXPECT_NEAR(s.x_center, 0.4f, kRoiTol);
  EXPECT_NEAR(s.y_center, 0.5f + 80.0f / 480.0f, kRoiTol);
}

TEST(PosePipelineRoi, FromDetectionAndLandmarks) {
  Detection d;
  d.keypoints = {{0.5f, 0.6f}, {0.5f, 0.4f}, {0.5f, 0.3f}, {0.5f, 0.2f}};
  auto roi = roi_from_detection(d, 500, 500);
  ASSERT_TRUE(roi);
  EXPECT_NEAR(roi->width, 0.4f * 1.25f, kRoiTol);
  EXPECT_NEAR(roi->height, 0.4f * 1.25f, kRoiTol);
  const NormalizedRect same = roi_from_alignment_landmarks({0.5f, 0.6f}, {0.5f, 0.4f}, 500, 500);
  EXPECT_NEAR(same.width, roi->width, kRoiTol);
  EXPECT_NEAR(same.rotation_rad, roi->rotation_rad, kRoiTol);
  d.keypoints.resize(1);
  EXPECT_FALSE(roi_from_detection(d, 500, 500));
}

}  // namespace
}  // namespace physio::pose
