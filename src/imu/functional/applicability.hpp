#pragma once
/// Preconditions of the functional tests, checked on what the analysis found, before a score is given.
///
///   Timed Up and Go   one test: 3-60 s from the first rise to the end of the sit (longer means the
///                     recording holds other activities), a turn of 90-270 deg between a walk out and
///                     a walk back, each at least 0.5 s.
///   5x sit-to-stand   five consecutive transfers, each completed inside the recording (a transfer that
///                     ends within 0.5 s of the last sample may be cut off and is never counted
///                     complete), at most 15 s between consecutive ones and 60 s in all (clinical
///                     5xSTS times are 6-40 s; longer means rises scattered over other activities).
///   postural sway     quiet standing: RMS acceleration below 0.5 m/s^2 (quiet standing is about
///                     0.05 m/s^2, unsteady people up to about 0.3); above it the person moved (walked,
///                     turned), and sway measures would describe that movement, not balance.
/// Lower-back walking results are checked against physiological ranges (plausibility, flagged but not
/// withheld): walking speed 0.1-2.2 m/s, stride length 0.2-2.0 m, cadence 40-150 steps/min per bout.

#include <span>
#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "imu/functional/sit_to_stand.hpp"
#include "imu/functional/sway.hpp"
#include "imu/functional/tug.hpp"

namespace physio::imu {

inline constexpr double kTugMinS = 3.0, kTugMaxS = 60.0;
inline constexpr double kFiveStsMaxS = 60.0, kFiveStsMaxGapS = 15.0, kCutOffMarginS = 0.5;
inline constexpr double kQuietStandingMaxRmsMps2 = 0.5;

Applicability check_tug(const TugResult& r);

/// `recording_end_s`: time of the last sample (the time base of the transfers).
Applicability check_five_times_sit_to_stand(std::span<const SitToStandTransfer> transfers,
                                            double recording_end_s);

Applicability check_sway(const SwayMeasures& m);

/// One value outside its physiological range.
struct PlausibilityFlag {
  std::string measure;  ///< "stride_length_m"
  double value = 0.0;
  double lo = 0.0, hi = 0.0;
  std::string message;  ///< "stride length 2.61 m is outside 0.20-2.00 m for walking"
};

/// Flags a walking measure outside [lo, hi] (NaN is not flagged: it was not measured).
void flag_outside(std::vector<PlausibilityFlag>& flags, const std::string& measure, const std::string& label,
                  double value, double lo, double hi, const std::string& unit, int digits);

}  // namespace physio::imu
