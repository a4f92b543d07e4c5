#include "gait/gait_report_html.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/html.hpp"
#include "report/svg_chart.hpp"

namespace physio::gait {
namespace {

std::string fixed(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "-";
}

std::string angle_words(const std::string& a) {
  if (a == "hip_flexion") return "Hip flexion";
  if (a == "knee_flexion") return "Knee flexion";
  if (a == "ankle_dorsiflexion") return "Ankle dorsiflexion";
  return a;
}

std::string times(const std::vector<GaitEvent>& v) {
  std::string out;
  for (const auto& e : v) out += fmt::format("{}{:.2f}", out.empty() ? "" : ", ", e.t_s);
  return out.empty() ? "-" : out;
}

}  // namespace

std::string render_gait_report(const VideoGait& g, const GaitReportInfo& info) {
  report::HtmlReport r(
      "Walking: gait from video",
      fmt::format("{}{}", info.source, info.generated.empty() ? "" : " · " + info.generated));
  if (!g.applicability.valid) {
    r.add_paragraph("This recording was not measured as a walk:", report::Tone::kWarning);
    r.add_list(g.applicability.reasons, report::Tone::kWarning);
    return r.render();
  }
  const SideSummary &left = g.side(LegSide::kLeft), &right = g.side(LegSide::kRight);
  std::vector<report::Card> cards = {
      {"Cadence", fixed(g.cadence_steps_per_min, 0), "steps/min", g.cadence_basis},
      {"Stride time", fmt::format("{} / {}", fixed(left.stride_time_s, 2), fixed(right.stride_time_s, 2)),
       "s", "left / right"},
      {"Stance", fmt::format("{} / {}", fixed(left.stance_pct, 0), fixed(right.stance_pct, 0)),
       "% of the stride", "left / right"},
      {"Step-time asymmetry", fixed(g.step_time_asymmetry_pct, 1), "%",
       g.longer_step_side.empty() ? "" : "longer steps: " + g.longer_step_side}};
  if (std::isfinite(g.speed_mps)) {
    cards.push_back({"Walking speed", fixed(g.speed_mps, 2), "m/s", g.scale_basis});
    cards.push_back({"Step length",
                     fmt::format("{} / {}", fixed(left.step_length_m, 2), fixed(right.step_length_m, 2)), "m",
                     "left / right"});
  }
  r.add_cards(cards);
  if (!g.withheld.empty()) {
    std::vector<std::string> items;
    for (const auto& w : g.withheld) items.push_back(w.measure + " not given: " + w.reason);
    r.add_list(items, report::Tone::kWarning);
  }

  r.add_heading("Each side");
  std::vector<std::vector<std::string>> rows;
  for (LegSide s : {LegSide::kLeft, LegSide::kRight}) {
    const SideSummary& x = g.side(s);
    rows.push_back({std::string(leg_side_name(s)), std::to_string(x.strides), fixed(x.stride_time_s, 2),
                    fixed(x.step_time_s, 2), fixed(x.stance_pct, 1), fixed(x.swing_pct, 1),
                    fixed(x.stride_length_m, 2), fixed(x.step_length_m, 2)});
  }
  r.add_table({"side", "strides", "stride time (s)", "step time (s)", "stance (%)", "swing (%)",
               "stride length (m)", "step length (m)"},
              rows, "medians over the strides; lengths only with a scale");

  if (!g.curves.empty()) {
    r.add_heading("Joint angles over the gait cycle");
    for (const std::string angle : {"hip_flexion", "knee_flexion", "ankle_dorsiflexion"}) {
      report::Chart chart;
      chart.options.title = angle_words(angle) + " (mean over the cycles, from initial contact)";
      chart.options.x_label = "gait cycle (%)";
      chart.options.y_label = "deg";
      std::vector<std::vector<std::string>> peaks;
      for (const AngleCurve& c : g.curves) {
        if (c.angle != angle || c.mean_deg.empty()) continue;
        report::ChartSeries s;
        s.name = fmt::format("{} ({} cycles)", leg_side_name(c.side), c.cycles);
        for (std::size_t i = 0; i < c.mean_deg.size(); ++i) {
          s.x.push_back(static_cast<double>(i));
          s.y.push_back(c.mean_deg[i]);
        }
        chart.series.push_back(std::move(s));
        for (const AnglePeak& p : c.peaks)
          peaks.push_back(
              {std::string(leg_side_name(c.side)), p.name, fixed(p.value_deg, 1), fixed(p.at_pct, 0)});
      }
      if (chart.series.empty()) continue;
      r.add_svg(report::render_svg(chart));
      r.add_table({"side", "peak", "angle (deg)", "at (% of the cycle)"}, peaks, {}, 2);
    }
  }

  r.add_heading("Events");
  std::vector<std::vector<std::string>> ev;
  for (const SideEvents& s : g.events.sides)
    ev.push_back({std::string(leg_side_name(s.side)), s.near ? "near" : "far", s.confidence,
                  times(s.contacts), times(s.toe_offs)});
  r.add_table({"side", "to the camera", "confidence", "initial contacts (s)", "toe-offs (s)"}, ev, {}, 3);

  if (!g.notes.empty()) r.add_list(g.notes);
  r.add_footer(
      "Events: the foot-pelvis method of Zeni et al. 2008 on the 2D landmarks (initial contact: the heel "
      "furthest in front of the pelvis; toe-off: the toe furthest behind it), as Stenum et al. 2021 on "
      "video. "
      "Cadence: steps a minute. Stride time: from a foot's initial contact to its next; step time: from the "
      "other foot's initial contact to this foot's. Stance: from initial contact to the same foot's toe-off, "
      "in % of the stride. Step-time asymmetry: 100 x |left - right mean step time| / their mean (Robinson, "
      "Herzog and Nigg 1987); 0 is symmetric. Angles: 2D, flexion and dorsiflexion positive, 0 % of the "
      "cycle at initial contact. Lengths and speed need a scale: the camera's calibration or the patient's "
      "height (docs/metrics/gait-video.md).");
  if (!g.scale_basis.empty()) r.add_footer("Scale: " + g.scale_basis);
  return r.render();
}

}  // namespace physio::gait
