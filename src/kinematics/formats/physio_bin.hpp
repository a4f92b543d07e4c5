#pragma once
/// Our compact binary landmark container (`.plmk`), for long recordings where text parsing would dominate
/// (one hour of BlazePose-33 at 30 fps is 113 MB of CSV but 57 MB here, read at memory speed).
///
/// Layout (all integers and floats little-endian; documented in docs/formats/landmarks.md):
///   bytes 0-7     magic "PHYSLMK\x1a"
///   bytes 8-11    u32 version (1)
///   bytes 12-15   u32 header length H in bytes
///   16 .. 16+H    header: UTF-8 JSON object {"format": "physio-landmarks-bin", "version": 1, "skeleton",
///                 "landmark_names", "space", "image_width", "image_height", "up_axis", "n_frames",
///                 "has_world", "world_up_axis"}
///   then zero padding to a multiple of 8 bytes, then the payload:
///     t_us        int64[n_frames]
///     landmarks   float32[n_frames][n_landmarks][4]   (x, y, z, visibility; NaN = missing)
///     world       float32[n_frames][n_landmarks][4]   (only when "has_world")
///   and a 16-byte trailer: two u64 of a Fletcher-style checksum over the payload's 64-bit words
///   (a += w, b += a), so truncation, reordering and corruption are detected.
///
/// Reading checks the file size against the header before allocating anything (a header that claims
/// 2 GB in a 1 KB file is an error, not an allocation), the checksum, strictly increasing times and
/// finite-or-NaN values; errors name the file and the frame/landmark.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

/// The magic bytes that start every `.plmk` file.
inline constexpr std::string_view kPhysioBinMagic{"PHYSLMK\x1a", 8};

/// True when `content` starts with the `.plmk` magic.
bool is_physio_bin(std::string_view content);

/// Parses a whole `.plmk` file held in memory; `name` labels errors.
Result<LandmarkFile> parse_physio_bin(std::string_view content, std::string_view name,
                                      const LoadOptions& opts = {});
/// Reads a `.plmk` file straight into the sequence's buffers (no intermediate copy).
Result<LandmarkFile> load_physio_bin(const std::filesystem::path& path, const LoadOptions& opts = {});

/// The file's bytes; `world` (same frames and landmarks, 3D) is stored when given.
Result<std::string> format_physio_bin(const LandmarkSequence& seq, const LandmarkSequence* world = nullptr);
/// Writes atomically.
Status save_physio_bin(const LandmarkSequence& seq, const std::filesystem::path& path,
                       const LandmarkSequence* world = nullptr);

}  // namespace physio::kin
