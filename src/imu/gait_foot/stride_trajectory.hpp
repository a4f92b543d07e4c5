#pragma once
/// Stage 4: foot trajectory of one min_vel stride (mid-stance to mid-stance) by strapdown integration
/// with zero-velocity updates at both ends (Rampp et al. 2015; gaitmap StrideLevelTrajectory layout).
///
/// Method:
///   - Initial orientation: gravity = mean FSF acc over `align_window` samples centred on the start
///     (gaitmap align_window_width = 8); the smallest rotation taking it to +z, so the world frame has the
///     foot's heading at the start (x forward, y left, z up; a "stride frame").
///   - Orientation: gyro integration, q_{i+1} = q_i * exp(w_i dt) (gaitmap SimpleGyroIntegration).
///   - Acceleration in the world frame minus gravity (0, 0, 9.81), trapezoidal integration to velocity.
///   - Drift: the foot is still at both mid-stances, so v(end) must be 0; the residual is removed linearly
///     in time, v_c(t_i) = v(t_i) - v(t_N) * i / N (bias and gravity-leak errors grow about linearly
///     between ZUPTs). Position = trapezoidal integral of v_c. Level-ground assumption for height only:
///     z_c(i) = z(i) - z(N) * i / N (stride ends at the start height).
///
/// Contract: compute_stride_trajectory
///   inputs : FSF acc [n, 3] m/s^2, gyr [n, 3] rad/s, rate_hz, stride [start, end] (end < n, end > start).
///   outputs: `StrideTrajectory` with end - start + 1 samples: positions [m], velocities [m/s] and
///            orientations (FSF -> stride frame) per sample.
///   errors : kInvalidArgument for a stride outside the data or gravity below 1 m/s^2 at its start.

#include <cstddef>
#include <vector>

#include "core/error.hpp"
#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct TrajectoryOptions {
  std::size_t align_window = 8;  ///< samples averaged for the initial gravity direction
  double gravity_mps2 = 9.81;    ///< gaitmap GRAV_VEC
  bool level_height = true;      ///< remove the linear height drift (level walking assumption)
};

struct StrideTrajectory {
  std::vector<Vec3> position_m;    // [m] stride frame, starts at 0
  std::vector<Vec3> velocity_mps;  // [m]
  std::vector<Quat> orientation;   // [m] FSF -> stride frame
};

Result<StrideTrajectory> compute_stride_trajectory(const Samples3& acc_mps2, const Samples3& gyr_rps,
                                                   double rate_hz, std::size_t start, std::size_t end,
                                                   const TrajectoryOptions& options);

}  // namespace physio::imu
