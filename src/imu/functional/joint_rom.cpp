#include "imu/functional/joint_rom.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Eigenvalues>
#include <nlohmann/json.hpp>

#include "imu/functional/angle_units.hpp"
#include "imu/orientation.hpp"

namespace physio::imu {

namespace {

Status check_recording(const ImuRecording& r, const char* role) {
  if (!r.gyr_rps)
    return fail(ErrorCode::kMissingData, "{} sensor '{}' has no gyroscope", role, r.sensor_name);
  const std::size_t n = r.size();
  if (static_cast<std::size_t>(r.acc_mps2.rows()) != n || static_cast<std::size_t>(r.gyr_rps->rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "{} sensor '{}': acc/gyr rows differ from {} timestamps", role,
                r.sensor_name, n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    if (!r.acc_mps2.row(k).allFinite() || !r.gyr_rps->row(k).allFinite()) {
      return fail(ErrorCode::kInvalidArgument, "{} sensor '{}': sample {} has NaN or infinite acc/gyr", role,
                  r.sensor_name, i);
    }
  }
  return ok();
}

std::vector<JointRepetition> find_repetitions(const std::vector<double>& t_s, const std::vector<double>& a,
                                              double h) {
  std::vector<JointRepetition> reps;
  if (a.empty()) return reps;
  bool seeking_peak = true;
  double trough = a[0], peak = a[0];
  std::size_t i_peak = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (seeking_peak) {
      if (a[i] > peak) {
        peak = a[i];
        i_peak = i;
      }
      if (a[i] < peak - h) {
        reps.push_back({t_s[i_peak], peak, trough, peak - trough});
        seeking_peak = false;
        trough = a[i];
      }
    } else {
      trough = std::min(trough, a[i]);
      if (a[i] > trough + h) {
        seeking_peak = true;
        peak = a[i];
        i_peak = i;
      }
    }
  }
  return reps;
}

}  // namespace

Result<JointRomResult> compute_joint_rom(const ImuRecording& prox, const ImuRecording& dist,
                                         const JointRomOptions& o) {
  PHYSIO_CHECK(check_recording(prox, "proximal"));
  PHYSIO_CHECK(check_recording(dist, "distal"));
  const std::size_t n = prox.size();
  if (dist.size() != n || std::abs(prox.rate_hz - dist.rate_hz) > 1e-6 * prox.rate_hz) {
    return fail(ErrorCode::kInvalidArgument,
                "sensors are not synchronised: {} samples at {} Hz vs {} samples at {} Hz", n, prox.rate_hz,
                dist.size(), dist.rate_hz);
  }
  if (!(prox.rate_hz > 0.0)) return fail(ErrorCode::kInvalidArgument, "sampling rate must be positive");
  if (n > 0 &&
      std::abs(static_cast<double>(prox.t_us.front() - dist.t_us.front())) * 1e-6 > 0.5 / prox.rate_hz) {
    return fail(ErrorCode::kInvalidArgument, "sensors are not synchronised: first samples at {} us and {} us",
                prox.t_us.front(), dist.t_us.front());
  }
  if (static_cast<double>(n) / prox.rate_hz < o.min_duration_s) {
    return fail(ErrorCode::kMissingData, "{:.2f} s of data, joint ROM needs >= {} s",
                static_cast<double>(n) / prox.rate_hz, o.min_duration_s);
  }
  const double t0 = static_cast<double>(prox.t_us.front()) * 1e-6;
  const double cal_start = std::isnan(o.static_start_s) ? t0 : o.static_start_s;
  const auto i0 = static_cast<long>(std::llround((cal_start - t0) * prox.rate_hz));
  const auto len = static_cast<long>(std::llround(o.static_duration_s * prox.rate_hz));
  if (i0 < 0 || len < 1 || static_cast<std::size_t>(i0 + len) > n) {
    return fail(ErrorCode::kInvalidArgument, "static calibration window [{}, {}) s is outside the recording",
                cal_start, cal_start + o.static_duration_s);
  }
  const auto c0 = static_cast<std::size_t>(i0), c1 = static_cast<std::size_t>(i0 + len);
  for (const ImuRecording* r : {&prox, &dist}) {
    double mean_w = 0.0;
    for (std::size_t i = c0; i < c1; ++i) mean_w += r->gyr_rps->row(static_cast<Eigen::Index>(i)).norm();
    mean_w /= static_cast<double>(c1 - c0);
    if (mean_w > o.max_static_gyr_rps) {
      return fail(
          ErrorCode::kInvalidArgument,
          "calibration window [{:.2f}, {:.2f}) s is not static: sensor '{}' turns at {:.3f} rad/s (max {})",
          cal_start, cal_start + o.static_duration_s, r->sensor_name, mean_w, o.max_static_gyr_rps);
    }
  }

  OrientationOptions oo;
  oo.use_mag = false;
  const auto qp = PHYSIO_TRY(compute_orientation(prox, oo));
  const auto qd = PHYSIO_TRY(compute_orientation(dist, oo));
  // Each 6D filter has its own arbitrary heading, so the two "earth" frames differ by a rotation
  // Rz(delta) about the vertical. For a hinge the relative angular velocity keeps one direction in the
  // proximal frame only with the right delta: pick the delta that makes it most one-dimensional.
  const double min_rate = o.functional_min_rate_dps / kRadToDeg;
  std::vector<Vec3> w_prox_e, w_dist_e;  // earth-frame rates of the moving samples
  std::vector<std::size_t> moving;
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    const Vec3 wp = qp[i] * Vec3(prox.gyr_rps->row(k).transpose());
    const Vec3 wd = qd[i] * Vec3(dist.gyr_rps->row(k).transpose());
    if (wp.norm() > min_rate || wd.norm() > min_rate) {
      w_prox_e.push_back(wp);
      w_dist_e.push_back(wd);
      moving.push_back(i);
    }
  }
  if (moving.size() < 3) {
    return fail(
        ErrorCode::kMissingData,
        "no joint movement: angular velocities never exceed {} deg/s, the flexion axis cannot be found",
        o.functional_min_rate_dps);
  }
  // w_rel(delta) = qp^-1 (Rz(delta) w_dist - w_prox) = c A + s B + C with c = cos delta, s = sin delta, so
  // its scatter is a fixed quadratic form in (c, s): accumulate the six sums once, then every trial delta
  // costs one 3x3 eigen solve.
  Eigen::Matrix3d s_aa = Eigen::Matrix3d::Zero(), s_bb = s_aa, s_cc = s_aa, s_ab = s_aa, s_ac = s_aa,
                  s_bc = s_aa;
  for (std::size_t m = 0; m < moving.size(); ++m) {
    const Quat pinv = qp[moving[m]].conjugate();
    const Vec3& d = w_dist_e[m];
    const Vec3 va = pinv * Vec3(d.x(), d.y(), 0.0);
    const Vec3 vb = pinv * Vec3(-d.y(), d.x(), 0.0);
    const Vec3 vc = pinv * (Vec3(0.0, 0.0, d.z()) - w_prox_e[m]);
    s_aa += va * va.transpose();
    s_bb += vb * vb.transpose();
    s_cc += vc * vc.transpose();
    s_ab += va * vb.transpose() + vb * va.transpose();
    s_ac += va * vc.transpose() + vc * va.transpose();
    s_bc += vb * vc.transpose() + vc * vb.transpose();
  }
  struct AxisFit {
    Vec3 axis;
    double dominance;
  };
  auto fit = [&](double delta) {
    const double c = std::cos(delta), sn = std::sin(delta);
    const Eigen::Matrix3d scatter =
        c * c * s_aa + sn * sn * s_bb + s_cc + c * sn * s_ab + c * s_ac + sn * s_bc;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(scatter);
    return AxisFit{es.eigenvectors().col(2).normalized(),
                   es.eigenvalues()(2) / std::max(es.eigenvalues().sum(), 1e-300)};
  };
  constexpr int kGrid = 360;
  double best_delta = 0.0, best_dom = -1.0;
  for (int g = 0; g < kGrid; ++g) {
    const double d = 2.0 * std::numbers::pi * g / kGrid;
    const double dom = fit(d).dominance;
    if (dom > best_dom) {
      best_dom = dom;
      best_delta = d;
    }
  }
  // Golden-section refinement inside the best grid cell's neighbours.
  double lo = best_delta - 2.0 * std::numbers::pi / kGrid, hi = best_delta + 2.0 * std::numbers::pi / kGrid;
  const double gr = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 40; ++it) {
    const double a = hi - gr * (hi - lo), b = lo + gr * (hi - lo);
    if (fit(a).dominance > fit(b).dominance) {
      hi = b;
    } else {
      lo = a;
    }
  }
  const double delta = 0.5 * (lo + hi);
  const AxisFit axis = fit(delta);

  const Quat rz = quat_about_z(delta);
  std::vector<Quat> q_rel(n);
  for (std::size_t i = 0; i < n; ++i) q_rel[i] = (qp[i].conjugate() * rz * qd[i]).normalized();

  // Mean relative orientation over the static window (sign-aligned quaternion average).
  Eigen::Vector4d acc = Eigen::Vector4d::Zero();
  for (std::size_t i = c0; i < c1; ++i) {
    Eigen::Vector4d v = q_rel[i].coeffs();
    if (v.dot(q_rel[c0].coeffs()) < 0.0) v = -v;
    acc += v;
  }
  Quat q_rel0;
  q_rel0.coeffs() = acc.normalized();

  JointRomResult r;
  r.axis_proximal = axis.axis;
  r.axis_dominance = axis.dominance;
  r.heading_offset_deg = delta * kRadToDeg;

  r.t_s.resize(n);
  r.angle_deg.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Quat d = (q_rel[i] * q_rel0.conjugate()).normalized();
    if (d.w() < 0.0) d.coeffs() = -d.coeffs();
    r.angle_deg[i] = 2.0 * std::atan2(d.vec().dot(r.axis_proximal), d.w()) * kRadToDeg;
    r.t_s[i] = static_cast<double>(prox.t_us[i]) * 1e-6;
  }
  const auto [mn, mx] = std::minmax_element(r.angle_deg.begin(), r.angle_deg.end());
  if (std::abs(*mn) > std::abs(*mx)) {
    r.axis_proximal = -r.axis_proximal;
    for (double& a : r.angle_deg) a = -a;
  }
  const auto [mn2, mx2] = std::minmax_element(r.angle_deg.begin(), r.angle_deg.end());
  r.min_deg = *mn2;
  r.max_deg = *mx2;
  r.rom_deg = r.max_deg - r.min_deg;
  r.repetitions = find_repetitions(r.t_s, r.angle_deg, o.rep_hysteresis_deg);
  return r;
}

nlohmann::json joint_rom_to_json(const JointRomResult& r, bool include_series) {
  nlohmann::json reps = nlohmann::json::array();
  for (const auto& p : r.repetitions) {
    reps.push_back({{"peak_s", p.peak_s},
                    {"peak_deg", p.peak_deg},
                    {"trough_before_deg", p.trough_before_deg},
                    {"rom_deg", p.rom_deg}});
  }
  nlohmann::json j = {{"max_deg", r.max_deg},
                      {"min_deg", r.min_deg},
                      {"rom_deg", r.rom_deg},
                      {"axis_proximal", {r.axis_proximal.x(), r.axis_proximal.y(), r.axis_proximal.z()}},
                      {"axis_dominance", r.axis_dominance},
                      {"heading_offset_deg", r.heading_offset_deg},
                      {"repetitions", reps}};
  if (include_series) {
    j["t_s"] = r.t_s;
    j["angle_deg"] = r.angle_deg;
  }
  return j;
}

}  // namespace physio::imu
