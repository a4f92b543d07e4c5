#pragma once
/// Step length from the vertical excursion of the trunk: the inverted-pendulum model of Zijlstra & Hof (Gait
/// Posture 2003), processing as in mobgap's `SlZijlstra` (Soltani et al., IEEE TNSRE 2021; Mobilise-D SLA).
///
/// Contract: compute_step_lengths
///   inputs : acc_vertical [n] m/s^2 (gravity removed) of ONE gait sequence at rate_hz; ic_samples: sorted
///            IC sample indices into it; sensor_height_m (l, height of the sensor above the ground) > 0.
///   method : 4th-order Butterworth high-pass 0.1 Hz (zero phase) -> integral (vertical velocity) ->
///            4th-order Butterworth high-pass 1 Hz (zero phase, drift removal) -> integral (displacement d).
///            For the step between IC k and IC k+1: h = max(d) - min(d) over [ic_k, ic_k+1) and
///            step length = K * 2 * sqrt(|2 l h - h^2|). With `hampel`, outliers are replaced by a Hampel
///            filter (half-width 2 steps, 3 robust SD). The pipeline leaves it off: its per-second
///            conversion (step_to_second.hpp) applies that filter, as mobgap does, and filtering twice would
///            differ from the published processing.
///   options: K = step_length_scaling_factor. Default 4.587 / 4 = 1.147: mobgap's published default
///            (`step_length_scaling_factor_ms_ms`, fitted by Mobilise-D on the MS Project data set, not on
///            the data used here). Zijlstra & Hof's original value is 1.25.
///   outputs: step lengths in m, one per consecutive IC pair ([n_ic - 1]); empty with < 2 ICs.
///   errors : kInvalidArgument for sensor_height_m <= 0, unsorted or out-of-range ICs, rate <= 2 Hz.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::imu {

struct StepLengthOptions {
  double step_length_scaling_factor = 4.587 / 4.0;
  double acc_highpass_hz = 0.1;
  double speed_highpass_hz = 1.0;
  bool hampel = false;
};

Result<std::vector<double>> compute_step_lengths(std::span<const double> acc_vertical, double rate_hz,
                                                 std::span<const std::size_t> ic_samples,
                                                 double sensor_height_m, const StepLengthOptions& options);

/// The inverted-pendulum model alone: K * 2 * sqrt(|2 l h - h^2|), m.
double zijlstra_step_length(double height_change_m, double sensor_height_m, double scaling_factor);

}  // namespace physio::imu
