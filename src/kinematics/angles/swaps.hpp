#pragma once
/// Left/right label swaps: pose estimators sometimes label the left leg "right" and the right leg
/// "left" for a few frames (most often when the legs cross in a side view). This finds and repairs them.
///
/// Stage contract (detect_swaps):
///   input   a LandmarkSequence
///   output  the frames whose leg (and arm) labels are exchanged
///   method  the labelling of least total cost over each chain of frames with data (a frame without any
///           landmark of the group ends a chain), found by dynamic programming (Viterbi) over the states
///           "kept" and "swapped". A frame's cost is the RMS distance of the group's landmarks, read with its
///           state, to their constant-velocity prediction from the two frames before it, read with theirs
///           (from one frame when there is only one): the sequential decision's cost, minimised over the
///           whole chain instead of frame by frame, so that a stretch of chaotic frames (legs swapped,
///           crossed and drawn onto one another in turn) does not carry a wrong labelling past it. A frame
///           read swapped costs `min_jump` times the body scale (the mean extent of the group) besides: where
///           continuity does not tell the labellings apart by that much (a still stretch), the model's own
///           labels stand. Frames given as skipped (merged legs, merged_legs.hpp) are labelled around: the
///           prediction bridges them. If more than half the labelled frames come out swapped, the model's
///           labels were the odd ones and the decision is inverted (`invert_majority`). A frame is then
///           reported swapped only with clear evidence: so read, it is nearer the frame before it (as that
///           one is read) than `cost_ratio` of its distance as given (where the model lost the body, both
///           readings are far off and the model's labels stand), and its two sides are apart.
///   limits  a swap while both sides are at the same place (legs crossing in a side view) is neither
///           detectable nor harmful, and is not reported; a swap lasting longer than about (twice the
///           legs' separation) / (min_jump x body scale) frames is cheaper left than repaired (about 15
///           frames for legs a third of their extent apart).
///
/// Groups: legs = hip, knee, ankle, heel, toes (and BlazePose's foot index); arms = shoulder, elbow,
/// wrist and hand landmarks (index, pinky, thumb).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kinematics/landmarks.hpp"

namespace physio::kin {

struct SwapOptions {
  bool legs = true;
  bool arms = true;
  double min_jump = 0.04;  ///< the cost of a frame read swapped, as a fraction of the body scale
  /// A frame is reported swapped only when, so read, it is nearer the frame before it than this fraction
  /// of its distance as given.
  double cost_ratio = 0.5;
  /// Read the whole set the other way round when most of it comes out swapped (needs the whole set).
  bool invert_majority = true;
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

struct LabelRepair {
  std::vector<std::size_t> swapped_leg_frames;  ///< increasing
  std::vector<std::size_t> swapped_arm_frames;  ///< increasing
  std::vector<std::size_t> merged_leg_frames;   ///< increasing: lower legs read between their neighbours
};

/// The labels of a recording repaired in place, as compute_angles reads them with repair_swaps: the frames
/// with both legs at one place found (merged_legs.hpp, when `merged_legs`), the swaps labelled around them
/// and applied, and those frames' lower legs read between the frames around them. Judged on `judged` (the
/// image landmarks beside world ones; `seq` itself when null or of another size) and applied to `seq`.
LabelRepair repair_labels(LandmarkSequence& seq, const LandmarkSequence* judged = nullptr,
                          const SwapOptions& opts = {}, bool merged_legs = true);
/// A repair found by repair_labels applied to another recording of the same frames (the picture whose
/// landmarks it was judged on): the swaps exchanged, the merged frames' lower legs read between neighbours.
void apply_label_repair(LandmarkSequence& seq, const LabelRepair& repair);

}  // namespace physio::kin
