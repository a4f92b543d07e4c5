// Agreement with MediaPipe's own runtime on multi-person, non-square JPEG photos (issue 11, item 6).
// The photos are made at test time from frames of ../shared/data (nothing derived from them is committed):
// each is a frame of a video, optionally shrunk (box average), cropped (landscape and portrait, people cut by
// or close to the borders) and encoded by libjpeg-turbo (tjCompress2, quality 90, accurate DCT; 4:2:0, 4:4:4,
// 4:2:2, 4:4:0 or grey; one progressive; one stored turned with EXIF orientation 6). MediaPipe's landmarks
// for the same JPEG files are in tests/pose/data/mediapipe_ref/photos_detector.json
// (tools/mediapipe-reference, decoded with libjpeg-turbo's djpeg; docs/pose-reference-tool.md, "Photos").
//  1. Encoding: the md5 of the JPEG bytes must be the reference's `file_md5`; another libjpeg-turbo build may
//     encode other bytes, and that photo is then skipped with the reason printed (its landmarks would be
//     compared with MediaPipe's on another picture).
//  2. Decoding: the RGB bytes decode_jpeg gives must be the ones MediaPipe saw (`rgb24_md5`).
//  3. Landmarks: each photo goes through run_pose, what `physio pose photo.jpg` runs (a still image: the
//     detector, no tracking, no smoothing, --follow auto), for lite, full and heavy; the pose must be the
//     person MediaPipe chose, and every landmark MediaPipe calls visible (visibility >= 0.5) must agree
//     within 0.005 of the image size in x and y. With the lite model the photo runs again with smoothing on,
//     which must change nothing (a still image never goes through the video-only filters).
// PHYSIO_PHOTO_DIR=DIR writes the photos there (the input of tools/mediapipe-reference). Skips visibly
// when the models or ../shared/data are absent.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <turbojpeg.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "pose/md5.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/jpeg_decode.hpp"
#include "pose/video/pose_run.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;

constexpr double kVisibleTolNorm = 0.005;
constexpr double kVisibleThreshold = 0.5;
// Two poses are the same person when their torso points (shoulders, hips) are on average closer than this
// (as video_reference_test.cpp).
constexpr double kSamePersonTolNorm = 0.03;
constexpr std::array<std::size_t, 4> kTorso = {11, 12, 23, 24};
constexpr int kJpegQuality = 90;

struct PhotoSpec {
  const char* name;   // file name of the photo (reference `file`)
  const char* video;  // under ../shared/data
  int frame;          // 0-based, decode order
  int shrink;         // the upright frame's size divided by this (box average of shrink x shrink pixels)
  int x, y, w, h;     // crop of the shrunk frame, pixels
  int subsampling;    // TJSAMP_420, TJSAMP_444, TJSAMP_422, TJSAMP_440 or TJSAMP_GRAY
  bool progressive;
  int exif_orientation;  // 1: none; 6: the pixels stored turned 90 degrees counter-clockwise, EXIF tag 6
};

