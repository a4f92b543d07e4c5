#pragma once
/// SSD anchors for the BlazePose detector, generated as MediaPipe's SsdAnchorsCalculator does.
///
/// Stage contract
///   input:   SsdAnchorOptions; the defaults are pose_detection_cpu.pbtxt's (5 layers, strides
///            8, 16, 32, 32, 32 on a 224x224 input, scales 0.1484375..0.75, aspect ratio 1 plus the
///            interpolated-scale anchor, offset 0.5, fixed anchor size) and give 2254 anchors.
///   output:  anchors in the order the detector's 2254 output rows use: for each group of consecutive
///            layers with the same stride, row-major over its feature map (y, then x), then the anchors of
///            that cell. Centres are normalised to [0, 1]; with fixed_anchor_size width = height = 1.
///   errors:  kInvalidArgument for empty strides, a layer count that disagrees with the strides, a
///            non-positive stride or input size, or no aspect ratio.

#include <vector>

#include "core/error.hpp"

namespace physio::pose {

struct SsdAnchorOptions {
  int num_layers = 5;
  float min_scale = 0.1484375f;
  float max_scale = 0.75f;
  int input_height = 224;
  int input_width = 224;
  float anchor_offset_x = 0.5f;
  float anchor_offset_y = 0.5f;
  std::vector<int> strides = {8, 16, 32, 32, 32};
  std::vector<float> aspect_ratios = {1.0f};
  /// MediaPipe's default: one extra anchor per layer at sqrt(scale * next scale) with this aspect ratio
  /// (<= 0 disables it).
  float interpolated_scale_aspect_ratio = 1.0f;
  bool reduce_boxes_in_lowest_layer = false;
  bool fixed_anchor_size = true;
};

struct Anchor {
  float x_center = 0;  ///< normalised
  float y_center = 0;  ///< normalised
  float width = 1;     ///< normalised (1 with fixed anchor size)
  float height = 1;
};

/// 2254 anchors for the defaults.
Result<std::vector<Anchor>> compute_ssd_anchors(const SsdAnchorOptions& options = {});

}  // namespace physio::pose
