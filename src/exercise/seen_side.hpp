#pragma once
/// The side of a bilateral exercise the camera sees, when it sees only one.
///
/// Contract: SeenSideJudge
///   inputs : the exercise; frames of landmarks of `skeleton` as they arrive (an empty or all-missing frame =
///            nobody found), with the pose model's visibility (0-1; a source without visibility says
///            nothing and no side is chosen).
///   rule   : over the first kSeenSideFrames frames in which every landmark of the primary angle is placed
///            on both sides, each side's visibility is the least of its primary-angle landmarks (the
///            elbow flexion's shoulder, elbow and wrist); a side whose median is under kSeenVisibility (the
///            pose model's own "not seen", body_checks.hpp) while the other's is at least kClearlySeen is
///            hidden, and the exercise is counted and measured on the other side alone. Otherwise (a front
///            view, both seen; neither seen well; no visibility given; fewer frames) both sides, their mean.
///   why    : in a side view the far limb is behind the body and its landmarks are the model's guess.
///            Two pose models guess it differently (the wall push-up's far elbow: 49 deg in the browser's
///            model, 66 deg in the server's, the near one 61 and 62 deg), and the mean of both sides carries
///            the guess into the count and every range reported.
///   outputs: decided() once the frames are in (or finish() at the end of a shorter recording); side() is
///            "left", "right" or "" (both); basis() says why in words.
/// The batch analysis (analyse_exercise on landmarks) and the live analyser (LiveLandmarkAnalyser) judge
/// the same first frames the same way, so a recording gets the same side both ways.

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "exercise/exercise.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

/// Frames judged: half a second at 30 frames/s; decided on what was judged by this many frames at most
/// (a recording whose person comes into view late, or a source that does not place one side).
inline constexpr std::size_t kSeenSideFrames = 15;
inline constexpr std::size_t kSeenSideMaxFrames = 45;
/// A side the model sees clearly: median visibility at least this.
inline constexpr double kClearlySeen = 0.8;

class SeenSideJudge {
 public:
  SeenSideJudge(const Exercise& ex, const kin::Skeleton& skeleton);
  /// Takes one frame until decided (then does nothing); every frame counts toward kSeenSideMaxFrames.
  void push(std::span<const kin::Landmark> frame);
  /// Decides on the frames taken so far (a recording shorter than kSeenSideFrames).
  void finish();
  bool decided() const { return decided_; }
  const std::string& side() const { return side_; }
  const std::string& basis() const { return basis_; }
  /// Median visibility of each side's least visible primary-angle landmark (NaN before the decision or
  /// without frames).
  double left_visibility() const { return vis_[0]; }
  double right_visibility() const { return vis_[1]; }

 private:
  void decide();
  bool applies_ = false;
  std::size_t pushed_ = 0;
  std::vector<int> landmarks_[2];  // the primary angle's landmark indices, left and right
  std::vector<double> seen_[2];    // per judged frame: the least visibility of that side's landmarks
  std::string angle_[2];
  bool decided_ = false;
  std::string side_, basis_;
  double vis_[2];
};

/// The primary angle of a bilateral exercise at one frame: the side `only` (0 left, 1 right) when one is
/// chosen, the other where it is missing; else the mean of both, either alone where the other is missing.
inline double bilateral_primary(double left, double right, int only) {
  if (only == 0) return std::isnan(left) ? right : left;
  if (only == 1) return std::isnan(right) ? left : right;
  return std::isnan(left) ? right : std::isnan(right) ? left : 0.5 * (left + right);
}

/// 0 for "left", 1 for "right", -1 for both.
inline int side_index(const std::string& side) {
  return side == "left" ? 0 : side == "right" ? 1 : -1;
}

/// The whole rule on a recording: its first frames, as SeenSideJudge.
SeenSideJudge judge_seen_side(const Exercise& ex, const kin::LandmarkSequence& seq);

}  // namespace physio::exercise
