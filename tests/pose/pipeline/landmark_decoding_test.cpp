// Landmark decoding, heatmap refinement, projection and world landmarks on synthetic tensors.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/landmark_decoding.hpp"

namespace physio::pose {
namespace {

constexpr float kDecodingTol = 1e-5f;

TEST(PosePipelineLandmarks, DecodeScalesAndSigmoids) {
  std::vector<float> raw = {128.0f, 64.0f, -25.6f, 0.0f, 2.0f, 0.0f, 256.0f, 12.8f, -3.0f, 100.0f};
  auto l = decode_landmarks(raw, 2);
  ASSERT_TRUE(l);
  EXPECT_NEAR((*l)[0].x, 0.5f, kDecodingTol);
  EXPECT_NEAR((*l)[0].y, 0.25f, kDecodingTol);
  EXPECT_NEAR((*l)[0].z, -0.1f, kDecodingTol);  // z on the x scale
  EXPECT_NEAR((*l)[0].visibility, 0.5f, kDecodingTol);
  EXPECT_NEAR((*l)[0].presence, 1.0f / (1.0f + std::exp(-2.0f)), kDecodingTol);
  EXPECT_NEAR((*l)[1].y, 1.0f, kDecodingTol);
  EXPECT_NEAR((*l)[1].visibility, 1.0f / (1.0f + std::exp(3.0f)), kDecodingTol);
  EXPECT_FALSE(decode_landmarks(raw, 3));
}

// A 16x16 heatmap for 2 landmarks, logits -10 everywhere except a 3x3 blob.
std::vector<float> blob_heatmap(int row, int col, float peak_logit, int channel) {
  std::vector<float> hm(16 * 16 * 2, -10.0f);
  for (int dr = -1; dr <= 1; ++dr)
    for (int dc = -1; dc <= 1; ++dc) {
      const float v = (dr == 0 && dc == 0) ? peak_logit : peak_logit - 1.0f;
      hm[((row + dr) * 16 + (col + dc)) * 2 + channel] = v;
    }
  return hm;
}

TEST(PosePipelineLandmarks, HeatmapRefinementWeightedMean) {
  // Blob centred at row 6, col 9; the landmark sits 2 cells off it (inside the 7x7 window).
  const auto hm = blob_heatmap(6, 9, 3.0f, 0);
  std::vector<NormalizedLandmark> l(2);
  l[0].x = 7.5f / 16.0f;  // column 7
  l[0].y = 5.2f / 16.0f;  // row 5
  l[1].x = 0.3f;
  l[1].y = 0.3f;
  ASSERT_TRUE(refine_landmarks_from_heatmap(l, hm, 16, 16));
  // Expected: weighted mean over the 7x7 window around (5, 7) -- rows 2..8, cols 4..10 -- of sigmoid(logit).
  double sum = 0, wr = 0, wc = 0;
  for (int r = 2; r <= 8; ++r)
    for (int c = 4; c <= 10; ++c) {
      const float logit = hm[(r * 16 + c) * 2];
      const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(logit)));
      sum += s;
      wr += r * s;
      wc += c * s;
    }
  EXPECT_NEAR(l[0].x, wc / 16.0 / sum, 1e-5);
  EXPECT_NEAR(l[0].y, wr / 16.0 / sum, 1e-5);
  // Channel 1 has no confident cell (max sigmoid(-10) < 0.5): unchanged.
  EXPECT_EQ(l[1].x, 0.3f);
  EXPECT_EQ(l[1].y, 0.3f);
}

TEST(PosePipelineLandmarks, HeatmapKeepsOutsideAndWeakLandmarks) {
  const auto weak = blob_heatmap(6, 9, -0.5f, 0);  // peak sigmoid 0.38 < 0.5
  std::vector<NormalizedLandmark> l(2);
  l[0].x = 9.5f / 16.0f;
  l[0].y = 6.5f / 16.0f;
  ASSERT_TRUE(refine_landmarks_from_heatmap(l, weak, 16, 16));
  EXPECT_EQ(l[0].x, 9.5f / 16.0f);
  const auto strong = blob_heatmap(6, 9, 3.0f, 0);
  l[0].x = -0.2f;  // outside on the left: kept
  l[0].y = 0.4f;
  ASSERT_TRUE(refine_landmarks_from_heatmap(l, strong, 16, 16));
  EXPECT_EQ(l[0].x, -0.2f);
  std::vector<float> wrong(10);
  EXPECT_FALSE(refine_landmarks_from_heatmap(l, wrong, 16, 16));
}

TEST(PosePipelineLandmarks, ProjectionThroughRotatedRoi) {
  NormalizedRect roi;
  roi.x_center = 0.4f;
  roi.y_center = 0.6f;
  roi.width = 0.2f;
  roi.height = 0.3f;
  roi.rotation_rad = std::numbers::pi_v<float> / 2.0f;
  std::vector<NormalizedLandmark> l(2);
  l[0] = {0.5f, 0.5f, 0.1f, 0.9f, 0.8f};  // crop centre -> ROI centre
  l[1] = {1.0f, 0.5f, 0.0f, 0.0f, 0.0f};  // right edge of the crop -> +90 deg: below the centre
  project_landmarks(l, roi);
  EXPECT_NEAR(l[0].x, 0.4f, kDecodingTol);
  EXPECT_NEAR(l[0].y, 0.6f, kDecodingTol);
  EXPECT_NEAR(l[0].z, 0.02f, kDecodingTol);  // z * ROI width
  EXPECT_EQ(l[0].visibility, 0.9f);
  EXPECT_NEAR(l[1].x, 0.4f, kDecodingTol);
  EXPECT_NEAR(l[1].y, 0.6f + 0.5f * 0.3f, kDecodingTol);
}

TEST(PosePipelineLandmarks, LetterboxRemoval) {
  std::vector<NormalizedLandmark> l(1);
  l[0] = {0.5f, 0.3f, 0.2f, 0, 0};
  remove_landmark_letterbox(l, LetterboxPadding{0.1f, 0.0f, 0.1f, 0.0f});
  EXPECT_NEAR(l[0].x, 0.5f, kDecodingTol);
  EXPECT_NEAR(l[0].y, 0.3f, kDecodingTol);
  EXPECT_NEAR(l[0].z, 0.25f, kDecodingTol);
}

TEST(PosePipelineLandmarks, WorldLandmarksRotateWithRoi) {
  NormalizedRect roi;
  roi.rotation_rad = std::numbers::pi_v<float> / 2.0f;
  std::vector<float> raw = {0.1f, 0.0f, 0.3f, 0.0f, -0.2f, -0.1f};
  auto w = decode_world_landmarks(raw, 2, roi);
  ASSERT_TRUE(w);
  EXPECT_NEAR((*w)[0].x_m, 0.0f, kDecodingTol);
  EXPECT_NEAR((*w)[0].y_m, 0.1f, kDecodingTol);
  EXPECT_NEAR((*w)[0].z_m, 0.3f, kDecodingTol);
  EXPECT_NEAR((*w)[1].x_m, 0.2f, kDecodingTol);
  EXPECT_NEAR((*w)[1].y_m, 0.0f, kDecodingTol);
  EXPECT_FALSE(decode_world_landmarks(raw, 3, roi));
}

}  // namespace
}  // namespace physio::pose
