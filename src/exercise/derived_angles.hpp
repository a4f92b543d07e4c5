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

/// Computes the named derived angles; `as_3d` selects the 3D geometry (world landmarks).
Result<std::vector<std::vector<double>>> compute_derived_angles(const kin::LandmarkSequence& seq,
                                                                std::span<const std::string> names,
                                                                bool as_3d, const kin::AngleSeries& base);

}  // namespace physio::exercise
