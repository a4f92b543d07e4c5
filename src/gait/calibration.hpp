#pragma once
/// A camera calibration in the Pose2Sim TOML format (the file Sports2D and Pose2Sim write), and the
/// floor point seen at an image pixel.
///
/// Contract: parse_calibration
///   inputs : the TOML text of a Pose2Sim calibration: one table per camera with `size` [w, h] (pixels),
///            `matrix` (3x3 intrinsics), `distortions` [k1, k2, p1, p2], `rotation` (Rodrigues vector,
///            world -> camera) and `translation` (metres); other tables (`[metadata]`) are ignored.
///   outputs: the first camera's calibration.
///   errors : kParse naming the line and the key for a malformed value; kMissingData for a missing key;
///            kUnsupported for a fisheye camera; kInvalidArgument when the floor (world Z = 0, Z up, the
///            Pose2Sim convention) is not below the camera.
///
/// Contract: floor_point
///   inputs : a pixel (u, v) of an image of the calibration's size.
///   outputs: the point of the floor plane Z = 0 (metres, world axes) that the pixel's ray meets; lens
///            distortion is undone first (OpenCV's radial-tangential model, fixed-point iteration).
///   errors : kOutOfRange when the ray does not go down to the floor (a pixel above the horizon).

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::gait {

struct CameraCalibration {
  std::string name;                 ///< the camera table's name
  int width_px = 0, height_px = 0;  ///< image size the calibration is for
  double fx = 0, fy = 0, cx = 0, cy = 0;
  std::array<double, 4> distortion{};  ///< k1, k2, p1, p2
  std::array<double, 9> r{};           ///< world -> camera rotation, row-major
  std::array<double, 3> t{};           ///< world -> camera translation, metres
  std::array<double, 3> centre_m{};    ///< camera centre in world coordinates, metres
};

Result<CameraCalibration> parse_calibration(std::string_view text, std::string_view name);
Result<CameraCalibration> load_calibration(const std::filesystem::path& path);

/// World point (x, y, z = 0), metres, of the floor seen at pixel (u, v).
Result<std::array<double, 3>> floor_point(const CameraCalibration& cal, double u, double v);

}  // namespace physio::gait
