#pragma once
/// Stage 1 of foot gait analysis: from the sensor's own axes to the gaitmap Foot Sensor Frame (FSF) and
/// the per-foot sagittal signals the event detectors read.
///
/// Frames (gaitmap "coordinate systems" conventions):
///   - FSF, the same for both feet: x forward (heel to toe), y to the LEFT, z up; right-handed, gyro by
///     the right-hand rule. At rest acc reads about (0, 0, +9.81) when the foot is flat.
///   - Foot Body Frame (FBF) signals used by the event detection, mirrored per foot as gaitmap does:
///       gyr_ml = -gyr_y (both feet; positive while the toe rises during swing),
///       acc_pa = +acc_x (both feet).
///     The other FBF channels are not needed here (see docs/metrics/imu-gait-foot.md for the full mapping).
///
/// Contract: to_foot_sensor_frame
///   inputs : an `ImuRecording` (acc m/s^2, gyr rad/s, uniform at rate_hz), the foot it is worn on, and
///            `FootFrameOptions`: either a mounting rotation (sensor -> FSF), or "estimate", or neither
///            (the data are taken to be in the FSF already, as gaitmap's example files are).
///   outputs: `FootSignals` (acc and gyr rotated into the FSF, [n, 3] each).
///   checks : at the quietest 10 % of 100 ms blocks (mid-stance and standing), the mean acceleration must
///            have a norm within 30 % of 9.81 m/s^2 (else: unit mix-up), lie within `max_gravity_tilt_deg` of
///            +z and within `max_gravity_roll_deg` of the x-z plane (the y axis must be about horizontal: a
///            sensor pitched about y on the shoe is harmless, as every later stage takes its orientation from
///            gravity at mid-stance), and the dominant gyro axis while moving (|w| > 57 deg/s) within
///            `max_ml_axis_deviation_deg` of the y axis; otherwise kInvalidArgument asks the user for the
///            placement / mounting (or alignment estimation).
///   errors : no gyroscope (kMissingData); fewer than `min_samples` samples, non-finite samples
///            (kInvalidArgument with the sample index); rate_hz <= 0.
///
/// Contract: estimate_foot_alignment
///   inputs : acc, gyr [n, 3] in the sensor's own frame, rate_hz.
///   outputs: a rotation sensor -> FSF *up to a half turn about z*: z from gravity in the quietest windows,
///            y along the principal axis of the horizontal gyro while moving (PCA; the foot turns mostly
///            about its medio-lateral axis), x = y cross z. Which way along y is "left" cannot be told from
///            rotations alone; `analyse_foot_recording` settles it by making the foot move toward its toe.
///   errors : no quiet window, no movement, degenerate axes (kInvalidArgument).

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "core/error.hpp"
#include "imu/quaternion_math.hpp"
#include "imu/types.hpp"

namespace physio::imu {

// FootSide (kLeft / kRight here; kUnknown is not used by foot sensors) is in imu/types.hpp.

/// How the sensor axes relate to the FSF.
enum class FootMounting {
  kFootSensorFrame,  ///< the data are already in the FSF (gaitmap example data)
  kRotation,         ///< apply `FootFrameOptions::sensor_to_fsf`
  kEstimate,         ///< estimate from gravity and the walking rotation axis
};

struct FootFrameOptions {
  FootMounting mounting = FootMounting::kFootSensorFrame;
  Quat sensor_to_fsf = Quat::Identity();    ///< used with kRotation: v_fsf = q * v_sensor
  double max_gravity_tilt_deg = 60.0;       ///< quiet-phase gravity must be this close to +z
  double max_gravity_roll_deg = 40.0;       ///< ... and this close to the x-z plane (y horizontal)
  double max_ml_axis_deviation_deg = 45.0;  ///< dominant moving gyro axis must be this close to y
  std::size_t min_samples = 0;              ///< shortest recording accepted; 0: 5 s worth of samples
};

/// One foot's signals in the FSF.
struct FootSignals {
  FootSide side = FootSide::kLeft;
  double rate_hz = 0.0;
  Samples3 acc_mps2;                      // [n, 3] FSF
  Samples3 gyr_rps;                       // [n, 3] FSF
  Quat sensor_to_fsf = Quat::Identity();  ///< rotation applied (identity for FSF input)
  std::size_t size() const { return static_cast<std::size_t>(acc_mps2.rows()); }
};

/// FBF medio-lateral gyro (rad/s) of FSF gyro, gaitmap mirroring. [n]
void fbf_gyr_ml(const Samples3& gyr_fsf, std::span<double> out);
/// FBF posterior-anterior acc (m/s^2) of FSF acc. [n]
void fbf_acc_pa(const Samples3& acc_fsf, std::span<double> out);

/// Rotates (or checks) one recording into the FSF; errors name the foot and the sensor.
Result<FootSignals> to_foot_sensor_frame(const ImuRecording& rec, FootSide side,
                                         const FootFrameOptions& options);

/// Sensor -> FSF up to a half turn about z (see contract).
Result<Quat> estimate_foot_alignment(const Samples3& acc_mps2, const Samples3& gyr_rps, double rate_hz);

/// Checks that `signals` look like FSF data (gravity near +z at rest, rotation mostly about y).
Status check_foot_frame(const FootSignals& signals, const FootFrameOptions& options, std::string_view label);

}  // namespace physio::imu
