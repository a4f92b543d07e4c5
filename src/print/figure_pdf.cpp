#include "print/figure_pdf.hpp"

#include <algorithm>
#include <string>

#include "illustrate/figure_drawing.hpp"
#include "illustrate/figure_svg.hpp"

namespace physio::print {
namespace {

constexpr double kHeight = 1.70;
constexpr float kLabel = 12.0F;
constexpr float kGap = 8.0F;

struct Rgb {
  float r, g, b;
};

Rgb rgb(std::string_view hex) {  // "#rrggbb"
  auto byte = [&](std::size_t i) {
    return static_cast<float>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)) / 255.0F;
  };
  return {byte(1), byte(3), byte(5)};
}

void panel(HPDF_Page page, const illustrate::Drawing& d, const illustrate::Bounds& b, float x, float y,
           float scale, float stroke) {
  auto X = [&](double v) { return x + static_cast<float>((v - b.min_x) * scale); };
  auto Y = [&](double v) { return y + static_cast<float>((v - b.min_y) * scale); };
  HPDF_Page_SetLineCap(page, HPDF_ROUND_END);
  HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
  for (const auto& s : d.strokes) {
    const Rgb c = rgb(illustrate::tone_colour(static_cast<int>(s.tone)));
    HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(page, stroke * static_cast<float>(s.width));
    HPDF_Page_MoveTo(page, X(s.x1), Y(s.y1));
    HPDF_Page_LineTo(page, X(s.x2), Y(s.y2));
    HPDF_Page_Stroke(page);
  }
  const Rgb head = rgb(illustrate::tone_colour(static_cast<int>(illustrate::Tone::kNear)));
  HPDF_Page_SetRGBFill(page, head.r, head.g, head.b);
  HPDF_Page_Circle(page, X(d.head_x), Y(d.head_y), static_cast<float>(d.head_r * scale));
  HPDF_Page_Fill(page);
}

}  // namespace

void draw_figure(HPDF_Page page, HPDF_Font font, const illustrate::FigureSpec& spec, float x, float y,
                 float w, float h) {
  const illustrate::Bounds b = illustrate::drawing_bounds(spec, kHeight);
  const float panel_w = (w - kGap) / 2, panel_h = h - kLabel;
  const float scale = std::min(panel_w / static_cast<float>(b.max_x - b.min_x),
                               panel_h / static_cast<float>(b.max_y - b.min_y));
  const float used_w = static_cast<float>(b.max_x - b.min_x) * scale;
  const float stroke = 0.042F * scale;  // a limb's width, as in the SVG (4.2 cm at the picture's scale)
  const float fy = y + kLabel;
  HPDF_Page_GSave(page);
  panel(page, illustrate::figure_drawing(spec, spec.start, kHeight), b, x + (panel_w - used_w) / 2, fy, scale,
        stroke);
  panel(page, illustrate::figure_drawing(spec, spec.end, kHeight), b,
        x + panel_w + kGap + (panel_w - used_w) / 2, fy, scale, stroke);
  HPDF_Page_SetRGBFill(page, 0.14F, 0.23F, 0.33F);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 8);
  for (int k = 0; k < 2; ++k) {
    const char* label = k == 0 ? "1 Start" : "2 Move to";
    const float tw = HPDF_Page_TextWidth(page, label);
    HPDF_Page_TextOut(page, x + static_cast<float>(k) * (panel_w + kGap) + (panel_w - tw) / 2, y + 2, label);
  }
  HPDF_Page_EndText(page);
  HPDF_Page_GRestore(page);
}

}  // namespace physio::print
