// Agreement with MediaPipe's own runtime on multi-person, non-square JPEG photos (issue 11, item 6).
// The photos are made at test time from frames of ../shared/data (nothing derived from them is committed):
// each is a frame of a video, optionally shrunk (box average), cropped (landscape and portrait, people cut by
// or close to the borders) and encoded by libjpeg-turbo (tjCompress2, quality 90, accurate DCT; 4:2:0, 4:4:4,
// 4:2:2, 4:4:0 or grey; one progressive; one stored turned with EXIF orientation 6; one resized to 640x360 by
// the ffmpeg CLI, as a photo resized by a common tool). MediaPipe's landmarks
// for the same JPEG files are in tests/pose/data/mediapipe_ref/photos_detector.json
// (tools/mediapipe-reference, decoded with libjpeg-turbo's djpeg; docs/pose-reference-tool.md, "Photos").
//  1. Encoding: the md5 of the JPEG bytes must be the reference's `file_md5`; another libjpeg-turbo build may
//     encode other bytes, and that photo is then skipped with the reason printed (its landmarks would be
//     compared with MediaPipe's on another picture).
//  2. Decoding: the RGB bytes decode_jpeg gives must be the ones MediaPipe saw (`rgb24_md5`).
//  3. Landmarks: each photo goes through run_pose, what `physio pose photo.jpg` runs (a still image: the
//     detector, no tracking, no smoothing, --follow auto), for lite, full and heavy; the pose must be the
//     person MediaPipe chose, and every landmark MediaPipe calls visible (visibility >= 0.5) must agree
//     within 0.005 of the image size in x and y, except one landmark (kWindowSwitches) whose larger gap the
//     second test traces to a heatmap-window switch; it is reported and bounded by its measured value. With
//     the lite model the photo runs again with smoothing on, which must change nothing (a still image never
//     goes through the video-only filters).
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
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <turbojpeg.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "pose/md5.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/image_to_tensor.hpp"
#include "pose/pipeline/jpeg_decode.hpp"
#include "pose/pipeline/landmark_decoding.hpp"
#include "pose/pipeline/pose_tracker.hpp"
#include "pose/pipeline/roi.hpp"
#include "pose/tflite_model.hpp"
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
  // When set, "W:H": the frame is instead decoded and scaled to WxH by the ffmpeg CLI (swscale's default
  // bicubic), as a photo resized by a common tool; a missing ffmpeg skips the photo visibly.
  const char* ffmpeg_scale;
  int x, y, w, h;   // crop of the shrunk frame, pixels
  int subsampling;  // TJSAMP_420, TJSAMP_444, TJSAMP_422, TJSAMP_440 or TJSAMP_GRAY
  bool progressive;
  int exif_orientation;  // 1: none; 6: the pixels stored turned 90 degrees counter-clockwise, EXIF tag 6
};

// demo.mp4 is 1768x994 (three people: one on a wall, one walking, one small far away); cam02.mp4 and
// cam03.mp4 are 1080x1920 (a person on a force plate, another standing behind). Sizes as COCO's (640 on the
// long side, odd sides), grey, 4:2:2/4:4:0, progressive and an EXIF-rotated photo are among them.
constexpr std::array<PhotoSpec, 11> kPhotos = {{
    {"demo100_portrait.jpg", "sports2d-demo/demo.mp4", 100, 1, nullptr, 520, 0, 700, 994, TJSAMP_444, false,
     1},
    {"demo100_wide.jpg", "sports2d-demo/demo.mp4", 100, 1, nullptr, 0, 330, 1768, 664, TJSAMP_420, false, 1},
    {"demo150_portrait.jpg", "sports2d-demo/demo.mp4", 150, 1, nullptr, 330, 60, 560, 934, TJSAMP_420, false,
     1},
    {"demo150_wide.jpg", "sports2d-demo/demo.mp4", 150, 1, nullptr, 200, 0, 1568, 700, TJSAMP_444, false, 1},
    {"cam02_f50_wide.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 1, nullptr, 0, 300, 1080, 840, TJSAMP_420,
     false, 1},
    {"cam02_f50_portrait.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 1, nullptr, 300, 250, 700, 1100,
     TJSAMP_444, false, 1},
    {"demo175_small.jpg", "sports2d-demo/demo.mp4", 175, 3, nullptr, 0, 0, 589, 331, TJSAMP_420, false, 1},
    {"demo100_422_progressive.jpg", "sports2d-demo/demo.mp4", 100, 2, nullptr, 150, 0, 641, 497, TJSAMP_422,
     true, 1},
    {"cam02_f50_grey.jpg", "pose2sim-demo/videos/cam02.mp4", 50, 3, nullptr, 1, 100, 359, 427, TJSAMP_GRAY,
     false, 1},
    {"cam03_f60_exif6.jpg", "pose2sim-demo/videos/cam03.mp4", 60, 3, nullptr, 0, 40, 360, 481, TJSAMP_440,
     false, 6},
    {"demo155_640x360.jpg", "sports2d-demo/demo.mp4", 155, 1, "640:360", 0, 0, 640, 360, TJSAMP_420, false,
     1},
}};

