#include "pose/video/video_writer.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <system_error>

#include "core/file_io.hpp"
#include "core/interrupt_cleanup.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "pose/pipeline/ffmpeg_handles.hpp"

namespace physio::pose {
namespace {

using ffmpeg::av_error_text;
using ffmpeg::CodecCloser;
using ffmpeg::FrameCloser;
using ffmpeg::OutputCloser;
using ffmpeg::PacketCloser;
using ffmpeg::SwsCloser;

namespace fs = std::filesystem;

fs::path temporary_path(const fs::path& target) {
  return target.parent_path() / ("." + target.filename().string() + ".part");
}

}  // namespace

struct VideoWriter::State {
  fs::path path;
  fs::path temp;
  std::string encoder_name;
  std::unique_ptr<AVFormatContext, OutputCloser> format;
  std::unique_ptr<AVCodecContext, CodecCloser> codec;
  std::unique_ptr<AVFrame, FrameCloser> frame;
  std::unique_ptr<AVPacket, PacketCloser> packet;
  std::unique_ptr<SwsContext, SwsCloser> sws;
  AVStream* stream = nullptr;
  int width = 0;  // of the input frames
  int height = 0;
  int rate_num = 30;
  int rate_den = 1;
  std::int64_t last_pts = -1;
  std::int64_t frames = 0;
  bool finished = false;

  // The temporary video is registered while it exists, so an interrupt (Ctrl-C) removes it.
  ~State() { untrack_temporary_file(temp); }

  // Sends `f` (nullptr = flush) and writes every packet the encoder returns.
  Status encode(AVFrame* f) {
    int rc = avcodec_send_frame(codec.get(), f);
    if (rc < 0) return fail(ErrorCode::kIo, "{}: encoding failed ({})", path.string(), av_error_text(rc));
    for (;;) {
      rc = avcodec_receive_packet(codec.get(), packet.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return ok();
      if (rc < 0) return fail(ErrorCode::kIo, "{}: encoding failed ({})", path.string(), av_error_text(rc));
      av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      rc = av_interleaved_write_frame(format.get(), packet.get());
      if (rc < 0) return fail(ErrorCode::kIo, "{}: writing failed ({})", path.string(), av_error_text(rc));
    }
  }
};

VideoWriter::VideoWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}

VideoWriter::~VideoWriter() {
  if (state_ && !state_->finished) {
    state_->format.reset();
    std::error_code ec;
    fs::remove(state_->temp, ec);
  }
}

const std::string& VideoWriter::encoder_name() const {
  return state_->encoder_name;
}
std::int64_t VideoWriter::frames_written() const {
  return state_->frames;
}

Result<std::unique_ptr<VideoWriter>> VideoWriter::open(const fs::path& path, int width, int height,
                                                       const VideoWriterOptions& options) {
  if (width < 2 || height < 2 || width > kMaxImageSide || height > kMaxImageSide) {
    return fail(ErrorCode::kInvalidArgument, "{}: cannot write {}x{} video (each side 2..{})", path.string(),
                width, height, kMaxImageSide);
  }
  if (options.rate_num < 0 || options.rate_den <= 0) {
    return fail(ErrorCode::kInvalidArgument, "{}: bad frame rate {}/{}", path.string(), options.rate_num,
                options.rate_den);
  }
  av_log_set_level(AV_LOG_ERROR);
  auto s = std::make_unique<State>();
  s->path = path;
  s->temp = temporary_path(path);
  s->width = width;
  s->height = height;
  if (options.rate_num > 0) {
    s->rate_num = options.rate_num;
    s->rate_den = options.rate_den;
  }

  PHYSIO_CHECK(check_video_path(path));
  AVFormatContext* raw = nullptr;
  if (avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str()) < 0 || raw == nullptr) {
    return fail(ErrorCode::kUnsupported,
                "{}: no video container for the extension '{}' (use .mp4, .mkv, .mov)", path.string(),
                path.extension().string());
  }
  s->format.reset(raw);

