#pragma once
/// Lower-back IMU gait analysis, Mobilise-D style: the whole pipeline from one recording to walking bouts.
///
/// Contract: analyse_lowback_gait
///   inputs : an ImuRecording of a sensor on the lower back (around L5) with uniform times at rate_hz >= 20,
///            acc [n, 3] m/s^2 and gyr [n, 3] rad/s in the sensor frame; options (below).
///   stages : body_frame (frame, gravity) -> gait_sequences (GSD; or gait_sequences_iluz) -> per
///            sequence: initial_contacts (ICD), laterality (L/R), turns; then on the sequence cut to its
///            first and last IC: cadence_contacts (step times), step_length (Zijlstra), both to robust
///            per-second series (step_to_second), speed = cadence x stride length / 120 -> walking_bouts
///            (strides from the ICs, their values the per-second means over each stride, Kluge rules) ->
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
///            the recording (GsdIluz: two more doubles per sample and a 201-tap FIR pass).

#include <optional>

#include <Eigen/Core>

#include "core/error.hpp"
#include "imu/gait_lowback/cadence_contacts.hpp"
#include "imu/gait_lowback/gait_sequences.hpp"
#include "imu/gait_lowback/gait_sequences_iluz.hpp"
#include "imu/gait_lowback/gait_types.hpp"
#include "imu/gait_lowback/initial_contacts.hpp"
#include "imu/gait_lowback/laterality.hpp"
#include "imu/gait_lowback/step_length.hpp"
#include "imu/gait_lowback/step_to_second.hpp"
#include "imu/gait_lowback/turns.hpp"
#include "imu/gait_lowback/walking_bouts.hpp"
#include "imu/types.hpp"

namespace physio::imu {

/// Which gait sequence detector runs first.
enum class GsdAlgorithm {
  kIonescu,  ///< gait_sequences.hpp (mobgap GsdIonescu)
  kIluz,     ///< gait_sequences_iluz.hpp (mobgap GsdIluz)
};

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
  /// Gait sequence detector: GsdIonescu (default; the GSD of mobgap's pipeline for impaired gait, robust on
  /// 24 h recordings) or GsdIluz (the GSD of mobgap's pipeline for healthy and mildly impaired gait).
  GsdAlgorithm gsd_algorithm = GsdAlgorithm::kIonescu;
  GsdOptions gsd;
  GsdIluzOptions gsd_iluz;
  IcdOptions icd;
  LateralityOptions laterality;
  StepLengthOptions step_length;
  /// Contacts whose step times give the cadence: the Shin-improved detector, as the official Mobilise-D
  /// pipeline for healthy and mildly impaired gait (mobgap MobilisedPipelineHealthy), or the ICD's own
  /// contacts (mobgap CadFromIc).
  CadenceSource cadence_source = CadenceSource::kShinImproved;
  CadenceContactOptions cadence_contacts;
  /// Per-step to per-second conversion of step time and step length (step_to_second.hpp).
  PerSecondOptions per_second;
  TurnOptions turns;
  WalkingBoutRules bouts;
};

Result<LowBackGaitResult> analyse_lowback_gait(const ImuRecording& rec, const LowBackGaitOptions& options);

/// Stages 3-4 only, on given gait sequences (e.g. reference walking bouts): ICs with sides, the raw step
/// lengths between consecutive ICs (NaN across sequences or without sensor height), the cadence contacts and
/// the per-second series of each sequence. Used by the pipeline and by parity tests against the Mobilise-D
/// MATLAB ICD. Errors as analyse_lowback_gait.
struct ContactsAndSteps {
  std::vector<InitialContact> initial_contacts;
  std::vector<double> step_length_m;        // [n_ic]; entry k = step from IC k to IC k + 1
  std::vector<double> cadence_contact_t_s;  // [n] contacts used for cadence (Shin-improved), recording s
  std::vector<SequenceSeconds> seconds;     // one per gait sequence with >= 2 ICs, in sequence order
};
Result<ContactsAndSteps> detect_contacts_in_sequences(const ImuRecording& rec,
                                                      std::span<const GaitSequence> sequences,
                                                      const LowBackGaitOptions& options);

}  // namespace physio::imu
