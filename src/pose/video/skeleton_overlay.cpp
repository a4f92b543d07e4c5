#include "pose/video/skeleton_overlay.hpp"

#include <algorithm>
#include <cmath>

namespace physio::pose {
namespace {

enum class Side { kCentre, kLeft, kRight };

Side side_of(int index) {
  if (index == 0) return Side::kCentre;
  return index % 2 == 1 ? Side::kLeft : Side::kRight;
}

Rgb colour_of(Side side, const OverlayStyle& style) {
  switch (side) {
    case Side::kLeft:
      return style.left;
    case Side::kRight:
      return style.right;
    case Side::kCentre:
      break;
  }
  return style.centre;
}

}  // namespace

float overlay_opacity(float visibility, const OverlayStyle& style) {
  if (!std::isfinite(visibility)) return 0.0f;
  const float span = std::max(style.full_from_visibility - style.hide_below_visibility, 1e-6f);
  return std::clamp((visibility - style.hide_below_visibility) / span, 0.0f, 1.0f);
}

void draw_pose(Image& image, const PoseFrame& pose, const OverlayStyle& style) {
  if (!pose.found || image.empty()) return;
  const float w = static_cast<float>(image.width);
  const float h = static_cast<float>(image.height);
  const float line =
      style.line_width_px > 0.0f ? style.line_width_px : std::max(2.0f, std::min(w, h) / 250.0f);
  const float radius = style.joint_radius_px > 0.0f ? style.joint_radius_px : 1.5f * line;
  const auto& lm = pose.landmarks;

  for (const auto& [a, b] : kPoseConnections) {
    const auto& pa = lm[static_cast<std::size_t>(a)];
    const auto& pb = lm[static_cast<std::size_t>(b)];
    const float opacity =
        std::min(overlay_opacity(pa.visibility, style), overlay_opacity(pb.visibility, style));
    const Side sa = side_of(a), sb = side_of(b);
    const Rgb colour = sa == sb ? colour_of(sa, style) : style.centre;
    draw_line(image, pa.x * w, pa.y * h, pb.x * w, pb.y * h, line, colour, opacity);
  }
  for (std::size_t i = 0; i < lm.size(); ++i) {
    const float opacity = overlay_opacity(lm[i].visibility, style);
    const float x = lm[i].x * w, y = lm[i].y * h;
    draw_disc(image, x, y, radius + 1.0f, style.rim, 0.8f * opacity);
    draw_disc(image, x, y, radius, colour_of(side_of(static_cast<int>(i)), style), opacity);
  }
}

}  // namespace physio::pose
