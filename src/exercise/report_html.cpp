#include "exercise/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/time.hpp"
#include "report/html.hpp"
#include "report/svg_chart.hpp"

namespace physio::exercise {
namespace {

using report::Card;
using report::Chart;
using report::HtmlReport;
using report::Tone;

std::string fixed(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.{}f}", v, digits);
}

std::string pretty(std::string_view angle_name) {
  std::string s(angle_name);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string_view severity_colour(Severity s) {
  switch (s) {
    case Severity::kHigh:
      return "#c0392b";
    case Severity::kMedium:
      return "#d08700";
    case Severity::kLow:
      return "#5a6575";
  }
  return "#5a6575";
}

// The most frequent cue: the one thing to work on next time.
std::string main_cue(const ExerciseResult& r) {
  std::map<std::string, int> counts;
  std::map<std::string, Severity> severity;
  for (const auto& rep : r.reps)
    for (const auto& v : rep.violations) {
      ++counts[v.cue];
      severity[v.cue] = v.severity;
    }
  std::string best;
  int best_n = 0;
  for (const auto& [cue, n] : counts)
    if (n > best_n || (n == best_n && severity[cue] > severity[best])) {
      best = cue;
      best_n = n;
    }
  return best;
}

std::string plain_summary(const ExerciseResult& r, const Exercise& ex) {
  const SessionSummary& s = r.summary;
  if (s.count == 0) return fmt::format("No complete repetition of {} was found in this recording.", ex.name);
  std::string text = fmt::format("You did {} repetition{} of {}", s.count, s.count == 1 ? "" : "s", ex.name);
  if (s.partial_count > 0)
    text += fmt::format(" (and {} partial one{})", s.partial_count, s.partial_count == 1 ? "" : "s");
  text += fmt::format(". Your best range of movement was {:.0f} degrees, {:.0f} on average.", s.best_rom_deg,
                      s.mean_rom_deg);
  if (ex.target_peak_deg != ex.target_rest_deg) {
    const double target = std::fabs(ex.target_peak_deg - ex.target_rest_deg);
    text += fmt::format(" The typical target range for this exercise is about {:.0f} degrees.", target);
  }
  return text;
}

}  // namespace

std::string render_exercise_report(const ExerciseResult& r, const Exercise& ex, const ReportInfo& info) {
  HtmlReport page(ex.name,
                  fmt::format("{}{}{}", info.source, info.generated.empty() ? "" : " · ", info.generated));
  const SessionSummary& s = r.summary;

  page.add_heading("Summary");
  page.add_paragraph(plain_summary(r, ex));
  const std::string cue = main_cue(r);
  if (!cue.empty()) {
    page.add_paragraph("To work on next time: " + cue, Tone::kWarning);
  } else if (s.count > 0) {
    page.add_paragraph("No form problems were found in any repetition.", Tone::kGood);
  }
  std::vector<Card> cards = {
      {"Repetitions", std::to_string(s.count), "",
       s.partial_count ? fmt::format("+{} partial", s.partial_count) : ""},
      {"Quality score", s.count ? fixed(s.score, 0) : "-", "/ 100", "mean of repetitions"},
      {"Best range", s.count ? fixed(s.best_rom_deg, 0) : "-", "deg", pretty(r.primary_angle)},
      {"Mean range", s.count ? fixed(s.mean_rom_deg, 0) : "-", "deg",
       s.count > 1 ? fmt::format("varies {:.0f}% between reps", s.rom_cv_pct) : ""},
      {"Time under tension", fixed(s.time_under_tension_s, 0), "s", ""},
  };
  if (s.count > 2)
    cards.push_back(
        {"Range trend", fixed(s.rom_change_pct, 0), "%",
         s.rom_change_pct < -10 ? "range fell over the set (fatigue?)" : "first to last repetition"});
  if (s.mean_symmetry_pct >= 0)
    cards.push_back({"Left/right symmetry", fixed(s.mean_symmetry_pct, 0), "%", "100 = equal"});
  page.add_cards(cards);

  // Angle curves with repetitions shaded and cues marked.
  if (!r.times.empty()) {
    Chart chart;
    chart.options.title = "Joint angles";
    chart.options.y_label = "angle (deg)";
    std::vector<double> t(r.times.size());
    const TimeUs t0 = r.times.front();
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = us_to_seconds(r.times[i] - t0);
    chart.series.push_back({pretty(r.primary_angle), t, r.primary, "", false});
    for (std::size_t k = 0; k < r.angle_names.size() && chart.series.size() < 5; ++k) {
      if (r.angles[k].size() != t.size()) continue;
      if (r.angle_names[k] == r.primary_angle) continue;
      chart.series.push_back({pretty(r.angle_names[k]), t, r.angles[k], "", true});
    }
    for (const auto& rep : r.reps)
      chart.spans.push_back({rep.start_s, rep.end_s, rep.partial ? "partial" : fmt::format("{}", rep.index),
                             rep.partial ? "#eadbc8" : ""});
    for (const auto& c : r.cues)
      chart.markers.push_back({c.t_s, c.text, std::string(severity_colour(c.severity)), false});
    page.add_svg(report::render_svg(chart));
  }

  page.add_heading("Repetitions");
  if (r.reps.empty()) {
    page.add_paragraph("No repetitions to list.");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& rep : r.reps) {
      std::string issues;
      for (const auto& v : rep.violations) issues += (issues.empty() ? "" : "; ") + v.cue;
      rows.push_back({rep.partial ? "partial" : std::to_string(rep.index), fixed(rep.start_s, 1),
                      fixed(rep.duration_s, 1), fixed(rep.rom_deg, 0), fixed(rep.peak_deg, 0),
                      fixed(rep.peak_velocity_dps, 0), fixed(rep.hold_s, 1), fixed(rep.sparc, 2),
                      fixed(rep.quality.score, 0), issues.empty() ? "-" : issues});
    }
    page.add_table({"rep", "start (s)", "duration (s)", "range (deg)", "peak (deg)", "peak speed (deg/s)",
                    "hold (s)", "smoothness (SPARC)", "score", "form"},
                   rows, "Range and peak of " + pretty(r.primary_angle) + "; definitions below.", 1);
    // A movement the engine did not count says why (the recording ending mid-repetition, a jump...).
    std::vector<std::string> not_counted;
    for (const auto& rep : r.reps)
      if (!rep.not_counted.empty())
        not_counted.push_back(
            fmt::format("The movement at {:.1f}-{:.1f} s: {}", rep.start_s, rep.end_s, rep.not_counted));
    if (!not_counted.empty()) {
      page.add_paragraph("Not counted:");
      page.add_list(not_counted, Tone::kWarning);
    }
  }

