#include "imu/gait_foot/foot_frame.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <Eigen/Eigenvalues>

namespace physio::imu {
namespace {

constexpr double kQuietBlockS = 0.1;    // block length for the quiet-phase search
constexpr double kQuietFraction = 0.1;  // quietest share of blocks taken as rest / mid-stance
constexpr double kMovingGyrRps = 1.0;   // ~57 deg/s: clearly a swing or a push-off
constexpr double kMinMovingSamples = 20;
constexpr double kGravityMps2 = 9.81;
constexpr double kGravityTolerance = 0.3;  // loose: mid-stance is not perfectly still

double rad_to_deg(double r) {
  return r * 180.0 / std::numbers::pi;
}

// Mean acceleration over the quietest blocks (lowest summed gyro energy). Empty when none.
std::optional<Vec3> quiet_gravity(const Samples3& acc, const Samples3& gyr, double rate_hz) {
  const auto n = static_cast<std::size_t>(acc.rows());
  const std::size_t block = std::max<std::size_t>(2, static_cast<std::size_t>(kQuietBlockS * rate_hz));
  const std::size_t n_blocks = n / block;
  if (n_blocks == 0) return std::nullopt;
  std::vector<std::pair<double, std::size_t>> energy(n_blocks);  // [n_blocks]
  for (std::size_t b = 0; b < n_blocks; ++b) {
    double e = 0.0;
    for (std::size_t i = b * block; i < (b + 1) * block; ++i)
      e += gyr.row(static_cast<Eigen::Index>(i)).squaredNorm();
    energy[b] = {e, b};
  }
  const std::size_t k =
      std::max<std::size_t>(1, static_cast<std::size_t>(kQuietFraction * static_cast<double>(n_blocks)));
  std::nth_element(energy.begin(), energy.begin() + static_cast<std::ptrdiff_t>(k - 1), energy.end());
  Vec3 sum = Vec3::Zero();
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t b = energy[j].second;
    for (std::size_t i = b * block; i < (b + 1) * block; ++i)
      sum += acc.row(static_cast<Eigen::Index>(i)).transpose();
  }
  const Vec3 mean = sum / static_cast<double>(k * block);
  if (!(mean.norm() > 0.0)) return std::nullopt;
  return mean;
}

// Dominant rotation axis while moving (eigenvector of the gyro second moment). Empty when still.
std::optional<Vec3> moving_gyro_axis(const Samples3& gyr) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Zero();
  double count = 0.0;
  for (Eigen::Index i = 0; i < gyr.rows(); ++i) {
    const Vec3 w = gyr.row(i).transpose();
    if (w.squaredNorm() < kMovingGyrRps * kMovingGyrRps) continue;
    m += w * w.transpose();
    count += 1.0;
  }
  if (count < kMinMovingSamples) return std::nullopt;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(m / count);
  return Vec3(eig.eigenvectors().col(2));
}

}  // namespace

void fbf_gyr_ml(const Samples3& gyr_fsf, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = -gyr_fsf(static_cast<Eigen::Index>(i), 1);
}

void fbf_acc_pa(const Samples3& acc_fsf, std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = acc_fsf(static_cast<Eigen::Index>(i), 0);
}

Result<Quat> estimate_foot_alignment(const Samples3& acc_mps2, const Samples3& gyr_rps, double rate_hz) {
  const auto up = quiet_gravity(acc_mps2, gyr_rps, rate_hz);
  if (!up || std::abs(up->norm() - kGravityMps2) > kGravityTolerance * kGravityMps2) {
    return fail(
        ErrorCode::kInvalidArgument,
        "no quiet phase reading about 9.81 m/s^2 to take gravity from (need rest or mid-stance, acc in "
        "m/s^2)");
  }
  const auto axis = moving_gyro_axis(gyr_rps);
  if (!axis) {
    return fail(ErrorCode::kInvalidArgument,
                "no walking movement (gyro above {:.0f} deg/s) to find the foot's medio-lateral axis",
                rad_to_deg(kMovingGyrRps));
  }
  const Vec3 z = up->normalized();
  Vec3 y = *axis - axis->dot(z) * z;
  if (y.norm() < 0.5) {
    return fail(ErrorCode::kInvalidArgument,
                "the main rotation axis while walking is within 30 deg of vertical: not a foot-worn sensor?");
  }
  y.normalize();
  const Vec3 x = y.cross(z);
  Eigen::Matrix3d r;  // rows: FSF axes in sensor coordinates, so v_fsf = r * v_sensor
  r.row(0) = x.transpose();
  r.row(1) = y.transpose();
  r.row(2) = z.transpose();
  return Quat(r).normalized();
}

