#include "exercise/segmentation.hpp"

#include <algorithm>
#include <cmath>

#include "core/nan.hpp"
#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"

namespace physio::exercise {
namespace {}

std::size_t Segmentation::count() const {
  return static_cast<std::size_t>(
      std::count_if(reps.begin(), reps.end(), [](const auto& r) { return !r.partial; }));
}

double percentile(std::span<const double> values, double pct) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  double pos = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  auto i = static_cast<std::size_t>(std::floor(pos));
  double frac = pos - static_cast<double>(i);
  if (i + 1 >= v.size()) return v.back();
  return v[i] + frac * (v[i + 1] - v[i]);
}

Thresholds compute_thresholds(std::span<const double> oriented, const SegmentationOptions& o) {
  Thresholds t;
  t.rest = percentile(oriented, o.lo_percentile);
  t.top = percentile(oriented, o.hi_percentile);
  double r = t.top - t.rest;
  t.enter = t.rest + o.enter_frac * r;
  t.exit = t.rest + o.exit_frac * r;
  t.peak = t.rest + o.peak_frac * r;
  t.band = t.rest + o.band_frac * r;
  return t;
}

Result<std::vector<double>> smooth_for_segmentation(std::span<const double> angle_deg, double rate_hz,
                                                    double cutoff_hz) {
  std::vector<double> out(angle_deg.begin(), angle_deg.end());
  if (cutoff_hz <= 0.0) return out;
  double fc = std::min(cutoff_hz, 0.4 * rate_hz);
  auto sos = PHYSIO_TRY(dsp::design_zero_phase_lowpass({4, fc, rate_hz}));
  dsp::filtfilt(sos, out);
  return out;
}

std::size_t settle_frames(double rate_hz) {
  return static_cast<std::size_t>(std::max(1.0, std::round(0.5 * rate_hz)));
}

RepSegmenter::RepSegmenter(const Thresholds& th, double rate_hz, double min_rep_s) : th_(th) {
  min_frames_ = static_cast<std::size_t>(std::max(1.0, std::round(min_rep_s * rate_hz)));
  max_settle_ = settle_frames(rate_hz);
  recent_frames_ = static_cast<std::size_t>(std::max(1.0, std::round(1.0 * rate_hz)));
  stay_ = RestStay(opening_edge_frames(rate_hz), max_settle_);
  speed_frames_ = static_cast<std::size_t>(std::max(1.0, std::round(kSpeedWindowS * rate_hz)));
}

std::size_t opening_edge_frames(double rate_hz) {
  return static_cast<std::size_t>(std::max(1.0, std::round(kOpeningEdgeS * rate_hz)));
}

std::optional<RepBounds> RepSegmenter::valid(std::size_t end, double end_val) const {
  RepBounds r = cur_;
  r.end = end;
  r.partial = !reached_peak_;
  // Begun before the recording, or never from a rest this person was seen at: judged on the repetition's
  // own excursion, from the level it returns to (the rest this person shows after it) to its extreme. When
  // no value before its start crossing came nearer that rest than the start fraction (enter_frac) of the
  // excursion, the person was never seen at rest before it (the crossing that starts a repetition was before
  // the first frame, or the person held still part of the way out since the start): partial. Also a first
  // value past mid-range of the whole set (the peak level).
  // Or its way out is not in the recording: it leaves the first frame and reaches its extreme in under half
  // of min_rep_s, the shortest excursion that is not noise, so no whole outward half of a repetition fits. A
  // pose tracker's first frame is its least reliable (the person found, not yet followed): one low first
  // value followed at once by the top is no start from rest.
  const bool outward_unseen = 2 * (r.peak - r.start) < min_frames_;
  const double enter_frac = th_.range() > 0.0 ? (th_.enter - th_.rest) / th_.range() : 0.0;
  const bool never_at_rest = peak_val_ > end_val && pre_min_ - end_val >= enter_frac * (peak_val_ - end_val);
  // Or it leaves the first frame already moving at half its fastest speed out or more: a movement from rest
  // starts at speed 0 (kUnderWaySpeedFraction).
  const bool moving_at_first =
      opening_rise_ && out_rise_max_ > 0.0 && *opening_rise_ >= kUnderWaySpeedFraction * out_rise_max_;
  r.cut_at_start = have_first_ &&
                   (never_at_rest ||
                    (r.start == first_idx_ && (first_val_ >= th_.peak || outward_unseen || moving_at_first)));
  if (r.cut_at_start) r.partial = true;
  if (r.end - r.start + 1 < min_frames_) return std::nullopt;
  // An excursion that did not move by the start distance (enter - rest) from its own starting level is
  // not a repetition: e.g. a second dip while returning from the previous one. (One begun before the
  // recording may show only its return: it is reported as partial.)
  if (!r.cut_at_start && peak_val_ - start_val_ < th_.enter - th_.rest) return std::nullopt;
  return r;
}

