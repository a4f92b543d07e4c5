#include "pose/pipeline/image_to_tensor.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace physio::pose {
namespace {

// Side of the square output tiles.
constexpr int kTile = 16;
// Largest ROI centre offset and size, in image sizes: far beyond any real ROI, and small enough that every
// sample position (|p| < ~2e8 px) converts to int exactly and stays finite.
constexpr float kMaxRoiExtent = 1e4f;

// The ROI as a rectangle in pixels of the sampled frame.
struct CropGeometry {
  float cx = 0.0f;
  float cy = 0.0f;
  float rw = 0.0f;
  float rh = 0.0f;
  float cos_a = 1.0f;
  float sin_a = 0.0f;
  LetterboxPadding padding;
};

Result<CropGeometry> crop_geometry(int width, int height, const NormalizedRect& roi,
                                   const ImageToTensorOptions& options, std::size_t tensor_size) {
  if (options.out_width <= 0 || options.out_height <= 0) {
    return fail(ErrorCode::kInvalidArgument, "image to tensor: output size {}x{} must be positive",
                options.out_width, options.out_height);
  }
  const std::size_t expected =
      static_cast<std::size_t>(options.out_width) * static_cast<std::size_t>(options.out_height) * 3;
  if (tensor_size != expected) {
    return fail(ErrorCode::kInvalidArgument, "image to tensor: tensor holds {} floats, expected {}",
                tensor_size, expected);
  }
  if (!std::isfinite(roi.x_center) || !std::isfinite(roi.y_center) || !std::isfinite(roi.width) ||
      !std::isfinite(roi.height) || !std::isfinite(roi.rotation_rad) || roi.width <= 0.0f ||
      roi.height <= 0.0f || std::fabs(roi.x_center) > kMaxRoiExtent ||
      std::fabs(roi.y_center) > kMaxRoiExtent || roi.width > kMaxRoiExtent || roi.height > kMaxRoiExtent) {
    return fail(ErrorCode::kInvalidArgument,
                "image to tensor: ROI (centre {}, {}; size {} x {}) is not usable", roi.x_center,
                roi.y_center, roi.width, roi.height);
  }
  const auto img_w = static_cast<float>(width);
  const auto img_h = static_cast<float>(height);
  CropGeometry g;
  g.cx = roi.x_center * img_w;
  g.cy = roi.y_center * img_h;
  g.rw = roi.width * img_w;
  g.rh = roi.height * img_h;
  if (options.keep_aspect_ratio) {
    const float tensor_aspect =
        static_cast<float>(options.out_height) / static_cast<float>(options.out_width);
    const float roi_aspect = g.rh / g.rw;
    if (tensor_aspect > roi_aspect) {
      const float vertical = (1.0f - roi_aspect / tensor_aspect) / 2.0f;
      g.padding.top = g.padding.bottom = vertical;
      g.rh = g.rw * tensor_aspect;
    } else {
      const float horizontal = (1.0f - tensor_aspect / roi_aspect) / 2.0f;
      g.padding.left = g.padding.right = horizontal;
      g.rw = g.rh / tensor_aspect;
    }
  }
  g.cos_a = std::cos(roi.rotation_rad);
  g.sin_a = std::sin(roi.rotation_rad);
  return g;
}

// Where the output pixels of one row of a tile read the frame: for pixel k, the top-left tap (x0, y0) of
// its 2x2 bilinear neighbourhood (in "pixel index" space, where pixel k's centre is at k), the weights
// (ax, ay) of the right and lower taps, and whether all four taps are inside.
struct TileRow {
  alignas(64) std::array<float, kTile> ax{};
  alignas(64) std::array<float, kTile> ay{};
  alignas(64) std::array<int, kTile> x0{};
  alignas(64) std::array<int, kTile> y0{};
  alignas(64) std::array<std::int32_t, kTile> inside{};
  std::int32_t all_inside = 1;
  int n = 0;
};

// Visits the output pixels in square tiles (a rotated ROI walks across source rows, and a tile keeps the
// source pixels it reads in cache). Each row of a tile runs in three passes over structure-of-arrays
// buffers: tap positions and weights here (vectorised), then `gather` (the byte taps, scalar loads) and
// `blend` (the interpolation, vectorised), which write the row's n pixels to `out` [n, 3].
// Before a tile is sampled, `prefetch(x0, y0, x1, y1)` is asked to fetch the source pixels the next tile
// will read (its bounding box, clamped to the frame): a frame handed over by the decode thread is not in
// this core's cache, and the taps of one tile row alone are too few to keep enough loads in flight.
template <typename Gather, typename Blend, typename Prefetch>
void sample_tiles(const CropGeometry& g, const ImageToTensorOptions& options, int w, int h,
                  std::span<float> tensor, Gather&& gather, Blend&& blend, Prefetch&& prefetch) {
  const auto out_w = static_cast<float>(options.out_width);
  const auto out_h = static_cast<float>(options.out_height);
  // The ROI's u axis in pixels per output column (the same for every row).
  std::vector<float> col_x(static_cast<std::size_t>(options.out_width));
  std::vector<float> col_y(col_x.size());
  for (int j = 0; j < options.out_width; ++j) {
    const float u = (static_cast<float>(j) + 0.5f) / out_w - 0.5f;
    col_x[static_cast<std::size_t>(j)] = g.cos_a * u * g.rw;
    col_y[static_cast<std::size_t>(j)] = g.sin_a * u * g.rw;
  }
  const auto last_x = static_cast<float>(w - 1);
  const auto last_y = static_cast<float>(h - 1);
  const float max_x = static_cast<float>(w) + 2.0f;
  const float max_y = static_cast<float>(h) + 2.0f;
  // Source bounding box of the tile at (ti, tj): its four corner points, one pixel of taps around.
  auto prefetch_tile = [&](int ti, int tj) {
    if (ti >= options.out_height) return;
    float x_lo = max_x, x_hi = -3.0f, y_lo = max_y, y_hi = -3.0f;
    for (int i : {ti, std::min(ti + kTile, options.out_height) - 1}) {
      for (int j : {tj, std::min(tj + kTile, options.out_width) - 1}) {
        const float v = (static_cast<float>(i) + 0.5f) / out_h - 0.5f;
        const float px = g.cx - g.sin_a * v * g.rh - 0.5f + col_x[static_cast<std::size_t>(j)];
        const float py = g.cy + g.cos_a * v * g.rh - 0.5f + col_y[static_cast<std::size_t>(j)];
        x_lo = std::min(x_lo, px);
        x_hi = std::max(x_hi, px);
        y_lo = std::min(y_lo, py);
        y_hi = std::max(y_hi, py);
      }
    }
    // Clamped to the frame (plus a pixel) before the int conversion.
    const int x0 = std::max(0, static_cast<int>(std::clamp(x_lo, -1.0f, max_x)));
    const int y0 = std::max(0, static_cast<int>(std::clamp(y_lo, -1.0f, max_y)));
    const int x1 = std::min(w - 1, static_cast<int>(std::clamp(x_hi, -1.0f, max_x)) + 1);
    const int y1 = std::min(h - 1, static_cast<int>(std::clamp(y_hi, -1.0f, max_y)) + 1);
    if (x0 <= x1 && y0 <= y1) prefetch(x0, y0, x1, y1);
  };
  TileRow row;
  prefetch_tile(0, 0);
  for (int ti = 0; ti < options.out_height; ti += kTile) {
    for (int tj = 0; tj < options.out_width; tj += kTile) {
      if (tj + kTile < options.out_width) {
        prefetch_tile(ti, tj + kTile);
      } else {
        prefetch_tile(ti + kTile, 0);
      }
      const int i_end = std::min(ti + kTile, options.out_height);
      // A local bound: row.n could alias the int stores below and would keep the loop from vectorising.
      const int n = std::min(tj + kTile, options.out_width) - tj;
      row.n = n;
      const float* cx_col = col_x.data() + tj;
      const float* cy_col = col_y.data() + tj;
      for (int i = ti; i < i_end; ++i) {
        const float v = (static_cast<float>(i) + 0.5f) / out_h - 0.5f;
        // Image point in pixels, then in "pixel index" space.
        const float row_x = g.cx - g.sin_a * v * g.rh - 0.5f;
        const float row_y = g.cy + g.cos_a * v * g.rh - 0.5f;
        std::int32_t all_inside = 1;
        for (int k = 0; k < n; ++k) {
          const auto s = static_cast<std::size_t>(k);
          const float px = row_x + cx_col[k];
          const float py = row_y + cy_col[k];
          // Whether all four taps are inside (the common case). Branch-free, so the loop vectorises.
          const auto in =
              static_cast<std::int32_t>((px >= 0.0f) & (py >= 0.0f) & (px < last_x) & (py < last_y));
          row.inside[s] = in;
          all_inside &= in;
          // Far outside the image every tap is border and reads the same value (the edge, or black)
          // whatever its weight: clamping keeps the int conversion in range. floor() by truncation
          // (libm's floor does not vectorise).
          const float cpx = std::min(std::max(px, -3.0f), max_x);
          const float cpy = std::min(std::max(py, -3.0f), max_y);
          const int tx = static_cast<int>(cpx);
          const int ty = static_cast<int>(cpy);
          const int x0 = tx - static_cast<int>(static_cast<float>(tx) > cpx);
          const int y0 = ty - static_cast<int>(static_cast<float>(ty) > cpy);
          row.ax[s] = cpx - static_cast<float>(x0);
          row.ay[s] = cpy - static_cast<float>(y0);
          row.x0[s] = x0;
          row.y0[s] = y0;
        }
        row.all_inside = all_inside;
        gather(row);
        float* out =
            tensor.data() + (static_cast<std::size_t>(i) * static_cast<std::size_t>(options.out_width) +
                             static_cast<std::size_t>(tj)) *
                                3;
        blend(row, out);
      }
    }
  }
}

}  // namespace

