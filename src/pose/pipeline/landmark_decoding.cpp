#include "pose/pipeline/landmark_decoding.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace physio::pose {

float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

Result<std::vector<NormalizedLandmark>> decode_landmarks(std::span<const float> raw, int n_landmarks,
                                                         int crop_width, int crop_height) {
  if (n_landmarks <= 0 || crop_width <= 0 || crop_height <= 0) {
    return fail(ErrorCode::kInvalidArgument, "landmarks: {} landmarks on a {}x{} crop", n_landmarks,
                crop_width, crop_height);
  }
  const auto n = static_cast<std::size_t>(n_landmarks);
  if (raw.size() != n * 5) {
    return fail(ErrorCode::kInvalidArgument, "landmark tensor holds {} values, expected {} x 5", raw.size(),
                n);
  }
  const auto w = static_cast<float>(crop_width);
  const auto h = static_cast<float>(crop_height);
  std::vector<NormalizedLandmark> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* r = raw.data() + 5 * i;
    out[i].x = r[0] / w;
    out[i].y = r[1] / h;
    out[i].z = r[2] / w;
    out[i].visibility = sigmoid(r[3]);
    out[i].presence = sigmoid(r[4]);
  }
  return out;
}

Status refine_landmarks_from_heatmap(std::span<NormalizedLandmark> landmarks, std::span<const float> heatmap,
                                     int height, int width, const HeatmapRefineOptions& options) {
  const auto channels = landmarks.size();
  if (height <= 0 || width <= 0 ||
      heatmap.size() != static_cast<std::size_t>(height) * static_cast<std::size_t>(width) * channels) {
    return fail(ErrorCode::kInvalidArgument, "heatmap holds {} values, expected {} x {} x {}", heatmap.size(),
                height, width, channels);
  }
  if (options.kernel_size <= 0) {
    return fail(ErrorCode::kInvalidArgument, "heatmap kernel size {} must be positive", options.kernel_size);
  }
  const int offset = (options.kernel_size - 1) / 2;
  const std::size_t row_size = static_cast<std::size_t>(width) * channels;
  for (std::size_t lm = 0; lm < channels; ++lm) {
    NormalizedLandmark& l = landmarks[lm];
    if (!std::isfinite(l.x) || !std::isfinite(l.y)) continue;
    // Truncation toward zero, as MediaPipe's implicit float -> int conversion.
    const float fc = l.x * static_cast<float>(width);
    const float fr = l.y * static_cast<float>(height);
    if (std::fabs(fc) > 1e6f || std::fabs(fr) > 1e6f) continue;
    const int centre_col = static_cast<int>(fc);
    const int centre_row = static_cast<int>(fr);
    if (centre_col < 0 || centre_col >= width || centre_row < 0) continue;
    const int begin_col = std::max(0, centre_col - offset);
    const int end_col = std::min(width, centre_col + offset + 1);
    const int begin_row = std::max(0, centre_row - offset);
    const int end_row = std::min(height, centre_row + offset + 1);
    float sum = 0.0f;
    float weighted_col = 0.0f;
    float weighted_row = 0.0f;
    float max_confidence = 0.0f;
    for (int row = begin_row; row < end_row; ++row) {
      for (int col = begin_col; col < end_col; ++col) {
        const std::size_t idx =
            row_size * static_cast<std::size_t>(row) + channels * static_cast<std::size_t>(col) + lm;
        const float confidence = sigmoid(heatmap[idx]);
        sum += confidence;
        max_confidence = std::max(max_confidence, confidence);
        weighted_col += static_cast<float>(col) * confidence;
        weighted_row += static_cast<float>(row) * confidence;
      }
    }
    if (max_confidence >= options.min_confidence_to_refine && sum > 0.0f) {
      l.x = weighted_col / static_cast<float>(width) / sum;
      l.y = weighted_row / static_cast<float>(height) / sum;
    }
  }
  return ok();
}

void remove_landmark_letterbox(std::span<NormalizedLandmark> landmarks, const LetterboxPadding& p) {
  const float sx = 1.0f - p.left - p.right;
  const float sy = 1.0f - p.top - p.bottom;
  for (NormalizedLandmark& l : landmarks) {
    l.x = (l.x - p.left) / sx;
    l.y = (l.y - p.top) / sy;
    l.z = l.z / sx;
  }
}

void project_landmarks(std::span<NormalizedLandmark> landmarks, const NormalizedRect& roi) {
  const float c = std::cos(roi.rotation_rad);
  const float s = std::sin(roi.rotation_rad);
  for (NormalizedLandmark& l : landmarks) {
    const float x = l.x - 0.5f;
    const float y = l.y - 0.5f;
    const float nx = c * x - s * y;
    const float ny = s * x + c * y;
    l.x = nx * roi.width + roi.x_center;
    l.y = ny * roi.height + roi.y_center;
    l.z = l.z * roi.width;
  }
}

Result<std::vector<WorldLandmark>> decode_world_landmarks(std::span<const float> raw, int n_landmarks,
                                                          const NormalizedRect& roi) {
  if (n_landmarks <= 0 || raw.size() != static_cast<std::size_t>(n_landmarks) * 3) {
    return fail(ErrorCode::kInvalidArgument, "world landmark tensor holds {} values, expected {} x 3",
                raw.size(), n_landmarks);
  }
  const float c = std::cos(roi.rotation_rad);
  const float s = std::sin(roi.rotation_rad);
  std::vector<WorldLandmark> out(static_cast<std::size_t>(n_landmarks));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const float x = raw[3 * i];
    const float y = raw[3 * i + 1];
    out[i].x_m = c * x - s * y;
    out[i].y_m = s * x + c * y;
    out[i].z_m = raw[3 * i + 2];
  }
  return out;
}

}  // namespace physio::pose
