#pragma once
/// Joint and segment angles of one frame at a time (live analysis), resolved once.
///
/// Stage contract (AnglePlan):
///   create  what the frames hold (skeleton, coordinate space, up axis, image size) and AngleOptions
///           (mode, angle names, facing, unwrap). The mode, the angles, their joints' landmark sources
///           and the coordinate mapping are resolved here, once. Errors: those of compute_angles.
///   compute one frame [n_landmarks] -> out [n_angles], degrees, NaN where a landmark is missing; value
///           for value what compute_angles gives for a sequence holding that frame alone: a 2D facing of
///           kAuto is decided from that frame, and no left/right swap is repaired (one frame has
///           nothing to compare with). No allocation, no string work.
///   names   the columns, in the order compute_angles gives them.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kinematics/angles/angles.hpp"

namespace physio::kin {

class AnglePlan {
 public:
  static Result<AnglePlan> create(SkeletonPtr skeleton, CoordSpace space, Axis up_axis, int image_width,
                                  int image_height, const AngleOptions& opts = {});

  const std::vector<std::string>& names() const;
  std::size_t size() const { return names().size(); }
  AngleMode mode() const;
  std::size_t n_landmarks() const;

  /// `frame` [n_landmarks()], `out` [size()]; the caller checks the sizes.
  void compute(std::span<const Landmark> frame, std::span<double> out) const;

  struct Impl;

 private:
  explicit AnglePlan(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace physio::kin
