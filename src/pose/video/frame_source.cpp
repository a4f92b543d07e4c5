#include "pose/video/frame_source.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <system_error>

namespace physio::pose {
namespace {

namespace fs = std::filesystem;

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Natural order: runs of digits compare by value, so frame2.png sorts before frame10.png.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      std::size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && is_digit(a[i1])) ++i1;
      while (j1 < b.size() && is_digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;
      for (std::size_t k = 0; k < i1 - i0; ++k) {
        if (a[i0 + k] != b[j0 + k]) return a[i0 + k] < b[j0 + k];
      }
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;
}

// A folder rate as a fraction with a power-of-ten denominator (29.97 -> 2997/100, 30 -> 30/1).
void rate_fraction(double rate_hz, int& num, int& den) {
  den = 1000;
  num = static_cast<int>(std::lround(rate_hz * den));
  while (den > 1 && num % 10 == 0 && den % 10 == 0) {
    num /= 10;
    den /= 10;
  }
}

}  // namespace

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kImage:
      return "image";
    case SourceKind::kVideo:
      return "video";
    case SourceKind::kImageFolder:
      return "image folder";
    case SourceKind::kCamera:
      return "camera";
  }
  return "?";
}

bool has_image_extension(const fs::path& path) {
  static constexpr std::array<std::string_view, 9> kExt = {".png", ".jpg",  ".jpeg", ".bmp", ".webp",
                                                           ".tif", ".tiff", ".ppm",  ".pgm"};
  const std::string ext = lower_extension(path);
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

bool has_video_extension(const fs::path& path) {
  static constexpr std::array<std::string_view, 13> kExt = {".mp4", ".mov", ".avi",  ".mkv", ".webm",
                                                            ".m4v", ".mpg", ".mpeg", ".wmv", ".flv",
                                                            ".3gp", ".ts",  ".mts"};
  const std::string ext = lower_extension(path);
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

bool is_camera_path(const fs::path& path) {
  return path.string().starts_with("/dev/video");
}

Result<std::vector<fs::path>> list_image_folder(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && has_image_extension(it->path())) files.push_back(it->path());
  }
  if (ec) return fail(ErrorCode::kIo, "{}: cannot list the folder ({})", dir.string(), ec.message());
  if (files.empty()) {
    return fail(ErrorCode::kNotFound, "{}: the folder holds no image files (png, jpg, bmp, webp, tif, ppm)",
                dir.string());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return natural_less(a.filename().string(), b.filename().string());
  });
  return files;
}

Result<std::unique_ptr<FrameSource>> FrameSource::open(const fs::path& path,
                                                       const FrameSourceOptions& options) {
  std::unique_ptr<FrameSource> source(new FrameSource());
  source->path_ = path;
  source->options_ = options;
  std::error_code ec;
  if (is_camera_path(path)) {
    source->kind_ = SourceKind::kCamera;
    if (!fs::exists(path, ec)) {
      return fail(ErrorCode::kNotFound, "{}: no camera device (no such file; is a camera connected?)",
                  path.string());
    }
    FrameDecoder::DeviceOptions device;
    device.video_size = options.camera_size;
    device.frame_rate = options.camera_rate;
    source->decoder_ = PHYSIO_TRY(FrameDecoder::open_device("v4l2", path.string(), device));
    source->expected_frames_ = 0;  // live: unknown
    if (options.camera_rate > 0) {
      source->rate_num_ = options.camera_rate;
      source->rate_den_ = 1;
    }
    return source;
  }
  if (fs::is_directory(path, ec)) {
    if (!(options.folder_rate_hz > 0) || !std::isfinite(options.folder_rate_hz)) {
      return fail(ErrorCode::kInvalidArgument, "frame rate {} for the image folder must be > 0",
                  options.folder_rate_hz);
    }
    source->kind_ = SourceKind::kImageFolder;
    source->files_ = PHYSIO_TRY(list_image_folder(path));
    source->expected_frames_ = static_cast<std::int64_t>(source->files_.size());
    rate_fraction(options.folder_rate_hz, source->rate_num_, source->rate_den_);
    return source;
  }
  if (!fs::exists(path, ec)) return fail(ErrorCode::kNotFound, "{}: no such file or folder", path.string());
  if (has_image_extension(path)) {
    source->kind_ = SourceKind::kImage;
    source->files_.push_back(path);
    source->expected_frames_ = 1;
    return source;
  }
  source->kind_ = SourceKind::kVideo;
  if (!(options.video_rate_hz >= 0) || !std::isfinite(options.video_rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "{}: frame rate {} to time the video's frames at must be > 0",
                path.string(), options.video_rate_hz);
  }
  source->decoder_ =
      PHYSIO_TRY(options.uploaded ? FrameDecoder::open(path, options.decoder_threads, upload_video_limits())
                                  : FrameDecoder::open(path, options.decoder_threads));
  if (auto info = probe_video(path)) {
    source->expected_frames_ = info->frame_count;
    source->rate_num_ = info->rate_num;
    source->rate_den_ = info->rate_den;
  }
  if (options.video_rate_hz > 0) rate_fraction(options.video_rate_hz, source->rate_num_, source->rate_den_);
  return source;
}

void FrameSource::retime(Image& image) {
  const std::int64_t i = next_video_frame_++;
  if (kind_ == SourceKind::kVideo && options_.video_rate_hz > 0)
    image.timestamp_us = sample_time_us(i, options_.video_rate_hz);
}

Result<bool> FrameSource::next_into(Image& image) {
  if (decoder_) {
    const bool got = PHYSIO_TRY(decoder_->next_frame_into(image));
    if (got) retime(image);
    if (got && image.rotation_deg != 0) image = rotate_upright(image);
    return got;
  }
  auto frame = PHYSIO_TRY(next());
  if (!frame) return false;
  image = std::move(*frame);
  return true;
}

Result<std::optional<Image>> FrameSource::next() {
  if (decoder_) {
    auto frame = PHYSIO_TRY(decoder_->next_frame());
    if (!frame) return std::optional<Image>();
    retime(*frame);
    if (frame->rotation_deg != 0) return std::optional<Image>(rotate_upright(*frame));
    return frame;
  }
  if (next_file_ >= files_.size()) return std::optional<Image>();
  const std::size_t i = next_file_++;
  Image image = PHYSIO_TRY(load_image(files_[i]));
  image.timestamp_us = kind_ == SourceKind::kImageFolder
                           ? sample_time_us(static_cast<std::int64_t>(i), options_.folder_rate_hz)
                           : 0;
  if (image.rotation_deg != 0) image = rotate_upright(image);
  return std::optional<Image>(std::move(image));
}

}  // namespace physio::pose
