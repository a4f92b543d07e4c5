#include "report/svg_chart.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace physio::report {
namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(ReportSvg, NiceTicksAreRoundAndCoverTheRange) {
  auto t = nice_ticks(0.0, 97.0, 5);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front(), 0.0);
  EXPECT_EQ(t[1] - t[0], 20.0);
  EXPECT_LE(t.back(), 97.0);
  t = nice_ticks(-1.3, 2.7, 4);
  EXPECT_EQ(t.front(), -1.0);
  EXPECT_DOUBLE_EQ(t[1] - t[0], 1.0);
  EXPECT_TRUE(nice_ticks(3.0, 3.0, 5).empty());
}

TEST(ReportSvg, DecimationKeepsPeaksAndBoundsSize) {
  const std::size_t n = 100'000;
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i) * 0.01;
    y[i] = std::sin(x[i]);
  }
  y[54321] = 50.0;  // a single-sample spike must survive
  auto keep = decimate_min_max(x, y, 800);
  EXPECT_LE(keep.size(), 800u * 4 + 8);
  EXPECT_NE(std::find(keep.begin(), keep.end(), 54321u), keep.end());
  EXPECT_EQ(keep.front(), 0u);
  EXPECT_EQ(keep.back(), n - 1);
  EXPECT_TRUE(std::is_sorted(keep.begin(), keep.end()));
}

TEST(ReportSvg, RendersSeriesSpansMarkersAndBreaksAtNan) {
  Chart c;
  c.options.title = "Knee <flexion>";
  c.options.y_label = "angle (deg)";
  ChartSeries s{
      "knee", {0, 1, 2, 3, 4}, {0, 10, std::numeric_limits<double>::quiet_NaN(), 30, 40}, "", false};
  c.series.push_back(s);
  c.spans.push_back({0.5, 1.5, "rep 1", ""});
  c.markers.push_back({2.5, "cue: straighten", "", true});
  const std::string svg = render_svg(c);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("Knee &lt;flexion&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(count(svg, " M"), 2u);                                 // line broken at the NaN
  EXPECT_EQ(count(svg, "<rect x"), 2u);                            // span + frame
  EXPECT_NE(svg.find("cue: straighten"), std::string::npos);
  EXPECT_EQ(svg.find("no data"), std::string::npos);
}

TEST(ReportSvg, NarrowSpanShowsTheLastWordOfItsLabel) {
  // Over 0-100 s, a 40 s span has room for "bout 1"; a 3 s span only for "2"; a 0.1 s span for nothing
  // (its label stays in the tooltip).
  Chart c;
  c.series.push_back({"acc", {0, 100}, {0, 1}, "", false});
  c.spans.push_back({10, 50, "bout 1", ""});
  c.spans.push_back({60, 63, "bout 2", ""});
  c.spans.push_back({80, 80.1, "bout 3", ""});
  const std::string svg = render_svg(c);
  EXPECT_NE(svg.find(">bout 1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">bout 2</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">3</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>bout 3</title>"), std::string::npos);
}

TEST(ReportSvg, EmptyChartSaysNoData) {
  Chart c;
  EXPECT_NE(render_svg(c).find("no data"), std::string::npos);
}

}  // namespace
}  // namespace physio::report
