#include "pose/pipeline/anchors.hpp"

#include <cmath>
#include <cstddef>

namespace physio::pose {
namespace {

float layer_scale(float min_scale, float max_scale, int layer, int num_layers) {
  if (num_layers == 1) return (min_scale + max_scale) * 0.5f;
  return min_scale +
         (max_scale - min_scale) * static_cast<float>(layer) / (static_cast<float>(num_layers) - 1.0f);
}

}  // namespace

Result<std::vector<Anchor>> compute_ssd_anchors(const SsdAnchorOptions& o) {
  const int n_strides = static_cast<int>(o.strides.size());
  if (n_strides == 0 || o.num_layers != n_strides) {
    return fail(ErrorCode::kInvalidArgument, "SSD anchors: num_layers {} must equal the number of strides {}",
                o.num_layers, n_strides);
  }
  if (o.input_width <= 0 || o.input_height <= 0) {
    return fail(ErrorCode::kInvalidArgument, "SSD anchors: input size {}x{} must be positive", o.input_width,
                o.input_height);
  }
  for (int s : o.strides) {
    if (s <= 0) return fail(ErrorCode::kInvalidArgument, "SSD anchors: stride {} must be positive", s);
  }
  if (o.aspect_ratios.empty()) {
    return fail(ErrorCode::kInvalidArgument, "SSD anchors: at least one aspect ratio is needed");
  }

  std::vector<Anchor> anchors;
  int layer = 0;
  while (layer < n_strides) {
    // Layers sharing a stride share one feature map; their anchors are interleaved per cell.
    std::vector<float> widths;
    std::vector<float> heights;
    int last = layer;
    while (last < n_strides &&
           o.strides[static_cast<std::size_t>(last)] == o.strides[static_cast<std::size_t>(layer)]) {
      const float scale = layer_scale(o.min_scale, o.max_scale, last, n_strides);
      std::vector<float> ratios;
      std::vector<float> scales;
      if (last == 0 && o.reduce_boxes_in_lowest_layer) {
        ratios = {1.0f, 2.0f, 0.5f};
        scales = {0.1f, scale, scale};
      } else {
        for (float r : o.aspect_ratios) {
          ratios.push_back(r);
          scales.push_back(scale);
        }
        if (o.interpolated_scale_aspect_ratio > 0.0f) {
          const float next =
              last == n_strides - 1 ? 1.0f : layer_scale(o.min_scale, o.max_scale, last + 1, n_strides);
          scales.push_back(std::sqrt(scale * next));
          ratios.push_back(o.interpolated_scale_aspect_ratio);
        }
      }
      for (std::size_t i = 0; i < ratios.size(); ++i) {
        const float root = std::sqrt(ratios[i]);
        heights.push_back(scales[i] / root);
        widths.push_back(scales[i] * root);
      }
      ++last;
    }
    const int stride = o.strides[static_cast<std::size_t>(layer)];
    const int map_h =
        static_cast<int>(std::ceil(static_cast<float>(o.input_height) / static_cast<float>(stride)));
    const int map_w =
        static_cast<int>(std::ceil(static_cast<float>(o.input_width) / static_cast<float>(stride)));
    for (int y = 0; y < map_h; ++y) {
      for (int x = 0; x < map_w; ++x) {
        for (std::size_t a = 0; a < heights.size(); ++a) {
          Anchor anchor;
          anchor.x_center = (static_cast<float>(x) + o.anchor_offset_x) / static_cast<float>(map_w);
          anchor.y_center = (static_cast<float>(y) + o.anchor_offset_y) / static_cast<float>(map_h);
          if (o.fixed_anchor_size) {
            anchor.width = 1.0f;
            anchor.height = 1.0f;
          } else {
            anchor.width = widths[a];
            anchor.height = heights[a];
          }
          anchors.push_back(anchor);
        }
      }
    }
    layer = last;
  }
  return anchors;
}

}  // namespace physio::pose
