#pragma once
/// Band power of a continuous wavelet transform with the first derivative of a Gaussian ("gaus1"), as
/// used by scikit-digital-health's Sit2Stand (Adamowicz et al., Sensors 2020) to find candidate
/// sit-to-stand transfers in the acceleration magnitude.
///
/// Contract: cwt_gaus1_band_power
///   inputs : x [n] finite, uniformly sampled at rate_hz; band [f_lo_hz, f_hi_hz].
///   method : integer scales 1..64 are kept when their pseudo-frequency central_frequency(gaus1) * rate / s
///            lies in the band. Each scale's coefficients follow PyWavelets' `cwt(method="conv")`: the
///            integrated wavelet (cumulative sum of psi on 1024 points over [-5, 5]) resampled at 1/s,
///            convolved with x, differenced, scaled by -sqrt(s) and centred. The coefficients of all kept
///            scales are summed sample by sample (done as one convolution with the summed kernels).
///            When the rate is so high that even scale 64 lies above the band (above about 160 Hz for
///            [0, 0.5] Hz), blocks of the fewest samples that bring it into reach are averaged first, the
///            transform runs on the block means and the power is spread back linearly over the n samples.
///   outputs: power [n] (unitless sum of CWT coefficients; sign matters: peaks are maxima) and the scales.
///   errors : kInvalidArgument for a non-positive rate or an empty band; kMissingData when the rate is
///            too low for the band (the message names the rate to record at) or the series is empty.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::imu::functional {

/// PyWavelets' numerical centre frequency of gaus1 (cycles per unit of the wavelet's support), from the
/// peak of the FFT of psi sampled at 256 points over [-5, 5]; 0.2.
double gaus1_central_frequency();

struct WaveletPower {
  std::vector<double> power;   // [n]
  std::vector<int> scales;     // scales used
  std::size_t decimation = 1;  // samples averaged per block before the transform (1: none)
};

Result<WaveletPower> cwt_gaus1_band_power(std::span<const double> x, double rate_hz, double f_lo_hz,
                                          double f_hi_hz);

}  // namespace physio::imu::functional
