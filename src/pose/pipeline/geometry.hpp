#pragma once
/// Small geometric types shared by the pipeline stages (MediaPipe's NormalizedRect and letterbox padding).

#include <cmath>
#include <numbers>

namespace physio::pose {

/// A rotated rectangle in normalised image coordinates (x by width, y by height, y down). `rotation_rad`
/// turns the rectangle about its centre clockwise on screen (from +x towards +y, as MediaPipe).
struct NormalizedRect {
  float x_center = 0.5f;
  float y_center = 0.5f;
  float width = 1.0f;
  float height = 1.0f;
  float rotation_rad = 0.0f;
};

/// Fractions of the output tensor taken by letterbox borders (MediaPipe's LETTERBOX_PADDING order).
struct LetterboxPadding {
  float left = 0.0f;
  float top = 0.0f;
  float right = 0.0f;
  float bottom = 0.0f;
};

/// A 2D point in normalised image coordinates.
struct Point2f {
  float x = 0.0f;
  float y = 0.0f;
};

/// The angle wrapped into [-pi, pi), as MediaPipe's NormalizeRadians.
inline float normalize_radians(float angle_rad) {
  constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;
  return angle_rad - kTwoPi * std::floor((angle_rad + std::numbers::pi_v<float>) / kTwoPi);
}

}  // namespace physio::pose
