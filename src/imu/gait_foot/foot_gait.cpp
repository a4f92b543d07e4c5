#include "imu/gait_foot/foot_gait.hpp"

#include <numbers>
#include <vector>

#include <fmt/format.h>

namespace physio::imu {
namespace {

double t0_of(const ImuRecording& rec) {
  return rec.t_us.empty() ? 0.0 : static_cast<double>(rec.t_us.front()) * 1e-6;
}

std::size_t forward_strides(const FootGaitFoot& f) {
  std::size_t n = 0;
  for (const FootStride& s : f.strides) n += s.forward_m > 0.0 ? 1 : 0;
  return n;
}

// The same signals seen from a frame turned by half a turn about z (x and y negated).
FootSignals turned_half(const FootSignals& s) {
  FootSignals t = s;
  t.acc_mps2.col(0) *= -1.0;
  t.acc_mps2.col(1) *= -1.0;
  t.gyr_rps.col(0) *= -1.0;
  t.gyr_rps.col(1) *= -1.0;
  t.sensor_to_fsf = (Quat(Eigen::AngleAxisd(std::numbers::pi, Vec3::UnitZ())) * s.sensor_to_fsf).normalized();
  return t;
}

}  // namespace

Result<FootGaitFoot> analyse_foot_signals(const FootSignals& s, double t0_s, const FootGaitOptions& o) {
  FootGaitFoot f;
  f.side = s.side;
  f.rate_hz = s.rate_hz;
  f.sensor_to_fsf = s.sensor_to_fsf;
  const std::size_t n = s.size();
  std::vector<double> gyr_ml(n), acc_pa(n);  // [n]
  fbf_gyr_ml(s.gyr_rps, gyr_ml);
  fbf_acc_pa(s.acc_mps2, acc_pa);
  f.segmented_strides = PHYSIO_TRY(segment_strides(gyr_ml, s.gyr_rps, s.rate_hz, o.segmentation));
  f.segmented_events =
      PHYSIO_TRY(detect_gait_events(gyr_ml, acc_pa, s.gyr_rps, f.segmented_strides, s.rate_hz, o.events));
  const std::vector<MinVelStride> mv = to_min_vel_strides(f.segmented_events);
  f.strides.reserve(mv.size());
  for (const MinVelStride& m : mv) {
    auto p = compute_stride_parameters(s, m, t0_s, o.trajectory, o.turn_threshold_deg);
    if (!p) {
      ++f.n_rejected;
      continue;
    }
    f.strides.push_back(*p);
  }
  f.summary = summarise_foot_strides(f.strides, o.exclude_turns_from_summary);
  return f;
}

Result<FootGaitFoot> analyse_foot_recording(const ImuRecording& rec, FootSide side,
                                            const FootGaitOptions& o) {
  FootSignals s = PHYSIO_TRY(to_foot_sensor_frame(rec, side, o.frame));
  FootGaitFoot f = PHYSIO_TRY(analyse_foot_signals(s, t0_of(rec), o));
  if (o.frame.mounting == FootMounting::kEstimate) {
    // Rotations alone cannot tell forward from backward: keep the alignment whose strides carry the
    // foot toward its toe.
    FootGaitFoot g = PHYSIO_TRY(analyse_foot_signals(turned_half(s), t0_of(rec), o));
    if (forward_strides(g) > forward_strides(f)) f = std::move(g);
  }
  f.sensor_name = rec.sensor_name;
  return f;
}

Result<FootGaitResult> analyse_foot_gait(const FootRecordings& feet, const FootGaitOptions& o) {
  if (feet.left == nullptr && feet.right == nullptr) {
    return fail(ErrorCode::kMissingData, "foot gait: no foot sensor given");
  }
  FootGaitResult r;
  for (const auto& [rec, side] :
       {std::pair{feet.left, FootSide::kLeft}, std::pair{feet.right, FootSide::kRight}}) {
    if (rec == nullptr) continue;
    FootGaitFoot f = PHYSIO_TRY(analyse_foot_recording(*rec, side, o));
    if (f.strides.empty()) {
      r.warnings.push_back(fmt::format("{} foot sensor '{}': no complete stride found ({} segmented strides)",
                                       foot_side_name(side), f.sensor_name, f.segmented_strides.size()));
    }
    if (f.n_rejected > 0) {
      r.warnings.push_back(fmt::format("{} foot: {} strides rejected (no gravity at mid-stance)",
                                       foot_side_name(side), f.n_rejected));
    }
    r.feet.push_back(std::move(f));
  }
  if (r.feet.size() == 2 && !r.feet[0].strides.empty() && !r.feet[1].strides.empty()) {
    r.asymmetry = compute_asymmetry(r.feet[0].summary, r.feet[1].summary);
  }
  return r;
}

Result<FootGaitResult> analyse_foot_gait(const ImuSession& session, const FootGaitOptions& o) {
  FootRecordings feet;
  for (const ImuRecording& rec : session.sensors) {
    const ImuRecording** slot = rec.placement == Placement::kLeftFoot    ? &feet.left
                                : rec.placement == Placement::kRightFoot ? &feet.right
                                                                         : nullptr;
    if (slot == nullptr) continue;
    if (*slot != nullptr) {
      return fail(ErrorCode::kInvalidArgument, "{}: two sensors ('{}', '{}') are placed on the {}",
                  session.source, (*slot)->sensor_name, rec.sensor_name, placement_name(rec.placement));
    }
    *slot = &rec;
  }
  if (feet.left == nullptr && feet.right == nullptr) {
    std::string names;
    for (const ImuRecording& rec : session.sensors) {
      names += fmt::format("{}'{}' ({})", names.empty() ? "" : ", ", rec.sensor_name,
                           placement_name(rec.placement));
    }
    return fail(ErrorCode::kMissingData,
                "{}: no sensor is placed on a foot (sensors: {}); give --placement left-foot or right-foot",
                session.source, names.empty() ? "none" : names);
  }
  auto r = analyse_foot_gait(feet, o);
  if (!r) return std::unexpected(std::move(r).error().with_context(session.source));
  r->warnings.insert(r->warnings.begin(), session.warnings.begin(), session.warnings.end());
  return r;
}

}  // namespace physio::imu
