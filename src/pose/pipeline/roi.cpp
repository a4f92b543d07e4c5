#include "pose/pipeline/roi.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace physio::pose {

NormalizedRect alignment_points_to_rect(Point2f start, Point2f end, int image_width, int image_height,
                                        float target_angle_deg) {
  const auto w = static_cast<float>(image_width);
  const auto h = static_cast<float>(image_height);
  NormalizedRect rect;
  if (image_width <= 0 || image_height <= 0) {
    rect.width = rect.height = 0.0f;
    return rect;
  }
  const float x0 = start.x * w;
  const float y0 = start.y * h;
  const float x1 = end.x * w;
  const float y1 = end.y * h;
  const float box_size = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) * 2.0f;
  rect.x_center = x0 / w;
  rect.y_center = y0 / h;
  rect.width = box_size / w;
  rect.height = box_size / h;
  const float target_rad = target_angle_deg * std::numbers::pi_v<float> / 180.0f;
  rect.rotation_rad = normalize_radians(target_rad - std::atan2(-(y1 - y0), x1 - x0));
  return rect;
}

NormalizedRect transform_rect(const NormalizedRect& rect, int image_width, int image_height,
                              const RectTransformOptions& o) {
  const auto iw = static_cast<float>(image_width);
  const auto ih = static_cast<float>(image_height);
  NormalizedRect out = rect;
  float width = rect.width;
  float height = rect.height;
  const float rotation = rect.rotation_rad;
  if (o.shift_x != 0.0f || o.shift_y != 0.0f) {
    float dx, dy;
    if (rotation == 0.0f) {
      dx = width * o.shift_x;
      dy = height * o.shift_y;
    } else {
      // Shifts along the rotated axes, computed in pixels.
      const float px =
          (iw * width * o.shift_x * std::cos(rotation) - ih * height * o.shift_y * std::sin(rotation));
      const float py =
          (iw * width * o.shift_x * std::sin(rotation) + ih * height * o.shift_y * std::cos(rotation));
      dx = px / iw;
      dy = py / ih;
    }
    out.x_center = rect.x_center + dx;
    out.y_center = rect.y_center + dy;
  }
  if (o.square_long) {
    const float long_side = std::max(width * iw, height * ih);
    width = long_side / iw;
    height = long_side / ih;
  } else if (o.square_short) {
    const float short_side = std::min(width * iw, height * ih);
    width = short_side / iw;
    height = short_side / ih;
  }
  out.width = width * o.scale_x;
  out.height = height * o.scale_y;
  return out;
}

Result<NormalizedRect> roi_from_detection(const Detection& detection, int image_width, int image_height) {
  if (detection.keypoints.size() < 2) {
    return fail(ErrorCode::kMissingData, "pose detection has {} keypoints; the ROI needs keypoints 0 and 1",
                detection.keypoints.size());
  }
  const NormalizedRect aligned =
      alignment_points_to_rect(detection.keypoints[0], detection.keypoints[1], image_width, image_height);
  return transform_rect(aligned, image_width, image_height);
}

NormalizedRect roi_from_alignment_landmarks(Point2f aux_centre, Point2f aux_scale, int image_width,
                                            int image_height) {
  const NormalizedRect aligned = alignment_points_to_rect(aux_centre, aux_scale, image_width, image_height);
  return transform_rect(aligned, image_width, image_height);
}

}  // namespace physio::pose
