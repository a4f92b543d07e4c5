#pragma once
/// Joint angle and range of motion of a hinge-like joint (knee, elbow) from two IMUs, one on each segment
/// (proximal: thigh; distal: shank).
///
/// Contract: compute_joint_rom
///   inputs : two synchronised ImuRecordings (same length and rate) with acc m/s^2 and gyr rad/s. The
///            recording must contain a static pose with the joint at its reference (knee: standing, fully
///            extended = 0 deg) in [static_start_s, static_start_s + static_duration_s) (default: its first
///            second), and flexion-extension movements.
///   method : 1. Orientation of each sensor (compute_orientation, 6D offline filter); relative orientation
///               q_rel = q_prox^-1 q_dist (distal sensor -> proximal sensor).
///            2. Static calibration: q_rel0 = mean q_rel over the static window; the joint rotation,
///               expressed in the proximal sensor frame, is D(t) = q_rel(t) q_rel0^-1 (identity in the pose).
///               This removes both mounting rotations except how the proximal sensor is turned about the
///               joint axis, which the twist below does not need.
///            2b. Heading alignment: each 6D filter has an arbitrary heading, so q_rel is formed as
///               q_prox^-1 Rz(delta) q_dist with the delta (1-deg grid, then golden section) that makes the
///               relative angular velocity most one-dimensional (hinge constraint). With a still proximal
///               segment delta is unobservable and, for a hinge, irrelevant to the angle.
///            3. Functional calibration of the flexion axis (as in Seel et al., Sensors 14:6891, 2014, and
///               Favre et al., J Biomech 2009): the dominant direction (largest principal axis) of the
///               relative angular velocity w_rel = R_rel w_dist - w_prox over the samples where either
///               segment turns faster than functional_min_rate_dps. Its sign is chosen so that the largest
///               excursion is positive.
///            4. Flexion angle = the twist of D(t) about that axis (swing-twist decomposition), deg.
///            5. Repetitions: peaks with hysteresis rep_hysteresis_deg (a peak is confirmed when the angle
///               falls that far below it; a trough when it rises that far above it).
///   outputs: angle series, the axis (proximal sensor frame), axis dominance (largest eigenvalue / trace
///            of the w_rel scatter: 1 for a pure hinge), max/min/ROM in deg, repetitions.
///   errors : kMissingData without gyro on either sensor, for too short data, or without movement to find
///            the axis; kInvalidArgument for different lengths/rates, NaN/inf, a calibration window outside
///            the recording or one that is not static (mean |gyr| > max_static_gyr_rps on either sensor).
///   limits : soft-tissue motion moves the sensors against the bones (several degrees at the thigh);
///            without a magnetometer each sensor's heading drifts independently, which leaks into the angle
///            only through rotation about the vertical that is not about the joint axis (small for a hinge
///            moved in a vertical plane, larger for long recordings with the thigh horizontal); the result
///            is relative to the calibration pose (a flexed "extended" pose offsets all angles).

#include <cmath>
#include <limits>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct JointRomOptions {
  double static_start_s = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the first sample
  double static_duration_s = 1.0;
  double max_static_gyr_rps = 0.2;
  double functional_min_rate_dps = 20.0;
  double rep_hysteresis_deg = 15.0;
  double min_duration_s = 2.0;
};

struct JointRepetition {
  double peak_s = 0.0;
  double peak_deg = 0.0;
  double trough_before_deg = 0.0;
  double rom_deg = 0.0;  ///< peak - preceding trough
};

struct JointRomResult {
  std::vector<double> t_s;        // [n]
  std::vector<double> angle_deg;  // [n]
  Vec3 axis_proximal = Vec3::UnitY();
  double axis_dominance = 0.0;
  double heading_offset_deg = 0.0;  ///< heading between the two sensors' 6D earth frames (hinge fit)
  double max_deg = 0.0;
  double min_deg = 0.0;
  double rom_deg = 0.0;
  std::vector<JointRepetition> repetitions;
};

Result<JointRomResult> compute_joint_rom(const ImuRecording& proximal, const ImuRecording& distal,
                                         const JointRomOptions& options);

/// Summary (angles, axis, repetitions); `include_series` adds the angle time series.
nlohmann::json joint_rom_to_json(const JointRomResult& r, bool include_series = false);

}  // namespace physio::imu
