#include "imu/gait_lowback/body_frame.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/LU>

#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"

namespace physio::imu {

namespace {

bool is_identity(const Eigen::Matrix3d& m) {
  return (m - Eigen::Matrix3d::Identity()).norm() < 1e-12;
}

Eigen::Vector3d body_acc(const ImuRecording& rec, const BodyFrame& f, bool identity, std::size_t i) {
  const Eigen::Vector3d v = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).transpose();
  return identity ? v : Eigen::Vector3d(f.sensor_to_body * v);
}

// Unit gravity direction at sample i: linear interpolation between block centres.
Eigen::Vector3d gravity_at(const BodyFrame& f, std::size_t i) {
  const std::size_t n_blocks = f.gravity.size() / 3;
  const double pos = (static_cast<double>(i) + 0.5) / static_cast<double>(f.block) - 0.5;
  const double clamped = std::clamp(pos, 0.0, static_cast<double>(n_blocks - 1));
  const auto b0 = static_cast<std::size_t>(clamped);
  const std::size_t b1 = std::min(b0 + 1, n_blocks - 1);
  const double w = clamped - static_cast<double>(b0);
  Eigen::Vector3d v;
  for (Eigen::Index c = 0; c < 3; ++c) {
    const auto cu = static_cast<std::size_t>(c);
    v(c) = (1.0 - w) * f.gravity[3 * b0 + cu] + w * f.gravity[3 * b1 + cu];
  }
  const double norm = v.norm();
  return norm > 1e-9 ? Eigen::Vector3d(v / norm) : Eigen::Vector3d(1.0, 0.0, 0.0);
}

}  // namespace

Result<BodyFrame> compute_body_frame(const ImuRecording& rec, const Eigen::Matrix3d& sensor_to_body) {
  const std::size_t n = rec.size();
  if (n == 0 || static_cast<std::size_t>(rec.acc_mps2.rows()) != n) {
    return fail(ErrorCode::kMissingData, "recording '{}' has no accelerometer samples", rec.sensor_name);
  }
  if (!sensor_to_body.allFinite() ||
      (sensor_to_body * sensor_to_body.transpose() - Eigen::Matrix3d::Identity()).norm() > 1e-6 ||
      sensor_to_body.determinant() < 0.0) {
    return fail(ErrorCode::kInvalidArgument,
                "mounting rotation sensor_to_body must be a proper rotation matrix (orthonormal, det +1)");
  }
  BodyFrame f;
  f.rate_hz = rec.rate_hz;
  f.sensor_to_body = sensor_to_body;
  const bool identity = is_identity(sensor_to_body);
  f.block = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(rec.rate_hz)));
  const std::size_t n_blocks = (n + f.block - 1) / f.block;
  f.gravity.assign(3 * n_blocks, 0.0);
  f.acc_norm.resize(n);
  for (std::size_t b = 0; b < n_blocks; ++b) {
    const std::size_t lo = b * f.block;
    const std::size_t hi = std::min(n, lo + f.block);
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    for (std::size_t i = lo; i < hi; ++i) {
      const Eigen::Vector3d a = body_acc(rec, f, identity, i);
      sum += a;
      f.acc_norm[i] = a.norm();
    }
    sum /= static_cast<double>(hi - lo);
    for (std::size_t c = 0; c < 3; ++c) f.gravity[3 * b + c] = sum(static_cast<Eigen::Index>(c));
  }
  // 0.25 Hz zero-phase low-pass on the 1 Hz block series (design order 2, effective 4).
  if (n_blocks >= 4) {
    auto sos = dsp::butterworth_lowpass_sos(2, 0.25, 1.0);
    if (sos) {
      std::vector<double> ch(n_blocks);
      dsp::FiltfiltScratch scratch;
      for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t b = 0; b < n_blocks; ++b) ch[b] = f.gravity[3 * b + c];
        dsp::filtfilt(*sos, ch, scratch);
        for (std::size_t b = 0; b < n_blocks; ++b) f.gravity[3 * b + c] = ch[b];
      }
    }
  }
  double tilt = 0.0;
  for (std::size_t b = 0; b < n_blocks; ++b) {
    const Eigen::Vector3d up = gravity_at(f, b * f.block + f.block / 2);
    tilt += std::acos(std::clamp(up(0), -1.0, 1.0));
  }
  f.tilt_deg = tilt / static_cast<double>(n_blocks) * 180.0 / std::numbers::pi;
  return f;
}

void extract_body_segment(const ImuRecording& rec, const BodyFrame& frame, std::size_t start, std::size_t end,
                          BodyFrameSegment& out) {
  const std::size_t n = rec.size();
  end = std::min(end, n);
  start = std::min(start, end);
  const std::size_t m = end - start;
  const bool identity = is_identity(frame.sensor_to_body);
  const bool has_gyr = rec.gyr_rps.has_value() && static_cast<std::size_t>(rec.gyr_rps->rows()) == n;
  out.acc_is.resize(m);
  out.acc_vertical.resize(m);
  out.gyr_is.resize(has_gyr ? m : 0);
  out.gyr_pa.resize(has_gyr ? m : 0);
  out.gyr_vertical.resize(has_gyr ? m : 0);
  double mean = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = start + k;
    const Eigen::Vector3d up = gravity_at(frame, i);
    const Eigen::Vector3d a = body_acc(rec, frame, identity, i);
    out.acc_is[k] = a(0);
    out.acc_vertical[k] = a.dot(up);
    mean += out.acc_vertical[k];
    if (has_gyr) {
      const Eigen::Vector3d gs = rec.gyr_rps->row(static_cast<Eigen::Index>(i)).transpose();
      const Eigen::Vector3d g = identity ? gs : Eigen::Vector3d(frame.sensor_to_body * gs);
      out.gyr_is[k] = g(0);
      out.gyr_pa[k] = g(2);
      out.gyr_vertical[k] = g.dot(up);
    }
  }
  if (m > 0) mean /= static_cast<double>(m);
  for (double& v : out.acc_vertical) v -= mean;
}

}  // namespace physio::imu
