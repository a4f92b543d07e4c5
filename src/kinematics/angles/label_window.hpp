#pragma once
/// Left/right labels and merged legs repaired for frames that arrive one at a time (live analysis).
///
/// Contract: LabelWindow
///   push    a frame's time (increasing), the landmarks measured and those the labels are judged on (the
///           image landmarks beside world ones; the same frame when the measured ones are the image's).
///   pop     the frames handed out, oldest first: each once at least `lag_s` of later frames has arrived (in
///           groups: when the oldest frame due has `lag_s` + `step_s` after it, every frame with `lag_s`
///           after it, from one repair; all of them at finish), with its measured landmarks read as the
///           recording's repair reads them, its judged landmarks as given and, as `picture`, repaired alike.
///   method  the recording's repair (compute_angles with repair_swaps: merged_legs.hpp, then the labelling of
///           swaps.hpp, then the merged frames read between their neighbours) run over the frames from
///           `history_s` before the frames handed out to the newest (`lag_s` to `lag_s` + `step_s` after
///           them). One repair per group keeps the cost per frame near the frame-by-frame repair's. The lag
///           covers the merged-leg window (0.2 s) and the longest stretch read between neighbours (0.5 s, the
///           gap filled in a recording) is found in it as far as its end.
///   differs from the recording's repair only where the labels of a frame depend on frames more than
///           `history_s` before it or `lag_s` after it, and in that a set mostly swapped is not read the
///           other way round (that needs the whole set), and the body scale is that of the window.

#include <cstddef>
#include <deque>
#include <span>
#include <vector>

#include "core/time.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

class LabelWindow {
 public:
  struct Options {
    double lag_s = 0.5;      ///< a frame is handed out once at least this much later has arrived
    double step_s = 0.25;    ///< frames are handed out in groups, once the oldest due has lag_s + step_s
    double history_s = 2.0;  ///< frames this long before it are kept for its labelling
  };
  struct Ready {
    TimeUs t = 0;
    std::vector<Landmark> measured;  ///< repaired
    std::vector<Landmark> judged;    ///< as given
    /// The judged landmarks repaired as the measured ones are (the picture the body checks read: a foot
    /// drawn onto the other is read between its neighbours there too).
    std::vector<Landmark> picture;
  };

  /// `judged_space`: the space of the judged landmarks (image, normalised to `image_width` x `image_height`
  /// when known).
  LabelWindow(SkeletonPtr skeleton, CoordSpace measured_space, CoordSpace judged_space, int image_width,
              int image_height, Options opts);
  LabelWindow(SkeletonPtr skeleton, CoordSpace measured_space, CoordSpace judged_space, int image_width,
              int image_height)
      : LabelWindow(std::move(skeleton), measured_space, judged_space, image_width, image_height, Options{}) {
  }

  void push(TimeUs t, std::span<const Landmark> measured, std::span<const Landmark> judged);
  /// The next frame handed out, if any.
  bool pop(Ready& out);
  /// Every frame still held is handed out.
  void finish();

 private:
  struct Frame {
    TimeUs t;
    std::vector<Landmark> measured, judged;
  };
  void hand_out(std::size_t begin, std::size_t end);  // buffer indices [begin, end), due

  SkeletonPtr skeleton_;
  CoordSpace measured_space_, judged_space_;
  int image_width_, image_height_;
  Options opts_;
  std::deque<Frame> frames_;  ///< from history_s before the next frame due to the newest
  std::size_t next_ = 0;      ///< index in frames_ of the next frame due
  std::deque<Ready> ready_;
};

}  // namespace physio::kin
