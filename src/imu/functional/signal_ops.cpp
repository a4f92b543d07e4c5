#include "imu/functional/signal_ops.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace physio::imu::functional {

Result<MovingStats> moving_mean_sd(std::span<const double> x, std::size_t window) {
  const std::size_t n = x.size();
  if (window < 2)
    return fail(ErrorCode::kInvalidArgument, "moving window must be >= 2 samples, got {}", window);
  if (window > n) {
    return fail(ErrorCode::kOutOfRange, "series of {} samples is shorter than the {}-sample moving window", n,
                window);
  }
  MovingStats out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  const std::size_t pad = (window + 1) / 2;
  const std::size_t n_full = n - window + 1;
  const double w = static_cast<double>(window);
  // Two-pass per window: windows are short (tens of samples) and this keeps the SD exact for
  // signals with a large offset (gravity) and a tiny spread.
  for (std::size_t k = 0; k < n_full; ++k) {
    const std::size_t i = pad + k;
    if (i >= n) break;
    double s = 0.0;
    for (std::size_t j = k; j < k + window; ++j) s += x[j];
    const double m = s / w;
    double ss = 0.0;
    for (std::size_t j = k; j < k + window; ++j) ss += (x[j] - m) * (x[j] - m);
    out.mean[i] = m;
    out.sd[i] = std::sqrt(ss / (w - 1.0));
  }
  const std::size_t last_full = std::min(pad + n_full, n) - 1;
  const std::size_t tail_src = n - pad <= last_full ? n - pad : last_full;
  for (std::size_t i = 0; i < pad && i < n; ++i) {
    out.mean[i] = out.mean[std::min(pad, n - 1)];
    out.sd[i] = out.sd[std::min(pad, n - 1)];
  }
  for (std::size_t i = pad + n_full; i < n; ++i) {
    out.mean[i] = out.mean[tail_src];
    out.sd[i] = out.sd[tail_src];
  }
  return out;
}

namespace {

// One biquad over d (forward when step = +1), transposed direct form II started in the steady state of
// the first input it sees (scipy's sosfilt_zi scaled by that sample).
void run_section_steady(const dsp::Biquad& s, std::vector<double>& d, bool forward) {
  const std::size_t n = d.size();
  if (n == 0) return;
  const double x0 = forward ? d.front() : d.back();
  const double y0 = dsp::dc_gain(s) * x0;
  double z1 = s.b2 * x0 - s.a2 * y0;
  double z0 = s.b1 * x0 - s.a1 * y0 + z1;
  for (std::size_t k = 0; k < n; ++k) {
    double& v = forward ? d[k] : d[n - 1 - k];
    const double x = v;
    const double y = s.b0 * x + z0;
    z0 = s.b1 * x - s.a1 * y + z1;
    z1 = s.b2 * x - s.a2 * y;
    v = y;
  }
}

}  // namespace

std::vector<double> filtfilt_no_pad(const dsp::SosFilter& sos, std::span<const double> x) {
  std::vector<double> d(x.begin(), x.end());
  for (const auto& s : sos.sections) run_section_steady(s, d, true);
  for (const auto& s : sos.sections) run_section_steady(s, d, false);
  return d;
}

std::vector<double> cumtrapz(std::span<const double> x, double dt_s) {
  std::vector<double> out(x.size(), 0.0);
  for (std::size_t i = 1; i < x.size(); ++i) out[i] = out[i - 1] + 0.5 * dt_s * (x[i] + x[i - 1]);
  return out;
}

void detrend_linear(std::span<double> x) {
  const std::size_t n = x.size();
  if (n < 2) {
    for (auto& v : x) v = 0.0;
    return;
  }
  const double nn = static_cast<double>(n);
  const double t_mean = (nn - 1.0) / 2.0;
  double x_mean = 0.0;
  for (double v : x) x_mean += v;
  x_mean /= nn;
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dt = static_cast<double>(i) - t_mean;
    sxy += dt * (x[i] - x_mean);
    sxx += dt * dt;
  }
  const double slope = sxy / sxx;
  for (std::size_t i = 0; i < n; ++i) x[i] -= x_mean + slope * (static_cast<double>(i) - t_mean);
}

std::vector<std::size_t> find_peaks(std::span<const double> x, double min_height, std::size_t min_distance) {
  std::vector<std::size_t> peaks;
  const std::size_t n = x.size();
  if (n < 3) return peaks;
  std::size_t i = 1;
  while (i + 1 < n) {
    if (x[i - 1] < x[i]) {
      std::size_t ahead = i + 1;
      while (ahead + 1 < n && x[ahead] == x[i]) ++ahead;
      if (x[ahead] < x[i]) {
        const std::size_t mid = (i + ahead - 1) / 2;
        if (x[mid] >= min_height) peaks.push_back(mid);
        i = ahead;
        continue;
      }
    }
    ++i;
  }
  if (min_distance <= 1 || peaks.size() < 2) return peaks;
  // Highest first; a kept peak removes the lower ones closer than min_distance.
  std::vector<std::size_t> order(peaks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[peaks[a]] > x[peaks[b]]; });
  std::vector<bool> keep(peaks.size(), true);
  for (std::size_t k : order) {
    if (!keep[k]) continue;
    for (std::size_t j = k; j-- > 0 && peaks[k] - peaks[j] < min_distance;) keep[j] = false;
    for (std::size_t j = k + 1; j < peaks.size() && peaks[j] - peaks[k] < min_distance; ++j) keep[j] = false;
  }
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < peaks.size(); ++k)
    if (keep[k]) kept.push_back(peaks[k]);
  return kept;
}

double sample_sd(std::span<const double> x) {
  if (x.size() < 2) return 0.0;
  double m = 0.0;
  for (double v : x) m += v;
  m /= static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

double median_of(std::vector<double> x) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t mid = x.size() / 2;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid), x.end());
  const double hi = x[mid];
  if (x.size() % 2 == 1) return hi;
  const double lo = *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lo + hi);
}

bool all_finite(std::span<const double> x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace physio::imu::functional
