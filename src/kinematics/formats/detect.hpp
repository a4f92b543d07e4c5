#pragma once
/// Recognising a landmark file's format from its content (the extension is only a hint).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace physio::kin {

enum class LandmarkFormat : std::uint8_t {
  kUnknown,
  kTrc,            ///< OpenSim marker file: first line "PathFileType"
  kMot,            ///< OpenSim .mot/.sto (joint angles, not landmarks): an "endheader" line
  kPhysioJson,     ///< {"format": "physio-landmarks", ...}
  kPhysioCsv,      ///< "# physio-landmarks" line or a "frame,t_s," header
  kMediapipeJson,  ///< frames with "poseLandmarks" / "poseWorldLandmarks"
  kCocoJson,       ///< "annotations" (or a list) with "keypoints"
  kOpenPose,       ///< {"people": [{"pose_keypoints_2d": ...}]}, or a folder of them
  kPhysioBin,      ///< our binary container (.plmk): starts with the PHYSLMK magic
};

/// "trc", "mot", "physio-json", "physio-csv", "physio-bin", "mediapipe-json", "coco", "openpose",
/// "unknown".
std::string_view landmark_format_name(LandmarkFormat f);

/// The format of text in memory. JSON is parsed to tell its dialects apart.
LandmarkFormat detect_format(std::string_view content);
/// The format of a file or folder (a folder is an OpenPose folder).
Result<LandmarkFormat> detect_file_format(const std::filesystem::path& path,
                                          std::size_t max_bytes = kMaxTextFileBytes);
/// The format an output extension asks for: .trc, .json (physio JSON), .csv (physio CSV), .plmk (physio
/// binary); nullopt otherwise.
std::optional<LandmarkFormat> format_for_extension(const std::filesystem::path& path);

}  // namespace physio::kin
