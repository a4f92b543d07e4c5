#include "imu/functional/sparc.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "imu/functional/signal_ops.hpp"

namespace physio::imu::functional {

Result<double> compute_sparc(std::span<const double> profile, double rate_hz, const SparcOptions& options) {
  const std::size_t n = profile.size();
  if (n < 2) return fail(ErrorCode::kInvalidArgument, "SPARC needs at least 2 samples, got {}", n);
  if (!all_finite(profile)) return fail(ErrorCode::kInvalidArgument, "SPARC profile contains NaN or inf");
  for (std::size_t i = 0; i < n; ++i) {
    if (profile[i] < 0.0) {
      return fail(ErrorCode::kInvalidArgument, "SPARC profile must be non-negative (sample {} is {})", i,
                  profile[i]);
    }
  }
  if (!(rate_hz > 0.0) || !(options.cutoff_hz > 0.0) || options.pad_level < 0 || options.pad_level > 8) {
    return fail(ErrorCode::kInvalidArgument, "SPARC options out of range (rate {} Hz, cutoff {} Hz, pad {})",
                rate_hz, options.cutoff_hz, options.pad_level);
  }
  const double exponent = std::ceil(std::log2(static_cast<double>(n))) + options.pad_level;
  const auto nfft = static_cast<std::size_t>(std::llround(std::pow(2.0, exponent)));
  const double df = rate_hz / static_cast<double>(nfft);
  // Only the bins up to the cutoff are needed: a direct DFT of those is cheaper than a full FFT here.
  const auto n_bins = static_cast<std::size_t>(std::floor(options.cutoff_hz / df)) + 1;
  std::vector<double> mag(std::min(n_bins, nfft), 0.0);
  for (std::size_t k = 0; k < mag.size(); ++k) {
    const double w = -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(nfft);
    std::complex<double> acc(0.0, 0.0);
    // Rotation by recurrence would drift over long profiles; direct cos/sin keeps it exact.
    for (std::size_t i = 0; i < n; ++i) {
      const double ph = w * static_cast<double>(i);
      acc += profile[i] * std::complex<double>(std::cos(ph), std::sin(ph));
    }
    mag[k] = std::abs(acc);
  }
  // Normalise by the maximum of the whole spectrum: for a non-negative profile that is the DC bin,
  // |X(k)| <= sum |x| = X(0), so the bins below the cutoff contain it.
  const double max_all = mag[0];
  if (!(max_all > 0.0)) return 0.0;
  std::vector<double> f, m;
  for (std::size_t k = 0; k < mag.size(); ++k) {
    f.push_back(static_cast<double>(k) * df);
    m.push_back(mag[k] / max_all);
  }
  std::size_t first = m.size(), last = 0;
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (m[k] >= options.amplitude_threshold) {
      if (first == m.size()) first = k;
      last = k;
    }
  }
  if (first >= last) return 0.0;
  const double span_hz = f[last] - f[first];
  double arc = 0.0;
  for (std::size_t k = first + 1; k <= last; ++k) {
    const double dfn = (f[k] - f[k - 1]) / span_hz;
    const double dm = m[k] - m[k - 1];
    arc += std::sqrt(dfn * dfn + dm * dm);
  }
  return -arc;
}

}  // namespace physio::imu::functional
