#include "imu/unit_checks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <Eigen/Core>

#include "imu/percentile.hpp"

namespace physio::imu {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Relative acc spread below which a window counts as rest.
constexpr double kRestRelSpread = 0.02;

}  // namespace

RestStats compute_rest_stats(const Samples3& acc, const Samples3* gyr, double rate_hz) {
  RestStats st;
  const auto n = acc.rows();
  const Eigen::Index w = std::max<Eigen::Index>(5, static_cast<Eigen::Index>(std::lround(0.5 * rate_hz)));
  std::vector<double> acc_norms, gyr_norms;
  for (Eigen::Index s = 0; s + w <= n; s += std::max<Eigen::Index>(1, w / 2)) {
    const auto block = acc.middleRows(s, w);
    if (!block.allFinite()) continue;
    const Eigen::RowVector3d mean = block.colwise().mean();
    const double spread = std::sqrt((block.rowwise() - mean).squaredNorm() / static_cast<double>(w));
    const double norm = mean.norm();
    if (!(norm > 0.0) || spread > kRestRelSpread * norm) continue;
    acc_norms.push_back(norm);
    if (gyr != nullptr) {
      const auto gb = gyr->middleRows(s, w);
      if (gb.allFinite()) gyr_norms.push_back(gb.colwise().mean().norm());
    }
  }
  st.windows = acc_norms.size();
  st.found = !acc_norms.empty();
  if (st.found) {
    st.acc_norm = median(std::move(acc_norms));
  } else {
    std::vector<double> all;
    all.reserve(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i)
      if (acc.row(i).allFinite()) all.push_back(acc.row(i).norm());
    st.acc_norm = median(std::move(all));
  }
  // The stillest window: acc stillness alone cannot tell rest from a turn about the vertical.
  st.gyr_norm = gyr_norms.empty() ? 0.0 : *std::min_element(gyr_norms.begin(), gyr_norms.end());
  if (gyr != nullptr) {
    // Tilt from both sensors over consecutive 0.25 s windows.
    const Eigen::Index tw = std::max<Eigen::Index>(2, static_cast<Eigen::Index>(std::lround(0.25 * rate_hz)));
    Eigen::RowVector3d prev_dir = Eigen::RowVector3d::Zero();
    bool have_prev = false;
    for (Eigen::Index s = 0; s + tw <= n && s + tw <= gyr->rows(); s += tw) {
      const auto ab = acc.middleRows(s, tw);
      const auto gb = gyr->middleRows(s, tw);
      if (!ab.allFinite() || !gb.allFinite()) {
        have_prev = false;
        continue;
      }
      const Eigen::RowVector3d m = ab.colwise().mean();
      if (!(m.norm() > 0.0)) {
        have_prev = false;
        continue;
      }
      const Eigen::RowVector3d dir = m / m.norm();
      if (have_prev) {
        st.tilt_acc_deg += std::acos(std::clamp(dir.dot(prev_dir), -1.0, 1.0)) / kDegToRad;
        const Eigen::RowVector3d wm = gb.colwise().mean();
        const Eigen::RowVector3d w_perp = wm - wm.dot(prev_dir) * prev_dir;
        st.tilt_gyr += w_perp.norm() * static_cast<double>(tw) / rate_hz;
      }
      prev_dir = dir;
      have_prev = true;
    }
    std::vector<double> mags;
    mags.reserve(static_cast<std::size_t>(gyr->rows()));
    for (Eigen::Index i = 0; i < gyr->rows(); ++i)
      if (gyr->row(i).allFinite()) mags.push_back(gyr->row(i).norm());
    st.gyr_p99 = percentile(std::move(mags), 0.99);
  }
  return st;
}

double acc_scale(AccUnit u) {
  return u == AccUnit::kG ? kGravityMps2 : 1.0;
}
double gyr_scale(GyrUnit u) {
  return u == GyrUnit::kDegPerS ? kDegToRad : 1.0;
}

