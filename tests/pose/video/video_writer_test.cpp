// Overlay video and PNG writing: written files decode back with the right frame count, size, times and
// colours.
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/draw.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;

// Lossy 4:2:0 coding of a flat block: a few levels of error at its centre.
constexpr int kTolCodecLevels = 12;
// Timestamps come back through the container's time base.
constexpr TimeUs kTolTimeUs = 1000;

Image coloured_frame(int w, int h, int i, TimeUs t_us) {
  Image image = *make_image(w, h, t_us);
  for (auto& v : image.pixels) v = 40;
  // A red block moving right by 2 px a frame.
  for (int y = 8; y < 24; ++y)
    for (int x = 4 + 2 * i; x < 20 + 2 * i && x < w; ++x) image.row(y)[3 * x] = 230;
  return image;
}

std::vector<Image> decode_all(const fs::path& path) {
  std::vector<Image> frames;
  auto decoder = FrameDecoder::open(path);
  EXPECT_TRUE(decoder) << decoder.error().to_string();
  if (!decoder) return frames;
  for (;;) {
    auto f = (*decoder)->next_frame();
    EXPECT_TRUE(f) << f.error().to_string();
    if (!f || !f->has_value()) break;
    frames.push_back(std::move(**f));
  }
  return frames;
}

void write_and_check(const std::string& encoder, const std::string& name) {
  auto dir = test::scratch_dir("pose_video_writer");
  const fs::path out = dir / name;
  constexpr int kFrames = 12;
  VideoWriterOptions options;
  options.rate_num = 25;
  options.encoder = encoder;
  auto writer = VideoWriter::open(out, 64, 48, options);
  ASSERT_TRUE(writer) << writer.error().to_string();
  for (int i = 0; i < kFrames; ++i) {
    ASSERT_TRUE((*writer)->write(coloured_frame(64, 48, i, i * 40'000)));
  }
  EXPECT_FALSE(fs::exists(out)) << "the target appears only on finish()";
  ASSERT_TRUE((*writer)->finish());
  std::printf("encoder %s: %lld bytes for %d frames\n", (*writer)->encoder_name().c_str(),
              static_cast<long long>(fs::file_size(out)), kFrames);
  auto frames = decode_all(out);
  ASSERT_EQ(frames.size(), static_cast<std::size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    const Image& f = frames[static_cast<std::size_t>(i)];
    EXPECT_EQ(f.width, 64);
    EXPECT_EQ(f.height, 48);
    EXPECT_NEAR(static_cast<double>(f.timestamp_us - frames[0].timestamp_us), i * 40'000.0, kTolTimeUs);
    // Inside the block and far from it.
    EXPECT_NEAR(f.row(16)[3 * (12 + 2 * i)], 230, kTolCodecLevels) << "frame " << i;
    EXPECT_NEAR(f.row(40)[3 * 50], 40, kTolCodecLevels) << "frame " << i;
  }
}

TEST(VideoWriter, DefaultEncoderRoundTrips) {
  write_and_check("", "overlay.mp4");
}

TEST(VideoWriter, Mpeg4FallbackRoundTrips) {
  write_and_check("mpeg4", "overlay_mpeg4.mp4");
}

TEST(VideoWriter, OddSizeLosesTheLastRowAndColumn) {
  auto dir = test::scratch_dir("pose_video_writer_odd");
  const fs::path out = dir / "odd.mkv";
  auto writer = VideoWriter::open(out, 65, 49);
  ASSERT_TRUE(writer) << writer.error().to_string();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*writer)->write(coloured_frame(65, 49, i, i * 33'333)));
  ASSERT_TRUE((*writer)->finish());
  auto frames = decode_all(out);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].width, 64);
  EXPECT_EQ(frames[0].height, 48);
}

TEST(VideoWriter, AbandonedOrBadWritesLeaveNoFile) {
  auto dir = test::scratch_dir("pose_video_writer_bad");
  const fs::path out = dir / "gone.mp4";
  {
    auto writer = VideoWriter::open(out, 32, 32);
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->write(coloured_frame(32, 32, 0, 0)));
    auto wrong = (*writer)->write(coloured_frame(16, 32, 1, 40'000));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(fs::is_empty(dir)) << "no target and no temporary file";
  auto unknown = VideoWriter::open(dir / "x.notacontainer", 32, 32);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnsupported);
  EXPECT_FALSE(VideoWriter::open(dir / "tiny.mp4", 1, 32));
  EXPECT_FALSE(VideoWriter::open(dir / "nodir" / "x.mp4", 32, 32));
}

TEST(SavePng, RoundTripsExactly) {
  auto dir = test::scratch_dir("pose_video_png");
  Image image = coloured_frame(33, 27, 3, 0);
  draw_line(image, 2.0f, 3.0f, 30.0f, 20.0f, 3.0f, Rgb{10, 200, 90});
  ASSERT_TRUE(save_png(image, dir / "o.png"));
  auto back = load_image(dir / "o.png");
  ASSERT_TRUE(back) << back.error().to_string();
  ASSERT_EQ(back->width, 33);
  ASSERT_EQ(back->height, 27);
  for (int y = 0; y < 27; ++y)
    for (int x = 0; x < 33 * 3; ++x) ASSERT_EQ(back->row(y)[x], image.row(y)[x]) << x << "," << y;
}

}  // namespace
}  // namespace physio::pose
