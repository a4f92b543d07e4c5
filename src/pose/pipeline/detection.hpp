#pragma once
/// Pose detections: decoding the detector's raw tensors (MediaPipe's TensorsToDetectionsCalculator),
/// weighted non-maximum suppression (NonMaxSuppressionCalculator, WEIGHTED) and letterbox removal
/// (DetectionLetterboxRemovalCalculator).
///
/// Stage contract
///   decode:  raw_boxes [num_boxes, num_coords] and raw_scores [num_boxes] (one class) with the anchors.
///            With reverse_output_order a row is (x_centre, y_centre, w, h, kp0x, kp0y, ...), in tensor
///            pixels: x = raw / x_scale * anchor.w + anchor.x (likewise y, w, h and keypoints). The
///            score is sigmoid(clamp(raw, -clip, clip)); rows under min_score are dropped. Output boxes
///            and keypoints are normalised to the (letterboxed) detector input.
///   nms:     detections sorted by score; the best one absorbs every remaining detection whose IoU
///            with it exceeds the threshold (itself included); its box and keypoints become the
///            score-weighted means of those, its score stays the best score. Repeats on the rest.
///   letterbox: maps coordinates from the letterboxed tensor back to the original image.
///   errors:  decode fails with kInvalidArgument when tensor sizes disagree with the options/anchors.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "pose/pipeline/anchors.hpp"
#include "pose/pipeline/geometry.hpp"

namespace physio::pose {

struct Detection {
  float score = 0.0f;
  /// Relative bounding box (normalised).
  float xmin = 0.0f;
  float ymin = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
  /// Relative keypoints; for BlazePose: 0 hip centre, 1 a point giving scale and rotation of the full
  /// body circle, 2 shoulder centre, 3 a point on the upper-body circle.
  std::vector<Point2f> keypoints;
};

struct DetectionDecodeOptions {
  int num_boxes = 2254;
  int num_coords = 12;
  int box_coord_offset = 0;
  int keypoint_coord_offset = 4;
  int num_keypoints = 4;
  int num_values_per_keypoint = 2;
  bool reverse_output_order = true;
  float x_scale = 224.0f;
  float y_scale = 224.0f;
  float w_scale = 224.0f;
  float h_scale = 224.0f;
  bool sigmoid_score = true;
  float score_clipping_thresh = 100.0f;
  /// Minimum detection confidence (MediaPipe Pose's min_detection_confidence, default 0.5).
  float min_score_thresh = 0.5f;
};

/// Decodes every anchor whose score reaches the threshold. // raw_boxes [num_boxes, num_coords]
Result<std::vector<Detection>> decode_detections(std::span<const float> raw_boxes,
                                                 std::span<const float> raw_scores,
                                                 std::span<const Anchor> anchors,
                                                 const DetectionDecodeOptions& options = {});

/// Intersection over union of two boxes (0 when they do not overlap or both are empty).
float box_iou(const Detection& a, const Detection& b);

/// MediaPipe's weighted NMS (pose detection: IoU threshold 0.3); best first.
std::vector<Detection> weighted_nms(const std::vector<Detection>& detections,
                                    float min_suppression_threshold = 0.3f);

/// Undoes the letterbox of the detector input in place.
void remove_detection_letterbox(std::vector<Detection>& detections, const LetterboxPadding& padding);

}  // namespace physio::pose
