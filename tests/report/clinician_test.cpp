#include "report/clinician.hpp"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace physio::report {
namespace {

using nlohmann::json;

// A squat set as exercise_result_to_json writes it: two counted repetitions (the second with a form cue), one
// partial and one refused with its reason.
json sample_result() {
  return json::parse(R"({
    "exercise": "deep_squat", "side": "both", "side_basis": "bilateral", "primary_angle": "knee_flexion",
    "rate_hz": 30.0, "n_frames": 450, "score_basis": "rules",
    "segmentation": {"method": "hysteresis", "angle": "knee_flexion", "rest_deg": 8.0, "top_deg": 96.0},
    "summary": {"count": 2, "partial_count": 1, "not_counted": 1, "mean_rom_deg": 88.5, "best_rom_deg": 91.0,
                "rom_cv_pct": 4.2, "duration_cv_pct": 7.5, "rom_change_pct": -3.1,
                "velocity_slope_dps_per_rep": -2.5, "time_under_tension_s": 6.4, "total_hold_s": 0,
                "mean_sparc": -1.62, "mean_symmetry_pct": 93.0, "score": 80},
    "reps": [
      {"index": 1, "partial": false, "start_frame": 10, "end_frame": 100, "rom_deg": 86.0, "duration_s": 3.0,
       "peak_velocity_dps": 121.0, "score": 90, "violations": []},
      {"index": 2, "partial": false, "start_frame": 120, "end_frame": 216, "rom_deg": 91.0, "duration_s": 3.4,
       "peak_velocity_dps": 115.0, "score": 70,
       "violations": [{"rule": "knee_valgus", "cue": "Keep your knees over your toes", "severity": "medium",
                       "frame": 171, "t_s": 5.7, "value": 14, "op": ">", "threshold": 10}]},
      {"index": 0, "partial": true, "start_frame": 230, "end_frame": 280, "rom_deg": 31.0, "duration_s": 1.7,
       "peak_velocity_dps": 60.0, "score": 40, "violations": []},
      {"index": 3, "partial": false, "start_frame": 300, "end_frame": 390, "rom_deg": 89.0, "duration_s": 3.0,
       "peak_velocity_dps": 118.0, "score": 85, "violations": [],
       "not_counted_reason": "another person was in front of the camera"}
    ],
    "warnings": ["the left ankle was out of view for 1.2 s"]
  })");
}

ClinicianReportContext sample_context() {
  ClinicianReportContext c;
  c.patient_name = "Ana <Silva>";
  c.exercise_name = "Deep squat";
  c.recorded = "2026-03-12 10:00 UTC";
  c.source = "video";
  c.model = "BlazePose full";
  c.view = "side or front";
  c.person = "one person followed through the video";
  c.scale = "none needed: angles only";
  c.patient_page_url = "/patients/p1";
  c.patient_report_url = "/api/recordings/r2/report";
  c.history = {{"2026-03-05", 8, 80.0, 84.0, 75.0, false}, {"2026-03-12", 2, 88.5, 91.0, 80.0, true}};
  return c;
}

TEST(ClinicianReport, EveryPartOfTheBrief) {
  const std::string html = render_clinician_report(sample_context(), sample_result());
  // The path ends back on the patient's page, and the patient's own report is one click away.
  EXPECT_NE(html.find(R"(<a href="/patients/p1">Back to Ana &lt;Silva&gt;'s record</a>)"), std::string::npos)
      << html.substr(0, 2000);
  EXPECT_NE(html.find(R"(<a href="/api/recordings/r2/report">The patient's report</a>)"), std::string::npos);
  EXPECT_EQ(html.find("<Silva>"), std::string::npos) << "the name is escaped";
  // Measures with units.
  EXPECT_NE(
      html.find(
          R"(<td><a href="#def-rom">Mean range of motion</a></td><td class="num">88.5</td><td class="num">deg</td>)"),
      std::string::npos);
  EXPECT_NE(html.find(">Left-right symmetry</a></td><td class=\"num\">93</td>"), std::string::npos);
  // Per repetition: the frames, the form cue with its frame, the refusals with their reasons.
  EXPECT_NE(html.find("Keep your knees over your toes (medium: frame 171, 5.7 s)"), std::string::npos);
  EXPECT_NE(html.find("<td>120-216</td>"), std::string::npos);
  EXPECT_NE(html.find("Repetition 3: partial, it did not reach the peak level (31 deg of range)."),
            std::string::npos);
  EXPECT_NE(html.find("Repetition 4: not counted, another person was in front of the camera."),
            std::string::npos);
  // Settings and flags.
  EXPECT_NE(html.find("30.0 frames/s"), std::string::npos);
  EXPECT_NE(html.find("450 frames, 15.0 s"), std::string::npos);
  EXPECT_NE(html.find("BlazePose full"), std::string::npos);
  EXPECT_NE(html.find("one person followed through the video"), std::string::npos);
  EXPECT_NE(html.find("the left ankle was out of view for 1.2 s"), std::string::npos);
  EXPECT_NE(html.find("2 counted repetition(s): consistency and trend measures need 3 or more."),
            std::string::npos);
  // The comparison: the change in mean range from the recording before.
  EXPECT_NE(html.find("2026-03-12 (this recording)"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">+8.5</td>"), std::string::npos);
}

TEST(ClinicianReport, EveryDefinitionLinkLandsOnADefinition) {
  const std::string html = render_clinician_report(sample_context(), sample_result());
  // Every value of `attr="#def-..."` (or `attr="def-..."`) in the page.
  auto collect = [&](std::string_view prefix) {
    std::set<std::string> out;
    for (std::size_t at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at + 1)) {
      const std::size_t from = at + prefix.size() - 4;  // from "def-"
      out.insert(html.substr(from, html.find('"', from) - from));
    }
    return out;
  };
  const std::set<std::string> targets = collect("href=\"#def-");
  const std::set<std::string> ids = collect("id=\"def-");
  EXPECT_GE(targets.size(), 10u);
  for (const auto& t : targets) EXPECT_TRUE(ids.count(t)) << t << " has no definition";
  // No script, no external resource: the report opens offline and under the route's sandbox.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(ClinicianReport, AThinResultSaysWhatIsMissingAndInventsNothing) {
  ClinicianReportContext c;
  c.patient_name = "Ben";
  c.exercise_name = "Mini squat";
  const std::string html = render_clinician_report(c, json::parse(R"({"summary":{"count":3}})"));
  EXPECT_NE(html.find(">Repetitions counted</a></td><td class=\"num\">3</td>"), std::string::npos);
  EXPECT_NE(html.find(">Mean range of motion</a></td><td class=\"num\">not measured</td>"),
            std::string::npos);
  EXPECT_NE(html.find("No repetition was found in this recording."), std::string::npos);
  EXPECT_NE(html.find("This is the first analysed recording of this exercise"), std::string::npos);
  EXPECT_EQ(html.find("Back to"), std::string::npos) << "no link without a page to go back to";
  const std::string odd = render_clinician_report(c, json::parse(R"([1, 2])"));
  EXPECT_NE(odd.find("not measured"), std::string::npos);
}

}  // namespace
}  // namespace physio::report