ImageToTensorOptions detector_input_options() {
  ImageToTensorOptions o;
  o.out_width = 224;
  o.out_height = 224;
  o.keep_aspect_ratio = true;
  o.range_min = -1.0f;
  o.range_max = 1.0f;
  o.border = BorderMode::kZero;
  return o;
}

ImageToTensorOptions landmark_input_options() {
  return ImageToTensorOptions{};
}

Result<LetterboxPadding> image_to_tensor(const Image& image, const NormalizedRect& roi,
                                         const ImageToTensorOptions& options, std::span<float> tensor) {
  if (image.empty() || image.pixels.size() < image.stride * static_cast<std::size_t>(image.height) ||
      image.stride < 3 * static_cast<std::size_t>(image.width)) {
    return fail(ErrorCode::kInvalidArgument,
                "image to tensor: empty or inconsistent image ({}x{}, stride {})", image.width, image.height,
                image.stride);
  }
  const CropGeometry g = PHYSIO_TRY(crop_geometry(image.width, image.height, roi, options, tensor.size()));
  const float scale = (options.range_max - options.range_min) / 255.0f;
  const float offset = options.range_min;
  const int w = image.width;
  const int h = image.height;
  const bool replicate = options.border == BorderMode::kReplicate;
  const std::size_t stride = image.stride;
  const std::uint8_t* base = image.pixels.data();

  // The taps of a row: [corner 00/01/10/11][channel][kTile].
  alignas(64) std::array<float, 4 * 3 * kTile> taps{};
  float* p00 = taps.data();
  float* p01 = p00 + 3 * kTile;
  float* p10 = p01 + 3 * kTile;
  float* p11 = p10 + 3 * kTile;

  // Reads the channels of pixel (x, y) into `corner`; outside the image: the edge (replicate) or black.
  auto pixel = [&image, w, h, replicate](int x, int y, float* corner, int k) {
    if (replicate) {
      x = std::clamp(x, 0, w - 1);
      y = std::clamp(y, 0, h - 1);
    } else if (x < 0 || x >= w || y < 0 || y >= h) {
      corner[k] = corner[kTile + k] = corner[2 * kTile + k] = 0.0f;
      return;
    }
    const std::uint8_t* q = image.row(y) + 3 * static_cast<std::size_t>(x);
    corner[k] = q[0];
    corner[kTile + k] = q[1];
    corner[2 * kTile + k] = q[2];
  };
  auto gather = [&](const TileRow& row) {
    for (int k = 0; k < row.n; ++k) {
      const int x0 = row.x0[static_cast<std::size_t>(k)];
      const int y0 = row.y0[static_cast<std::size_t>(k)];
      if (row.all_inside != 0 || row.inside[static_cast<std::size_t>(k)] != 0) {
        const std::uint8_t* r0 =
            base + static_cast<std::size_t>(y0) * stride + 3 * static_cast<std::size_t>(x0);
        const std::uint8_t* r1 = r0 + stride;
        for (int c = 0; c < 3; ++c) {
          p00[c * kTile + k] = r0[c];
          p01[c * kTile + k] = r0[3 + c];
          p10[c * kTile + k] = r1[c];
          p11[c * kTile + k] = r1[3 + c];
        }
      } else {
        pixel(x0, y0, p00, k);
        pixel(x0 + 1, y0, p01, k);
        pixel(x0, y0 + 1, p10, k);
        pixel(x0 + 1, y0 + 1, p11, k);
      }
    }
  };
  auto blend = [&](const TileRow& row, float* out) {
    for (int k = 0; k < row.n; ++k) {
      const float a = row.ax[static_cast<std::size_t>(k)];
      const float b = row.ay[static_cast<std::size_t>(k)];
      for (int c = 0; c < 3; ++c) {
        const int q = c * kTile + k;
        const float top = p00[q] + (p01[q] - p00[q]) * a;
        const float bottom = p10[q] + (p11[q] - p10[q]) * a;
        out[3 * k + c] = (top + (bottom - top) * b) * scale + offset;
      }
    }
  };
  auto prefetch = [base, stride](int x0, int y0, int x1, int y1) {
    constexpr std::size_t kLine = 64;
    for (int y = y0; y <= y1; ++y) {
      const std::uint8_t* first =
          base + static_cast<std::size_t>(y) * stride + 3 * static_cast<std::size_t>(x0);
      const std::uint8_t* last =
          base + static_cast<std::size_t>(y) * stride + 3 * static_cast<std::size_t>(x1) + 2;
      for (const std::uint8_t* p = first; p <= last; p += kLine) __builtin_prefetch(p);
      __builtin_prefetch(last);
    }
  };
  sample_tiles(g, options, w, h, tensor, gather, blend, prefetch);
  return g.padding;
}

}  // namespace physio::pose
