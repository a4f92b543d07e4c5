// Crop sampling maths on synthetic images: bilinear interpolation reproduces a linear ramp exactly, so
// every output value is known in closed form.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/image_to_tensor.hpp"

namespace physio::pose {
namespace {

constexpr float kTol = 1e-4f;

// R = 2 x + 10, G = 3 y + 5, B = 7 at pixel (x, y): linear, so bilinear reads R(px) exactly inside.
Image ramp(int w, int h) {
  Image img = make_image(w, h).value();
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = img.row(y) + 3 * x;
      p[0] = static_cast<std::uint8_t>(2 * x + 10);
      p[1] = static_cast<std::uint8_t>(3 * y + 5);
      p[2] = 7;
    }
  return img;
}

TEST(PosePipelineCrop, IdentityCopiesPixels) {
  const Image img = ramp(16, 16);
  ImageToTensorOptions o;
  o.out_width = o.out_height = 16;
  o.range_min = 0.0f;
  o.range_max = 255.0f;
  std::vector<float> t(16 * 16 * 3);
  auto pad = image_to_tensor(img, NormalizedRect{}, o, t);
  ASSERT_TRUE(pad);
  EXPECT_EQ(pad->left + pad->top + pad->right + pad->bottom, 0.0f);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) {
      EXPECT_NEAR(t[(y * 16 + x) * 3 + 0], 2 * x + 10, kTol);
      EXPECT_NEAR(t[(y * 16 + x) * 3 + 1], 3 * y + 5, kTol);
    }
}

TEST(PosePipelineCrop, RotatedRoiSamplesPixelCentres) {
  // A 40x40 ROI (in pixels) centred at (30, 25) of a 60x50 image, rotated by 30 degrees, to 8x8.
  const int w = 60, h = 50, n = 8;
  const Image img = ramp(w, h);
  NormalizedRect roi;
  roi.x_center = 30.0f / w;
  roi.y_center = 25.0f / h;
  roi.width = 40.0f / w;
  roi.height = 40.0f / h;
  roi.rotation_rad = std::numbers::pi_v<float> / 6.0f;
  ImageToTensorOptions o;
  o.out_width = o.out_height = n;
  std::vector<float> t(n * n * 3);
  ASSERT_TRUE(image_to_tensor(img, roi, o, t));
  const float c = std::cos(roi.rotation_rad), s = std::sin(roi.rotation_rad);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const float fn = static_cast<float>(n);
      const float u = (static_cast<float>(j) + 0.5f) / fn - 0.5f;
      const float v = (static_cast<float>(i) + 0.5f) / fn - 0.5f;
      const float px = 30.0f + c * u * 40.0f - s * v * 40.0f;  // point in pixel units
      const float py = 25.0f + s * u * 40.0f + c * v * 40.0f;
      // Pixel k's centre is at k + 0.5: the ramp value at point p is 2 (p - 0.5) + 10.
      EXPECT_NEAR(t[(i * n + j) * 3 + 0], (2.0f * (px - 0.5f) + 10.0f) / 255.0f, kTol) << i << "," << j;
      EXPECT_NEAR(t[(i * n + j) * 3 + 1], (3.0f * (py - 0.5f) + 5.0f) / 255.0f, kTol);
      EXPECT_NEAR(t[(i * n + j) * 3 + 2], 7.0f / 255.0f, kTol);
    }
}

TEST(PosePipelineCrop, ReplicateBorderReadsEdge) {
  const Image img = ramp(10, 10);
  // ROI centred on the left edge: the left half of the output lies outside the image.
  NormalizedRect roi;
  roi.x_center = 0.0f;
  roi.width = 0.4f;
  roi.height = 0.4f;
  ImageToTensorOptions o;
  o.out_width = o.out_height = 4;
  o.range_max = 255.0f;
  std::vector<float> t(4 * 4 * 3);
  ASSERT_TRUE(image_to_tensor(img, roi, o, t));
  EXPECT_NEAR(t[0], 10.0f, kTol);  // column 0 of the image, replicated
  EXPECT_NEAR(t[3], 10.0f, kTol);
}

TEST(PosePipelineCrop, LetterboxWithZeroBorder) {
  // A 2:1 landscape image into a square tensor: the top and bottom quarters are black (-1).
  const Image img = ramp(20, 10);
  std::vector<float> t(224 * 224 * 3);
  auto pad = image_to_tensor(img, NormalizedRect{}, detector_input_options(), t);
  ASSERT_TRUE(pad);
  EXPECT_NEAR(pad->top, 0.25f, kTol);
  EXPECT_NEAR(pad->bottom, 0.25f, kTol);
  EXPECT_NEAR(pad->left, 0.0f, kTol);
  EXPECT_NEAR(t[0], -1.0f, kTol);                                                // row 0: border
  EXPECT_NEAR(t[(223 * 224 + 100) * 3 + 2], -1.0f, kTol);                        // last row: border
  EXPECT_NEAR(t[(112 * 224 + 112) * 3 + 2], 7.0f / 255.0f * 2.0f - 1.0f, kTol);  // inside: B = 7
}

TEST(PosePipelineCrop, RejectsBadArguments) {
  const Image img = ramp(10, 10);
  ImageToTensorOptions o;
  o.out_width = o.out_height = 4;
  std::vector<float> wrong(10);
  EXPECT_FALSE(image_to_tensor(img, NormalizedRect{}, o, wrong));
  std::vector<float> t(4 * 4 * 3);
  NormalizedRect bad;
  bad.width = 0.0f;
  EXPECT_FALSE(image_to_tensor(img, bad, o, t));
  bad = {};
  bad.rotation_rad = std::nanf("");
  EXPECT_FALSE(image_to_tensor(img, bad, o, t));
  EXPECT_FALSE(image_to_tensor(Image{}, NormalizedRect{}, o, t));
}

}  // namespace
}  // namespace physio::pose
