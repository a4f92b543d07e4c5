// JPEG photos as browsers and MediaPipe's loaders read them (src/pose/pipeline/jpeg_decode.hpp):
// libjpeg-turbo, then the EXIF orientation. Test images are encoded here with libjpeg-turbo itself.
#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include "common/test_data.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/jpeg_decode.hpp"

namespace physio::pose {
namespace {

/// 64 x 32: red top-left quarter, green top-right, blue bottom-left, white bottom-right.
Image quadrants() {
  Image im = *make_image(64, 32);
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x) {
      std::uint8_t* p = im.row(y) + 3 * x;
      const bool right = x >= 32, bottom = y >= 16;
      const std::uint8_t c[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
      std::memcpy(p, c[(bottom ? 2 : 0) + (right ? 1 : 0)], 3);
    }
  return im;
}

/// Packed pixels (`format`: TJPF_RGB, TJPF_CMYK...) as a 4:4:4 JPEG of quality 100.
std::vector<std::uint8_t> encode_pixels(const std::uint8_t* pixels, int width, int pitch, int height,
                                        int format) {
  tjhandle tj = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  EXPECT_EQ(tjCompress2(tj, pixels, width, pitch, height, format, &out, &size, TJSAMP_444, 100, 0), 0)
      << tjGetErrorStr2(tj);
  std::vector<std::uint8_t> bytes(out, out + size);
  tjFree(out);
  tjDestroy(tj);
  return bytes;
}

std::vector<std::uint8_t> encode(const Image& im) {
  return encode_pixels(im.pixels.data(), im.width, static_cast<int>(im.stride), im.height, TJPF_RGB);
}

/// `jpeg` with an APP1 EXIF segment holding Orientation `o` right after SOI, in `order` ("II" or "MM").
std::vector<std::uint8_t> with_orientation(const std::vector<std::uint8_t>& jpeg, int o, const char* order) {
  const bool big = order[0] == 'M';
  std::vector<std::uint8_t> tiff = {std::uint8_t(order[0]), std::uint8_t(order[1])};
  auto u16 = [&](unsigned v) {
    if (big) {
      tiff.push_back(std::uint8_t(v >> 8));
      tiff.push_back(std::uint8_t(v));
    } else {
      tiff.push_back(std::uint8_t(v));
      tiff.push_back(std::uint8_t(v >> 8));
    }
  };
  auto u32 = [&](unsigned v) {
    if (big) {
      u16(v >> 16);
      u16(v & 0xFFFF);
    } else {
      u16(v & 0xFFFF);
      u16(v >> 16);
    }
  };
  u16(42);
  u32(8);  // IFD0 right after the header
  u16(2);  // two entries: a make string offset (ignored) and the orientation
  u16(0x010F);
  u16(2);
  u32(4);
  u32(0);
  u16(0x0112);
  u16(3);
  u32(1);
  u16(static_cast<unsigned>(o));
  u16(0);
  u32(0);  // no next IFD
  std::vector<std::uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  app1.insert(app1.end(), tiff.begin(), tiff.end());
  const std::size_t len = app1.size() - 2;
  app1[2] = std::uint8_t(len >> 8);
  app1[3] = std::uint8_t(len);
  std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
  out.insert(out.end(), app1.begin(), app1.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

std::array<int, 3> rgb(const Image& im, int x, int y) {
  const std::uint8_t* p = im.row(y) + 3 * x;
  return {p[0], p[1], p[2]};
}

void expect_colour(const Image& im, int x, int y, std::array<int, 3> want) {
  const auto got = rgb(im, x, y);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(got[c], want[c], 12) << "pixel (" << x << ", " << y << ") channel " << c;
}

bool same(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height) return false;
  for (int y = 0; y < a.height; ++y)
    if (std::memcmp(a.row(y), b.row(y), static_cast<std::size_t>(3 * a.width)) != 0) return false;
  return true;
}

TEST(JpegDecode, DecodesWithLibjpegTurbo) {
  const auto bytes = encode(quadrants());
  ASSERT_TRUE(looks_like_jpeg(bytes));
  auto im = decode_jpeg(bytes, "q.jpg");
  ASSERT_TRUE(im) << im.error().to_string();
  EXPECT_EQ(im->width, 64);
  EXPECT_EQ(im->height, 32);
  EXPECT_EQ(im->rotation_deg, 0);
  expect_colour(*im, 5, 5, {255, 0, 0});
  expect_colour(*im, 60, 5, {0, 255, 0});
  expect_colour(*im, 5, 28, {0, 0, 255});
  expect_colour(*im, 60, 28, {255, 255, 255});
  EXPECT_EQ(jpeg_exif_orientation(bytes), 1);
}

TEST(JpegDecode, ExifOrientationTurnsThePhotoUpright) {
  const auto plain = encode(quadrants());
  for (const char* order : {"II", "MM"}) {
    const auto turned = with_orientation(plain, 6, order);
    EXPECT_EQ(jpeg_exif_orientation(turned), 6) << order;
    auto im = decode_jpeg(turned, "phone.jpg");
    ASSERT_TRUE(im) << im.error().to_string();
    // Orientation 6: shown turned 90 degrees clockwise: 32 x 64, the stored top-left (red) at the top right.
    EXPECT_EQ(im->width, 32);
    EXPECT_EQ(im->height, 64);
    expect_colour(*im, 28, 5, {255, 0, 0});
    expect_colour(*im, 28, 60, {0, 255, 0});
    expect_colour(*im, 3, 5, {0, 0, 255});
  }
  // An orientation out of range, or a broken EXIF block, leaves the photo as stored.
  EXPECT_EQ(jpeg_exif_orientation(with_orientation(plain, 9, "II")), 1);
  auto broken = with_orientation(plain, 6, "II");
  broken[14] = 'X';  // the TIFF magic number
  EXPECT_EQ(jpeg_exif_orientation(broken), 1);
  ASSERT_TRUE(decode_jpeg(broken, "b.jpg"));
}

TEST(JpegDecode, TheEightOrientationsComposeAsTheirDefinitionsSay) {
  Image im = *make_image(3, 2);
  for (std::size_t i = 0; i < im.pixels.size(); ++i) im.pixels[i] = static_cast<std::uint8_t>(i * 7);
  auto o = [](const Image& x, int k) { return apply_exif_orientation(x, k); };
  EXPECT_TRUE(same(o(im, 1), im));
  EXPECT_TRUE(same(o(o(im, 2), 2), im));              // a mirror twice
  EXPECT_TRUE(same(o(o(im, 3), 3), im));              // half a turn twice
  EXPECT_TRUE(same(o(o(im, 6), 8), im));              // a quarter turn each way
  EXPECT_TRUE(same(o(o(im, 3), 2), o(im, 4)));        // 180 then mirror = the other mirror
  EXPECT_TRUE(same(o(o(im, 6), 2), o(im, 5)));        // quarter turn then mirror = transpose
  EXPECT_TRUE(same(o(o(im, 6), 4), o(im, 7)));        // quarter turn then flip = transverse
  EXPECT_TRUE(same(o(o(o(im, 6), 6), 6), o(im, 8)));  // three quarter turns
  EXPECT_EQ(o(im, 6).width, 2);
  EXPECT_EQ(o(im, 6).height, 3);
}

TEST(JpegDecode, BrokenFilesAreRefusedNamingThem) {
  auto bytes = encode(quadrants());
  bytes.resize(bytes.size() / 2);  // cut in the middle of the image data
  auto cut = decode_jpeg(bytes, "cut.jpg");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(cut.error().to_string().find("cut.jpg"), std::string::npos) << cut.error().to_string();
  const std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 13, 10, 26, 10};
  EXPECT_FALSE(looks_like_jpeg(png));
  EXPECT_FALSE(decode_jpeg(png, "x.png"));
  std::vector<std::uint8_t> header_only = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16};
  auto h = decode_jpeg(header_only, "short.jpg");
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().to_string().find("short.jpg"), std::string::npos);
}

