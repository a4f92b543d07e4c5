#include "imu/gait_lowback/initial_contacts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"
#include "imu/gait_lowback/signal_filters.hpp"

namespace physio::imu {

Result<std::vector<double>> detect_initial_contacts(std::span<const double> acc_is, double rate_hz,
                                                    const IcdOptions& options) {
  if (!(rate_hz >= 10.0) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "initial contact detection needs a rate >= 10 Hz, got {}",
                rate_hz);
  }
  if (!(options.cwt_scale > 0.0)) {
    return fail(ErrorCode::kInvalidArgument, "ICD cwt_scale must be positive, got {}", options.cwt_scale);
  }
  std::vector<double> ics;
  if (acc_is.size() < 3) return ics;

  dsp::FiltfiltScratch scratch;
  std::vector<double> sig;  // [m] at 40 Hz
  resample_linear(acc_is, rate_hz, kInternalRateHz, sig, scratch);
  const std::size_t m = sig.size();
  if (m < 3) return ics;
  dsp::filtfilt(epfl_dedrift_sos(), sig, scratch);
  const dsp::SosFilter lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(4, 3.14, kInternalRateHz));
  dsp::filtfilt(lp, sig, scratch);
  cumulative_trapezoid(sig, kInternalRateHz);
  std::vector<double> cwt(m);
  cwt_gaus2(sig, options.cwt_scale, cwt);
  const double mean = std::accumulate(cwt.begin(), cwt.end(), 0.0) / static_cast<double>(m);
  for (double& v : cwt) v -= mean;

  // Minimum of each negative lobe: from a positive-to-negative crossing to the next negative-to-positive.
  std::size_t lobe_start = m;  // m = not inside a negative lobe
  for (std::size_t i = 0; i + 1 < m; ++i) {
    const bool pos_now = cwt[i] >= 0.0;
    const bool pos_next = cwt[i + 1] >= 0.0;
    if (pos_now && !pos_next) {
      lobe_start = i + 1;
    } else if (!pos_now && pos_next && lobe_start < m) {
      const auto first = cwt.begin() + static_cast<std::ptrdiff_t>(lobe_start);
      const auto last = cwt.begin() + static_cast<std::ptrdiff_t>(i + 1);
      const auto idx = static_cast<std::size_t>(std::min_element(first, last) - cwt.begin());
      ics.push_back(static_cast<double>(idx) / kInternalRateHz);
      lobe_start = m;
    }
  }
  return ics;
}

}  // namespace physio::imu
