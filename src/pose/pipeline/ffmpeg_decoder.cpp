#include "pose/pipeline/ffmpeg_decoder.hpp"

#include <dlfcn.h>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavdevice/version.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <fmt/format.h>

#include "core/file_io.hpp"
#include "pose/pipeline/ffmpeg_handles.hpp"
#include "pose/pipeline/jpeg_decode.hpp"

namespace physio::pose {
namespace {

using ffmpeg::av_error_text;
using ffmpeg::CodecCloser;
using ffmpeg::FormatCloser;
using ffmpeg::FrameCloser;
using ffmpeg::PacketCloser;
using ffmpeg::SwsCloser;

constexpr std::size_t kRowAlign = 64;
constexpr std::size_t kBufferSlack = 256;

// Clockwise display rotation of a stream, snapped to a multiple of 90 degrees (0 when absent).
int stream_rotation_deg(const AVStream* stream) {
  const std::uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (matrix == nullptr) return 0;
  const double ccw_deg = av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (std::isnan(ccw_deg)) return 0;
  const long quarter = std::lround(-ccw_deg / 90.0);
  return static_cast<int>(((quarter % 4) + 4) % 4) * 90;
}

// The YUV->RGB matrix of a frame: its own colour space, else the stream's (container or bitstream),
// as libswscale's SWS_CS_* constant. Unspecified falls back to BT.601, FFmpeg's own default.
int yuv_matrix(const AVFrame& f, const AVCodecContext& codec) {
  const AVColorSpace space = f.colorspace != AVCOL_SPC_UNSPECIFIED ? f.colorspace : codec.colorspace;
  switch (space) {
    case AVCOL_SPC_BT709:
      return SWS_CS_ITU709;
    case AVCOL_SPC_FCC:
      return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M:
      return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      return SWS_CS_BT2020;
    default:  // BT.470BG, SMPTE 170M (both BT.601), unspecified, others libswscale lacks
      return SWS_CS_ITU601;
  }
}

// Whether a YUV frame uses the full 0-255 range (JPEG) rather than the limited 16-235/240 one (MPEG,
// the default of video). The deprecated yuvj* formats are full range by definition.
bool yuv_full_range(const AVFrame& f, const AVCodecContext& codec) {
  const AVColorRange range = f.color_range != AVCOL_RANGE_UNSPECIFIED ? f.color_range : codec.color_range;
  if (range == AVCOL_RANGE_JPEG) return true;
  switch (static_cast<AVPixelFormat>(f.format)) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ411P:
      return true;
    default:
      return false;
  }
}

// True for YUV pixel formats (colour, not RGB, not gray, not palette), the ones a matrix applies to.
bool is_yuv(int format) {
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(format));
  if (desc == nullptr) return false;
  return desc->nb_components >= 3 && (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) == 0;
}

// FFmpeg's interrupt callback: non-zero stops a blocking read or the stream-information loop.
int past_deadline(void* opaque) {
  const auto* deadline = static_cast<const std::chrono::steady_clock::time_point*>(opaque);
  return std::chrono::steady_clock::now() > *deadline ? 1 : 0;
}

// "MP4/MOV, WebM/Matroska, AVI" for the upload list; other lists as FFmpeg names them.
std::string accepted_containers(const std::string& formats) {
  if (formats.find("mov") != std::string::npos && formats.find("matroska") != std::string::npos &&
      formats.find("avi") != std::string::npos)
    return "MP4 or MOV, WebM or Matroska, AVI";
  return formats;
}

}  // namespace

struct FrameDecoder::State {
  std::string path;
  std::unique_ptr<AVFormatContext, FormatCloser> format;
  std::unique_ptr<AVCodecContext, CodecCloser> codec;
  std::unique_ptr<AVFrame, FrameCloser> frame;
  std::unique_ptr<AVPacket, PacketCloser> packet;
  std::unique_ptr<SwsContext, SwsCloser> sws;
  int stream_index = -1;
  AVRational time_base{0, 1};
  int rotation_deg = 0;
  bool flushing = false;
  bool finished = false;
  std::int64_t frames_out = 0;  // frames returned so far
  std::string truncation;       // why the stream ended early, when it did
  int sws_w = 0, sws_h = 0, sws_fmt = -1;
  int sws_matrix = -1;       // SWS_CS_* the context converts with (YUV sources)
  bool sws_full = false;     // whether the context reads full-range YUV
  bool rebase_time = false;  // devices: times from the first frame (their clocks are absolute)
  std::int64_t first_pts = AV_NOPTS_VALUE;
  std::chrono::steady_clock::time_point deadline{};  // of opening, when limited (interrupt callback)
};

