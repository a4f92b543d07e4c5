#include "exercise/contact.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace physio::exercise {
namespace {

double median3(const std::array<double, 3>& v) {
  return std::max(std::min(v[0], v[1]), std::min(std::max(v[0], v[1]), v[2]));
}

// Inserts v into the sorted vector.
void insert_in_order(std::vector<double>& s, double v) {
  s.insert(std::upper_bound(s.begin(), s.end(), v), v);
}

// The pct-th percentile of a sorted, non-empty vector (nearest rank).
double floor_percentile(const std::vector<double>& s, double pct) {
  const double pos = pct / 100.0 * static_cast<double>(s.size() - 1);
  return s[static_cast<std::size_t>(std::lround(pos))];
}

// "at 1.2 s, 2.4 s and 3.0 s" (the first three, then how many more: "at 1.2 s, 2.4 s, 3.0 s and twice
// more").
std::string when(const std::vector<double>& t) {
  std::string out = "at ";
  const std::size_t shown = std::min<std::size_t>(t.size(), 3);
  const std::size_t more = t.size() - shown;
  for (std::size_t k = 0; k < shown; ++k)
    out += fmt::format("{}{:.1f} s", k == 0 ? "" : k + 1 == shown && more == 0 ? " and " : ", ", t[k]);
  if (more == 1) out += " and once more";
  if (more == 2) out += " and twice more";
  if (more > 2) out += fmt::format(" and {} times more", more);
  return out;
}

}  // namespace

std::string_view contact_name(Contact c) {
  switch (c) {
    case Contact::kFeet:
      return "feet";
    case Contact::kForefeet:
      return "forefeet";
    case Contact::kStandingFoot:
      return "standing_foot";
    case Contact::kHips:
      return "hips";
    case Contact::kShoulders:
      return "shoulders";
  }
  return "feet";
}

std::optional<Contact> parse_contact(std::string_view s) {
  for (Contact c :
       {Contact::kFeet, Contact::kForefeet, Contact::kStandingFoot, Contact::kHips, Contact::kShoulders})
    if (contact_name(c) == s) return c;
  return std::nullopt;
}

std::string contact_words(Contact c, std::string_view position) {
  const bool seated = position == "sitting";
  switch (c) {
    case Contact::kFeet:
      return "both feet stay flat on the floor where they stand (no jump, no step)";
    case Contact::kForefeet:
      return "the balls of both feet stay on the floor where they stand (the heels may rise; no jump, no "
             "step)";
    case Contact::kStandingFoot:
      return "the standing foot stays flat on the floor where it stands (the other may move)";
    case Contact::kHips:
      return seated ? "the hips stay on the seat" : "the hips stay on the mat, in place";
    case Contact::kShoulders:
      return "the shoulders stay on the mat, in place";
  }
  return "";
}

ContactTracker::ContactTracker(std::vector<Contact> contacts) : contacts_(std::move(contacts)) {
  for (Contact c : contacts_) {
    feet_on_ = feet_on_ || c == Contact::kFeet;
    forefeet_on_ = forefeet_on_ || c == Contact::kForefeet;
    standing_on_ = standing_on_ || c == Contact::kStandingFoot;
    hips_on_ = hips_on_ || c == Contact::kHips;
    shoulders_on_ = shoulders_on_ || c == Contact::kShoulders;
  }
}

void ContactTracker::Follow::push(std::optional<double> x, std::optional<double> y, double torso, bool seen) {
  lift = 0.0;
  shift = 0.0;
  known = false;
  if (!seen) return;
  if (y) {
    insert_in_order(ys, *y);
    // The floor line: the level the point holds at its lowest (image y grows downwards), over the frames
    // seen so far; from 3 frames on.
    if (ys.size() >= 3) floor_y = floor_percentile(ys, kFloorPercentile);
    if (floor_y) {
      lift = (*floor_y - *y) / torso;
      known = true;
    }
  }
  if (x) {
    // The place: the median x over the frames seen so far, from 3 frames on (a pose model's first frames
    // of a person it has just found can sit off the body; a median holds the place most frames show).
    insert_in_order(xs, *x);
    if (xs.size() >= 3) place_x = floor_percentile(xs, 50.0);
    if (place_x) {
      shift = (*x - *place_x) / torso;
      known = true;
    }
  }
}

