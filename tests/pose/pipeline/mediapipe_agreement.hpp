#pragma once
/// What the tests of agreement with MediaPipe's own runtime share: the bounds of agreement (those of the
/// issue and the reference's SOURCE.md) and the inference backend they run.

#include <cstdlib>
#include <string>

#include "pose/inference.hpp"

namespace physio::pose::agreement {

/// Image landmarks MediaPipe calls visible, normalised image units.
inline constexpr double kVisibleTolNorm = 0.005;
/// World landmarks, metres.
inline constexpr double kWorldTolM = 0.02;
/// Visibility.
inline constexpr double kVisibilityTol = 0.03;
/// A landmark is "visible" when MediaPipe's own visibility says so.
inline constexpr double kVisibleThreshold = 0.5;

/// create_inference's kAuto (XNNPACK when built in); PHYSIO_POSE_BACKEND=reference|xnnpack overrides it.
inline BackendKind requested_backend() {
  const char* env = std::getenv("PHYSIO_POSE_BACKEND");
  const std::string b = env != nullptr ? env : "";
  if (b == "reference") return BackendKind::kReference;
  if (b == "xnnpack") return BackendKind::kXnnpack;
  return BackendKind::kAuto;
}

}  // namespace physio::pose::agreement
