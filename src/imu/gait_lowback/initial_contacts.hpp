#pragma once
/// Initial contact detection (ICD) inside one gait sequence: McCamley et al. (Gait Posture 2012) as modified
/// by Paraschiv-Ionescu et al. (EMBC 2020), with the parameters of mobgap's `IcdIonescu` (Mobilise-D ICDA).
///
/// Contract: detect_initial_contacts
///   inputs : acc_is [n] m/s^2, the body-frame vertical (sensor x) acceleration of ONE gait sequence, at
///            rate_hz; finite.
///   method : resample to 40 Hz -> EPFL dedrift high-pass (0.16 Hz) -> Butterworth low-pass 3.14 Hz (zero
///            phase, replaces the EPFL FIR; together the published 0.15-3.14 Hz band) -> cumulative
///            trapezoidal integral (vertical velocity) -> gaus2 CWT at scale `cwt_scale` samples of 40 Hz
///            (default 9 = mobgap `cwt_width`) -> minus its mean -> the minimum between each positive-to-
///            negative and the following negative-to-positive zero crossing is an initial contact.
///   outputs: IC times in seconds from the first sample of `acc_is`, increasing (40 Hz resolution).
///   errors : kInvalidArgument for rate < 10 Hz or cwt_scale <= 0. Fewer than 3 samples -> empty list.

#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::imu {

struct IcdOptions {
  double cwt_scale = 9.0;  ///< gaus2 scale in 40 Hz samples (mobgap IcdIonescu cwt_width)
};

Result<std::vector<double>> detect_initial_contacts(std::span<const double> acc_is, double rate_hz,
                                                    const IcdOptions& options);

}  // namespace physio::imu