FrameDecoder::FrameDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
FrameDecoder::~FrameDecoder() = default;

int FrameDecoder::width() const {
  return state_->codec->width;
}
int FrameDecoder::height() const {
  return state_->codec->height;
}
const std::string& FrameDecoder::truncation() const {
  return state_->truncation;
}
int FrameDecoder::rotation_deg() const {
  return state_->rotation_deg;
}

Result<std::unique_ptr<FrameDecoder>> FrameDecoder::open(const std::filesystem::path& path,
                                                         int decoder_threads) {
  return open_file(path, decoder_threads, nullptr);
}

Result<std::unique_ptr<FrameDecoder>> FrameDecoder::open(const std::filesystem::path& path,
                                                         int decoder_threads, const OpenLimits& limits) {
  return open_file(path, decoder_threads, &limits);
}

FrameDecoder::OpenLimits upload_video_limits() {
  FrameDecoder::OpenLimits limits;
  // FFmpeg's names: "mov,mp4,m4a,3gp,3g2,mj2" is one demuxer, "matroska,webm" another.
  limits.formats = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi";
  limits.probe_bytes =
      5'000'000;                  // FFmpeg's default probesize, stated so a change of default cannot widen it
  limits.analyze_us = 5'000'000;  // FFmpeg's default analyzeduration (5 s of media)
  limits.time = std::chrono::seconds(5);
  return limits;
}

Result<std::unique_ptr<FrameDecoder>> FrameDecoder::open_file(const std::filesystem::path& path,
                                                              int decoder_threads, const OpenLimits* limits) {
  if (decoder_threads < 0) {
    return fail(ErrorCode::kInvalidArgument, "{}: decoder threads {} must be >= 0", path.string(),
                decoder_threads);
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return fail(ErrorCode::kNotFound, "{}: no such file", path.string());
  }
  av_log_set_level(AV_LOG_ERROR);
  auto state = std::make_unique<State>();
  state->path = path.string();

  AVFormatContext* raw_format = avformat_alloc_context();
  if (raw_format == nullptr) return fail(ErrorCode::kInternal, "{}: out of memory", state->path);
  AVDictionary* opts = nullptr;
  if (limits != nullptr) {
    if (!limits->formats.empty()) av_dict_set(&opts, "format_whitelist", limits->formats.c_str(), 0);
    if (limits->probe_bytes > 0) av_dict_set_int(&opts, "probesize", limits->probe_bytes, 0);
    if (limits->analyze_us > 0) av_dict_set_int(&opts, "analyzeduration", limits->analyze_us, 0);
    if (limits->time.count() > 0) {
      state->deadline = std::chrono::steady_clock::now() + limits->time;
      raw_format->interrupt_callback.callback = past_deadline;
      raw_format->interrupt_callback.opaque = &state->deadline;
    }
  }
  int rc =
      avformat_open_input(&raw_format, state->path.c_str(), nullptr, &opts);  // frees raw_format on failure
  av_dict_free(&opts);
  const bool late =
      limits != nullptr && limits->time.count() > 0 && std::chrono::steady_clock::now() > state->deadline;
  if (rc < 0) {
    if (late)
      return fail(ErrorCode::kCorrupt, "{}: opening the file took longer than {} ms", state->path,
                  limits->time.count());
    if (limits != nullptr && !limits->formats.empty() && rc == AVERROR(EINVAL))
      return fail(ErrorCode::kUnsupported, "{}: not a video container accepted here ({})", state->path,
                  accepted_containers(limits->formats));
    return fail(ErrorCode::kCorrupt, "{}: FFmpeg cannot open the file as an image or video ({})", state->path,
                av_error_text(rc));
  }
  state->format.reset(raw_format);
  // FFmpeg checks the whitelist itself; checked again so a demuxer outside it can never be the one in use.
  if (limits != nullptr && !limits->formats.empty() &&
      (raw_format->iformat == nullptr ||
       av_match_list(raw_format->iformat->name, limits->formats.c_str(), ',') <= 0))
    return fail(ErrorCode::kUnsupported, "{}: not a video container accepted here ({})", state->path,
                accepted_containers(limits->formats));
  const bool timed = limits != nullptr && limits->time.count() > 0;
  const auto deadline = state->deadline;
  auto opened = finish_open(std::move(state), decoder_threads);
  if (timed && std::chrono::steady_clock::now() > deadline)
    return fail(ErrorCode::kCorrupt, "{}: reading the file's stream information took longer than {} ms",
                path.string(), limits->time.count());
  // The time limit is the opening's: decoding afterwards is bounded by its caller. The file's I/O context
  // holds its own copy of the interrupt callback (FFmpeg copies it when it opens the file), so clearing the
  // format context's left reads failing with AVERROR_EXIT once the deadline passed: an uploaded video was
  // cut short where the limit fell. The deadline the callback reads is lifted instead.
  if (opened) (*opened)->state_->deadline = std::chrono::steady_clock::time_point::max();
  return opened;
}