// demo.mp4 is 1768x994 (three people: one on a wall, one walking, one small far away); cam02.mp4 and
// cam03.mp4 are 1080x1920 (a person on a force plate, another standing behind). Sizes as COCO's (640 on the
// long side, odd sides), grey, 4:2:2/4:4:0, progressive and an EXIF-rotated photo are among them.
constexpr std::array<PhotoSpec, 10> kPhotos = {{
    {"demo100_portrait.jpg", "sports2d-demo/demo.mp4", 100, 1, 520, 0, 700, 994, TJSAMP_444, false, 1},
    {"demo100_wide.jpg", "sports2d-demo/demo.mp4", 100, 1, 0, 330, 1768, 664, TJSAMP_420, false, 1},
    {"demo150_portrait.jpg", "sports2d-demo/demo.mp4", 150, 1, 330, 60, 560, 934, TJSAMP_420, false, 1},
    {"demo150_wide.jpg", "sports2d-demo/demo.mp4", 150, 1, 200, 0, 1568, 700, TJSAMP_444, false, 1},
    {"cam02_f50_wide.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 1, 0, 300, 1080, 840, TJSAMP_420, false, 1},
    {"cam02_f50_portrait.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 1, 300, 250, 700, 1100, TJSAMP_444,
     false, 1},
    {"demo175_small.jpg", "sports2d-demo/demo.mp4", 175, 3, 0, 0, 589, 331, TJSAMP_420, false, 1},
    {"demo100_422_progressive.jpg", "sports2d-demo/demo.mp4", 100, 2, 150, 0, 641, 497, TJSAMP_422, true, 1},
    {"cam02_f50_grey.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 3, 1, 100, 359, 427, TJSAMP_GRAY, false, 1},
    {"cam03_f60_exif6.jpg", "pose2sim-demo/videos/cam03.mp4", 60, 3, 0, 40, 360, 481, TJSAMP_440, false, 6},
}};

fs::path reference_path() {
  return test::source_dir() / "tests" / "pose" / "data" / "mediapipe_ref" / "photos_detector.json";
}

std::string bytes_md5(const std::vector<std::uint8_t>& bytes) {
  test::Md5 md5;
  md5.update(bytes.data(), bytes.size());
  return md5.hex();
}

Result<Image> decode_frame(const fs::path& video, int index) {
  auto decoder = PHYSIO_TRY(FrameDecoder::open(video));
  Image frame;
  for (int n = 0; n <= index; ++n) {
    const bool got = PHYSIO_TRY(decoder->next_frame_into(frame));
    if (!got) return fail(ErrorCode::kCorrupt, "{}: the stream ends before frame {}", video.string(), index);
  }
  if (frame.rotation_deg % 360 != 0) frame = rotate_upright(frame);
  return frame;
}

// `image` divided by `k` in both sides, each pixel the rounded mean of a k x k block.
Image shrink(const Image& image, int k) {
  if (k <= 1) return image;
  Image out = *make_image(image.width / k, image.height / k);
  const int n = k * k;
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < k; ++dy)
          for (int dx = 0; dx < k; ++dx) sum += image.row(y * k + dy)[3 * (x * k + dx) + c];
        out.row(y)[3 * x + c] = static_cast<std::uint8_t>((sum + n / 2) / n);
      }
    }
  }
  return out;
}

