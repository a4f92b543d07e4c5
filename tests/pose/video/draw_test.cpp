// Anti-aliased drawing and the skeleton overlay: pixels set where expected, untouched elsewhere.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "pose/video/draw.hpp"
#include "pose/video/skeleton_overlay.hpp"

namespace physio::pose {
namespace {

constexpr Rgb kRed{255, 0, 0};
// One level of rounding in the blend.
constexpr int kTolLevel = 1;

Image blank(int w, int h) {
  auto image = make_image(w, h);
  EXPECT_TRUE(image);
  return std::move(*image);
}

Rgb at(const Image& image, int x, int y) {
  const std::uint8_t* p = image.row(y) + 3 * static_cast<std::size_t>(x);
  return {p[0], p[1], p[2]};
}

bool untouched(const Image& image, int x, int y) {
  const Rgb c = at(image, x, y);
  return c.r == 0 && c.g == 0 && c.b == 0;
}

TEST(Draw, DiscCoversItsInsideAndRampsAtTheEdge) {
  Image image = blank(40, 40);
  draw_disc(image, 20.0f, 20.0f, 5.0f, kRed);
  EXPECT_EQ(at(image, 19, 19).r, 255);  // pixel centre (19.5, 19.5): well inside
  EXPECT_EQ(at(image, 22, 20).r, 255);
  EXPECT_TRUE(untouched(image, 27, 20));  // centre 27.5: d = 7.5 > 5.5
  EXPECT_TRUE(untouched(image, 0, 0));
  // Pixel (25, 19): centre (25.5, 19.5), d = sqrt(5.5^2 + 0.5^2) = 5.523 -> coverage 5.5 - 5.523 < 0.
  // Pixel (24, 20): centre (24.5, 20.5), d = 4.528 -> coverage 0.972.
  const float d = std::hypot(4.5f, 0.5f);
  EXPECT_NEAR(at(image, 24, 20).r, std::lround(255.0f * (5.5f - d)), kTolLevel);
  // Only red was written.
  EXPECT_EQ(at(image, 20, 20).g, 0);
}

TEST(Draw, LineCoversItsWidthAlongTheSegment) {
  Image image = blank(60, 30);
  draw_line(image, 10.0f, 15.0f, 50.0f, 15.0f, 4.0f, kRed);  // rows 13..16 covered (centres 13.5..16.5)
  for (int x = 10; x < 50; ++x) {
    EXPECT_EQ(at(image, x, 14).r, 255) << x;
    EXPECT_EQ(at(image, x, 15).r, 255) << x;
    EXPECT_TRUE(untouched(image, x, 10)) << x;
    EXPECT_TRUE(untouched(image, x, 20)) << x;
  }
  // Row 12: centre 12.5, d = 2.5 -> coverage 0; row 13: d = 1.5 -> full.
  EXPECT_EQ(at(image, 30, 13).r, 255);
  EXPECT_TRUE(untouched(image, 30, 12));
  // Round caps: nothing beyond the end + radius + 0.5.
  EXPECT_TRUE(untouched(image, 54, 15));
  EXPECT_TRUE(untouched(image, 5, 15));
}

TEST(Draw, DiagonalLineIsSymmetricAndAntiAliased) {
  Image image = blank(40, 40);
  draw_line(image, 5.0f, 5.0f, 35.0f, 35.0f, 2.0f, kRed);
  EXPECT_EQ(at(image, 20, 20).r, 255);
  // Mirror pixels about the diagonal get the same coverage.
  for (int k = 1; k < 4; ++k) EXPECT_EQ(at(image, 20 + k, 20).r, at(image, 20, 20 + k).r) << k;
  // The ramp: some pixel is partly covered.
  const int partial = at(image, 21, 20).r;
  EXPECT_GT(partial, 0);
  EXPECT_LT(partial, 255);
  EXPECT_TRUE(untouched(image, 30, 10));
}

TEST(Draw, OpacityBlendsWithTheBackground) {
  Image image = blank(20, 20);
  for (auto& v : image.pixels) v = 100;
  draw_disc(image, 10.0f, 10.0f, 4.0f, Rgb{200, 0, 100}, 0.5f);
  const Rgb c = at(image, 10, 10);
  EXPECT_NEAR(c.r, 150, kTolLevel);
  EXPECT_NEAR(c.g, 50, kTolLevel);
  EXPECT_NEAR(c.b, 100, kTolLevel);
  EXPECT_EQ(at(image, 0, 0).r, 100);
}

TEST(Draw, ClipsAndIgnoresNonFiniteInput) {
  Image image = blank(16, 16);
  draw_disc(image, -3.0f, 8.0f, 5.0f, kRed);  // partly outside: left column covered
  EXPECT_EQ(at(image, 0, 8).r, 255);
  EXPECT_TRUE(untouched(image, 5, 8));
  const std::vector<std::uint8_t> before = image.pixels;
  draw_line(image, -100.0f, -100.0f, -50.0f, -60.0f, 3.0f, kRed);  // wholly outside
  draw_line(image, 1e30f, 0.0f, -1e30f, 5.0f, 0.0f, kRed);         // zero width
  draw_disc(image, std::numeric_limits<float>::quiet_NaN(), 3.0f, 2.0f, kRed);
  draw_line(image, 1.0f, 1.0f, std::numeric_limits<float>::infinity(), 2.0f, 2.0f, kRed);
  draw_disc(image, 8.0f, 8.0f, 3.0f, kRed, 0.0f);
  EXPECT_EQ(image.pixels, before);
}

PoseFrame standing_pose() {
  PoseFrame pose;
  pose.found = true;
  pose.image_width = 200;
  pose.image_height = 200;
  for (auto& l : pose.landmarks) l = NormalizedLandmark{0.5f, 0.1f, 0.0f, 1.0f, 1.0f};
  // Left shoulder (11) at (0.6, 0.3), left elbow (13) at (0.6, 0.5); right shoulder (12) at (0.4, 0.3).
  pose.landmarks[11] = {0.6f, 0.3f, 0.0f, 0.99f, 1.0f};
  pose.landmarks[13] = {0.6f, 0.5f, 0.0f, 0.99f, 1.0f};
  pose.landmarks[12] = {0.4f, 0.3f, 0.0f, 0.99f, 1.0f};
  return pose;
}

TEST(SkeletonOverlay, ColoursBySideAndCrossConnectionsWhite) {
  Image image = blank(200, 200);
  const OverlayStyle style;
  draw_pose(image, standing_pose(), style);
  // Midpoint of left shoulder -> left elbow: (120, 80).
  const Rgb left = at(image, 120, 80);
  EXPECT_EQ(left.r, style.left.r);
  EXPECT_EQ(left.g, style.left.g);
  EXPECT_EQ(left.b, style.left.b);
  // Midpoint of the shoulders (11-12) at (100, 60): white.
  const Rgb centre = at(image, 100, 60);
  EXPECT_EQ(centre.r, 255);
  EXPECT_EQ(centre.g, 255);
  EXPECT_EQ(centre.b, 255);
  // Far from every landmark and connection.
  EXPECT_TRUE(untouched(image, 10, 190));
}

TEST(SkeletonOverlay, FadesWithVisibilityAndSkipsFramesWithoutAPerson) {
  const OverlayStyle style;
  EXPECT_FLOAT_EQ(overlay_opacity(0.05f, style), 0.0f);
  EXPECT_FLOAT_EQ(overlay_opacity(0.9f, style), 1.0f);
  EXPECT_NEAR(overlay_opacity(0.45f, style), 0.5f, 1e-6f);
  EXPECT_FLOAT_EQ(overlay_opacity(std::numeric_limits<float>::quiet_NaN(), style), 0.0f);

  PoseFrame pose = standing_pose();
  pose.landmarks[13].visibility = 0.05f;  // elbow hidden: its joint and the 11-13 connection vanish
  Image image = blank(200, 200);
  draw_pose(image, pose, style);
  EXPECT_TRUE(untouched(image, 120, 80));
  EXPECT_TRUE(untouched(image, 120, 100));

  pose.found = false;
  Image none = blank(200, 200);
  draw_pose(none, pose, style);
  for (auto v : none.pixels) ASSERT_EQ(v, 0);
}

}  // namespace
}  // namespace physio::pose
