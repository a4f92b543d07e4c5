#pragma once
/// Lower-back IMU gait analysis, Mobilise-D style: the whole pipeline from one recording to walking bouts.
///
/// Contract: analyse_lowback_gait
///   inputs : an ImuRecording of a sensor on the lower back (around L5) with uniform times at rate_hz >= 20,
///            acc [n, 3] m/s^2 and gyr [n, 3] rad/s in the sensor frame; options (below).
///   stages : body_frame (frame, gravity) -> gait_sequences (GSD) -> per sequence: initial_contacts (ICD),
///            laterality (L/R), step_length (Zijlstra), turns -> walking_bouts (strides, Kluge rules) ->
///            regularity per bout -> per-second series -> aggregates. Each stage's header has its contract.
///   outputs: LowBackGaitResult (gait_types.hpp); times in s from the first sample.
///   warnings (in the result, never fatal): placement declared but not lower back; body x axis far from
///            vertical (mounting); no sensor height (lengths and speeds NaN); no gyroscope when allowed
///            (sides "unknown", no turns); no gait found.
///   errors : kMissingData when the recording is empty, shorter than min_duration_s, or has no
///            gyroscope while require_gyroscope; kInvalidArgument for NaN/inf samples (naming the sample and
///            channel), a rate below 20 Hz, inconsistent channel lengths, a sensor height outside (0.3, 2.0)
///            m, or invalid stage options or walking bout rules. Never throws on user input.
///   cost   : O(n) time; one double per sample (|acc|) plus gait-sequence-sized buffers besides
///            the recording.

#include <optional>

#include <Eigen/Core>

#include "core/error.hpp"
#include "imu/gait_lowback/gait_sequences.hpp"
#include "imu/gait_lowback/gait_types.hpp"
#include "imu/gait_lowback/initial_contacts.hpp"
#include "imu/gait_lowback/laterality.hpp"
#include "imu/gait_lowback/step_length.hpp"
#include "imu/gait_lowback/turns.hpp"
#include "imu/gait_lowback/walking_bouts.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct LowBackGaitOptions {
  /// Height of the sensor above the ground (m), the pendulum length of the Zijlstra model. Required for
  /// stride length and walking speed; without it those are NaN and a warning is added.
  std::optional<double> sensor_height_m;
  /// Rows = body axes (x up, y medio-lateral, z forward) in sensor coordinates; identity for the mobgap /
  /// McRoberts lower-back convention.
  Eigen::Matrix3d sensor_to_body = Eigen::Matrix3d::Identity();
  /// Error (true) or warn and continue without laterality and turns (false) when there is no gyroscope.
  bool require_gyroscope = true;
  /// Shorter recordings are rejected: a walking bout needs >= 4 strides.
  double min_duration_s = 5.0;
  /// Warn when the body x axis is further than this from the estimated vertical.
  double max_tilt_deg = 35.0;
  GsdOptions gsd;
  IcdOptions icd;
  LateralityOptions laterality;
  StepLengthOptions step_length;
  TurnOptions turns;
  WalkingBoutRules bouts;
};

Result<LowBackGaitResult> analyse_lowback_gait(const ImuRecording& rec, const LowBackGaitOptions& options);

/// Stages 3-4 only, on given gait sequences (e.g. reference walking bouts): ICs with sides and the step
/// lengths between consecutive ICs (NaN across sequences or without sensor height). Used by the pipeline
/// and by parity tests against the Mobilise-D MATLAB ICD. Errors as analyse_lowback_gait.
struct ContactsAndSteps {
  std::vector<InitialContact> initial_contacts;
  std::vector<double> step_length_m;  // [n_ic]; entry k = step from IC k to IC k + 1
};
Result<ContactsAndSteps> detect_contacts_in_sequences(const ImuRecording& rec,
                                                      std::span<const GaitSequence> sequences,
                                                      const LowBackGaitOptions& options);

}  // namespace physio::imu
