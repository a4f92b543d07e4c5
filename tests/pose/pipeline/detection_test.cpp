// Detection decoding, weighted NMS and letterbox removal with known answers.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/detection.hpp"

namespace physio::pose {
namespace {

constexpr float kDetectionTol = 1e-5f;

float logit(float p) {
  return std::log(p / (1.0f - p));
}

Detection box(float score, float xmin, float ymin, float w, float h, float kx = 0.0f) {
  Detection d;
  d.score = score;
  d.xmin = xmin;
  d.ymin = ymin;
  d.width = w;
  d.height = h;
  d.keypoints = {{kx, 0.5f}, {kx + 0.1f, 0.25f}};
  return d;
}

TEST(PosePipelineDetection, DecodesBoxKeypointsAndScore) {
  DetectionDecodeOptions o;
  o.num_boxes = 3;
  const std::vector<Anchor> anchors = {{0.25f, 0.25f, 1, 1}, {0.5f, 0.5f, 1, 1}, {0.75f, 0.75f, 1, 1}};
  std::vector<float> boxes(3 * 12, 0.0f);
  std::vector<float> scores = {logit(0.3f), logit(0.9f), 500.0f};
  // Anchor 1: centre offset (+22.4, -11.2) px = (+0.1, -0.05), size 44.8 x 67.2 px = 0.2 x 0.3.
  float* r = boxes.data() + 12;
  r[0] = 22.4f;
  r[1] = -11.2f;
  r[2] = 44.8f;
  r[3] = 67.2f;
  for (int k = 0; k < 4; ++k) {
    r[4 + 2 * k] = 2.24f * static_cast<float>(k);   // +0.01 k
    r[5 + 2 * k] = -4.48f * static_cast<float>(k);  // -0.02 k
  }
  auto d = decode_detections(boxes, scores, anchors, o);
  ASSERT_TRUE(d) << d.error().to_string();
  // Score 0.3 is under the 0.5 threshold; the clipped logit 500 -> sigmoid(100) = 1.
  ASSERT_EQ(d->size(), 2u);
  const Detection& a = (*d)[0];
  EXPECT_NEAR(a.score, 0.9f, kDetectionTol);
  EXPECT_NEAR(a.xmin, 0.6f - 0.1f, kDetectionTol);
  EXPECT_NEAR(a.ymin, 0.45f - 0.15f, kDetectionTol);
  EXPECT_NEAR(a.width, 0.2f, kDetectionTol);
  EXPECT_NEAR(a.height, 0.3f, kDetectionTol);
  ASSERT_EQ(a.keypoints.size(), 4u);
  EXPECT_NEAR(a.keypoints[3].x, 0.53f, kDetectionTol);
  EXPECT_NEAR(a.keypoints[3].y, 0.44f, kDetectionTol);
  EXPECT_NEAR((*d)[1].score, 1.0f, kDetectionTol);
  EXPECT_NEAR((*d)[1].xmin, 0.75f, kDetectionTol);  // zero-size box at the anchor centre
}

TEST(PosePipelineDetection, DropsNegativeSizeAndChecksSizes) {
  DetectionDecodeOptions o;
  o.num_boxes = 1;
  const std::vector<Anchor> anchors = {{0.5f, 0.5f, 1, 1}};
  std::vector<float> boxes(12, 0.0f);
  boxes[2] = -10.0f;
  std::vector<float> scores = {5.0f};
  auto d = decode_detections(boxes, scores, anchors, o);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->empty());
  std::vector<float> short_boxes(11, 0.0f);
  EXPECT_FALSE(decode_detections(short_boxes, scores, anchors, o));
  std::vector<float> two_scores = {1.0f, 2.0f};
  EXPECT_FALSE(decode_detections(boxes, two_scores, anchors, o));
  EXPECT_FALSE(decode_detections(boxes, scores, std::vector<Anchor>{}, o));
}

TEST(PosePipelineDetection, IntersectionOverUnion) {
  EXPECT_NEAR(box_iou(box(1, 0, 0, 1, 1), box(1, 0, 0, 1, 1)), 1.0f, kDetectionTol);
  EXPECT_NEAR(box_iou(box(1, 0, 0, 1, 1), box(1, 0.5f, 0, 1, 1)), 0.5f / 1.5f, kDetectionTol);
  EXPECT_EQ(box_iou(box(1, 0, 0, 1, 1), box(1, 2, 2, 1, 1)), 0.0f);
}

TEST(PosePipelineDetection, WeightedNmsAveragesOverlappingBoxes) {
  // Two boxes overlapping with IoU 0.6 (> 0.3) merge with weights 0.9 and 0.6; a distant box survives alone.
  std::vector<Detection> in = {box(0.6f, 0.1f, 0.0f, 0.4f, 0.4f, 0.2f),
                               box(0.9f, 0.0f, 0.0f, 0.4f, 0.4f, 0.0f),
                               box(0.7f, 0.6f, 0.6f, 0.3f, 0.3f, 0.7f)};
  auto out = weighted_nms(in, 0.3f);
  ASSERT_EQ(out.size(), 2u);
  const Detection& m = out[0];
  EXPECT_NEAR(m.score, 0.9f, kDetectionTol);  // the best score, not a mean
  EXPECT_NEAR(m.xmin, (0.9f * 0.0f + 0.6f * 0.1f) / 1.5f, kDetectionTol);
  EXPECT_NEAR(m.xmin + m.width, (0.9f * 0.4f + 0.6f * 0.5f) / 1.5f, kDetectionTol);
  EXPECT_NEAR(m.ymin, 0.0f, kDetectionTol);
  EXPECT_NEAR(m.height, 0.4f, kDetectionTol);
  EXPECT_NEAR(m.keypoints[0].x, (0.9f * 0.0f + 0.6f * 0.2f) / 1.5f, kDetectionTol);
  EXPECT_NEAR(m.keypoints[1].y, 0.25f, kDetectionTol);
  EXPECT_NEAR(out[1].score, 0.7f, kDetectionTol);
  EXPECT_NEAR(out[1].xmin, 0.6f, kDetectionTol);
}

TEST(PosePipelineDetection, WeightedNmsKeepsWeakOverlapSeparate) {
  // IoU 0.2 <= 0.3: no merge, sorted by score.
  std::vector<Detection> in = {box(0.5f, 0.0f, 0.0f, 1.0f, 1.0f), box(0.8f, 2.0f / 3.0f, 0.0f, 1.0f, 1.0f)};
  // IoU = (1/3) / (5/3) = 0.2.
  ASSERT_NEAR(box_iou(in[0], in[1]), 0.2f, kDetectionTol);
  auto out = weighted_nms(in, 0.3f);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NEAR(out[0].score, 0.8f, kDetectionTol);
  EXPECT_NEAR(out[0].xmin, 2.0f / 3.0f, kDetectionTol);
  EXPECT_TRUE(weighted_nms({}, 0.3f).empty());
}

TEST(PosePipelineDetection, LetterboxRemoval) {
  // A 224x224 tensor of a 2:1 landscape image: a quarter of the height is border above and below.
  std::vector<Detection> d = {box(1.0f, 0.5f, 0.25f, 0.2f, 0.25f, 0.5f)};
  remove_detection_letterbox(d, LetterboxPadding{0.0f, 0.25f, 0.0f, 0.25f});
  EXPECT_NEAR(d[0].xmin, 0.5f, kDetectionTol);
  EXPECT_NEAR(d[0].ymin, 0.0f, kDetectionTol);
  EXPECT_NEAR(d[0].height, 0.5f, kDetectionTol);
  EXPECT_NEAR(d[0].keypoints[0].y, 0.5f, kDetectionTol);  // (0.5 - 0.25) / 0.5
  EXPECT_NEAR(d[0].keypoints[1].y, 0.0f, kDetectionTol);
}

}  // namespace
}  // namespace physio::pose
