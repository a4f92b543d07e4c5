#include "pose/video/draw.hpp"

#include <algorithm>
#include <cmath>

namespace physio::pose {
namespace {

void blend(std::uint8_t* px, Rgb c, float a) {
  const auto mix = [a](std::uint8_t dst, std::uint8_t src) {
    const float v = static_cast<float>(dst) + (static_cast<float>(src) - static_cast<float>(dst)) * a;
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  };
  px[0] = mix(px[0], c.r);
  px[1] = mix(px[1], c.g);
  px[2] = mix(px[2], c.b);
}

// Fills the capsule of radius r around segment (x0, y0)-(x1, y1) (a disc when the ends coincide).
void fill_capsule(Image& image, float x0, float y0, float x1, float y1, float r, Rgb colour, float opacity) {
  if (image.empty() || !(r > 0.0f) || !(opacity > 0.0f)) return;
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1) ||
      !std::isfinite(r))
    return;
  opacity = std::min(opacity, 1.0f);
  const float reach = r + 1.0f;
  const float fx_lo = std::min(x0, x1) - reach, fx_hi = std::max(x0, x1) + reach;
  const float fy_lo = std::min(y0, y1) - reach, fy_hi = std::max(y0, y1) + reach;
  if (fx_hi < 0.0f || fy_hi < 0.0f || fx_lo > static_cast<float>(image.width) ||
      fy_lo > static_cast<float>(image.height))
    return;
  const int xa = std::max(0, static_cast<int>(std::floor(fx_lo)));
  const int xb = std::min(image.width - 1, static_cast<int>(std::ceil(fx_hi)));
  const int ya = std::max(0, static_cast<int>(std::floor(fy_lo)));
  const int yb = std::min(image.height - 1, static_cast<int>(std::ceil(fy_hi)));
  const float dx = x1 - x0, dy = y1 - y0;
  const float len2 = dx * dx + dy * dy;
  for (int y = ya; y <= yb; ++y) {
    std::uint8_t* row = image.row(y);
    const float py = static_cast<float>(y) + 0.5f;
    for (int x = xa; x <= xb; ++x) {
      const float px = static_cast<float>(x) + 0.5f;
      float t = len2 > 0.0f ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0.0f;
      t = std::clamp(t, 0.0f, 1.0f);
      const float ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
      const float d = std::sqrt(ex * ex + ey * ey);
      const float coverage = std::clamp(r + 0.5f - d, 0.0f, 1.0f);
      if (coverage > 0.0f) blend(row + 3 * static_cast<std::size_t>(x), colour, coverage * opacity);
    }
  }
}

}  // namespace

void draw_disc(Image& image, float cx, float cy, float radius_px, Rgb colour, float opacity) {
  fill_capsule(image, cx, cy, cx, cy, radius_px, colour, opacity);
}

void draw_line(Image& image, float x0, float y0, float x1, float y1, float width_px, Rgb colour,
               float opacity) {
  fill_capsule(image, x0, y0, x1, y1, 0.5f * width_px, colour, opacity);
}

}  // namespace physio::pose
