#include "fhir/codes.hpp"

#include <cmath>

#include "fhir/narrative.hpp"

namespace physio::fhir {

const std::vector<LocalConcept>& local_concepts() {
  // The engine's measures without a LOINC code (docs/metrics/observations.md); the definitions are the
  // ones documented there.
  static const std::vector<LocalConcept> concepts = {
      {"exercise-repetitions", "Complete repetitions of an exercise",
       "Repetitions counted complete by the repetition segmentation of a video or landmark recording; "
       "partial "
       "repetitions are not counted.",
       "{repetitions}"},
      {"exercise-rom-mean", "Mean range of motion of an exercise's primary angle",
       "Mean over complete repetitions of (peak - start) of the exercise's primary joint angle, flexion "
       "positive.",
       "deg"},
      {"exercise-rom-best", "Best range of motion of an exercise's primary angle",
       "The largest range (peak - start) of the primary joint angle in one complete repetition.", "deg"},
      {"exercise-quality-score", "Exercise quality score",
       "0-100 session score: mean of the complete repetitions' scores minus 5 per partial repetition; "
       "deductions come from the exercise's form rules.",
       "{score}"},
      {"gait-speed", "Walking speed",
       "Walking speed from a wearable IMU: median over walking bouts (lower back) or mean over strides "
       "(foot).",
       "m/s"},
      {"gait-cadence", "Cadence",
       "Steps per minute while walking, from a wearable IMU or a side-view video (steps of both feet).",
       "/min"},
      {"gait-stride-time", "Stride time",
       "Time between two initial contacts of the same foot, from a side-view video (mean over strides).",
       "s"},
      {"gait-step-time", "Step time",
       "Time from the other foot's initial contact to this foot's, from a side-view video (mean over steps).",
       "s"},
      {"gait-stance", "Stance, % of the stride",
       "Share of the stride the foot is on the ground (initial contact to toe-off), from a side-view video.",
       "%"},
      {"gait-step-time-asymmetry", "Step-time asymmetry",
       "Difference between the left and right mean step times over their mean, from a side-view video.", "%"},
      {"gait-stride-length", "Stride length",
       "Distance covered by two consecutive steps, from a wearable IMU (median over walking bouts for a "
       "lower-back sensor, mean over strides for a foot sensor) or a side-view video with a scale (mean "
       "over the foot's strides).",
       "m"},
      {"gait-step-length", "Step length",
       "Distance along the walking direction from the other foot's footprint to this foot's next, from a "
       "side-view video with a scale (the patient's height or a camera calibration; mean over the foot's "
       "steps).",
       "m"},
      {"sit-to-stand-transfers", "Sit-to-stand transfers",
       "Sit-to-stand transfers detected in a lower-back IMU recording.", "{transfers}"},
      {"five-times-sit-to-stand", "Five times sit-to-stand",
       "Time from the start of the first to the end of the fifth sit-to-stand transfer.", "s"},
      {"sway-rms-acceleration", "Postural sway, RMS trunk acceleration",
       "Root mean square of the horizontal trunk acceleration during quiet standing (lower-back IMU).",
       "m/s2"},
  };
  return concepts;
}

nlohmann::json measures_code_system() {
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto& c : local_concepts())
    concepts.push_back({{"code", c.code},
                        {"display", c.display},
                        {"definition", c.definition},
                        {"property", {{{"code", "unit"}, {"valueString", c.unit}}}}});
  return with_narrative(
      {{"resourceType", "CodeSystem"},
       {"id", "measures"},
       {"url", kMeasuresSystem},
       {"version", "1"},
       {"name", "PhysiokitMeasures"},
       {"title", "physiokit measures without a LOINC code"},
       {"status", "active"},
       {"experimental", false},
       {"publisher", "physiokit"},
       {"description",
        "Movement measures physiokit computes from video, landmark and wearable recordings for which LOINC "
        "has no code. Where LOINC has one (Timed Up and Go 89423-8, 30-second chair stand 66247-8, pain "
        "72514-3, knee flexion active range 41343-5/41347-6) the LOINC code is used instead."},
       {"caseSensitive", true},
       {"content", "complete"},
       {"count", local_concepts().size()},
       {"property",
        {{{"code", "unit"},
          {"description", "The UCUM unit the measure is reported in"},
          {"type", "string"}}}},
       {"concept", concepts}});
}

