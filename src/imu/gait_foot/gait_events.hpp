#pragma once
/// Stage 3: gait events per stride after Rampp et al. 2015 (gaitmap RamppEventDetection, default
/// parameters), and the conversion of segmented strides to "min_vel" strides.
///
/// Per segmented stride [start, end) (indices relative to the stride, as gaitmap):
///   - tc (terminal contact, toe-off): the first sign change of gyr_ml.
///   - ic (initial contact): rough region [argmax gyr_ml, 0.6 * length); refined to between the steepest
///     negative slope and the following steepest positive slope of gyr_ml (np.gradient); the gyr_ml minimum
///     there is the candidate; ic is the acc_pa maximum from `ic_search_region_ms[0]` before to
///     `ic_search_region_ms[1]` after the candidate (window sizes truncated to samples, as gaitmap).
///   - min_vel (mid-stance): centre of the `min_vel_search_win_ms` window with the least gyro energy.
///   Consistency (gaitmap enforce_stride_list_consistency, "segmented"): start <= tc < ic < min_vel <= end;
///   other strides are dropped.
/// min_vel strides (gaitmap `_segmented_stride_list_to_min_vel`): for two consecutive segmented strides i,
/// i+1 (end_i == start_{i+1}): start = min_vel_i, end = min_vel_{i+1}, tc = tc_{i+1}, ic = ic_{i+1},
/// pre_ic = ic_i. The first segmented stride of each continuous sequence gives no min_vel stride.
///
/// Contract: detect_gait_events
///   inputs : gyr_ml [n] rad/s, acc_pa [n] m/s^2, gyr [n, 3] rad/s (FSF), segmented strides, rate_hz.
///   outputs: one `SegmentedStrideEvents` per consistent stride (absolute sample indices).
///   errors : kInvalidArgument for size mismatch, strides outside the data, windows below one sample.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_foot/stride_segmentation.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct EventDetectionOptions {
  double ic_search_before_ms = 80.0;     ///< gaitmap ic_search_region_ms[0]
  double ic_search_after_ms = 50.0;      ///< gaitmap ic_search_region_ms[1]
  double min_vel_search_win_ms = 100.0;  ///< gaitmap min_vel_search_win_size_ms
};

struct SegmentedStrideEvents {
  std::size_t start = 0, end = 0;  ///< segmented stride borders (push-off gyr_ml minima)
  std::size_t tc = 0, ic = 0, min_vel = 0;
};

/// A stride from mid-stance to mid-stance with its events (absolute sample indices).
struct MinVelStride {
  std::size_t start = 0, end = 0;  ///< min_vel of this and the next segmented stride
  std::size_t pre_ic = 0;          ///< initial contact before `start`
  std::size_t tc = 0, ic = 0;      ///< toe-off and initial contact inside (start, end)
};

Result<std::vector<SegmentedStrideEvents>> detect_gait_events(
    std::span<const double> gyr_ml, std::span<const double> acc_pa, const Samples3& gyr,
    std::span<const StrideBorder> strides, double rate_hz, const EventDetectionOptions& options);

/// min_vel strides from consistent segmented strides (see contract).
std::vector<MinVelStride> to_min_vel_strides(std::span<const SegmentedStrideEvents> events);

}  // namespace physio::imu
