#pragma once
/// Gait sequence detection after Iluz et al. (J NeuroEng Rehabil 2014, 11:48) as published in mobgap's
/// `GsdIluz` (Mobilise-D GSDA), the GSD of mobgap's official pipeline for healthy and mildly impaired gait
/// (`MobilisedPipelineHealthy`). Optional here (`LowBackGaitOptions::gsd_algorithm`); the default GSD is
/// gait_sequences.hpp.
///
/// Contract: detect_gait_sequences_iluz
///   inputs : acc_is [n] and acc_pa [n] m/s^2, body-frame vertical (up, includes gravity) and forward
///            acceleration of the whole recording at rate_hz (>= 10 Hz), finite.
///   method : acc_is band-passed by a linear-phase FIR (fir_order + 1 taps, Hamming window, band_low_hz -
///            band_high_hz, unit gain at the band centre; applied forward-backward with odd extension of
///            3 x taps samples, as scipy filtfilt) -> windows of window_s with `overlap` (the last partial
///            window dropped). A window is active when the band-passed acc_is has a sample SD (ddof 1) >
///            std_activity_threshold and the raw acc_is mean > standing_threshold (upright). Raw acc_is and
///            acc_pa are each convolved with one period of a sine at sin_template_hz (numpy "same"); in an
///            active window, strict local maxima >= the axis' step threshold, kept greedily at least
///            rate/10 samples apart, are steps; both axes need [min_steps_per_s, max_steps_per_s] x window_s
///            steps. Windows whose first- and last-second acc_is means differ by more than
///            max_acc_v_change (relative) are dropped (posture change). Selected windows [start, start +
///            window + 1) are merged when overlapping and clipped to [0, n]; sequences shorter than
///            min_duration_s are dropped.
///   outputs: sequences sorted, non-overlapping, [start, end) in samples.
///   options: GsdIluzOptions, defaults = mobgap GsdIluz defaults (thresholds 0.01 g, 0.5 g, 0.4 g, 1.5 g).
///   errors : kInvalidArgument for bad options (window_s < 1 s, overlap outside [0, 1), FIR order odd or
///            < 2, band outside (0, rate / 2), ...), rate < 10 Hz or unequal lengths; empty output (not an
///            error) when nothing is found or the recording is shorter than the FIR's padding (as mobgap).
///   cost   : O(n x (fir_order + rate / sin_template_hz)); two full-length buffers.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

struct GsdIluzOptions {
  int fir_order = 200;
  double band_low_hz = 0.5;
  double band_high_hz = 3.0;
  double window_s = 3.0;
  double overlap = 0.5;
  double std_activity_threshold_mps2 = 0.01 * 9.81;
  double standing_threshold_mps2 = 0.5 * 9.81;
  double step_threshold_is_mps2 = 0.4 * 9.81;
  double step_threshold_pa_mps2 = 1.5 * 9.81;
  double sin_template_hz = 2.0;
  double min_steps_per_s = 0.5;
  double max_steps_per_s = 3.0;
  double max_acc_v_change = 0.15;
  double min_duration_s = 5.0;
};

Result<std::vector<GaitSequence>> detect_gait_sequences_iluz(std::span<const double> acc_is,
                                                             std::span<const double> acc_pa, double rate_hz,
                                                             const GsdIluzOptions& options);

/// Linear-phase band-pass FIR (windowed sinc, Hamming window), `order + 1` taps, scaled to unit gain at the
/// centre of the band (scipy.signal.firwin(order + 1, [low, high], pass_zero=False, window="hamming")).
Result<std::vector<double>> design_fir_bandpass(int order, double low_hz, double high_hz, double rate_hz);

}  // namespace physio::imu
