#include "imu/gait_foot/stride_segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"

namespace physio::imu {
namespace {

// Local maxima above `threshold`, at least `min_distance` samples apart; higher peaks win (scipy
// find_peaks `distance` semantics). Returned in time order.
std::vector<std::size_t> pick_peaks(std::span<const double> x, double threshold, std::size_t min_distance) {
  std::vector<std::size_t> cand;  // local maxima above the threshold, in time order
  for (std::size_t i = 1; i + 1 < x.size(); ++i) {
    if (x[i] > threshold && x[i] > x[i - 1] && x[i] >= x[i + 1]) cand.push_back(i);
  }
  std::vector<std::size_t> by_height(cand.size());  // positions in `cand`, highest peak first
  for (std::size_t k = 0; k < cand.size(); ++k) by_height[k] = k;
  std::stable_sort(by_height.begin(), by_height.end(),
                   [&](std::size_t a, std::size_t b) { return x[cand[a]] > x[cand[b]]; });
  std::vector<char> keep(cand.size(), 0), suppressed(cand.size(), 0);
  for (const std::size_t c : by_height) {
    if (suppressed[c]) continue;
    keep[c] = 1;
    for (std::size_t j = c; j-- > 0 && cand[c] - cand[j] < min_distance;) suppressed[j] = 1;
    for (std::size_t j = c + 1; j < cand.size() && cand[j] - cand[c] < min_distance; ++j) suppressed[j] = 1;
  }
  std::vector<std::size_t> peaks;
  for (std::size_t c = 0; c < cand.size(); ++c) {
    if (keep[c]) peaks.push_back(cand[c]);
  }
  return peaks;
}

}  // namespace

std::size_t min_gyro_energy_centre(const Samples3& gyr, std::size_t begin, std::size_t end, std::size_t win) {
  if (end <= begin || end - begin <= win || win == 0) return begin + (end - begin) / 2;
  double sum = 0.0;
  for (std::size_t i = begin; i < begin + win; ++i)
    sum += gyr.row(static_cast<Eigen::Index>(i)).squaredNorm();
  double best = sum;
  std::size_t best_start = begin;
  for (std::size_t s = begin + 1; s + win <= end; ++s) {
    sum += gyr.row(static_cast<Eigen::Index>(s + win - 1)).squaredNorm() -
           gyr.row(static_cast<Eigen::Index>(s - 1)).squaredNorm();
    if (sum < best) {
      best = sum;
      best_start = s;
    }
  }
  return best_start + win / 2;
}

Result<std::vector<StrideBorder>> segment_strides(std::span<const double> gyr_ml, const Samples3& gyr,
                                                  double rate_hz, const StrideSegmentationOptions& o) {
  if (static_cast<Eigen::Index>(gyr_ml.size()) != gyr.rows()) {
    return fail(ErrorCode::kInvalidArgument, "segment_strides: gyr_ml has {} samples, gyr {}", gyr_ml.size(),
                gyr.rows());
  }
  if (!(rate_hz > 0.0) || !(o.min_stride_s > 0.0) || !(o.max_stride_s > o.min_stride_s) ||
      !(o.min_swing_peak_dps > 0.0) || !(o.min_vel_window_ms > 0.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "segment_strides: need rate > 0, 0 < min_stride_s < max_stride_s, positive peak and window");
  }
  std::vector<StrideBorder> strides;
  const std::size_t n = gyr_ml.size();
  if (n < 3) return strides;

  auto sos = PHYSIO_TRY(dsp::design_zero_phase_lowpass(
      {.total_order = 4, .cutoff_hz = std::min(o.swing_lowpass_hz, 0.45 * rate_hz), .rate_hz = rate_hz}));
  std::vector<double> smooth(gyr_ml.begin(), gyr_ml.end());  // [n]
  dsp::filtfilt(sos, smooth);

  const double threshold_rps = o.min_swing_peak_dps * std::numbers::pi / 180.0;
  const auto min_dist = static_cast<std::size_t>(std::lround(o.min_stride_s * rate_hz));
  const auto max_len = static_cast<std::size_t>(std::lround(o.max_stride_s * rate_hz));
  const auto win = std::max<std::size_t>(1, static_cast<std::size_t>(o.min_vel_window_ms / 1000.0 * rate_hz));
  const std::vector<std::size_t> peaks = pick_peaks(smooth, threshold_rps, min_dist);

  // Border before each swing peak.
  std::vector<std::size_t> border(peaks.size());  // [n_peaks]
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    const std::size_t p = peaks[k];
    std::size_t lo = p > max_len ? p - max_len : 0;
    if (k > 0) lo = std::max(lo, peaks[k - 1]);
    const std::size_t mid = min_gyro_energy_centre(gyr, lo, p, win);
    std::size_t best = mid;
    for (std::size_t i = mid; i < p; ++i) {
      if (gyr_ml[i] < gyr_ml[best]) best = i;
    }
    border[k] = best;
  }
  for (std::size_t k = 0; k + 1 < peaks.size(); ++k) {
    const std::size_t peak_gap = peaks[k + 1] - peaks[k];
    if (border[k + 1] <= border[k]) continue;
    const std::size_t len = border[k + 1] - border[k];
    if (peak_gap < min_dist || peak_gap > max_len || len < min_dist || len > max_len) continue;
    strides.push_back({border[k], border[k + 1]});
  }
  return strides;
}

}  // namespace physio::imu
