#pragma once
/// Stage 5: per-foot summaries and left/right asymmetry.
///
/// Per parameter over the strides used (turning strides excluded when `exclude_turns`):
///   mean; SD (sample, n - 1; 0 for n = 1); CV = 100 * SD / mean (%); n.
/// Asymmetry of a parameter between the per-foot means L and R:
///   asymmetry_pct = 100 * |L - R| / ((L + R) / 2)  (the "symmetry index" of Robinson et al. 1987, unsigned).
///
/// Contract: summarise_foot_strides: any stride list (empty gives n = 0 and NaN statistics);
///           compute_asymmetry: two summaries; a parameter is NaN when either side has no stride.

#include <cstddef>
#include <span>

#include "imu/gait_foot/stride_parameters.hpp"

namespace physio::imu {

struct ParameterStats {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;
  double cv_pct = 0.0;
};

struct FootGaitSummary {
  std::size_t n_strides = 0;  ///< all detected min_vel strides
  std::size_t n_turns = 0;    ///< of which turning
  ParameterStats stride_length_m, stride_time_s, speed_mps, stance_time_s, swing_time_s, stance_pct,
      swing_pct, clearance_m, cadence_spm;
};

struct GaitAsymmetry {
  double stride_length_pct = 0.0, stride_time_pct = 0.0, speed_pct = 0.0, stance_time_pct = 0.0,
         swing_time_pct = 0.0, clearance_pct = 0.0;
};

/// Mean, SD, CV of the values (NaN mean / SD / CV when empty).
ParameterStats compute_stats(std::span<const double> values);

FootGaitSummary summarise_foot_strides(std::span<const FootStride> strides, bool exclude_turns);

/// 100 |l - r| / ((l + r) / 2); NaN when either is NaN or the mean is 0.
double asymmetry_pct(double left, double right);

GaitAsymmetry compute_asymmetry(const FootGaitSummary& left, const FootGaitSummary& right);

}  // namespace physio::imu