  page.add_heading("Why the scores are what they are");
  if (!r.score_basis.empty()) page.add_paragraph("What the score rests on: " + r.score_basis + ".");
  std::vector<std::string> reasons;
  for (const auto& rep : r.reps) {
    if (rep.quality.deductions.empty()) continue;
    std::string line = rep.partial ? "Partial repetition" : fmt::format("Repetition {}", rep.index);
    line += fmt::format(" ({:.0f}/100): ", rep.quality.score);
    for (std::size_t i = 0; i < rep.quality.deductions.size(); ++i) {
      const auto& d = rep.quality.deductions[i];
      line += fmt::format("{}-{:.0f} {}", i ? "; " : "", d.points, d.reason);
    }
    reasons.push_back(line);
  }
  if (reasons.empty()) {
    page.add_paragraph(
        "Every repetition scored 100: no rule was broken and no repetition strayed from the "
        "reference movement.");
  } else {
    page.add_list(reasons);
  }

  if (!r.warnings.empty()) {
    page.add_heading("Notes on the data");
    page.add_list(r.warnings, Tone::kWarning);
  }
  page.add_footer(
      "Range (deg): maximum minus minimum of the angle within a repetition. Peak speed: largest angular "
      "velocity of the main angle. Hold: time spent near the peak. Smoothness: SPARC, spectral arc length of "
      "the angular speed (closer to 0 is smoother). Score: 100 minus the deductions listed, per repetition; "
      "the session score is their mean, less 5 per partial repetition. Full definitions: "
      "docs/metrics/exercise.md.");
  if (!ex.contraindications.empty()) page.add_footer("Precautions: " + ex.contraindications);
  page.add_footer(
      "physiokit exercise analysis. Automated measures support, and never replace, the judgement "
      "of your physiotherapist.");
  return page.render();
}

}  // namespace physio::exercise
