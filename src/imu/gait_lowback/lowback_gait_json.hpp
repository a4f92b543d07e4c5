#pragma once
/// JSON form of a LowBackGaitResult (format "physiokit.lowback_gait", version 1), documented field by field
/// in docs/metrics/imu-gait-lowback.md.
///
/// Contract: lowback_gait_to_json
///   inputs : a result of analyse_lowback_gait.
///   outputs: an object with format, version, rate_hz, duration_s, sensor_height_m, gait_sequences,
///            initial_contacts [{t_s, side, gait_sequence}], strides, turns, walking_bouts [{start_s, end_s,
///            duration_s, n_strides, n_steps, cadence_spm, stride_time_s, step_time_s, stride_length_m,
///            walking_speed_mps, step_regularity, stride_regularity, step_symmetry, termination_reason,
///            turns}], per_second, aggregates, warnings. Times in s from the first sample; NaN -> null.

#include <nlohmann/json.hpp>

#include "imu/gait_lowback/gait_types.hpp"

namespace physio::imu {

nlohmann::json lowback_gait_to_json(const LowBackGaitResult& result);

}  // namespace physio::imu
