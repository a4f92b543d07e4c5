#include "imu/functional/sit_to_stand.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "dsp/butterworth.hpp"
#include "dsp/derivative.hpp"
#include "dsp/filtfilt.hpp"
#include "imu/functional/signal_ops.hpp"
#include "imu/functional/sparc.hpp"
#include "imu/functional/wavelet_power.hpp"

namespace physio::imu {

namespace {

using functional::cumtrapz;

constexpr double kMinDurationS = 5.0;
constexpr double kMaxStillGapS = 2.0;       // stillness mode: end of stillness at most this before the peak
constexpr double kMaxLongStillGapS = 30.0;  // integration never reaches further than this
constexpr double kFallbackIntegrationS = 5.0;
constexpr double kResetVelocityMps = 0.05;  // detrended velocity further than this from 0 is re-zeroed
constexpr double kSnapBeforeS = 0.5;        // displacement mode: snap start to an end of stillness ...
constexpr double kSnapAfterS = 0.7;         // ... that lies within (-0.5, 0.7) s of the zero crossing

struct Stillness {
  std::vector<std::size_t> stops;        // exclusive ends of still runs
  std::vector<std::size_t> long_starts;  // starts of runs longer than long_still_s
  std::vector<std::size_t> long_stops;
};

Result<Stillness> find_stillness(const std::vector<double>& filt_acc, double rate_hz,
                                 const SitToStandOptions& o) {
  const double dt = 1.0 / rate_hz;
  const auto window = std::max<std::size_t>(static_cast<std::size_t>(std::llround(o.still_window_s / dt)), 2);
  const auto acc_stats = PHYSIO_TRY(functional::moving_mean_sd(filt_acc, window));
  std::vector<double> jerk(filt_acc.size());
  PHYSIO_CHECK(dsp::first_derivative(filt_acc, jerk, rate_hz));
  const auto jerk_stats = PHYSIO_TRY(functional::moving_mean_sd(jerk, window));
  Stillness s;
  const std::size_t n = filt_acc.size();
  std::size_t i = 0;
  while (i < n) {
    auto still = [&](std::size_t k) {
      return std::abs(acc_stats.mean[k] - o.gravity_mps2) < o.accel_moving_avg_mps2 &&
             acc_stats.sd[k] < o.accel_moving_sd_mps2 &&
             std::abs(jerk_stats.mean[k]) < o.jerk_moving_avg_mps3 &&
             jerk_stats.sd[k] < o.jerk_moving_sd_mps3;
    };
    if (!still(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && still(j)) ++j;
    s.stops.push_back(j);
    if (static_cast<double>(j - i) * dt > o.long_still_s) {
      s.long_starts.push_back(i);
      s.long_stops.push_back(j);
    }
    i = j;
  }
  return s;
}

// Vertical (gravity-direction) component of acc, m/s^2. [n]
Result<std::vector<double>> vertical_acceleration(const Samples3& acc, double rate_hz,
                                                  const SitToStandOptions& o) {
  const auto sos =
      PHYSIO_TRY(dsp::butterworth_lowpass_sos(o.gravity_pass_order, o.gravity_pass_cutoff_hz, rate_hz));
  const auto n = static_cast<std::size_t>(acc.rows());
  std::array<std::vector<double>, 3> g;
  for (int ax = 0; ax < 3; ++ax) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = acc(static_cast<Eigen::Index>(i), ax);
    g[static_cast<std::size_t>(ax)] = functional::filtfilt_no_pad(sos, col);
  }
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d gi(g[0][i], g[1][i], g[2][i]);
    const double norm = gi.norm();
    const auto row = acc.row(static_cast<Eigen::Index>(i));
    v[i] = norm > 0.0 ? (gi.x() * row.x() + gi.y() * row.y() + gi.z() * row.z()) / norm : 0.0;
  }
  return v;
}

// Velocity and position over one integration window; `still_at_end` selects the drift model.
struct Integrated {
  std::vector<double> vel;
  std::vector<double> pos;
};
Integrated integrate_vertical(std::span<const double> v_acc, double dt, bool still_at_end, double gravity) {
  std::vector<double> a(v_acc.begin(), v_acc.end());
  // Removing gravity first changes nothing after the drift removal below but keeps the numbers small.
  for (auto& x : a) x -= gravity;
  auto vel = cumtrapz(a, dt);
  if (!still_at_end) {
    functional::detrend_linear(vel);
    if (!vel.empty() && std::abs(vel[0]) > kResetVelocityMps) {
      const double v0 = vel[0];
      for (auto& x : vel) x -= v0;
    }
  } else if (vel.size() > 1) {
    // Still at both ends: the velocity must return to 0, so remove the line through the end value.
    const double slope = (vel.back() - vel.front()) / static_cast<double>(vel.size() - 1);
    for (std::size_t i = 0; i < vel.size(); ++i) vel[i] -= slope * static_cast<double>(i);
  }
  auto pos = cumtrapz(vel, dt);
  return {std::move(vel), std::move(pos)};
}

int sign_of(double x) {
  return (x > 0.0) - (x < 0.0);
}

Status check_options(const SitToStandOptions& o) {
  const bool valid = o.gravity_mps2 > 0.0 && o.long_still_s >= 0.0 && o.still_window_s > 0.0 &&
                     o.reconstruction_window_s > 0.0 && o.power_peak_min_distance_s >= 0.0 &&
                     o.stand_displacement_m >= 0.0 && o.displacement_factor >= 0.0 &&
                     o.duration_factor > 0.0 && o.max_duration_s > 0.0 && o.min_separation_s >= 0.0;
  if (!valid) return fail(ErrorCode::kInvalidArgument, "sit-to-stand options out of range");
  return ok();
}

}  // namespace

