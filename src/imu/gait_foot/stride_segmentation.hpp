#pragma once
/// Stage 2: stride segmentation on the medio-lateral gyro (FBF gyr_ml, rad/s).
///
/// Produces "segmented" strides in Barth et al.'s definition (the one gaitmap's BarthDtw returns and the
/// hand-labelled gaitmap borders use): a stride starts and ends at the gyr_ml minimum just before toe-off.
/// Barth's DTW template is AGPL and not used; instead (our method, see docs/metrics/imu-gait-foot.md):
///   1. swing peaks: local maxima of gyr_ml low-passed at `swing_lowpass_hz` (zero-phase Butterworth)
///      that exceed `min_swing_peak_dps`, at least `min_stride_s` apart (higher peak wins);
///   2. for each swing peak p_k the search window is (max(p_{k-1}, p_k - max_stride_s), p_k]; its
///      mid-stance m_k is the centre of the 100 ms window of least gyro energy in it (as Rampp's min_vel);
///   3. the border b_k is the raw gyr_ml minimum in [m_k, p_k): the push-off minimum before toe-off;
///   4. consecutive borders form a stride when p_{k+1} - p_k and b_{k+1} - b_k both lie in
///      [min_stride_s, max_stride_s] (gaitmap BarthDtw match-length defaults 0.6 s to 3 s).
///
/// Contract: segment_strides
///   inputs : gyr_ml [n] rad/s (positive while the toe rises in swing), gyr [n, 3] FSF rad/s (energy),
///            rate_hz > 0.
///   outputs: strides in time order, start < end, sample indices into the inputs; gaps between strides
///            mean a break in walking (or a rejected stride).
///   errors : kInvalidArgument for sizes that differ or options out of range.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct StrideSegmentationOptions {
  double swing_lowpass_hz = 6.0;      ///< low-pass for swing-peak picking only (borders use raw gyr_ml)
  double min_swing_peak_dps = 100.0;  ///< a swing turns the foot faster than this (slow gait ~150-250)
  double min_stride_s = 0.6;          ///< gaitmap BarthDtw min_match_length_s
  double max_stride_s = 3.0;          ///< gaitmap BarthDtw max_match_length_s
  double min_vel_window_ms = 100.0;   ///< Rampp / gaitmap min_vel_search_win_size_ms
};

/// One stride as sample indices [start, end] (end is the next stride's start when walking continues).
struct StrideBorder {
  std::size_t start = 0;
  std::size_t end = 0;
};

/// Centre of the `win`-sample window of least summed gyro energy in [begin, end) (Rampp's min_vel),
/// or `begin + (end - begin) / 2` when the range is shorter than the window.
std::size_t min_gyro_energy_centre(const Samples3& gyr, std::size_t begin, std::size_t end, std::size_t win);

Result<std::vector<StrideBorder>> segment_strides(std::span<const double> gyr_ml, const Samples3& gyr,
                                                  double rate_hz, const StrideSegmentationOptions& options);

}  // namespace physio::imu
