#pragma once
/// A figure as lines to draw: the same strokes make the web's SVG and the printed program's vector
/// figure, so both show one style.
///
/// Contract: figure_drawing
///   in:  a FigureSpec, a pose (one of its postures or between them), the height
///   out: Drawing: strokes (body segments, props, floor) in metres of the picture plane (x right, y up),
///        each with a tone: the far side's limbs lighter, the segments the exercise moves (their joint's
///        angle differs between the start and end postures by more than 5 deg) in the accent tone; the
///        head as a circle; drawn in order (far side, trunk, near side, head).
///        Side view: the person faces right, the camera on their right (the right side is near).
///        Front view: the person faces the viewer (their left on the picture's right).
///
/// Contract: drawing_bounds: the box that holds every drawing of a spec's movement (start, end and the
///   way between), so that frames and animations share one scale.

#include <vector>

#include "illustrate/figure_spec.hpp"

namespace physio::illustrate {

enum class Tone : std::uint8_t { kFar, kNear, kMoving, kProp, kFloor };

struct Stroke {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  Tone tone = Tone::kNear;
  double width = 1.0;  ///< relative to the body stroke (1), props and floor thinner
};

struct Drawing {
  std::vector<Stroke> strokes;
  double head_x = 0, head_y = 0, head_r = 0;
};

struct Bounds {
  double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
};

Drawing figure_drawing(const FigureSpec& spec, const kin::FigurePose& pose, double height_m = 1.70);
Bounds drawing_bounds(const FigureSpec& spec, double height_m = 1.70);

}  // namespace physio::illustrate
