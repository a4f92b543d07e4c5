#pragma once
/// Image -> network input tensor: MediaPipe's ImageToTensorCalculator on the CPU.
///
/// Stage contract
///   input:   an RGB8 `Image`, a region of interest (`NormalizedRect`, possibly rotated) and the options.
///            The ROI becomes a rectangle in pixels (centre x*W, y*H; size width*W x height*H); with
///            keep_aspect_ratio it is first grown along one side to the tensor's aspect ratio, and the
///            returned padding says which fractions of the tensor are border (letterbox).
///   output:  `tensor` [out_height, out_width, 3] fp32, RGB. Output pixel (i, j) samples the image at
///            the point of the ROI that its centre maps to, u = (j + 0.5) / out_width - 0.5 and
///            v = (i + 0.5) / out_height - 0.5 along the ROI's rotated axes; the image is read with float
///            bilinear interpolation between pixel centres (pixel k's centre at k + 0.5). Outside the
///            image, kZero reads black (value 0 before range mapping) and kReplicate the nearest edge
///            pixel. Values map linearly from [0, 255] to [range_min, range_max].
///   errors:  kInvalidArgument for an empty image, a tensor of the wrong size, a non-finite or empty ROI
///            (or one centred or sized beyond 1e4 image sizes), or a non-positive output size.

#include <span>

#include "core/error.hpp"
#include "pose/pipeline/geometry.hpp"
#include "pose/pipeline/image.hpp"

namespace physio::pose {

enum class BorderMode { kZero, kReplicate };

struct ImageToTensorOptions {
  int out_width = 256;
  int out_height = 256;
  bool keep_aspect_ratio = true;
  float range_min = 0.0f;
  float range_max = 1.0f;
  BorderMode border = BorderMode::kReplicate;
};

/// pose_detection_cpu.pbtxt: 224x224, keep aspect ratio, [-1, 1], zero border.
ImageToTensorOptions detector_input_options();
/// pose_landmark_by_roi_cpu.pbtxt: 256x256, keep aspect ratio, [0, 1], replicate border (the default).
ImageToTensorOptions landmark_input_options();

/// Fills `tensor` from the ROI of `image`; returns the letterbox padding.
Result<LetterboxPadding> image_to_tensor(const Image& image, const NormalizedRect& roi,
                                         const ImageToTensorOptions& options, std::span<float> tensor);

}  // namespace physio::pose
