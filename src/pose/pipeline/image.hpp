#pragma once
/// An 8-bit RGB frame: what every pose stage reads.
///
/// Stage contract
///   layout:  rows top to bottom, pixels left to right, 3 bytes (R, G, B) per pixel; `stride` bytes
///            between row starts (>= 3 * width). `pixels` holds at least stride * height bytes (decoders
///            may leave padding after each row and at the end). // [height, stride]
///   time:    `timestamp_us` is the frame's presentation time (0 for a still image).
///   rotation: clockwise degrees (0, 90, 180, 270) the frame must be turned to be upright, as stored in
///            a video's display matrix. The pipeline turns frames upright (`rotate_upright`) before use,
///            so landmarks are always relative to the upright image.
///   errors:  `make_image` rejects sizes outside [1, kMaxImageSide] and rotations other than multiples of
///            90 degrees with kInvalidArgument.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::pose {

/// Largest accepted width or height in pixels (16K video).
inline constexpr int kMaxImageSide = 16384;

struct Image {
  int width = 0;
  int height = 0;
  /// Bytes between the starts of two rows.
  std::size_t stride = 0;
  TimeUs timestamp_us = 0;
  /// Clockwise degrees to turn the frame upright: 0, 90, 180 or 270.
  int rotation_deg = 0;
  std::vector<std::uint8_t> pixels;  // [height, stride]

  bool empty() const { return width <= 0 || height <= 0; }
  const std::uint8_t* row(int y) const { return pixels.data() + static_cast<std::size_t>(y) * stride; }
  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * stride; }
};

/// A black image of this size with a tight stride (3 * width).
Result<Image> make_image(int width, int height, TimeUs timestamp_us = 0, int rotation_deg = 0);

/// The frame turned clockwise by `image.rotation_deg`, with rotation_deg 0 (a copy when it is already 0).
Image rotate_upright(const Image& image);

}  // namespace physio::pose
