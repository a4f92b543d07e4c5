#include "exercise/live.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsp/butterworth.hpp"
#include "exercise/score.hpp"
#include "exercise/seen_side.hpp"

namespace physio::exercise {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxPeaks = 15;  // repetitions whose median peak sets the movement end level

// percentile() of segmentation.hpp (linear interpolation between order statistics) with selection
// instead of a full sort; `v` holds valid values only and is reordered.
double select_percentile(std::vector<double>& v, double pct) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double pos = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  auto i = static_cast<std::size_t>(std::floor(pos));
  double frac = pos - static_cast<double>(i);
  auto nth = v.begin() + static_cast<std::ptrdiff_t>(i);
  std::nth_element(v.begin(), nth, v.end());
  double a = *nth;
  if (i + 1 >= v.size() || frac == 0.0) return a;
  double b = *std::min_element(nth + 1, v.end());
  return a + frac * (b - a);
}

// The same percentile of values held in ascending order (the i-th and (i+1)-th order statistics that
// select_percentile finds, without reordering anything).
double sorted_percentile(const std::vector<double>& s, double pct) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  double pos = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(s.size() - 1);
  auto i = static_cast<std::size_t>(std::floor(pos));
  double frac = pos - static_cast<double>(i);
  double a = s[i];
  if (i + 1 >= s.size() || frac == 0.0) return a;
  double b = s[i + 1];
  return a + frac * (b - a);
}

// `s` ascending and holding `old`: `old` taken out and `v` put in, in order, with one move of the values
// between their two places (rather than an erase and an insert each moving half of `s`).
void replace_sorted(std::vector<double>& s, double old, double v) {
  const auto o = std::lower_bound(s.begin(), s.end(), old);
  const auto n = std::upper_bound(s.begin(), s.end(), v);
  if (n > o) {
    std::move(o + 1, n, o);
    *(n - 1) = v;
  } else {
    std::move_backward(n, o, o + 1);
    *n = v;
  }
}

std::size_t frames_of(double s, double rate_hz) {
  return static_cast<std::size_t>(std::max(0.0, std::round(s * rate_hz)));
}

}  // namespace

