#pragma once
/// Left/right labelling of initial contacts from the trunk angular velocity: McCamley et al. (Gait Posture
/// 2012) with the combined yaw/roll signal and band-pass of Ullrich et al. (EMBC 2021), as mobgap's
/// `LrcMcCamley` default.
///
/// Contract: label_initial_contacts
///   inputs : gyr_is [n] and gyr_pa [n] rad/s (body frame: about the vertical and the forward axis) of ONE
///            gait sequence at rate_hz; ic_samples: IC sample indices into these arrays (< n).
///   method : s = gyr_is - gyr_pa, 4th-order Butterworth band-pass 0.5-2 Hz applied forward-backward; an IC
///            with s <= 0 is "left", otherwise "right".
///   outputs: one FootSide per IC (kUnknown for indices out of range).
///   errors : kInvalidArgument for mismatched lengths or a rate too low for the band (<= 4 Hz).

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

struct LateralityOptions {
  double band_low_hz = 0.5;
  double band_high_hz = 2.0;
  int order = 4;
};

Result<std::vector<FootSide>> label_initial_contacts(std::span<const double> gyr_is,
                                                     std::span<const double> gyr_pa, double rate_hz,
                                                     std::span<const std::size_t> ic_samples,
                                                     const LateralityOptions& options);

}  // namespace physio::imu
