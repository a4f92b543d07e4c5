#pragma once
/// Turn detection from the angular rate about the vertical, after El-Gohary et al. (Sensors 2014) with the
/// parameters of mobgap's `TdElGohary` (Mobilise-D).
///
/// Contract: detect_turns
///   inputs : gyr_vertical [n] rad/s about the upward vertical (positive = counter-clockwise seen from above)
///            at rate_hz, finite.
///   method : 4th-order Butterworth low-pass 0.5 Hz (zero phase) in deg/s; regions where |rate| exceeds
///            lower_threshold_dps (5) whose peak exceeds min_peak_dps (15) are turn candidates; candidates of
///            the same direction separated by < min_gap_s (0.05 s) are merged; the angle is the integral of
///            the filtered rate; turns with duration in [0.5, 10] s and |angle| >= 45 deg are kept.
///   outputs: turns sorted by time; angle_deg > 0 and direction "left" for counter-clockwise turns.
///   errors : kInvalidArgument for a rate <= 1 Hz or inconsistent thresholds.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

struct TurnOptions {
  double lowpass_hz = 0.5;
  double min_peak_dps = 15.0;
  double lower_threshold_dps = 5.0;
  double min_gap_s = 0.05;
  double min_duration_s = 0.5;
  double max_duration_s = 10.0;
  double min_angle_deg = 45.0;
};

Result<std::vector<Turn>> detect_turns(std::span<const double> gyr_vertical, double rate_hz,
                                       const TurnOptions& options);

}  // namespace physio::imu
