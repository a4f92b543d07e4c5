#include "pose/video/video_probe.hpp"

#include <cmath>
#include <memory>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/log.h>
}

#include "pose/pipeline/ffmpeg_handles.hpp"

namespace physio::pose {
namespace {

using ffmpeg::FormatCloser;

int rotation_of(const AVStream* stream) {
  const std::uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (matrix == nullptr) return 0;
  const double ccw_deg = av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (std::isnan(ccw_deg)) return 0;
  const long quarter = std::lround(-ccw_deg / 90.0);
  return static_cast<int>(((quarter % 4) + 4) % 4) * 90;
}

}  // namespace

Result<VideoInfo> probe_video(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return fail(ErrorCode::kNotFound, "{}: no such file", path.string());
  }
  av_log_set_level(AV_LOG_ERROR);
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) {
    return fail(ErrorCode::kCorrupt, "{}: FFmpeg cannot open the file as an image or video", path.string());
  }
  std::unique_ptr<AVFormatContext, FormatCloser> format(raw);
  if (avformat_find_stream_info(raw, nullptr) < 0) {
    return fail(ErrorCode::kCorrupt, "{}: cannot read stream information", path.string());
  }
  const int index = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return fail(ErrorCode::kUnsupported, "{}: the file holds no video stream", path.string());
  const AVStream* stream = raw->streams[index];
  VideoInfo info;
  info.width = stream->codecpar->width;
  info.height = stream->codecpar->height;
  info.rotation_deg = rotation_of(stream);
  const AVCodecDescriptor* desc = avcodec_descriptor_get(stream->codecpar->codec_id);
  info.codec_name = desc != nullptr ? desc->name : "";
  AVRational rate = stream->avg_frame_rate;
  if (rate.num <= 0 || rate.den <= 0) rate = stream->r_frame_rate;
  if (rate.num > 0 && rate.den > 0) {
    info.rate_num = rate.num;
    info.rate_den = rate.den;
  }
  if (stream->duration != AV_NOPTS_VALUE && stream->time_base.den > 0) {
    info.duration_s = static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  } else if (raw->duration != AV_NOPTS_VALUE) {
    info.duration_s = static_cast<double>(raw->duration) / AV_TIME_BASE;
  }
  if (stream->nb_frames > 0) {
    info.frame_count = stream->nb_frames;
  } else if (info.duration_s > 0 && info.rate_hz() > 0) {
    info.frame_count = std::llround(info.duration_s * info.rate_hz());
  }
  return info;
}

}  // namespace physio::pose
