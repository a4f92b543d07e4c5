#pragma once
/// Initial contacts for CADENCE: the Shin & Park (Med Eng Phys 2011) step detector as improved by
/// Paraschiv-Ionescu et al. (EMBC 2020), i.e. mobgap's `IcdShinImproved` (Mobilise-D CADB). The official
/// Mobilise-D pipeline for healthy and mildly impaired gait (mobgap `MobilisedPipelineHealthy`, cohorts HA,
/// COPD, CHF) computes cadence with `CadFromIcDetector(IcdShinImproved())`: these contacts are used for the
/// step times only; stride timing, laterality and step length use the McCamley/Ionescu contacts
/// (initial_contacts.hpp).
///
/// Contract: detect_cadence_contacts
///   inputs : acc_norm [n] m/s^2, |acc| of ONE gait sequence (cut to its first and last contact) at rate_hz;
///            finite.
///   method : resample to 40 Hz -> periodic (wrap) padding of pad_s on both sides -> Savitzky-Golay (21
///            samples, order 7) -> EPFL dedrift high-pass (0.16 Hz) -> Butterworth low-pass 3.14 Hz (zero
///            phase; replaces the EPFL FIR as in initial_contacts.hpp) -> gaus2 CWT at scale 10 (1.2 Hz) ->
///            Savitzky-Golay (11, order 5) -> gaus2 CWT at scale 10 -> Gaussian smoothing with sigma 2, 2
///            and 3 samples -> padding removed -> every negative-to-positive zero crossing, refined by linear
///            interpolation between the two samples, is a contact.
///   options: pad_s = 4 s: longer than the support of the filter chain (two CWTs of +-50 samples plus the
///            smoothing kernels, about 3.6 s at 40 Hz), so the periodic continuation, not zero padding,
///            shapes the first and last contact (mobgap pads with "wrap" as well).
///   outputs: contact times in seconds from the first sample of `acc_norm`, increasing (sub-sample).
///   errors : kInvalidArgument for rate < 10 Hz or pad_s < 0. Fewer than 3 samples -> empty list.

#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::imu {

/// Which contacts give the step times of cadence.
enum class CadenceSource {
  kShinImproved,  ///< detect_cadence_contacts (mobgap MobilisedPipelineHealthy default)
  kGaitContacts,  ///< the ICD's contacts (initial_contacts.hpp; mobgap CadFromIc)
};

struct CadenceContactOptions {
  double pad_s = 4.0;
};

Result<std::vector<double>> detect_cadence_contacts(std::span<const double> acc_norm, double rate_hz,
                                                    const CadenceContactOptions& options);

}  // namespace physio::imu
