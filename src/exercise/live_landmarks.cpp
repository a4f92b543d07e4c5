#include "exercise/live_landmarks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

namespace physio::exercise {
namespace {

// The view is judged once this much of the set has been seen: a patient settling into place may turn first.
constexpr double kViewJudgedAfterS = 2.0;

}  // namespace

Result<LiveLandmarkAnalyser> LiveLandmarkAnalyser::create(const Exercise& ex, const AnalysisOptions& options,
                                                          kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                                          kin::Axis up_axis, int image_width,
                                                          int image_height, double rate_hz,
                                                          const LiveOptions& live) {
  if (!skeleton) return fail(ErrorCode::kInvalidArgument, "live analysis: no skeleton given");
  // Which landmarks feed which angle, the columns' names, the coordinate mapping: resolved once here.
  ExerciseAnglePlan plan = PHYSIO_TRY(
      ExerciseAnglePlan::create(ex, skeleton, space, up_axis, image_width, image_height, options.angle_mode));
  LiveAnalyser la = PHYSIO_TRY(LiveAnalyser::create(ex, options, plan.names(), rate_hz, live));
  LiveLandmarkAnalyser out(std::move(la), std::move(plan), ex);
  out.row_.assign(out.plan_.names().size(), std::numeric_limits<double>::quiet_NaN());
  out.skeleton_ = std::move(skeleton);
  out.space_ = space;
  out.image_width_ = image_width;
  out.image_height_ = image_height;
  out.image_space_ = space != kin::CoordSpace::kWorldMetres;
  if (space == kin::CoordSpace::kImageNormalized || space == kin::CoordSpace::kWorldMetres) {
    // Normalised image landmarks (pushed, or given beside world ones) are measured in pixels when the size
    // is known: x and y are normalised to different lengths.
    if (image_width > 0 && image_height > 0) {
      out.sx_ = image_width;
      out.sy_ = image_height;
    }
  }
  out.body_keep_ = static_cast<std::size_t>(std::max(2.0, std::ceil(live.look_back_s * rate_hz)));
  // A bilateral exercise is counted on the side the camera sees when it sees one only, judged on the first
  // frames as the batch path judges them; nothing is segmented before.
  if (options.primary_side.empty()) {
    out.seen_.emplace(ex, *out.skeleton_);
    if (!out.seen_->decided()) out.live_.hold_primary();
  } else {
    out.live_.release_primary(side_index(options.primary_side));
  }
  return out;
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::push(TimeUs t, std::span<const kin::Landmark> frame) {
  if (frame.size() != plan_.n_landmarks())
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame has {} landmarks, the skeleton has {}",
                frame.size(), plan_.n_landmarks());
  return take(t, frame, frame, image_space_);
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::push(TimeUs t, std::span<const kin::Landmark> frame,
                                                          std::span<const kin::Landmark> image) {
  if (frame.size() != plan_.n_landmarks() || image.size() != plan_.n_landmarks())
    return fail(ErrorCode::kInvalidArgument,
                "live analysis: frame has {} analysed and {} image landmarks, the skeleton has {}",
                frame.size(), image.size(), plan_.n_landmarks());
  return take(t, frame, image, true);
}

// The frame joins the label window (kin::LabelWindow); the frames it hands out, labels repaired as the
// recording's are, are analysed.
Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::take(TimeUs t, std::span<const kin::Landmark> frame,
                                                          std::span<const kin::Landmark> judged, bool image) {
  if (finished_) return fail(ErrorCode::kInvalidArgument, "live analysis: push after finish()");
  if (pushed_ > 0 && t <= last_pushed_)
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame {} time {} us is not after {} us", pushed_,
                t, last_pushed_);
  if (!labels_) {
    with_image_ = image;
    labels_.emplace(skeleton_, space_, image && !image_space_ ? kin::CoordSpace::kImageNormalized : space_,
                    image_width_, image_height_);
  }
  labels_->push(t, frame, image == with_image_ ? judged : frame);
  ++pushed_;
  last_pushed_ = t;
  return drain();
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::drain() {
  std::vector<LiveEvent> events;
  kin::LabelWindow::Ready r;
  while (labels_ && labels_->pop(r)) {
    std::optional<BodyFrame> body;
    // The body checks read the picture repaired as the measures are: a foot the pose model drew onto the
    // other for a few frames is no step (body_frames, batch).
    if (with_image_) body = body_frame(r.picture, *skeleton_, sx_, sy_);
    auto more = PHYSIO_TRY(push_checked(r.t, r.judged, r.measured, body));
    events.insert(events.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return events;
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::push_checked(TimeUs t,
                                                                  std::span<const kin::Landmark> frame,
                                                                  std::span<const kin::Landmark> repaired,
                                                                  std::optional<BodyFrame> body) {
  plan_.compute(repaired, row_);
  // The frames before the person is found at their size are the model's first fit (opening_fit.hpp); within
  // the read-out delay none has been read yet.
  if (body && (frames_ == 0 || t > last_t_))
    if (const auto from = opening_.push(frames_, frames_ == 0 ? 0.0 : static_cast<double>(t - t0_) / 1e6,
                                        body->seen ? body->torso : 0.0))
      live_.void_unread_before(*from);
  auto events = PHYSIO_TRY(live_.push(t, row_));  // checks the time before anything is kept
  if (seen_ && !seen_->decided()) {
    seen_->push(frame);  // the frame as given, as the batch path judges the recording
    if (seen_->decided()) live_.release_primary(side_index(seen_->side()));
  }
  if (frames_ == 0) t0_ = t;
  last_t_ = t;
  ++frames_;
  if (std::any_of(frame.begin(), frame.end(), [](const kin::Landmark& l) { return !l.missing(); }))
    ++with_person_;
  body_.push_back(body.value_or(BodyFrame{}));
  while (body_.size() > body_keep_) {
    body_.pop_front();
    ++body_base_;
  }
  if (body) {
    const double t_s = static_cast<double>(t - t0_) / 1e6;
    monitor_.push(*body, t_s);
    unsigned now = monitor_.failures() & ~reported_;
    // A view is judged on more than the first moments (the patient may still be turning into place).
    if ((now & BodyMonitor::kWrongView) && t_s < kViewJudgedAfterS) now &= ~BodyMonitor::kWrongView;
    for (unsigned bit : BodyMonitor::kAll)
      if (now & bit) {
        LiveEvent e;
        e.kind = LiveEvent::Kind::kSetRefused;
        e.frame = frames_ - 1;
        e.t_s = t_s;
        e.emitted_frame = frames_ - 1;
        e.reason = monitor_.reason(bit);
        events.push_back(std::move(e));
        reported_ |= bit;
      }
  }
  judge(events);
  return events;
}

std::vector<LiveEvent> LiveLandmarkAnalyser::finish() {
  std::vector<LiveEvent> held;
  if (labels_ && !finished_) {
    labels_->finish();
    if (auto more = drain()) held = std::move(*more);
  }
  finished_ = true;
  if (seen_ && !seen_->decided()) {
    seen_->finish();
    live_.release_primary(side_index(seen_->side()));
  }
  std::vector<LiveEvent> events = live_.finish();
  judge(events);
  held.insert(held.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
  return held;
}

// Each finished repetition judged as the batch path judges it; the counted ones numbered 1.., the cues that
// follow renumbered with them.
void LiveLandmarkAnalyser::judge(std::vector<LiveEvent>& events) {
  std::vector<std::pair<int, int>> renumbered;
  for (auto& e : events) {
    if (e.kind == LiveEvent::Kind::kCue) {
      for (const auto& [from, to] : renumbered)
        if (e.cue.rep == from) {
          e.cue.rep = to;
          break;
        }
      continue;
    }
    if (e.kind != LiveEvent::Kind::kRepDone) continue;
    RepMetrics& r = e.rep;
    std::span<const BodyFrame> rb;
    if (r.start_frame >= body_base_ && r.start_frame - body_base_ < body_.size() &&
        r.end_frame >= r.start_frame) {
      const std::size_t from = r.start_frame - body_base_;
      const std::size_t to = std::min(r.end_frame - body_base_, body_.size() - 1);
      // A deque is not contiguous: the repetition's frames copied (a few hundred small structs per
      // repetition).
      window_.assign(body_.begin() + static_cast<std::ptrdiff_t>(from),
                     body_.begin() + static_cast<std::ptrdiff_t>(to + 1));
      if (std::any_of(window_.begin(), window_.end(), [](const BodyFrame& b) { return b.seen; }))
        rb = window_;
    }
    r.not_counted = rep_not_counted(*ex_, r, rb, live_.side());
    const int old = r.index;
    if (r.partial || !r.not_counted.empty()) {
      r.index = 0;
      not_counted_.push_back(r.not_counted);
    } else {
      r.index = ++counted_;
    }
    if (old != r.index) renumbered.emplace_back(old, r.index);
  }
}

Applicability LiveLandmarkAnalyser::verdict() const {
  const double duration_s = frames_ > 1 ? static_cast<double>(last_t_ - t0_) / 1e6 : 0.0;
  if (auto r = mostly_out_of_view(*ex_, with_person_, frames_, duration_s); !r.empty()) {
    Applicability out;
    out.refuse(std::move(r));
    return out;
  }
  Applicability a = monitor_.verdict();
  if (duration_s < ex_->tempo_min_s)
    a.refuse(fmt::format(
        "a repetition of {} takes at least {:.1f} s; the set is {:.2f} s long. Record at least one whole "
        "repetition",
        ex_->name, ex_->tempo_min_s, duration_s));
  if (ex_->kind == ExerciseKind::kRepetitions && counted_ == 0)
    a.refuse(
        fmt::format("no complete repetition of {} (from rest to the peak and back, {:.1f}-{:.1f} s) was "
                    "counted{}. Record "
                    "whole repetitions: start at rest, and keep filming until the last one is back at rest",
                    ex_->name, ex_->tempo_min_s, ex_->tempo_max_s,
                    not_counted_.empty() ? ""
                                         : fmt::format("; {} movement(s) not counted, e.g. {}",
                                                       not_counted_.size(), not_counted_.front())));
  return a;
}

}  // namespace physio::exercise
