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
///            exercises done standing or sitting; (3) the view the exercise is defined in (side: the
///            shoulders overlap, width under 0.45 torso lengths in most frames; front: they do not, over
///            0.45); (4) movement of the expected kind: at least one complete repetition (starting after the
///            first frame, and ending before the last or at it with the angle back at rest, so none cut
///            off by the recording's ends is counted;
///            lasting 0.75 x tempo_min to 1.5 x tempo_max), whose primary-angle range reaches 40 % of the
///            exercise's typical range, and for exercises with a `moving_limb` the limb moves the
///            exercise's way in the image (forward/backward in a side view, out to the side in a front
///            view) in most of those repetitions (exercise/limb_direction.hpp); a bilateral exercise moves
///            both sides (the smaller side's range at least kMinBilateralRatio of the larger's, median
///            over those repetitions) and a unilateral one whose other side rests keeps it under
///            kMaxOtherSideRatio of the working side's range; (5) rhythm: the recording is
///            at least as long as the shortest typical repetition.
///   outputs: Applicability (valid, reasons: the precondition and what the recording looks like).
/// The thresholds are physical limits (a person cannot move half a torso in 1/30 s) and fractions of
/// the exercise's own documented range, not fitted to any recording.

#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "exercise/analyse.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

inline constexpr double kMinRangeFraction = 0.4;
inline constexpr double kMaxJumpTorso = 0.5, kWalkTorsoPerS = 3.0, kMaxGapS = 0.5;
inline constexpr double kSideViewMaxWidth = 0.45;
/// Sides: a bilateral exercise's smaller side moves at least a quarter of the larger side's range (median
/// over repetitions; a patient favouring one knee stays well above, a one-legged movement falls below); a
/// unilateral exercise whose other side rests has that side moving under 80 % of the working side's range.
inline constexpr double kMinBilateralRatio = 0.25, kMaxOtherSideRatio = 0.8;
/// A repetition lasts between 0.75 x the exercise's shortest and 1.5 x its longest typical duration.
inline constexpr double kMinTempoFraction = 0.75, kMaxTempoFactor = 1.5;

/// The preconditions of `ex` in words, for `physio exercises show` and the report.
std::vector<std::string> exercise_preconditions(const Exercise& ex);

Applicability check_exercise_applicability(const Exercise& ex, const ExerciseResult& result,
                                           const kin::LandmarkSequence& seq);

}  // namespace physio::exercise
