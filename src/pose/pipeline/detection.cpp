#include "pose/pipeline/detection.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace physio::pose {

Result<std::vector<Detection>> decode_detections(std::span<const float> raw_boxes,
                                                 std::span<const float> raw_scores,
                                                 std::span<const Anchor> anchors,
                                                 const DetectionDecodeOptions& o) {
  if (o.num_boxes <= 0 || o.num_coords <= 0) {
    return fail(ErrorCode::kInvalidArgument, "detections: num_boxes {} and num_coords {} must be positive",
                o.num_boxes, o.num_coords);
  }
  const auto n = static_cast<std::size_t>(o.num_boxes);
  const auto coords = static_cast<std::size_t>(o.num_coords);
  if (raw_boxes.size() != n * coords) {
    return fail(ErrorCode::kInvalidArgument, "detections: box tensor holds {} values, expected {} x {}",
                raw_boxes.size(), n, coords);
  }
  if (raw_scores.size() != n) {
    return fail(ErrorCode::kInvalidArgument, "detections: score tensor holds {} values, expected {}",
                raw_scores.size(), n);
  }
  if (anchors.size() != n) {
    return fail(ErrorCode::kInvalidArgument, "detections: {} anchors for {} boxes", anchors.size(), n);
  }
  const int last_keypoint_value = o.keypoint_coord_offset + o.num_keypoints * o.num_values_per_keypoint;
  if (o.box_coord_offset < 0 || o.box_coord_offset + 4 > o.num_coords || o.keypoint_coord_offset < 0 ||
      o.num_keypoints < 0 || o.num_values_per_keypoint < 2 || last_keypoint_value > o.num_coords) {
    return fail(ErrorCode::kInvalidArgument, "detections: box/keypoint layout does not fit {} coordinates",
                o.num_coords);
  }

  std::vector<Detection> out;
  for (std::size_t i = 0; i < n; ++i) {
    float score = raw_scores[i];
    if (o.score_clipping_thresh > 0.0f) {
      score = std::clamp(score, -o.score_clipping_thresh, o.score_clipping_thresh);
    }
    if (o.sigmoid_score) score = 1.0f / (1.0f + std::exp(-score));
    if (!(score >= o.min_score_thresh)) continue;

    const float* row = raw_boxes.data() + i * coords;
    const float* box = row + o.box_coord_offset;
    const Anchor& a = anchors[i];
    float xc, yc, w, h;
    if (o.reverse_output_order) {
      xc = box[0];
      yc = box[1];
      w = box[2];
      h = box[3];
    } else {
      yc = box[0];
      xc = box[1];
      h = box[2];
      w = box[3];
    }
    xc = xc / o.x_scale * a.width + a.x_center;
    yc = yc / o.y_scale * a.height + a.y_center;
    h = h / o.h_scale * a.height;
    w = w / o.w_scale * a.width;

    Detection d;
    d.score = score;
    d.xmin = xc - w / 2.0f;
    d.ymin = yc - h / 2.0f;
    d.width = w;
    d.height = h;
    d.keypoints.resize(static_cast<std::size_t>(o.num_keypoints));
    for (int k = 0; k < o.num_keypoints; ++k) {
      const float* kp = row + o.keypoint_coord_offset + k * o.num_values_per_keypoint;
      float kx = o.reverse_output_order ? kp[0] : kp[1];
      float ky = o.reverse_output_order ? kp[1] : kp[0];
      d.keypoints[static_cast<std::size_t>(k)] = {kx / o.x_scale * a.width + a.x_center,
                                                  ky / o.y_scale * a.height + a.y_center};
    }
    // As MediaPipe: a box decoding to a negative or NaN size is dropped (downstream assumes >= 0).
    if (!(d.width >= 0.0f) || !(d.height >= 0.0f)) continue;
    out.push_back(std::move(d));
  }
  return out;
}

float box_iou(const Detection& a, const Detection& b) {
  const float ix0 = std::max(a.xmin, b.xmin);
  const float iy0 = std::max(a.ymin, b.ymin);
  const float ix1 = std::min(a.xmin + a.width, b.xmin + b.width);
  const float iy1 = std::min(a.ymin + a.height, b.ymin + b.height);
  if (ix1 < ix0 || iy1 < iy0) return 0.0f;
  const float inter = (ix1 - ix0) * (iy1 - iy0);
  const float uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0.0f ? inter / uni : 0.0f;
}

std::vector<Detection> weighted_nms(const std::vector<Detection>& detections,
                                    float min_suppression_threshold) {
  std::vector<std::size_t> remaining(detections.size());
  std::iota(remaining.begin(), remaining.end(), std::size_t{0});
  std::stable_sort(remaining.begin(), remaining.end(),
                   [&](std::size_t a, std::size_t b) { return detections[a].score > detections[b].score; });

  std::vector<Detection> out;
  std::vector<std::size_t> candidates;
  std::vector<std::size_t> rest;
  while (!remaining.empty()) {
    const Detection& best = detections[remaining.front()];
    candidates.clear();
    rest.clear();
    for (std::size_t idx : remaining) {
      if (box_iou(detections[idx], best) > min_suppression_threshold) {
        candidates.push_back(idx);
      } else {
        rest.push_back(idx);
      }
    }
    Detection merged = best;
    if (!candidates.empty()) {
      float total = 0.0f, xmin = 0.0f, ymin = 0.0f, xmax = 0.0f, ymax = 0.0f;
      std::vector<Point2f> kps(best.keypoints.size());
      for (std::size_t idx : candidates) {
        const Detection& c = detections[idx];
        const float s = c.score;
        total += s;
        xmin += c.xmin * s;
        ymin += c.ymin * s;
        xmax += (c.xmin + c.width) * s;
        ymax += (c.ymin + c.height) * s;
        for (std::size_t k = 0; k < kps.size() && k < c.keypoints.size(); ++k) {
          kps[k].x += c.keypoints[k].x * s;
          kps[k].y += c.keypoints[k].y * s;
        }
      }
      if (total > 0.0f) {
        merged.xmin = xmin / total;
        merged.ymin = ymin / total;
        merged.width = xmax / total - merged.xmin;
        merged.height = ymax / total - merged.ymin;
        for (std::size_t k = 0; k < kps.size(); ++k) {
          merged.keypoints[k] = {kps[k].x / total, kps[k].y / total};
        }
      }
    }
    out.push_back(std::move(merged));
    // A best box that overlaps nothing, not even itself (empty box), would loop forever.
    if (rest.size() == remaining.size()) break;
    remaining.swap(rest);
  }
  return out;
}

void remove_detection_letterbox(std::vector<Detection>& detections, const LetterboxPadding& p) {
  const float sx = 1.0f - p.left - p.right;
  const float sy = 1.0f - p.top - p.bottom;
  for (Detection& d : detections) {
    d.xmin = (d.xmin - p.left) / sx;
    d.ymin = (d.ymin - p.top) / sy;
    d.width /= sx;
    d.height /= sy;
    for (Point2f& k : d.keypoints) {
      k.x = (k.x - p.left) / sx;
      k.y = (k.y - p.top) / sy;
    }
  }
}

}  // namespace physio::pose