// Landmarks whose gap to MediaPipe is a heatmap-window switch, proven by
// PosePhotoReference.Demo155LiteGapIsAHeatmapWindowSwitch: the raw landmark lies within 0.002 heatmap cell of
// a cell boundary, physiokit's and MediaPipe's inference put it on either side, and the 7x7 refinement window
// then differs by one row; in MediaPipe's window the heatmap reaches the 0.5 refinement threshold, in
// physiokit's it does not. Such a landmark is reported, not held to kVisibleTolNorm; every other landmark of
// the photo is. `bound` is the measured gap rounded up, so that a larger one fails.
struct WindowSwitch {
  const char* photo;
  PoseModelKind model;
  std::size_t landmark;
  double bound;
};
constexpr std::array<WindowSwitch, 1> kWindowSwitches = {{
    {"demo155_640x360.jpg", PoseModelKind::kLite, 20, 0.018},  // right index finger, visibility 0.60
}};

const WindowSwitch* window_switch(const std::string& photo, PoseModelKind model) {
  for (const WindowSwitch& w : kWindowSwitches)
    if (photo == w.photo && model == w.model) return &w;
  return nullptr;
}

fs::path reference_path() {
  return test::source_dir() / "tests" / "pose" / "data" / "mediapipe_ref" / "photos_detector.json";
}

std::string bytes_md5(const std::vector<std::uint8_t>& bytes) {
  test::Md5 md5;
  md5.update(bytes.data(), bytes.size());
  return md5.hex();
}

