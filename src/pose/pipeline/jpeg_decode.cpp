#include "pose/pipeline/jpeg_decode.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <turbojpeg.h>

namespace physio::pose {
namespace {

std::uint32_t read_u16(const std::uint8_t* p, bool big) {
  return big ? (std::uint32_t{p[0]} << 8) | p[1] : (std::uint32_t{p[1]} << 8) | p[0];
}

std::uint32_t read_u32(const std::uint8_t* p, bool big) {
  return big ? (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3]
             : (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

/// The Orientation of a TIFF block (the APP1 payload after "Exif\0\0"); 1 when absent or unreadable.
int tiff_orientation(std::span<const std::uint8_t> tiff) {
  if (tiff.size() < 8) return 1;
  bool big = false;
  if (tiff[0] == 'M' && tiff[1] == 'M')
    big = true;
  else if (!(tiff[0] == 'I' && tiff[1] == 'I'))
    return 1;
  if (read_u16(tiff.data() + 2, big) != 42) return 1;
  const std::uint32_t ifd = read_u32(tiff.data() + 4, big);
  if (ifd > tiff.size() || tiff.size() - ifd < 2) return 1;
  const std::uint32_t count = read_u16(tiff.data() + ifd, big);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t at = ifd + 2 + std::size_t{12} * i;
    if (at + 12 > tiff.size()) return 1;
    if (read_u16(tiff.data() + at, big) != 0x0112) continue;
    if (read_u16(tiff.data() + at + 2, big) != 3 || read_u32(tiff.data() + at + 4, big) != 1) return 1;
    const auto v = static_cast<int>(read_u16(tiff.data() + at + 8, big));
    return v >= 1 && v <= 8 ? v : 1;
  }
  return 1;
}

struct TjFree {
  void operator()(void* h) const {
    if (h) tjDestroy(h);
  }
};

}  // namespace

bool looks_like_jpeg(std::span<const std::uint8_t> b) {
  return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

int jpeg_exif_orientation(std::span<const std::uint8_t> b) {
  if (!looks_like_jpeg(b)) return 1;
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (b[at] != 0xFF) return 1;
    const std::uint8_t marker = b[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return 1;  // image data or end: no EXIF before it
    const std::size_t len = (std::size_t{b[at + 2]} << 8) | b[at + 3];
    if (len < 2 || at + 2 + len > b.size()) return 1;
    if (marker == 0xE1 && len >= 8 && std::memcmp(b.data() + at + 4, "Exif\0\0", 6) == 0)
      return tiff_orientation(b.subspan(at + 10, len - 8));
    at += 2 + len;
  }
  return 1;
}

Image apply_exif_orientation(const Image& in, int o) {
  if (o < 2 || o > 8 || in.empty()) return in;
  const bool swap = o >= 5;
  Image out;
  out.width = swap ? in.height : in.width;
  out.height = swap ? in.width : in.height;
  out.stride = static_cast<std::size_t>(out.width) * 3;
  out.timestamp_us = in.timestamp_us;
  out.pixels.resize(out.stride * static_cast<std::size_t>(out.height));
  const int w = in.width, h = in.height;
  for (int y = 0; y < out.height; ++y) {
    std::uint8_t* dst = out.row(y);
    for (int x = 0; x < out.width; ++x) {
      int sx = x, sy = y;
      switch (o) {
        case 2:
          sx = w - 1 - x;
          break;
        case 3:
          sx = w - 1 - x;
          sy = h - 1 - y;
          break;
        case 4:
          sy = h - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = h - 1 - x;
          break;
        case 7:
          sx = w - 1 - y;
          sy = h - 1 - x;
          break;
        case 8:
          sx = w - 1 - y;
          sy = x;
          break;
        default:
          break;
      }
      std::memcpy(dst + 3 * x, in.row(sy) + 3 * sx, 3);
    }
  }
  return out;
}

Result<Image> decode_jpeg(std::span<const std::uint8_t> bytes, std::string_view name) {
  if (!looks_like_jpeg(bytes)) return fail(ErrorCode::kCorrupt, "{}: not a JPEG file", name);
  std::unique_ptr<void, TjFree> tj(tjInitDecompress());
  if (!tj) return fail(ErrorCode::kInternal, "{}: the JPEG decoder could not start", name);
  int width = 0, height = 0, subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), &width, &height,
                          &subsamp, &colorspace) != 0)
    return fail(ErrorCode::kCorrupt, "{}: the JPEG header does not read ({})", name,
                tjGetErrorStr2(tj.get()));
  if (width <= 0 || height <= 0)
    return fail(ErrorCode::kCorrupt, "{}: the JPEG header gives no image size (a truncated file?)", name);
  auto made = make_image(width, height);
  if (!made) return std::unexpected(std::move(made.error()).with_context(std::string(name)));
  Image image = std::move(*made);
  // CMYK (and YCCK) photos from print workflows: libjpeg-turbo gives the stored CMYK, which browsers (Blink,
  // Skia) read as Adobe "inverted" CMYK and show as R = C * K / 255 (G, B alike, integer division).
  const bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  std::vector<std::uint8_t> stored;
  if (cmyk) stored.resize(4 * static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  // Accurate integer DCT and fancy upsampling: libjpeg-turbo's defaults, as browsers decode.
  const int decoded =
      cmyk ? tjDecompress2(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), stored.data(),
                           width, 4 * width, height, TJPF_CMYK, 0)
           : tjDecompress2(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()),
                           image.pixels.data(), width, static_cast<int>(image.stride), height, TJPF_RGB, 0);
  if (decoded != 0) {
    // A warning such as extraneous bytes between segments still leaves a whole image (browsers show it); a
    // file that ends early leaves grey rows where the person may be, so it is refused like an error.
    const std::string why = tjGetErrorStr2(tj.get());
    if (tjGetErrorCode(tj.get()) != TJERR_WARNING || why.find("Premature end") != std::string::npos)
      return fail(ErrorCode::kCorrupt, "{}: the JPEG data does not decode ({})", name, why);
  }
  if (cmyk) {
    for (int y = 0; y < height; ++y) {
      const std::uint8_t* in =
          stored.data() + 4 * static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
      std::uint8_t* out = image.row(y);
      for (int x = 0; x < width; ++x, in += 4, out += 3) {
        const unsigned k = in[3];
        for (int c = 0; c < 3; ++c) out[c] = static_cast<std::uint8_t>(in[c] * k / 255u);
      }
    }
  }
  return apply_exif_orientation(image, jpeg_exif_orientation(bytes));
}

}  // namespace physio::pose
