#include "imu/functional/wavelet_power.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace physio::imu::functional {

namespace {

constexpr double kSupportLo = -5.0;  // gaus wavelets' effective support in PyWavelets
constexpr double kSupportHi = 5.0;
constexpr int kMaxScale = 64;  // largest integer scale, as in scikit-digital-health

double gaus1_psi(double t) {
  // First derivative of a Gaussian, unit L2 norm: -2 t exp(-t^2) / (pi/2)^(1/4).
  return -2.0 * t * std::exp(-t * t) / std::sqrt(std::sqrt(std::numbers::pi / 2.0));
}

std::vector<double> linspace(double lo, double hi, std::size_t n) {
  std::vector<double> v(n);
  const double step = (hi - lo) / static_cast<double>(n - 1);
  for (std::size_t i = 0; i < n; ++i) v[i] = lo + static_cast<double>(i) * step;
  v[n - 1] = hi;
  return v;
}

}  // namespace

double gaus1_central_frequency() {
  constexpr std::size_t kN = 256;  // 2^8 points, PyWavelets' default precision for this estimate
  const auto t = linspace(kSupportLo, kSupportHi, kN);
  std::vector<double> mag(kN, 0.0);
  for (std::size_t k = 1; k < kN; ++k) {
    std::complex<double> acc(0.0, 0.0);
    for (std::size_t i = 0; i < kN; ++i) {
      const double ph = -2.0 * std::numbers::pi * static_cast<double>(k * i) / static_cast<double>(kN);
      acc += gaus1_psi(t[i]) * std::complex<double>(std::cos(ph), std::sin(ph));
    }
    mag[k] = std::abs(acc);
  }
  std::size_t best = 1;
  for (std::size_t k = 2; k < kN; ++k)
    if (mag[k] > mag[best]) best = k;
  // Bin k of the FFT over a support of 10 units is k / 10 cycles per unit (folded above Nyquist).
  std::size_t index = best + 1;
  if (index > kN / 2) index = kN - index + 2;
  return static_cast<double>(index - 1) / (kSupportHi - kSupportLo);
}

namespace {

// Block means of `factor` samples (the last block may be shorter): [ceil(n / factor)].
std::vector<double> block_means(std::span<const double> x, std::size_t factor) {
  std::vector<double> out;
  out.reserve(x.size() / factor + 1);
  for (std::size_t i = 0; i < x.size(); i += factor) {
    const std::size_t end = std::min(x.size(), i + factor);
    double sum = 0.0;
    for (std::size_t k = i; k < end; ++k) sum += x[k];
    out.push_back(sum / static_cast<double>(end - i));
  }
  return out;
}

// Back to [n] samples: block b's value sits at the centre of its block, linear in between.
std::vector<double> expand_blocks(const std::vector<double>& y, std::size_t factor, std::size_t n) {
  std::vector<double> out(n);
  const double half = (static_cast<double>(factor) - 1.0) / 2.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double pos = std::clamp((static_cast<double>(i) - half) / static_cast<double>(factor), 0.0,
                                  static_cast<double>(y.size() - 1));
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, y.size() - 1);
    const double w = pos - static_cast<double>(lo);
    out[i] = y[lo] * (1.0 - w) + y[hi] * w;
  }
  return out;
}

std::vector<int> scales_in_band(double rate_hz, double f_lo_hz, double f_hi_hz) {
  const double fc = gaus1_central_frequency();
  std::vector<int> scales;
  for (int s = 1; s <= kMaxScale; ++s) {
    const double f = fc * rate_hz / static_cast<double>(s);
    if (f >= f_lo_hz && f <= f_hi_hz) scales.push_back(s);
  }
  return scales;
}

WaveletPower band_power(std::span<const double> x, std::vector<int> scales);

}  // namespace

