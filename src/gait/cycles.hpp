#pragma once
/// Sagittal hip, knee and ankle angles over the gait cycle.
///
/// Contract: compute_angle_curves
///   inputs : the landmark sequence, its WalkTrack, the strides (gait_video.hpp) and which sides' events
///            were kept.
///   method : the 2D angles of kinematics/angles (Sports2D conventions, docs/metrics/angles.md:
///            hip_flexion, knee_flexion, ankle_dorsiflexion; flexion and dorsiflexion positive), low-pass
///            filtered like the landmarks (walk_track.hpp), each stride resampled linearly to 101 points
///            (0 % = initial contact, 100 % = the same foot's next contact); mean and SD across strides.
///            A stride with a missing angle in it is left out.
///   outputs: per side with strides, per angle: the curve, its maximum and minimum (value and % of the
///            cycle), the value at initial contact, and the range of the mean curve.

#include <vector>

#include "core/error.hpp"
#include "gait/gait_video.hpp"

namespace physio::gait {

inline constexpr std::size_t kCyclePoints = 101;

Result<std::vector<AngleCurve>> compute_angle_curves(const kin::LandmarkSequence& seq, const WalkTrack& walk,
                                                     const std::vector<Stride>& strides);

/// `v` over [first, last] (inclusive indices, times t_s) resampled to kCyclePoints points; empty when a value
/// is NaN. Exposed for tests.
std::vector<double> normalise_cycle(const std::vector<double>& v, const std::vector<double>& t_s,
                                    std::size_t first, std::size_t last);

}  // namespace physio::gait
