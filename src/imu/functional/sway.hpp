#pragma once
/// Postural sway during quiet standing from one accelerometer on the lower back (near the centre of
/// mass), after Mancini et al., "ISway: a sensitive, valid and reliable measure of postural control",
/// J NeuroEng Rehabil 9:59, 2012, with the time- and frequency-domain definitions of Prieto et al.,
/// IEEE Trans Biomed Eng 43(9):956, 1996 applied to acceleration instead of centre of pressure.
///
/// Contract: compute_sway
///   inputs : an ImuRecording with acc [n, 3] m/s^2 of quiet standing, at least min_duration_s long; the
///            sensor axis that points forward (anterior) in `forward_axis` (sensor frame, need not be
///            horizontal). Gyro unused.
///   method : 1. Tilt correction (Moe-Nilssen, Clin Biomech 13:320, 1998): "up" = mean acc direction over
///               the trial; AP = forward_axis projected on the horizontal plane; ML = up x AP (left).
///            2. a_AP = acc . AP, a_ML = acc . ML; zero-phase Butterworth low-pass (lowpass_total_order,
///               lowpass_cutoff_hz; Mancini: 3.5 Hz), then the mean is removed (gravity leakage and offset).
///            3. Measures (T = trial duration, dt = 1 / rate):
///               rms_mps2        sqrt(mean(a_AP^2 + a_ML^2))          (also rms_ap_mps2, rms_ml_mps2)
///               jerk_m2ps5      0.5 * integral(|da/dt|^2) dt          (JERK in the style of Mancini 2012;
///               m^2/s^5, not divided by T) path_length_mps2  sum |a(i+1) - a(i)|, length of the horizontal
///               acc trajectory (m/s^2) mean_velocity_mps3  path_length / T, mean speed along that trajectory
///               (m/s^3) ellipse_area_m2ps4  95% confidence ellipse: 2 pi F(0.95; 2, n-2) sqrt(s_AP^2 s_ML^2
///               -
///                                   s_APML^2), covariances with 1/n (m^2/s^4)
///               mean_freq_hz, centroid_freq_hz, freq_dispersion, f95_hz: from the one-sided power
///                                   spectrum P(f) of a_AP and a_ML (summed) over [freq_lo_hz, freq_hi_hz]:
///                                   mu_k = sum f^k P(f); mean = mu1/mu0; centroid = sqrt(mu2/mu0);
///                                   dispersion = sqrt(1 - mu1^2/(mu0 mu2)) (0 for a pure tone); f95 = the
///                                   frequency below which 95% of the band power lies. Also per axis.
///   errors : kMissingData for too short a trial; kInvalidArgument for NaN/inf in acc, a zero forward axis,
///            a forward axis parallel to gravity, or options out of range.
///   limits : acceleration, not centre-of-pressure displacement: values are not comparable with force-plate
///            sway in mm; the mean-direction tilt correction assumes the posture does not drift.

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct SwayOptions {
  Vec3 forward_axis = Vec3(0.0, 0.0, 1.0);  ///< anterior direction in the sensor frame
  int lowpass_total_order = 4;              ///< effective (forward-backward) order
  double lowpass_cutoff_hz = 3.5;
  double freq_lo_hz = 0.15;  ///< spectral band (Prieto 1996: 0.15-5 Hz; capped at the low-pass cutoff here)
  double freq_hi_hz = 3.5;
  double min_duration_s = 10.0;
};

struct SwaySpectrum {
  double mean_freq_hz = 0.0;
  double centroid_freq_hz = 0.0;
  double freq_dispersion = 0.0;
  double f95_hz = 0.0;
};

struct SwayMeasures {
  double duration_s = 0.0;
  double rms_mps2 = 0.0;
  double rms_ap_mps2 = 0.0;
  double rms_ml_mps2 = 0.0;
  double jerk_m2ps5 = 0.0;
  double jerk_ap_m2ps5 = 0.0;
  double jerk_ml_m2ps5 = 0.0;
  double path_length_mps2 = 0.0;
  double mean_velocity_mps3 = 0.0;
  double ellipse_area_m2ps4 = 0.0;
  double range_ap_mps2 = 0.0;
  double range_ml_mps2 = 0.0;
  SwaySpectrum spectrum;  ///< AP and ML powers summed
  SwaySpectrum spectrum_ap;
  SwaySpectrum spectrum_ml;
};

Result<SwayMeasures> compute_sway(const ImuRecording& rec, const SwayOptions& options);

nlohmann::json sway_to_json(const SwayMeasures& m);

}  // namespace physio::imu
