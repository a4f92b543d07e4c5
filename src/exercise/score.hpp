#pragma once
/// Quality score 0-100 per repetition, explainable as a list of deductions.
///
///   score = clamp(100 - rule deductions - template deduction, 0, 100)
///   rule deduction      per violated rule: low 5, medium 10, high 20 points
///   template deduction  kTemplateMaxPoints * clamp((d - d_ok) / (d_bad - d_ok), 0, 1), where d is the
///                       distance of the repetition to the reference template of correct performance.
///
/// Template distance d: each angle of interest is resampled over the repetition (start..end) to
/// n_points (time normalisation); d = root mean square over angles and points of
/// (value - template mean) / max(template SD, sd_floor_deg). d_ok and d_bad are calibrated on the
/// training repetitions (calibrate_template): d_ok = the 75th percentile of the distances of correct
/// training repetitions to a template built without their own subject, d_bad = 3 * d_ok.
/// docs/metrics/exercise.md has the full definition.

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exercise/metrics.hpp"
#include "exercise/movement_model.hpp"

namespace physio::exercise {

inline constexpr double kTemplateMaxPoints = 60.0;

/// Rule deduction by severity, points.
double rule_points(Severity s);

/// Time-normalised curves of one repetition: [n_angles][n_points], angles by UNRESOLVED name
/// ("{side}_knee_flexion"; bilateral angles as "left_..."/"right_...").
struct RepCurves {
  std::vector<std::string> angles;
  std::vector<std::vector<double>> values;
};

struct ReferenceTemplate {
  std::string exercise_id;
  std::vector<std::string> angles;  ///< unresolved names
  int n_points = 51;
  std::vector<std::vector<double>> mean;  ///< [n_angles][n_points], deg
  std::vector<std::vector<double>> sd;    ///< [n_angles][n_points], deg
  double sd_floor_deg = 5.0;
  double d_ok = 1.0;
  double d_bad = 3.0;
  int n_reps = 0;
};

/// The template angle names of an exercise (primary and secondary angles and compensation angles),
/// unresolved; bilateral sided names appear as their left and right versions.
std::vector<std::string> template_angle_names(const Exercise& ex);

/// Resamples each template angle of a repetition to n_points (linear interpolation, NaN skipped).
RepCurves extract_rep_curves(const RepContext& ctx, const RepBounds& rep, std::span<const std::string> angles,
                             int n_points);

/// Mean and SD per point over repetitions (all must share the angle list). Error kMissingData with
/// fewer than 2 repetitions.
Result<ReferenceTemplate> build_reference_template(const std::string& exercise_id,
                                                   std::span<const RepCurves> reps, int n_points = 51,
                                                   double sd_floor_deg = 5.0);

/// Sets d_ok/d_bad from held-out distances of correct training repetitions.
void calibrate_template(ReferenceTemplate& tpl, std::span<const double> held_out_distances);

/// RMS z distance; NaN when nothing overlaps.
double template_distance(const ReferenceTemplate& tpl, const RepCurves& rep);

/// Fills rm.quality from rm.violations, rm.partial and the template distance (when tpl != nullptr).
void score_repetition(RepMetrics& rm, const ReferenceTemplate* tpl, const RepCurves* curves);

/// Applies a movement assessment to rm.quality (replacing an earlier one).
///   one-class model    : adds a "movement" deduction; score = clamp(100 - all deductions, 0, 100).
///   discriminant model : score = 100 * p_correct (the model weighed the rule deductions as a feature);
///                        the points lost are shared out: the rule and partial deductions get
///                        rules_share (in proportion to their own points), each listed movement reason
///                        its share ("movement:<feature>"), the rest "movement:other".
void apply_movement_assessment(RepMetrics& rm, const MovementAssessment& a);

/// The rule and partial deduction points of a scored repetition (the kRulePointsFeature value).
double rule_points_of(const RepMetrics& rm);

nlohmann::json template_to_json(const ReferenceTemplate& tpl);
Result<ReferenceTemplate> template_from_json(const nlohmann::json& j);

}  // namespace physio::exercise
