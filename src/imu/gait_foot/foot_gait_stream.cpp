#include "imu/gait_foot/foot_gait_stream.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace physio::imu {
namespace {
constexpr std::size_t kMaxFrameWarnings = 10;  // then one summary line
}

Result<FootGaitStream> FootGaitStream::create(FootSide side, double rate_hz, const FootGaitOptions& options,
                                              const FootGaitStreamOptions& stream) {
  if (!(rate_hz > 0.0) || !std::isfinite(rate_hz)) {
    return fail(ErrorCode::kInvalidArgument, "foot gait stream: rate {} Hz is not positive", rate_hz);
  }
  if (options.frame.mounting == FootMounting::kEstimate) {
    return fail(ErrorCode::kUnsupported,
                "foot gait stream: alignment estimation needs the whole recording; estimate it on a walking "
                "sample (analyse_foot_recording) and pass the rotation as the mounting");
  }
  const double max_stride_s = options.segmentation.max_stride_s;
  const double keep_s = stream.margin_s + 3.0 * max_stride_s + 2.0;
  if (!(stream.margin_s >= 2.0 * max_stride_s) || !(stream.chunk_s >= 2.0 * keep_s)) {
    return fail(
        ErrorCode::kInvalidArgument,
        "foot gait stream: need margin_s >= 2 max_stride_s ({} s) and chunk_s >= {} s; got {} s and {} s",
        2.0 * max_stride_s, 2.0 * keep_s, stream.margin_s, stream.chunk_s);
  }
  FootGaitStream s;
  s.side_ = side;
  s.rate_hz_ = rate_hz;
  s.options_ = options;
  s.stream_ = stream;
  if (options.frame.mounting == FootMounting::kRotation) {
    s.rotation_ = options.frame.sensor_to_fsf.normalized().toRotationMatrix();
  }
  s.chunk_rows_ = static_cast<std::size_t>(std::ceil(stream.chunk_s * rate_hz));
  s.keep_rows_ = static_cast<std::size_t>(std::ceil(keep_s * rate_hz));
  s.margin_rows_ = static_cast<std::size_t>(std::ceil(stream.margin_s * rate_hz));
  s.acc_.reserve(3 * (s.chunk_rows_ + 1024));
  s.gyr_.reserve(3 * (s.chunk_rows_ + 1024));
  s.result_.side = side;
  s.result_.rate_hz = rate_hz;
  s.result_.sensor_to_fsf =
      options.frame.mounting == FootMounting::kRotation ? options.frame.sensor_to_fsf : Quat::Identity();
  return s;
}

Status FootGaitStream::push(const Samples3& acc, const Samples3& gyr) {
  if (acc.rows() != gyr.rows()) {
    return fail(ErrorCode::kInvalidArgument, "foot gait stream: block has {} acc rows but {} gyr rows",
                acc.rows(), gyr.rows());
  }
  const std::size_t base = samples_seen();
  for (Eigen::Index i = 0; i < acc.rows(); ++i) {
    if (!acc.row(i).allFinite() || !gyr.row(i).allFinite()) {
      return fail(
          ErrorCode::kInvalidArgument,
          "foot gait stream: sample {} is not finite (NaN/inf); fill or cut gaps before gait analysis",
          base + static_cast<std::size_t>(i));
    }
    const Vec3 a = rotation_ * acc.row(i).transpose();
    const Vec3 w = rotation_ * gyr.row(i).transpose();
    acc_.insert(acc_.end(), {a.x(), a.y(), a.z()});
    gyr_.insert(gyr_.end(), {w.x(), w.y(), w.z()});
    if (buf_rows() >= chunk_rows_) PHYSIO_CHECK(process(false));
  }
  return ok();
}

Status FootGaitStream::process(bool final_chunk) {
  const std::size_t rows = buf_rows();
  if (rows < 3) return ok();
  FootSignals s;
  s.side = side_;
  s.rate_hz = rate_hz_;
  s.acc_mps2 = Eigen::Map<const Samples3>(acc_.data(), static_cast<Eigen::Index>(rows), 3);
  s.gyr_rps = Eigen::Map<const Samples3>(gyr_.data(), static_cast<Eigen::Index>(rows), 3);
  const double t0_s = static_cast<double>(buf_start_) / rate_hz_;
  FootGaitFoot f = PHYSIO_TRY(analyse_foot_signals(s, t0_s, options_));
  if (!f.segmented_strides.empty()) {
    auto frame_ok = check_foot_frame(
        s, options_.frame,
        fmt::format("{} foot, samples {} to {}", foot_side_name(side_), buf_start_, buf_start_ + rows));
    if (!frame_ok) {
      if (++frame_warnings_ <= kMaxFrameWarnings) warnings_.push_back(frame_ok.error().message());
    }
  }
  const std::size_t limit = final_chunk ? rows : (rows > margin_rows_ ? rows - margin_rows_ : 0);
  const std::size_t g = buf_start_;
  for (const StrideBorder& b : f.segmented_strides) {
    if (b.end > limit || (any_seg_emitted_ && g + b.start <= last_seg_start_)) continue;
    result_.segmented_strides.push_back({g + b.start, g + b.end});
    last_seg_start_ = g + b.start;
    any_seg_emitted_ = true;
  }
  for (const SegmentedStrideEvents& e : f.segmented_events) {
    if (e.end > limit ||
        (!result_.segmented_events.empty() && g + e.start <= result_.segmented_events.back().start)) {
      continue;
    }
    result_.segmented_events.push_back(
        {.start = g + e.start, .end = g + e.end, .tc = g + e.tc, .ic = g + e.ic, .min_vel = g + e.min_vel});
  }
  for (FootStride st : f.strides) {
    if (st.end > limit || (any_emitted_ && g + st.start <= last_start_)) continue;
    st.start += g;
    st.end += g;
    st.pre_ic += g;
    st.ic += g;
    st.tc += g;
    result_.strides.push_back(st);
    last_start_ = st.start;
    any_emitted_ = true;
  }
  result_.n_rejected += f.n_rejected;
  // Keep the tail as context for the next chunk.
  const std::size_t keep = final_chunk ? 0 : std::min(rows, keep_rows_);
  const std::size_t drop = rows - keep;
  acc_.erase(acc_.begin(), acc_.begin() + static_cast<std::ptrdiff_t>(3 * drop));
  gyr_.erase(gyr_.begin(), gyr_.begin() + static_cast<std::ptrdiff_t>(3 * drop));
  buf_start_ += drop;
  return ok();
}

Result<FootGaitFoot> FootGaitStream::finish() {
  PHYSIO_CHECK(process(true));
  if (frame_warnings_ > kMaxFrameWarnings) {
    warnings_.push_back(
        fmt::format("{} more chunks failed the foot-frame check", frame_warnings_ - kMaxFrameWarnings));
  }
  result_.summary = summarise_foot_strides(result_.strides, options_.exclude_turns_from_summary);
  FootGaitFoot out = std::move(result_);
  result_ = FootGaitFoot{};
  result_.side = side_;
  result_.rate_hz = rate_hz_;
  return out;
}

}  // namespace physio::imu
