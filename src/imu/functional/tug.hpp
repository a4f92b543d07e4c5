#pragma once
/// Instrumented Timed Up and Go (iTUG) from one IMU (acc + gyro) on the lower back: total time and the
/// phases of Salarian et al., "iTUG, a sensitive and reliable measure of mobility", IEEE TNSRE 18(3):303,
/// 2010 (sit-to-stand, walk out, turn, walk back, turn-to-sit, stand-to-sit).
///
/// Contract: compute_tug
///   inputs : an ImuRecording with acc [n, 3] m/s^2 and gyr [n, 3] rad/s covering the whole test, starting
///            and ending seated and still (>= rest_s of stillness is not required but improves onset).
///   method : 1. Orientation (compute_orientation, offline 6D) -> yaw rate = earth-vertical component of
///               the angular velocity, and trunk tilt = angle between the sensor's current "up" and its
///               "up" while upright (median gravity direction over the test, dominated by standing and
///               walking). Both low-passed (zero phase, tilt_lowpass_hz / yaw_lowpass_hz).
///            2. Turns: runs of |yaw rate| > turn_rate_dps, each extended while |yaw rate| > turn_edge_dps,
///               merged when closer than turn_merge_s; a run is a turn when |integrated yaw| >=
///               min_turn_deg (Salarian 2010 / El-Gohary 2014 use 15 deg/s and 45 deg). The first turn is
///               the mid-walk turn; the last (if later) is the turn-to-sit.
///            3. Movement onset / end: first / last sample where the low-passed |angular velocity| exceeds
///               motion_rps.
///            4. Sit-to-stand: trunk flexion lobe after onset (signed tilt > flexion_deg); it ends when,
///               after the fastest extension, the tilt rate is back within settle_dps. Stand-to-sit: the
///               last flexion lobe after the turn; it starts at the last sample before its fastest flexion
///               where the tilt rate was within settle_dps, and ends at movement end.
///            5. Phases: sit_to_stand [onset, sts_end]; walk_out [sts_end, turn1 start]; turn [turn1];
///               walk_back [turn1 end, turn2 start]; turn_to_sit [turn2 start, stand-to-sit start];
///               stand_to_sit [stand-to-sit start, end]. total = end - onset.
///   outputs: TugResult (times in recording seconds; durations in s; turn angles in deg).
///   errors : kMissingData without gyro, for fewer than min_duration_s, or when a phase is not found
///            (no flexion lobe, fewer than 2 turns) with the phase named; kInvalidArgument for NaN/inf.
///   limits : the stopwatch TUG starts at "go" and ends when the back touches the chair; onset here is the
///            first trunk motion (reaction time excluded) and the end is the end of trunk motion. Turns
///            shorter than min_turn_deg (shuffling turns split by pauses) may be missed.

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct TugOptions {
  double motion_rps = 0.25;     ///< |angular velocity| marking trunk motion (about 14 deg/s)
  double flexion_deg = 15.0;    ///< trunk tilt from upright that marks a sit-to-stand / stand-to-sit lobe
  double settle_dps = 10.0;     ///< tilt rate below which a transfer's trunk motion has settled
  double turn_rate_dps = 15.0;  ///< yaw rate that marks a turn (Salarian 2010)
  double turn_edge_dps = 5.0;   ///< turn boundaries: yaw rate drops below this
  double turn_merge_s = 0.3;    ///< turns closer than this are one turn
  double min_turn_deg = 45.0;   ///< smallest turn counted
  double tilt_lowpass_hz = 1.5;
  double yaw_lowpass_hz = 1.5;
  double min_duration_s = 4.0;
};

struct TugPhase {
  double start_s = 0.0;
  double end_s = 0.0;
  double duration_s() const { return end_s - start_s; }
};

struct TugResult {
  double total_s = 0.0;
  TugPhase sit_to_stand, walk_out, turn, walk_back, turn_to_sit, stand_to_sit;
  double turn_angle_deg = 0.0;  ///< signed, + counter-clockwise seen from above
  double turn_to_sit_angle_deg = 0.0;
  double turn_peak_rate_dps = 0.0;
  double sts_peak_tilt_deg = 0.0;  ///< peak trunk flexion during sit-to-stand
};

Result<TugResult> compute_tug(const ImuRecording& rec, const TugOptions& options);

nlohmann::json tug_to_json(const TugResult& r);

}  // namespace physio::imu
