#pragma once
/// Strides from initial contacts and walking bouts from strides, by the Mobilise-D consensus rules
/// (Kluge et al., PLOS ONE 2021, "Consensus based framework for digital mobility monitoring"; mobgap
/// `WbAssembly` / `StrideSelection` defaults).
///
/// Contract: build_strides
///   inputs : initial contacts sorted by time (with gait_sequence index and side); the per-second series of
///            each gait sequence (SequenceSeconds, sorted by gait sequence; lowback_gait.cpp builds them as
///            the Mobilise-D pipeline: step_to_second.hpp).
///   method : a stride runs from IC k to IC k+2 of the same gait sequence (alternating feet assumed, so the
///            timing is right even when a side label is wrong); its cadence, length and speed are the means
///            of the per-second values over [start, end] (mobgap `naive_sec_paras_to_regions`); NaN when the
///            sequence has no series. duration_s is the raw IC interval.
///            Plausibility (Kluge 2021): duration within [min_stride_time_s, max_stride_time_s] = [0.2, 3.0]
///            s and, when known, length >= min_stride_length_m = 0.15 m; the others are kept with valid =
///            false and a reason.
///   outputs: strides sorted by start.
///
/// Contract: assemble_walking_bouts
///   inputs : strides from build_strides, the ICs, turns.
///   method : valid strides are joined in time order; a break (start of the next valid stride minus the end
///            of the current bout) longer than max_break_s = 3 s ends the bout; bouts with fewer than
///            min_strides = 4 strides are dropped. Bout cadence, stride length and speed are the means over
///            its strides (mobgap `_aggregate_per_wb`); step time = mean IC interval inside it.
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
};

std::vector<Stride> build_strides(std::span<const InitialContact> ics,
                                  std::span<const SequenceSeconds> seconds, const WalkingBoutRules& rules);

std::vector<WalkingBout> assemble_walking_bouts(std::span<const Stride> strides,
                                                std::span<const InitialContact> ics,
                                                std::span<const Turn> turns, const WalkingBoutRules& rules);

/// Per-second series over the gait sequences: each second [k, k + 1) takes the mean of the valid strides
/// that contain its centre (NaN when none); in_walking_bout when the centre lies inside a bout.
std::vector<GaitSecond> per_second_series(std::span<const GaitSequence> sequences,
                                          std::span<const Stride> strides,
                                          std::span<const WalkingBout> bouts);

}  // namespace physio::imu
