#include "imu/placement.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <Eigen/Core>

#include "imu/percentile.hpp"
#include "imu/unit_checks.hpp"

namespace physio::imu {
namespace {

// A foot at mid-stance: barely turning, reading about 1 g.
constexpr double kStillGyrRps = 1.0;
constexpr double kStillAccTolMps2 = 3.0;
// Stance lasts 0.08-2 s in walking; the swing that follows turns the foot faster than 3 rad/s.
constexpr double kStanceMinS = 0.015, kStanceMaxS = 2.0, kSwingWithinS = 1.5;
constexpr double kSwingGyrRps = 3.0;
// A foot: at least this many stance/swing cycles and a gyroscope reaching this fast.
constexpr std::size_t kFootMinStances = 6;
constexpr double kFootMinGyrP99Rps = 4.0;
// Heel strikes: a foot's acceleration peaks beyond 3.5 g (the trunk's rarely beyond 2 g).
constexpr double kFootMinAccP99Mps2 = 35.0;
// The lower back: the trunk never turns faster than this (99th percentile), the sensor stays within
// 45 deg of its usual orientation most of the time, and something happened (not a sensor on a table).
constexpr double kBackMaxGyrP99Rps = 2.5;
constexpr double kBackMaxAccP99Mps2 = 25.0;
constexpr double kBackMinUpright = 0.6;
constexpr double kBackMinAccP99Mps2 = 11.0;

}  // namespace

std::string_view signal_placement_name(SignalPlacement p) {
  switch (p) {
    case SignalPlacement::kLowerBack:
      return "lower back";
    case SignalPlacement::kFoot:
      return "foot";
    case SignalPlacement::kUnknown:
      break;
  }
  return "unknown";
}

bool placement_contradicts(Placement p, SignalPlacement seen) {
  const bool foot = p == Placement::kLeftFoot || p == Placement::kRightFoot;
  if (seen == SignalPlacement::kFoot) return p != Placement::kUnknown && !foot;
  if (seen == SignalPlacement::kLowerBack) return foot;
  return false;
}

PlacementEvidence placement_from_signal(const ImuRecording& rec) {
  PlacementEvidence ev;
  const auto n = static_cast<Eigen::Index>(rec.size());
  if (n < 10 || !(rec.rate_hz > 0.0)) {
    ev.reason = "too short to tell where the sensor is worn";
    return ev;
  }
  std::vector<double> acc_mag(static_cast<std::size_t>(n)), gyr_mag;
  for (Eigen::Index i = 0; i < n; ++i) acc_mag[static_cast<std::size_t>(i)] = rec.acc_mps2.row(i).norm();
  ev.acc_p99_mps2 = percentile(acc_mag, 0.99);
  if (rec.gyr_rps) {
    gyr_mag.resize(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) gyr_mag[static_cast<std::size_t>(i)] = rec.gyr_rps->row(i).norm();
    ev.gyr_p99_rps = percentile(gyr_mag, 0.99);

    // Stance phases followed by a swing.
    const double dt = 1.0 / rec.rate_hz;
    std::size_t i = 0;
    const auto un = static_cast<std::size_t>(n);
    while (i < un) {
      const bool still = gyr_mag[i] < kStillGyrRps && std::fabs(acc_mag[i] - kGravityMps2) < kStillAccTolMps2;
      if (!still) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < un && gyr_mag[j] < kStillGyrRps && std::fabs(acc_mag[j] - kGravityMps2) < kStillAccTolMps2)
        ++j;
      const double len_s = static_cast<double>(j - i) * dt;
      if (len_s >= kStanceMinS && len_s <= kStanceMaxS) {
        const std::size_t end = std::min(un, j + static_cast<std::size_t>(kSwingWithinS * rec.rate_hz));
        for (std::size_t k = j; k < end; ++k)
          if (gyr_mag[k] > kSwingGyrRps) {
            ++ev.stance_phases;
            break;
          }
      }
      i = j;
    }
  }

  // Orientation of gravity in 0.5 s windows against its median direction (mean of unit directions).
  const Eigen::Index w = std::max<Eigen::Index>(2, static_cast<Eigen::Index>(std::lround(0.5 * rec.rate_hz)));
  std::vector<Eigen::RowVector3d> dirs;
  Eigen::RowVector3d sum = Eigen::RowVector3d::Zero();
  for (Eigen::Index s = 0; s + w <= n; s += w) {
    const Eigen::RowVector3d m = rec.acc_mps2.middleRows(s, w).colwise().mean();
    if (!m.allFinite() || !(m.norm() > 0.0)) continue;
    dirs.push_back(m / m.norm());
    sum += dirs.back();
  }
  if (!dirs.empty() && sum.norm() > 0.0) {
    const Eigen::RowVector3d usual = sum / sum.norm();
    std::size_t near = 0;
    for (const auto& d : dirs) near += d.dot(usual) > std::cos(45.0 * kDegToRad) ? 1 : 0;
    ev.upright_fraction = static_cast<double>(near) / static_cast<double>(dirs.size());
  }

  if (rec.gyr_rps && ev.stance_phases >= kFootMinStances && ev.gyr_p99_rps >= kFootMinGyrP99Rps &&
      ev.acc_p99_mps2 >= kFootMinAccP99Mps2) {
    ev.seen = SignalPlacement::kFoot;
    ev.reason = fmt::format(
        "the signal looks like a foot sensor ({} still stance phases each followed by a swing, rotation up "
        "to "
        "{:.1f} rad/s)",
        ev.stance_phases, ev.gyr_p99_rps);
  } else if ((!rec.gyr_rps || ev.gyr_p99_rps <= kBackMaxGyrP99Rps) && ev.acc_p99_mps2 <= kBackMaxAccP99Mps2 &&
             ev.acc_p99_mps2 >= kBackMinAccP99Mps2 && ev.upright_fraction >= kBackMinUpright) {
    ev.seen = SignalPlacement::kLowerBack;
    ev.reason = fmt::format(
        "the signal looks like a trunk (lower-back) sensor (rotation below {:.1f} rad/s, orientation within "
        "45 deg of its usual one {:.0f}% of the time)",
        kBackMaxGyrP99Rps, 100.0 * ev.upright_fraction);
  } else {
    ev.reason = fmt::format(
        "the signal does not tell where the sensor is worn (rotation up to {:.1f} rad/s, acceleration up to "
        "{:.1f} m/s^2, {} foot-like stance phases)",
        ev.gyr_p99_rps, ev.acc_p99_mps2, ev.stance_phases);
  }
  return ev;
}

}  // namespace physio::imu
