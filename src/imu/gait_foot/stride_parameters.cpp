#include "imu/gait_foot/stride_parameters.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace physio::imu {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

// Pitch of the foot's forward (FSF x) axis above the horizontal, deg (toe up positive).
double pitch_deg(const Quat& q) {
  const Vec3 fwd = q * Vec3::UnitX();
  return std::asin(std::clamp(fwd.z(), -1.0, 1.0)) * kRadToDeg;
}

}  // namespace

Result<FootStride> compute_stride_parameters(const FootSignals& s, const MinVelStride& st, double t0_s,
                                             const TrajectoryOptions& trajectory, double turn_threshold_deg) {
  if (!(st.start < st.tc && st.tc < st.ic && st.ic < st.end && st.pre_ic < st.start)) {
    return fail(ErrorCode::kInvalidArgument, "stride [{}, {}]: events pre_ic {}, tc {}, ic {} out of order",
                st.start, st.end, st.pre_ic, st.tc, st.ic);
  }
  const StrideTrajectory tr =
      PHYSIO_TRY(compute_stride_trajectory(s.acc_mps2, s.gyr_rps, s.rate_hz, st.start, st.end, trajectory));
  const double fs = s.rate_hz;
  FootStride r;
  r.start = st.start;
  r.end = st.end;
  r.pre_ic = st.pre_ic;
  r.ic = st.ic;
  r.tc = st.tc;
  auto sec = [&](std::size_t i) { return t0_s + static_cast<double>(i) / fs; };
  r.start_s = sec(st.start);
  r.end_s = sec(st.end);
  r.pre_ic_s = sec(st.pre_ic);
  r.ic_s = sec(st.ic);
  r.tc_s = sec(st.tc);
  r.stride_time_s = static_cast<double>(st.ic - st.pre_ic) / fs;
  r.swing_time_s = static_cast<double>(st.ic - st.tc) / fs;
  r.stance_time_s = r.stride_time_s - r.swing_time_s;
  r.swing_pct = 100.0 * r.swing_time_s / r.stride_time_s;
  r.stance_pct = 100.0 - r.swing_pct;

  const Vec3& p_end = tr.position_m.back();
  r.stride_length_m = std::hypot(p_end.x(), p_end.y());
  r.forward_m = p_end.x();
  r.speed_mps = r.stride_length_m / r.stride_time_s;
  double lift = 0.0;
  for (const Vec3& p : tr.position_m) lift = std::max(lift, p.z());
  r.clearance_m = lift;
  double turn = (heading_of(tr.orientation.back()) - heading_of(tr.orientation.front())) * kRadToDeg;
  if (turn > 180.0) turn -= 360.0;
  if (turn <= -180.0) turn += 360.0;
  r.turning_angle_deg = turn;
  r.is_turn = std::abs(turn) > turn_threshold_deg;
  r.ic_angle_deg = pitch_deg(tr.orientation[st.ic - st.start]);
  r.tc_angle_deg = pitch_deg(tr.orientation[st.tc - st.start]);
  return r;
}

}  // namespace physio::imu
