#pragma once
/// What a video file says about itself before decoding: frame rate, duration and frame count, so a
/// progress bar can show an ETA and an overlay video can keep the source's frame rate.
///
/// Stage contract
///   input:   a file path FFmpeg can open (video or still image).
///   output:  VideoInfo of the best video stream: coded size, display rotation (clockwise degrees),
///            average frame rate (0 when unknown), duration in seconds (0 when unknown) and the frame
///            count: the container's count when stored, else duration x rate rounded, else 0 (unknown).
///            The count is an estimate for progress only, never used to stop reading.
///   errors:  kNotFound (no such file), kCorrupt (FFmpeg cannot open it), kUnsupported (no video stream);
///            messages name the file.

#include <cstdint>
#include <filesystem>

#include "core/error.hpp"

namespace physio::pose {

struct VideoInfo {
  int width = 0;
  int height = 0;
  int rotation_deg = 0;
  /// Average frame rate as a fraction (0/1 when unknown).
  int rate_num = 0;
  int rate_den = 1;
  double duration_s = 0.0;
  std::int64_t frame_count = 0;  ///< estimate; 0 = unknown
  const char* codec_name = "";   ///< FFmpeg's short name of the codec (static string)

  double rate_hz() const {
    return rate_num > 0 && rate_den > 0 ? static_cast<double>(rate_num) / static_cast<double>(rate_den) : 0.0;
  }
};

Result<VideoInfo> probe_video(const std::filesystem::path& path);

}  // namespace physio::pose
