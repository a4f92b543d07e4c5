// Image type, rotation and decoding through FFmpeg.
#include <cstdint>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/image.hpp"

namespace physio::pose {
namespace {

// A 3x2 image whose pixel (x, y) is (10x + y, 100 + x, 200 + y).
Image numbered_image(int rotation_deg) {
  Image img = make_image(3, 2, 0, rotation_deg).value();
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x) {
      std::uint8_t* p = img.row(y) + 3 * x;
      p[0] = static_cast<std::uint8_t>(10 * x + y);
      p[1] = static_cast<std::uint8_t>(100 + x);
      p[2] = static_cast<std::uint8_t>(200 + y);
    }
  return img;
}

int red(const Image& img, int x, int y) {
  return img.row(y)[3 * x];
}

TEST(PosePipelineImage, MakeImageValidates) {
  EXPECT_FALSE(make_image(0, 10));
  EXPECT_FALSE(make_image(10, -1));
  EXPECT_FALSE(make_image(kMaxImageSide + 1, 10));
  EXPECT_FALSE(make_image(10, 10, 0, 45));
  auto img = make_image(4, 3, 123, -90);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->stride, 12u);
  EXPECT_EQ(img->pixels.size(), 36u);
  EXPECT_EQ(img->rotation_deg, 270);
  EXPECT_EQ(img->timestamp_us, 123);
}

TEST(PosePipelineImage, RotateUprightTurnsClockwise) {
  // 90 deg clockwise: the left column (bottom to top) becomes the top row.
  Image r90 = rotate_upright(numbered_image(90));
  ASSERT_EQ(r90.width, 2);
  ASSERT_EQ(r90.height, 3);
  EXPECT_EQ(r90.rotation_deg, 0);
  EXPECT_EQ(red(r90, 0, 0), 1);   // source (0, 1)
  EXPECT_EQ(red(r90, 1, 0), 0);   // source (0, 0)
  EXPECT_EQ(red(r90, 0, 2), 21);  // source (2, 1)
  Image r180 = rotate_upright(numbered_image(180));
  EXPECT_EQ(red(r180, 0, 0), 21);
  EXPECT_EQ(red(r180, 2, 1), 0);
  Image r270 = rotate_upright(numbered_image(270));
  ASSERT_EQ(r270.width, 2);
  EXPECT_EQ(red(r270, 0, 0), 20);  // source (2, 0): the right column becomes the top row
  EXPECT_EQ(red(r270, 1, 2), 1);   // source (0, 1)
  Image r0 = rotate_upright(numbered_image(0));
  EXPECT_EQ(r0.pixels, numbered_image(0).pixels);
}

TEST(PosePipelineImage, LoadsPpmExactly) {
  // A binary PPM has no compression or colour conversion: decoded pixels must equal the bytes written.
  const auto path = test::scratch_dir("pose_pipeline_image") / "gradient.ppm";
  const int w = 7, h = 5;
  {
    std::ofstream f(path, std::ios::binary);
    f << "P6\n" << w << " " << h << "\n255\n";
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const char px[3] = {static_cast<char>(30 * x), static_cast<char>(40 * y), static_cast<char>(x + y)};
        f.write(px, 3);
      }
  }
  auto img = load_image(path);
  ASSERT_TRUE(img) << img.error().to_string();
  ASSERT_EQ(img->width, w);
  ASSERT_EQ(img->height, h);
  EXPECT_EQ(img->timestamp_us, 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::uint8_t* p = img->row(y) + 3 * x;
      EXPECT_EQ(p[0], 30 * x);
      EXPECT_EQ(p[1], 40 * y);
      EXPECT_EQ(p[2], x + y);
    }
}

TEST(PosePipelineImage, LoadsReferencePng) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  auto img = load_image(shared_path / "vtest_f100_crop.png");
  ASSERT_TRUE(img) << img.error().to_string();
  EXPECT_EQ(img->width, 600);
  EXPECT_EQ(img->height, 600);
  long sum = 0;
  for (std::uint8_t v : img->pixels) sum += v;
  EXPECT_GT(sum, 0);
}

TEST(PosePipelineImage, DecodesVideoFramesWithTimestamps) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto decoder = FrameDecoder::open(shared_path / "demo.mp4");
  ASSERT_TRUE(decoder) << decoder.error().to_string();
  EXPECT_EQ((*decoder)->width(), 1768);
  EXPECT_EQ((*decoder)->height(), 994);
  EXPECT_EQ((*decoder)->rotation_deg(), 0);
  TimeUs previous = -1;
  for (int k = 0; k < 4; ++k) {
    auto frame = (*decoder)->next_frame();
    ASSERT_TRUE(frame) << frame.error().to_string();
    ASSERT_TRUE(frame->has_value());
    const Image& img = **frame;
    EXPECT_EQ(img.width, 1768);
    EXPECT_EQ(img.height, 994);
    if (previous >= 0) {
      EXPECT_NEAR(static_cast<double>(img.timestamp_us - previous), 1e6 / 30.0, 1000.0);
    }
    previous = img.timestamp_us;
  }
}

TEST(PosePipelineImage, DecodeLoopReusesTheFrameBuffer) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto decoder = FrameDecoder::open(shared_path / "demo.mp4");
  ASSERT_TRUE(decoder) << decoder.error().to_string();
  Image frame;
  ASSERT_TRUE((*decoder)->next_frame_into(frame).value());
  const std::uint8_t* buffer = frame.pixels.data();
  const TimeUs first = frame.timestamp_us;
  ASSERT_TRUE((*decoder)->next_frame_into(frame).value());
  EXPECT_EQ(frame.pixels.data(), buffer);  // no reallocation between frames
  EXPECT_GT(frame.timestamp_us, first);
  EXPECT_GE(frame.stride, 3u * 1768u);
  EXPECT_GE(frame.pixels.size(), frame.stride * 994u);
  EXPECT_FALSE(FrameDecoder::open(shared_path / "demo.mp4", -1));
}

TEST(PosePipelineImage, ClearErrors) {
  auto missing = load_image("/nonexistent/folder/frame.png");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().to_string().find("frame.png"), std::string::npos);

  const auto dir = test::scratch_dir("pose_pipeline_image_bad");
  const auto text = dir / "notes.png";
  { std::ofstream(text) << "this is not an image, just text\n"; }
  auto bad = load_image(text);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("notes.png"), std::string::npos);

  const auto empty = dir / "empty.jpg";
  { std::ofstream f(empty); }
  auto none = load_image(empty);
  ASSERT_FALSE(none);

  // A PNG signature followed by garbage: the decoder must fail cleanly.
  const auto trunc = dir / "truncated.png";
  {
    std::ofstream f(trunc, std::ios::binary);
    const unsigned char sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                 0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    f.write(reinterpret_cast<const char*>(sig), sizeof(sig));
  }
  EXPECT_FALSE(load_image(trunc));
}

}  // namespace
}  // namespace physio::pose
