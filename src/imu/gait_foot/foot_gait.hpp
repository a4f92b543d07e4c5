#pragma once
/// Foot-worn IMU gait analysis (gaitmap style): the whole pipeline for one or two feet.
///
///   recording --foot_frame--> FSF signals --stride_segmentation--> segmented strides
///     --gait_events (Rampp)--> min_vel strides --stride_parameters (ZUPT trajectory)--> per-stride
///     parameters --gait_summary--> per-foot mean / SD / CV, left/right asymmetry.
///
/// Contract: analyse_foot_gait
///   inputs : an `ImuSession` whose foot sensors have placement kLeftFoot / kRightFoot (gaitmap's
///            "left_sensor" / "right_sensor" columns load that way), or `FootRecordings` naming them;
///            acc m/s^2, gyr rad/s, uniform rate (the loader's job, including unit checks).
///   outputs: `FootGaitResult`: per foot the segmented strides, their events, the min_vel strides with
///            their parameters and a summary; asymmetry when both feet are present.
///   options: `FootGaitOptions` (all defaults are gaitmap / published defaults; see the stage headers).
///   errors : no foot sensor (the message asks for --placement); a foot without gyro; too short; non-finite
///            samples; frames that are not the FSF (the message asks for --placement / mounting);
///            kMissingData when a foot sensor yields no stride at all is NOT an error: the foot is returned
///            with zero strides and a warning.
///   cost   : O(n) per foot plus O(stride length) per stride; the whole recording is held in memory
///            (use `FootGaitStream` for days of data).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "imu/gait_foot/foot_frame.hpp"
#include "imu/gait_foot/gait_events.hpp"
#include "imu/gait_foot/gait_summary.hpp"
#include "imu/gait_foot/stride_parameters.hpp"
#include "imu/gait_foot/stride_segmentation.hpp"
#include "imu/gait_foot/stride_trajectory.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct FootGaitOptions {
  FootFrameOptions frame;
  StrideSegmentationOptions segmentation;
  EventDetectionOptions events;
  TrajectoryOptions trajectory;
  double turn_threshold_deg = 20.0;        ///< |heading change| above which a stride is a turn
  bool exclude_turns_from_summary = true;  ///< summaries describe straight walking
};

/// One foot's results. Sample indices refer to that foot's recording.
struct FootGaitFoot {
  FootSide side = FootSide::kLeft;
  std::string sensor_name;
  double rate_hz = 0.0;
  Quat sensor_to_fsf = Quat::Identity();
  std::vector<StrideBorder> segmented_strides;
  std::vector<SegmentedStrideEvents> segmented_events;  ///< consistent segmented strides with events
  std::vector<FootStride> strides;                      ///< min_vel strides with parameters
  std::size_t n_rejected = 0;                           ///< min_vel strides whose trajectory failed
  FootGaitSummary summary;
};

struct FootGaitResult {
  std::vector<FootGaitFoot> feet;
  std::optional<GaitAsymmetry> asymmetry;  ///< when both feet have strides
  std::vector<std::string> warnings;
};

/// Explicit foot recordings (either may be null, not both).
struct FootRecordings {
  const ImuRecording* left = nullptr;
  const ImuRecording* right = nullptr;
};

/// Pipeline on signals already in the FSF (no frame step or check); `t0_s` is the time of sample 0.
/// Errors only for invalid options.
Result<FootGaitFoot> analyse_foot_signals(const FootSignals& signals, double t0_s,
                                          const FootGaitOptions& options);

/// One foot from its recording (frame step included; with FootMounting::kEstimate the half-turn ambiguity
/// is settled by taking the alignment whose strides move the foot toward its toe).
Result<FootGaitFoot> analyse_foot_recording(const ImuRecording& rec, FootSide side,
                                            const FootGaitOptions& options);

Result<FootGaitResult> analyse_foot_gait(const FootRecordings& feet, const FootGaitOptions& options);
Result<FootGaitResult> analyse_foot_gait(const ImuSession& session, const FootGaitOptions& options);

/// Stable JSON (schema "physiokit.imu_gait_foot/1", documented in docs/metrics/imu-gait-foot.md).
nlohmann::json foot_gait_to_json(const FootGaitResult& result);

}  // namespace physio::imu
