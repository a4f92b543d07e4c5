#pragma once
/// An exercise's figure as SVG: the start and end postures side by side (for the library, the program
/// page and the printed program), or one figure moving through a repetition (SMIL animation, no script,
/// so it plays inside an <img> under the pages' Content-Security-Policy).
///
/// Contract: figure_svg_frames / figure_svg_animation
///   in:  a FigureSpec, the exercise's name (for the SVG's <title>), the repetition's duration for the
///        animation (s)
///   out: a standalone SVG document (UTF-8), viewBox in centimetres of the picture, no external
///        references; the same strokes and tones as figure_drawing.

#include <string>
#include <string_view>

#include "illustrate/figure_spec.hpp"

namespace physio::illustrate {

std::string figure_svg_frames(const FigureSpec& spec, std::string_view exercise_name);
std::string figure_svg_animation(const FigureSpec& spec, std::string_view exercise_name, double repetition_s);

/// The colour of a tone, "#rrggbb" (shared with the printed figure).
std::string_view tone_colour(int tone);

}  // namespace physio::illustrate