// Several photos come from one frame or from later frames of one video: each frame asked for is kept, and a
// video's decoder goes on from where the last photo left it (opened again only to go back).
Result<Image> decode_frame(const fs::path& video, int index) {
  struct Reader {
    std::unique_ptr<FrameDecoder> decoder;
    int next = 0;  // the index of the frame next_frame_into gives next
  };
  static std::map<std::pair<std::string, int>, Image> kept;
  static std::map<std::string, Reader> readers;
  const auto key = std::make_pair(video.string(), index);
  if (auto it = kept.find(key); it != kept.end()) return it->second;
  Reader& r = readers[video.string()];
  if (!r.decoder || r.next > index) {
    r.decoder = PHYSIO_TRY(FrameDecoder::open(video));
    r.next = 0;
  }
  Image frame;
  for (; r.next <= index; ++r.next) {
    const bool got = PHYSIO_TRY(r.decoder->next_frame_into(frame));
    if (!got) return fail(ErrorCode::kCorrupt, "{}: the stream ends before frame {}", video.string(), index);
  }
  if (frame.rotation_deg % 360 != 0) frame = rotate_upright(frame);
  kept.emplace(key, frame);
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

// Frame `index` of `video` decoded and scaled to `size` ("W:H") by the ffmpeg CLI, RGB.
Result<Image> ffmpeg_scaled_frame(const fs::path& video, int index, const std::string& size) {
  const auto colon = size.find(':');
  const int w = std::atoi(size.substr(0, colon).c_str());
  const int h = std::atoi(size.substr(colon + 1).c_str());
  const std::string command = "ffmpeg -nostdin -v error -i '" + video.string() + "' -vf 'select=eq(n\\," +
                              std::to_string(index) + "),scale=" + size +
                              "' -frames:v 1 -fps_mode passthrough -f rawvideo -pix_fmt rgb24 - 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return fail(ErrorCode::kNotFound, "cannot run ffmpeg");
  Image image = PHYSIO_TRY(make_image(w, h));
  const std::size_t got = std::fread(image.pixels.data(), 1, image.pixels.size(), pipe);
  const int status = pclose(pipe);
  if (status != 0 || got != image.pixels.size()) {
    return fail(ErrorCode::kNotFound, "the ffmpeg CLI gave {} of {} bytes (status {}): {}", got,
                image.pixels.size(), status, command);
  }
  return image;
}

// The JPEG bytes of one photo.
Result<std::vector<std::uint8_t>> make_photo(const fs::path& shared_root, const PhotoSpec& spec) {
  const Image frame =
      spec.ffmpeg_scale != nullptr
          ? PHYSIO_TRY(ffmpeg_scaled_frame(shared_root / spec.video, spec.frame, spec.ffmpeg_scale))
          : shrink(PHYSIO_TRY(decode_frame(shared_root / spec.video, spec.frame)), spec.shrink);
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
  double excluded = 0.0;  // the gap of the excluded landmark (a proven window switch)
};

Comparison compare(std::span<const kin::Landmark> ours, const nlohmann::json& ref_result,
                   const WindowSwitch* exclude = nullptr) {
  const auto& lms = ref_result.at("poseLandmarks");
  Comparison c;
  std::vector<double> d;
  for (std::size_t i = 0; i < 33; ++i) {
    const auto& r = lms.at(i);
    if (!(r.at("visibility").get<double>() >= kVisibleThreshold)) continue;
    const double gap = std::max(std::fabs(ours[i].x - r.at("x").get<double>()),
                                std::fabs(ours[i].y - r.at("y").get<double>()));
    if (exclude != nullptr && i == exclude->landmark) {
      c.excluded = gap;
      continue;
    }
    d.push_back(gap);
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
      if (!bytes && bytes.error().code() == ErrorCode::kNotFound) continue;
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
    if (!bytes && bytes.error().code() == ErrorCode::kNotFound) {
      skipped.push_back(std::string(spec.name) + ": " + bytes.error().to_string());
      continue;
    }
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
      const WindowSwitch* excluded = window_switch(spec.name, kind);
      const Comparison c = compare(run->landmarks.landmarks.frame(0), results.at(0), excluded);
      const bool same = c.torso_mean <= kSamePersonTolNorm;
      std::printf("%-28s %-5s %.6f  %.6f  %3d  %s", spec.name, model.c_str(), c.max, c.median, c.n_visible,
                  same ? "same" : "OTHER");
      if (excluded != nullptr) {
        std::printf("  + landmark %zu: %.6f (heatmap-window switch, reported)", excluded->landmark,
                    c.excluded);
        EXPECT_LE(c.excluded, excluded->bound)
            << spec.name << " " << model << " landmark " << excluded->landmark;
      }
      std::printf("\n");
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

// The one gap above kVisibleTolNorm (kWindowSwitches): demo155_640x360, lite, landmark 20. The stages of
// PoseTracker are run by hand to show where it comes from: the landmark model's raw position of landmark 20
// lies 0.0011 heatmap row below the boundary of rows 23/24, so the 7x7 refinement window is centred on row 24
// (rows 21-27), where the heatmap's confidence stays under 0.5 and the landmark is not refined. Centred one
// row up (rows 20-26, what a raw value 0.0011 row smaller gives) the window reaches the threshold, and the
// refined landmark is MediaPipe's to within 0.0001. So MediaPipe's landmark model put the raw point on the
// other side of the boundary: a difference of ~2e-5 of the image between two float implementations of the
// same model, which the threshold turns into 0.018.
TEST(PosePhotoReference, Demo155LiteGapIsAHeatmapWindowSwitch) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  const PhotoSpec* spec = nullptr;
  for (const PhotoSpec& p : kPhotos)
    if (std::string(p.name) == kWindowSwitches[0].photo) spec = &p;
  ASSERT_NE(spec, nullptr);
  std::ifstream in(reference_path());
  ASSERT_TRUE(in) << "missing " << reference_path().string();
  const nlohmann::json ref = nlohmann::json::parse(in);
  const nlohmann::json* input = nullptr;
  for (const auto& i : ref.at("inputs"))
    if (i.at("file").get<std::string>() == spec->name) input = &i;
  ASSERT_NE(input, nullptr);
  auto bytes = make_photo(shared_path.parent_path(), *spec);
  if (!bytes && bytes.error().code() == ErrorCode::kNotFound) GTEST_SKIP() << bytes.error().to_string();
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  if (bytes_md5(*bytes) != input->at("file_md5").get<std::string>())
    GTEST_SKIP() << spec->name
                 << ": this libjpeg-turbo/ffmpeg encoded other bytes; MediaPipe's landmarks are for "
                 << "another picture";
  const Image image = *decode_jpeg(*bytes, spec->name);
  const std::size_t lm = kWindowSwitches[0].landmark;
  const auto& mp = input->at("models").at("lite").at("results").at(0).at("poseLandmarks").at(lm);

  PoseTrackerOptions o;
  o.model = PoseModelKind::kLite;
  o.models_dir = model_path.parent_path();
  o.track = false;
  o.smooth_landmarks = false;
  auto tracker = PoseTracker::create(o);
  ASSERT_TRUE(tracker) << tracker.error().to_string();
  auto people = (*tracker)->detect_people(image);
  ASSERT_TRUE(people && !people->empty());
  const NormalizedRect roi = *roi_from_detection(people->front(), image.width, image.height);
  const Model model = *load_tflite_model(landmark_model_path(o.models_dir, o.model));
  const LandmarkOutputs outputs = *find_landmark_outputs(model);
  InferenceOptions io;
  io.outputs = {outputs.landmarks, outputs.pose_flag, outputs.heatmap, outputs.world};
  auto inference = create_inference(model, io);
  ASSERT_TRUE(inference) << inference.error().to_string();
  auto& net = **inference;
  const LetterboxPadding padding = *image_to_tensor(image, roi, landmark_input_options(), net.input(0));
  ASSERT_TRUE(net.run());
  const std::vector<NormalizedLandmark> raw = *decode_landmarks(net.output(0), kPoseModelLandmarks);
  const int rows = outputs.heatmap_height;
  const int cols = outputs.heatmap_width;
  const float row = raw[lm].y * static_cast<float>(rows);
  const float col = raw[lm].x * static_cast<float>(cols);

  // Refines, projects and returns landmark `lm` with its raw row moved to `at_row` (column unchanged).
  auto refined_at = [&](float at_row, bool& refined) {
    std::vector<NormalizedLandmark> l = raw;
    l[lm].y = at_row / static_cast<float>(rows);
    const NormalizedLandmark before = l[lm];
    EXPECT_TRUE(refine_landmarks_from_heatmap(l, net.output(2), rows, cols));
    refined = l[lm].x != before.x || l[lm].y != before.y;
    remove_landmark_letterbox(l, padding);
    project_landmarks(l, roi);
    return l[lm];
  };
  bool refined_here = false, refined_above = false;
  const NormalizedLandmark here = refined_at(row, refined_here);
  const NormalizedLandmark above = refined_at(std::floor(row) - 0.5f, refined_above);
  const double gap_here =
      std::max(std::fabs(here.x - mp.at("x").get<double>()), std::fabs(here.y - mp.at("y").get<double>()));
  const double gap_above =
      std::max(std::fabs(above.x - mp.at("x").get<double>()), std::fabs(above.y - mp.at("y").get<double>()));
  std::printf(
      "landmark %zu raw heatmap cell (col %.4f, row %.4f); window on row %d: refined %s, gap to MediaPipe "
      "%.5f; window on row %d: refined %s, gap %.5f\n",
      lm, col, row, static_cast<int>(row), refined_here ? "yes" : "no", gap_here, static_cast<int>(row) - 1,
      refined_above ? "yes" : "no", gap_above);
  EXPECT_LT(row - std::floor(row), 0.002f) << "the raw row is no longer next to a cell boundary";
  EXPECT_FALSE(refined_here);
  EXPECT_TRUE(refined_above);
  EXPECT_GT(gap_here, kVisibleTolNorm);
  EXPECT_LT(gap_above, 0.0005) << "the other window does not give MediaPipe's landmark";
}

}  // namespace
}  // namespace physio::pose