namespace {

// libavdevice is loaded only when a device is opened: linked, it brings about 80 more shared libraries
// (X11, PulseAudio, JACK, SDL, OpenGL ...) into every process that decodes a file, and the dynamic loader
// relocates all of them at each start (a third of the start-up of every pose or server process).
Status register_devices() {
  static const Status registered = []() -> Status {
    const std::string name = fmt::format("libavdevice.so.{}", LIBAVDEVICE_VERSION_MAJOR);
    void* lib = ::dlopen(name.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      return fail(ErrorCode::kUnsupported, "cameras need FFmpeg's {}, which cannot be loaded ({})", name,
                  why ? why : "no reason given");
    }
    auto* register_all = reinterpret_cast<void (*)()>(::dlsym(lib, "avdevice_register_all"));
    if (register_all == nullptr)
      return fail(ErrorCode::kUnsupported, "{} has no avdevice_register_all", name);
    register_all();
    return ok();
  }();
  return registered;
}

}  // namespace

Result<std::unique_ptr<FrameDecoder>> FrameDecoder::open_device(const std::string& device_format,
                                                                const std::string& url,
                                                                const DeviceOptions& options) {
  PHYSIO_CHECK(register_devices());
  av_log_set_level(AV_LOG_ERROR);
  const AVInputFormat* fmt = av_find_input_format(device_format.c_str());
  if (!fmt) {
    return fail(ErrorCode::kUnsupported, "{}: FFmpeg has no '{}' input device in this build", url,
                device_format);
  }
  auto state = std::make_unique<State>();
  state->path = url;
  state->rebase_time = true;
  AVDictionary* opts = nullptr;
  if (!options.video_size.empty()) av_dict_set(&opts, "video_size", options.video_size.c_str(), 0);
  if (options.frame_rate > 0)
    av_dict_set(&opts, "framerate", fmt::format("{}", options.frame_rate).c_str(), 0);
  AVFormatContext* raw_format = nullptr;
  int rc = avformat_open_input(&raw_format, url.c_str(), fmt, &opts);
  av_dict_free(&opts);
  if (rc < 0) {
    return fail(ErrorCode::kIo, "{}: cannot open the {} device ({})", url, device_format, av_error_text(rc));
  }
  state->format.reset(raw_format);
  return finish_open(std::move(state), 1);
}

