#pragma once
/// Gait sequence detection (GSD) on the acceleration norm, after Paraschiv-Ionescu et al. (J NeuroEng
/// Rehabil 2019, "Locomotion and cadence detection using a single trunk-fixed accelerometer") as published
/// in mobgap's `GsdIonescu` (Mobilise-D GSDB without the adaptive threshold).
///
/// Contract: detect_gait_sequences
///   inputs : acc_norm [n] m/s^2 at rate_hz (>= 10 Hz), finite.
///   method : resample to 40 Hz -> 3-sample moving average (Savitzky-Golay 3/1) -> EPFL dedrift high-pass
///            (0.16 Hz) -> Butterworth low-pass 3.14 Hz (zero phase; replaces the EPFL FIR) -> gaus2 CWT at
///            scale 10 (centre 1.2 Hz) -> 3-sample moving average; maxima >= threshold and minima <=
///            -threshold are step candidates. Pulse trains (consecutive candidates closer than
///            min_step_margin_s to start, ending when an interval exceeds the running mean interval +
///            min_step_margin_s) are found separately for maxima and minima and intersected. Each sequence
///            is padded by padding x its mean step time on both sides, kept with >= min_n_steps maxima,
///            and sequences closer than max_gap_s are merged.
///   outputs: sequences sorted, non-overlapping, [start, end) in samples of the input, clipped to [0, n].
///   options: GsdOptions (defaults = mobgap GsdIonescu defaults).
///   errors : kInvalidArgument for bad options or rate; empty output (not an error) when nothing is found.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

struct GsdOptions {
  double active_signal_threshold_mps2 = 0.1 * 9.81;  ///< mobgap GsdIonescu: 0.1 g
  int min_n_steps = 5;
  double max_gap_s = 3.5;
  double min_step_margin_s = 1.5;
  double padding = 0.75;  ///< multiples of the mean step time added at both ends
};

Result<std::vector<GaitSequence>> detect_gait_sequences(std::span<const double> acc_norm, double rate_hz,
                                                        const GsdOptions& options);

}  // namespace physio::imu