std::optional<RepBounds> RepSegmenter::close(std::size_t end, double end_val) {
  std::optional<RepBounds> r = valid(end, end_val);
  if (r) rest_from_ = end;
  state_ = State::kRest;
  stay_.after(end, ret_min_);
  return r;
}

std::optional<RepBounds> RepSegmenter::push(double v) {
  const std::size_t i = frame_++;
  if (std::isnan(v)) return std::nullopt;
  if (!have_first_) {
    have_first_ = true;
    first_idx_ = i;
    first_val_ = v;
    stay_.open(i);
  }
  last_valid_ = i;
  all_min_ = std::min(all_min_, v);
  recent_.push_back(v);
  if (recent_.size() > recent_frames_) recent_.pop_front();
  // The rise over the last speed_frames_ frames (recent_ holds valid values only).
  const double rise = recent_.size() > speed_frames_ ? v - recent_[recent_.size() - 1 - speed_frames_] : 0.0;
  if (i == first_idx_ + speed_frames_ && recent_.size() > speed_frames_) opening_rise_ = rise;
  std::optional<RepBounds> done;
  // A small tolerance so that noise on a flat bottom does not end the return early.
  // Within a repetition the tolerance also scales with its own excursion (the live analyser's range is
  // still growing during the first repetition).
  const double tol = 0.02 * th_.range();
  const double rep_tol = 0.02 * std::max(th_.range(), peak_val_ - start_val_);
  if (state_ == State::kReturning) {
    if (v < ret_min_) {
      ret_min_ = v;
      ret_min_idx_ = i;
    }
    // Ends at the lowest point once the series stops falling, rises into a new repetition, or has
    // stayed down for max_settle_ frames (bounds the live latency on a perfectly flat rest).
    const bool new_rep = v >= th_.enter && th_.enter > exit_level_;
    if (new_rep || v > ret_min_ + rep_tol || (v <= th_.band && i - ret_min_idx_ >= max_settle_)) {
      done = close(ret_min_idx_, ret_min_);
    } else {
      return std::nullopt;
    }
  }
  if (state_ == State::kRest) {
    // The start: where this person's stay at rest ends (RestStay).
    stay_.push(i, v, th_.band, tol);
    if (v >= th_.enter) {
      state_ = State::kOut;
      const std::size_t start = stay_.start(i);
      stay_.leave();
      cur_ = RepBounds{start, i, i, false};
      cur_.rest_from = rest_from_ ? std::min(*rest_from_, start) : start;
      out_rise_max_ = rise;
      pre_min_ = all_min_;
      // The level this repetition starts from: the lowest value of the last second up to the start
      // crossing (the current resting posture, which may differ from earlier ones).
      start_val_ = recent_.empty() ? th_.rest : *std::min_element(recent_.begin(), recent_.end());
      peak_val_ = v;
      valley_val_ = v;
      valley_idx_ = i;
      reached_peak_ = v >= th_.peak;
    }
    return done;
  }
  // kOut. A return that stops short of the exit level and turns into a new movement ends this repetition
  // at its lowest point when both the fall and the rise cover the start distance (enter - rest) and the
  // two movements are at least a minimum repetition apart (peak to rise): a tiring person who no longer
  // returns all the way still does two repetitions; a wobble at the top, or a tracking glitch that drops
  // the angle for a fraction of a second, is none. The distance also scales with the repetition's own
  // excursion (the live analyser's range is still small during the first repetition).
  const double enter_frac = th_.range() > 0.0 ? (th_.enter - th_.rest) / th_.range() : 0.0;
  const double start_distance = std::max(th_.enter - th_.rest, enter_frac * (peak_val_ - start_val_));
  if (peak_val_ - valley_val_ >= start_distance && v - valley_val_ >= start_distance &&
      i - cur_.peak >= min_frames_ && (done = valid(valley_idx_, valley_val_))) {
    cur_ = RepBounds{valley_idx_, i, i, false};
    cur_.rest_from = valley_idx_;  // the previous one ends where this one starts: no pause
    rest_from_ = valley_idx_;
    out_rise_max_ = rise;
    pre_min_ = all_min_;
    start_val_ = valley_val_;
    peak_val_ = v;
    reached_peak_ = v >= th_.peak;
    valley_val_ = v;
    valley_idx_ = i;
  }
  if (v > peak_val_) {
    peak_val_ = v;
    cur_.peak = i;
    out_rise_max_ = std::max(out_rise_max_, rise);
    valley_val_ = v;
    valley_idx_ = i;
  } else if (v < valley_val_) {
    valley_val_ = v;
    valley_idx_ = i;
  }
  if (v >= th_.peak) reached_peak_ = true;
  // The return counts from the same fraction of this repetition's own excursion as `exit` is of the
  // range, so that a person resting above the global rest level (a changed posture between
  // repetitions) still ends each repetition.
  const double exit_frac = th_.range() > 0.0 ? (th_.exit - th_.rest) / th_.range() : 0.0;
  const double local_exit = start_val_ + exit_frac * (peak_val_ - start_val_);
  if (v < std::max(th_.exit, local_exit)) {
    state_ = State::kReturning;
    exit_level_ = std::max(th_.exit, local_exit);
    ret_min_ = v;
    ret_min_idx_ = i;
  }
  return done;
}