std::string code_display(std::string_view system, std::string_view code) {
  if (system == kMeasuresSystem) {
    for (const auto& c : local_concepts())
      if (c.code == code) return c.display;
    return {};
  }
  if (system == kLoinc) {
    // LOINC's long common names (tests/fhir_conformance/displays.json holds them with their source).
    static const std::vector<std::pair<std::string_view, std::string_view>> loinc = {
        {"72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
        {"89423-8", "Time to rise from chair, walk 10 feet and back, and return to sitting [TUG]"},
        {"66247-8", "Sit to stand frequency in 30 seconds"},
        {"41343-5", "Knee - left Flexion Active Range of Motion"},
        {"41347-6", "Knee - right Flexion Active Range of Motion"},
    };
    for (const auto& [c, d] : loinc)
      if (c == code) return std::string(d);
  }
  return {};
}

int unit_decimals(std::string_view ucum) {
  if (ucum == "deg" || ucum == "%" || ucum == "/min" || ucum == "{score}") return 1;
  if (ucum == "s" || ucum == "m" || ucum == "m/s") return 2;
  if (ucum == "m/s2") return 3;
  if (ucum == "{repetitions}" || ucum == "{transfers}" || ucum == "{#}") return 0;
  return 3;
}

double round_to_unit(double value, std::string_view ucum) {
  const double scale = std::pow(10.0, unit_decimals(ucum));
  const double r = std::round(value * scale) / scale;
  return r == 0.0 ? 0.0 : r;  // no "-0"
}

nlohmann::json observation_codings(const clinic::Observation& o) {
  nlohmann::json codings = nlohmann::json::array();
  // The coding's display is its CodeSystem's; what this observation measured in words ("Deep squat: best
  // range of motion (left knee flexion)") is the CodeableConcept's text.
  nlohmann::json first = {{"system", o.code_system}, {"code", o.code}};
  if (const auto d = code_display(o.code_system, o.code); !d.empty()) first["display"] = d;
  codings.push_back(first);
  if (o.code_system == kMeasuresSystem && o.code == "exercise-rom-best") {
    // The primary angle is named in the display: "Deep squat: best range of motion (left knee flexion)", or
    // "(left_knee_flexion)" as measures stored before the names were written in words have it.
    if (o.display.ends_with("(left knee flexion)") || o.display.ends_with("(left_knee_flexion)"))
      codings.push_back({{"system", kLoinc},
                         {"code", "41343-5"},
                         {"display", "Knee - left Flexion Active Range of Motion"}});
    else if (o.display.ends_with("(right knee flexion)") || o.display.ends_with("(right_knee_flexion)"))
      codings.push_back({{"system", kLoinc},
                         {"code", "41347-6"},
                         {"display", "Knee - right Flexion Active Range of Motion"}});
  }
  return codings;
}

std::string_view observation_category(std::string_view code_system, std::string_view code) {
  if (code_system == kLoinc) return code == "72514-3" ? "survey" : "exam";
  if (code.starts_with("exercise-")) return "therapy";
  if (code.starts_with("gait-")) return "activity";
  return "exam";
}

nlohmann::json laterality_coding(std::string_view side) {
  if (side == "left") return {{"system", kSnomed}, {"code", "7771000"}, {"display", "Left"}};
  if (side == "right") return {{"system", kSnomed}, {"code", "24028007"}, {"display", "Right"}};
  if (side == "both" || side == "bilateral")
    return {{"system", kSnomed}, {"code", "51440002"}, {"display", "Right and left"}};
  return nlohmann::json();
}

}  // namespace physio::fhir
