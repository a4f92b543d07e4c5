#pragma once
/// Angles the exercise module derives itself, beyond compute_angles: the clinical measures that
/// exercises and compensations need (shoulder rotation and elevation, knee valgus, shrug, pelvic
/// obliquity, trunk flexion in one convention for 2D and 3D). docs/metrics/exercise.md defines each.
///
/// Contract: compute_derived_angles
///   inputs : a LandmarkSequence [n_frames, n_landmarks]; names from derived_angle_specs();
///            `base` = the compute_angles result on the same sequence (2D trunk_flexion is read from
///            its "trunk" column when present).
///   outputs: one column [n_frames] in degrees per name, NaN where a joint is missing or the geometry
///            is undefined.
///   errors : kUnsupported for a 3D-only angle on 2D data; kMissingData naming the joints the skeleton
///            lacks; kInvalidArgument for an unknown name.

#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

struct DerivedAngleSpec {
  std::string name;
  std::string description;
  std::vector<kin::Joint> joints;
  bool supports_2d = true;
};

/// Every derived angle (right side before left).
std::span<const DerivedAngleSpec> derived_angle_specs();
const DerivedAngleSpec* find_derived_angle(std::string_view name);

/// The named derived angles of one frame at a time, resolved once (live analysis). compute() gives, value
/// for value, what compute_derived_angles gives for a sequence holding that frame alone; no allocation.
class DerivedAnglePlan {
 public:
  /// What the frames hold, the names and the geometry; errors: those of compute_derived_angles.
  static Result<DerivedAnglePlan> create(kin::SkeletonPtr skeleton, kin::CoordSpace space, kin::Axis up_axis,
                                         int image_width, int image_height,
                                         std::span<const std::string> names, bool as_3d);
  std::size_t size() const { return defs_.size(); }
  /// `frame` [n_landmarks]; `trunk2d` the frame's 2D "trunk" angle from compute_angles (NaN when absent;
  /// unused in 3D); `out` [size()], degrees, NaN where undefined.
  void compute(std::span<const kin::Landmark> frame, double trunk2d, std::span<double> out) const;

 private:
  DerivedAnglePlan() = default;
  kin::SkeletonPtr skeleton_;
  std::vector<std::size_t> defs_;  ///< [size()] into the definitions
  bool as_3d_ = false;
  double sx_ = 1.0, sy_ = 1.0;
  std::array<double, 3> up_{};
};

/// Computes the named derived angles; `as_3d` selects the 3D geometry (world landmarks).
Result<std::vector<std::vector<double>>> compute_derived_angles(const kin::LandmarkSequence& seq,
                                                                std::span<const std::string> names,
                                                                bool as_3d, const kin::AngleSeries& base);

}  // namespace physio::exercise
