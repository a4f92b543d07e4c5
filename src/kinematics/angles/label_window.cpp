#include "kinematics/angles/label_window.hpp"

#include <algorithm>
#include <utility>

#include "kinematics/angles/swaps.hpp"

namespace physio::kin {

LabelWindow::LabelWindow(SkeletonPtr skeleton, CoordSpace measured_space, CoordSpace judged_space,
                         int image_width, int image_height, Options opts)
    : skeleton_(std::move(skeleton)),
      measured_space_(measured_space),
      judged_space_(judged_space),
      image_width_(image_width),
      image_height_(image_height),
      opts_(opts) {}

void LabelWindow::push(TimeUs t, std::span<const Landmark> measured, std::span<const Landmark> judged) {
  frames_.push_back(Frame{t, {measured.begin(), measured.end()}, {judged.begin(), judged.end()}});
  const auto lag = static_cast<TimeUs>(opts_.lag_s * 1e6);
  const auto step = static_cast<TimeUs>(opts_.step_s * 1e6);
  // Handed out in groups: once the oldest frame due has lag + step after it, every frame with lag after it.
  if (next_ < frames_.size() && frames_.back().t - frames_[next_].t >= lag + step) {
    std::size_t end = next_;
    while (end < frames_.size() && frames_.back().t - frames_[end].t >= lag) ++end;
    hand_out(next_, end);
    next_ = end;
  }
  // Frames older than history_s before the next one due are no longer needed.
  const auto history = static_cast<TimeUs>(opts_.history_s * 1e6);
  while (next_ > 0 && next_ <= frames_.size() &&
         (next_ == frames_.size() ? frames_.back().t : frames_[next_].t) - frames_.front().t > history) {
    frames_.pop_front();
    --next_;
  }
}

void LabelWindow::finish() {
  if (next_ < frames_.size()) hand_out(next_, frames_.size());
  next_ = frames_.size();
}

bool LabelWindow::pop(Ready& out) {
  if (ready_.empty()) return false;
  out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

void LabelWindow::hand_out(std::size_t begin, std::size_t end) {
  // The frames held, as two recordings: the measured one is repaired as a recording is.
  LandmarkSequence measured(skeleton_, measured_space_, frames_.size());
  LandmarkSequence judged(skeleton_, judged_space_, frames_.size());
  for (auto* s : {&measured, &judged}) {
    s->image_width = image_width_;
    s->image_height = image_height_;
  }
  for (std::size_t f = 0; f < frames_.size(); ++f) {
    measured.times()[f] = judged.times()[f] = frames_[f].t;
    std::copy(frames_[f].measured.begin(), frames_[f].measured.end(), measured.frame(f).begin());
    std::copy(frames_[f].judged.begin(), frames_[f].judged.end(), judged.frame(f).begin());
  }
  SwapOptions so;
  so.invert_majority = false;  // needs the whole set
  const LabelRepair repair = repair_labels(measured, &judged, so, true);
  apply_label_repair(judged, repair);
  for (std::size_t k = begin; k < end; ++k) {
    Ready r;
    r.t = frames_[k].t;
    const auto m = measured.frame(k);
    r.measured.assign(m.begin(), m.end());
    r.judged = frames_[k].judged;
    const auto p = judged.frame(k);
    r.picture.assign(p.begin(), p.end());
    ready_.push_back(std::move(r));
  }
}

}  // namespace physio::kin