Result<SitToStandResult> detect_sit_to_stand(const ImuRecording& rec, const SitToStandOptions& o) {
  PHYSIO_CHECK(check_options(o));
  const std::size_t n = rec.size();
  if (!(rec.rate_hz > 0.0)) {
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': sampling rate must be positive, got {}",
                rec.sensor_name, rec.rate_hz);
  }
  if (static_cast<std::size_t>(rec.acc_mps2.rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': {} acc rows for {} timestamps", rec.sensor_name,
                rec.acc_mps2.rows(), n);
  }
  const double dt = 1.0 / rec.rate_hz;
  if (static_cast<double>(n) * dt < kMinDurationS) {
    return fail(ErrorCode::kMissingData,
                "sensor '{}': {:.2f} s of data, sit-to-stand detection needs >= {} s", rec.sensor_name,
                static_cast<double>(n) * dt, kMinDurationS);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!rec.acc_mps2.row(static_cast<Eigen::Index>(i)).allFinite()) {
      return fail(ErrorCode::kInvalidArgument, "sensor '{}': acc sample {} is NaN or infinite",
                  rec.sensor_name, i);
    }
  }

  // 1. Filtered and reconstructed |acc|.
  std::vector<double> mag(n);
  for (std::size_t i = 0; i < n; ++i) mag[i] = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).norm();
  std::vector<double> filt = mag;
  const auto lp = PHYSIO_TRY(dsp::butterworth_lowpass_sos(o.lowpass_order, o.lowpass_cutoff_hz, rec.rate_hz));
  dsp::filtfilt(lp, filt);
  const auto rwin =
      std::max<std::size_t>(static_cast<std::size_t>(std::llround(o.reconstruction_window_s / dt)), 2);
  const auto recon = PHYSIO_TRY(functional::moving_mean_sd(filt, rwin));

  // 2. Candidate peaks of the wavelet band power.
  const auto wp = PHYSIO_TRY(
      functional::cwt_gaus1_band_power(recon.mean, rec.rate_hz, o.power_band_lo_hz, o.power_band_hi_hz));
  const double height = functional::sample_sd(wp.power);
  const auto min_dist = static_cast<std::size_t>(std::llround(o.power_peak_min_distance_s / dt));
  const auto peaks = functional::find_peaks(wp.power, height, min_dist);

  // 3-4. Stillness and vertical acceleration.
  const auto still = PHYSIO_TRY(find_stillness(filt, rec.rate_hz, o));
  const auto v_acc = PHYSIO_TRY(vertical_acceleration(rec.acc_mps2, rec.rate_hz, o));

  auto t_s = [&](std::size_t i) { return static_cast<double>(rec.t_us[i]) * 1e-6; };

  SitToStandResult result;
  result.n_candidates = peaks.size();
  std::vector<SitToStandTransfer> found;
  std::optional<std::size_t> int_start, int_end;  // current integration window [start, end)
  Integrated integ;
  std::vector<std::size_t> pos_zc, neg_zc;

  for (const std::size_t pk : peaks) {
    // End of the preceding stillness.
    std::size_t end_still = 0;
    {
      const auto& stops = o.stillness_constraint ? still.stops : still.long_stops;
      auto it = std::lower_bound(stops.begin(), stops.end(), pk);
      if (it == stops.begin()) continue;
      end_still = *std::prev(it);
      const double gap = t_s(pk) - t_s(std::min(end_still, n - 1));
      if (gap > (o.stillness_constraint ? kMaxStillGapS : kMaxLongStillGapS)) continue;
    }
    // Start of the next long stillness (or a fixed span).
    std::size_t start_still = 0;
    bool still_at_end = false;
    {
      auto it = std::upper_bound(still.long_starts.begin(), still.long_starts.end(), pk);
      if (it != still.long_starts.end() && t_s(*it) - t_s(pk) < kMaxLongStillGapS) {
        start_still = *it;
        still_at_end = true;
      } else {
        start_still = pk + static_cast<std::size_t>(kFallbackIntegrationS / dt);
      }
      start_still = std::min(start_still, n);
    }
    if (start_still <= end_still + 1) continue;

    if (!int_start || end_still < *int_start || start_still > *int_end) {
      integ = integrate_vertical(std::span<const double>(v_acc).subspan(end_still, start_still - end_still),
                                 dt, still_at_end, o.gravity_mps2);
      int_start = end_still;
      int_end = start_still;
      pos_zc.assign(1, end_still);
      neg_zc.clear();
      for (std::size_t k = 1; k < integ.vel.size(); ++k) {
        const int ds = sign_of(integ.vel[k]) - sign_of(integ.vel[k - 1]);
        if (ds > 0) pos_zc.push_back(k + end_still);
        if (ds < 0) neg_zc.push_back(k + end_still);
      }
      neg_zc.push_back(integ.vel.size() - 1 + end_still);
    }
    const std::size_t base = *int_start;
    if (pk < base || pk - base >= integ.vel.size()) continue;
    if (integ.vel[pk - base] < o.transition_velocity_mps) continue;

    // Transfer start.
    std::size_t sts_start = end_still;
    if (!o.stillness_constraint) {
      auto zc = std::lower_bound(pos_zc.begin(), pos_zc.end(), pk);
      if (zc == pos_zc.begin()) continue;
      sts_start = *std::prev(zc);
      auto st = std::lower_bound(still.stops.begin(), still.stops.end(), pk);
      if (st == still.stops.begin()) continue;
      const std::size_t p_still = *std::prev(st);
      const double lag_s = dt * (static_cast<double>(p_still) - static_cast<double>(sts_start));
      if (lag_s > -kSnapBeforeS && lag_s < kSnapAfterS) sts_start = p_still;
    }
    // Transfer end: next downward zero crossing of the velocity.
    auto ze = std::upper_bound(neg_zc.begin(), neg_zc.end(), pk);
    if (ze == neg_zc.end()) continue;
    const std::size_t sts_end = *ze;

    // Quality checks.
    if (!found.empty() && t_s(sts_start) - found.back().start_s <= o.min_separation_s) continue;
    if (sts_start < base || sts_end >= n || sts_end - base >= integ.pos.size()) continue;
    const std::size_t i0 = sts_start - base, i1 = sts_end - base;
    const bool short_enough = t_s(sts_end) - t_s(sts_start) < o.max_duration_s;
    const bool balanced = t_s(pk) - t_s(sts_start) < o.duration_factor * (t_s(sts_end) - t_s(pk));
    const double rise = integ.pos[i1] - integ.pos[i0];
    if (!short_enough || !balanced || i0 == i1 || !(rise > o.stand_displacement_m)) continue;

    SitToStandTransfer tr;
    tr.start_s = t_s(sts_start);
    tr.end_s = t_s(sts_end);
    tr.duration_s = tr.end_s - tr.start_s;
    tr.peak_s = t_s(pk);
    tr.max_accel_mps2 = *std::max_element(filt.begin() + static_cast<std::ptrdiff_t>(sts_start),
                                          filt.begin() + static_cast<std::ptrdiff_t>(sts_end));
    tr.min_accel_mps2 = *std::min_element(filt.begin() + static_cast<std::ptrdiff_t>(sts_start),
                                          filt.begin() + static_cast<std::ptrdiff_t>(sts_end));
    tr.sparc = PHYSIO_TRY(functional::compute_sparc(
        std::span<const double>(mag).subspan(sts_start, sts_end - sts_start), rec.rate_hz, {}));
    tr.vertical_displacement_m = rise;
    tr.peak_vertical_velocity_mps =
        *std::max_element(integ.vel.begin() + static_cast<std::ptrdiff_t>(i0),
                          integ.vel.begin() + static_cast<std::ptrdiff_t>(i1) + 1);
    found.push_back(tr);
  }

  // Partial transfers: much smaller rise than the typical one in this window.
  std::vector<double> rises;
  for (const auto& tr : found) rises.push_back(tr.vertical_displacement_m);
  const double med = functional::median_of(rises);
  for (const auto& tr : found) {
    if (tr.vertical_displacement_m < o.displacement_factor * med) {
      ++result.n_partial_removed;
    } else {
      result.transfers.push_back(tr);
    }
  }
  return result;
}

nlohmann::json sit_to_stand_to_json(const SitToStandResult& result) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& t : result.transfers) {
    arr.push_back({{"start_s", t.start_s},
                   {"end_s", t.end_s},
                   {"duration_s", t.duration_s},
                   {"peak_s", t.peak_s},
                   {"max_accel_mps2", t.max_accel_mps2},
                   {"min_accel_mps2", t.min_accel_mps2},
                   {"sparc", t.sparc},
                   {"vertical_displacement_m", t.vertical_displacement_m},
                   {"peak_vertical_velocity_mps", t.peak_vertical_velocity_mps}});
  }
  return {{"transfers", arr},
          {"n_transfers", result.transfers.size()},
          {"n_candidates", result.n_candidates},
          {"n_partial_removed", result.n_partial_removed}};
}

}  // namespace physio::imu