Result<LiveAnalyser> LiveAnalyser::create(const Exercise& ex, const AnalysisOptions& options,
                                          std::vector<std::string> column_names, double rate_hz,
                                          const LiveOptions& live) {
  if (!(rate_hz > 0.0))
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame rate must be positive, got {}", rate_hz);
  if (!(live.look_back_s > 0.0) || !(live.window_s > 0.0) || !(live.seg_delay_s >= 0.0) ||
      !(live.margin_s >= 0.0) || live.seg_delay_s >= live.window_s)
    return fail(ErrorCode::kInvalidArgument,
                "live analysis: need look_back_s > 0, window_s > seg_delay_s >= 0 and margin_s >= 0");
  LiveAnalyser a;
  a.ex_ = &ex;
  a.opt_ = options;
  a.live_ = live;
  a.rate_hz_ = rate_hz;
  a.n_columns_ = column_names.size();
  a.sign_ = ex.direction == Direction::kIncrease ? 1.0 : -1.0;
  switch (ex.laterality) {
    case Laterality::kCentral:
      break;
    case Laterality::kBilateral:
      break;
    case Laterality::kUnilateral:
      if (options.side == SideChoice::kAuto)
        return fail(ErrorCode::kInvalidArgument,
                    "live analysis of the unilateral exercise {} needs the side (left or right): the batch "
                    "path chooses it from the whole recording",
                    ex.id);
      a.side_ = options.side == SideChoice::kLeft ? "left" : "right";
      break;
  }
  // The angles, as the batch path chooses them (the other side too when present, for comparisons).
  auto find_col = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(column_names.begin(), column_names.end(), n) -
                                    column_names.begin());
  };
  std::vector<std::string> needed = resolved_angle_names(ex, a.side_.empty() ? "right" : a.side_);
  for (const auto& n : needed) {
    if (find_col(n) == column_names.size())
      return fail(ErrorCode::kMissingData, "exercise {} needs the angle '{}', which the live columns lack",
                  ex.id, n);
  }
  if (ex.laterality == Laterality::kUnilateral)
    for (const auto& n : resolved_angle_names(ex, a.side_ == "left" ? "right" : "left"))
      if (std::find(needed.begin(), needed.end(), n) == needed.end() && find_col(n) != column_names.size())
        needed.push_back(n);
  for (const auto& n : needed) {
    a.names_.push_back(n);
    a.col_index_.push_back(find_col(n));
  }
  auto name_pos = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(a.names_.begin(), a.names_.end(), n) - a.names_.begin());
  };
  if (ex.laterality == Laterality::kBilateral) {
    std::string l = resolve_side(ex.primary_angle, "left"), r = resolve_side(ex.primary_angle, "right");
    a.primary_cols_ = {name_pos(l), name_pos(r)};
    a.primary_name_ = "mean of " + l + " and " + r;
  } else {
    a.primary_name_ = resolve_side(ex.primary_angle, a.side_.empty() ? "right" : a.side_);
    a.primary_cols_ = {name_pos(a.primary_name_)};
  }
  for (std::size_t k : a.primary_cols_)
    if (k >= a.names_.size())
      return fail(ErrorCode::kMissingData, "exercise {}: primary angle {} is not among its angles", ex.id,
                  a.primary_name_);
  a.tpl_names_ = template_angle_names(ex);

  a.seg_opt_ = options.segmentation;
  a.seg_opt_.min_rep_s = std::max(a.seg_opt_.min_rep_s, 0.5 * ex.tempo_min_s);
  a.metric_filter_ = options.filter_cutoff_hz > 0.0;
  if (a.metric_filter_)
    a.metric_sos_ = PHYSIO_TRY(
        dsp::design_zero_phase_lowpass({4, std::min(options.filter_cutoff_hz, 0.4 * rate_hz), rate_hz}));
  a.seg_filter_ = a.seg_opt_.smooth_cutoff_hz > 0.0;
  if (a.seg_filter_)
    a.seg_sos_ = PHYSIO_TRY(
        dsp::design_zero_phase_lowpass({4, std::min(a.seg_opt_.smooth_cutoff_hz, 0.4 * rate_hz), rate_hz}));
  a.window_ = std::max<std::size_t>(2, frames_of(live.window_s, rate_hz));
  a.delay_ = std::min(a.window_ - 1, frames_of(live.seg_delay_s, rate_hz));
  a.margin_ = frames_of(live.margin_s, rate_hz);
  a.look_back_ = std::max(frames_of(live.look_back_s, rate_hz), a.window_ + a.margin_);
  a.raw_.resize(a.names_.size());
  a.th_.enter = a.th_.exit = a.th_.peak = kInf;  // no movement seen yet
  a.segmenter_ = RepSegmenter(a.th_, rate_hz, a.seg_opt_.min_rep_s);
  a.scheduler_ = CueScheduler(options.cues);
  return a;
}

double LiveAnalyser::rel_s(std::size_t frame) const {
  if (frame >= base_ && frame - base_ < times_.size()) return us_to_seconds(times_[frame - base_] - t0_);
  // Outside the look-back (a repetition longer than it): nominal rate from the oldest row kept.
  double back = (static_cast<double>(base_) - static_cast<double>(frame)) / rate_hz_;
  return us_to_seconds(times_.front() - t0_) - back;
}

