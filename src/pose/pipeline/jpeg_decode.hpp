#pragma once
/// JPEG photos decoded the way browsers and MediaPipe's image loaders decode them: libjpeg-turbo (TurboJPEG
/// API, accurate integer DCT, fancy chroma upsampling, RGB out), then the EXIF orientation applied so that
/// the image is upright as a photo viewer shows it.
///
/// Stage contract
///   input:   the file's bytes (starting with the JPEG SOI marker FF D8 FF) and its name for messages.
///   output:  an upright Image (rotation_deg 0), tight stride, timestamp 0. CMYK and YCCK photos (print
///            workflows) as browsers show them: Adobe "inverted" CMYK, R = C * K / 255 (G, B alike).
///   EXIF:    the Orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment: 1 as stored, 2 mirrored
///            left-right, 3 turned 180, 4 mirrored top-bottom, 5 transposed, 6 turned 90 clockwise,
///            7 transversed, 8 turned 90 counter-clockwise; absent, unreadable or out of range: as stored.
///   errors:  kCorrupt naming the file when libjpeg-turbo cannot read the header or the data (a truncated
///            file, another format); kInvalidArgument for a size outside [1, kMaxImageSide].

#include <cstdint>
#include <span>
#include <string_view>

#include "core/error.hpp"
#include "pose/pipeline/image.hpp"

namespace physio::pose {

/// The file starts like a JPEG (FF D8 FF).
bool looks_like_jpeg(std::span<const std::uint8_t> bytes);

/// The EXIF orientation (1-8) of a JPEG's bytes; 1 when there is none or it does not read.
int jpeg_exif_orientation(std::span<const std::uint8_t> bytes);

/// `image` as EXIF orientation `orientation` says to show it (1-8; others: unchanged).
Image apply_exif_orientation(const Image& image, int orientation);

Result<Image> decode_jpeg(std::span<const std::uint8_t> bytes, std::string_view name);

}  // namespace physio::pose