std::optional<RepBounds> RepSegmenter::finish() {
  if (state_ == State::kReturning) return close(ret_min_idx_, ret_min_);
  if (state_ == State::kOut) {
    // Recording (or its data) ended mid-repetition: report it as partial (its return was not seen), ending
    // at the last frame with a value.
    reached_peak_ = false;
    ret_min_ = peak_val_;
    return close(last_valid_, peak_val_);
  }
  return std::nullopt;
}

Result<Segmentation> segment_reps(std::span<const double> angle_deg, double rate_hz, Direction direction,
                                  const SegmentationOptions& o) {
  if (!(rate_hz > 0.0))
    return fail(ErrorCode::kInvalidArgument, "segment_reps: rate must be positive, got {}", rate_hz);
  std::size_t valid = static_cast<std::size_t>(
      std::count_if(angle_deg.begin(), angle_deg.end(), [](double x) { return !std::isnan(x); }));
  if (valid < 2) return fail(ErrorCode::kMissingData, "segment_reps: fewer than 2 valid samples");
  Segmentation seg;
  seg.method = "hysteresis";
  seg.sign = direction == Direction::kIncrease ? 1.0 : -1.0;
  std::vector<double> s = PHYSIO_TRY(smooth_for_segmentation(angle_deg, rate_hz, o.smooth_cutoff_hz));
  for (double& x : s) x *= seg.sign;
  seg.thresholds = compute_thresholds(s, o);
  if (!(seg.thresholds.range() >= o.min_range_deg)) {
    seg.warnings.push_back(fmt::format("range of movement {:.1f} deg is below {:.1f} deg: no repetitions",
                                       seg.thresholds.range(), o.min_range_deg));
    return seg;
  }
  auto run = [&](const Thresholds& th) {
    std::vector<RepBounds> reps;
    RepSegmenter sm(th, rate_hz, o.min_rep_s);
    for (double x : s)
      if (auto r = sm.push(x)) reps.push_back(*r);
    if (auto r = sm.finish()) reps.push_back(*r);
    return reps;
  };
  seg.reps = run(seg.thresholds);
  // Second pass: the movement end level is the median peak of the repetitions found, so that a few
  // unusually large repetitions (or a percentile that falls inside long holds) do not set the bar.
  if (seg.reps.size() >= 3) {
    std::vector<double> peaks;
    for (const auto& r : seg.reps) peaks.push_back(s[r.peak]);
    double top = percentile(peaks, 50.0);
    double r = top - seg.thresholds.rest;
    if (r >= o.min_range_deg) {
      Thresholds t = seg.thresholds;
      t.top = top;
      t.enter = t.rest + o.enter_frac * r;
      t.exit = t.rest + o.exit_frac * r;
      t.peak = t.rest + o.peak_frac * r;
      t.band = t.rest + o.band_frac * r;
      seg.thresholds = t;
      seg.reps = run(t);
    }
  }
  return seg;
}

