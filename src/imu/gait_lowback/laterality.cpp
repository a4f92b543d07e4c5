#include "imu/gait_lowback/laterality.hpp"

#include "dsp/filtfilt.hpp"
#include "imu/gait_lowback/signal_filters.hpp"

namespace physio::imu {

Result<std::vector<FootSide>> label_initial_contacts(std::span<const double> gyr_is,
                                                     std::span<const double> gyr_pa, double rate_hz,
                                                     std::span<const std::size_t> ic_samples,
                                                     const LateralityOptions& options) {
  if (gyr_is.size() != gyr_pa.size()) {
    return fail(ErrorCode::kInvalidArgument, "laterality: gyr_is has {} samples but gyr_pa has {}",
                gyr_is.size(), gyr_pa.size());
  }
  if (!(rate_hz > 2.0 * options.band_high_hz)) {
    return fail(ErrorCode::kInvalidArgument, "laterality: rate {} Hz is too low for a {} Hz band edge",
                rate_hz, options.band_high_hz);
  }
  const dsp::SosFilter band =
      PHYSIO_TRY(butterworth_bandpass_sos(options.order, options.band_low_hz, options.band_high_hz, rate_hz));
  std::vector<double> s(gyr_is.size());  // [n]
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = gyr_is[i] - gyr_pa[i];
  dsp::filtfilt(band, s);
  std::vector<FootSide> sides;
  sides.reserve(ic_samples.size());
  for (std::size_t ic : ic_samples) {
    if (ic >= s.size()) {
      sides.push_back(FootSide::kUnknown);
    } else {
      sides.push_back(s[ic] <= 0.0 ? FootSide::kLeft : FootSide::kRight);
    }
  }
  return sides;
}

}  // namespace physio::imu