Result<std::vector<LiveEvent>> LiveAnalyser::push(TimeUs t, std::span<const double> row) {
  if (finished_) return fail(ErrorCode::kInvalidArgument, "live analysis: push after finish()");
  if (row.size() != n_columns_)
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame {} has {} angles, expected {}", n_frames_,
                row.size(), n_columns_);
  if (n_frames_ > 0 && t <= times_.back())
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame {} time {} us is not after {} us",
                n_frames_, t, times_.back());
  if (n_frames_ == 0) t0_ = t;
  times_.push_back(t);
  for (std::size_t k = 0; k < names_.size(); ++k) raw_[k].push_back(row[col_index_[k]]);
  ++n_frames_;
  current_frame_ = n_frames_ - 1;
  std::vector<LiveEvent> out;
  if (!held_) step_segmentation(out, n_frames_ - 1, false);
  // Cues can be released up to (not including) the earliest time a violation not yet known could have:
  // the peak of the repetition in progress, or the next frame the segmenter will see.
  std::size_t bound = segmenter_.in_rep() ? segmenter_.current().peak : next_seg_;
  emit_cues(scheduler_.advance(rel_s(std::min(bound, n_frames_ - 1)) - 1e-7), out);
  while (times_.size() > look_back_) {
    times_.pop_front();
    for (auto& c : raw_) c.pop_front();
    ++base_;
  }
  return out;
}

void LiveAnalyser::void_unread_before(std::size_t frame) {
  const std::size_t from = std::max(next_seg_, base_), to = std::min(frame, n_frames_);
  for (std::size_t f = from; f < to; ++f)
    for (auto& c : raw_) c[f - base_] = std::numeric_limits<double>::quiet_NaN();
}

void LiveAnalyser::step_segmentation(std::vector<LiveEvent>& out, std::size_t newest, bool final_pass) {
  if (newest < base_) return;
  std::size_t last = final_pass ? newest : (newest >= delay_ ? newest - delay_ : 0);
  if ((!final_pass && newest < delay_) || next_seg_ > last) return;
  // Window: enough history before next_seg_ for the forward pass, everything up to the newest row.
  std::size_t lead = window_ - delay_;
  std::size_t w0 = std::max(base_, next_seg_ >= lead ? next_seg_ - lead : 0);
  // The primary of frames w0..newest: the mean of both sides for a bilateral exercise (either side alone
  // where the other is missing).
  const auto from = static_cast<std::ptrdiff_t>(w0 - base_),
             to = static_cast<std::ptrdiff_t>(newest - base_ + 1);
  if (primary_cols_.size() == 1) {
    const auto& c = raw_[primary_cols_[0]];
    work_.assign(c.begin() + from, c.begin() + to);
  } else {
    work_.clear();
    auto l = raw_[primary_cols_[0]].begin() + from, r = raw_[primary_cols_[1]].begin() + from;
    for (std::ptrdiff_t i = from; i < to; ++i, ++l, ++r)
      work_.push_back(bilateral_primary(*l, *r, primary_only_));
  }
  if (metric_filter_) dsp::filtfilt(metric_sos_, work_, scratch_);  // the batch primary is filtered first
  if (seg_filter_) dsp::filtfilt(seg_sos_, work_, scratch_);
  for (std::size_t f = next_seg_; f <= last; ++f) feed_segmenter(work_[f - w0], out);
}

void LiveAnalyser::update_thresholds() {
  Thresholds t = current_thresholds(pct_work_);
  th_ = t;
  segmenter_.set_thresholds(t);
}

Thresholds LiveAnalyser::current_thresholds(std::vector<double>& v) const {
  Thresholds t;
  t.rest = sorted_percentile(sorted_oriented_, seg_opt_.lo_percentile);
  t.top = sorted_percentile(sorted_oriented_, seg_opt_.hi_percentile);
  // As the batch second pass: with 3 or more repetitions, their median peak is the movement end level.
  if (recent_peaks_.size() >= 3) {
    v.assign(recent_peaks_.begin(), recent_peaks_.end());
    double top = select_percentile(v, 50.0);
    if (top - t.rest >= seg_opt_.min_range_deg) t.top = top;
  }
  double r = t.top - t.rest;
  t.band = t.rest + seg_opt_.band_frac * r;
  if (r >= seg_opt_.min_range_deg) {
    t.enter = t.rest + seg_opt_.enter_frac * r;
    t.exit = t.rest + seg_opt_.exit_frac * r;
    t.peak = t.rest + seg_opt_.peak_frac * r;
  } else {
    t.enter = t.exit = t.peak = kInf;  // a still person: no repetitions (batch: min_range_deg)
  }
  return t;
}