Result<AccUnit> resolve_acc_unit(AccUnit declared, std::string_view declared_by, const RestStats& rest,
                                 bool check, std::vector<std::string>& warnings) {
  const char* where = rest.found ? "at rest" : "(median over the file; no rest period found)";
  if (declared == AccUnit::kAuto) {
    if (rest.acc_norm > 0.5 && rest.acc_norm < 2.0) return AccUnit::kG;
    if (rest.acc_norm > 5.0 && rest.acc_norm < 20.0) return AccUnit::kMps2;
    return fail(
        ErrorCode::kInvalidArgument,
        "cannot tell the accelerometer unit: acc magnitude {} is {:.3g} (expected about 1 g or 9.81 m/s^2)",
        where, rest.acc_norm);
  }
  if (!check) return declared;
  const double si = rest.acc_norm * acc_scale(declared);
  if (declared == AccUnit::kMps2 && si > 0.5 && si < 2.0)
    return fail(
        ErrorCode::kInvalidArgument,
        "acc magnitude {} is {:.2f} m/s^2: the file looks like it is in g but was declared m/s^2 ({})", where,
        si, declared_by);
  if (declared == AccUnit::kG && si > 50.0 && si < 200.0)
    return fail(
        ErrorCode::kInvalidArgument,
        "acc magnitude {} is {:.1f} m/s^2: the file looks like it is in m/s^2 but was declared g ({})", where,
        si, declared_by);
  if (si < 7.0 || si > 13.0)
    return fail(ErrorCode::kInvalidArgument,
                "acc magnitude {} is {:.3g} m/s^2, expected about 9.81 m/s^2 (unit {} declared by {})", where,
                si, acc_unit_name(declared), declared_by);
  if (si < 9.0 || si > 10.6)
    warnings.push_back(
        fmt::format("acc magnitude {} is {:.2f} m/s^2 (expected 9.81): check the calibration", where, si));
  return declared;
}

// Below this much tilt the acc and gyro totals are too small to compare.
constexpr double kMinTiltDeg = 45.0;
// Gyro tilt / acc tilt for a unit to be accepted. Linear acceleration only adds to the acc side, so the
// right unit gives a ratio near 1 or below it, the wrong one 57 times off.
constexpr double kTiltRatioLo = 0.12, kTiltRatioHi = 4.0;

GyrUnit gyro_unit_from_tilt(const RestStats& rest) {
  if (!(rest.tilt_acc_deg >= kMinTiltDeg) || !(rest.tilt_gyr > 0.0)) return GyrUnit::kAuto;
  const double as_dps = rest.tilt_gyr / rest.tilt_acc_deg;
  const double as_rps = rest.tilt_gyr / kDegToRad / rest.tilt_acc_deg;
  const bool dps_fits = as_dps >= kTiltRatioLo && as_dps <= kTiltRatioHi;
  const bool rps_fits = as_rps >= kTiltRatioLo && as_rps <= kTiltRatioHi;
  if (dps_fits == rps_fits) return GyrUnit::kAuto;
  return dps_fits ? GyrUnit::kDegPerS : GyrUnit::kRadPerS;
}

Result<GyrUnit> resolve_gyr_unit(GyrUnit declared, std::string_view declared_by, const RestStats& rest,
                                 bool check, std::vector<std::string>& warnings) {
  GyrUnit unit = declared;
  if (unit == GyrUnit::kAuto)
    unit = (rest.gyr_p99 > 15.0 || rest.gyr_norm > 0.15) ? GyrUnit::kDegPerS : GyrUnit::kRadPerS;
  const GyrUnit seen = gyro_unit_from_tilt(rest);
  if (seen != GyrUnit::kAuto && seen != unit) {
    const double ratio = rest.tilt_gyr * gyr_scale(seen) / kDegToRad / rest.tilt_acc_deg;
    const std::string why = fmt::format(
        "the sensor tilts {:.0f} deg in all by its accelerometer; its gyroscope read as {} gives {:.0f} deg, "
        "read as {} gives {:.0f} deg",
        rest.tilt_acc_deg, gyr_unit_name(unit), rest.tilt_gyr * gyr_scale(unit) / kDegToRad,
        gyr_unit_name(seen), ratio * rest.tilt_acc_deg);
    if (declared != GyrUnit::kAuto && declared_by == std::string_view("options"))
      return fail(ErrorCode::kInvalidArgument,
                  "gyroscope declared in {} (--gyr-unit) but {}: give --gyr-unit {}", gyr_unit_name(declared),
                  why, seen == GyrUnit::kRadPerS ? "rps" : "dps");
    if (declared != GyrUnit::kAuto)
      warnings.push_back(fmt::format("gyroscope columns are labelled {} but {}: read as {}",
                                     gyr_unit_name(declared), why, gyr_unit_name(seen)));
    unit = seen;
  }
  if (!check || !rest.found) return unit;
  const double bias_rps = rest.gyr_norm * gyr_scale(unit);
  if (declared == GyrUnit::kRadPerS && bias_rps > 0.35)
    return fail(
        ErrorCode::kInvalidArgument,
        "gyro reads {:.2f} rad/s at rest: the file looks like it is in deg/s but was declared rad/s ({})",
        bias_rps, declared_by);
  if (bias_rps > 0.35)
    return fail(ErrorCode::kInvalidArgument, "gyro reads {:.1f} deg/s at rest: too large for a gyro bias",
                bias_rps / kDegToRad);
  if (bias_rps > 0.05)
    warnings.push_back(fmt::format(
        "gyro reads {:.1f} deg/s at rest: a large bias, or the sensor was not still", bias_rps / kDegToRad));
  return unit;
}

}  // namespace physio::imu