Result<WaveletPower> cwt_gaus1_band_power(std::span<const double> x, double rate_hz, double f_lo_hz,
                                          double f_hi_hz) {
  if (!(rate_hz > 0.0)) return fail(ErrorCode::kInvalidArgument, "rate must be positive, got {}", rate_hz);
  if (!(f_hi_hz > f_lo_hz) || f_lo_hz < 0.0) {
    return fail(ErrorCode::kInvalidArgument, "power band [{}, {}] Hz is empty", f_lo_hz, f_hi_hz);
  }
  if (x.empty()) return fail(ErrorCode::kMissingData, "empty series for the wavelet transform");
  auto scales = scales_in_band(rate_hz, f_lo_hz, f_hi_hz);
  if (!scales.empty()) return band_power(x, std::move(scales));
  const double fc = gaus1_central_frequency();
  if (fc * rate_hz < f_lo_hz) {
    return fail(
        ErrorCode::kMissingData,
        "a sampling rate of {:.4g} Hz is too low to see movement at {:.3g}-{:.3g} Hz: record at {:.3g} Hz "
        "or more",
        rate_hz, f_lo_hz, f_hi_hz, f_lo_hz / fc);
  }
  // The rate is too high for the largest scale to reach the band: average blocks of `factor` samples (the
  // band is far below the new Nyquist frequency), transform, and spread the power back over the samples.
  const auto factor = static_cast<std::size_t>(std::ceil(fc * rate_hz / (kMaxScale * f_hi_hz)));
  const auto reduced = block_means(x, factor);
  scales = scales_in_band(rate_hz / static_cast<double>(factor), f_lo_hz, f_hi_hz);
  if (scales.empty() || reduced.size() < 2) {
    return fail(ErrorCode::kMissingData,
                "{} samples at {:.4g} Hz are too few to see movement at {:.3g}-{:.3g} Hz", x.size(), rate_hz,
                f_lo_hz, f_hi_hz);
  }
  WaveletPower out = band_power(reduced, std::move(scales));
  out.power = expand_blocks(out.power, factor, x.size());
  out.decimation = factor;
  return out;
}

namespace {

WaveletPower band_power(std::span<const double> x, std::vector<int> scales) {
  WaveletPower out;
  out.scales = std::move(scales);
  // Integrated wavelet on the 1024-point grid.
  constexpr std::size_t kGrid = 1024;
  const auto grid = linspace(kSupportLo, kSupportHi, kGrid);
  const double step = grid[1] - grid[0];
  std::vector<double> int_psi(kGrid);
  double cum = 0.0;
  for (std::size_t i = 0; i < kGrid; ++i) {
    cum += gaus1_psi(grid[i]);
    int_psi[i] = cum * step;
  }
  // Each scale contributes coef[i] = sum_o x[i - o] w_s(o); accumulate w over scales on a common offset
  // axis o in [-o_neg, o_pos].
  struct Kernel {
    long o_min;
    std::vector<double> w;
  };
  std::vector<Kernel> kernels;
  long o_min_all = 0, o_max_all = 0;
  for (int s : out.scales) {
    const double sd = static_cast<double>(s);
    const auto len = static_cast<std::size_t>(std::floor(sd * (kSupportHi - kSupportLo))) + 1;  // L
    std::vector<double> k(len);
    for (std::size_t m = 0; m < len; ++m) {
      auto j = static_cast<std::size_t>(static_cast<double>(m) / (sd * step));
      if (j >= kGrid) j = kGrid - 1;
      k[len - 1 - m] = int_psi[j];  // reversed
    }
    // D[q] = K[q] - K[q-1], q = 0..L (K outside = 0); coef[i] = -sqrt(s) sum_q x[i + fd + 1 - q] D[q].
    const long fd = static_cast<long>(std::floor((static_cast<double>(len) - 2.0) / 2.0));
    Kernel ker{-(fd + 1), std::vector<double>(len + 1)};
    for (std::size_t q = 0; q <= len; ++q) {
      const double kq = q < len ? k[q] : 0.0;
      const double kp = q > 0 ? k[q - 1] : 0.0;
      ker.w[q] = -std::sqrt(sd) * (kq - kp);
    }
    o_min_all = std::min(o_min_all, ker.o_min);
    o_max_all = std::max(o_max_all, ker.o_min + static_cast<long>(len));
    kernels.push_back(std::move(ker));
  }
  std::vector<double> w_all(static_cast<std::size_t>(o_max_all - o_min_all + 1), 0.0);
  for (const auto& ker : kernels)
    for (std::size_t q = 0; q < ker.w.size(); ++q)
      w_all[static_cast<std::size_t>(ker.o_min + static_cast<long>(q) - o_min_all)] += ker.w[q];
  // out[i] = sum_o x[i - o] W(o), with x = 0 outside (full convolution then trimmed).
  const long n = static_cast<long>(x.size());
  out.power.assign(x.size(), 0.0);
  for (long i = 0; i < n; ++i) {
    double acc = 0.0;
    const long o_lo = std::max(o_min_all, i - (n - 1));
    const long o_hi = std::min(o_max_all, i);
    for (long o = o_lo; o <= o_hi; ++o)
      acc += x[static_cast<std::size_t>(i - o)] * w_all[static_cast<std::size_t>(o - o_min_all)];
    out.power[static_cast<std::size_t>(i)] = acc;
  }
  return out;
}

}  // namespace

}  // namespace physio::imu::functional
