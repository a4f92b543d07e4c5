#pragma once
/// From the landmark model's raw outputs to landmarks in the image: MediaPipe's
/// TensorsToLandmarksCalculator, RefineLandmarksFromHeatmapCalculator, LandmarkLetterboxRemoval,
/// LandmarkProjection and WorldLandmarkProjection as configured by pose_landmark_by_roi.
///
/// Stage contract
///   decode:    raw [n, 5] in crop pixels -> x / 256, y / 256, z / 256 (z scaled like x),
///              visibility = sigmoid(raw 3), presence = sigmoid(raw 4). // raw [n_landmarks * 5]
///   refine:    heatmap [h, w, n] (HWC, raw logits): for each landmark the 7x7 window (clipped at the
///              edges) around (int)(x * w), (int)(y * h) gives weights sigmoid(v); when the largest
///              weight is >= 0.5 the landmark becomes the weighted mean cell / size. Landmarks outside
///              the heatmap stay. MediaPipe checks the column twice and never the row for "outside";
///              we reproduce that (a row just below the map still refines with the rows it reaches).
///   letterbox: (x - left) / (1 - left - right), likewise y; z / (1 - left - right).
///   project:   rotate (x - 0.5, y - 0.5) by the ROI angle, scale by the ROI size, add the ROI centre;
///              z * ROI width.
///   world:     raw [n, 3] metres (hip-centred), x and y rotated by the ROI angle, z unchanged;
///              visibility and presence copied from the image landmarks.
///   errors:    kInvalidArgument for tensor sizes that do not match the landmark count.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "pose/pipeline/geometry.hpp"

namespace physio::pose {

/// BlazePose: 33 body landmarks then 6 auxiliary ones (33, 34: ROI alignment points).
inline constexpr int kPoseModelLandmarks = 39;
inline constexpr int kPoseBodyLandmarks = 33;
inline constexpr int kAuxCentreLandmark = 33;
inline constexpr int kAuxScaleLandmark = 34;

struct NormalizedLandmark {
  float x = 0.0f;  ///< normalised to the image (or crop) width
  float y = 0.0f;  ///< normalised to the height
  float z = 0.0f;  ///< depth, same scale as x (MediaPipe)
  float visibility = 0.0f;
  float presence = 0.0f;
};

struct WorldLandmark {
  float x_m = 0.0f;
  float y_m = 0.0f;
  float z_m = 0.0f;
  float visibility = 0.0f;
  float presence = 0.0f;
};

struct HeatmapRefineOptions {
  int kernel_size = 7;
  float min_confidence_to_refine = 0.5f;
};

/// Raw landmark tensor -> landmarks normalised to the crop. // raw [n_landmarks, 5]
Result<std::vector<NormalizedLandmark>> decode_landmarks(std::span<const float> raw, int n_landmarks,
                                                         int crop_width = 256, int crop_height = 256);

/// Heatmap refinement in place. // heatmap [height, width, landmarks.size()]
Status refine_landmarks_from_heatmap(std::span<NormalizedLandmark> landmarks, std::span<const float> heatmap,
                                     int height, int width, const HeatmapRefineOptions& options = {});

/// Undoes the crop's letterbox in place.
void remove_landmark_letterbox(std::span<NormalizedLandmark> landmarks, const LetterboxPadding& padding);

/// Crop-normalised landmarks -> image-normalised, in place.
void project_landmarks(std::span<NormalizedLandmark> landmarks, const NormalizedRect& roi);

/// World tensor -> world landmarks rotated by the ROI angle. // raw [n_landmarks, 3]
Result<std::vector<WorldLandmark>> decode_world_landmarks(std::span<const float> raw, int n_landmarks,
                                                          const NormalizedRect& roi);

float sigmoid(float x);

}  // namespace physio::pose
