#pragma once
/// Unit detection and plausibility checks for raw inertial samples, based on rest periods.
///
/// Contract:
///   - Input: raw acc and gyr rows [n, 3] in the file's (possibly unknown) units, the sampling rate in Hz.
///   - Rest = 0.5 s windows whose acc spread is below 2% of its mean (unit-free, so it works before the
///     unit is known). Gravity magnitude is their median; the gyro bias is read in the stillest of them (acc
///     stillness alone cannot tell rest from a turn about the vertical).
///   - Output: the unit to use, or an error whose text says what the data look like
///     ("acc magnitude at rest is 0.98 m/s^2: the file looks like it is in g but was declared m/s^2").

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "imu/types.hpp"

namespace physio::imu {

inline constexpr double kGravityMps2 = 9.80665;
inline constexpr double kDegToRad = 0.017453292519943295;

struct RestStats {
  bool found = false;  ///< at least one rest window
  std::size_t windows = 0;
  double acc_norm = 0.0;  ///< median |mean acc| over rest windows (all samples when none), file units
  double gyr_norm = 0.0;  ///< smallest |mean gyr| over rest windows, file units (0 when no gyr or no rest)
  double gyr_p99 = 0.0;   ///< 99th percentile of |gyr| over the whole file, file units
  /// Tilt seen two ways, summed over consecutive 0.25 s windows: the change of the gravity direction
  /// read by the accelerometer (degrees, unit-free), and the gyroscope's rotation about the axes
  /// perpendicular to gravity (file units x seconds). Their ratio tells deg/s from rad/s whatever the
  /// header says: the gravity direction cannot turn without the gyroscope seeing it.
  double tilt_acc_deg = 0.0;
  double tilt_gyr = 0.0;
};

/// Rest statistics of raw samples. `gyr` may be null.
RestStats compute_rest_stats(const Samples3& acc, const Samples3* gyr, double rate_hz);

/// Resolves the accelerometer unit: `declared` (kAuto to detect) checked against the rest magnitude.
/// `declared_by` names where a declared unit came from ("column suffix", "options").
/// Errors for unit mix-ups and impossible magnitudes; warnings for doubtful calibration when `check`.
Result<AccUnit> resolve_acc_unit(AccUnit declared, std::string_view declared_by, const RestStats& rest,
                                 bool check, std::vector<std::string>& warnings);

/// Resolves the gyroscope unit. Detection: deg/s when the 99th percentile of |gyr| exceeds 15 (no human
/// motion sustains 15 rad/s) or the rest reading exceeds 0.15 (no usable gyro has an 8.6 deg/s bias); rad/s
/// otherwise. When the recording tilts enough to tell (gyro_unit_from_tilt), the tilt decides: a unit
/// declared by a column suffix that the signal contradicts is replaced, with a warning; one declared in
/// the options is an error naming --gyr-unit.
Result<GyrUnit> resolve_gyr_unit(GyrUnit declared, std::string_view declared_by, const RestStats& rest,
                                 bool check, std::vector<std::string>& warnings);

/// The gyroscope unit the tilt evidence supports, or kAuto when the recording does not tilt enough
/// (< 45 degrees in all) or both units fit badly.
GyrUnit gyro_unit_from_tilt(const RestStats& rest);

/// Factor from the unit to m/s^2 and to rad/s.
double acc_scale(AccUnit u);
double gyr_scale(GyrUnit u);

}  // namespace physio::imu
