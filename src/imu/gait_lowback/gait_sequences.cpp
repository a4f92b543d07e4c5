#include "imu/gait_lowback/gait_sequences.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"
#include "imu/gait_lowback/signal_filters.hpp"

namespace physio::imu {

namespace {

struct Interval {
  double start = 0.0;
  double end = 0.0;
};

// Moving average of 3 samples with the ends fitted as scipy's savgol mode="interp" does for order 1
// (a straight line through the first / last three samples).
void moving_average3(std::span<const double> in, std::span<double> out) {
  const std::size_t n = in.size();
  if (n < 3) {
    std::copy(in.begin(), in.end(), out.begin());
    return;
  }
  for (std::size_t i = 1; i + 1 < n; ++i) out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
  const double m0 = (in[0] + in[1] + in[2]) / 3.0;
  const double s0 = (in[2] - in[0]) / 2.0;
  out[0] = m0 - s0;
  const double m1 = (in[n - 3] + in[n - 2] + in[n - 1]) / 3.0;
  const double s1 = (in[n - 1] - in[n - 3]) / 2.0;
  out[n - 1] = m1 + s1;
}

// Pulse trains: runs of candidates whose intervals stay below the running mean interval plus a margin.
std::vector<Interval> find_pulse_trains(const std::vector<std::size_t>& x, double initial_distance,
                                        double margin) {
  std::vector<Interval> trains;
  std::size_t i = 0;
  while (x.size() >= 2 && i < x.size() - 1) {
    if (static_cast<double>(x[i + 1] - x[i]) < initial_distance) {
      const double start_val = static_cast<double>(x[i]);
      std::size_t last = x.size() - 1;  // index of the last pulse of the train
      for (std::size_t k = i + 1; k + 1 < x.size(); ++k) {
        const double n_intervals = static_cast<double>(k - i);
        const double threshold = (static_cast<double>(x[k]) - start_val) / n_intervals + margin;
        if (static_cast<double>(x[k + 1] - x[k]) > threshold) {
          last = k;
          break;
        }
      }
      trains.push_back({start_val, static_cast<double>(x[last])});
      i = last + 1;
    } else {
      ++i;
    }
  }
  return trains;
}

std::vector<Interval> merge_intervals(std::vector<Interval> v, double gap) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const Interval& iv : v) {
    if (!out.empty() && iv.start - out.back().end <= gap) {
      out.back().end = std::max(out.back().end, iv.end);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

// Intersections of two sorted, internally non-overlapping interval lists (two-pointer sweep).
std::vector<Interval> intersect(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  std::vector<Interval> out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const double lo = std::max(a[i].start, b[j].start);
    const double hi = std::min(a[i].end, b[j].end);
    if (lo < hi) out.push_back({lo, hi});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return merge_intervals(std::move(out), 0.0);
}

}  // namespace

Result<std::vector<GaitSequence>> detect_gait_sequences(std::span<const double> acc_norm, double rate_hz,
                                                        const GsdOptions& options) {
  if (!(rate_hz >= 10.0) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "gait sequence detection needs a rate >= 10 Hz, got {}",
                rate_hz);
  }
  if (options.min_n_steps < 1 || !(options.active_signal_threshold_mps2 > 0.0) ||
      !(options.max_gap_s >= 0.0) || !(options.min_step_margin_s > 0.0) || !(options.padding >= 0.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "GSD options: min_n_steps >= 1, threshold > 0, max_gap_s >= 0, min_step_margin_s > 0 and "
                "padding >= 0 are required");
  }
  std::vector<GaitSequence> result;
  const std::size_t n = acc_norm.size();
  if (n < 3) return result;

  dsp::FiltfiltScratch scratch;
  std::vector<double> sig;  // [m] at 40 Hz
  resample_linear(acc_norm, rate_hz, kInternalRateHz, sig, scratch);
  const std::size_t m = sig.size();
  if (m < 3) return result;
  std::vector<double> tmp(m);
  moving_average3(sig, tmp);
  dsp::filtfilt(epfl_dedrift_sos(), tmp, scratch);
  const dsp::SosFilter lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(4, 3.14, kInternalRateHz));
  dsp::filtfilt(lp, tmp, scratch);
  cwt_gaus2(tmp, 10.0, sig);
  moving_average3(sig, tmp);

  const double thr = options.active_signal_threshold_mps2;
  const std::vector<std::size_t> max_peaks = find_local_maxima(tmp, thr);
  const std::vector<std::size_t> min_peaks = find_local_minima(tmp, thr);
  const double margin = options.min_step_margin_s * kInternalRateHz;
  const std::vector<Interval> from_max = find_pulse_trains(max_peaks, margin, margin);
  const std::vector<Interval> from_min = find_pulse_trains(min_peaks, margin, margin);
  std::vector<Interval> combined = intersect(from_max, from_min);

  std::vector<Interval> kept;
  std::size_t p = 0;
  for (Interval iv : combined) {
    while (p < max_peaks.size() && static_cast<double>(max_peaks[p]) < iv.start) ++p;
    std::size_t q = p;
    while (q < max_peaks.size() && static_cast<double>(max_peaks[q]) <= iv.end) ++q;
    const std::size_t n_steps = q - p;
    if (n_steps < static_cast<std::size_t>(options.min_n_steps) || n_steps < 2) continue;
    const double mean_step =
        static_cast<double>(max_peaks[q - 1] - max_peaks[p]) / static_cast<double>(n_steps - 1);
    iv.start = std::trunc(iv.start - options.padding * mean_step);
    iv.end = std::trunc(iv.end + options.padding * mean_step);
    kept.push_back(iv);
  }
  kept = merge_intervals(std::move(kept), options.max_gap_s * kInternalRateHz);

  const double to_native = rate_hz / kInternalRateHz;
  for (const Interval& iv : kept) {
    const double s = std::clamp(iv.start * to_native, 0.0, static_cast<double>(n));
    const double e = std::clamp(iv.end * to_native, 0.0, static_cast<double>(n));
    GaitSequence gs;
    gs.start = static_cast<std::size_t>(std::llround(s));
    gs.end = static_cast<std::size_t>(std::llround(e));
    if (gs.end <= gs.start) continue;
    gs.start_s = static_cast<double>(gs.start) / rate_hz;
    gs.end_s = static_cast<double>(gs.end) / rate_hz;
    result.push_back(gs);
  }
  return result;
}

}  // namespace physio::imu
