#pragma once
/// Frames where a pose model drew both legs onto one: in profile the hidden leg is often placed on the seen
/// one for a frame or a few (both knees and both ankles at one place), between frames where the legs stand
/// apart. Such a frame is no measurement of either leg.
///
/// Contract: merged_leg_frames
///   input   a LandmarkSequence (image landmarks are best: a merge is plain in the picture)
///   output  increasing frame indices where the knees are nearer each other than `fraction` of their
///           median distance over the frames within `window_s` before and after (the frame itself left out),
///           and the ankles are too, where the knees stand apart (their median distance at least
///           `min_apart` thigh lengths). A frame needs both knees and both ankles, and the window at least
///           half its frames with them.
///   why     the legs cannot come together at knee and ankle and part again within the window while the
///           feet keep their places: a step swings the foot for at least 0.34 s (40 % of a gait cycle at a
///           brisk 140 steps/min; Perry and Burnfield, Gait Analysis, 2nd ed. 2010), and a person standing
///           with the legs together keeps them together (the median over the window is small then, and
///           nothing is found). Legs crossing in a walk seen from the side are found (they meet between
///           frames where they are apart); read between their neighbours, those frames change little.
///   limits  a merge longer than the window is not found (the median is then the merged distance); a step
///           out and back (a side lunge) brings the legs together between frames where they are apart, and
///           those frames are read between their neighbours too (little changes on a smooth step).

#include <cstddef>
#include <vector>

#include "kinematics/landmarks.hpp"

namespace physio::kin {

struct MergedLegsOptions {
  double window_s = 0.2;  ///< the frames compared: this long before and after
  double fraction = 0.5;  ///< nearer than this fraction of the window's median distance
  /// Only where the knees stand apart: their median distance over the window at least this many thigh
  /// lengths (hip to knee, the window's median). Legs side by side have nothing to lose, and the distance
  /// between them is the landmarks' noise.
  double min_apart = 0.25;
};

std::vector<std::size_t> merged_leg_frames(const LandmarkSequence& seq, const MergedLegsOptions& opts = {});

/// The leg landmarks below the hips (knee, ankle, heel, toes) of a skeleton, both sides.
std::vector<std::size_t> lower_leg_landmarks(const Skeleton& s);

/// Reads the listed landmarks of the listed frames anew: linear between the nearest frames before and after
/// where the landmark is present, when those are at most `max_gap_s` apart; otherwise missing.
void interpolate_frames(LandmarkSequence& seq, const std::vector<std::size_t>& frames,
                        const std::vector<std::size_t>& landmarks, double max_gap_s = 0.5);

}  // namespace physio::kin
