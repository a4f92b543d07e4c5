#pragma once
/// Per-day (per-recording) aggregates of walking bouts, in the spirit of the Mobilise-D digital mobility
/// outcomes (Micó-Amigo et al., J NeuroEng Rehabil 2023; mobgap `MobilisedAggregator`).
///
/// Contract: aggregate_walking_bouts
///   inputs : walking bouts (from assemble_walking_bouts) and the number of turns in the recording.
///   outputs: counts (all bouts, bouts >= 10 s, >= 30 s), total steps and strides, walking time (sum of bout
///            durations), bout duration max/median, and median / mean / 90th percentile (linear interpolation
///            between order statistics, numpy's default) of bout walking speed, cadence and stride length,
///            over bouts with a finite value; walking speed also over bouts >= 10 s and >= 30 s.
///            NaN where no bout qualifies.

#include <cstddef>
#include <span>
#include <vector>

#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

GaitAggregates aggregate_walking_bouts(std::span<const WalkingBout> bouts, std::size_t n_turns);

/// Percentile q in [0, 100] of the finite values (linear interpolation); NaN when none.
double percentile_of(std::vector<double> values, double q);

}  // namespace physio::imu