// A pose model filming from the side often swaps the left and right legs' labels for a frame or more (the
// near and far leg look alike in profile). The feet are judged by where they stand, not by their labels: each
// frame's two feet are matched to the two places (or, before the places are known, to the last frame's feet)
// the other way round when that moves them less than kFeetSwapRatio times as much. Feet never cross in an
// exercise that keeps them in place, so a real movement (apart and together, a step) is matched as it is,
// and a near tie (a moving foot passing the other's place) keeps the labels.
std::array<ContactFrame::Foot, 2> ContactTracker::feet_in_place(const std::array<ContactFrame::Foot, 2>& in) {
  std::array<ContactFrame::Foot, 2> feet = in;
  const bool both = in[0].seen && in[1].seen && in[0].x && in[1].x;
  if (!both) return feet;
  std::optional<double> ref[2] = {foot_[0].place_x, foot_[1].place_x};
  for (std::size_t i = 0; i < 2; ++i)
    if (!ref[i]) ref[i] = last_foot_x_[i];
  if (ref[0] && ref[1]) {
    const double straight = std::fabs(*in[0].x - *ref[0]) + std::fabs(*in[1].x - *ref[1]);
    const double swapped = std::fabs(*in[0].x - *ref[1]) + std::fabs(*in[1].x - *ref[0]);
    if (swapped < kFeetSwapRatio * straight) {
      std::swap(feet[0], feet[1]);
      ++swapped_;
    } else {
      ++straight_;
    }
  }
  last_foot_x_[0] = feet[0].x;
  last_foot_x_[1] = feet[1].x;
  return feet;
}

void ContactTracker::sustain(std::vector<Episode>& v, bool now, Run& run, double t_s, double size,
                             double min_s) {
  if (!now) {
    run.start_s.reset();
    return;
  }
  if (!run.start_s) {
    run.start_s = t_s;
    run.size = size;
    run.noted = false;
  }
  run.size = std::max(run.size, size);
  // The run lasts from its first frame to the end of this one.
  if (t_s - *run.start_s + frame_s_ < min_s - 1e-9) return;
  if (!run.noted) v.push_back({*run.start_s, run.size});
  run.noted = true;
  v.back().size = std::max(v.back().size, run.size);
}

