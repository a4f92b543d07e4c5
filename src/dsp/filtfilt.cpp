#include "dsp/filtfilt.hpp"

#include <algorithm>
#include <cmath>

namespace physio::dsp {

namespace {

// One section over d[0..n) (forward) or d[n-1..0] (backward), in direct form I started in the steady
// state of the first input sample x0: past inputs x0, past outputs G x0 (the lfilter_zi state, expressed
// in direct form I). The recursion is written so the loop-carried dependency is a single multiply-add on
// y[i-1]; the a2 term uses y[i-2], which is ready one step earlier. This halves the latency of the
// transposed form and makes the filter throughput-bound.
template <bool kForward>
void run_section(const Biquad& s, double* d, std::size_t n) {
  const double x0 = kForward ? d[0] : d[n - 1];
  const double y0 = dc_gain(s) * x0;
  double x1 = x0, x2 = x0, y1 = y0, y2 = y0;
  const double b0 = s.b0, b1 = s.b1, b2 = s.b2, a1 = s.a1, a2 = s.a2;
  for (std::size_t k = 0; k < n; ++k) {
    double& slot = kForward ? d[k] : d[n - 1 - k];
    const double x = slot;
    const double p = (b0 * x + b1 * x1 + b2 * x2) - a2 * y2;
    const double y = p - a1 * y1;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    slot = y;
  }
}

void filtfilt_run(const SosFilter& sos, std::span<double> run, std::vector<double>& buf) {
  const std::size_t n = run.size();
  if (n < 2) return;
  const std::size_t pad = std::min(filtfilt_pad_length(sos), n - 1);
  const std::size_t total = n + 2 * pad;
  if (buf.size() < total) buf.resize(total);
  double* d = buf.data();
  const double first = run[0];
  const double last = run[n - 1];
  // [pad reflected | run | pad reflected]
  for (std::size_t i = 0; i < pad; ++i) d[i] = 2.0 * first - run[pad - i];
  std::copy(run.begin(), run.end(), d + pad);
  for (std::size_t i = 0; i < pad; ++i) d[pad + n + i] = 2.0 * last - run[n - 2 - i];
  for (const Biquad& s : sos.sections) run_section<true>(s, d, total);
  for (const Biquad& s : sos.sections) run_section<false>(s, d, total);
  std::copy(d + pad, d + pad + n, run.begin());
}

constexpr std::size_t kL = kFiltfiltLanes;

// run_section for kL interleaved series: the same recursion per lane, so each lane's arithmetic is
// identical to the scalar path; the fixed-width inner loops vectorise.
template <bool kForward>
void run_section_lanes(const Biquad& s, double* d, std::size_t rows) {
  const double* first = kForward ? d : d + (rows - 1) * kL;
  const double g = dc_gain(s);
  double x1[kL], x2[kL], y1[kL], y2[kL];
  for (std::size_t j = 0; j < kL; ++j) {
    x1[j] = x2[j] = first[j];
    y1[j] = y2[j] = g * first[j];
  }
  const double b0 = s.b0, b1 = s.b1, b2 = s.b2, a1 = s.a1, a2 = s.a2;
  for (std::size_t k = 0; k < rows; ++k) {
    double* row = kForward ? d + k * kL : d + (rows - 1 - k) * kL;
    for (std::size_t j = 0; j < kL; ++j) {
      const double x = row[j];
      const double p = (b0 * x + b1 * x1[j] + b2 * x2[j]) - a2 * y2[j];
      const double y = p - a1 * y1[j];
      x2[j] = x1[j];
      x1[j] = x;
      y2[j] = y1[j];
      y1[j] = y;
      row[j] = y;
    }
  }
}

}  // namespace

void filtfilt_lanes(const SosFilter& sos, std::span<double> lanes, FiltfiltScratch& scratch) {
  const std::size_t n = lanes.size() / kL;
  if (sos.sections.empty() || n < 2) return;
  const std::size_t pad = std::min(filtfilt_pad_length(sos), n - 1);
  const std::size_t rows = n + 2 * pad;
  if (scratch.buffer.size() < rows * kL) scratch.buffer.resize(rows * kL);
  double* d = scratch.buffer.data();
  const double* in = lanes.data();
  // [pad reflected | series | pad reflected], per lane as filtfilt_run does.
  for (std::size_t i = 0; i < pad; ++i)
    for (std::size_t j = 0; j < kL; ++j) d[i * kL + j] = 2.0 * in[j] - in[(pad - i) * kL + j];
  std::copy(lanes.begin(), lanes.begin() + static_cast<std::ptrdiff_t>(n * kL), d + pad * kL);
  for (std::size_t i = 0; i < pad; ++i)
    for (std::size_t j = 0; j < kL; ++j)
      d[(pad + n + i) * kL + j] = 2.0 * in[(n - 1) * kL + j] - in[(n - 2 - i) * kL + j];
  for (const Biquad& s : sos.sections) run_section_lanes<true>(s, d, rows);
  for (const Biquad& s : sos.sections) run_section_lanes<false>(s, d, rows);
  std::copy(d + pad * kL, d + (pad + n) * kL, lanes.begin());
}

std::size_t filtfilt_pad_length(const SosFilter& sos) {
  return 3 * static_cast<std::size_t>(std::max(sos.order, 0) + 1);
}

void filtfilt(const SosFilter& sos, std::span<double> series, FiltfiltScratch& scratch) {
  if (sos.sections.empty()) return;
  const std::size_t n = series.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && std::isnan(series[i])) ++i;
    const std::size_t start = i;
    while (i < n && !std::isnan(series[i])) ++i;
    if (i > start) filtfilt_run(sos, series.subspan(start, i - start), scratch.buffer);
  }
}

void filtfilt(const SosFilter& sos, std::span<double> series) {
  FiltfiltScratch scratch;
  filtfilt(sos, series, scratch);
}

}  // namespace physio::dsp
