#include "imu/gait_lowback/signal_filters.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/butterworth.hpp"

namespace physio::imu {

Result<dsp::SosFilter> butterworth_highpass_sos(int order, double cutoff_hz, double rate_hz) {
  if (!(rate_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < rate_hz / 2.0)) {
    return fail(ErrorCode::kInvalidArgument, "high-pass cutoff {} Hz must lie in (0, {} Hz)", cutoff_hz,
                rate_hz / 2.0);
  }
  // The low-pass prototype at (fs/2 - fc) mapped by z -> -z is the bilinear image of the analog
  // low-pass -> high-pass transform s -> 1/s, so the result is an exact Butterworth high-pass at fc.
  dsp::SosFilter sos = PHYSIO_TRY(dsp::butterworth_lowpass_sos(order, rate_hz / 2.0 - cutoff_hz, rate_hz));
  for (dsp::Biquad& s : sos.sections) {
    s.b1 = -s.b1;
    s.a1 = -s.a1;
  }
  return sos;
}

Result<dsp::SosFilter> butterworth_bandpass_sos(int order, double low_hz, double high_hz, double rate_hz) {
  if (!(low_hz < high_hz)) {
    return fail(ErrorCode::kInvalidArgument, "band-pass low cutoff {} Hz must be below high cutoff {} Hz",
                low_hz, high_hz);
  }
  dsp::SosFilter hp = PHYSIO_TRY(butterworth_highpass_sos(order, low_hz, rate_hz));
  dsp::SosFilter lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(order, high_hz, rate_hz));
  hp.sections.insert(hp.sections.end(), lp.sections.begin(), lp.sections.end());
  hp.order += lp.order;
  return hp;
}

dsp::SosFilter epfl_dedrift_sos() {
  dsp::SosFilter sos;
  dsp::Biquad s;
  s.b0 = 1.0;
  s.b1 = -1.0;
  s.a1 = -0.9748;
  sos.sections.push_back(s);
  sos.order = 1;
  return sos;
}

void resample_linear(std::span<const double> in, double rate_in, double rate_out, std::vector<double>& out,
                     dsp::FiltfiltScratch& scratch) {
  out.clear();
  const std::size_t n = in.size();
  if (n == 0) return;
  const double cutoff = 0.4 * rate_out;
  std::vector<double> filtered;
  std::span<const double> src = in;
  if (cutoff < 0.45 * rate_in) {
    auto sos = dsp::butterworth_lowpass_sos(2, cutoff, rate_in);
    if (sos) {
      filtered.assign(in.begin(), in.end());
      dsp::filtfilt(*sos, filtered, scratch);
      src = filtered;
    }
  }
  const double ratio = rate_in / rate_out;
  const auto n_out = static_cast<std::size_t>(std::floor(static_cast<double>(n - 1) / ratio + 1e-9)) + 1;
  out.resize(n_out);
  for (std::size_t j = 0; j < n_out; ++j) {
    const double pos = static_cast<double>(j) * ratio;
    const auto i0 = std::min(static_cast<std::size_t>(pos), n - 1);
    const std::size_t i1 = std::min(i0 + 1, n - 1);
    const double frac = pos - static_cast<double>(i0);
    out[j] = src[i0] + frac * (src[i1] - src[i0]);
  }
}

void cwt_gaus2(std::span<const double> x, double scale, std::span<double> out) {
  const std::size_t n = x.size();
  const auto half = static_cast<std::ptrdiff_t>(std::floor(5.0 * scale));
  const double c = 1.0 / std::sqrt(3.0 * std::sqrt(std::numbers::pi / 2.0));
  std::vector<double> kernel(static_cast<std::size_t>(2 * half + 1));  // [2 half + 1]
  const double norm = 1.0 / std::sqrt(scale);
  for (std::ptrdiff_t k = -half; k <= half; ++k) {
    const double t = static_cast<double>(k) / scale;
    kernel[static_cast<std::size_t>(k + half)] = norm * c * (2.0 - 4.0 * t * t) * std::exp(-t * t);
  }
  const auto sn = static_cast<std::ptrdiff_t>(n);
  for (std::ptrdiff_t i = 0; i < sn; ++i) {
    const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(-half, -i);
    const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(half, sn - 1 - i);
    double acc = 0.0;
    const double* xp = x.data() + i;
    const double* kp = kernel.data() + half;
    for (std::ptrdiff_t k = lo; k <= hi; ++k) acc += xp[k] * kp[k];
    out[static_cast<std::size_t>(i)] = acc;
  }
}

namespace {

template <typename Get>
std::vector<std::size_t> local_maxima(std::size_t n, double min_height, Get get) {
  std::vector<std::size_t> peaks;
  if (n < 3) return peaks;
  std::size_t i = 1;
  while (i + 1 < n) {
    if (get(i - 1) < get(i)) {
      std::size_t ahead = i + 1;
      while (ahead + 1 < n && get(ahead) == get(i)) ++ahead;
      if (get(ahead) < get(i)) {
        const std::size_t mid = (i + ahead - 1) / 2;
        if (get(mid) >= min_height) peaks.push_back(mid);
        i = ahead;
        continue;
      }
    }
    ++i;
  }
  return peaks;
}

}  // namespace

std::vector<std::size_t> find_local_maxima(std::span<const double> x, double min_height) {
  return local_maxima(x.size(), min_height, [&](std::size_t i) { return x[i]; });
}

std::vector<std::size_t> find_local_minima(std::span<const double> x, double min_height) {
  return local_maxima(x.size(), min_height, [&](std::size_t i) { return -x[i]; });
}

void cumulative_trapezoid(std::span<double> x, double rate_hz) {
  if (x.empty()) return;
  double prev = x[0];
  double sum = 0.0;
  x[0] = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    const double cur = x[i];
    sum += 0.5 * (prev + cur) / rate_hz;
    prev = cur;
    x[i] = sum;
  }
}

}  // namespace physio::imu
