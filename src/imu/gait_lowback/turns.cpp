#include "imu/gait_lowback/turns.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"

namespace physio::imu {

namespace {

struct Region {
  std::size_t start = 0;  // first sample above the lower threshold
  std::size_t end = 0;    // one past the last
  double peak = 0.0;      // largest |rate|
  bool positive = true;
};

}  // namespace

Result<std::vector<Turn>> detect_turns(std::span<const double> gyr_vertical, double rate_hz,
                                       const TurnOptions& options) {
  if (!(rate_hz > 2.0 * options.lowpass_hz) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "turn detection: rate {} Hz is too low", rate_hz);
  }
  if (!(options.lower_threshold_dps > 0.0) || options.min_peak_dps < options.lower_threshold_dps ||
      !(options.min_duration_s <= options.max_duration_s)) {
    return fail(ErrorCode::kInvalidArgument,
                "turn options: need 0 < lower_threshold_dps <= min_peak_dps and min <= max duration");
  }
  std::vector<Turn> turns;
  const std::size_t n = gyr_vertical.size();
  if (n < 3) return turns;
  constexpr double kDegPerRad = 180.0 / std::numbers::pi;
  std::vector<double> rate(n);  // [n] deg/s
  for (std::size_t i = 0; i < n; ++i) rate[i] = gyr_vertical[i] * kDegPerRad;
  const dsp::SosFilter lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(4, options.lowpass_hz, rate_hz));
  dsp::filtfilt(lp, rate);

  std::vector<Region> regions;
  std::size_t i = 0;
  while (i < n) {
    if (std::abs(rate[i]) <= options.lower_threshold_dps) {
      ++i;
      continue;
    }
    Region r;
    r.start = i;
    r.positive = rate[i] > 0.0;
    while (i < n && std::abs(rate[i]) > options.lower_threshold_dps) {
      r.peak = std::max(r.peak, std::abs(rate[i]));
      ++i;
    }
    r.end = i;
    if (r.peak < options.min_peak_dps) continue;
    const auto max_gap = static_cast<std::size_t>(std::llround(options.min_gap_s * rate_hz));
    if (!regions.empty() && regions.back().positive == r.positive && r.start - regions.back().end < max_gap) {
      regions.back().end = r.end;
      regions.back().peak = std::max(regions.back().peak, r.peak);
    } else {
      regions.push_back(r);
    }
  }
  for (const Region& r : regions) {
    double angle = 0.0;
    for (std::size_t k = r.start; k < r.end; ++k) angle += rate[k] / rate_hz;
    Turn t;
    t.start_s = static_cast<double>(r.start) / rate_hz;
    t.end_s = static_cast<double>(r.end) / rate_hz;
    t.duration_s = t.end_s - t.start_s;
    t.angle_deg = angle;
    t.peak_rate_dps = r.peak;
    t.direction = angle > 0.0 ? "left" : "right";
    if (t.duration_s < options.min_duration_s || t.duration_s > options.max_duration_s) continue;
    if (std::abs(angle) < options.min_angle_deg) continue;
    turns.push_back(std::move(t));
  }
  return turns;
}

}  // namespace physio::imu
