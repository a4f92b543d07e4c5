#pragma once
/// Anti-aliased drawing on RGB8 images: filled discs and thick line segments with round ends.
///
/// Contract
///   coordinates: continuous pixel units; pixel (i, j) covers [i, i+1) x [j, j+1), its centre is
///                (i + 0.5, j + 0.5). A normalised landmark (x, y) is at (x * width, y * height).
///   coverage:    per pixel, clamp(r + 0.5 - d, 0, 1) with d the distance from the pixel centre to the
///                shape's core (the centre point, or the segment) and r the radius (half the line width):
///                a one-pixel linear ramp across the edge (a box filter along the edge normal).
///   blending:    dst += (colour - dst) * coverage * opacity, per channel, rounded.
///   clipping:    shapes partly or wholly outside the image touch only pixels inside it; non-finite
///                coordinates, radius <= 0 or opacity <= 0 draw nothing.

#include <cstdint>

#include "pose/pipeline/image.hpp"

namespace physio::pose {

struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
};

void draw_disc(Image& image, float cx, float cy, float radius_px, Rgb colour, float opacity = 1.0f);

void draw_line(Image& image, float x0, float y0, float x1, float y1, float width_px, Rgb colour,
               float opacity = 1.0f);

}  // namespace physio::pose
