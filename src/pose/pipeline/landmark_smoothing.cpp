#include "pose/pipeline/landmark_smoothing.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace physio::pose {

OneEuroSettings pose_landmark_filter_settings() {
  OneEuroSettings s;
  s.min_cutoff_hz = 0.05;
  s.beta = 80.0;
  s.derivate_cutoff_hz = 1.0;
  return s;
}

OneEuroSettings pose_world_landmark_filter_settings() {
  OneEuroSettings s;
  s.min_cutoff_hz = 0.1;
  s.beta = 40.0;
  s.derivate_cutoff_hz = 1.0;
  s.disable_value_scaling = true;
  return s;
}

OneEuroSettings pose_aux_landmark_filter_settings() {
  OneEuroSettings s;
  s.min_cutoff_hz = 0.01;
  s.beta = 10.0;
  s.derivate_cutoff_hz = 1.0;
  return s;
}

ScaledOneEuroFilter::ScaledOneEuroFilter(const OneEuroSettings& settings)
    : settings_(settings), frequency_hz_(settings.frequency_hz) {}

double ScaledOneEuroFilter::alpha(double cutoff_hz) const {
  const double te = 1.0 / frequency_hz_;
  const double tau = 1.0 / (2.0 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau / te);
}

double ScaledOneEuroFilter::apply(TimeUs t_us, double value_scale, double value) {
  const std::int64_t t_ns = t_us * 1000;
  if (last_time_ns_ >= t_ns) return value;  // MediaPipe: unordered time, value passes unfiltered
  if (last_time_ns_ != 0 && t_ns != 0) {
    frequency_hz_ = 1.0 / (static_cast<double>(t_ns - last_time_ns_) * 1e-9);
  }
  last_time_ns_ = t_ns;

  const double dvalue = x_initialised_ ? (value - x_raw_) * value_scale * frequency_hz_ : 0.0;
  const double a_d = alpha(settings_.derivate_cutoff_hz);
  dx_stored_ = dx_initialised_ ? a_d * dvalue + (1.0 - a_d) * dx_stored_ : dvalue;
  dx_initialised_ = true;
  const double cutoff = settings_.min_cutoff_hz + settings_.beta * std::fabs(dx_stored_);
  const double a = alpha(cutoff);
  x_stored_ = x_initialised_ ? a * value + (1.0 - a) * x_stored_ : value;
  x_raw_ = value;
  x_initialised_ = true;
  return x_stored_;
}

void LandmarkSmoother::ensure(std::size_t n) {
  if (filters_.size() != 3 * n) filters_.assign(3 * n, ScaledOneEuroFilter(settings_));
}

void LandmarkSmoother::apply(std::span<NormalizedLandmark> landmarks, TimeUs t_us, int image_width,
                             int image_height, const std::optional<NormalizedRect>& object_scale_roi) {
  if (landmarks.empty() || image_width <= 0 || image_height <= 0) return;
  const auto w = static_cast<float>(image_width);
  const auto h = static_cast<float>(image_height);
  float value_scale = 1.0f;
  if (!settings_.disable_value_scaling) {
    float object_scale = 0.0f;
    if (object_scale_roi) {
      object_scale = (object_scale_roi->width * w + object_scale_roi->height * h) / 2.0f;
    } else {
      auto [xmin, xmax] = std::minmax_element(landmarks.begin(), landmarks.end(),
                                              [](const auto& a, const auto& b) { return a.x < b.x; });
      auto [ymin, ymax] = std::minmax_element(landmarks.begin(), landmarks.end(),
                                              [](const auto& a, const auto& b) { return a.y < b.y; });
      object_scale = ((xmax->x - xmin->x) * w + (ymax->y - ymin->y) * h) / 2.0f;
    }
    if (!(object_scale >= settings_.min_allowed_object_scale)) return;
    value_scale = 1.0f / object_scale;
  }
  ensure(landmarks.size());
  for (std::size_t i = 0; i < landmarks.size(); ++i) {
    NormalizedLandmark& l = landmarks[i];
    l.x = static_cast<float>(filters_[3 * i].apply(t_us, value_scale, l.x * w)) / w;
    l.y = static_cast<float>(filters_[3 * i + 1].apply(t_us, value_scale, l.y * h)) / h;
    l.z = static_cast<float>(filters_[3 * i + 2].apply(t_us, value_scale, l.z * w)) / w;
  }
}

void LandmarkSmoother::apply_world(std::span<WorldLandmark> landmarks, TimeUs t_us) {
  if (landmarks.empty()) return;
  ensure(landmarks.size());
  for (std::size_t i = 0; i < landmarks.size(); ++i) {
    WorldLandmark& l = landmarks[i];
    l.x_m = static_cast<float>(filters_[3 * i].apply(t_us, 1.0, l.x_m));
    l.y_m = static_cast<float>(filters_[3 * i + 1].apply(t_us, 1.0, l.y_m));
    l.z_m = static_cast<float>(filters_[3 * i + 2].apply(t_us, 1.0, l.z_m));
  }
}

float VisibilitySmoother::filter(std::size_t i, float v) {
  float& s = stored_[i];
  s = std::isnan(s) ? v : alpha_ * v + (1.0f - alpha_) * s;
  return s;
}

void VisibilitySmoother::apply(std::span<NormalizedLandmark> landmarks) {
  if (stored_.size() != landmarks.size()) stored_.assign(landmarks.size(), std::nanf(""));
  for (std::size_t i = 0; i < landmarks.size(); ++i)
    landmarks[i].visibility = filter(i, landmarks[i].visibility);
}

void VisibilitySmoother::apply_world(std::span<WorldLandmark> landmarks) {
  if (stored_.size() != landmarks.size()) stored_.assign(landmarks.size(), std::nanf(""));
  for (std::size_t i = 0; i < landmarks.size(); ++i)
    landmarks[i].visibility = filter(i, landmarks[i].visibility);
}

}  // namespace physio::pose
