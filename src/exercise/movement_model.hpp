#pragma once
/// Movement model: how one repetition's whole-body movement compares with correct performance of the
/// same exercise, as a probability that it is correct and the body parts that make it look wrong.
///
/// Contract: rep_movement_features
///   inputs : a LandmarkSequence (3D world metres or 2D image) and one repetition's frame range.
///   outputs: MovementFeatures: for every joint of kMovementJoints the skeleton has, its position in a
///            body frame fixed at the start of the repetition, per axis (lateral towards the person's
///            left, up, forward; 2D: forward = the image's horizontal towards the facing direction, no
///            lateral), summarised over the window as min, max, mean and SD, the joint's peak speed
///            (trunk lengths/s), plus the repetition's duration (s).
///            Body frame: origin the mid-hip, axes from the hip line and the up axis, averaged over the
///            first kBodyFrameFrames frames; positions in trunk lengths (mid-hip to mid-shoulder), so that
///            people of different size compare. A joint missing in every frame gives NaN features.
///            With options.mirror, the mirror image is described (left/right swapped, lateral reversed,
///            forward kept), so one model describes a unilateral exercise done on either side. With
///            options.rest_relative, min/max/mean are relative to the joint's own rest position.
///   errors : kInvalidArgument for an empty or out-of-range repetition; kMissingData when the hips or
///            shoulders are missing at the start of the repetition (no body frame).
///
/// Contract: fit_movement_model
///   inputs : labelled feature vectors (correct / incorrect, and a group = the person, for nested
///            validation), all with the same feature names.
///   method : features standardised by the correct repetitions' mean and SD (z). With incorrect examples:
///            a shrinkage linear discriminant (pooled within-class covariance C, shrunk to its mean
///            variance: (1 - lambda) C + lambda tr(C)/d I; w = C^-1 (mean_correct - mean_incorrect)),
///            lambda chosen from options.shrinkage_grid by leave-one-group-out AUC inside the training
///            data (>= 3 groups; else options.default_shrinkage); the projection s = w.z is scaled so
///            that the two training class means are 1 apart; score p = logistic(kMovementScoreSlope *
///            (s - midpoint)), midpoint half-way between the held-out (leave-one-group-out) class means,
///            so that a repetition typical of correct performance scores about 88 and one typical of the
///            incorrect examples about 12. p is a score, not a calibrated probability (a slope fitted per
///            model made the scores of different models less comparable: docs/validation/ui-prmd.md).
///            Without incorrect examples:
///            one-class, s = -RMS(z), deduction from d_ok = 75th percentile of the training distances.
///            Features missing (NaN) in more than 10 % of the training repetitions, or constant, are
///            dropped; a missing value is replaced by the correct mean (z = 0).
///   errors : kMissingData with fewer than 2 correct repetitions or when no feature is usable;
///            kInvalidArgument when feature vectors differ in length.
///
/// Contract: assess_movement
///   outputs: MovementAssessment: the probability of correct performance, the points it deducts
///            (kMovementMaxPoints * (1 - p); one-class: as the angle template), and the features that
///            pull it down most, in words with the size of the difference.

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

inline constexpr double kMovementMaxPoints = 60.0;
inline constexpr double kMovementScoreSlope = 4.0;  ///< logit per unit of the scaled projection
inline constexpr std::size_t kBodyFrameFrames = 5;

/// The joints whose movement is described (those the skeleton has are used).
std::span<const kin::Joint> movement_joints();

struct MovementFeatures {
  std::vector<std::string> names;  ///< "left_wrist.up.max", "left_wrist.speed.max", ..., "duration_s"
  std::vector<double> values;      ///< [names]
  double trunk_length = 0.0;       ///< in the sequence's units (m for 3D world data)
  bool metres = false;             ///< 3D world data: differences can be given in cm
  bool mirrored = false;           ///< described as its mirror image (left/right swapped)
};

/// Feature windows of consecutive repetitions: each repetition's frames extended to half-way through
/// the rest before and after it (the first from frame 0, the last to the final frame), so that the
/// posture at rest between repetitions is part of the description. [reps] of (first, last) frame.
std::vector<std::pair<std::size_t, std::size_t>> movement_windows(std::span<const std::size_t> starts,
                                                                  std::span<const std::size_t> ends,
                                                                  std::size_t n_frames);

/// How a repetition is described (chosen per model by the nested validation, stored with it).
struct FeatureOptions {
  /// Describe the mirror image (left and right joints swapped, the lateral axis reversed), so that a
  /// repetition done with the left limb is described as the same movement done with the right.
  /// repetition_features applies it to repetitions analysed on the left side only.
  bool mirror = false;
  /// Each joint's lowest, highest and mean position relative to its own position at rest (the first
  /// kBodyFrameFrames frames of the window) instead of relative to the mid-hip: how far the person moved
  /// each joint from their own starting posture, independent of their proportions and stance.
  bool rest_relative = false;
};

