#include "imu/gait_foot/gait_events.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace physio::imu {
namespace {

// np.gradient on a unit grid: one-sided at the ends, central inside.
void gradient(std::span<const double> x, std::vector<double>& g) {
  const std::size_t n = x.size();
  g.assign(n, 0.0);
  if (n < 2) return;
  g[0] = x[1] - x[0];
  g[n - 1] = x[n - 1] - x[n - 2];
  for (std::size_t i = 1; i + 1 < n; ++i) g[i] = 0.5 * (x[i + 1] - x[i - 1]);
}

std::size_t argmax(std::span<const double> x, std::size_t lo, std::size_t hi) {
  std::size_t best = lo;
  for (std::size_t i = lo; i < hi; ++i) {
    if (x[i] > x[best]) best = i;
  }
  return best;
}

std::size_t argmin(std::span<const double> x, std::size_t lo, std::size_t hi) {
  std::size_t best = lo;
  for (std::size_t i = lo; i < hi; ++i) {
    if (x[i] < x[best]) best = i;
  }
  return best;
}

// Initial contact relative to the stride start (Rampp); empty when the search regions collapse.
std::optional<std::size_t> detect_ic(std::span<const double> ml, std::span<const double> acc_pa,
                                     std::span<const double> grad, std::size_t before, std::size_t after) {
  const std::size_t n = ml.size();
  const std::size_t lo = argmax(ml, 0, n);
  const auto hi = static_cast<std::size_t>(0.6 * static_cast<double>(n));
  if (hi <= lo) return std::nullopt;
  const std::size_t ref_lo = argmin(grad, lo, hi);
  const std::size_t ref_hi = argmax(grad, ref_lo, hi);
  if (ref_hi <= ref_lo) return std::nullopt;
  const std::size_t candidate = argmin(ml, ref_lo, ref_hi);
  const std::size_t a_lo = candidate > before ? candidate - before : 0;
  const std::size_t a_hi = std::min(n, candidate + after);
  if (a_hi <= a_lo) return std::nullopt;
  return argmax(acc_pa, a_lo, a_hi);  // gaitmap: argmin of the inverted acc_pa
}

std::optional<std::size_t> detect_tc(std::span<const double> ml) {
  for (std::size_t i = 0; i + 1 < ml.size(); ++i) {
    if (std::signbit(ml[i]) != std::signbit(ml[i + 1])) return i;
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<SegmentedStrideEvents>> detect_gait_events(
    std::span<const double> gyr_ml, std::span<const double> acc_pa, const Samples3& gyr,
    std::span<const StrideBorder> strides, double rate_hz, const EventDetectionOptions& o) {
  const std::size_t n = gyr_ml.size();
  if (acc_pa.size() != n || static_cast<std::size_t>(gyr.rows()) != n) {
    return fail(ErrorCode::kInvalidArgument,
                "detect_gait_events: gyr_ml {}, acc_pa {} and gyr {} samples differ", n, acc_pa.size(),
                gyr.rows());
  }
  // Truncation to whole samples as gaitmap (int(ms / 1000 * fs)).
  const auto before = static_cast<std::size_t>(std::max(0.0, o.ic_search_before_ms) / 1000.0 * rate_hz);
  const auto after = static_cast<std::size_t>(std::max(0.0, o.ic_search_after_ms) / 1000.0 * rate_hz);
  const auto win = static_cast<std::size_t>(std::max(0.0, o.min_vel_search_win_ms) / 1000.0 * rate_hz);
  if ((before == 0 && after == 0) || win == 0) {
    return fail(
        ErrorCode::kInvalidArgument,
        "detect_gait_events: search windows ({} ms, {} ms, {} ms) are shorter than one sample at {} Hz",
        o.ic_search_before_ms, o.ic_search_after_ms, o.min_vel_search_win_ms, rate_hz);
  }
  std::vector<SegmentedStrideEvents> out;
  out.reserve(strides.size());
  std::vector<double> grad;
  for (const StrideBorder& s : strides) {
    if (s.end > n || s.start >= s.end) {
      return fail(ErrorCode::kInvalidArgument, "detect_gait_events: stride [{}, {}) outside the {} samples",
                  s.start, s.end, n);
    }
    const std::size_t len = s.end - s.start;
    if (win >= len) continue;  // gaitmap raises here; a stride shorter than 100 ms is not a stride
    const auto ml = gyr_ml.subspan(s.start, len);
    gradient(ml, grad);
    const auto ic = detect_ic(ml, acc_pa.subspan(s.start, len), grad, before, after);
    const auto tc = detect_tc(ml);
    const std::size_t mv = min_gyro_energy_centre(gyr, s.start, s.end, win);
    if (!ic || !tc) continue;
    SegmentedStrideEvents e{
        .start = s.start, .end = s.end, .tc = s.start + *tc, .ic = s.start + *ic, .min_vel = mv};
    if (!(e.start <= e.tc && e.tc < e.ic && e.ic < e.min_vel && e.min_vel <= e.end)) continue;
    out.push_back(e);
  }
  return out;
}

std::vector<MinVelStride> to_min_vel_strides(std::span<const SegmentedStrideEvents> ev) {
  std::vector<MinVelStride> out;
  for (std::size_t i = 0; i + 1 < ev.size(); ++i) {
    if (ev[i].end != ev[i + 1].start) continue;  // break in the sequence
    out.push_back({.start = ev[i].min_vel,
                   .end = ev[i + 1].min_vel,
                   .pre_ic = ev[i].ic,
                   .tc = ev[i + 1].tc,
                   .ic = ev[i + 1].ic});
  }
  return out;
}

}  // namespace physio::imu