  const AVCodec* encoder = nullptr;
  if (!options.encoder.empty()) {
    encoder = avcodec_find_encoder_by_name(options.encoder.c_str());
    if (encoder == nullptr) {
      return fail(ErrorCode::kUnsupported, "{}: FFmpeg has no encoder '{}'", path.string(), options.encoder);
    }
  } else {
    encoder = avcodec_find_encoder_by_name("libx264");
    if (encoder == nullptr) encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    if (encoder == nullptr) {
      return fail(ErrorCode::kUnsupported, "{}: FFmpeg has neither libx264 nor an MPEG-4 encoder",
                  path.string());
    }
  }
  s->encoder_name = encoder->name;

  s->stream = avformat_new_stream(raw, nullptr);
  s->codec.reset(avcodec_alloc_context3(encoder));
  if (s->stream == nullptr || !s->codec)
    return fail(ErrorCode::kInternal, "{}: out of memory", path.string());
  AVCodecContext* c = s->codec.get();
  c->width = width & ~1;
  c->height = height & ~1;
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->time_base = AVRational{s->rate_den, s->rate_num};
  c->framerate = AVRational{s->rate_num, s->rate_den};
  c->thread_count = options.threads;
  if (s->encoder_name == "libx264") {
    av_opt_set(c->priv_data, "preset", "veryfast", 0);
    av_opt_set(c->priv_data, "crf", "20", 0);
  } else {
    // MPEG-4 Part 2 at a fixed quantiser: sharp enough for thin skeleton lines.
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = FF_QP2LAMBDA * 3;
    c->gop_size = 30;
  }
  if ((raw->oformat->flags & AVFMT_GLOBALHEADER) != 0) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int rc = avcodec_open2(c, encoder, nullptr);
  if (rc < 0) {
    return fail(ErrorCode::kUnsupported, "{}: cannot open the {} encoder ({})", path.string(), encoder->name,
                av_error_text(rc));
  }
  rc = avcodec_parameters_from_context(s->stream->codecpar, c);
  if (rc < 0)
    return fail(ErrorCode::kInternal, "{}: codec parameters ({})", path.string(), av_error_text(rc));
  s->stream->time_base = c->time_base;
  s->stream->avg_frame_rate = c->framerate;

  if ((raw->oformat->flags & AVFMT_NOFILE) == 0) {
    track_temporary_file(s->temp);
    rc = avio_open(&raw->pb, s->temp.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
      return fail(ErrorCode::kIo, "{}: cannot create the file ({})", s->temp.string(), av_error_text(rc));
    }
  }
  rc = avformat_write_header(raw, nullptr);
  if (rc < 0) {
    std::error_code ec;
    fs::remove(s->temp, ec);
    return fail(ErrorCode::kIo, "{}: cannot write the header ({})", path.string(), av_error_text(rc));
  }

