#include "imu/gait_lowback/gait_sequences_iluz.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace physio::imu {

namespace {

double sinc(double x) {
  if (x == 0.0) return 1.0;
  const double px = std::numbers::pi * x;
  return std::sin(px) / px;
}

// One causal FIR pass; samples before the start count as x[0] (steady state, as scipy's lfilter_zi).
void fir_pass(std::span<const double> b, const std::vector<double>& x, std::vector<double>& y) {
  const std::size_t n = x.size();
  y.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double acc = 0.0;
    for (std::size_t k = 0; k < b.size(); ++k) acc += b[k] * (k <= i ? x[i - k] : x[0]);
    y[i] = acc;
  }
}

// Zero-phase FIR filtering as scipy.signal.filtfilt(b, 1, x): odd extension by 3 x taps, forward pass,
// backward pass. Returns false when x is not longer than the extension (scipy raises "padlen").
bool fir_filtfilt(std::span<const double> b, std::span<const double> x, std::vector<double>& out) {
  const std::size_t n = x.size();
  const std::size_t pad = 3 * b.size();
  if (n <= pad) return false;
  std::vector<double> ext(n + 2 * pad);  // [n + 2 pad]
  for (std::size_t i = 0; i < pad; ++i) ext[i] = 2.0 * x[0] - x[pad - i];
  std::copy(x.begin(), x.end(), ext.begin() + static_cast<std::ptrdiff_t>(pad));
  for (std::size_t i = 0; i < pad; ++i) ext[pad + n + i] = 2.0 * x[n - 1] - x[n - 2 - i];
  std::vector<double> fwd;
  fir_pass(b, ext, fwd);
  std::reverse(fwd.begin(), fwd.end());
  fir_pass(b, fwd, ext);
  std::reverse(ext.begin(), ext.end());
  out.assign(ext.begin() + static_cast<std::ptrdiff_t>(pad),
             ext.begin() + static_cast<std::ptrdiff_t>(pad + n));
  return true;
}

// numpy.convolve(x, t, mode="same") for an even or odd template length m.
std::vector<double> convolve_same(std::span<const double> x, std::span<const double> t) {
  const std::size_t n = x.size();
  const std::size_t m = t.size();
  const std::size_t offset = (m - 1) / 2;
  std::vector<double> out(n, 0.0);  // [n]
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = i + offset;  // index into the full convolution
    double acc = 0.0;
    const std::size_t j_lo = k >= n ? k - n + 1 : 0;
    const std::size_t j_hi = std::min(m - 1, k);
    for (std::size_t j = j_lo; j <= j_hi; ++j) acc += t[j] * x[k - j];
    out[i] = acc;
  }
  return out;
}

// Strict local maxima >= threshold in [first, first + len), kept greedily at least min_distance apart.
std::size_t count_steps(std::span<const double> s, double threshold, double min_distance) {
  std::size_t count = 0;
  bool have_last = false;
  std::size_t last = 0;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (!(s[i - 1] < s[i] && s[i] > s[i + 1]) || s[i] < threshold) continue;
    if (have_last && static_cast<double>(i - last) < min_distance) continue;
    last = i;
    have_last = true;
    ++count;
  }
  return count;
}

double mean_of(std::span<const double> v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

}  // namespace

Result<std::vector<double>> design_fir_bandpass(int order, double low_hz, double high_hz, double rate_hz) {
  const double nyq = rate_hz / 2.0;
  if (order < 2 || order % 2 != 0 || !(low_hz > 0.0) || !(low_hz < high_hz) || !(high_hz < nyq)) {
    return fail(
        ErrorCode::kInvalidArgument,
        "FIR band-pass: need an even order >= 2 and 0 < low ({} Hz) < high ({} Hz) < rate / 2 ({} Hz)",
        low_hz, high_hz, nyq);
  }
  const auto taps = static_cast<std::size_t>(order) + 1;
  const double alpha = 0.5 * static_cast<double>(taps - 1);
  const double lo = low_hz / nyq;
  const double hi = high_hz / nyq;
  std::vector<double> h(taps);  // [taps]
  for (std::size_t i = 0; i < taps; ++i) {
    const double m = static_cast<double>(i) - alpha;
    const double window = 0.54 - 0.46 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                                 static_cast<double>(taps - 1));
    h[i] = (hi * sinc(hi * m) - lo * sinc(lo * m)) * window;
  }
  const double centre = 0.5 * (lo + hi);
  double gain = 0.0;
  for (std::size_t i = 0; i < taps; ++i) {
    gain += h[i] * std::cos(std::numbers::pi * (static_cast<double>(i) - alpha) * centre);
  }
  for (double& v : h) v /= gain;
  return h;
}

