#pragma once
/// Long recordings (days) of one foot in bounded memory: the same pipeline as `analyse_foot_signals`,
/// run on overlapping chunks.
///
/// Contract: FootGaitStream
///   inputs : blocks of samples (acc m/s^2, gyr rad/s, [k, 3] each, any k) in the sensor frame, pushed in
///            time order at a fixed rate. The frame must be known (FSF, or a mounting rotation); alignment
///            estimation needs the whole recording and is refused (kUnsupported).
///   method : samples are buffered; whenever the buffer holds `chunk_s`, the pipeline runs on it and every
///            segmented / min_vel stride that ends at least `margin_s` before the buffer's end and starts
///            after the last one emitted is kept; the buffer then keeps its last `margin_s + 3 max_stride_s +
///            2 s` (enough for the segmentation window, the preceding segmented stride and the low-pass
///            edge), so each stride is found with the same context as in a whole-recording run.
///   frame  : each chunk with walking is checked like `check_foot_frame`; a failing chunk (a shoe lying on
///            its side for an hour) becomes a warning, not an error, and its strides are still analysed.
///   outputs: `finish()` processes the rest and returns the foot's strides (indices and times from the
///            first pushed sample) and summary.
///   memory : O(chunk_s * rate) samples plus the stride list.
///   errors : non-finite samples (kInvalidArgument naming the global sample index), blocks whose acc and
///            gyr row counts differ, invalid options.

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "imu/gait_foot/foot_gait.hpp"

namespace physio::imu {

struct FootGaitStreamOptions {
  double chunk_s = 600.0;  ///< pipeline run length
  double margin_s = 6.0;   ///< strides ending this close to a chunk's end wait for the next chunk
};

class FootGaitStream {
 public:
  static Result<FootGaitStream> create(FootSide side, double rate_hz, const FootGaitOptions& options,
                                       const FootGaitStreamOptions& stream = {});

  /// Appends a block (sensor frame). Runs the pipeline when a chunk is full.
  Status push(const Samples3& acc_mps2, const Samples3& gyr_rps);

  /// Processes what is buffered and returns the result; the stream is then empty.
  Result<FootGaitFoot> finish();

  std::size_t samples_seen() const { return buf_start_ + buf_rows(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  FootGaitStream() = default;
  std::size_t buf_rows() const { return acc_.size() / 3; }
  Status process(bool final_chunk);

  FootSide side_ = FootSide::kLeft;
  double rate_hz_ = 0.0;
  FootGaitOptions options_;
  FootGaitStreamOptions stream_;
  Eigen::Matrix3d rotation_ = Eigen::Matrix3d::Identity();  // sensor -> FSF
  std::size_t chunk_rows_ = 0, keep_rows_ = 0, margin_rows_ = 0;
  std::size_t buf_start_ = 0;      // global index of the buffer's first sample
  std::vector<double> acc_, gyr_;  // [rows * 3] row-major, FSF
  FootGaitFoot result_;
  bool any_emitted_ = false, any_seg_emitted_ = false;
  std::size_t last_start_ = 0, last_seg_start_ = 0;
  std::size_t frame_warnings_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace physio::imu
