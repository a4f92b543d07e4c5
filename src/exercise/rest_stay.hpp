#pragma once
/// Where a repetition leaves rest: the stay at rest before its start crossing, read one frame at a time.
///
/// The start is the last frame near (within `tol`) the lowest value of the stay in the rest band or, when
/// the person rests above the band, the lowest value since the previous repetition ended. The series'
/// opening stay, when it lasted settle_frames or more before the crossing, is read without its first
/// edge_frames (kOpeningEdgeS): a pose tracker's first frame is its least reliable and the smoothing filter
/// spreads it, so a long rest before the first repetition ends where that repetition starts, not at frame 0.
///
/// RepSegmenter keeps one while it segments; the live analyser replays the same stay through a fresh one
/// with the range known once the repetition is complete (LiveAnalyser::refine_start). One rule, two callers.

#include <cstddef>
#include <limits>

namespace physio::exercise {

class RestStay {
 public:
  RestStay(std::size_t edge_frames, std::size_t settle_frames)
      : edge_frames_(edge_frames), settle_frames_(settle_frames) {}

  /// The series' first value is at frame `first`: the opening stay begins there.
  void open(std::size_t first);
  /// A stay after a repetition that ended at frame `end`, with value `end_value`.
  void after(std::size_t end, double end_value);
  /// A frame of the stay (a value, not NaN); `band` is the rest band's upper edge.
  void push(std::size_t frame, double value, double band, double tol);
  /// The start of a repetition whose start crossing is at frame `crossing`.
  std::size_t start(std::size_t crossing) const;
  /// The start crossing happened: the opening stay is over and the band is left.
  void leave();

 private:
  std::size_t edge_frames_, settle_frames_;
  std::size_t last_low_ = 0;  // last frame near the lowest value of the stay
  bool in_band_ = false;
  double band_min_ = 0.0;
  double rest_min_ = std::numeric_limits<double>::infinity();  // lowest value since the last repetition
  bool opening_ = false;
  std::size_t first_ = 0;
  double opening_min_ = std::numeric_limits<double>::infinity();
  std::size_t opening_low_ = 0;
};

}  // namespace physio::exercise