Result<std::vector<GaitSequence>> detect_gait_sequences_iluz(std::span<const double> acc_is,
                                                             std::span<const double> acc_pa, double rate_hz,
                                                             const GsdIluzOptions& options) {
  if (!(rate_hz >= 10.0) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "Iluz gait sequence detection needs a rate >= 10 Hz, got {}",
                rate_hz);
  }
  if (acc_is.size() != acc_pa.size()) {
    return fail(ErrorCode::kInvalidArgument, "Iluz GSD: {} vertical but {} forward acceleration samples",
                acc_is.size(), acc_pa.size());
  }
  const GsdIluzOptions& o = options;
  if (!(o.window_s > 0.0) || !(o.overlap >= 0.0 && o.overlap < 1.0) || !(o.sin_template_hz > 0.0) ||
      !(o.min_steps_per_s >= 0.0 && o.min_steps_per_s <= o.max_steps_per_s) || !(o.max_acc_v_change >= 0.0) ||
      !(o.min_duration_s >= 0.0) || !(o.window_s >= 1.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "Iluz GSD options: need window_s >= 1 s, 0 <= overlap < 1, sin_template_hz > 0, "
                "0 <= min_steps_per_s <= max_steps_per_s, max_acc_v_change >= 0, min_duration_s >= 0");
  }
  const std::vector<double> fir =
      PHYSIO_TRY(design_fir_bandpass(o.fir_order, o.band_low_hz, o.band_high_hz, rate_hz));
  std::vector<GaitSequence> result;
  const std::size_t n = acc_is.size();
  const auto min_samples = static_cast<std::size_t>(std::llround(o.min_duration_s * rate_hz));
  if (n < min_samples) return result;
  std::vector<double> filtered;  // [n] band-passed acc_is
  if (!fir_filtfilt(fir, acc_is, filtered)) return result;

  const auto win = static_cast<std::size_t>(std::llround(o.window_s * rate_hz));
  const auto overlap = static_cast<std::size_t>(std::llround(static_cast<double>(win) * o.overlap));
  const std::size_t step = win - overlap;
  if (n < win || step == 0) return result;
  const std::size_t n_windows = (n - win) / step + 1;
  const auto second = static_cast<std::size_t>(std::llround(rate_hz));

  const auto template_len = static_cast<std::size_t>(std::llround(rate_hz / o.sin_template_hz));
  std::vector<double> templ(std::max<std::size_t>(template_len, 2));  // one sine period, endpoints included
  for (std::size_t i = 0; i < templ.size(); ++i) {
    templ[i] =
        std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(templ.size() - 1));
  }
  const std::vector<double> conv_is = convolve_same(acc_is, templ);  // [n]
  const std::vector<double> conv_pa = convolve_same(acc_pa, templ);  // [n]
  const double min_steps = o.min_steps_per_s * o.window_s;
  const double max_steps = o.max_steps_per_s * o.window_s;
  const double min_distance = rate_hz / 10.0;

  struct Interval {
    std::size_t start, end;
  };
  std::vector<Interval> selected;
  for (std::size_t w = 0; w < n_windows; ++w) {
    const std::size_t s0 = w * step;
    const std::span<const double> f(filtered.data() + s0, win);
    const std::span<const double> raw(acc_is.data() + s0, win);
    const double f_mean = mean_of(f);
    double ss = 0.0;
    for (double v : f) ss += (v - f_mean) * (v - f_mean);
    const double sd = std::sqrt(ss / static_cast<double>(win - 1));
    // mobgap also checks the mean of the mean-removed window against -0.1 g, which always holds; omitted.
    if (!(sd > o.std_activity_threshold_mps2) || !(mean_of(raw) > o.standing_threshold_mps2)) continue;
    const auto n_is = static_cast<double>(count_steps(std::span<const double>(conv_is.data() + s0, win),
                                                      o.step_threshold_is_mps2, min_distance));
    const auto n_pa = static_cast<double>(count_steps(std::span<const double>(conv_pa.data() + s0, win),
                                                      o.step_threshold_pa_mps2, min_distance));
    if (n_is < min_steps || n_is > max_steps || n_pa < min_steps || n_pa > max_steps) continue;
    const std::size_t sec = std::min(second, win);
    const double first_mean = mean_of(raw.first(sec));
    const double last_mean = mean_of(raw.last(sec));
    if (!(std::abs((first_mean - last_mean) / first_mean) <= o.max_acc_v_change)) continue;
    const std::size_t end = std::min(n, s0 + win + 1);
    if (!selected.empty() && s0 <= selected.back().end) {
      selected.back().end = std::max(selected.back().end, end);
    } else {
      selected.push_back({s0, end});
    }
  }
  for (const Interval& iv : selected) {
    if (iv.end - iv.start < min_samples) continue;
    GaitSequence gs;
    gs.start = iv.start;
    gs.end = iv.end;
    gs.start_s = static_cast<double>(gs.start) / rate_hz;
    gs.end_s = static_cast<double>(gs.end) / rate_hz;
    result.push_back(gs);
  }
  return result;
}

}  // namespace physio::imu
