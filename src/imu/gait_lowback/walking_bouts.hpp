#pragma once
/// Strides from initial contacts and walking bouts from strides, by the Mobilise-D consensus rules
/// (Kluge et al., PLOS ONE 2021, "Consensus based framework for digital mobility monitoring"; mobgap
/// `WbAssembly` / `StrideSelection` defaults).
///
/// Contract: build_strides
///   inputs : initial contacts sorted by time (with gait_sequence index and side); step_length_m aligned with
///            them: step_length_m[k] is the step from IC k to IC k+1 (NaN when unknown or across sequences).
///   method : a stride runs from IC k to IC k+2 of the same gait sequence (alternating feet assumed, so the
///            timing is right even when a side label is wrong); length = step k + step k+1. Step times
///            (IC intervals) are first cleaned per gait sequence by a Hampel filter (half-width 2, 3 robust
///            SD; mobgap `CadFromIc`), so one missed contact does not halve a cadence: cadence =
///            120 / (cleaned step k + step k+1), speed = length / the same time. duration_s stays raw.
///            Plausibility (Kluge 2021): duration within [min_stride_time_s, max_stride_time_s] = [0.2, 3.0]
///            s and, when known, length >= min_stride_length_m = 0.15 m; the others are kept with valid =
///            false and a reason.
///   outputs: strides sorted by start.
///
/// Contract: assemble_walking_bouts
///   inputs : strides from build_strides, the ICs, turns.
///   method : valid strides are joined in time order; a break (start of the next valid stride minus the end
///            of the current bout) longer than max_break_s = 3 s ends the bout; bouts with fewer than
///            min_strides = 4 strides are dropped. Bout values are means over its strides (cadence = mean
///            of 120 / stride time; speed = mean stride speed); step time = mean IC interval inside it.
///   outputs: bouts sorted by start, with their stride indices, step count and overlapping turns.
///   errors : none here; analyse_lowback_gait rejects inconsistent rules before calling.

#include <span>
#include <vector>

#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

struct WalkingBoutRules {
  double min_stride_time_s = 0.2;
  double max_stride_time_s = 3.0;
  double min_stride_length_m = 0.15;
  double max_break_s = 3.0;
  std::size_t min_strides = 4;
  /// Clean step times with a Hampel filter before computing stride cadence and speed (mobgap CadFromIc).
  bool hampel_step_times = true;
};

std::vector<Stride> build_strides(std::span<const InitialContact> ics, std::span<const double> step_length_m,
                                  const WalkingBoutRules& rules);

std::vector<WalkingBout> assemble_walking_bouts(std::span<const Stride> strides,
                                                std::span<const InitialContact> ics,
                                                std::span<const Turn> turns, const WalkingBoutRules& rules);

/// Per-second series over the gait sequences: each second [k, k + 1) takes the mean of the valid strides
/// that contain its centre (NaN when none); in_walking_bout when the centre lies inside a bout.
std::vector<GaitSecond> per_second_series(std::span<const GaitSequence> sequences,
                                          std::span<const Stride> strides,
                                          std::span<const WalkingBout> bouts);

}  // namespace physio::imu
