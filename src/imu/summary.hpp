#pragma once
/// What `physio imu info` and `physio imu orient` print: a recording summary and an orientation table.
///
/// Contract:
///   - summarise_session: per sensor duration (s), rate (Hz), samples, channels, units and how they were
///   found,
///     placement; plus the session's warnings. Pure.
///   - format_orientation_table: CSV text with header `t_s,qw,qx,qy,qz,roll_deg,pitch_deg,yaw_deg`, one row
///   per
///     sample; t_s relative to the recording's first sample; roll/pitch/yaw are ZYX angles of the
///     sensor-to-ENU quaternion (yaw counter-clockwise from east). Errors when the lengths differ.

#include <string>
#include <vector>

#include "core/error.hpp"
#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct SensorSummary {
  std::string sensor_name;
  std::string placement;
  std::string placement_basis;  ///< "signal", "name", "options" or "" (undecided)
  double duration_s = 0.0;
  double rate_hz = 0.0;
  std::size_t samples = 0;
  bool has_gyr = false;
  bool has_mag = false;
  std::string acc_unit;  ///< unit in the file, with how it was found: "g (detected)"
  std::string gyr_unit;  ///< "" without a gyroscope
};

struct SessionSummary {
  std::string source;
  std::vector<SensorSummary> sensors;
  std::vector<std::string> warnings;
};

SessionSummary summarise_session(const ImuSession& session);

/// Human-readable multi-line text of a summary.
std::string format_summary(const SessionSummary& summary);

/// Orientation as CSV text (see the contract).
Result<std::string> format_orientation_table(const ImuRecording& rec, const std::vector<Quat>& q);

}  // namespace physio::imu
