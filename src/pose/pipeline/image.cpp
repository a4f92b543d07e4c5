#include "pose/pipeline/image.hpp"

#include <algorithm>
#include <cstring>

namespace physio::pose {

Result<Image> make_image(int width, int height, TimeUs timestamp_us, int rotation_deg) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide) {
    return fail(ErrorCode::kInvalidArgument, "image size {}x{} is outside 1..{} pixels per side", width,
                height, kMaxImageSide);
  }
  const int normalised = ((rotation_deg % 360) + 360) % 360;
  if (normalised % 90 != 0) {
    return fail(ErrorCode::kInvalidArgument, "image rotation {} deg is not a multiple of 90", rotation_deg);
  }
  Image image;
  image.width = width;
  image.height = height;
  image.stride = static_cast<std::size_t>(width) * 3;
  image.timestamp_us = timestamp_us;
  image.rotation_deg = normalised;
  image.pixels.assign(image.stride * static_cast<std::size_t>(height), 0);
  return image;
}

Image rotate_upright(const Image& image) {
  const int rot = ((image.rotation_deg % 360) + 360) % 360;
  const bool swap = rot == 90 || rot == 270;
  Image out;
  out.width = swap ? image.height : image.width;
  out.height = swap ? image.width : image.height;
  out.stride = static_cast<std::size_t>(out.width) * 3;
  out.timestamp_us = image.timestamp_us;
  out.rotation_deg = 0;
  out.pixels.resize(out.stride * static_cast<std::size_t>(out.height));
  for (int y = 0; y < out.height; ++y) {
    std::uint8_t* dst = out.row(y);
    for (int x = 0; x < out.width; ++x) {
      // Source pixel of output (x, y) for a clockwise turn by `rot`.
      int sx = x;
      int sy = y;
      if (rot == 90) {
        sx = y;
        sy = image.height - 1 - x;
      } else if (rot == 180) {
        sx = image.width - 1 - x;
        sy = image.height - 1 - y;
      } else if (rot == 270) {
        sx = image.width - 1 - y;
        sy = x;
      }
      std::memcpy(dst + 3 * static_cast<std::size_t>(x), image.row(sy) + 3 * static_cast<std::size_t>(sx), 3);
    }
  }
  return out;
}

}  // namespace physio::pose
