#pragma once
/// Exercise analysis, batch: angle series (or landmarks) + an exercise definition -> repetitions with
/// metrics, form cues, quality scores and a session summary.
///
/// Contract: analyse_exercise
///   inputs : an AngleSeries holding the exercise's angles (resolved names, both sides for bilateral or
///            side-auto exercises), or a LandmarkSequence (its angles are computed first: compute_angles
///            for kinematics names, compute_derived_angles for derived ones); the Exercise; options.
///   stages : 1. resolve the working side (unilateral, side auto: the side whose primary angle has the
///               larger robust range x periodicity); primary series = that side's angle (bilateral: mean
///               of both sides)
///            2. low-pass every angle (zero-phase Butterworth, 4th order effective, filter_cutoff_hz)
///            3. segment repetitions (segmentation.hpp) on the primary series; repetitions overlapping
///               an uncertain-identity span (options.uncertain_spans) are dropped with a warning
///            4. per repetition: metrics (metrics.hpp), rules (feedback.hpp), template curves and quality
///               score (score.hpp)
///            5. cues through the CueScheduler; session summary
///   outputs: ExerciseResult (exercise_result_to_json for the stable JSON form).
///   errors : kMissingData naming an angle column the series lacks, or the joints a skeleton lacks
///            ("exercise heel_raise needs left heel, right heel which coco17 lacks"); kInvalidArgument for
///            fewer than 2 frames or a non-increasing time axis.
///
/// Contract: analyse_unknown_exercise: periodicity fallback when no definition is given: every column
///   is a candidate; repetitions of the most periodic/largest-range angle; metrics without rules/score.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "exercise/exercise.hpp"
#include "exercise/feedback.hpp"
#include "exercise/metrics.hpp"
#include "exercise/score.hpp"
#include "exercise/segmentation.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/angles/swaps.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

enum class SideChoice : std::uint8_t { kAuto, kLeft, kRight };
Result<SideChoice> parse_side_choice(std::string_view s);  ///< "auto", "left", "right"

struct AnalysisOptions {
  SideChoice side = SideChoice::kAuto;
  SegmentationOptions segmentation;  ///< min_rep_s is raised to 0.5 * the exercise's tempo minimum
  double filter_cutoff_hz = 6.0;     ///< low-pass of every angle before metrics (Winter's 6 Hz)
  CueOptions cues;
  const ReferenceTemplate* reference = nullptr;       ///< correct-performance template (optional)
  kin::AngleMode angle_mode = kin::AngleMode::kAuto;  ///< LandmarkSequence input only
  /// Time spans in which the series may not hold the person (pose from video with several people in view:
  /// identity_uncertain_spans); a repetition overlapping one is not counted (dropped, with a warning).
  std::vector<std::pair<TimeUs, TimeUs>> uncertain_spans;
  /// A bilateral exercise counted and measured on one side ("left" or "right"; "" = the mean of both), with
  /// why in words: the side the camera sees (seen_side.hpp), set by analyse_exercise on landmarks.
  std::string primary_side;
  std::string primary_side_basis;
};

struct ExerciseResult {
  std::string exercise_id;
  std::string side;        ///< "left", "right", "both", "" (central)
  std::string side_basis;  ///< "given", "larger periodic range", "bilateral" (or "bilateral; counted on the
                           ///< left side, the one the camera sees: ..."), "central"
  std::string
      primary_angle;  ///< resolved ("right_knee_flexion"; bilateral: "mean of left/right_knee_flexion")
  double rate_hz = 0.0;
  std::size_t n_frames = 0;
  Segmentation segmentation;
  std::vector<RepMetrics> reps;   ///< complete and partial, in time order
  std::vector<RepCurves> curves;  ///< [reps] time-normalised template angles (for templates/reports)
  std::vector<Cue> cues;          ///< emitted by the scheduler
  SessionSummary summary;
  std::vector<std::string> warnings;
  /// What the quality score rests on, in words: a shipped movement model (its training data and
  /// validation) or the exercise's form rules alone, unvalidated (exercise/shipped_models.hpp).
  std::string score_basis{};

  std::vector<TimeUs> times;                ///< [n_frames]
  std::vector<std::string> angle_names;     ///< resolved
  std::vector<std::vector<double>> angles;  ///< [n_angles][n_frames] filtered, deg (for plots)
  std::vector<double> primary;              ///< [n_frames] filtered primary, deg
  /// Landmark input: the left/right swaps and the legs drawn at one place the angles were read with (judged
  /// on the picture); the body checks read the picture with the same repair (body_frames).
  std::optional<kin::LabelRepair> labels;
};

Result<ExerciseResult> analyse_exercise(const kin::AngleSeries& series, const Exercise& ex,
                                        const AnalysisOptions& options = {});
/// Landmarks of one sequence; when they are in the picture, they also judge the pose model's first fit
/// (opening_fit.hpp: the frames of a too-small first fit of the person are no measurement).
Result<ExerciseResult> analyse_exercise(const kin::LandmarkSequence& seq, const Exercise& ex,
                                        const AnalysisOptions& options = {});
/// A landmark file: its world landmarks when it has them (3D angles do not depend on the camera's angle),
/// else its picture's; the picture's landmarks judge the pose model's first fit.
Result<ExerciseResult> analyse_exercise(const kin::LandmarkFile& file, const Exercise& ex,
                                        const AnalysisOptions& options = {});

/// The uncertain identity spans of a landmark file from video (empty when it has none).
std::vector<std::pair<TimeUs, TimeUs>> identity_uncertain_spans(const kin::LandmarkFile& file);

Result<ExerciseResult> analyse_unknown_exercise(const kin::AngleSeries& series,
                                                const AnalysisOptions& options = {});

/// The angles (resolved names) an exercise needs from a sequence, and check_skeleton; then
/// compute_angles + compute_derived_angles merged into one AngleSeries. `picture`: the image landmarks of
/// the same frames when `seq` is world landmarks; the left/right labels are judged on them
/// (AngleOptions::labels_from).
Result<kin::AngleSeries> compute_exercise_angles(const kin::LandmarkSequence& seq, const Exercise& ex,
                                                 kin::AngleMode mode = kin::AngleMode::kAuto,
                                                 const kin::LandmarkSequence* picture = nullptr);

/// Stable JSON form (docs/metrics/exercise.md). `include_series` adds the filtered angle curves.
nlohmann::json exercise_result_to_json(const ExerciseResult& r, bool include_series = false);

}  // namespace physio::exercise
