#pragma once
/// Self-contained SVG line charts for reports: time series with shaded spans (repetitions, walking bouts),
/// vertical event markers (initial contacts, cues) and point markers, axes with round-number ticks and
/// units. No scripts, no external resources: the SVG is embedded as-is in a single HTML file.
///
/// Contract
///   input:   series of (x, y) points (NaN y = gap: the line is broken there), spans, markers, options.
///   output:  an `<svg>` element as text. Long series are reduced to at most ~2 points per horizontal
///            pixel by min/max decimation, so peaks survive and a 24-hour recording stays small.
///   errors:  none; empty input draws empty axes with "no data".

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace physio::report {

struct ChartSeries {
  std::string name;
  std::vector<double> x;  // [n]
  std::vector<double> y;  // [n]
  std::string color;      ///< CSS colour; empty picks from the palette
  bool dashed = false;
};

/// A shaded x-interval (a repetition, a walking bout, a test phase).
struct ChartSpan {
  double x0 = 0.0;
  double x1 = 0.0;
  std::string label;  ///< drawn at the top of the span when it fits
  std::string color;  ///< empty: light grey-blue
};

/// A vertical line at x (an event), labelled on hover and, when `show_label`, at the top.
struct ChartMarker {
  double x = 0.0;
  std::string label;
  std::string color;  ///< empty: dark grey
  bool show_label = false;
};

/// A dot at (x, y) (a peak, a detected contact).
struct ChartPoint {
  double x = 0.0;
  double y = 0.0;
  std::string label;
  std::string color;
};

struct ChartOptions {
  std::string title;
  std::string x_label = "time (s)";
  std::string y_label;
  int width = 920;
  int height = 260;
  std::optional<double> y_min;
  std::optional<double> y_max;
};

struct Chart {
  ChartOptions options;
  std::vector<ChartSeries> series;
  std::vector<ChartSpan> spans;
  std::vector<ChartMarker> markers;
  std::vector<ChartPoint> points;
};

/// Renders the chart as an `<svg>` element.
std::string render_svg(const Chart& chart);

/// Round tick values covering [lo, hi] with about `target` ticks (1-2-5 steps).
std::vector<double> nice_ticks(double lo, double hi, int target);

/// Indices of the points kept when `n` points are drawn `pixels` wide: first, last, and per pixel column
/// the minimum and maximum y (NaN points kept so gaps stay gaps).
std::vector<std::size_t> decimate_min_max(std::span<const double> x, std::span<const double> y, int pixels);

}  // namespace physio::report
