#pragma once
/// An exercise's figure drawn into a PDF page as vectors (the same strokes and colours as the web's SVG,
/// illustrate/figure_drawing.hpp): the start posture and the posture the movement reaches side by side,
/// each labelled, inside a box. Internal to the print module (it needs libharu's types).

#include <hpdf.h>

#include "illustrate/figure_spec.hpp"

namespace physio::print {

/// Draws `spec` into the box whose lower left corner is (x, y), `w` x `h` points; the labels ("1 Start",
/// "2 Move to") take the box's lowest 12 points, in `font`.
void draw_figure(HPDF_Page page, HPDF_Font font, const illustrate::FigureSpec& spec, float x, float y,
                 float w, float h);

}  // namespace physio::print