Status check_foot_frame(const FootSignals& s, const FootFrameOptions& options, std::string_view label) {
  const auto up = quiet_gravity(s.acc_mps2, s.gyr_rps, s.rate_hz);
  if (!up) return fail(ErrorCode::kInvalidArgument, "{}: no quiet phase (rest or mid-stance) found", label);
  if (std::abs(up->norm() - kGravityMps2) > kGravityTolerance * kGravityMps2) {
    return fail(
        ErrorCode::kInvalidArgument,
        "{}: at rest the accelerometer reads {:.2f}, expected about 9.81 m/s^2: wrong acc units (g vs "
        "m/s^2?) or a sensor that was never still",
        label, up->norm());
  }
  const double tilt_deg = rad_to_deg(std::acos(std::clamp(up->normalized().z(), -1.0, 1.0)));
  const double roll_deg = rad_to_deg(std::asin(std::clamp(std::abs(up->normalized().y()), 0.0, 1.0)));
  if (tilt_deg > options.max_gravity_tilt_deg || roll_deg > options.max_gravity_roll_deg) {
    return fail(
        ErrorCode::kInvalidArgument,
        "{}: at rest gravity reads ({:.2f}, {:.2f}, {:.2f}) m/s^2, {:.0f} deg from the foot frame's +z "
        "and {:.0f} deg out of its x-z plane (limits {:.0f}, {:.0f}): the sensor is not in the foot sensor "
        "frame (x forward, y left, z up); give the "
        "--placement / mounting rotation or ask for alignment estimation",
        label, up->x(), up->y(), up->z(), tilt_deg, roll_deg, options.max_gravity_tilt_deg,
        options.max_gravity_roll_deg);
  }
  if (const auto axis = moving_gyro_axis(s.gyr_rps)) {
    const double dev_deg = rad_to_deg(std::acos(std::clamp(std::abs(axis->y()), 0.0, 1.0)));
    if (dev_deg > options.max_ml_axis_deviation_deg) {
      return fail(
          ErrorCode::kInvalidArgument,
          "{}: while moving the foot turns mostly about ({:.2f}, {:.2f}, {:.2f}), {:.0f} deg from the "
          "medio-lateral y axis (limit {:.0f}): the sensor is not in the foot sensor frame; give the "
          "--placement / mounting rotation or ask for alignment estimation",
          label, axis->x(), axis->y(), axis->z(), dev_deg, options.max_ml_axis_deviation_deg);
    }
  }
  return ok();
}

Result<FootSignals> to_foot_sensor_frame(const ImuRecording& rec, FootSide side,
                                         const FootFrameOptions& options) {
  const std::string label = fmt::format("{} foot sensor '{}'", foot_side_name(side), rec.sensor_name);
  if (!rec.gyr_rps) {
    return fail(ErrorCode::kMissingData, "{}: no gyroscope; foot gait analysis needs acc and gyr", label);
  }
  if (!(rec.rate_hz > 0.0) || !std::isfinite(rec.rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "{}: sampling rate {} Hz is not positive", label, rec.rate_hz);
  }
  const Samples3& gyr = *rec.gyr_rps;
  if (gyr.rows() != rec.acc_mps2.rows()) {
    return fail(ErrorCode::kInvalidArgument, "{}: acc has {} samples but gyr {}", label, rec.acc_mps2.rows(),
                gyr.rows());
  }
  const std::size_t min_samples =
      options.min_samples > 0 ? options.min_samples : static_cast<std::size_t>(std::ceil(5.0 * rec.rate_hz));
  const auto n = static_cast<std::size_t>(gyr.rows());
  if (n < min_samples) {
    return fail(ErrorCode::kInvalidArgument,
                "{}: {} samples ({:.2f} s) is too short; need at least {} ({:.1f} s)", label, n,
                static_cast<double>(n) / rec.rate_hz, min_samples,
                static_cast<double>(min_samples) / rec.rate_hz);
  }
  for (Eigen::Index i = 0; i < gyr.rows(); ++i) {
    if (!rec.acc_mps2.row(i).allFinite() || !gyr.row(i).allFinite()) {
      return fail(
          ErrorCode::kInvalidArgument,
          "{}: sample {} (t = {:.3f} s) is not finite (NaN/inf); fill or cut gaps before gait analysis",
          label, i, static_cast<double>(i) / rec.rate_hz);
    }
  }
  FootSignals out;
  out.side = side;
  out.rate_hz = rec.rate_hz;
  Quat q = Quat::Identity();
  if (options.mounting == FootMounting::kRotation) q = options.sensor_to_fsf.normalized();
  if (options.mounting == FootMounting::kEstimate) {
    auto est = estimate_foot_alignment(rec.acc_mps2, gyr, rec.rate_hz);
    if (!est) return std::unexpected(std::move(est).error().with_context(label));
    q = *est;
  }
  if (options.mounting == FootMounting::kFootSensorFrame) {
    out.acc_mps2 = rec.acc_mps2;
    out.gyr_rps = gyr;
  } else {
    const Eigen::Matrix3d r = q.toRotationMatrix();
    out.acc_mps2 = rec.acc_mps2 * r.transpose();
    out.gyr_rps = gyr * r.transpose();
  }
  out.sensor_to_fsf = q;
  PHYSIO_CHECK(check_foot_frame(out, options, label));
  return out;
}

}  // namespace physio::imu
