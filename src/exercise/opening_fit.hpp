#pragma once
/// A pose model's too-small first fit of the person at the start of a recording.
///
/// Contract: OpeningFit (frames in time order, batch and live alike)
///   push   : a frame's index, its time from the first frame (s) and its torso length in the picture (neck to
///            mid-hip, pixels; 0 when not seen). The torso held is the median of the last 3 seen; the first
///            one held is the scale the model first fitted. When, within the first kOpeningFitS, the torso
///            held grows more than kRescaleGrowth (contact.hpp) over that first scale, push returns, once,
///            the first frame at the larger size: the frames before it are the model's first fit, not the
///            person (a torso looks shorter than it is when the trunk leans, never longer; the low-light
///            seated press at 25 frames/s: the torso 0.6-0.7 of the man's and the arms at 10-20 deg for 0.28
///            s, where by hand he is lowering the dumbbells from overhead). Their angles are no measurement.
///   window : kOpeningFitS is the live analyser's read-out delay (LiveOptions::seg_delay_s): frames found to
///   be
///            the first fit within it are not yet read live, so the live path leaves them out as the batch
///            path does. A later growth is left to the contact check (contact.hpp: places learnt again).

#include <array>
#include <cstddef>
#include <optional>

namespace physio::exercise {

/// How long after a recording's first frame its first fit may still be found to be too small, s.
inline constexpr double kOpeningFitS = 0.5;

class OpeningFit {
 public:
  std::optional<std::size_t> push(std::size_t index, double t_s, double torso);
  /// The first frame at the person's size when a first fit was found too small; nullopt otherwise.
  std::optional<std::size_t> found() const { return found_; }
  /// The first torso held and the one it grew to (for saying so), pixels.
  double first_torso() const { return first_; }
  double grown_torso() const { return grown_; }

 private:
  std::array<double, 3> recent_{};
  std::array<std::size_t, 3> recent_index_{};
  std::size_t n_ = 0;
  double first_ = 0.0, grown_ = 0.0;
  bool done_ = false;
  std::optional<std::size_t> found_;
};

}  // namespace physio::exercise
