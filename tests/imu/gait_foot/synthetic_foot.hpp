#pragma once
// Synthetic foot-worn IMU: a foot trajectory with known stride length and time, differentiated to the
// specific force and angular rate a sensor in the foot sensor frame (x forward, y left, z up) would read.
//
// One stride cycle (phase u in [0, 1), u = 0 at mid-stance, foot flat and still):
//   [0.00, 0.15) flat;  [0.15, 0.35) heel-off: pitch 0 -> -kPushOffDeg (toe down, sensor rotates in place);
//   [0.35, 0.75) swing: pitch -> +kHeelStrikeDeg (toe up), forward by the stride length with a minimum-jerk
//                profile, lifted by `lift_m` (64 s^3 (1 - s)^3 bump);
//   [0.75, 0.85) loading: pitch -> 0 (foot slaps flat);  [0.85, 1.00) flat.
// Every transition is a minimum-jerk (quintic) blend, so position, velocity and acceleration are smooth.
// Heel strike: at u = 0.76 the position recoils by a Gaussian of `impact_m` (backward) and width
// `impact_width_s`, which returns to zero: it leaves the stride length unchanged but gives the sharp
// forward acceleration peak a real heel strike shows (the feature Rampp's IC detector looks for).
// The walking direction turns by `turn_deg_per_stride` during each swing (0 = straight line).
#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include <Eigen/Geometry>

#include "imu/types.hpp"

