#pragma once
/// Lower-back body frame: the signals the gait stages consume, extracted from a sensor recording.
///
/// Frame (Mobilise-D / mobgap convention, docs/metrics/imu-gait-lowback.md): a sensor on the lower back
/// (around L5) with
///   x = inferior -> superior (vertical, "IS"; +9.81 m/s^2 at upright rest),
///   y = medio-lateral ("ML", documented by mobgap as pointing to the right),
///   z = posterior -> anterior (forward, "PA").
/// A sensor mounted differently is mapped into this frame by `sensor_to_body` (rows = the body axes
/// expressed in sensor coordinates), v_body = sensor_to_body * v_sensor.
///
/// Contract: compute_body_frame
///   inputs : ImuRecording with acc [n, 3] m/s^2 (gyr [n, 3] rad/s optional), a proper rotation matrix.
///   outputs: BodyFrame: |acc| for every sample [n] (the GSD input) and the gravity direction model:
///            1 s block means of body-frame acc low-passed at 0.25 Hz (zero phase) [n_blocks, 3]; tilt_deg =
///            mean angle between body x and that direction. Nothing else is stored at full length (24 h at
///            100 Hz must fit comfortably: the stages work on segments, see extract_body_segment).
///   errors : kInvalidArgument for a non-rotation `sensor_to_body`; kMissingData for an empty recording.
///
/// Contract: extract_body_segment
///   inputs : the recording and its BodyFrame, a sample range [start, end) (clipped to the recording).
///   outputs: BodyFrameSegment channels [end - start]: body-frame acc_is, gyr_is, gyr_pa (gyr empty without
///            gyroscope); acc_vertical = acc projected on the gravity direction interpolated linearly between
///            block centres, minus its segment mean; gyr_vertical = angular rate about that (upward)
///            direction, positive counter-clockwise seen from above (a left turn). Reuses the vectors'
///            capacity.

#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "core/error.hpp"
#include "imu/types.hpp"

namespace physio::imu {

struct BodyFrame {
  double rate_hz = 0.0;
  Eigen::Matrix3d sensor_to_body = Eigen::Matrix3d::Identity();
  std::size_t block = 1;         ///< samples per gravity block (about 1 s)
  std::vector<double> gravity;   // [n_blocks, 3] unit-free, low-passed block means of body acc
  std::vector<double> acc_norm;  // [n] m/s^2
  double tilt_deg = 0.0;
};

struct BodyFrameSegment {
  std::vector<double> acc_is;        // [m] m/s^2, body x (includes gravity)
  std::vector<double> acc_vertical;  // [m] m/s^2 along the estimated vertical, segment mean removed
  std::vector<double> gyr_is;        // [m] rad/s about body x ("yaw"); empty without gyroscope
  std::vector<double> gyr_pa;        // [m] rad/s about body z ("roll")
  std::vector<double> gyr_vertical;  // [m] rad/s about the estimated vertical
};

Result<BodyFrame> compute_body_frame(const ImuRecording& rec, const Eigen::Matrix3d& sensor_to_body);

void extract_body_segment(const ImuRecording& rec, const BodyFrame& frame, std::size_t start, std::size_t end,
                          BodyFrameSegment& out);

}  // namespace physio::imu