  s->frame.reset(av_frame_alloc());
  s->packet.reset(av_packet_alloc());
  if (!s->frame || !s->packet) return fail(ErrorCode::kInternal, "{}: out of memory", path.string());
  s->frame->format = c->pix_fmt;
  s->frame->width = c->width;
  s->frame->height = c->height;
  if (av_frame_get_buffer(s->frame.get(), 0) < 0)
    return fail(ErrorCode::kInternal, "{}: out of memory", path.string());
  s->sws.reset(sws_getContext(c->width, c->height, AV_PIX_FMT_RGB24, c->width, c->height, AV_PIX_FMT_YUV420P,
                              SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!s->sws) return fail(ErrorCode::kUnsupported, "{}: no RGB -> YUV conversion", path.string());
  return std::unique_ptr<VideoWriter>(new VideoWriter(std::move(s)));
}

Status VideoWriter::write(const Image& image) {
  State& s = *state_;
  if (s.finished)
    return fail(ErrorCode::kInvalidArgument, "{}: the video is already finished", s.path.string());
  if (image.width != s.width || image.height != s.height) {
    return fail(ErrorCode::kInvalidArgument, "{}: frame {} is {}x{}, the video is {}x{}", s.path.string(),
                s.frames, image.width, image.height, s.width, s.height);
  }
  if (av_frame_make_writable(s.frame.get()) < 0) return fail(ErrorCode::kInternal, "out of memory");
  const std::uint8_t* src[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
  const int src_stride[4] = {static_cast<int>(image.stride), 0, 0, 0};
  sws_scale(s.sws.get(), src, src_stride, 0, s.codec->height, s.frame->data, s.frame->linesize);
  // pts in units of 1/fps: t_us * num / (den * 1e6).
  const double ticks =
      static_cast<double>(image.timestamp_us) * s.rate_num / (static_cast<double>(s.rate_den) * 1e6);
  std::int64_t pts = std::llround(ticks);
  if (pts <= s.last_pts) pts = s.last_pts + 1;
  s.last_pts = pts;
  s.frame->pts = pts;
  PHYSIO_CHECK(s.encode(s.frame.get()));
  ++s.frames;
  return ok();
}

Status VideoWriter::finish() {
  State& s = *state_;
  if (s.finished) return ok();
  PHYSIO_CHECK(s.encode(nullptr));
  int rc = av_write_trailer(s.format.get());
  if (rc < 0)
    return fail(ErrorCode::kIo, "{}: writing the trailer failed ({})", s.path.string(), av_error_text(rc));
  s.format.reset();  // closes the file
  std::error_code ec;
  fs::rename(s.temp, s.path, ec);
  untrack_temporary_file(s.temp);
  if (ec) {
    fs::remove(s.temp, ec);
    return fail(ErrorCode::kIo, "{}: cannot move the video into place ({})", s.path.string(), ec.message());
  }
  s.finished = true;
  return ok();
}

Status check_video_path(const fs::path& path) {
  if (av_guess_format(nullptr, path.c_str(), nullptr) == nullptr) {
    return fail(ErrorCode::kUnsupported,
                "{}: no video container for the extension '{}' (use .mp4, .mkv, .mov)", path.string(),
                path.extension().string());
  }
  return ok();
}

Status save_png(const Image& image, const fs::path& path) {
  if (image.empty()) return fail(ErrorCode::kInvalidArgument, "{}: empty image", path.string());
  av_log_set_level(AV_LOG_ERROR);
  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (encoder == nullptr)
    return fail(ErrorCode::kUnsupported, "{}: FFmpeg has no PNG encoder", path.string());
  std::unique_ptr<AVCodecContext, CodecCloser> c(avcodec_alloc_context3(encoder));
  std::unique_ptr<AVFrame, FrameCloser> frame(av_frame_alloc());
  std::unique_ptr<AVPacket, PacketCloser> packet(av_packet_alloc());
  if (!c || !frame || !packet) return fail(ErrorCode::kInternal, "{}: out of memory", path.string());
  c->width = image.width;
  c->height = image.height;
  c->pix_fmt = AV_PIX_FMT_RGB24;
  c->time_base = AVRational{1, 1};
  int rc = avcodec_open2(c.get(), encoder, nullptr);
  if (rc < 0) return fail(ErrorCode::kUnsupported, "{}: PNG encoder ({})", path.string(), av_error_text(rc));
  frame->format = AV_PIX_FMT_RGB24;
  frame->width = image.width;
  frame->height = image.height;
  // The encoder only reads: point the frame at the image's rows.
  frame->data[0] = const_cast<std::uint8_t*>(image.pixels.data());
  frame->linesize[0] = static_cast<int>(image.stride);
  frame->pts = 0;
  rc = avcodec_send_frame(c.get(), frame.get());
  if (rc >= 0) rc = avcodec_send_frame(c.get(), nullptr);
  std::string bytes;
  while (rc >= 0) {
    rc = avcodec_receive_packet(c.get(), packet.get());
    if (rc < 0) break;
    bytes.append(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size));
    av_packet_unref(packet.get());
  }
  frame->data[0] = nullptr;
  if (rc != AVERROR_EOF || bytes.empty()) {
    return fail(ErrorCode::kIo, "{}: PNG encoding failed ({})", path.string(), av_error_text(rc));
  }
  return save_file_atomic(path, bytes);
}

}  // namespace physio::pose
