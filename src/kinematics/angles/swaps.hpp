#pragma once
/// Left/right label swaps: pose estimators sometimes label the left leg "right" and the right leg
/// "left" for a few frames (most often when the legs cross in a side view). This finds and repairs them.
///
/// Stage contract (detect_swaps):
///   input   a LandmarkSequence
///   output  the frames whose leg (and arm) labels are exchanged
///   method  each frame is compared with a constant-velocity prediction from the two previous
///           (already repaired) frames: the cost of keeping the labels is the RMS distance of the
///           group's landmarks to their prediction, the cost of swapping is the same with left and right
///           exchanged. A frame is swapped when swapping costs less than `cost_ratio` times keeping and
///           keeping is off by more than `min_jump` times the body scale (the mean extent of the group).
///           If more than half the decided frames come out swapped, the first frames were the swapped
///           ones and the decision is inverted. The first frame of a chain (the first frame with data, or
///           the first after a gap) is a pose tracker's least reliable (the person found, not yet
///           followed): when the second frame would be swapped against it, the first frame is the one
///           swapped and the chain takes the second frame's labels.
///   limits  a swap while both legs are at the same place (legs crossing in a side view) is neither
///           detectable nor harmful; a swap that starts in the first two frames and lasts more than half
///           the sequence is taken for the correct labelling.
///
/// Groups: legs = hip, knee, ankle, heel, toes (and BlazePose's foot index); arms = shoulder, elbow,
/// wrist and hand landmarks (index, pinky, thumb).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kinematics/landmarks.hpp"

namespace physio::kin {

struct SwapOptions {
  bool legs = true;
  bool arms = true;
  double cost_ratio = 0.5;  ///< swapping must cost less than this fraction of keeping
  double min_jump = 0.04;   ///< keeping must be off by more than this fraction of the body scale
};

struct SwapReport {
  std::vector<std::size_t> leg_frames;  ///< increasing
  std::vector<std::size_t> arm_frames;  ///< increasing
};

/// Finds swapped frames; the sequence is not modified.
SwapReport detect_swaps(const LandmarkSequence& seq, const SwapOptions& opts = {});
/// Exchanges the left/right landmarks of the listed frames, in place.
void apply_swaps(LandmarkSequence& seq, const SwapReport& swaps);
/// detect_swaps then apply_swaps; returns what was repaired.
SwapReport repair_swaps(LandmarkSequence& seq, const SwapOptions& opts = {});

/// detect_swaps for frames that arrive one at a time (live analysis): the same decision per frame and group,
/// the first frame of a chain judged against the second as there, with the body scale the mean extent of
/// the frames seen so far (detect_swaps: of the whole sequence). Not made: the inversion of a sequence that
/// comes out mostly swapped, which needs the whole sequence.
class SwapFollower {
 public:
  SwapFollower(const Skeleton& skeleton, CoordSpace space, int image_width, int image_height,
               const SwapOptions& opts = {});
  ~SwapFollower();
  SwapFollower(SwapFollower&&) noexcept;
  SwapFollower& operator=(SwapFollower&&) noexcept;
  /// The next frame (the skeleton's landmarks), read with its labels repaired into `out`.
  void repair(std::span<const Landmark> frame, std::vector<Landmark>& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace physio::kin
