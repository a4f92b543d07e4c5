#pragma once
/// Synthetic lower-back IMU signals with a known gait, for the lower-back gait tests and benchmark.
///
/// Model (body frame = sensor frame: x up, y medio-lateral (right), z forward):
///   - Steps at a constant cadence; step k (k = 0 .. n_steps - 1) has its initial contact at
///     t_k = start_s + k / f_step, sides alternate starting with the left foot.
///   - Vertical CoM excursion: z(t) = -(h / 2) cos(2 pi f_step (t - t_k - delta)), lowest just after each
///     contact (delta = 10 % of a step) and highest at mid-stance, so the peak-to-peak excursion per step is
///     h and the Zijlstra model gives step length K * 2 * sqrt(2 l h - h^2). acc_x = g + z''(t).
///   - Heel-strike transient: a Mexican-hat pulse (sigma 20 ms) of `impact_mps2` in acc_x 30 ms after each
///     contact (zero net velocity change).
///   - Medio-lateral sway at the stride frequency in acc_y; forward acceleration at the step frequency in z.
///   - Gyro: yaw (about x) = -w cos(2 pi f_stride (t - t_left)) so that it is negative at left contacts
///     (McCamley convention used by mobgap), roll (about z) = 0.3 of it with opposite sign, pitch small.
///   - The walking amplitude ramps (raised cosine) over half a step before the first and after the last
///     contact; rest is a still upright sensor with small noise (deterministic LCG).

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "imu/types.hpp"

namespace physio::imu::test {

/// The sampling rate of the tests' synthetic recordings, Hz.
inline constexpr double kRateHz = 100.0;

struct SyntheticWalk {
  double start_s = 10.0;
  int n_steps = 40;
  double cadence_spm = 110.0;
  double com_excursion_m = 0.04;  ///< h, vertical peak-to-peak per step
  double impact_mps2 = 3.0;
  double turn_rate_dps = 0.0;  ///< constant yaw rate during the walk (0 = straight)
};

struct SyntheticTruth {
  std::vector<double> ic_s;
  std::vector<bool> ic_left;
};

inline double synth_noise(std::uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<double>((state >> 11) & 0xFFFFF) / static_cast<double>(0xFFFFF) - 0.5;
}

/// Fills `rec` (rate_hz, duration_s) with rest plus the given walks (non-overlapping, sorted); returns the
/// true contacts.
inline SyntheticTruth make_synthetic_recording(ImuRecording& rec, double rate_hz, double duration_s,
                                               const std::vector<SyntheticWalk>& walks,
                                               std::uint64_t seed = 1) {
  constexpr double kG = 9.81;
  constexpr double kPi = std::numbers::pi;
  const auto n = static_cast<std::size_t>(std::llround(duration_s * rate_hz));
  rec.sensor_name = "synthetic_lowback";
  rec.placement = Placement::kLowerBack;
  rec.rate_hz = rate_hz;
  rec.t_us.resize(n);
  rec.acc_mps2.setZero(static_cast<Eigen::Index>(n), 3);
  rec.gyr_rps = Samples3::Zero(static_cast<Eigen::Index>(n), 3);
  SyntheticTruth truth;
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < n; ++i) {
    rec.t_us[i] = sample_time_us(static_cast<std::int64_t>(i), rate_hz);
    const auto r = static_cast<Eigen::Index>(i);
    rec.acc_mps2(r, 0) = kG + 0.02 * synth_noise(state);
    rec.acc_mps2(r, 1) = 0.02 * synth_noise(state);
    rec.acc_mps2(r, 2) = 0.02 * synth_noise(state);
    for (Eigen::Index c = 0; c < 3; ++c) (*rec.gyr_rps)(r, c) = 0.005 * synth_noise(state);
  }
  for (const SyntheticWalk& w : walks) {
    const double f_step = w.cadence_spm / 60.0;
    const double f_stride = f_step / 2.0;
    const double w_step = 2.0 * kPi * f_step;
    const double w_stride = 2.0 * kPi * f_stride;
    const double t_first = w.start_s;
    const double t_last = w.start_s + (w.n_steps - 1) / f_step;
    for (int k = 0; k < w.n_steps; ++k) {
      truth.ic_s.push_back(w.start_s + k / f_step);
      truth.ic_left.push_back(k % 2 == 0);
    }
    const double ramp = 0.5 / f_step;
    const double t0 = t_first - ramp;
    const double t1 = t_last;
    const auto i0 = static_cast<std::size_t>(std::max(0.0, std::floor(t0 * rate_hz)));
    const auto i1 = std::min(n, static_cast<std::size_t>(std::ceil((t1 + ramp) * rate_hz)));
    for (std::size_t i = i0; i < i1; ++i) {
      const double t = static_cast<double>(i) / rate_hz;
      double env = 1.0;
      if (t < t_first) env = 0.5 - 0.5 * std::cos(kPi * std::clamp((t - t0) / ramp, 0.0, 1.0));
      if (t > t1) env = 0.5 + 0.5 * std::cos(kPi * std::clamp((t - t1) / ramp, 0.0, 1.0));
      const double phase = w_step * (t - t_first - 0.1 / f_step);
      const double az = (w.com_excursion_m / 2.0) * w_step * w_step * std::cos(phase);
      // Heel-strike transient at the nearest contact.
      const double k_near = std::round((t - t_first) * f_step);
      double impact = 0.0;
      if (k_near >= 0 && k_near < w.n_steps) {
        const double tau = (t - (t_first + k_near / f_step) - 0.03) / 0.02;
        impact = w.impact_mps2 * (1.0 - tau * tau) * std::exp(-0.5 * tau * tau);
      }
      const double stride_phase = w_stride * (t - t_first);
      const auto r = static_cast<Eigen::Index>(i);
      rec.acc_mps2(r, 0) += env * (az + impact);
      rec.acc_mps2(r, 1) += env * 0.8 * std::sin(stride_phase);
      rec.acc_mps2(r, 2) += env * 1.0 * std::sin(phase + 0.5);
      const double yaw = -0.35 * std::cos(stride_phase);
      (*rec.gyr_rps)(r, 0) += env * (yaw + w.turn_rate_dps * kPi / 180.0);
      (*rec.gyr_rps)(r, 2) += env * (-0.3 * yaw);
      (*rec.gyr_rps)(r, 1) += env * 0.2 * std::sin(phase);
    }
  }
  return truth;
}

}  // namespace physio::imu::test
