// Frame sources (image, folder, video, camera) and the streaming reader's ordering and memory bound.
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/frame_source.hpp"
#include "pose/video/streaming_reader.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;

Image flat(int w, int h, std::uint8_t level, TimeUs t_us = 0) {
  Image image = *make_image(w, h, t_us);
  for (auto& v : image.pixels) v = level;
  return image;
}

fs::path write_video(const fs::path& dir, int frames) {
  const fs::path out = dir / "clip.mp4";
  VideoWriterOptions options;
  options.rate_num = 20;
  auto writer = VideoWriter::open(out, 32, 24, options);
  EXPECT_TRUE(writer);
  for (int i = 0; i < frames; ++i)
    EXPECT_TRUE((*writer)->write(flat(32, 24, static_cast<std::uint8_t>(10 * i), i * 50'000)));
  EXPECT_TRUE((*writer)->finish());
  return out;
}

TEST(FrameSource, FolderInNaturalOrderWithTimesFromTheRate) {
  auto dir = test::scratch_dir("pose_video_folder");
  // Written out of order; f10 must come last. A non-image file is ignored.
  ASSERT_TRUE(save_png(flat(8, 6, 30), dir / "f10.png"));
  ASSERT_TRUE(save_png(flat(8, 6, 10), dir / "f1.png"));
  ASSERT_TRUE(save_png(flat(8, 6, 20), dir / "f2.png"));
  ASSERT_TRUE(save_file_atomic(dir / "notes.txt", "not a frame"));
  FrameSourceOptions options;
  options.folder_rate_hz = 10.0;
  auto source = FrameSource::open(dir, options);
  ASSERT_TRUE(source) << source.error().to_string();
  EXPECT_EQ((*source)->kind(), SourceKind::kImageFolder);
  EXPECT_EQ((*source)->expected_frames(), 3);
  EXPECT_EQ((*source)->rate_num(), 10);
  const std::uint8_t levels[] = {10, 20, 30};
  for (int i = 0; i < 3; ++i) {
    auto f = (*source)->next();
    ASSERT_TRUE(f && f->has_value());
    EXPECT_EQ((*f)->pixels[0], levels[i]);
    EXPECT_EQ((*f)->timestamp_us, i * 100'000);
  }
  auto end = (*source)->next();
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
}

TEST(FrameSource, ClearErrors) {
  auto dir = test::scratch_dir("pose_video_errors");
  auto missing = FrameSource::open(dir / "nope.mp4");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().to_string().find("nope.mp4"), std::string::npos);

  auto empty = FrameSource::open(dir);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kNotFound);

  FrameSourceOptions bad_rate;
  bad_rate.folder_rate_hz = 0;
  ASSERT_TRUE(save_png(flat(4, 4, 1), dir / "a.png"));
  EXPECT_FALSE(FrameSource::open(dir, bad_rate));

  ASSERT_TRUE(save_file_atomic(dir / "text.mp4", "this is not a video at all"));
  auto junk = FrameSource::open(dir / "text.mp4");
  EXPECT_FALSE(junk);

  auto camera = FrameSource::open("/dev/video97");
  ASSERT_FALSE(camera);
  EXPECT_NE(camera.error().to_string().find("/dev/video97"), std::string::npos);
}

// The live-camera path is FFmpeg's input-device path (libavdevice). No camera exists on the test machines,
// so it is exercised with FFmpeg's "lavfi" device: a synthetic 64x48 source at 10 frames/s for 1 s.
TEST(FrameSource, InputDevicePathDecodesFramesWithTimesFromTheFirst) {
  FrameDecoder::DeviceOptions o;
  auto dev = FrameDecoder::open_device("lavfi", "testsrc=size=64x48:rate=10:duration=1", o);
  ASSERT_TRUE(dev) << dev.error().to_string();
  std::vector<TimeUs> times;
  for (;;) {
    auto f = (*dev)->next_frame();
    ASSERT_TRUE(f) << f.error().to_string();
    if (!f->has_value()) break;
    EXPECT_EQ((*f)->width, 64);
    EXPECT_EQ((*f)->height, 48);
    times.push_back((*f)->timestamp_us);
  }
  ASSERT_EQ(times.size(), 10u);
  for (std::size_t i = 0; i < times.size(); ++i) EXPECT_EQ(times[i], static_cast<TimeUs>(i) * 100'000) << i;
  auto none = FrameDecoder::open_device("no_such_device", "x", o);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kUnsupported);
  EXPECT_NE(none.error().message().find("no_such_device"), std::string::npos) << none.error().message();
  auto bad = FrameDecoder::open_device("lavfi", "no_such_filter=1", o);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("no_such_filter"), std::string::npos) << bad.error().message();
}

TEST(FrameSource, ExtensionsAndImages) {
  EXPECT_TRUE(has_image_extension("a/B.JPG"));
  EXPECT_TRUE(has_video_extension("c.MOV"));
  EXPECT_FALSE(has_image_extension("c.mp4"));
  EXPECT_FALSE(has_video_extension("x.json"));
  EXPECT_TRUE(is_camera_path("/dev/video0"));
  auto dir = test::scratch_dir("pose_video_image");
  ASSERT_TRUE(save_png(flat(5, 7, 77), dir / "one.png"));
  auto source = FrameSource::open(dir / "one.png");
  ASSERT_TRUE(source);
  EXPECT_EQ((*source)->kind(), SourceKind::kImage);
  auto f = (*source)->next();
  ASSERT_TRUE(f && f->has_value());
  EXPECT_EQ((*f)->width, 5);
  EXPECT_EQ((*f)->height, 7);
  EXPECT_FALSE((*source)->next()->has_value());
}

TEST(StreamingReader, DeliversEveryFrameInOrderThroughABoundedQueue) {
  auto dir = test::scratch_dir("pose_video_stream");
  const fs::path clip = write_video(dir, 15);
  auto info = probe_video(clip);
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_NEAR(info->rate_hz(), 20.0, 1e-9);
  EXPECT_EQ(info->frame_count, 15);

  auto source = FrameSource::open(clip);
  ASSERT_TRUE(source);
  EXPECT_EQ((*source)->kind(), SourceKind::kVideo);
  StreamingReaderOptions options;
  options.queue_frames = 2;
  StreamingReader reader(std::move(*source), options);
  int n = 0;
  TimeUs last = -1;
  for (;;) {
    auto f = reader.next();
    ASSERT_TRUE(f) << f.error().to_string();
    if (!f->has_value()) break;
    EXPECT_GT((*f)->timestamp_us, last);
    last = (*f)->timestamp_us;
    ++n;
  }
  EXPECT_EQ(n, 15);
  EXPECT_LE(reader.queue_high_water(), 2u);
  EXPECT_FALSE(reader.next()->has_value());
}

TEST(StreamingReader, RecycledBuffersGiveTheSameFrames) {
  auto dir = test::scratch_dir("pose_video_stream_recycle");
  const fs::path clip = write_video(dir, 12);
  // Reference: every frame decoded into a fresh buffer.
  std::vector<std::vector<std::uint8_t>> fresh;
  {
    auto source = FrameSource::open(clip);
    ASSERT_TRUE(source);
    StreamingReader reader(std::move(*source), {});
    for (;;) {
      auto f = reader.next();
      ASSERT_TRUE(f);
      if (!f->has_value()) break;
      const Image& im = **f;
      std::vector<std::uint8_t> rows;
      for (int y = 0; y < im.height; ++y) rows.insert(rows.end(), im.row(y), im.row(y) + 3 * im.width);
      fresh.push_back(std::move(rows));
    }
  }
  ASSERT_EQ(fresh.size(), 12u);
  auto source = FrameSource::open(clip);
  ASSERT_TRUE(source);
  StreamingReaderOptions options;
  options.queue_frames = 2;
  StreamingReader reader(std::move(*source), options);
  std::size_t n = 0;
  for (;;) {
    auto f = reader.next();
    ASSERT_TRUE(f);
    if (!f->has_value()) break;
    const Image& im = **f;
    ASSERT_LT(n, fresh.size());
    std::vector<std::uint8_t> rows;
    for (int y = 0; y < im.height; ++y) rows.insert(rows.end(), im.row(y), im.row(y) + 3 * im.width);
    EXPECT_EQ(rows, fresh[n]) << "frame " << n;
    ++n;
    reader.recycle(std::move(**f));  // the decode thread writes a later frame into this buffer
  }
  EXPECT_EQ(n, 12u);
}

TEST(StreamingReader, MaxFramesAndEarlyStop) {
  auto dir = test::scratch_dir("pose_video_stream_max");
  const fs::path clip = write_video(dir, 15);
  {
    StreamingReaderOptions options;
    options.max_frames = 4;
    StreamingReader reader(std::move(*FrameSource::open(clip)), options);
    int n = 0;
    while (true) {
      auto f = reader.next();
      ASSERT_TRUE(f);
      if (!f->has_value()) break;
      ++n;
    }
    EXPECT_EQ(n, 4);
  }
  {
    // Destroyed while the decode thread is blocked on a full queue: must not hang.
    StreamingReaderOptions options;
    options.queue_frames = 1;
    StreamingReader reader(std::move(*FrameSource::open(clip)), options);
    ASSERT_TRUE(reader.next());
  }
}

TEST(FrameDecoder, AnUploadsTimeLimitBoundsItsOpeningNotItsReading) {
  // The limit is on opening (probe and stream information); a video read after it has passed is read to
  // its end, every frame (an uploaded walk was once cut short where the limit fell and refused as "not
  // walking across the view").
  auto dir = test::scratch_dir("pose_video_upload_limits");
  // Noise, so that the file is far larger than what FFmpeg reads while opening it (its I/O buffer).
  const fs::path clip = dir / "noise.mp4";
  constexpr int kFrames = 40;
  {
    VideoWriterOptions options;
    options.rate_num = 20;
    auto writer = VideoWriter::open(clip, 320, 240, options);
    ASSERT_TRUE(writer);
    std::uint32_t x = 12345;
    for (int i = 0; i < kFrames; ++i) {
      Image image = flat(320, 240, 0, i * 50'000);
      for (auto& v : image.pixels) {
        x = x * 1664525u + 1013904223u;
        v = static_cast<std::uint8_t>(x >> 24);
      }
      ASSERT_TRUE((*writer)->write(image));
    }
    ASSERT_TRUE((*writer)->finish());
  }
  ASSERT_GT(fs::file_size(clip), 1u << 20);
  auto limits = upload_video_limits();
  limits.time = std::chrono::milliseconds(300);
  auto dec = FrameDecoder::open(clip, 1, limits);
  ASSERT_TRUE(dec) << dec.error().to_string();
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  int n = 0;
  while (true) {
    auto f = (*dec)->next_frame();
    ASSERT_TRUE(f) << f.error().to_string();
    if (!f->has_value()) break;
    ++n;
  }
  EXPECT_EQ(n, kFrames);
  EXPECT_EQ((*dec)->truncation(), "");
  // The same through a frame source of an uploaded file.
  FrameSourceOptions options;
  options.uploaded = true;
  auto source = FrameSource::open(clip, options);
  ASSERT_TRUE(source) << source.error().to_string();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int m = 0;
  while (true) {
    auto f = (*source)->next();
    ASSERT_TRUE(f) << f.error().to_string();
    if (!f->has_value()) break;
    ++m;
  }
  EXPECT_EQ(m, kFrames);
}

TEST(FrameDecoder, AnUploadIsReadOnlyAsAClinicsVideoContainers) {
  auto dir = test::scratch_dir("pose_video_upload_formats");
  // A WAV file FFmpeg reads without the whitelist: refused with the containers named.
  std::string wav = "RIFF";
  const auto le32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) wav += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  le32(36 + 8000);
  wav += "WAVEfmt ";
  le32(16);
  wav += std::string("\x01\x00\x01\x00", 4);
  le32(8000);
  le32(8000);
  wav += std::string("\x01\x00\x08\x00", 4);
  wav += "data";
  le32(8000);
  wav += std::string(8000, '\x80');
  ASSERT_TRUE(save_file_atomic(dir / "sound.mp4", wav));
  auto refused = FrameDecoder::open(dir / "sound.mp4", 1, upload_video_limits());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnsupported) << refused.error().to_string();
  EXPECT_NE(refused.error().to_string().find("MP4 or MOV, WebM or Matroska, AVI"), std::string::npos)
      << refused.error().to_string();
}

}  // namespace
}  // namespace physio::pose
