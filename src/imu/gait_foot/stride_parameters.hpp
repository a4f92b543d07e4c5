#pragma once
/// Stage 4b: temporal and spatial parameters of one min_vel stride (gaitmap TemporalParameterCalculation
/// and SpatialParameterCalculation definitions).
///
/// Temporal (from the events): stride_time = ic - pre_ic (IC to IC), swing_time = ic - tc,
/// stance_time = stride_time - swing_time; percentages of stride_time.
/// Spatial (from `compute_stride_trajectory` over [start, end]): stride_length = horizontal displacement
/// |p_xy(end)|; speed = stride_length / stride_time; clearance = max sensor lift (largest height of the
/// sensor above its mid-stance height; NOT toe clearance); turning_angle = heading change from start to
/// end (deg, positive = counter-clockwise seen from above = turning left); ic/tc_angle = pitch of the foot's
/// forward axis at IC/TC against the horizontal (deg, positive toe up), relative to the mid-stance pose.
///
/// Contract: compute_stride_parameters
///   inputs : FSF signals of one foot, one `MinVelStride` (indices into them), `t0_s` (time of sample 0),
///            trajectory options, turn threshold.
///   outputs: `FootStride`; `is_turn` when |turning_angle| > turn_threshold_deg.
///   errors : those of compute_stride_trajectory; events outside the stride.

#include <cstddef>

#include "core/error.hpp"
#include "imu/gait_foot/foot_frame.hpp"
#include "imu/gait_foot/gait_events.hpp"
#include "imu/gait_foot/stride_trajectory.hpp"

namespace physio::imu {

struct FootStride {
  // min_vel stride and events: sample indices into the foot's recording
  std::size_t start = 0, end = 0, pre_ic = 0, ic = 0, tc = 0;
  // the same in seconds from the recording's time origin
  double start_s = 0.0, end_s = 0.0, pre_ic_s = 0.0, ic_s = 0.0, tc_s = 0.0;
  double stride_time_s = 0.0, swing_time_s = 0.0, stance_time_s = 0.0;
  double stance_pct = 0.0, swing_pct = 0.0;
  double stride_length_m = 0.0, speed_mps = 0.0, clearance_m = 0.0;
  double forward_m = 0.0;  ///< displacement along the foot's mid-stance forward axis (signed)
  double turning_angle_deg = 0.0, ic_angle_deg = 0.0, tc_angle_deg = 0.0;
  bool is_turn = false;
};

Result<FootStride> compute_stride_parameters(const FootSignals& signals, const MinVelStride& stride,
                                             double t0_s, const TrajectoryOptions& trajectory,
                                             double turn_threshold_deg);

}  // namespace physio::imu