/// The features of the same repetition performed `factor` times as long (a person moving at another
/// tempo): duration_s x factor, every peak speed / factor, positions unchanged. For training-data
/// augmentation: the models should not learn the training subjects' tempo as a sign of correct form.
std::vector<double> with_tempo(std::span<const std::string> names, std::span<const double> values,
                               double factor);

/// duration_s < 0: the window's own duration.
Result<MovementFeatures> rep_movement_features(const kin::LandmarkSequence& seq, std::size_t start_frame,
                                               std::size_t end_frame, double duration_s = -1.0,
                                               const FeatureOptions& options = {});

struct LabelledFeatures {
  std::vector<double> values;
  bool correct = true;
  std::string group;  ///< the person (for leave-one-group-out inside the training data)
  /// A synthetic variant of a repetition (augmentation, e.g. with_tempo): fitted on, but not counted, not
  /// held out in the nested validation and not used for the score's calibration.
  bool augmented = false;
};

struct MovementModelOptions {
  std::vector<double> shrinkage_grid = {0.2, 0.4, 0.6, 0.8, 0.95};
  double default_shrinkage = 0.8;  ///< fewer than 3 groups
};

struct MovementModel {
  std::string exercise_id;
  std::vector<std::string> names;  ///< features used
  std::vector<std::size_t> index;  ///< [names] position in the input feature vectors
  std::vector<double> mean, sd;    ///< correct repetitions, [names]
  std::vector<double> weights;     ///< [names]; empty = one-class
  double shrinkage = 0.0;
  double midpoint = 0.5;  ///< projection half-way between the class means (scaled: means 0 and 1)
  double slope = kMovementScoreSlope;  ///< logistic slope of the score
  double d_ok = 1.0;                   ///< one-class
  double d_bad = 3.0;
  int n_correct = 0, n_incorrect = 0, n_groups = 0;
  double typical_distance = 0.0;  ///< 95th percentile of the training repetitions' RMS z (0 = unknown)
  /// The inner estimate: leave-one-group-out AUC inside the training data at the chosen shrinkage (the
  /// best of the grid, so optimistic); NaN when not computed (fewer than 3 groups, one-class).
  double inner_auc = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> input_names;  ///< the full feature list the model was fitted on
  /// How the repetitions were described when fitting (mirror = left-sided ones mirrored, the working side
  /// described as the right); repetitions it scores are described the same way.
  FeatureOptions feature_options;
};

Result<MovementModel> fit_movement_model(const std::string& exercise_id, std::span<const std::string> names,
                                         std::span<const LabelledFeatures> data,
                                         const MovementModelOptions& options = {});

/// Projection of one repetition (discriminant: higher = more like correct performance; one-class:
/// minus the RMS z distance).
double movement_projection(const MovementModel& model, std::span<const double> values);

struct MovementReason {
  std::string feature;
  std::string text;     ///< "left wrist highest point 12 cm lower than in correct repetitions"
  double z = 0.0;       ///< standardised difference from correct performance
  double weight = 0.0;  ///< share of the deduction
};

/// Name of the optional feature holding a repetition's rule deductions (partial + violated rules, points),
/// so that a discriminant model weighs the form rules against the movement on data.
inline constexpr const char* kRulePointsFeature = "rule_points";

struct MovementAssessment {
  bool discriminant = false;  ///< fitted with incorrect examples: p_correct is a calibrated probability
  double projection = 0.0;
  double p_correct = 1.0;  ///< discriminant: the score / 100 (see fit); one-class: 1 - deduction fraction
  double points = 0.0;     ///< one-class deduction, 0..kMovementMaxPoints
  std::vector<MovementReason> reasons;   ///< up to 3 movement features, largest first (weight = share)
  double rules_share = 0.0;              ///< share of the pull towards "incorrect" from kRulePointsFeature
  double other_share = 0.0;              ///< share from movement features not in `reasons`
  std::vector<std::string> other_parts;  ///< up to 3 body parts ("right wrist", "timing") with most of it
  double distance = 0.0;                 ///< RMS z over the model's features (how unusual the repetition is)
};

MovementAssessment assess_movement(const MovementModel& model, const MovementFeatures& features);

/// Area under the ROC curve of scores (positives vs negatives), ties counted half; NaN if a class is empty.
double roc_auc(std::span<const double> positives, std::span<const double> negatives);

/// Plain words for a feature name ("left wrist highest point").
std::string describe_movement_feature(const std::string& name);

nlohmann::json movement_model_to_json(const MovementModel& m);
Result<MovementModel> movement_model_from_json(const nlohmann::json& j);

}  // namespace physio::exercise
