#include "imu/gait_lowback/step_to_second.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsp/hampel.hpp"

namespace physio::imu {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Result<std::vector<double>> step_values_per_second(std::span<const double> ic_s,
                                                   std::span<const double> values, std::size_t n_seconds,
                                                   const PerSecondOptions& options) {
  if (ic_s.size() != values.size()) {
    return fail(ErrorCode::kInvalidArgument, "per-second interpolation: {} contact times but {} step values",
                ic_s.size(), values.size());
  }
  if (options.hampel_half_width == 0 || !(options.hampel_n_sigmas > 0.0) ||
      !(options.max_interpolation_gap_s >= 0.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "per-second interpolation: Hampel half-width >= 1, n_sigmas > 0 and max gap >= 0 required");
  }
  for (std::size_t k = 0; k < ic_s.size(); ++k) {
    if (!std::isfinite(ic_s[k]) || (k > 0 && ic_s[k] < ic_s[k - 1])) {
      return fail(ErrorCode::kInvalidArgument,
                  "per-second interpolation: contact {} at {} s is not finite or not in increasing order", k,
                  ic_s[k]);
    }
  }
  std::vector<double> out(n_seconds, kNaN);  // [n_seconds]
  if (ic_s.empty() || n_seconds == 0) return out;
  const dsp::HampelOptions hampel{.half_width = options.hampel_half_width,
                                  .n_sigmas = options.hampel_n_sigmas};

  std::vector<double> clean(values.begin(), values.end());  // [n]
  (void)PHYSIO_TRY(dsp::hampel_filter(clean, hampel));

  // Mean of the contacts inside [k, k + 1] (both ends included, as mobgap's interval_mean).
  std::size_t first = 0;
  for (std::size_t k = 0; k < n_seconds; ++k) {
    const auto lo = static_cast<double>(k);
    const double hi = lo + 1.0;
    while (first < ic_s.size() && ic_s[first] < lo) ++first;
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t j = first; j < ic_s.size() && ic_s[j] <= hi; ++j) {
      if (std::isfinite(clean[j])) {
        sum += clean[j];
        ++count;
      }
    }
    if (count > 0) out[k] = sum / static_cast<double>(count);
  }
  (void)PHYSIO_TRY(dsp::hampel_filter(out, hampel));

  // Fill interior NaN runs no longer than the maximum gap by linear interpolation.
  std::size_t k = 0;
  while (k < n_seconds) {
    if (std::isfinite(out[k])) {
      ++k;
      continue;
    }
    const std::size_t run_start = k;
    while (k < n_seconds && !std::isfinite(out[k])) ++k;
    const std::size_t run_len = k - run_start;
    if (run_start == 0 || k == n_seconds) continue;
    if (static_cast<double>(run_len) > options.max_interpolation_gap_s) continue;
    const double a = out[run_start - 1];
    const double b = out[k];
    const auto span_len = static_cast<double>(run_len + 1);
    for (std::size_t j = run_start; j < k; ++j) {
      const double f = static_cast<double>(j - run_start + 1) / span_len;
      out[j] = a + f * (b - a);
    }
  }
  return out;
}

double region_mean_of_seconds(std::span<const double> per_second, double start_s, double end_s) {
  const std::size_t m = per_second.size();
  if (m == 0 || !(end_s > start_s)) return kNaN;
  double weighted = 0.0;
  double weight = 0.0;
  // Second k covers [k, k + 1); before 0 the first value holds, after m the last one (edge padding).
  const double lo_clamped = std::max(start_s, 0.0);
  if (start_s < 0.0 && std::isfinite(per_second[0])) {
    const double w = std::min(end_s, 0.0) - start_s;
    weighted += w * per_second[0];
    weight += w;
  }
  const auto top = static_cast<double>(m);
  if (end_s > top && std::isfinite(per_second[m - 1])) {
    const double w = end_s - std::max(start_s, top);
    weighted += w * per_second[m - 1];
    weight += w;
  }
  if (end_s > 0.0 && lo_clamped < top) {
    const auto k0 = static_cast<std::size_t>(std::floor(lo_clamped));
    const double hi_clamped = std::min(end_s, top);
    for (std::size_t k = k0; k < m && static_cast<double>(k) < hi_clamped; ++k) {
      if (!std::isfinite(per_second[k])) continue;
      const double w =
          std::min(hi_clamped, static_cast<double>(k) + 1.0) - std::max(lo_clamped, static_cast<double>(k));
      if (w <= 0.0) continue;
      weighted += w * per_second[k];
      weight += w;
    }
  }
  return weight > 0.0 ? weighted / weight : kNaN;
}

}  // namespace physio::imu