namespace physio::imu::test {

struct SyntheticGait {
  double rate_hz = 200.0;
  double stride_time_s = 1.1;
  double stride_length_m = 1.3;
  double lift_m = 0.12;
  double push_off_deg = 50.0;
  double heel_strike_deg = 25.0;
  double turn_deg_per_stride = 0.0;
  double rest_before_s = 3.0;
  double rest_after_s = 3.0;
  int n_strides = 12;
  double impact_m = 0.0015;
  double impact_width_s = 0.008;
  double acc_noise_mps2 = 0.0;  ///< white noise (fixed seed) added to acc
  double gyr_noise_rps = 0.0;   ///< ... and to gyr
};

inline double min_jerk(double s) {
  if (s <= 0.0) return 0.0;
  if (s >= 1.0) return 1.0;
  return s * s * s * (10.0 - 15.0 * s + 6.0 * s * s);
}

// Pose at time t: position (world, m), heading (rad), pitch (rad, toe up positive).
struct FootPose {
  Eigen::Vector3d p;
  double heading = 0.0;
  double pitch = 0.0;
};

inline FootPose synthetic_pose(const SyntheticGait& g, double t) {
  const double deg = std::numbers::pi / 180.0;
  const double walk_t = t - g.rest_before_s;
  double cycles = walk_t / g.stride_time_s;
  cycles = std::clamp(cycles, 0.0, static_cast<double>(g.n_strides));
  const double k = std::floor(cycles);
  double u = cycles - k;
  if (cycles >= static_cast<double>(g.n_strides)) u = 0.0;
  auto seg = [&](double a, double b) { return min_jerk((u - a) / (b - a)); };
  double pitch = 0.0;
  if (u >= 0.15 && u < 0.35) pitch = -g.push_off_deg * seg(0.15, 0.35);
  if (u >= 0.35 && u < 0.75) pitch = -g.push_off_deg + (g.push_off_deg + g.heel_strike_deg) * seg(0.35, 0.75);
  if (u >= 0.75 && u < 0.85) pitch = g.heel_strike_deg * (1.0 - seg(0.75, 0.85));
  const double swing = (u >= 0.35 && u < 0.75) ? seg(0.35, 0.75) : (u >= 0.75 ? 1.0 : 0.0);
  const double s = std::clamp((u - 0.35) / 0.4, 0.0, 1.0);
  const double lift =
      (u >= 0.35 && u < 0.75) ? g.lift_m * 64.0 * s * s * s * (1 - s) * (1 - s) * (1 - s) : 0.0;
  // Position: sum of previous strides along their headings, plus the current swing progress.
  const double turn = g.turn_deg_per_stride * deg;
  Eigen::Vector3d p(0.0, 0.0, lift);
  for (int j = 0; j < static_cast<int>(k); ++j) {
    const double h = turn * (j + 0.5);
    p += g.stride_length_m * Eigen::Vector3d(std::cos(h), std::sin(h), 0.0);
  }
  const double h_now = turn * (k + 0.5);
  p += swing * g.stride_length_m * Eigen::Vector3d(std::cos(h_now), std::sin(h_now), 0.0);
  if (walk_t > 0.0 && cycles < static_cast<double>(g.n_strides)) {
    const double dt_ic = (u - 0.76) * g.stride_time_s;
    const double recoil =
        -g.impact_m * std::exp(-0.5 * dt_ic * dt_ic / (g.impact_width_s * g.impact_width_s));
    p += recoil * Eigen::Vector3d(std::cos(h_now), std::sin(h_now), 0.0);
  }
  FootPose pose;
  pose.p = p;
  pose.heading = turn * k + turn * swing;
  pose.pitch = pitch * deg;
  return pose;
}

// Sensor-to-world rotation: heading about z, then toe-up pitch = rotation about y by -pitch.
inline Eigen::Quaterniond pose_rotation(const FootPose& p) {
  return Eigen::Quaterniond(Eigen::AngleAxisd(p.heading, Eigen::Vector3d::UnitZ())) *
         Eigen::Quaterniond(Eigen::AngleAxisd(-p.pitch, Eigen::Vector3d::UnitY()));
}

/// The recording in the FSF (`mount` rotates it into another sensor frame: v_sensor = mount * v_fsf).
inline ImuRecording synthetic_foot_recording(
    const SyntheticGait& g, const Eigen::Quaterniond& mount = Eigen::Quaterniond::Identity()) {
  const double total_s = g.rest_before_s + g.n_strides * g.stride_time_s + g.rest_after_s;
  const auto n = static_cast<std::size_t>(std::floor(total_s * g.rate_hz));
  ImuRecording rec;
  rec.sensor_name = "synthetic_foot";
  rec.placement = Placement::kLeftFoot;
  rec.rate_hz = g.rate_hz;
  rec.t_us.resize(n);
  rec.acc_mps2.resize(static_cast<Eigen::Index>(n), 3);
  Samples3 gyr(static_cast<Eigen::Index>(n), 3);
  const double h = 1e-4;  // central differences on the analytic pose
  const Eigen::Matrix3d m = mount.toRotationMatrix();
  std::mt19937 rng(12345);
  std::normal_distribution<double> acc_noise(0.0, g.acc_noise_mps2 > 0 ? g.acc_noise_mps2 : 1.0);
  std::normal_distribution<double> gyr_noise(0.0, g.gyr_noise_rps > 0 ? g.gyr_noise_rps : 1.0);
  auto noise3 = [&](std::normal_distribution<double>& d, double sd) {
    return sd > 0 ? Eigen::Vector3d(d(rng), d(rng), d(rng)) : Eigen::Vector3d::Zero();
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / g.rate_hz;
    rec.t_us[i] = static_cast<std::int64_t>(std::llround(t * 1e6));
    const FootPose p0 = synthetic_pose(g, t - h), p1 = synthetic_pose(g, t), p2 = synthetic_pose(g, t + h);
    const Eigen::Vector3d a_world = (p2.p - 2.0 * p1.p + p0.p) / (h * h);
    const Eigen::Quaterniond q = pose_rotation(p1);
    const Eigen::Vector3d f = q.conjugate() * (a_world + Eigen::Vector3d(0.0, 0.0, 9.81));
    // Body rate from the rotation change: q(t+h) = q(t) * exp(w h)  ->  w = log(q^-1 q(t+h)) / h (centred).
    const Eigen::Quaterniond dq = pose_rotation(p0).conjugate() * pose_rotation(p2);
    const Eigen::AngleAxisd aa(dq);
    const Eigen::Vector3d w = aa.axis() * aa.angle() / (2.0 * h);
    rec.acc_mps2.row(static_cast<Eigen::Index>(i)) =
        (m * f + noise3(acc_noise, g.acc_noise_mps2)).transpose();
    gyr.row(static_cast<Eigen::Index>(i)) = (m * w + noise3(gyr_noise, g.gyr_noise_rps)).transpose();
  }
  rec.gyr_rps = std::move(gyr);
  return rec;
}

}  // namespace physio::imu::test
