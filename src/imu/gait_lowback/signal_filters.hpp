#pragma once
/// Signal primitives of the lower-back gait pipeline: high/band-pass Butterworth designs, the EPFL dedrift
/// filter, resampling to the 40 Hz internal rate of the Mobilise-D algorithms, the gaus2 continuous wavelet
/// transform at one scale, and local extrema detection.
///
/// Contract (all functions):
///   - Series are uniformly sampled, finite (the pipeline rejects NaN before calling these). [n]
///   - Nothing allocates beyond the returned vectors / the caller's scratch.
///   - Errors: only the design functions return `Result` (invalid cutoffs or rates).

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "dsp/filtfilt.hpp"
#include "dsp/sos.hpp"

namespace physio::imu {

/// Internal rate of the Mobilise-D GSD/ICD algorithms (Paraschiv-Ionescu; McCamley/Ionescu), Hz.
inline constexpr double kInternalRateHz = 40.0;

/// Contract: butterworth_highpass_sos
///   inputs : design order >= 1, 0 < cutoff_hz < rate_hz / 2.
///   outputs: digital Butterworth high-pass (bilinear, prewarped) as sections with unit gain at Nyquist.
///            Built from the low-pass at rate/2 - cutoff with z -> -z (the exact bilinear image of s -> 1/s).
///   errors : as dsp::butterworth_lowpass_sos.
Result<dsp::SosFilter> butterworth_highpass_sos(int order, double cutoff_hz, double rate_hz);

/// Band-pass as a cascade high-pass(low_hz) then low-pass(high_hz), each of design order `order`.
Result<dsp::SosFilter> butterworth_bandpass_sos(int order, double low_hz, double high_hz, double rate_hz);

/// EPFL dedrift filter of the Mobilise-D ICD/GSD chain: first-order IIR high-pass
/// y[n] = x[n] - x[n-1] + 0.9748 y[n-1] at 40 Hz (cut-off about 0.16 Hz). Only valid at 40 Hz.
dsp::SosFilter epfl_dedrift_sos();

/// Resamples `in` (rate_in) to `rate_out` by zero-phase low-pass (4th order effective, at 0.4 * rate_out,
/// skipped when that is not below rate_in / 2) then linear interpolation; output length
/// floor((n - 1) * rate_out / rate_in) + 1. `out` is resized.
void resample_linear(std::span<const double> in, double rate_in, double rate_out, std::vector<double>& out,
                     dsp::FiltfiltScratch& scratch);

/// Contract: cwt_gaus2
///   inputs : x [n] sampled at any rate; scale in samples (> 0), as pywt.cwt(x, [scale], "gaus2").
///   outputs: out[n] = scale^-1/2 * sum_k x[k] psi((k - n) / scale), psi the L2-normalised negative second
///            derivative of exp(-t^2), C (2 - 4 t^2) exp(-t^2) with C = 1 / sqrt(3 sqrt(pi / 2)) (positive
///            centre: pywt's "gaus2", a Mexican hat), truncated at |t| <= 5 as pywt; samples outside the
///            series count as 0 (pywt's zero padding).
///   cost   : O(n * 10 * scale).
void cwt_gaus2(std::span<const double> x, double scale, std::span<double> out);

/// Indices of local maxima (scipy.signal.find_peaks semantics for plateaus: the middle of a flat top) with
/// value >= min_height. Ends never count.
std::vector<std::size_t> find_local_maxima(std::span<const double> x, double min_height);

/// Same for minima with value <= -min_height (maxima of -x).
std::vector<std::size_t> find_local_minima(std::span<const double> x, double min_height);

/// In-place cumulative trapezoidal integral divided by rate (first sample 0).
void cumulative_trapezoid(std::span<double> x, double rate_hz);

}  // namespace physio::imu
