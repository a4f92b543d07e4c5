#pragma once
/// One reader for every pose input: a video file, a still image, a folder of images, a live camera.
///
/// Stage contract
///   input:   a path. A folder -> its image files (png, jpg, jpeg, bmp, webp, tif, tiff, ppm) in natural
///            name order (frame2 before frame10), times i / folder_rate_hz. A file with an image extension
///            -> one frame at t = 0. `/dev/video*` -> a live camera (FFmpeg's v4l2 input device, times
///            from its first frame, frame count unknown). Any other file -> a video through FFmpeg
///            (FrameDecoder), times from the stream, or i / video_rate_hz when that is set.
///   output:  upright RGB8 frames (`rotate_upright` applied, rotation_deg = 0), in order.
///   options: FrameSourceOptions (folder frame rate, FFmpeg decoder threads, camera size and rate).
///   errors:  kNotFound (no such file or folder, a folder without images, no camera device),
///            kIo (a camera that cannot be opened: busy, no permission), kInvalidArgument (a
///            folder rate <= 0, a video rate < 0), and the decoder's errors (kCorrupt, ...), each naming the
///            file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/image.hpp"
#include "pose/video/video_probe.hpp"

namespace physio::pose {

enum class SourceKind { kImage, kVideo, kImageFolder, kCamera };
std::string_view source_kind_name(SourceKind kind);

struct FrameSourceOptions {
  /// Frame rate given to a folder of images (frames per second).
  double folder_rate_hz = 30.0;
  /// A video's frames timed at i / video_rate_hz s instead of the stream's times (0: the stream's).
  /// MediaPipe's Python solution times every frame 33,333 us after the one before whatever the video's
  /// rate, and its One Euro filters depend on those times: a reference made that way is matched only
  /// with the same times.
  double video_rate_hz = 0.0;
  /// FFmpeg decoding threads for videos (1: the reading thread only; 0: FFmpeg chooses).
  int decoder_threads = 1;
  /// A video someone sent (an upload to the clinic): opened within `upload_video_limits()`, only as
  /// MP4/MOV, WebM/Matroska or AVI and with the probe bounded.
  bool uploaded = false;
  /// Live camera (/dev/video*, FFmpeg's v4l2 device): size ("1280x720") and rate; empty/0 = its default.
  std::string camera_size;
  int camera_rate = 0;
};

/// True for the still-image extensions above (case-insensitive).
bool has_image_extension(const std::filesystem::path& path);
/// True for common video container extensions (mp4, mov, avi, mkv, webm, m4v, mpg, mpeg, wmv, flv, 3gp, ts).
bool has_video_extension(const std::filesystem::path& path);
/// True for /dev/video* paths.
bool is_camera_path(const std::filesystem::path& path);

/// The image files of a folder in natural order; kNotFound when there are none.
Result<std::vector<std::filesystem::path>> list_image_folder(const std::filesystem::path& dir);

class FrameSource {
 public:
  static Result<std::unique_ptr<FrameSource>> open(const std::filesystem::path& path,
                                                   const FrameSourceOptions& options = {});

  /// The next upright frame, or nullopt at the end.
  Result<std::optional<Image>> next();
  /// Same, decoding into `image` and reusing its buffer when the size allows (no allocation per frame
  /// for videos). Returns false at the end.
  Result<bool> next_into(Image& image);

  SourceKind kind() const { return kind_; }
  const std::filesystem::path& path() const { return path_; }
  /// Frames expected (an estimate for videos; 0 = unknown).
  std::int64_t expected_frames() const { return expected_frames_; }
  /// Nominal frame rate as a fraction (0/1 when unknown, e.g. a still image).
  int rate_num() const { return rate_num_; }
  int rate_den() const { return rate_den_; }
  /// A video cut short: what failed after the frames returned (empty otherwise; read it at the end).
  std::string truncation() const { return decoder_ ? decoder_->truncation() : std::string(); }

 private:
  FrameSource() = default;
  void retime(Image& image);  // video_rate_hz applied to a decoded video frame

  SourceKind kind_ = SourceKind::kVideo;
  std::filesystem::path path_;
  FrameSourceOptions options_;
  std::unique_ptr<FrameDecoder> decoder_;
  std::vector<std::filesystem::path> files_;  // image or folder input
  std::size_t next_file_ = 0;
  std::int64_t next_video_frame_ = 0;  // video frames returned (for video_rate_hz)
  std::int64_t expected_frames_ = 0;
  int rate_num_ = 0;
  int rate_den_ = 1;
};

}  // namespace physio::pose
