#pragma once
/// Spectral arc length (SPARC) smoothness of a movement profile (Balasubramanian et al., J NeuroEng
/// Rehabil 12:112, 2015).
///
/// Contract: compute_sparc
///   inputs : profile [n >= 2] finite and non-negative (a speed or acceleration-magnitude profile), rate_hz >
///   0;
///            pad_level (zero padding to 2^(ceil(log2 n) + pad_level) points), cutoff_hz (upper bound of the
///            spectrum considered), amplitude_threshold (the band is trimmed to the first..last frequency
///            whose normalised magnitude reaches it).
///   outputs: SPARC, unitless, <= 0 (more negative = less smooth): minus the arc length of the
///            magnitude spectrum normalised by its maximum, with frequency normalised by the band width.
///   errors : kInvalidArgument for n < 2, a non-finite or negative sample or non-positive rate/cutoff.

#include <span>

#include "core/error.hpp"

namespace physio::imu::functional {

struct SparcOptions {
  int pad_level = 4;
  double cutoff_hz = 10.0;
  double amplitude_threshold = 0.05;
};

Result<double> compute_sparc(std::span<const double> profile, double rate_hz, const SparcOptions& options);

}  // namespace physio::imu::functional
