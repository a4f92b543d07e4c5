#include "illustrate/figure_svg.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/markup.hpp"
#include "illustrate/figure_drawing.hpp"
#include "illustrate/figure_motion.hpp"

namespace physio::illustrate {
namespace {

constexpr double kHeight = 1.70;
constexpr double kBodyStroke = 4.2;  // cm in the picture: a limb's drawn width
constexpr int kAnimationSteps = 24;

struct Place {  // metres -> picture centimetres, y down
  Bounds b;
  double dx = 0;
  double X(double x) const { return dx + (x - b.min_x) * 100.0; }
  double Y(double y) const { return (b.max_y - y) * 100.0; }
};

std::string stroke_attrs(const Stroke& s) {
  return fmt::format(R"(stroke="{}" stroke-width="{:.1f}")", tone_colour(static_cast<int>(s.tone)),
                     kBodyStroke * s.width);
}

std::string draw(const Drawing& d, const Place& p) {
  std::string out;
  for (const Stroke& s : d.strokes)
    out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" {}/>)", p.X(s.x1), p.Y(s.y1),
                       p.X(s.x2), p.Y(s.y2), stroke_attrs(s));
  out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}"/>)", p.X(d.head_x),
                     p.Y(d.head_y), d.head_r * 100.0, tone_colour(static_cast<int>(Tone::kNear)));
  return out;
}

std::string open_svg(double width, double height, std::string_view title, std::string_view desc) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0f} {:.0f}" role="img" aria-labelledby="t d">)"
      R"(<title id="t">{}</title><desc id="d">{}</desc>)"
      R"(<g fill="none" stroke-linecap="round" stroke-linejoin="round">)",
      width, height, escape_markup(title, MarkupText::kXhtml), escape_markup(desc, MarkupText::kXhtml));
}

}  // namespace

std::string_view tone_colour(int tone) {
  switch (static_cast<Tone>(tone)) {
    case Tone::kFar:
      return "#9aa5b1";
    case Tone::kNear:
      return "#243b53";
    case Tone::kMoving:
      return "#0b7a75";
    case Tone::kProp:
      return "#a27b5c";
    case Tone::kFloor:
      return "#bcccdc";
  }
  return "#243b53";
}

std::string figure_svg_frames(const FigureSpec& spec, std::string_view name) {
  const Bounds b = drawing_bounds(spec, kHeight);
  const double panel_w = (b.max_x - b.min_x) * 100.0, panel_h = (b.max_y - b.min_y) * 100.0;
  const double gap = 12.0, label_h = 16.0;
  const double width = 2 * panel_w + gap, height = panel_h + label_h;
  std::string out =
      open_svg(width, height, fmt::format("{}: start and end positions", name),
               "The starting position on the left, the position the movement reaches on the right; "
               "the parts that move are in green.");
  const Place left{b, 0.0}, right{b, panel_w + gap};
  out += draw(figure_drawing(spec, spec.start, kHeight), left);
  out += draw(figure_drawing(spec, spec.end, kHeight), right);
  out += "</g>";
  const double ly = panel_h + label_h - 3.0;
  out += fmt::format(
      R"(<g font-family="sans-serif" font-size="12" fill="#243b53" text-anchor="middle">)"
      R"(<text x="{:.1f}" y="{:.1f}">1 Start</text><text x="{:.1f}" y="{:.1f}">2 Move to</text></g>)",
      panel_w / 2, ly, panel_w + gap + panel_w / 2, ly);
  out += "</svg>\n";
  return out;
}

std::string figure_svg_animation(const FigureSpec& spec, std::string_view name, double repetition_s) {
  const Bounds b = drawing_bounds(spec, kHeight);
  const Place p{b, 0.0};
  const double width = (b.max_x - b.min_x) * 100.0, height = (b.max_y - b.min_y) * 100.0;
  std::vector<Drawing> frames;
  for (int i = 0; i <= kAnimationSteps; ++i)
    frames.push_back(
        figure_drawing(spec, figure_pose_at(spec, static_cast<double>(i) / kAnimationSteps), kHeight));
  std::string out =
      open_svg(width, height, fmt::format("{}: the movement", name),
               "One repetition from the starting position and back, repeated; the parts that move are "
               "in green.");
  const double dur = std::clamp(repetition_s, 1.0, 20.0);
  auto values = [&](auto get) {
    std::string v;
    for (const Drawing& d : frames) v += fmt::format("{}{:.1f}", v.empty() ? "" : ";", get(d));
    return v;
  };
  auto anim = [&](std::string_view attr, const std::string& vals) {
    return fmt::format(R"(<animate attributeName="{}" values="{}" dur="{:.2f}s" repeatCount="indefinite"/>)",
                       attr, vals, dur);
  };
  const Drawing& first = frames.front();
  for (std::size_t k = 0; k < first.strokes.size(); ++k) {
    const Stroke& s = first.strokes[k];
    out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" {}>)", p.X(s.x1), p.Y(s.y1),
                       p.X(s.x2), p.Y(s.y2), stroke_attrs(s));
    out += anim("x1", values([&](const Drawing& d) { return p.X(d.strokes[k].x1); }));
    out += anim("y1", values([&](const Drawing& d) { return p.Y(d.strokes[k].y1); }));
    out += anim("x2", values([&](const Drawing& d) { return p.X(d.strokes[k].x2); }));
    out += anim("y2", values([&](const Drawing& d) { return p.Y(d.strokes[k].y2); }));
    out += "</line>";
  }
  out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}">)", p.X(first.head_x),
                     p.Y(first.head_y), first.head_r * 100.0, tone_colour(static_cast<int>(Tone::kNear)));
  out += anim("cx", values([&](const Drawing& d) { return p.X(d.head_x); }));
  out += anim("cy", values([&](const Drawing& d) { return p.Y(d.head_y); }));
  out += "</circle></g></svg>\n";
  return out;
}

}  // namespace physio::illustrate
