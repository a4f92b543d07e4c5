#include "imu/gait_foot/stride_trajectory.hpp"

#include <algorithm>

namespace physio::imu {

Result<StrideTrajectory> compute_stride_trajectory(const Samples3& acc, const Samples3& gyr, double rate_hz,
                                                   std::size_t start, std::size_t end,
                                                   const TrajectoryOptions& o) {
  const auto n = static_cast<std::size_t>(acc.rows());
  if (end >= n || end <= start || static_cast<std::size_t>(gyr.rows()) != n || !(rate_hz > 0.0)) {
    return fail(ErrorCode::kInvalidArgument, "stride trajectory: stride [{}, {}] outside {} samples", start,
                end, n);
  }
  const double dt = 1.0 / rate_hz;
  const std::size_t half = std::max<std::size_t>(1, o.align_window) / 2;
  const std::size_t a_lo = start > half ? start - half : 0;
  const std::size_t a_hi = std::min(n, a_lo + std::max<std::size_t>(1, o.align_window));
  Vec3 g = Vec3::Zero();
  for (std::size_t i = a_lo; i < a_hi; ++i) g += acc.row(static_cast<Eigen::Index>(i)).transpose();
  g /= static_cast<double>(a_hi - a_lo);
  if (!(g.norm() > 1.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "stride trajectory: no gravity at sample {} (|acc| = {:.2f} m/s^2)", start, g.norm());
  }
  const std::size_t m = end - start + 1;
  StrideTrajectory t;
  t.orientation.resize(m);
  t.velocity_mps.assign(m, Vec3::Zero());
  t.position_m.assign(m, Vec3::Zero());
  t.orientation[0] = quat_between(g, Vec3::UnitZ());
  for (std::size_t k = 0; k + 1 < m; ++k) {
    const Vec3 w = gyr.row(static_cast<Eigen::Index>(start + k)).transpose();
    t.orientation[k + 1] = (t.orientation[k] * quat_from_rotvec(w * dt)).normalized();
  }
  const Vec3 grav(0.0, 0.0, o.gravity_mps2);
  Vec3 a_prev = t.orientation[0] * Vec3(acc.row(static_cast<Eigen::Index>(start)).transpose()) - grav;
  for (std::size_t k = 1; k < m; ++k) {
    const Vec3 a = t.orientation[k] * Vec3(acc.row(static_cast<Eigen::Index>(start + k)).transpose()) - grav;
    t.velocity_mps[k] = t.velocity_mps[k - 1] + 0.5 * dt * (a + a_prev);
    a_prev = a;
  }
  const Vec3 v_end = t.velocity_mps[m - 1];
  const double last = static_cast<double>(m - 1);
  for (std::size_t k = 0; k < m; ++k) t.velocity_mps[k] -= v_end * (static_cast<double>(k) / last);
  for (std::size_t k = 1; k < m; ++k) {
    t.position_m[k] = t.position_m[k - 1] + 0.5 * dt * (t.velocity_mps[k] + t.velocity_mps[k - 1]);
  }
  if (o.level_height) {
    const double z_end = t.position_m[m - 1].z();
    for (std::size_t k = 0; k < m; ++k) t.position_m[k].z() -= z_end * (static_cast<double>(k) / last);
  }
  return t;
}

}  // namespace physio::imu