Result<std::unique_ptr<FrameDecoder>> FrameDecoder::finish_open(std::unique_ptr<State> state,
                                                                int decoder_threads) {
  AVFormatContext* raw_format = state->format.get();
  int rc = avformat_find_stream_info(raw_format, nullptr);
  if (rc < 0) {
    return fail(ErrorCode::kCorrupt, "{}: cannot read stream information ({})", state->path,
                av_error_text(rc));
  }
  const AVCodec* decoder = nullptr;
  rc = av_find_best_stream(raw_format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  if (rc == AVERROR_DECODER_NOT_FOUND) {
    return fail(ErrorCode::kUnsupported, "{}: no decoder for the video codec", state->path);
  }
  if (rc < 0) {
    return fail(ErrorCode::kUnsupported, "{}: the file holds no image or video stream", state->path);
  }
  state->stream_index = rc;
  AVStream* stream = raw_format->streams[rc];
  state->time_base = stream->time_base;
  state->rotation_deg = stream_rotation_deg(stream);

  state->codec.reset(avcodec_alloc_context3(decoder));
  if (!state->codec) return fail(ErrorCode::kInternal, "{}: out of memory for the decoder", state->path);
  rc = avcodec_parameters_to_context(state->codec.get(), stream->codecpar);
  if (rc < 0) {
    return fail(ErrorCode::kCorrupt, "{}: bad codec parameters ({})", state->path, av_error_text(rc));
  }
  state->codec->thread_count = decoder_threads;
  rc = avcodec_open2(state->codec.get(), decoder, nullptr);
  if (rc < 0) {
    return fail(ErrorCode::kUnsupported, "{}: cannot open the {} decoder ({})", state->path, decoder->name,
                av_error_text(rc));
  }
  state->frame.reset(av_frame_alloc());
  state->packet.reset(av_packet_alloc());
  if (!state->frame || !state->packet) {
    return fail(ErrorCode::kInternal, "{}: out of memory for frames", state->path);
  }
  return std::unique_ptr<FrameDecoder>(new FrameDecoder(std::move(state)));
}

Result<std::optional<Image>> FrameDecoder::next_frame() {
  Image image;
  const bool got = PHYSIO_TRY(next_frame_into(image));
  if (!got) return std::optional<Image>();
  return std::optional<Image>(std::move(image));
}

Result<bool> FrameDecoder::next_frame_into(Image& image) {
  State& s = *state_;
  while (!s.finished) {
    int rc = avcodec_receive_frame(s.codec.get(), s.frame.get());
    if (rc == 0) {
      const AVFrame& f = *s.frame;
      if (f.width < 1 || f.height < 1 || f.width > kMaxImageSide || f.height > kMaxImageSide) {
        return fail(ErrorCode::kOutOfRange, "{}: frame size {}x{} is outside 1..{}", s.path, f.width,
                    f.height, kMaxImageSide);
      }
      const bool yuv = is_yuv(f.format);
      const int matrix = yuv ? yuv_matrix(f, *s.codec) : -1;
      const bool full_range = yuv && yuv_full_range(f, *s.codec);
      if (!s.sws || s.sws_w != f.width || s.sws_h != f.height || s.sws_fmt != f.format ||
          s.sws_matrix != matrix || s.sws_full != full_range) {
        // Full-resolution chroma interpolation (no chroma shift at colour edges). SWS_ACCURATE_RND is
        // left out: it moves values by at most one level and costs ~20 ms per 1768x994 frame.
        s.sws.reset(sws_getContext(f.width, f.height, static_cast<AVPixelFormat>(f.format), f.width, f.height,
                                   AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP,
                                   nullptr, nullptr, nullptr));
        if (!s.sws) {
          return fail(ErrorCode::kUnsupported, "{}: cannot convert pixel format {} to RGB", s.path,
                      av_get_pix_fmt_name(static_cast<AVPixelFormat>(f.format)) != nullptr
                          ? av_get_pix_fmt_name(static_cast<AVPixelFormat>(f.format))
                          : "?");
        }
        if (yuv) {
          // libswscale converts with BT.601 unless told otherwise; the stream says which matrix and
          // range it was encoded with (BT.709 for HD video), as the ffmpeg CLI honours. Output RGB is
          // full range. The context's own table, brightness, contrast and saturation are kept.
          int* inv_table = nullptr;
          int* table = nullptr;
          int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
          if (sws_getColorspaceDetails(s.sws.get(), &inv_table, &src_range, &table, &dst_range, &brightness,
                                       &contrast, &saturation) < 0 ||
              sws_setColorspaceDetails(s.sws.get(), sws_getCoefficients(matrix), full_range ? 1 : 0, table, 1,
                                       brightness, contrast, saturation) < 0) {
            return fail(ErrorCode::kUnsupported, "{}: cannot set the YUV->RGB matrix for pixel format {}",
                        s.path,
                        av_get_pix_fmt_name(static_cast<AVPixelFormat>(f.format)) != nullptr
                            ? av_get_pix_fmt_name(static_cast<AVPixelFormat>(f.format))
                            : "?");
          }
        }
        s.sws_w = f.width;
        s.sws_h = f.height;
        s.sws_fmt = f.format;
        s.sws_matrix = matrix;
        s.sws_full = full_range;
      }
      std::int64_t pts = f.best_effort_timestamp;
      if (s.rebase_time && pts != AV_NOPTS_VALUE) {
        if (s.first_pts == AV_NOPTS_VALUE) s.first_pts = pts;
        pts -= s.first_pts;
      }
      TimeUs t_us = 0;
      if (pts != AV_NOPTS_VALUE && s.time_base.den != 0) {
        t_us = av_rescale_q(pts, s.time_base, AVRational{1, 1'000'000});
      }
      // libswscale's SIMD converters store whole vectors and may write past the last pixel of a row
      // (and of the buffer): every row gets a 64-byte aligned stride and the buffer a tail of slack.
      // The buffer is reused when large enough: zero-filling a fresh multi-megabyte buffer per frame
      // costs more than decoding it.
      const std::size_t stride =
          (3 * static_cast<std::size_t>(f.width) + kRowAlign - 1) / kRowAlign * kRowAlign;
      const std::size_t bytes = stride * static_cast<std::size_t>(f.height) + kBufferSlack;
      if (image.pixels.size() < bytes) image.pixels.resize(bytes);
      image.width = f.width;
      image.height = f.height;
      image.stride = stride;
      image.timestamp_us = t_us;
      image.rotation_deg = s.rotation_deg;
      std::uint8_t* dst_data[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
      int dst_linesize[4] = {static_cast<int>(image.stride), 0, 0, 0};
      sws_scale(s.sws.get(), f.data, f.linesize, 0, f.height, dst_data, dst_linesize);
      av_frame_unref(s.frame.get());
      ++s.frames_out;
      return true;
    }
    if (rc == AVERROR_EOF) {
      s.finished = true;
      break;
    }
    if (rc != AVERROR(EAGAIN)) {
      return fail(ErrorCode::kCorrupt, "{}: decoding failed ({})", s.path, av_error_text(rc));
    }
    if (s.flushing) {
      s.finished = true;
      break;
    }
    // The decoder wants more data: feed the next packet of our stream, or start flushing at the end.
    rc = av_read_frame(s.format.get(), s.packet.get());
    if (rc == AVERROR_EOF) {
      s.flushing = true;
      rc = avcodec_send_packet(s.codec.get(), nullptr);
      if (rc < 0 && rc != AVERROR_EOF) {
        return fail(ErrorCode::kCorrupt, "{}: flushing the decoder failed ({})", s.path, av_error_text(rc));
      }
      continue;
    }
    // A file cut short (a copy or download interrupted) fails part-way: once frames have come out, the
    // frames decoded so far are the result and the stream ends there, with the reason kept for a warning.
    auto end_early = [&](const char* what) -> bool {
      if (s.frames_out == 0) return false;
      s.truncation = fmt::format("{} ({})", what, av_error_text(rc));
      s.flushing = true;
      avcodec_send_packet(s.codec.get(), nullptr);
      return true;
    };
    if (rc < 0) {
      if (end_early("reading the file failed")) continue;
      return fail(ErrorCode::kCorrupt, "{}: reading the file failed ({})", s.path, av_error_text(rc));
    }
    if (s.packet->stream_index == s.stream_index) {
      rc = avcodec_send_packet(s.codec.get(), s.packet.get());
      av_packet_unref(s.packet.get());
      if (rc < 0 && rc != AVERROR(EAGAIN)) {
        if (end_early("the decoder rejected a packet")) continue;
        return fail(ErrorCode::kCorrupt, "{}: the decoder rejected a packet ({})", s.path, av_error_text(rc));
      }
    } else {
      av_packet_unref(s.packet.get());
    }
  }
  return false;
}

Result<Image> load_image(const std::filesystem::path& path) {
  // JPEG through libjpeg-turbo with its EXIF orientation, as browsers and MediaPipe's loaders read photos
  // (FFmpeg's decoder differs in chroma upsampling and ignores the orientation): jpeg_decode.hpp.
  {
    std::ifstream head(path, std::ios::binary);
    char magic[3] = {};
    if (head && head.read(magic, 3) && looks_like_jpeg({reinterpret_cast<const std::uint8_t*>(magic), 3})) {
      auto bytes = load_file(path, std::size_t{512} << 20);
      if (!bytes) return std::unexpected(std::move(bytes.error()).with_context("loading image"));
      return decode_jpeg({reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()},
                         path.string());
    }
  }
  auto decoder = FrameDecoder::open(path);
  if (!decoder) return std::unexpected(std::move(decoder.error()).with_context("loading image"));
  auto frame = (*decoder)->next_frame();
  if (!frame) return std::unexpected(std::move(frame.error()).with_context("loading image"));
  if (!frame->has_value()) {
    return fail(ErrorCode::kCorrupt, "{}: the file contains no decodable frame", path.string());
  }
  Image image = std::move(**frame);
  image.timestamp_us = 0;
  return image;
}

}  // namespace physio::pose
