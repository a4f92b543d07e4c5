// Crop sampling maths on synthetic images: bilinear interpolation reproduces a linear ramp exactly, so
// every output value is known in closed form.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/image_to_tensor.hpp"

namespace physio::pose {
namespace {

constexpr float kTensorTol = 1e-4f;

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
      EXPECT_NEAR(t[(y * 16 + x) * 3 + 0], 2 * x + 10, kTensorTol);
      EXPECT_NEAR(t[(y * 16 + x) * 3 + 1], 3 * y + 5, kTensorTol);
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
      EXPECT_NEAR(t[(i * n + j) * 3 + 0], (2.0f * (px - 0.5f) + 10.0f) / 255.0f, kTensorTol) << i << "," << j;
      EXPECT_NEAR(t[(i * n + j) * 3 + 1], (3.0f * (py - 0.5f) + 5.0f) / 255.0f, kTensorTol);
      EXPECT_NEAR(t[(i * n + j) * 3 + 2], 7.0f / 255.0f, kTensorTol);
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
  EXPECT_NEAR(t[0], 10.0f, kTensorTol);  // column 0 of the image, replicated
  EXPECT_NEAR(t[3], 10.0f, kTensorTol);
}

TEST(PosePipelineCrop, LetterboxWithZeroBorder) {
  // A 2:1 landscape image into a square tensor: the top and bottom quarters are black (-1).
  const Image img = ramp(20, 10);
  std::vector<float> t(224 * 224 * 3);
  auto pad = image_to_tensor(img, NormalizedRect{}, detector_input_options(), t);
  ASSERT_TRUE(pad);
  EXPECT_NEAR(pad->top, 0.25f, kTensorTol);
  EXPECT_NEAR(pad->bottom, 0.25f, kTensorTol);
  EXPECT_NEAR(pad->left, 0.0f, kTensorTol);
  EXPECT_NEAR(t[0], -1.0f, kTensorTol);                                                // row 0: border
  EXPECT_NEAR(t[(223 * 224 + 100) * 3 + 2], -1.0f, kTensorTol);                        // last row: border
  EXPECT_NEAR(t[(112 * 224 + 112) * 3 + 2], 7.0f / 255.0f * 2.0f - 1.0f, kTensorTol);  // inside: B = 7
}

// The sampling rule of the header, one output pixel at a time in double precision: the tiled, vectorised
// kernel must agree everywhere, including partial tiles, rows that leave the frame and points far outside.
std::vector<double> reference_crop(const Image& img, const NormalizedRect& roi,
                                   const ImageToTensorOptions& o) {
  const double w = img.width, h = img.height;
  const double cx = roi.x_center * w, cy = roi.y_center * h;
  double rw = roi.width * w, rh = roi.height * h;
  if (o.keep_aspect_ratio) {
    const double tensor_aspect = static_cast<double>(o.out_height) / o.out_width;
    if (tensor_aspect > rh / rw)
      rh = rw * tensor_aspect;
    else
      rw = rh / tensor_aspect;
  }
  const double c = std::cos(roi.rotation_rad), s = std::sin(roi.rotation_rad);
  auto tap = [&](long x, long y, int ch) -> double {
    if (o.border == BorderMode::kReplicate) {
      x = std::clamp(x, 0L, static_cast<long>(img.width) - 1);
      y = std::clamp(y, 0L, static_cast<long>(img.height) - 1);
    } else if (x < 0 || y < 0 || x >= img.width || y >= img.height) {
      return 0.0;
    }
    return img.row(static_cast<int>(y))[3 * x + ch];
  };
  std::vector<double> out;
  for (int i = 0; i < o.out_height; ++i)
    for (int j = 0; j < o.out_width; ++j) {
      const double u = (j + 0.5) / o.out_width - 0.5, v = (i + 0.5) / o.out_height - 0.5;
      const double px = cx + c * u * rw - s * v * rh - 0.5, py = cy + s * u * rw + c * v * rh - 0.5;
      const double fx = std::floor(px), fy = std::floor(py), ax = px - fx, ay = py - fy;
      const long x0 = static_cast<long>(std::clamp(fx, -8.0, w + 8.0));
      const long y0 = static_cast<long>(std::clamp(fy, -8.0, h + 8.0));
      for (int ch = 0; ch < 3; ++ch) {
        const double top = tap(x0, y0, ch) * (1 - ax) + tap(x0 + 1, y0, ch) * ax;
        const double bottom = tap(x0, y0 + 1, ch) * (1 - ax) + tap(x0 + 1, y0 + 1, ch) * ax;
        out.push_back((top * (1 - ay) + bottom * ay) * (o.range_max - o.range_min) / 255.0 + o.range_min);
      }
    }
  return out;
}

TEST(PosePipelineCrop, TiledKernelMatchesPerPixelRule) {
  // Pseudo-random pixels (no structure for errors to hide in); odd output sizes leave partial tiles.
  Image img = make_image(53, 41).value();
  std::uint32_t state = 12345u;
  for (auto& b : img.pixels) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<std::uint8_t>(state >> 24);
  }
  // Positions in the float kernel carry ~1e-5 px of rounding: up to 255 * 1e-5 * 2 levels at the
  // steepest edge of random pixels, so 0.01 levels.
  constexpr double kTolLevels = 0.01;
  struct Case {
    NormalizedRect roi;
    BorderMode border;
  };
  const std::vector<Case> cases = {
      {{0.5f, 0.5f, 0.6f, 0.7f, 0.4f}, BorderMode::kReplicate},   // inside, rotated
      {{0.1f, 0.8f, 0.9f, 0.9f, -0.7f}, BorderMode::kReplicate},  // across two edges
      {{0.1f, 0.8f, 0.9f, 0.9f, -0.7f}, BorderMode::kZero},
      {{3.0f, -2.0f, 0.5f, 0.5f, 1.0f}, BorderMode::kReplicate},  // far outside: the corner pixel
      {{3.0f, -2.0f, 0.5f, 0.5f, 1.0f}, BorderMode::kZero},       // far outside: black
      {{0.5f, 0.5f, 1.0f, 1.0f, 0.0f}, BorderMode::kZero},        // letterbox of the whole frame
  };
  for (const Case& c : cases) {
    ImageToTensorOptions o;
    o.out_width = 37;
    o.out_height = 23;
    o.border = c.border;
    o.range_min = 0.0f;
    o.range_max = 255.0f;
    std::vector<float> t(37 * 23 * 3);
    ASSERT_TRUE(image_to_tensor(img, c.roi, o, t));
    const std::vector<double> expected = reference_crop(img, c.roi, o);
    double worst = 0.0;
    for (std::size_t k = 0; k < t.size(); ++k) worst = std::max(worst, std::fabs(t[k] - expected[k]));
    EXPECT_LE(worst, kTolLevels) << "ROI centre " << c.roi.x_center << ", " << c.roi.y_center
                                 << (c.border == BorderMode::kZero ? " zero" : " replicate");
  }
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
  bad = {};
  bad.x_center = 1e30f;  // finite, but every sample position would overflow
  EXPECT_FALSE(image_to_tensor(img, bad, o, t));
  bad = {};
  bad.width = 1e30f;
  EXPECT_FALSE(image_to_tensor(img, bad, o, t));
  EXPECT_FALSE(image_to_tensor(Image{}, NormalizedRect{}, o, t));
}

}  // namespace
}  // namespace physio::pose
