#include "imu/gait_foot/gait_summary.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace physio::imu {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

ParameterStats compute_stats(std::span<const double> v) {
  ParameterStats s;
  s.n = v.size();
  if (v.empty()) {
    s.mean = s.sd = s.cv_pct = kNaN;
    return s;
  }
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
  s.cv_pct = s.mean != 0.0 ? 100.0 * s.sd / std::abs(s.mean) : kNaN;
  return s;
}

FootGaitSummary summarise_foot_strides(std::span<const FootStride> strides, bool exclude_turns) {
  FootGaitSummary out;
  out.n_strides = strides.size();
  std::vector<const FootStride*> used;
  for (const FootStride& s : strides) {
    if (s.is_turn) ++out.n_turns;
    if (!(exclude_turns && s.is_turn)) used.push_back(&s);
  }
  std::vector<double> v(used.size());
  auto stats = [&](auto field) {
    for (std::size_t i = 0; i < used.size(); ++i) v[i] = field(*used[i]);
    return compute_stats(v);
  };
  out.stride_length_m = stats([](const FootStride& s) { return s.stride_length_m; });
  out.stride_time_s = stats([](const FootStride& s) { return s.stride_time_s; });
  out.speed_mps = stats([](const FootStride& s) { return s.speed_mps; });
  out.stance_time_s = stats([](const FootStride& s) { return s.stance_time_s; });
  out.swing_time_s = stats([](const FootStride& s) { return s.swing_time_s; });
  out.stance_pct = stats([](const FootStride& s) { return s.stance_pct; });
  out.swing_pct = stats([](const FootStride& s) { return s.swing_pct; });
  out.clearance_m = stats([](const FootStride& s) { return s.clearance_m; });
  // Steps per minute: two steps per stride.
  out.cadence_spm = stats([](const FootStride& s) { return 120.0 / s.stride_time_s; });
  return out;
}

double asymmetry_pct(double left, double right) {
  const double mean = 0.5 * (left + right);
  if (!std::isfinite(left) || !std::isfinite(right) || mean == 0.0) return kNaN;
  return 100.0 * std::abs(left - right) / std::abs(mean);
}

GaitAsymmetry compute_asymmetry(const FootGaitSummary& l, const FootGaitSummary& r) {
  GaitAsymmetry a;
  a.stride_length_pct = asymmetry_pct(l.stride_length_m.mean, r.stride_length_m.mean);
  a.stride_time_pct = asymmetry_pct(l.stride_time_s.mean, r.stride_time_s.mean);
  a.speed_pct = asymmetry_pct(l.speed_mps.mean, r.speed_mps.mean);
  a.stance_time_pct = asymmetry_pct(l.stance_time_s.mean, r.stance_time_s.mean);
  a.swing_time_pct = asymmetry_pct(l.swing_time_s.mean, r.swing_time_s.mean);
  a.clearance_pct = asymmetry_pct(l.clearance_m.mean, r.clearance_m.mean);
  return a;
}

}  // namespace physio::imu
