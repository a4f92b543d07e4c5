#pragma once
/// Decoding frames from files through FFmpeg's libraries (libavformat, libavcodec, libswscale): still
/// images (PNG, JPEG, BMP, ... through FFmpeg's image2 demuxer) and the first video stream of a container.
/// All FFmpeg code of the pose module lives behind this header, so a video reader adds no FFmpeg types
/// to other files.
///
/// Stage contract
///   input:   a file path. The best video stream is opened with its default decoder.
///   output:  frames converted to RGB8 (`Image`) in decode order, each with its presentation time in
///            microseconds from the stream's time base (0 when the file carries none) and the stream's
///            display rotation (clockwise degrees) in `rotation_deg`; pixels are NOT rotated here.
///   errors:  kNotFound (no such file), kUnsupported (no video stream, no decoder for the codec), kCorrupt
///            (the demuxer or decoder rejects the data), kOutOfRange (a frame larger than kMaxImageSide);
///            every message names the file. `load_image` fails with kCorrupt when the file yields no frame.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "pose/pipeline/image.hpp"

namespace physio::pose {

class FrameDecoder {
 public:
  ~FrameDecoder();
  FrameDecoder(const FrameDecoder&) = delete;
  FrameDecoder& operator=(const FrameDecoder&) = delete;

  /// Opens `path` and prepares the decoder of its best video stream. `decoder_threads`: FFmpeg's
  /// decoding threads (1 = the calling thread only, 0 = FFmpeg chooses); negative is kInvalidArgument.
  static Result<std::unique_ptr<FrameDecoder>> open(const std::filesystem::path& path,
                                                    int decoder_threads = 1);

  /// Bounds on opening a file someone else sent: the containers FFmpeg may read it as, how much of it
  /// the probe may read and how long opening may take. FFmpeg otherwise tries every demuxer it has
  /// (game-music formats through libgme among them, one of which inflates a 2 MiB file to gigabytes).
  struct OpenLimits {
    /// FFmpeg demuxer names, comma separated (FFmpeg's `format_whitelist`); a file that probes as
    /// another format is kUnsupported before its demuxer reads more than the probe's bytes.
    std::string formats;
    std::int64_t probe_bytes = 0;       ///< FFmpeg's `probesize`; 0 = FFmpeg's default
    std::int64_t analyze_us = 0;        ///< FFmpeg's `analyzeduration`; 0 = FFmpeg's default
    std::chrono::milliseconds time{0};  ///< wall time for opening and reading stream information; 0 = none
  };
  /// Same, within `limits`; kUnsupported when the file is not one of `limits.formats`, kCorrupt when
  /// opening takes longer than `limits.time`.
  static Result<std::unique_ptr<FrameDecoder>> open(const std::filesystem::path& path, int decoder_threads,
                                                    const OpenLimits& limits);

  struct DeviceOptions {
    std::string video_size;  ///< e.g. "1280x720"; empty = the device's default
    int frame_rate = 0;      ///< frames/s; 0 = the device's default
  };
  /// Opens an FFmpeg input device (libavdevice): "v4l2" with a camera path such as /dev/video0, or
  /// "lavfi" with a filter graph (a synthetic source, for tests). Frame times count from the first frame.
  /// Errors: kUnsupported when FFmpeg lacks the device, kIo when it cannot be opened (busy, no access).
  static Result<std::unique_ptr<FrameDecoder>> open_device(const std::string& device_format,
                                                           const std::string& url,
                                                           const DeviceOptions& options);

  /// The next frame, or nullopt at the end of the stream.
  Result<std::optional<Image>> next_frame();
  /// Same, decoding into `frame` and reusing its buffer when it is large enough (no allocation per
  /// frame in a decode loop). Returns false at the end of the stream (`frame` is then unchanged).
  Result<bool> next_frame_into(Image& frame);

  /// Coded frame size and the stream's display rotation (clockwise degrees).
  int width() const;
  /// Empty while the stream is whole; once a file cut short has ended early (frames had been decoded
  /// when reading or decoding failed), what failed. The frames before it are returned normally.
  const std::string& truncation() const;
  int height() const;
  int rotation_deg() const;

 private:
  struct State;
  explicit FrameDecoder(std::unique_ptr<State> state);
  static Result<std::unique_ptr<FrameDecoder>> finish_open(std::unique_ptr<State> state, int decoder_threads);
  static Result<std::unique_ptr<FrameDecoder>> open_file(const std::filesystem::path& path,
                                                         int decoder_threads, const OpenLimits* limits);
  std::unique_ptr<State> state_;
};

/// The containers a clinic's cameras and phones write (MP4/MOV, WebM/Matroska, AVI), as FFmpeg's demuxer
/// names, with the probe bounded to FFmpeg's default 5 MB and 5 s of media and opening to 5 s of wall
/// time: the limits for a video uploaded to the clinic.
FrameDecoder::OpenLimits upload_video_limits();

/// Decodes the first frame of an image file (PNG, JPEG, ...). Errors carry the path as context.
Result<Image> load_image(const std::filesystem::path& path);

}  // namespace physio::pose
