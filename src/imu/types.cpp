#include "imu/types.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace physio::imu {

std::string_view foot_side_name(FootSide s) {
  switch (s) {
    case FootSide::kLeft:
      return "left";
    case FootSide::kRight:
      return "right";
    case FootSide::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view placement_name(Placement p) {
  switch (p) {
    case Placement::kLowerBack:
      return "lower_back";
    case Placement::kLeftFoot:
      return "left_foot";
    case Placement::kRightFoot:
      return "right_foot";
    case Placement::kThigh:
      return "thigh";
    case Placement::kShank:
      return "shank";
    case Placement::kWrist:
      return "wrist";
    case Placement::kUnknown:
      break;
  }
  return "unknown";
}

Placement placement_from_name(std::string_view name, bool feet) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](std::string_view w) { return s.find(w) != std::string::npos; };
  if (has("lower_back") || has("lowerback") || has("lumbar") || has("pelvis")) return Placement::kLowerBack;
  if (has("wrist")) return Placement::kWrist;
  if (has("thigh")) return Placement::kThigh;
  if (has("shank") || has("tibia")) return Placement::kShank;
  const bool foot = feet || has("foot") || has("shoe");
  if (foot && has("left")) return Placement::kLeftFoot;
  if (foot && has("right")) return Placement::kRightFoot;
  return Placement::kUnknown;
}

std::string_view acc_unit_name(AccUnit u) {
  switch (u) {
    case AccUnit::kG:
      return "g";
    case AccUnit::kMps2:
      return "m/s^2";
    case AccUnit::kAuto:
      break;
  }
  return "auto";
}

std::string_view gyr_unit_name(GyrUnit u) {
  switch (u) {
    case GyrUnit::kDegPerS:
      return "deg/s";
    case GyrUnit::kRadPerS:
      return "rad/s";
    case GyrUnit::kAuto:
      break;
  }
  return "auto";
}

double ImuRecording::duration_s() const {
  if (t_us.size() < 2) return 0.0;
  return us_to_seconds(t_us.back() - t_us.front());
}

}  // namespace physio::imu
