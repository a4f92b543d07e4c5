#include "imu/gait_lowback/cadence_contacts.hpp"

#include <cmath>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"
#include "dsp/savgol.hpp"
#include "dsp/smooth.hpp"
#include "imu/gait_lowback/signal_filters.hpp"

namespace physio::imu {

namespace {

constexpr double kCwtScale = 10.0;  // 40 Hz samples: 1.2 Hz centre frequency (mobgap IcdShinImproved)

// Periodic extension by `pad` samples on each side (numpy.pad mode "wrap", repeating when pad > n).
std::vector<double> wrap_pad(const std::vector<double>& x, std::size_t pad) {
  const std::size_t n = x.size();
  std::vector<double> out(n + 2 * pad);  // [n + 2 pad]
  for (std::size_t i = 0; i < out.size(); ++i) {
    // Index i - pad modulo n, computed without going negative.
    const std::size_t shifted = (i + n * (pad / n + 1) - pad) % n;
    out[i] = x[shifted];
  }
  return out;
}

}  // namespace

Result<std::vector<double>> detect_cadence_contacts(std::span<const double> acc_norm, double rate_hz,
                                                    const CadenceContactOptions& options) {
  if (!(rate_hz >= 10.0) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "cadence contact detection needs a rate >= 10 Hz, got {}",
                rate_hz);
  }
  if (!(options.pad_s >= 0.0) || !std::isfinite(options.pad_s)) {
    return fail(ErrorCode::kInvalidArgument, "cadence contact detection: pad_s must be >= 0, got {}",
                options.pad_s);
  }
  std::vector<double> ics;
  if (acc_norm.size() < 3) return ics;

  dsp::FiltfiltScratch scratch;
  std::vector<double> sig;  // [m] at 40 Hz
  resample_linear(acc_norm, rate_hz, kInternalRateHz, sig, scratch);
  const std::size_t m = sig.size();
  if (m < 3) return ics;
  const auto pad = static_cast<std::size_t>(std::llround(options.pad_s * kInternalRateHz));
  std::vector<double> a = wrap_pad(sig, pad);  // [p] padded
  std::vector<double> b(a.size());             // [p]
  PHYSIO_CHECK(dsp::savgol_filter(a, b, kInternalRateHz, dsp::SavgolOptions{.window = 21, .poly_order = 7}));
  dsp::filtfilt(epfl_dedrift_sos(), b, scratch);
  const dsp::SosFilter lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(4, 3.14, kInternalRateHz));
  dsp::filtfilt(lp, b, scratch);
  cwt_gaus2(b, kCwtScale, a);
  PHYSIO_CHECK(dsp::savgol_filter(a, b, kInternalRateHz, dsp::SavgolOptions{.window = 11, .poly_order = 5}));
  cwt_gaus2(b, kCwtScale, a);
  PHYSIO_CHECK(dsp::gaussian_smooth(a, b, dsp::GaussianOptions{.sigma_samples = 2.0}));
  PHYSIO_CHECK(dsp::gaussian_smooth(b, a, dsp::GaussianOptions{.sigma_samples = 2.0}));
  PHYSIO_CHECK(dsp::gaussian_smooth(a, b, dsp::GaussianOptions{.sigma_samples = 3.0}));

  // Negative-to-positive zero crossings of the unpadded part; zero counts as positive.
  const std::span<const double> y(b.data() + pad, m);
  for (std::size_t i = 0; i + 1 < m; ++i) {
    if (y[i] < 0.0 && y[i + 1] >= 0.0) {
      const double frac = std::abs(y[i] / (y[i] - y[i + 1]));
      ics.push_back((static_cast<double>(i) + frac) / kInternalRateHz);
    }
  }
  return ics;
}

}  // namespace physio::imu