// The segmenter picks a repetition's start while at rest, with a tolerance of 2 % of the range known
// then; before the first repetition that range is still growing. Once the repetition is complete the
// start is re-derived over the same stay at rest, by the segmenter's own rule (RestStay), with the range
// known now (the batch path knows it from the first frame).
std::size_t LiveAnalyser::refine_start(std::size_t provisional) const {
  std::vector<double> work;
  Thresholds t = current_thresholds(work);
  if (!(t.range() >= seg_opt_.min_range_deg)) return provisional;
  const double tol = 0.02 * t.range();
  const std::size_t first = next_seg_ - oriented_.size();
  RestStay stay(opening_edge_frames(rate_hz_), settle_frames(rate_hz_));
  if (crossings_ == 1) {  // the series' first repetition: its stay is the opening one
    stay.open(segmenter_.first_frame());
  } else {
    // The lowest value since the previous repetition's end is its return minimum.
    double end_value = std::numeric_limits<double>::infinity();
    if (prev_end_ >= first && prev_end_ < next_seg_ && !std::isnan(oriented_[prev_end_ - first]))
      end_value = oriented_[prev_end_ - first];
    stay.after(prev_end_, end_value);
  }
  for (std::size_t f = std::max(rest_from_, first); f <= crossing_ && f < next_seg_; ++f) {
    double v = oriented_[f - first];
    if (!std::isnan(v)) stay.push(f, v, t.band, tol);
  }
  return stay.start(crossing_);
}

void LiveAnalyser::feed_segmenter(double smoothed, std::vector<LiveEvent>& out) {
  const std::size_t j = next_seg_++;
  double v = sign_ * smoothed;
  oriented_.push_back(v);
  double old = std::numeric_limits<double>::quiet_NaN();  // the value leaving the look-back
  if (oriented_.size() > look_back_) {
    old = oriented_.front();
    oriented_.pop_front();
  }
  auto& sorted = sorted_oriented_;
  if (!std::isnan(v) && !std::isnan(old)) {
    replace_sorted(sorted, old, v);
  } else if (!std::isnan(v)) {
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), v), v);
  } else if (!std::isnan(old)) {
    sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), old));
  }
  if (!segmenter_.in_rep()) update_thresholds();
  auto done = segmenter_.push(v);
  if (done) {
    // Oriented peak value, for the movement end level of later repetitions.
    std::size_t back = j - done->peak;
    if (back < oriented_.size()) {
      recent_peaks_.push_back(oriented_[oriented_.size() - 1 - back]);
      if (recent_peaks_.size() > kMaxPeaks) recent_peaks_.erase(recent_peaks_.begin());
    }
    RepBounds b = *done;
    b.start = refine_start(b.start);
    on_rep(b, out);
    prev_end_ = done->end;
  }
  if (done || (was_in_rep_ && !segmenter_.in_rep())) rest_from_ = j;
  if (segmenter_.in_rep() && (!was_in_rep_ || done || segmenter_.current().start != started_at_)) {
    started_at_ = segmenter_.current().start;
    crossing_ = j;
    ++crossings_;
    LiveEvent e;
    e.kind = LiveEvent::Kind::kRepStarted;
    e.frame = started_at_;
    e.t_s = rel_s(started_at_);
    e.emitted_frame = current_frame_;
    out.push_back(std::move(e));
  }
  was_in_rep_ = segmenter_.in_rep();
}

