#include "imu/gait_lowback/regularity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace physio::imu {

Regularity compute_regularity(std::span<const double> acc_vertical, double rate_hz, double stride_time_s) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Regularity r{kNaN, kNaN, kNaN};
  const std::size_t n = acc_vertical.size();
  if (!(rate_hz > 0.0) || !(stride_time_s > 0.0) || !std::isfinite(stride_time_s)) return r;
  const double stride_samples = stride_time_s * rate_hz;
  if (static_cast<double>(n) < 2.0 * stride_samples + 2.0) return r;
  double mean = 0.0;
  for (double v : acc_vertical) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> x(n);  // [n]
  double energy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = acc_vertical[i] - mean;
    energy += x[i] * x[i];
  }
  if (!(energy > 0.0)) return r;
  const double var = energy / static_cast<double>(n);
  auto ad = [&](std::size_t lag) {
    double s = 0.0;
    for (std::size_t i = 0; i + lag < n; ++i) s += x[i] * x[i + lag];
    return s / static_cast<double>(n - lag) / var;
  };
  auto peak_near = [&](double centre) {
    const auto lo = static_cast<std::size_t>(std::max(1.0, std::floor(0.75 * centre)));
    const auto hi = std::min(n - 1, static_cast<std::size_t>(std::ceil(1.25 * centre)));
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t lag = lo; lag <= hi; ++lag) best = std::max(best, ad(lag));
    return best;
  };
  r.step_regularity = peak_near(stride_samples / 2.0);
  r.stride_regularity = peak_near(stride_samples);
  r.step_symmetry = r.stride_regularity != 0.0 ? r.step_regularity / r.stride_regularity : kNaN;
  return r;
}

}  // namespace physio::imu
