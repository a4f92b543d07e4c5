#pragma once
/// Preconditions of an exercise, checked before its repetitions are counted and scored.
///
/// Contract: check_exercise_applicability
///   inputs : the exercise, the analysis result, and the landmarks it came from (image coordinates
///            give the view check; world landmarks skip it).
///   checks : (1) one person: the hips never jump by more than half a torso length plus what walking
///            covers in the time between two frames (3 torso lengths/s; frames up to 0.5 s apart, so
///            across short gaps too): a pose estimator that switches people joins two into one series; (2)
///            upright: the neck is never below the hips in the image (a flip, a fall, lying down) for
///            exercises done standing or sitting; (3) one of the views the exercise is assessed from
///            (`views`; side: the shoulders overlap, width under 0.45 torso lengths in most frames; front:
///            they do not; the hips at half that when a shoulder is hidden: body_checks.hpp); (4) movement of
///            the expected kind: at least one complete repetition (starting after the first frame, and
///            ending before the last or at it with the angle back at rest, so none cut off by the recording's
///            ends is counted; lasting 0.75 x tempo_min to 1.5 x tempo_max, done in place with the feet on
///            the floor: body_checks.hpp's rep_not_counted), whose primary-angle range reaches 40 % of the
///            exercise's typical range, and for exercises with a `moving_limb` the limb moves the
///            exercise's way in the image (forward/backward in a side view, out to the side in a front
///            view) in most of those repetitions (exercise/limb_direction.hpp); a bilateral exercise moves
///            both sides (the smaller side's range at least kMinBilateralRatio of the larger's, median
///            over those repetitions) and a unilateral one whose other side rests keeps it under
///            kMaxOtherSideRatio of the working side's range; (5) rhythm: the recording is
///            at least as long as the shortest typical repetition.
///   outputs: Applicability (valid, reasons: the precondition, what the recording looks like, and what to
///            change: "Film from the side", "Only one person in view").
/// The thresholds are physical limits (a person cannot move half a torso in 1/30 s) and fractions of
/// the exercise's own documented range, not fitted to any recording.

#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "exercise/analyse.hpp"
#include "exercise/body_checks.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

/// The preconditions of `ex` in words, for `physio exercises show` and the report.
std::vector<std::string> exercise_preconditions(const Exercise& ex);

Applicability check_exercise_applicability(const Exercise& ex, const ExerciseResult& result,
                                           const kin::LandmarkSequence& seq);

/// Marks the repetitions that do not count (RepMetrics::not_counted, body_checks.hpp's rep_not_counted with
/// the image landmarks `seq`), numbers the others 1.. and recomputes the summary over them: the count the
/// live analyser gives for the same frames. Call before check_exercise_applicability.
void count_repetitions(const Exercise& ex, ExerciseResult& result, const kin::LandmarkSequence& seq);

}  // namespace physio::exercise
