// The SVG a page shows and the drawing behind it.
#include <gtest/gtest.h>

#include "illustrate/figure_drawing.hpp"
#include "illustrate/figure_svg.hpp"

namespace physio::illustrate {
namespace {

FigureSpec raise() {
  auto s = parse_figure_spec(
      R"({"exercise": "shoulder_flexion", "start": {}, "end": {"side": {"shoulder_flexion": 165}}})",
      "shoulder_flexion.json");
  EXPECT_TRUE(s);
  return *s;
}

TEST(FigureDrawing, OnlyTheSegmentsThatMoveAreInTheAccentTone) {
  const FigureSpec spec = raise();
  const Drawing d = figure_drawing(spec, spec.end);
  int moving = 0;
  for (const Stroke& s : d.strokes) moving += s.tone == Tone::kMoving;
  EXPECT_EQ(moving, 1) << "the right upper arm only (the elbow stays straight)";
  const Bounds b = drawing_bounds(spec);
  for (const Stroke& s : d.strokes)
    for (double y : {s.y1, s.y2}) EXPECT_LE(y, b.max_y);
  EXPECT_GT(b.max_y, 1.9) << "the raised hand is above the head";
}

TEST(FigureSvg, FramesAndAnimationAreStandaloneSvgWithATitle) {
  const FigureSpec spec = raise();
  const std::string frames = figure_svg_frames(spec, "Shoulder <flexion>");
  EXPECT_EQ(frames.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(frames.find("<title id=\"t\">Shoulder &lt;flexion&gt;: start and end positions</title>"),
            std::string::npos);
  EXPECT_NE(frames.find("1 Start"), std::string::npos);
  EXPECT_EQ(frames.find("href"), std::string::npos) << "no external references";
  const std::string anim = figure_svg_animation(spec, "Shoulder flexion", 3.0);
  EXPECT_NE(anim.find("<animate attributeName=\"x1\""), std::string::npos);
  EXPECT_NE(anim.find("dur=\"3.00s\""), std::string::npos);
  EXPECT_EQ(anim.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace physio::illustrate
