// SSD anchors of the BlazePose detector.
#include <cmath>

#include <gtest/gtest.h>

#include "pose/pipeline/anchors.hpp"

namespace physio::pose {
namespace {

constexpr float kTol = 1e-6f;

TEST(PosePipelineAnchors, CountAndLayout) {
  auto anchors = compute_ssd_anchors();
  ASSERT_TRUE(anchors);
  // 28x28 cells x 2 (stride 8) + 14x14 x 2 (stride 16) + 7x7 x 6 (three stride-32 layers) = 2254.
  ASSERT_EQ(anchors->size(), 2254u);
  const auto& a = *anchors;
  // First cell of the stride-8 map: two anchors at its centre.
  EXPECT_NEAR(a[0].x_center, 0.5f / 28, kTol);
  EXPECT_NEAR(a[0].y_center, 0.5f / 28, kTol);
  EXPECT_NEAR(a[1].x_center, 0.5f / 28, kTol);
  // Second cell moves along x.
  EXPECT_NEAR(a[2].x_center, 1.5f / 28, kTol);
  EXPECT_NEAR(a[2].y_center, 0.5f / 28, kTol);
  // Row 1 starts after 28 cells.
  EXPECT_NEAR(a[56].x_center, 0.5f / 28, kTol);
  EXPECT_NEAR(a[56].y_center, 1.5f / 28, kTol);
  // Stride 16 begins at 1568.
  EXPECT_NEAR(a[1567].x_center, 27.5f / 28, kTol);
  EXPECT_NEAR(a[1568].x_center, 0.5f / 14, kTol);
  EXPECT_NEAR(a[1568].y_center, 0.5f / 14, kTol);
  // Stride 32 begins at 1960 with 6 anchors per cell.
  EXPECT_NEAR(a[1960].x_center, 0.5f / 7, kTol);
  EXPECT_NEAR(a[1965].x_center, 0.5f / 7, kTol);
  EXPECT_NEAR(a[1966].x_center, 1.5f / 7, kTol);
  EXPECT_NEAR(a[2253].x_center, 6.5f / 7, kTol);
  EXPECT_NEAR(a[2253].y_center, 6.5f / 7, kTol);
  for (const Anchor& an : a) {
    EXPECT_EQ(an.width, 1.0f);
    EXPECT_EQ(an.height, 1.0f);
  }
}

TEST(PosePipelineAnchors, VariableSizeAnchors) {
  SsdAnchorOptions o;
  o.fixed_anchor_size = false;
  auto anchors = compute_ssd_anchors(o);
  ASSERT_TRUE(anchors);
  // Layer 0 scale = min_scale; the interpolated anchor is sqrt(s0 * s1) with s1 = min + (max - min) / 4.
  EXPECT_NEAR((*anchors)[0].width, 0.1484375f, kTol);
  const float s1 = 0.1484375f + (0.75f - 0.1484375f) / 4.0f;
  EXPECT_NEAR((*anchors)[1].width, std::sqrt(0.1484375f * s1), kTol);
  // The last layer's interpolated anchor uses scale 1 as "next".
  EXPECT_NEAR((*anchors)[2253].width, std::sqrt(0.75f * 1.0f), kTol);
}

TEST(PosePipelineAnchors, RejectsBadOptions) {
  SsdAnchorOptions o;
  o.num_layers = 4;
  EXPECT_FALSE(compute_ssd_anchors(o));
  o = {};
  o.strides = {8, 0, 32, 32, 32};
  EXPECT_FALSE(compute_ssd_anchors(o));
  o = {};
  o.aspect_ratios.clear();
  EXPECT_FALSE(compute_ssd_anchors(o));
  o = {};
  o.input_width = 0;
  EXPECT_FALSE(compute_ssd_anchors(o));
}

}  // namespace
}  // namespace physio::pose
