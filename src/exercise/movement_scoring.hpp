#pragma once
/// Scoring an analysed recording with a movement model (movement_model.hpp).
///
/// Contract: repetition_features
///   inputs : an ExerciseResult and the LandmarkSequence it was computed from (same frames).
///   outputs: [result.reps] MovementFeatures over movement_windows() of the repetitions, each with the
///            repetition's duration and its rule deductions (kRulePointsFeature) appended, described
///            with options (rep_movement_features); options.mirror applies to a unilateral exercise
///            analysed on the left side only, so that "right_*" features are the working side's for
///            either side. apply_movement_model passes the model's feature_options.
///   errors : kInvalidArgument when the frame counts differ; errors of rep_movement_features, with the
///            repetition number.
///
/// Contract: apply_movement_model
///   effect : every repetition's quality re-scored with the model (apply_movement_assessment), the
///            session score recomputed; a warning when fewer than half of the model's features exist in
///            the input (another skeleton or 2D data against a 3D model), and one when the repetitions'
///            median distance (RMS z) exceeds twice the 95th percentile of the training repetitions'
///            (unfamiliar input: another camera, skeleton or population).
///   errors : kInvalidArgument when the model is for another exercise; errors of repetition_features.

#include <vector>

#include "core/error.hpp"
#include "exercise/analyse.hpp"
#include "exercise/movement_model.hpp"

namespace physio::exercise {

Result<std::vector<MovementFeatures>> repetition_features(const ExerciseResult& result,
                                                          const kin::LandmarkSequence& seq,
                                                          const FeatureOptions& options = {});

Status apply_movement_model(ExerciseResult& result, const kin::LandmarkSequence& seq,
                            const MovementModel& model);

}  // namespace physio::exercise
