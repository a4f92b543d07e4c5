#include "imu/gait_lowback/aggregates.hpp"

#include <algorithm>
#include <cmath>

namespace physio::imu {

double percentile_of(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return kGaitNaN;
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(q, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  const double f = pos - static_cast<double>(lo);
  return values[lo] + f * (values[hi] - values[lo]);
}

namespace {

double mean_finite(const std::vector<double>& v) {
  double s = 0.0;
  std::size_t n = 0;
  for (double x : v) {
    if (std::isfinite(x)) {
      s += x;
      ++n;
    }
  }
  return n > 0 ? s / static_cast<double>(n) : kGaitNaN;
}

}  // namespace

GaitAggregates aggregate_walking_bouts(std::span<const WalkingBout> bouts, std::size_t n_turns) {
  GaitAggregates a;
  a.n_turns = n_turns;
  std::vector<double> speed;
  std::vector<double> speed10;
  std::vector<double> speed30;
  std::vector<double> cadence;
  std::vector<double> length;
  std::vector<double> duration;
  std::vector<double> stride_time;
  for (const WalkingBout& b : bouts) {
    ++a.n_bouts;
    a.total_steps += b.n_steps;
    a.total_strides += b.n_strides;
    a.walking_time_s += b.duration_s;
    duration.push_back(b.duration_s);
    speed.push_back(b.walking_speed_mps);
    cadence.push_back(b.cadence_spm);
    length.push_back(b.stride_length_m);
    stride_time.push_back(b.stride_time_s);
    if (b.duration_s >= 10.0) {
      ++a.n_bouts_10s;
      speed10.push_back(b.walking_speed_mps);
    }
    if (b.duration_s >= 30.0) {
      ++a.n_bouts_30s;
      speed30.push_back(b.walking_speed_mps);
    }
  }
  if (!duration.empty()) a.max_bout_duration_s = *std::max_element(duration.begin(), duration.end());
  a.median_bout_duration_s = percentile_of(duration, 50.0);
  a.walking_speed_median_mps = percentile_of(speed, 50.0);
  a.walking_speed_mean_mps = mean_finite(speed);
  a.walking_speed_p90_mps = percentile_of(speed, 90.0);
  a.walking_speed_10s_median_mps = percentile_of(speed10, 50.0);
  a.walking_speed_10s_p90_mps = percentile_of(speed10, 90.0);
  a.walking_speed_30s_median_mps = percentile_of(speed30, 50.0);
  a.walking_speed_30s_p90_mps = percentile_of(speed30, 90.0);
  a.cadence_median_spm = percentile_of(cadence, 50.0);
  a.cadence_mean_spm = mean_finite(cadence);
  a.cadence_p90_spm = percentile_of(cadence, 90.0);
  a.stride_length_median_m = percentile_of(length, 50.0);
  a.stride_length_mean_m = mean_finite(length);
  a.stride_length_p90_m = percentile_of(length, 90.0);
  a.stride_time_median_s = percentile_of(stride_time, 50.0);
  return a;
}

}  // namespace physio::imu
