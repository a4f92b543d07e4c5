#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "report/html.hpp"

namespace physio::report {
namespace {

// Colour-blind-safe palette (Okabe-Ito), darkest first.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000"};

constexpr double kMarginLeft = 58.0;
constexpr double kMarginRight = 16.0;
constexpr double kMarginTop = 42.0;
constexpr double kMarginBottom = 40.0;

std::string num(double v) {
  if (v == 0.0) return "0";
  return fmt::format("{:.4g}", v);
}

// Pixel coordinates with one decimal: enough for a crisp line, small files.
std::string px(double v) {
  return fmt::format("{:.1f}", v);
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool valid() const { return lo <= hi; }
};

// Widens a degenerate or empty range so ticks and scaling stay defined.
Range settle(Range r, double pad_fraction) {
  if (!r.valid()) return {0.0, 1.0};
  if (r.hi - r.lo < 1e-12) {
    const double d = std::max(std::fabs(r.lo) * 0.1, 1.0);
    return {r.lo - d, r.hi + d};
  }
  const double pad = (r.hi - r.lo) * pad_fraction;
  return {r.lo - pad, r.hi + pad};
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double t = first; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    if (ticks.size() > 100) break;
  }
  return ticks;
}

std::vector<std::size_t> decimate_min_max(std::span<const double> x, std::span<const double> y, int pixels) {
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<std::size_t> keep;
  if (n == 0) return keep;
  if (pixels < 1 || n <= static_cast<std::size_t>(pixels) * 4) {
    keep.resize(n);
    for (std::size_t i = 0; i < n; ++i) keep[i] = i;
    return keep;
  }
  Range xr;
  for (std::size_t i = 0; i < n; ++i) xr.add(x[i]);
  if (!xr.valid() || xr.hi <= xr.lo) return {0, n - 1};
  const double per_px = (xr.hi - xr.lo) / pixels;
  auto column_of = [&](std::size_t j) { return static_cast<long long>((x[j] - xr.lo) / per_px); };
  std::size_t i = 0;
  while (i < n) {
    if (!std::isfinite(x[i])) {
      ++i;
      continue;
    }
    const long long column = column_of(i);
    std::size_t lo_i = n, hi_i = n, nan_i = n;
    const std::size_t first = i;
    std::size_t last = i;
    for (; i < n && std::isfinite(x[i]) && column_of(i) == column; ++i) {
      last = i;
      if (std::isnan(y[i])) {
        if (nan_i == n) nan_i = i;
        continue;
      }
      if (lo_i == n || y[i] < y[lo_i]) lo_i = i;
      if (hi_i == n || y[i] > y[hi_i]) hi_i = i;
    }
    std::vector<std::size_t> col = {first, last};
    if (lo_i != n) col.push_back(lo_i);
    if (hi_i != n) col.push_back(hi_i);
    if (nan_i != n) col.push_back(nan_i);
    std::sort(col.begin(), col.end());
    col.erase(std::unique(col.begin(), col.end()), col.end());
    keep.insert(keep.end(), col.begin(), col.end());
  }
  return keep;
}

std::string render_svg(const Chart& chart) {
  const ChartOptions& o = chart.options;
  const double w = std::max(o.width, 200);
  const double h = std::max(o.height, 120);
  const double plot_w = w - kMarginLeft - kMarginRight;
  const double plot_h = h - kMarginTop - kMarginBottom;

  Range xr, yr;
  for (const auto& s : chart.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(s.y[i])) continue;
      xr.add(s.x[i]);
      yr.add(s.y[i]);
    }
  }
  for (const auto& sp : chart.spans) {
    xr.add(sp.x0);
    xr.add(sp.x1);
  }
  for (const auto& m : chart.markers) xr.add(m.x);
  for (const auto& p : chart.points) {
    xr.add(p.x);
    yr.add(p.y);
  }
  const bool empty = !xr.valid();
  xr = settle(xr, 0.0);
  yr = settle(yr, 0.06);
  if (o.y_min) yr.lo = *o.y_min;
  if (o.y_max) yr.hi = *o.y_max;
  if (!(yr.hi > yr.lo)) yr.hi = yr.lo + 1.0;

  auto sx = [&](double x) { return kMarginLeft + (x - xr.lo) / (xr.hi - xr.lo) * plot_w; };
  auto sy = [&](double y) {
    const double c = std::clamp(y, yr.lo, yr.hi);
    return kMarginTop + (1.0 - (c - yr.lo) / (yr.hi - yr.lo)) * plot_h;
  };

  std::string out;
  out.reserve(4096);
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"100%\" role=\"img\" "
      "aria-label=\"{2}\" font-family=\"system-ui, sans-serif\" font-size=\"11\">\n",
      w, h, html_escape(o.title.empty() ? o.y_label : o.title));
  if (!o.title.empty())
    out +=
        fmt::format("<text x=\"{}\" y=\"16\" font-size=\"13\" font-weight=\"600\" fill=\"#222\">{}</text>\n",
                    px(kMarginLeft), html_escape(o.title));
  // Spans under everything else.
  for (const auto& sp : chart.spans) {
    const double x0 = sx(std::min(sp.x0, sp.x1));
    const double x1 = sx(std::max(sp.x0, sp.x1));
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "opacity=\"0.35\"><title>{}</title></rect>\n",
        px(x0), px(kMarginTop), px(std::max(x1 - x0, 0.5)), px(plot_h),
        sp.color.empty() ? "#c9d7ea" : html_escape(sp.color), html_escape(sp.label));
    // The label when it fits, else its last word ("bout 4" -> "4"), else none (the tooltip has it).
    std::string_view text = sp.label;
    if (x1 - x0 <= 7.0 * static_cast<double>(text.size())) text = text.substr(text.find_last_of(' ') + 1);
    if (!text.empty() && x1 - x0 > 7.0 * static_cast<double>(text.size()))
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#445\" font-size=\"10\">{}</text>\n",
          px((x0 + x1) / 2), px(kMarginTop + 11), html_escape(text));
  }
  // Grid and axes.
  for (double t : nice_ticks(yr.lo, yr.hi, 5)) {
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#e3e3e3\"/>\n",
                       px(kMarginLeft), px(kMarginLeft + plot_w), px(sy(t)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{}</text>\n",
                       px(kMarginLeft - 6), px(sy(t) + 4), num(t));
  }
  for (double t : nice_ticks(xr.lo, xr.hi, 8)) {
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#999\"/>\n", px(sx(t)),
                       px(kMarginTop + plot_h), px(kMarginTop + plot_h + 4));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n", px(sx(t)),
                       px(kMarginTop + plot_h + 16), num(t));
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>\n",
                     px(kMarginLeft), px(kMarginTop), px(plot_w), px(plot_h));
  if (!o.x_label.empty())
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
                       px(kMarginLeft + plot_w / 2), px(h - 6), html_escape(o.x_label));
  if (!o.y_label.empty())
    out += fmt::format(
        "<text transform=\"translate(13,{}) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
        px(kMarginTop + plot_h / 2), html_escape(o.y_label));
  if (empty)
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#888\">no data</text>\n",
                       px(kMarginLeft + plot_w / 2), px(kMarginTop + plot_h / 2));

  // Lines: one path per series, broken at NaN.
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const ChartSeries& s = chart.series[k];
    const std::string color = s.color.empty() ? kPalette[k % std::size(kPalette)] : html_escape(s.color);
    std::string d;
    bool pen_down = false;
    for (std::size_t i : decimate_min_max(s.x, s.y, static_cast<int>(plot_w))) {
      if (std::isnan(s.y[i]) || std::isnan(s.x[i])) {
        pen_down = false;
        continue;
      }
      d += fmt::format("{}{} {}", pen_down ? " L" : " M", px(sx(s.x[i])), px(sy(s.y[i])));
      pen_down = true;
    }
    out += fmt::format(
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"{}><title>{}</title></path>\n", d,
        color, s.dashed ? " stroke-dasharray=\"5 3\"" : "", html_escape(s.name));
  }
  for (const auto& m : chart.markers) {
    const std::string color = m.color.empty() ? "#555" : html_escape(m.color);
    out += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\" opacity=\"0.8\">"
        "<title>{4}</title></line>\n",
        px(sx(m.x)), px(kMarginTop), px(kMarginTop + plot_h), color, html_escape(m.label));
    if (m.show_label && !m.label.empty())
      out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\" font-size=\"10\">{}</text>\n", px(sx(m.x) + 3),
                         px(kMarginTop + plot_h - 4), color, html_escape(m.label));
  }
  for (const auto& p : chart.points) {
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"><title>{}</title></circle>\n",
                       px(sx(p.x)), px(sy(p.y)), p.color.empty() ? "#222" : html_escape(p.color),
                       html_escape(p.label));
  }
  // Legend when there is more than one line.
  if (chart.series.size() > 1) {
    double lx = kMarginLeft + plot_w;
    for (std::size_t k = chart.series.size(); k-- > 0;) {
      const ChartSeries& s = chart.series[k];
      const std::string color = s.color.empty() ? kPalette[k % std::size(kPalette)] : html_escape(s.color);
      lx -= 22.0 + 6.2 * static_cast<double>(s.name.size());
      out += fmt::format("<rect x=\"{}\" y=\"26\" width=\"12\" height=\"3\" fill=\"{}\"/>", px(lx), color);
      out +=
          fmt::format("<text x=\"{}\" y=\"31\" fill=\"#333\">{}</text>\n", px(lx + 15), html_escape(s.name));
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace physio::report