void ContactTracker::push(const ContactFrame& f, double t_s) {
  if (!(f.torso > 0.0) || contacts_.empty()) return;
  recent_torso_[n_torso_ % 3] = f.torso;
  ++n_torso_;
  torso_ = n_torso_ >= 3 ? std::max(torso_, median3(recent_torso_)) : std::max(torso_, f.torso);
  const double torso = torso_;
  // Found again after a frame or more without the person, away from where the hips were: what was learnt
  // came from the pose model's search (a low-light clip's first 0.3 s fitted something else) and is learnt
  // again.
  const bool lost = frame_s_ > 0.0 && t_s - last_t_ > 1.5 * frame_s_;
  // The places are learnt at a scale: the first held torso (3 frames), or the torso when learnt again.
  const auto learn_at = [&](double scale) {
    learnt_torso_ = scale;
    const auto lists = findings();
    for (std::size_t k = 0; k < lists.size(); ++k) findings_at_learning_[k] = lists[k]->size();
  };
  if (lost && f.hips && last_hips_ &&
      std::hypot(f.hips->x - last_hips_->x, f.hips->y - last_hips_->y) > kRefoundTorso * torso) {
    forget_places();
    learn_at(torso);
  }
  if (n_torso_ <= 3) learn_at(torso);
  if (torso > (1.0 + kRescaleGrowth) * learnt_torso_) {
    // A body larger than any seen since the places were learnt: what was found against them is withdrawn.
    const auto lists = findings();
    for (std::size_t k = 0; k < lists.size(); ++k)
      lists[k]->resize(std::min(lists[k]->size(), findings_at_learning_[k]));
    for (Run* r : {&flight_run_, &apart_run_, &step_run_[0], &step_run_[1], &hips_run_, &shoulders_run_})
      *r = Run{};
    forget_places();
    learn_at(torso);
  }
  if (f.hips) last_hips_ = f.hips;
  if (t_s > last_t_ && !lost) frame_s_ = t_s - last_t_;
  last_t_ = t_s;

  if (feet_on_ || forefeet_on_ || standing_on_) {
    const auto feet = feet_in_place(f.feet);
    for (std::size_t i = 0; i < 2; ++i) {
      const auto& foot = feet[i];
      foot_[i].push(foot.x, forefeet_on_ && !feet_on_ && !standing_on_ ? foot.toe_y : foot.sole_y, torso,
                    foot.seen);
    }
    const bool feet_known = foot_[0].known && foot_[1].known;
    bool off[2], moved[2];
    for (std::size_t i = 0; i < 2; ++i) {
      off[i] = foot_[i].known && foot_[i].lift > kFlightTorso;
      moved[i] = foot_[i].known && std::fabs(foot_[i].shift) > kFootMoveTorso;
    }
    // The pelvis: its standing line from the frames with both feet on their floor lines (a jump never
    // raises it), its lift above that line in this frame.
    std::optional<double> pelvis_lift;
    if (f.hips && f.hips_seen) {
      if (feet_known && !off[0] && !off[1]) insert_in_order(pelvis_grounded_, f.hips->y);
      if (pelvis_grounded_.size() >= 3)
        pelvis_lift = (floor_percentile(pelvis_grounded_, 100.0 - kFloorPercentile) - f.hips->y) / torso;
    }
    // Uncertain: a point the flight needs is hidden, so nothing is concluded from this frame.
    const bool certain = feet_known && pelvis_lift.has_value();
    if (!certain) ++uncertain_;
    const bool flight_now = certain && off[0] && off[1] && *pelvis_lift > kFlightTorso;
    sustain(flights_, flight_now, flight_run_, t_s,
            flight_now ? std::min({foot_[0].lift, foot_[1].lift, *pelvis_lift}) : 0.0, kMinFlightS);
    const bool flight = flight_now;
    // Both feet moved across in opposite directions (apart or together) for at least kMinStepS: a pose
    // model in profile can pull both feet's landmarks onto one place for a frame or two, while jumping jacks
    // hold each position for longer.
    const bool apart = !flight && moved[0] && moved[1] && foot_[0].shift * foot_[1].shift < 0.0;
    sustain(apart_, apart, apart_run_, t_s, std::max(std::fabs(foot_[0].shift), std::fabs(foot_[1].shift)));
    // One foot alone: lifted or moved half a foot's length while the other stands on its floor, in its
    // place, for at least kMinStepS (a step lifts one foot while the other bears the weight; both feet's
    // landmarks rising together while the pelvis does not is no step but the landmarks of feet the knees
    // or the hands hide; a foot's landmarks in profile can jump for a frame or two).
    for (std::size_t i = 0; i < 2; ++i) {
      const Follow& o = foot_[1 - i];
      const bool other_stands = o.known && o.lift <= kFlightTorso && std::fabs(o.shift) <= kFootMoveTorso;
      // Out of its own place and away from the other foot both, so that a camera drifting or turning
      // slowly (both feet shifting together in the picture) is not a step.
      const double lift = std::min(foot_[i].lift, foot_[i].lift - o.lift);
      const double shift = std::min(std::fabs(foot_[i].shift), std::fabs(foot_[i].shift - o.shift));
      const bool step_now = foot_[i].known && other_stands && !flight && !apart &&
                            (lift > kFootMoveTorso || shift > kFootMoveTorso);
      sustain(steps_[i], step_now, step_run_[i], t_s, std::max(lift, shift));
    }
  }
  // The hips or the shoulders off their support or their place for at least kMinStepS (rising from a seat
  // or a mat takes longer; a shorter excursion is the landmarks' noise).
  const auto support = [&](Follow& p, const std::optional<Point2>& pt, bool seen, std::vector<Episode>& v,
                           Run& run) {
    p.push(pt ? std::optional<double>(pt->x) : std::nullopt, pt ? std::optional<double>(pt->y) : std::nullopt,
           torso, seen);
    if (!p.known) ++uncertain_;
    const double size = p.known ? std::max(p.lift, std::fabs(p.shift)) : 0.0;
    sustain(v, size > kSupportMoveTorso, run, t_s, size);
  };
  if (hips_on_) support(hips_, f.hips, f.hips_seen, hips_moved_, hips_run_);
  if (shoulders_on_) support(shoulders_, f.shoulders, f.shoulders_seen, shoulders_moved_, shoulders_run_);
}