TEST(JpegDecode, LoadImageReadsPhotosThisWay) {
  auto dir = test::scratch_dir("jpeg_load");
  const auto turned = with_orientation(encode(quadrants()), 8, "MM");
  std::ofstream(dir / "phone.jpg", std::ios::binary)
      .write(reinterpret_cast<const char*>(turned.data()), static_cast<std::streamsize>(turned.size()));
  auto im = load_image(dir / "phone.jpg");
  ASSERT_TRUE(im) << im.error().to_string();
  // Orientation 8: turned 90 degrees counter-clockwise: the stored top-left (red) at the bottom left.
  EXPECT_EQ(im->width, 32);
  EXPECT_EQ(im->height, 64);
  expect_colour(*im, 3, 60, {255, 0, 0});
}

// A CMYK JPEG as print workflows (Photoshop) write them: Adobe "inverted" CMYK, each stored value the
// amount of paper left, so red is C 255 (no cyan ink) M 0 Y 0... with K the brightness. Browsers (Blink,
// Skia: the loaders MediaPipe's web runtime uses) show it as R = C * K / 255 (G, B alike, integer division).
// Before: "the JPEG data does not decode (Unsupported color conversion request)".
TEST(JpegDecode, CmykPhotosAreShownAsBrowsersShowThem) {
  const Image source = quadrants();
  std::vector<std::uint8_t> cmyk(static_cast<std::size_t>(4 * source.width * source.height));
  for (int y = 0; y < source.height; ++y)
    for (int x = 0; x < source.width; ++x) {
      const auto c = rgb(source, x, y);
      const int k = std::max({c[0], c[1], c[2], 1});
      std::uint8_t* q = cmyk.data() + 4 * (y * source.width + x);
      for (int i = 0; i < 3; ++i)
        q[i] = static_cast<std::uint8_t>((c[static_cast<std::size_t>(i)] * 255 + k / 2) / k);
      q[3] = static_cast<std::uint8_t>(k);
    }
  // libjpeg-turbo stores packed CMYK as a YCCK JPEG with an Adobe marker (transform 2).
  const std::vector<std::uint8_t> bytes =
      encode_pixels(cmyk.data(), source.width, 4 * source.width, source.height, TJPF_CMYK);
  ASSERT_FALSE(bytes.empty());
  auto im = decode_jpeg(bytes, "print.jpg");
  ASSERT_TRUE(im) << im.error().to_string();
  EXPECT_EQ(im->width, 64);
  EXPECT_EQ(im->height, 32);
  expect_colour(*im, 8, 8, {255, 0, 0});
  expect_colour(*im, 40, 8, {0, 255, 0});
  expect_colour(*im, 8, 24, {0, 0, 255});
  expect_colour(*im, 40, 24, {255, 255, 255});
}

}  // namespace
}  // namespace physio::pose
