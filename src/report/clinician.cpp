#include "report/clinician.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/html.hpp"

namespace physio::report {
namespace {

using nlohmann::json;

struct Definition {
  std::string_view id;
  std::string_view term;
  std::string_view unit;
  std::string_view text;
};

// The measures' definitions, as docs/metrics/exercise.md gives them.
constexpr Definition kDefinitions[] = {
    {"count", "Repetitions counted", "repetitions",
     "Complete repetitions: the primary angle crossed the start level, reached the peak level and came "
     "back."},
    {"partial", "Partial repetitions", "repetitions",
     "Movements that crossed the start level but did not reach the peak level (half way between rest and the "
     "typical top); reported, never counted."},
    {"not-counted", "Not counted", "repetitions",
     "Complete movements the engine refused to count, each with its reason (wrong movement, another person, "
     "out of view)."},
    {"rom", "Range of motion", "deg",
     "Largest minus smallest value of the primary angle over a repetition; the mean and the best are over "
     "counted repetitions."},
    {"rom-cv", "Range consistency", "%",
     "Standard deviation divided by the mean of the range of motion (lower "
     "is more consistent)."},
    {"duration", "Duration", "s", "Time from a repetition's start frame to its end frame."},
    {"duration-cv", "Duration consistency", "%", "Standard deviation divided by the mean of the durations."},
    {"rom-change", "Range change over the set", "%",
     "Least-squares slope of the range over the repetition number times (count - 1), divided by the mean "
     "range: a fall suggests fatigue."},
    {"velocity", "Peak angular velocity", "deg/s",
     "Largest absolute rate of change of the filtered primary angle within a repetition."},
    {"velocity-slope", "Peak velocity trend", "deg/s per repetition",
     "Least-squares slope of the peak angular velocity over the repetitions."},
    {"tut", "Time under tension", "s", "Sum of the counted repetitions' durations."},
    {"hold", "Hold", "s", "Time held around the peak, within 5 deg or 10 % of the range of the peak value."},
    {"sparc", "Smoothness (SPARC)", "no unit, below 0",
     "Spectral arc length of the angular speed (Balasubramanian et al. 2015); closer to 0 is smoother."},
    {"symmetry", "Left-right symmetry", "%", "100 x the smaller over the larger range of the two sides."},
    {"score", "Quality score", "0-100",
     "100 minus deductions: form rules broken (5, 10 or 20 points by severity), partial repetitions (30) and "
     "distance from the reference movement (up to 60); the set's score is the mean of the counted "
     "repetitions "
     "less 5 per partial one."},
    {"cue", "Form cue", "frame",
     "A form rule broken in a repetition, at the frame (and seconds from the start) where it applied: the "
     "peak "
     "for position rules, the end for timing rules."},
};

std::optional<double> num(const json& j, std::string_view key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(std::string(key));
  if (it == j.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string str(const json& j, std::string_view key) {
  if (!j.is_object()) return "";
  auto it = j.find(std::string(key));
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string fixed(const std::optional<double>& v, int digits) {
  return v ? fmt::format("{:.{}f}", *v, digits) : std::string("not measured");
}

std::string signed_fixed(const std::optional<double>& v, int digits) {
  return v ? fmt::format("{:+.{}f}", *v, digits) : std::string("-");
}

std::string def_link(std::string_view id, std::string_view text) {
  return fmt::format("<a href=\"#def-{}\">{}</a>", id, html_escape(text));
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  std::string_view caption, std::size_t numeric_from) {
  // Cells are markup already escaped by the caller.
  std::string out = "<table>\n";
  if (!caption.empty()) out += fmt::format("<caption>{}</caption>\n", html_escape(caption));
  out += "<thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i)
    out += fmt::format("<th scope=\"col\"{}>{}</th>", i >= numeric_from ? " class=\"num\"" : "", header[i]);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += fmt::format("<td{}>{}</td>", i >= numeric_from ? " class=\"num\"" : "", row[i]);
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string pretty(std::string s) {
  for (auto& c : s)
    if (c == '_') c = ' ';
  return s;
}

}  // namespace

std::string render_clinician_report(const ClinicianReportContext& ctx, const json& result) {
  const json empty = json::object();
  const json& summary = result.is_object() && result.contains("summary") ? result["summary"] : empty;
  const json& reps = result.is_object() && result.contains("reps") && result["reps"].is_array()
                         ? result["reps"]
                         : json::array();

  HtmlReport r(
      fmt::format("Clinician report: {}", ctx.exercise_name.empty() ? "exercise" : ctx.exercise_name),
      fmt::format("{}{}. For clinical staff: the patient has their own report of this recording.",
                  ctx.patient_name, ctx.recorded.empty() ? "" : ", recorded " + ctx.recorded));
  {
    std::string nav = "<nav class=\"links\" aria-label=\"Reports\">";
    if (!ctx.patient_page_url.empty())
      nav += fmt::format("<a href=\"{}\">Back to {}'s record</a>", html_escape(ctx.patient_page_url),
                         html_escape(ctx.patient_name));
    if (!ctx.patient_report_url.empty())
      nav += fmt::format("<a href=\"{}\">The patient's report</a>", html_escape(ctx.patient_report_url));
    r.add_markup(nav + "</nav>\n");
  }

  // Measures of the set, each with its unit and definition.
  r.add_heading("Measures");
  const bool held = num(summary, "total_hold_s").value_or(0.0) > 0.0;
  struct Row {
    std::string_view def;
    std::string label;
    std::string value;
    std::string unit;
  };
  std::vector<Row> rows{
      {"count", "Repetitions counted", fixed(num(summary, "count"), 0), "repetitions"},
      {"partial", "Partial repetitions", fixed(num(summary, "partial_count"), 0), "repetitions"},
      {"not-counted", "Not counted", fixed(num(summary, "not_counted").value_or(0.0), 0), "repetitions"},
      {"rom", "Mean range of motion", fixed(num(summary, "mean_rom_deg"), 1), "deg"},
      {"rom", "Best range of motion", fixed(num(summary, "best_rom_deg"), 1), "deg"},
      {"rom-cv", "Range consistency (CV)", fixed(num(summary, "rom_cv_pct"), 1), "%"},
      {"duration-cv", "Duration consistency (CV)", fixed(num(summary, "duration_cv_pct"), 1), "%"},
      {"rom-change", "Range change over the set", signed_fixed(num(summary, "rom_change_pct"), 1), "%"},
      {"velocity-slope", "Peak velocity trend", signed_fixed(num(summary, "velocity_slope_dps_per_rep"), 1),
       "deg/s per repetition"},
      {"tut", "Time under tension", fixed(num(summary, "time_under_tension_s"), 1), "s"},
      {"sparc", "Smoothness (mean SPARC)", fixed(num(summary, "mean_sparc"), 2), "no unit"},
      {"score", "Quality score", fixed(num(summary, "score"), 0), "0-100"},
  };
  if (held) rows.push_back({"hold", "Total hold", fixed(num(summary, "total_hold_s"), 1), "s"});
  if (num(summary, "mean_symmetry_pct"))
    rows.push_back({"symmetry", "Left-right symmetry", fixed(num(summary, "mean_symmetry_pct"), 0), "%"});
  {
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : rows)
      cells.push_back({def_link(row.def, row.label), html_escape(row.value), html_escape(row.unit)});
    r.add_markup(
        table({"Measure", "Value", "Unit"}, cells, "Each measure links to its definition below.", 1));
  }

  // Every repetition found, counted or not.
  r.add_heading("Repetitions");
  std::vector<std::string> refused;
  if (reps.empty()) {
    r.add_paragraph("No repetition was found in this recording.");
  } else {
    std::vector<std::vector<std::string>> cells;
    for (const auto& rep : reps) {
      if (!rep.is_object()) continue;
      // Numbered in the order found (the result's own index counts complete repetitions only).
      const std::size_t index = cells.size();
      const bool partial = rep.value("partial", false);
      const std::string why = str(rep, "not_counted_reason");
      std::string counted = "yes";
      if (!why.empty()) {
        counted = "no: " + why;
        refused.push_back(fmt::format("Repetition {}: not counted, {}.", index + 1, why));
      } else if (partial) {
        counted = "no: partial";
        refused.push_back(
            fmt::format("Repetition {}: partial, it did not reach the peak level ({} deg of range).",
                        index + 1, fixed(num(rep, "rom_deg"), 0)));
      }
      std::vector<std::string> cues;
      if (rep.contains("violations") && rep["violations"].is_array())
        for (const auto& v : rep["violations"])
          cues.push_back(fmt::format("{} ({}: frame {}, {} s)", str(v, "cue"), str(v, "severity"),
                                     fixed(num(v, "frame"), 0), fixed(num(v, "t_s"), 1)));
      std::string cue_cell;
      for (const auto& c : cues) cue_cell += (cue_cell.empty() ? "" : "<br>") + html_escape(c);
      cells.push_back(
          {html_escape(std::to_string(index + 1)), html_escape(counted),
           html_escape(
               fmt::format("{}-{}", fixed(num(rep, "start_frame"), 0), fixed(num(rep, "end_frame"), 0))),
           html_escape(fixed(num(rep, "rom_deg"), 1)), html_escape(fixed(num(rep, "duration_s"), 2)),
           html_escape(fixed(num(rep, "peak_velocity_dps"), 0)), html_escape(fixed(num(rep, "score"), 0)),
           cue_cell.empty() ? std::string("none") : cue_cell});
    }
    r.add_markup(
        table({"#", "Counted", "Frames", def_link("rom", "Range (deg)"), def_link("duration", "Duration (s)"),
               def_link("velocity", "Peak velocity (deg/s)"), def_link("score", "Quality (0-100)"),
               def_link("cue", "Form cues (severity: frame, time)")},
              cells, "", 3));
  }

  r.add_heading("Not counted, and why");
  if (refused.empty() && num(summary, "not_counted").value_or(0.0) == 0.0)
    r.add_paragraph("Every repetition found was counted.", Tone::kGood);
  else if (refused.empty())
    r.add_paragraph(fmt::format("{} movement(s) were not counted; the analysis did not keep the reasons.",
                                fixed(num(summary, "not_counted"), 0)),
                    Tone::kWarning);
  else
    r.add_list(refused, Tone::kWarning);

  // How the numbers were made.
  r.add_heading("Analysis settings");
  {
    const auto rate = num(result, "rate_hz");
    const auto frames = num(result, "n_frames");
    const json& seg = result.is_object() && result.contains("segmentation") ? result["segmentation"] : empty;
    std::string side = str(result, "side");
    if (!str(result, "side_basis").empty()) side += " (" + str(result, "side_basis") + ")";
    std::vector<std::vector<std::string>> cells{
        {"Source", ctx.source.empty() ? "not recorded" : ctx.source},
        {"Pose model", ctx.model.empty() ? "none: landmarks as uploaded" : ctx.model},
        {"Frame rate", rate ? fmt::format("{:.1f} frames/s", *rate) : "not recorded"},
        {"Length", rate && frames && *rate > 0
                       ? fmt::format("{:.0f} frames, {:.1f} s", *frames, *frames / *rate)
                       : "not recorded"},
        {"Camera view", ctx.view.empty() ? "not recorded" : ctx.view},
        {"Person analysed", ctx.person.empty() ? "not recorded" : ctx.person},
        {"Scale", ctx.scale.empty() ? "not recorded" : ctx.scale},
        {"Side", side.empty() ? "not recorded" : side},
        {"Primary angle",
         str(result, "primary_angle").empty() ? "not recorded" : pretty(str(result, "primary_angle"))},
        {"Repetition detection",
         str(seg, "method").empty()
             ? std::string("not recorded")
             : fmt::format("{}; rest {} deg, top {} deg", pretty(str(seg, "method")),
                           fixed(num(seg, "rest_deg"), 0), fixed(num(seg, "top_deg"), 0))},
        {"Quality score basis",
         str(result, "score_basis").empty() ? "rules" : pretty(str(result, "score_basis"))},
    };
    for (auto& row : cells)
      for (auto& c : row) c = html_escape(c);
    r.add_markup(table({"Setting", "Value"}, cells, "", 2));
  }

  // What limits trust in these numbers.
  r.add_heading("Quality flags");
  {
    std::vector<std::string> flags;
    if (result.is_object() && result.contains("warnings") && result["warnings"].is_array())
      for (const auto& w : result["warnings"])
        if (w.is_string()) flags.push_back(w.get<std::string>());
    if (auto rate = num(result, "rate_hz"); rate && *rate < 20.0)
      flags.push_back(
          fmt::format("Frame rate {:.0f} frames/s, below 20: peak velocities and durations are "
                      "coarse.",
                      *rate));
    if (auto n = num(summary, "count"); n && *n < 3.0)
      flags.push_back(
          fmt::format("{:.0f} counted repetition(s): consistency and trend measures need 3 or more.", *n));
    if (flags.empty())
      r.add_paragraph("No quality flag was raised.", Tone::kGood);
    else
      r.add_list(flags, Tone::kWarning);
  }

  r.add_heading("Compared with previous recordings of this exercise");
  if (ctx.history.size() < 2) {
    r.add_paragraph("This is the first analysed recording of this exercise for this patient.");
  } else {
    std::vector<std::vector<std::string>> cells;
    std::optional<double> prev;
    for (const auto& h : ctx.history) {
      std::string change = "-";
      if (prev && h.mean_rom_deg) change = fmt::format("{:+.1f}", *h.mean_rom_deg - *prev);
      if (h.mean_rom_deg) prev = h.mean_rom_deg;
      cells.push_back({html_escape(h.date + (h.current ? " (this recording)" : "")),
                       html_escape(h.count ? std::to_string(*h.count) : "not measured"),
                       html_escape(fixed(h.mean_rom_deg, 1)), html_escape(fixed(h.best_rom_deg, 1)),
                       html_escape(change), html_escape(fixed(h.score, 0))});
    }
    r.add_markup(table({"Date", def_link("count", "Repetitions"), def_link("rom", "Mean range (deg)"),
                        def_link("rom", "Best range (deg)"), "Change in mean range from the one before (deg)",
                        def_link("score", "Quality (0-100)")},
                       cells, "Oldest first.", 1));
  }

  r.add_heading("Definitions");
  {
    std::string dl = "<dl class=\"defs\">\n";
    for (const auto& d : kDefinitions)
      dl += fmt::format("<dt id=\"def-{}\">{} ({})</dt><dd>{}</dd>\n", d.id, html_escape(d.term),
                        html_escape(d.unit), html_escape(d.text));
    r.add_markup(dl + "</dl>\n");
  }
  r.add_footer(
      "Definitions and methods: docs/metrics/exercise.md. Measured by the engine from the recording; "
      "read with the quality flags above.");
  return r.render();
}

}  // namespace physio::report
