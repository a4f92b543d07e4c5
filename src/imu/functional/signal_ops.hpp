#pragma once
/// Small numeric building blocks shared by the functional-test analyses (sit-to-stand, TUG, sway, joint
/// ROM). Pure functions on uniformly sampled series; none allocates more than its output.
///
/// Contract (all functions):
///   - Inputs are finite (callers validate NaN first); sizes are checked where stated.
///   - Windows and distances are in samples; rates in Hz.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "dsp/sos.hpp"

namespace physio::imu::functional {

/// Centred moving mean and sample standard deviation (ddof 1) over `window` samples (>= 2), in the
/// convention of scikit-digital-health's `pad_moving_sd`: output i holds the statistics of
/// x[i - ceil(w/2), i - ceil(w/2) + w); the first and last outputs repeat the nearest full window.
/// Errors: window < 2 or longer than the series.
struct MovingStats {
  std::vector<double> mean;  // [n]
  std::vector<double> sd;    // [n]
};
Result<MovingStats> moving_mean_sd(std::span<const double> x, std::size_t window);

/// Zero-phase filtering WITHOUT edge padding (scipy sosfiltfilt(..., padlen=0)): each section starts in
/// the steady state of the first sample, forward then backward. Returns the filtered copy. [n]
std::vector<double> filtfilt_no_pad(const dsp::SosFilter& sos, std::span<const double> x);

/// Cumulative trapezoidal integral with initial 0 (scipy cumulative_trapezoid(initial=0)). [n]
std::vector<double> cumtrapz(std::span<const double> x, double dt_s);

/// Removes the least-squares line (scipy.signal.detrend, type linear) in place.
void detrend_linear(std::span<double> x);

/// Local maxima with a minimum height and a minimum distance between peaks (scipy.signal.find_peaks
/// semantics: flat peaks reported at their middle sample; the first and last samples are never peaks;
/// when peaks are closer than `min_distance` samples the higher is kept). Indices ascending.
std::vector<std::size_t> find_peaks(std::span<const double> x, double min_height, std::size_t min_distance);

/// Sample standard deviation (ddof 1); 0 for fewer than 2 samples.
double sample_sd(std::span<const double> x);

/// Median (mean of the two middle values for an even count); NaN when empty.
double median_of(std::vector<double> x);

/// True when every value is finite.
bool all_finite(std::span<const double> x);

}  // namespace physio::imu::functional
