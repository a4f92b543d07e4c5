#pragma once
/// Regions of interest for the landmark model: MediaPipe's AlignmentPointsRectsCalculator (a square
/// centred on one alignment point, reaching twice the distance to the other, rotated so that the
/// vector between them points up) and RectTransformationCalculator (scale, square_long).
///
/// Stage contract
///   input:   two alignment points in normalised image coordinates and the image size in pixels.
///   output:  a NormalizedRect. From the detector: keypoints 0 (hip centre) and 1 (full-body scale
///            point); from tracking: auxiliary landmarks 33 and 34 (same meaning). The rotation is
///            normalize_radians(target - atan2(-(y1 - y0), x1 - x0)) in pixels with target 90 degrees;
///            the rectangle is then squared on its long side (in pixels) and scaled by 1.25.
///   errors:  none (pure maths); a zero image size gives a zero rectangle.

#include "pose/pipeline/detection.hpp"
#include "pose/pipeline/geometry.hpp"

namespace physio::pose {

struct RectTransformOptions {
  float scale_x = 1.25f;
  float scale_y = 1.25f;
  float shift_x = 0.0f;
  float shift_y = 0.0f;
  bool square_long = true;
  bool square_short = false;
};

/// The rotated square of the alignment points start (centre) and end (scale and direction).
NormalizedRect alignment_points_to_rect(Point2f start, Point2f end, int image_width, int image_height,
                                        float target_angle_deg = 90.0f);

/// RectTransformationCalculator on a normalised rectangle.
NormalizedRect transform_rect(const NormalizedRect& rect, int image_width, int image_height,
                              const RectTransformOptions& options = {});

/// pose_detection_to_roi: keypoints 0 and 1 of the detection -> square x1.25.
/// Errors: kMissingData when the detection has fewer than 2 keypoints.
Result<NormalizedRect> roi_from_detection(const Detection& detection, int image_width, int image_height);

/// pose_landmarks_to_roi: auxiliary landmarks 33 (centre) and 34 (scale) -> square x1.25.
NormalizedRect roi_from_alignment_landmarks(Point2f aux_centre, Point2f aux_scale, int image_width,
                                            int image_height);

}  // namespace physio::pose
