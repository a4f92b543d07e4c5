#pragma once
// Synthetic IMU recordings from a known sensor orientation and linear acceleration, for the functional
// tests: acc = q^-1 (a_lin + g up), gyr = body angular velocity from a central difference of q.

#include <cmath>
#include <functional>
#include <numbers>
#include <random>

#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu::test {

constexpr double kG = 9.81;
constexpr double kDegToRad = std::numbers::pi / 180.0;
/// The sampling rate of the tests' synthetic recordings, Hz.
constexpr double kRate = 100.0;

/// Smooth step 0 -> 1 over [t0, t1] (raised cosine), 0 before, 1 after.
inline double smooth_step(double t, double t0, double t1) {
  if (t <= t0) return 0.0;
  if (t >= t1) return 1.0;
  return 0.5 * (1.0 - std::cos(std::numbers::pi * (t - t0) / (t1 - t0)));
}

/// Smooth bump 0 -> 1 -> 0 over [t0, t1].
inline double smooth_bump(double t, double t0, double t1) {
  if (t <= t0 || t >= t1) return 0.0;
  return 0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * (t - t0) / (t1 - t0)));
}

/// Recording of `duration_s` at `rate_hz` from the sensor-to-ENU orientation `q(t)` and the earth-frame
/// linear acceleration `a_lin(t)` (m/s^2). `gyr_noise_rps` adds white noise (fixed seed).
inline ImuRecording make_recording(double duration_s, double rate_hz, const std::function<Quat(double)>& q,
                                   const std::function<Vec3(double)>& a_lin, double gyr_noise_rps = 0.0,
                                   unsigned seed = 7) {
  ImuRecording r;
  r.sensor_name = "synthetic";
  r.rate_hz = rate_hz;
  const auto n = static_cast<std::size_t>(std::llround(duration_s * rate_hz));
  r.t_us.resize(n);
  r.acc_mps2.resize(static_cast<Eigen::Index>(n), 3);
  Samples3 gyr(static_cast<Eigen::Index>(n), 3);
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(0.0, gyr_noise_rps);
  const double h = 0.25 / rate_hz;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    r.t_us[i] = static_cast<TimeUs>(std::llround(t * 1e6));
    const Quat qi = q(t);
    const Vec3 f = qi.conjugate() * (a_lin(t) + Vec3(0.0, 0.0, kG));
    r.acc_mps2.row(static_cast<Eigen::Index>(i)) = f.transpose();
    Quat dq = q(t - h).conjugate() * q(t + h);
    if (dq.w() < 0.0) dq.coeffs() = -dq.coeffs();
    const double s = dq.vec().norm();
    Vec3 w = s > 1e-15 ? Vec3(dq.vec() / s * 2.0 * std::atan2(s, dq.w()) / (2.0 * h)) : Vec3::Zero();
    if (gyr_noise_rps > 0.0) w += Vec3(noise(gen), noise(gen), noise(gen));
    gyr.row(static_cast<Eigen::Index>(i)) = w.transpose();
  }
  r.gyr_rps = gyr;
  return r;
}

}  // namespace physio::imu::test
