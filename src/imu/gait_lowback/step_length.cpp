#include "imu/gait_lowback/step_length.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/filtfilt.hpp"
#include "dsp/hampel.hpp"
#include "imu/gait_lowback/signal_filters.hpp"

namespace physio::imu {

double zijlstra_step_length(double height_change_m, double sensor_height_m, double scaling_factor) {
  const double h = height_change_m;
  return scaling_factor * 2.0 * std::sqrt(std::abs(2.0 * sensor_height_m * h - h * h));
}

Result<std::vector<double>> compute_step_lengths(std::span<const double> acc_vertical, double rate_hz,
                                                 std::span<const std::size_t> ic_samples,
                                                 double sensor_height_m, const StepLengthOptions& options) {
  if (!(sensor_height_m > 0.0) || !std::isfinite(sensor_height_m)) {
    return fail(ErrorCode::kInvalidArgument, "sensor_height_m must be a positive height in m, got {}",
                sensor_height_m);
  }
  if (!(rate_hz > 2.0 * options.speed_highpass_hz)) {
    return fail(ErrorCode::kInvalidArgument, "step length: rate {} Hz is too low", rate_hz);
  }
  std::vector<double> lengths;
  if (ic_samples.size() < 2) return lengths;
  for (std::size_t k = 0; k < ic_samples.size(); ++k) {
    if (ic_samples[k] >= acc_vertical.size() || (k > 0 && ic_samples[k] < ic_samples[k - 1])) {
      return fail(ErrorCode::kInvalidArgument,
                  "step length: initial contact {} (sample {}) is out of order or beyond the {} samples", k,
                  ic_samples[k], acc_vertical.size());
    }
  }
  const dsp::SosFilter hp_acc = PHYSIO_TRY(butterworth_highpass_sos(4, options.acc_highpass_hz, rate_hz));
  const dsp::SosFilter hp_speed = PHYSIO_TRY(butterworth_highpass_sos(4, options.speed_highpass_hz, rate_hz));
  dsp::FiltfiltScratch scratch;
  std::vector<double> x(acc_vertical.begin(), acc_vertical.end());  // [n]
  dsp::filtfilt(hp_acc, x, scratch);
  double sum = 0.0;
  for (double& v : x) {
    sum += v / rate_hz;
    v = sum;
  }
  dsp::filtfilt(hp_speed, x, scratch);
  sum = 0.0;
  for (double& v : x) {
    sum += v / rate_hz;
    v = sum;
  }
  lengths.reserve(ic_samples.size() - 1);
  for (std::size_t k = 0; k + 1 < ic_samples.size(); ++k) {
    const auto first = x.begin() + static_cast<std::ptrdiff_t>(ic_samples[k]);
    const auto last = x.begin() + static_cast<std::ptrdiff_t>(std::max(ic_samples[k + 1], ic_samples[k] + 1));
    const auto [lo, hi] = std::minmax_element(first, last);
    lengths.push_back(zijlstra_step_length(*hi - *lo, sensor_height_m, options.step_length_scaling_factor));
  }
  if (options.hampel && lengths.size() >= 3) {
    (void)dsp::hampel_filter(lengths, dsp::HampelOptions{.half_width = 2, .n_sigmas = 3.0});
  }
  return lengths;
}

}  // namespace physio::imu