namespace {
// Unbiased normalised autocorrelation r[lag] for lags in [0.4 s, 20 s] (+1 either side); empty when the
// series is too short or constant. lag_min is returned through the out parameter.
std::vector<double> autocorrelation(std::span<const double> values, double rate_hz, std::size_t* lag_min_out,
                                    std::size_t* lag_max_out) {
  std::vector<double> x(values.begin(), values.end());
  double sum = 0.0;
  std::size_t n_valid = 0;
  for (double v : x)
    if (!std::isnan(v)) {
      sum += v;
      ++n_valid;
    }
  if (n_valid < 4) return {};
  double mean = sum / static_cast<double>(n_valid);
  for (double& v : x) v = std::isnan(v) ? 0.0 : v - mean;  // gaps contribute nothing
  double r0 = 0.0;
  for (double v : x) r0 += v * v;
  if (r0 <= 0.0) return {};
  auto lag_min = static_cast<std::size_t>(std::max(1.0, std::round(0.4 * rate_hz)));
  auto lag_max = std::min(static_cast<std::size_t>(20.0 * rate_hz), x.size() / 2);
  if (lag_max <= lag_min + 1) return {};
  std::vector<double> r(lag_max + 2, 0.0);
  for (std::size_t lag = lag_min - 1; lag <= lag_max + 1 && lag < x.size(); ++lag) {
    double acc = 0.0;
    for (std::size_t i = 0; i + lag < x.size(); ++i) acc += x[i] * x[i + lag];
    // Unbiased: divide by the overlap so long lags are not penalised.
    r[lag] = acc / r0 * static_cast<double>(x.size()) / static_cast<double>(x.size() - lag);
  }
  *lag_min_out = lag_min;
  *lag_max_out = lag_max;
  return r;
}
}  // namespace

double estimate_period_s(std::span<const double> values, double rate_hz, double min_autocorr) {
  std::size_t lo = 0, hi = 0;
  auto r = autocorrelation(values, rate_hz, &lo, &hi);
  for (std::size_t lag = lo; !r.empty() && lag <= hi; ++lag)
    if (r[lag] >= min_autocorr && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1])
      return static_cast<double>(lag) / rate_hz;
  return 0.0;
}

double periodicity_strength(std::span<const double> values, double rate_hz) {
  std::size_t lo = 0, hi = 0;
  auto r = autocorrelation(values, rate_hz, &lo, &hi);
  double best = 0.0;
  for (std::size_t lag = lo; !r.empty() && lag <= hi; ++lag)
    if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) best = std::max(best, std::min(r[lag], 1.0));
  return best;
}

Result<Segmentation> segment_by_periodicity(std::span<const std::vector<double>> columns,
                                            std::span<const std::string> names, double rate_hz,
                                            const SegmentationOptions& o, double min_autocorr) {
  if (columns.empty() || columns.size() != names.size())
    return fail(ErrorCode::kInvalidArgument, "segment_by_periodicity: no angle columns");
  std::size_t best = columns.size();
  double best_range = -1.0;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    auto s = smooth_for_segmentation(columns[k], rate_hz, o.smooth_cutoff_hz);
    if (!s) continue;
    double r = percentile(*s, o.hi_percentile) - percentile(*s, o.lo_percentile);
    if (!std::isnan(r) && r > best_range) {
      best_range = r;
      best = k;
    }
  }
  if (best == columns.size())
    return fail(ErrorCode::kMissingData, "no angle series with valid samples to segment");
  std::vector<double> s = PHYSIO_TRY(smooth_for_segmentation(columns[best], rate_hz, o.smooth_cutoff_hz));
  double period = estimate_period_s(s, rate_hz, min_autocorr);
  double lo = percentile(s, o.lo_percentile), hi = percentile(s, o.hi_percentile), med = percentile(s, 50.0);
  // The person dwells at rest: the median lies in the half of the range nearer rest.
  Direction dir = med <= 0.5 * (lo + hi) ? Direction::kIncrease : Direction::kDecrease;
  SegmentationOptions opt = o;
  if (period > 0.0) opt.min_rep_s = std::max(o.min_rep_s, 0.4 * period);
  Segmentation seg = PHYSIO_TRY(segment_reps(columns[best], rate_hz, dir, opt));
  seg.method = "periodicity";
  seg.angle = names[best];
  seg.period_s = period;
  if (period <= 0.0) seg.warnings.push_back("no periodicity found; repetitions from hysteresis alone");
  return seg;
}

}  // namespace physio::exercise
