#pragma once
/// Inertial recordings: what the ingest produces and the orientation filters consume.
///
/// Contract:
///   - Times: int64 microseconds (`physio::TimeUs`), strictly increasing, uniform at `rate_hz` after ingest.
///   - acc: [n, 3] m/s^2 (specific force: +9.81 on the axis pointing up at rest), sensor frame.
///   - gyr: [n, 3] rad/s, sensor frame, right-hand rule. Absent for accelerometer-only devices.
///   - mag: [n, 3] uT, sensor frame. Absent when the device has no magnetometer.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "core/time.hpp"

namespace physio::imu {

/// Rows of 3-axis samples, one row per sample. // [n, 3]
using Samples3 = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;

/// Where a sensor is worn.
enum class Placement { kUnknown, kLowerBack, kLeftFoot, kRightFoot, kThigh, kShank, kWrist };

/// "lower_back", "left_foot", ... ("unknown" for kUnknown).
std::string_view placement_name(Placement p);
/// Placement guessed from a sensor or file name ("left_sensor" -> kLeftFoot when `feet` is true,
/// "lowerback", "wrist", ...). kUnknown when nothing matches.
Placement placement_from_name(std::string_view name, bool feet);

/// A foot (of an initial contact, a stride or a foot-worn sensor).
enum class FootSide { kLeft, kRight, kUnknown };

/// "left", "right", "unknown".
std::string_view foot_side_name(FootSide s);

/// Unit of the accelerometer columns in a file.
enum class AccUnit { kAuto, kG, kMps2 };
/// Unit of the gyroscope columns in a file.
enum class GyrUnit { kAuto, kDegPerS, kRadPerS };

std::string_view acc_unit_name(AccUnit u);
std::string_view gyr_unit_name(GyrUnit u);

/// How the units of a recording were established, for summaries ("column suffix", "options", "detected").
struct UnitsInfo {
  AccUnit acc = AccUnit::kAuto;
  GyrUnit gyr = GyrUnit::kAuto;
  std::string acc_source;
  std::string gyr_source;
};

/// Where the signal says a sensor is worn (imu/placement.hpp).
enum class SignalPlacement { kUnknown, kLowerBack, kFoot };

/// One sensor's samples in SI-like units (see the file contract).
struct ImuRecording {
  std::string sensor_name;
  Placement placement = Placement::kUnknown;
  /// What `placement` was decided from: "options", "signal", "name", or "" (undecided).
  std::string placement_basis;
  /// What the signal itself looks like, and why (imu/placement.hpp).
  SignalPlacement placement_seen = SignalPlacement::kUnknown;
  std::string placement_reason;
  double rate_hz = 0.0;
  std::vector<TimeUs> t_us;         // [n]
  Samples3 acc_mps2;                // [n, 3]
  std::optional<Samples3> gyr_rps;  // [n, 3]
  std::optional<Samples3> mag_ut;   // [n, 3]
  UnitsInfo units;

  std::size_t size() const { return t_us.size(); }
  double duration_s() const;
};

/// Several synchronised sensors read from one source (same time base), plus what the ingest repaired.
struct ImuSession {
  std::string source;  ///< file name or label given to the parser
  std::vector<ImuRecording> sensors;
  std::vector<std::string> warnings;  ///< human-readable notes on repairs and doubtful data
};

}  // namespace physio::imu
