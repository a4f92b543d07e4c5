#pragma once
/// Writing frames: an overlay video through libavformat/libavcodec, or a single PNG.
///
/// Stage contract
///   VideoWriter
///     input:   RGB8 frames (`Image`, rotation 0) of the size given at open, with increasing timestamps.
///     output:  a video in the container the path's extension names (.mp4, .mkv, .mov, .avi): H.264 through
///              libx264 when FFmpeg has it (preset veryfast, CRF 20), else MPEG-4 Part 2 (qscale 3);
///              yuv420p (an odd width or height loses its last column/row, as 4:2:0 needs even sizes).
///              Time base 1/fps; each frame's pts is its timestamp rounded to that base (bumped by one
///              when rounding would repeat the previous pts), so a constant-rate source keeps its rate and
///              timestamps.
///     atomic:  frames go to a hidden temporary file beside the target, renamed over it by `finish()`;
///              a writer destroyed without finish() (an error, no person found) removes it.
///   save_png:  one RGB8 image as PNG (FFmpeg's encoder), written atomically.
///   errors:    kInvalidArgument (size, rate, a frame of another size), kUnsupported (no encoder or
///              container for the extension), kIo (cannot create/rename the file), naming the path.

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "pose/pipeline/image.hpp"

namespace physio::pose {

struct VideoWriterOptions {
  /// Frame rate as a fraction; 0/1 means 30 fps.
  int rate_num = 30;
  int rate_den = 1;
  /// Encoder name ("libx264", "mpeg4", ...); empty chooses libx264, else mpeg4.
  std::string encoder;
  /// Encoder threads (0 = FFmpeg chooses).
  int threads = 0;
};

class VideoWriter {
 public:
  ~VideoWriter();
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  static Result<std::unique_ptr<VideoWriter>> open(const std::filesystem::path& path, int width, int height,
                                                   const VideoWriterOptions& options = {});

  Status write(const Image& frame);
  /// Flushes the encoder, writes the trailer and moves the file into place.
  Status finish();

  /// The encoder in use ("libx264" or "mpeg4").
  const std::string& encoder_name() const;
  std::int64_t frames_written() const;

 private:
  struct State;
  explicit VideoWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

Status save_png(const Image& image, const std::filesystem::path& path);

/// Checks, before any work, that FFmpeg has a container for the path's extension (kUnsupported otherwise).
Status check_video_path(const std::filesystem::path& path);

}  // namespace physio::pose
