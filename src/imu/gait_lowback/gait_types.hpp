#pragma once
/// Data types of the lower-back gait pipeline (Mobilise-D style): gait sequences, initial contacts, strides,
/// turns, walking bouts, per-second series and per-day aggregates.
///
/// Contract:
///   - Every `*_s` time is seconds from the FIRST sample of the analysed recording (t_us[0] is 0 s).
///   - Sample indices refer to the recording's samples.
///   - NaN means "not available" (e.g. lengths without a sensor height, speeds of rejected strides).

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "imu/types.hpp"

namespace physio::imu {

inline constexpr double kGaitNaN = std::numeric_limits<double>::quiet_NaN();

/// Foot of an initial contact.
// FootSide and foot_side_name are in imu/types.hpp (shared with foot-worn sensors).

/// A period with gait-like activity found by the gait sequence detector. [start, end) in samples.
struct GaitSequence {
  std::size_t start = 0;
  std::size_t end = 0;
  double start_s = 0.0;
  double end_s = 0.0;
};

/// One initial contact (heel strike).
struct InitialContact {
  double t_s = 0.0;
  std::size_t sample = 0;
  FootSide side = FootSide::kUnknown;
  std::size_t gait_sequence = 0;  ///< index into LowBackGaitResult::gait_sequences
};

/// One stride: initial contact to the next initial contact of the same foot (two steps).
struct Stride {
  double start_s = 0.0;
  double end_s = 0.0;
  double duration_s = 0.0;
  double length_m = kGaitNaN;   ///< mean per-second stride length over the stride; NaN without sensor height
  double speed_mps = kGaitNaN;  ///< mean per-second walking speed over the stride
  double cadence_spm = kGaitNaN;       ///< mean per-second cadence over the stride, steps/min
  FootSide side = FootSide::kUnknown;  ///< foot of the starting contact
  std::size_t first_ic = 0;            ///< index into initial_contacts
  bool valid = false;                  ///< passed the plausibility rules (walking_bouts.hpp)
  std::string rejection;               ///< why not valid ("" when valid)
};

/// Per-second cadence, stride length and speed of one gait sequence cut to its first and last initial
/// contact (the "refined" gait sequence of the Mobilise-D pipeline). Second k covers [t0_s + k, t0_s + k +
/// 1).
struct SequenceSeconds {
  std::size_t gait_sequence = 0;          ///< index into LowBackGaitResult::gait_sequences
  double t0_s = 0.0;                      ///< time of the sequence's first initial contact
  std::vector<double> cadence_spm;        // [n_seconds] steps/min, NaN where undefined
  std::vector<double> stride_length_m;    // [n_seconds] 2 x step length, NaN without sensor height
  std::vector<double> walking_speed_mps;  // [n_seconds] cadence x stride length / 120
};

/// A turn detected from the angular rate about the vertical.
struct Turn {
  double start_s = 0.0;
  double end_s = 0.0;
  double duration_s = 0.0;
  double angle_deg = 0.0;      ///< signed: positive = counter-clockwise seen from above = "left"
  double peak_rate_dps = 0.0;  ///< largest |angular rate| in the turn
  std::string direction;       ///< "left" or "right"
};

/// A walking bout assembled from valid strides (Kluge et al. 2021 consensus rules).
struct WalkingBout {
  double start_s = 0.0;
  double end_s = 0.0;
  double duration_s = 0.0;
  std::size_t n_strides = 0;
  std::size_t n_steps = 0;                  ///< initial contacts inside the bout
  double cadence_spm = kGaitNaN;            ///< mean over its strides of the stride cadence, steps/min
  double stride_time_s = kGaitNaN;          ///< mean stride duration
  double step_time_s = kGaitNaN;            ///< mean step duration (IC to next IC)
  double stride_length_m = kGaitNaN;        ///< mean stride length
  double walking_speed_mps = kGaitNaN;      ///< mean stride speed
  double step_regularity = kGaitNaN;        ///< Moe-Nilssen Ad1 (vertical acc autocorrelation at one step)
  double stride_regularity = kGaitNaN;      ///< Moe-Nilssen Ad2 (at one stride)
  double step_symmetry = kGaitNaN;          ///< Ad1 / Ad2
  std::size_t first_stride = 0;             ///< index into strides (valid strides only are members)
  std::vector<std::size_t> stride_indices;  ///< indices into strides
  std::vector<Turn> turns;                  ///< turns that overlap the bout
  std::string termination_reason;           ///< "break", "end_of_gait_sequence", "end_of_recording"
};

/// Per-second values inside gait sequences (second k covers [k, k + 1) s from the recording start).
struct GaitSecond {
  double t_s = 0.0;  ///< start of the second
  double cadence_spm = kGaitNaN;
  double stride_length_m = kGaitNaN;
  double walking_speed_mps = kGaitNaN;
  bool in_walking_bout = false;
};

/// Per-day (per-recording) aggregates over walking bouts.
struct GaitAggregates {
  std::size_t n_bouts = 0;
  std::size_t n_bouts_10s = 0;  ///< bouts lasting >= 10 s
  std::size_t n_bouts_30s = 0;  ///< bouts lasting >= 30 s
  std::size_t total_steps = 0;
  std::size_t total_strides = 0;
  double walking_time_s = 0.0;
  double max_bout_duration_s = kGaitNaN;
  double median_bout_duration_s = kGaitNaN;
  double walking_speed_median_mps = kGaitNaN;
  double walking_speed_mean_mps = kGaitNaN;
  double walking_speed_p90_mps = kGaitNaN;
  double walking_speed_10s_median_mps = kGaitNaN;  ///< bouts >= 10 s
  double walking_speed_10s_p90_mps = kGaitNaN;
  double walking_speed_30s_median_mps = kGaitNaN;  ///< bouts >= 30 s
  double walking_speed_30s_p90_mps = kGaitNaN;
  double cadence_median_spm = kGaitNaN;
  double cadence_mean_spm = kGaitNaN;
  double cadence_p90_spm = kGaitNaN;
  double stride_length_median_m = kGaitNaN;
  double stride_length_mean_m = kGaitNaN;
  double stride_length_p90_m = kGaitNaN;
  double stride_time_median_s = kGaitNaN;
  std::size_t n_turns = 0;
};

/// Everything `analyse_lowback_gait` returns.
struct LowBackGaitResult {
  double rate_hz = 0.0;
  double duration_s = 0.0;
  double sensor_height_m = kGaitNaN;
  std::vector<GaitSequence> gait_sequences;
  std::vector<InitialContact> initial_contacts;
  std::vector<Stride> strides;
  std::vector<Turn> turns;
  std::vector<WalkingBout> walking_bouts;
  std::vector<GaitSecond> per_second;
  GaitAggregates aggregates;
  std::vector<std::string> warnings;
};

}  // namespace physio::imu