// `jpeg` with an APP1 EXIF segment (big-endian TIFF, IFD0 holding only Orientation) right after SOI.
std::vector<std::uint8_t> with_exif_orientation(const std::vector<std::uint8_t>& jpeg, int orientation) {
  const std::vector<std::uint8_t> tiff = {'M',  'M',
                                          0,    42,
                                          0,    0,
                                          0,    8,  // header, IFD0 at 8
                                          0,    1,  // one entry
                                          0x01, 0x12,
                                          0,    3,
                                          0,    0,
                                          0,    1,  // Orientation, SHORT, count 1
                                          0,    static_cast<std::uint8_t>(orientation),
                                          0,    0,  // value
                                          0,    0,
                                          0,    0};  // no next IFD
  const std::size_t length = 2 + 6 + tiff.size();
  std::vector<std::uint8_t> out = {0xFF,
                                   0xD8,
                                   0xFF,
                                   0xE1,
                                   static_cast<std::uint8_t>(length >> 8),
                                   static_cast<std::uint8_t>(length & 0xFF),
                                   'E',
                                   'x',
                                   'i',
                                   'f',
                                   0,
                                   0};
  out.insert(out.end(), tiff.begin(), tiff.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

// The JPEG bytes of one photo.
Result<std::vector<std::uint8_t>> make_photo(const fs::path& shared_root, const PhotoSpec& spec) {
  const Image frame = shrink(PHYSIO_TRY(decode_frame(shared_root / spec.video, spec.frame)), spec.shrink);
  if (spec.x < 0 || spec.y < 0 || spec.x + spec.w > frame.width || spec.y + spec.h > frame.height) {
    return fail(ErrorCode::kInvalidArgument, "{}: crop {}x{}+{}+{} outside the {}x{} frame", spec.name,
                spec.w, spec.h, spec.x, spec.y, frame.width, frame.height);
  }
  Image upright = *make_image(spec.w, spec.h);
  for (int y = 0; y < spec.h; ++y)
    std::copy_n(frame.row(spec.y + y) + 3 * static_cast<std::size_t>(spec.x),
                3 * static_cast<std::size_t>(spec.w), upright.row(y));
  // Orientation 6 shows the stored pixels turned 90 degrees clockwise: store them turned the other way.
  const Image stored = spec.exif_orientation == 6 ? apply_exif_orientation(upright, 8) : upright;
  tjhandle tj = tjInitCompress();
  if (tj == nullptr) return fail(ErrorCode::kInternal, "tjInitCompress failed");
  unsigned char* out = nullptr;
  unsigned long size = 0;
  const int flags = TJFLAG_ACCURATEDCT | (spec.progressive ? TJFLAG_PROGRESSIVE : 0);
  const int rc = tjCompress2(tj, stored.pixels.data(), stored.width, static_cast<int>(stored.stride),
                             stored.height, TJPF_RGB, &out, &size, spec.subsampling, kJpegQuality, flags);
  std::vector<std::uint8_t> bytes;
  if (rc == 0) bytes.assign(out, out + size);
  const std::string message = rc == 0 ? std::string() : std::string(tjGetErrorStr2(tj));
  tjFree(out);
  tjDestroy(tj);
  if (rc != 0) return fail(ErrorCode::kInternal, "{}: tjCompress2: {}", spec.name, message);
  if (spec.exif_orientation != 1) return with_exif_orientation(bytes, spec.exif_orientation);
  return bytes;
}

struct Comparison {
  double max = 0.0;     // max |dx|, |dy| over landmarks MediaPipe calls visible
  double median = 0.0;  // median of the per-landmark max(|dx|, |dy|) over the same landmarks
  int n_visible = 0;
  double torso_mean = 0.0;
};

Comparison compare(std::span<const kin::Landmark> ours, const nlohmann::json& ref_result) {
  const auto& lms = ref_result.at("poseLandmarks");
  Comparison c;
  std::vector<double> d;
  for (std::size_t i = 0; i < 33; ++i) {
    const auto& r = lms.at(i);
    if (!(r.at("visibility").get<double>() >= kVisibleThreshold)) continue;
    d.push_back(std::max(std::fabs(ours[i].x - r.at("x").get<double>()),
                         std::fabs(ours[i].y - r.at("y").get<double>())));
  }
  c.n_visible = static_cast<int>(d.size());
  if (!d.empty()) {
    std::sort(d.begin(), d.end());
    c.max = d.back();
    c.median = d.size() % 2 == 1 ? d[d.size() / 2] : 0.5 * (d[d.size() / 2 - 1] + d[d.size() / 2]);
  }
  for (std::size_t i : kTorso) {
    const auto& r = lms.at(i);
    c.torso_mean += std::hypot(ours[i].x - r.at("x").get<double>(), ours[i].y - r.at("y").get<double>()) /
                    static_cast<double>(kTorso.size());
  }
  return c;
}

TEST(PosePhotoReference, PhotosAgreeWithMediaPipe) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_heavy.tflite");
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  const fs::path shared_root = shared_path.parent_path();
  const fs::path dir = test::scratch_dir("pose_photo_reference");
  const char* dump = std::getenv("PHYSIO_PHOTO_DIR");
  if (dump != nullptr && *dump != 0) {
    for (const PhotoSpec& spec : kPhotos) {
      auto bytes = make_photo(shared_root, spec);
      ASSERT_TRUE(bytes) << bytes.error().to_string();
      std::ofstream out(fs::path(dump) / spec.name, std::ios::binary);
      out.write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
      std::printf("wrote %s (md5 %s)\n", (fs::path(dump) / spec.name).string().c_str(),
                  bytes_md5(*bytes).c_str());
    }
  }
  std::ifstream in(reference_path());
  ASSERT_TRUE(in) << "missing " << reference_path().string();
  const nlohmann::json ref = nlohmann::json::parse(in);
  ASSERT_EQ(ref.at("mode").get<std::string>(), "detector");
  ASSERT_EQ(ref.at("decoder").get<std::string>().rfind("libjpeg-turbo", 0), 0u)
      << "the references must come from libjpeg-turbo-decoded pixels";
  std::map<std::string, const nlohmann::json*> by_file;
  for (const auto& input : ref.at("inputs")) by_file[input.at("file").get<std::string>()] = &input;

  int compared = 0;
  std::vector<std::string> skipped;
  std::printf("%-28s %-5s %-9s %-9s %3s  %-8s (max |dx|,|dy| of visible landmarks, normalised)\n", "photo",
              "model", "max", "median", "n", "person");
  for (const PhotoSpec& spec : kPhotos) {
    if (!fs::exists(shared_root / spec.video)) {
      skipped.push_back(std::string(spec.name) + ": ../shared/data/" + spec.video + " is absent");
      continue;
    }
    auto bytes = make_photo(shared_root, spec);
    ASSERT_TRUE(bytes) << bytes.error().to_string();
    const fs::path photo = dir / spec.name;
    {
      std::ofstream out(photo, std::ios::binary);
      out.write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
    }
    ASSERT_TRUE(by_file.contains(spec.name)) << spec.name << " has no reference";
    const nlohmann::json& input = *by_file.at(spec.name);
    const std::string md5 = bytes_md5(*bytes);
    if (md5 != input.at("file_md5").get<std::string>()) {
      skipped.push_back(std::string(spec.name) + ": this libjpeg-turbo encoded other bytes (md5 " + md5 +
                        ", the reference's " + input.at("file_md5").get<std::string>() +
                        "), so MediaPipe's landmarks are for another picture");
      continue;
    }
    auto decoded = decode_jpeg(*bytes, spec.name);
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    EXPECT_EQ(decoded->width, input.at("width").get<int>()) << spec.name;
    EXPECT_EQ(decoded->height, input.at("height").get<int>()) << spec.name;
    EXPECT_EQ(test::rgb24_md5(*decoded), input.at("rgb24_md5").get<std::string>())
        << spec.name << ": decode_jpeg gives other pixels than MediaPipe saw";

    for (const PoseModelKind kind : {PoseModelKind::kLite, PoseModelKind::kFull, PoseModelKind::kHeavy}) {
      const std::string model(pose_model_name(kind));
      const auto& results = input.at("models").at(model).at("results");
      PoseRunOptions o;
      o.tracker.model = kind;
      o.tracker.models_dir = model_path.parent_path();
      o.tracker.smooth_landmarks = false;  // `physio pose` without --smooth
      o.tracker.follow_identity = true;    // `physio pose` always follows (--follow auto)
      o.tracker.first_person = PersonChoice::kBestScore;
      auto run = run_pose(photo, o);
      if (results.empty()) {
        EXPECT_FALSE(run) << spec.name << " " << model << ": MediaPipe finds nobody";
        std::printf("%-28s %-5s no pose in either: %s\n", spec.name, model.c_str(),
                    run ? "no (ours found one)" : "yes");
        continue;
      }
      ASSERT_TRUE(run) << spec.name << " " << model << ": " << run.error().to_string();
      ASSERT_EQ(run->landmarks.landmarks.n_frames(), 1u);
      const Comparison c = compare(run->landmarks.landmarks.frame(0), results.at(0));
      const bool same = c.torso_mean <= kSamePersonTolNorm;
      std::printf("%-28s %-5s %.6f  %.6f  %3d  %s\n", spec.name, model.c_str(), c.max, c.median, c.n_visible,
                  same ? "same" : "OTHER");
      ++compared;
      EXPECT_TRUE(same) << spec.name << " " << model << ": another person than MediaPipe's (torso "
                        << c.torso_mean << ")";
      EXPECT_LE(c.max, kVisibleTolNorm) << spec.name << " " << model;
      if (kind == PoseModelKind::kLite) {
        // A still image is MediaPipe's static_image_mode whatever the video options say: --smooth changes
        // nothing.
        PoseRunOptions smoothed = o;
        smoothed.tracker.smooth_landmarks = true;
        auto again = run_pose(photo, smoothed);
        ASSERT_TRUE(again) << again.error().to_string();
        const auto a = run->landmarks.landmarks.frame(0);
        const auto b = again->landmarks.landmarks.frame(0);
        for (std::size_t i = 0; i < a.size(); ++i) {
          EXPECT_EQ(a[i].x, b[i].x) << spec.name << " landmark " << i;
          EXPECT_EQ(a[i].y, b[i].y) << spec.name << " landmark " << i;
          EXPECT_EQ(a[i].visibility, b[i].visibility) << spec.name << " landmark " << i;
        }
      }
    }
  }
  for (const std::string& s : skipped) std::printf("skipped %s\n", s.c_str());
  if (compared == 0)
    GTEST_SKIP() << "no photo could be compared: " << (skipped.empty() ? "" : skipped.front());
}

}  // namespace
}  // namespace physio::pose
