#pragma once
/// Sit-to-stand transfers from one accelerometer on the lower back, following the method of
/// scikit-digital-health's Sit2Stand (Adamowicz et al., "Assessment of Sit-to-Stand Transfers during
/// Daily Life Using an Accelerometer on the Lower Back", Sensors 20(22):6618, 2020). Written from the
/// paper and the upstream documentation, not copied.
///
/// Contract: detect_sit_to_stand
///   inputs : an ImuRecording with acc [n, 3] m/s^2 (uniform rate; orientation of the sensor is irrelevant,
///            gyro and magnetometer unused). At least 5 s of data.
///   method : 1. |acc| low-passed (Butterworth, lowpass_order, lowpass_cutoff_hz, zero phase, odd padding),
///               then a centred moving mean over reconstruction_window_s.
///            2. gaus1 CWT summed over the scales whose frequency is in [power_band_lo_hz, power_band_hi_hz];
///               candidate transfers are its peaks higher than its standard deviation (ddof 1), at least
///               power_peak_min_distance_s apart.
///            3. Stillness: centred moving mean/SD (still_window_s) of the filtered |acc| and of its
///               derivative (jerk) below the four thresholds; "long" still periods last > long_still_s.
///            4. Vertical acceleration: acc projected on the gravity direction (acc low-passed at
///               gravity_pass_cutoff_hz, no edge padding). Integrated from the end of the preceding still
///               period to the start of the next long still period (drift removed linearly so the
///               velocity is 0 at both ends) or, without a following still period within 30 s, over 5 s
///               with the velocity linearly detrended.
///            5. A candidate is a transfer when the vertical velocity at the peak is >= transition_velocity,
///               it starts (stillness mode: at the end of stillness <= 2 s before the peak; displacement
///               mode: at the last upward velocity zero crossing, snapped to a nearby end of stillness)
///               and ends at the next downward zero crossing, lasts < max_duration_s, its first part is
///               < duration_factor x its second part, it rises > stand_displacement_m and starts more than
///               min_separation_s after the previous transfer. Transfers rising less than
///               displacement_factor x the median rise are dropped as partial.
///   outputs: transfers in time order (times in recording seconds, t_us / 1e6).
///   errors : kMissingData for fewer than 5 s of samples; kInvalidArgument for NaN/inf in acc, a
///            non-positive rate or options out of range.
///   limits : one analysis window (SKDH splits multi-day recordings by day first); the integrated
///            displacement is the trunk's, not the centre of mass's.

#include <cstddef>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct SitToStandOptions {
  /// true: a transfer must start at the end of a still period (SKDH default, free-living data);
  /// false: "displacement" mode for clinic tasks with quick repetitions.
  bool stillness_constraint = true;
  double gravity_mps2 = 9.81;
  double long_still_s = 0.5;
  double still_window_s = 0.3;
  int gravity_pass_order = 4;
  double gravity_pass_cutoff_hz = 0.8;
  double power_band_lo_hz = 0.0;
  double power_band_hi_hz = 0.5;
  /// Minimum spacing of candidate power peaks; 0 = none (SKDH default). SKDH's own tests use 1 s (128
  /// samples at 128 Hz).
  double power_peak_min_distance_s = 0.0;
  int lowpass_order = 4;
  double lowpass_cutoff_hz = 5.0;
  double reconstruction_window_s = 0.25;
  // Thresholds (SKDH defaults).
  double stand_displacement_m = 0.125;
  double displacement_factor = 0.75;
  double transition_velocity_mps = 0.2;
  double duration_factor = 10.0;
  double accel_moving_avg_mps2 = 0.2;
  double accel_moving_sd_mps2 = 0.1;
  double jerk_moving_avg_mps3 = 2.5;
  double jerk_moving_sd_mps3 = 3.0;
  double max_duration_s = 4.5;
  double min_separation_s = 0.4;
};

/// One sit-to-stand transfer.
struct SitToStandTransfer {
  double start_s = 0.0;                     ///< recording time of the start, s
  double end_s = 0.0;                       ///< recording time of the end, s
  double duration_s = 0.0;                  ///< end - start, s
  double peak_s = 0.0;                      ///< time of the wavelet power peak, s
  double max_accel_mps2 = 0.0;              ///< max of the filtered |acc| over the transfer, m/s^2
  double min_accel_mps2 = 0.0;              ///< min of the filtered |acc| over the transfer, m/s^2
  double sparc = 0.0;                       ///< SPARC of the raw |acc| over the transfer, unitless (<= 0)
  double vertical_displacement_m = 0.0;     ///< integrated vertical rise of the trunk, m
  double peak_vertical_velocity_mps = 0.0;  ///< max integrated vertical velocity, m/s
};

struct SitToStandResult {
  std::vector<SitToStandTransfer> transfers;
  std::size_t n_candidates = 0;       ///< wavelet power peaks examined
  std::size_t n_partial_removed = 0;  ///< transfers dropped by the displacement-factor rule
};

Result<SitToStandResult> detect_sit_to_stand(const ImuRecording& rec, const SitToStandOptions& options);

nlohmann::json sit_to_stand_to_json(const SitToStandResult& result);

}  // namespace physio::imu