void LiveAnalyser::on_rep(const RepBounds& b, std::vector<LiveEvent>& out) {
  const std::size_t newest = n_frames_ - 1;
  std::size_t w0 = std::max(base_, b.start >= margin_ ? b.start - margin_ : 0);
  // Local frame 0 is a sentinel holding the session's first time (angles NaN, outside the repetition):
  // metrics and rules take times relative to ctx.times.front(), so every time (and every threshold
  // comparison on a duration) comes out bit-identical to the batch path's. Local frame k >= 1 is
  // session frame w0 + k - 1.
  const std::size_t shift = w0 - 1;  // session frame = local frame + shift (mod wrap for w0 = 0)
  auto local = [&](std::size_t f) { return std::max(f, w0) - w0 + 1; };
  RepBounds lb{local(b.start), local(b.peak), local(b.end), b.partial, b.cut_at_start, local(b.rest_from)};
  const std::size_t n = newest - w0 + 2;
  win_cols_.resize(names_.size());
  for (std::size_t k = 0; k < names_.size(); ++k) {
    auto& c = win_cols_[k];
    c.assign(1, std::numeric_limits<double>::quiet_NaN());
    c.insert(c.end(), raw_[k].begin() + static_cast<std::ptrdiff_t>(w0 - base_), raw_[k].end());
    if (metric_filter_) dsp::filtfilt(metric_sos_, std::span<double>(c).subspan(1), scratch_);
  }
  std::vector<TimeUs> times;
  times.reserve(n);
  times.push_back(t0_);
  times.insert(times.end(), times_.begin() + static_cast<std::ptrdiff_t>(w0 - base_), times_.end());
  RepContext ctx;
  ctx.rate_hz = rate_hz_;
  ctx.times = times;
  ctx.names = names_;
  for (const auto& c : win_cols_) ctx.columns.push_back(&c);
  ctx.side = side_;
  ctx.exercise = ex_;
  ctx.primary.resize(n);
  if (primary_cols_.size() == 2) {
    const auto &l = win_cols_[primary_cols_[0]], &r = win_cols_[primary_cols_[1]];
    for (std::size_t i = 0; i < n; ++i) ctx.primary[i] = bilateral_primary(l[i], r[i], primary_only_);
  } else {
    ctx.primary = win_cols_[primary_cols_[0]];
  }
  RepMetrics rm = compute_rep_metrics(ctx, lb);
  rm.index = b.partial ? 0 : ++rep_count_;
  const int n_points = opt_.reference ? opt_.reference->n_points : 51;
  RepCurves curves = extract_rep_curves(ctx, lb, tpl_names_, n_points);
  rm.violations = evaluate_rules(ctx, lb, rm);
  score_repetition(rm, opt_.reference, &curves);
  // Back to session frames (times are already session times).
  rm.start_frame += shift;
  rm.peak_frame += shift;
  rm.end_frame += shift;
  for (auto& v : rm.violations) v.frame += shift;
  std::vector<Cue> candidates;
  for (const auto& v : rm.violations)
    candidates.push_back({v.rule_id, v.cue, v.severity, v.t_s, v.frame, rm.index});
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Cue& a, const Cue& c) { return a.t_s < c.t_s; });
  LiveEvent e;
  e.kind = LiveEvent::Kind::kRepDone;
  e.frame = rm.end_frame;
  e.t_s = rm.end_s;
  e.emitted_frame = current_frame_;
  e.rep = std::move(rm);
  out.push_back(std::move(e));
  for (const auto& c : candidates) emit_cues(scheduler_.offer(c), out);
}

void LiveAnalyser::emit_cues(std::vector<Cue> cues, std::vector<LiveEvent>& out) {
  for (auto& c : cues) {
    LiveEvent e;
    e.kind = LiveEvent::Kind::kCue;
    e.frame = c.frame;
    e.t_s = c.t_s;
    e.emitted_frame = current_frame_;
    e.cue = std::move(c);
    out.push_back(std::move(e));
  }
}

void LiveAnalyser::release_primary(int only) {
  held_ = false;
  if (primary_cols_.size() != 2 || only < 0 || only > 1) return;
  primary_only_ = only;
  primary_name_ = names_[primary_cols_[static_cast<std::size_t>(only)]];
}

std::vector<LiveEvent> LiveAnalyser::finish() {
  if (held_) release_primary(-1);
  std::vector<LiveEvent> out;
  if (finished_ || n_frames_ == 0) {
    finished_ = true;
    return out;
  }
  current_frame_ = n_frames_ - 1;
  step_segmentation(out, n_frames_ - 1, true);
  if (auto r = segmenter_.finish()) on_rep(*r, out);
  emit_cues(scheduler_.flush(), out);
  finished_ = true;
  return out;
}

}  // namespace physio::exercise
