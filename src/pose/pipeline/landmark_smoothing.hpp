#pragma once
/// Temporal smoothing of pose landmarks as MediaPipe's PoseLandmarkFiltering does it: a One Euro filter
/// per coordinate whose speed term is divided by the object's size (so the same motion relative to the
/// body smooths the same at any distance), and an exponential low-pass on visibility.
///
/// Why not dsp::OneEuroFilter: MediaPipe's variant scales the speed by 1 / object scale, a scale that
/// changes every frame, and has its own first-sample and timestamp rules; reproducing its output needs
/// its exact arithmetic. Both follow Casiez et al. (CHI 2012).
///
/// Stage contract
///   ScaledOneEuroFilter::apply(t_us, value_scale, value):
///     first call at t: returns value (MediaPipe also returns value, unfiltered, when t <= previous t).
///     dt from consecutive timestamps (frequency 30 Hz until two timestamps are known);
///     speed = (value - previous raw value) * value_scale / dt, low-passed with alpha(derivate_cutoff);
///     cutoff = min_cutoff + beta |speed|; output = low-pass(value, alpha(cutoff)),
///     alpha(fc) = 1 / (1 + (1 / (2 pi fc)) / dt).
///   LandmarkSmoother::apply: landmarks in image-normalised units are filtered in pixels (x * W, y * H,
///     z * W); value_scale = 1 / object scale, the object scale being the mean side in pixels of the ROI
///     given (MediaPipe passes the ROI of the auxiliary landmarks), or of the landmarks' bounding box.
///     An object scale under 1e-6 returns the landmarks unchanged.
///   VisibilitySmoother: v = alpha * new + (1 - alpha) * previous (alpha 0.1), first value unchanged.
///   reset(): forget the history (MediaPipe resets when a frame has no pose).
///   Parameters (pose_landmark_filtering.pbtxt): landmarks min_cutoff 0.05, beta 80, derivate_cutoff 1;
///   world landmarks 0.1, 40, 1 without value scaling (metres); auxiliary (ROI) landmarks 0.01, 10, 1.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/time.hpp"
#include "pose/pipeline/geometry.hpp"
#include "pose/pipeline/landmark_decoding.hpp"

namespace physio::pose {

struct OneEuroSettings {
  double frequency_hz = 30.0;  ///< used until two timestamps give the real rate
  double min_cutoff_hz = 1.0;
  double beta = 0.0;
  double derivate_cutoff_hz = 1.0;
  bool disable_value_scaling = false;
  double min_allowed_object_scale = 1e-6;
};

/// pose_landmark_filtering.pbtxt values.
OneEuroSettings pose_landmark_filter_settings();
OneEuroSettings pose_world_landmark_filter_settings();
OneEuroSettings pose_aux_landmark_filter_settings();
inline constexpr float kPoseVisibilityAlpha = 0.1f;

class ScaledOneEuroFilter {
 public:
  explicit ScaledOneEuroFilter(const OneEuroSettings& settings = {});
  double apply(TimeUs t_us, double value_scale, double value);

 private:
  double alpha(double cutoff_hz) const;
  OneEuroSettings settings_;
  double frequency_hz_;
  std::int64_t last_time_ns_ = 0;
  bool x_initialised_ = false;
  double x_raw_ = 0.0;
  double x_stored_ = 0.0;
  bool dx_initialised_ = false;
  double dx_stored_ = 0.0;
};

/// One filter per landmark coordinate.
class LandmarkSmoother {
 public:
  explicit LandmarkSmoother(const OneEuroSettings& settings) : settings_(settings) {}
  /// Filters image-normalised landmarks in place; `object_scale_roi` as MediaPipe's OBJECT_SCALE_ROI.
  void apply(std::span<NormalizedLandmark> landmarks, TimeUs t_us, int image_width, int image_height,
             const std::optional<NormalizedRect>& object_scale_roi);
  /// Filters world landmarks (metres) in place.
  void apply_world(std::span<WorldLandmark> landmarks, TimeUs t_us);
  void reset() { filters_.clear(); }

 private:
  void ensure(std::size_t n);
  OneEuroSettings settings_;
  std::vector<ScaledOneEuroFilter> filters_;  // [n_landmarks, 3]
};

class VisibilitySmoother {
 public:
  explicit VisibilitySmoother(float alpha = kPoseVisibilityAlpha) : alpha_(alpha) {}
  void apply(std::span<NormalizedLandmark> landmarks);
  void apply_world(std::span<WorldLandmark> landmarks);
  void reset() { stored_.clear(); }

 private:
  float filter(std::size_t i, float v);
  float alpha_;
  std::vector<float> stored_;
};

}  // namespace physio::pose
