#pragma once
/// Degrees per radian, for the angles the functional tests report in degrees.

#include <numbers>

namespace physio::imu {

inline constexpr double kRadToDeg = 180.0 / std::numbers::pi;

}  // namespace physio::imu