void ContactTracker::forget_places() {
  foot_ = {};
  hips_ = {};
  shoulders_ = {};
  pelvis_grounded_.clear();
  last_foot_x_[0].reset();
  last_foot_x_[1].reset();
}

std::array<std::vector<ContactTracker::Episode>*, 6> ContactTracker::findings() {
  return {&flights_, &apart_, &steps_[0], &steps_[1], &hips_moved_, &shoulders_moved_};
}

bool ContactTracker::broken() const {
  const bool any_step = !steps_[0].empty() || !steps_[1].empty();
  if ((feet_on_ || forefeet_on_) && (!flights_.empty() || !apart_.empty() || any_step)) return true;
  if (standing_on_ && (!flights_.empty() || !apart_.empty() || (!steps_[0].empty() && !steps_[1].empty())))
    return true;
  return (hips_on_ && !hips_moved_.empty()) || (shoulders_on_ && !shoulders_moved_.empty());
}

std::string ContactTracker::reason(std::string_view name, std::string_view position, bool times) const {
  if (!broken()) return "";
  const auto at = [&](const std::vector<Episode>& v) {
    std::vector<double> t;
    double size = 0.0;
    for (const auto& e : v) {
      t.push_back(e.t_s);
      size = std::max(size, e.size);
    }
    return std::make_pair(times ? " " + when(t) : std::string(), size);
  };
  if (feet_on_ || forefeet_on_ || standing_on_) {
    if (!flights_.empty()) {
      const auto [t, size] = at(flights_);
      return fmt::format(
          "Keep your feet on the floor: both feet and the hips rose above where they stand{} (up to {:.2f} "
          "torso lengths, for at least {:.1f} s): this looks like jumping, not {}",
          t, size, kMinFlightS, name);
    }
    if (!apart_.empty()) {
      const auto [t, size] = at(apart_);
      return fmt::format(
          "Keep your feet where they stand: the feet moved apart and together{} (each up to {:.2f} torso "
          "lengths): this looks like jumping jacks, not {}",
          t, size, name);
    }
    if (standing_on_ && !steps_[0].empty() && !steps_[1].empty()) {
      // The feet as most frames label them (they are followed by where they stand).
      const bool as_labelled = straight_ >= swapped_;
      const auto [tl, sl] = at(steps_[as_labelled ? 0 : 1]);
      const auto [tr, sr] = at(steps_[as_labelled ? 1 : 0]);
      return fmt::format(
          "Keep the standing foot still: {} is done with one foot staying on the floor where it stands, and "
          "both feet moved (the left{}, the right{}; up to {:.2f} torso lengths)",
          name, tl, tr, std::max(sl, sr));
    }
    if (!standing_on_)
      for (std::size_t i = 0; i < 2; ++i)
        if (!steps_[i].empty()) {
          const auto [t, size] = at(steps_[i]);
          return fmt::format(
              "Keep both feet where they stand: the {} foot lifted or moved{} (up to {:.2f} torso lengths, "
              "half a foot's length is {:.2f}): a step during {}",
              (i == 0) == (straight_ >= swapped_) ? "left" : "right", t, size, kFootMoveTorso, name);
        }
  }
  const bool seated = position == "sitting";
  if (hips_on_ && !hips_moved_.empty()) {
    const auto [t, size] = at(hips_moved_);
    return seated ? fmt::format(
                        "Stay seated: the hips left the seat or moved on it{} (up to {:.2f} torso "
                        "lengths) during {}",
                        t, size, name)
                  : fmt::format(
                        "Keep your hips on the mat, in place: they lifted or moved{} (up to {:.2f} "
                        "torso lengths) during {}",
                        t, size, name);
  }
  if (shoulders_on_ && !shoulders_moved_.empty()) {
    const auto [t, size] = at(shoulders_moved_);
    return fmt::format(
        "Keep your shoulders on the mat, in place: they lifted or moved{} (up to {:.2f} torso lengths) "
        "during {}",
        t, size, name);
  }
  return "";
}

}  // namespace physio::exercise
