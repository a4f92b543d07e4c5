#pragma once
/// OpenSim marker files (.trc), as written by Pose2Sim, OpenCap and motion-capture software.
///
/// Layout (tab-separated):
///   PathFileType  4  (X/Y/Z)  <file name>
///   DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  OrigNumFrames
///   60  60  100  21  m  60  0  100
///   Frame#  Time  RHip      RKnee ...      (one name per 3 columns)
///                 X1  Y1  Z1  X2  Y2  Z2 ...
///   1  0.0167  x  y  z  x  y  z ...
///
/// Reading: units m, cm or mm (converted to metres); space kWorldMetres, up_axis +Y; units px: space
/// kImagePixels. A file whose every Z is exactly 0 is a 2D recording (Sports2D writes its pixel TRC
/// labelled "m" with Z = 0): read as kImagePixels, with a warning saying how (read_planar_as_2d in
/// trc.cpp). Blank or "NaN"
/// cells are missing data (the whole marker becomes NaN in that frame); "inf" is an error. The skeleton
/// comes from the marker names (skeleton_from_names), or the built-in one they match exactly.
/// Every row must have 2 + 3 x NumMarkers columns; times must increase; NumFrames may not claim more
/// rows than the file holds. Errors read "reading <name>: line 7: expected 65 columns, got 64".
///
/// Writing: 3D sequences in metres, +Y up (sequences with another up axis are rotated so that their up
/// axis becomes +Y); pixel sequences as Units px, x and y as they are (y down), Z = 0. Missing values are
/// written as blank cells.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

/// Parses TRC text; `name` is used in messages and as the sequence's source.
Result<LandmarkFile> parse_trc(std::string_view content, std::string_view name, const LoadOptions& opts = {});
Result<LandmarkFile> load_trc(const std::filesystem::path& path, const LoadOptions& opts = {});

/// TRC text of a 3D sequence; `file_name` goes into the PathFileType line.
Result<std::string> format_trc(const LandmarkSequence& seq, std::string_view file_name = "");
/// Writes a TRC file atomically.
Status save_trc(const LandmarkSequence& seq, const std::filesystem::path& path);

}  // namespace physio::kin
