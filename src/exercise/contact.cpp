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

// "at 1.2 s, 2.4 s and 3.0 s" (the first three, then how many more).
std::string when(const std::vector<double>& t) {
  std::string out = "at ";
  const std::size_t shown = std::min<std::size_t>(t.size(), 3);
  for (std::size_t k = 0; k < shown; ++k)
    out += fmt::format("{}{:.1f} s", k == 0 ? "" : k + 1 == shown ? " and " : ", ", t[k]);
  if (t.size() > shown) out += fmt::format(" and {} more time(s)", t.size() - shown);
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

void ContactTracker::Follow::push(std::optional<double> x, std::optional<double> y, double torso) {
  lift = 0.0;
  shift = 0.0;
  known = false;
  if (y) {
    recent_y[n_y % 3] = *y;
    ++n_y;
    // The floor: the lowest point (largest y) held for 3 frames running.
    if (n_y >= 3) floor_y = std::max(floor_y.value_or(-1e300), median3(recent_y));
    if (floor_y) {
      lift = (*floor_y - *y) / torso;
      known = true;
    }
  }
  if (x) {
    if (first_x.size() < 3) {
      first_x.push_back(*x);
      if (first_x.size() == 3) place_x = (first_x[0] + first_x[1] + first_x[2]) / 3.0;
    }
    if (place_x) {
      shift = (*x - *place_x) / torso;
      known = true;
    }
  }
}

void ContactTracker::note(std::vector<Episode>& v, bool now, bool& was, double t_s, double size) {
  if (now && !was) v.push_back({t_s, size});
  if (now && was && !v.empty()) v.back().size = std::max(v.back().size, size);
  was = now;
}

void ContactTracker::push(const ContactFrame& f, double t_s) {
  if (!(f.torso > 0.0) || contacts_.empty()) return;
  recent_torso_[n_torso_ % 3] = f.torso;
  ++n_torso_;
  torso_ = n_torso_ >= 3 ? std::max(torso_, median3(recent_torso_)) : std::max(torso_, f.torso);
  const double torso = torso_;

  if (feet_on_ || forefeet_on_ || standing_on_) {
    for (std::size_t i = 0; i < 2; ++i) {
      const auto& foot = f.feet[i];
      foot_[i].push(foot.x, forefeet_on_ && !feet_on_ && !standing_on_ ? foot.toe_y : foot.sole_y, torso);
    }
    bool off[2], moved[2];
    for (std::size_t i = 0; i < 2; ++i) {
      off[i] = foot_[i].lift > kFlightTorso;
      moved[i] = std::fabs(foot_[i].shift) > kFootMoveTorso;
    }
    const bool flight = off[0] && off[1];
    note(flights_, flight, in_flight_, t_s, std::min(foot_[0].lift, foot_[1].lift));
    const bool apart = !flight && moved[0] && moved[1] && foot_[0].shift * foot_[1].shift < 0.0;
    note(apart_, apart, in_apart_, t_s, std::max(std::fabs(foot_[0].shift), std::fabs(foot_[1].shift)));
    // One foot alone: lifted or moved half a foot's length, in two frames running (a hidden foot's guessed
    // landmarks can jump in one frame; a step lasts a good part of a second).
    for (std::size_t i = 0; i < 2; ++i) {
      const bool step_now = !flight && !apart && (foot_[i].lift > kFootMoveTorso || moved[i]);
      note(steps_[i], step_now && step_before_[i], in_step_[i], t_s,
           std::max(foot_[i].lift, std::fabs(foot_[i].shift)));
      step_before_[i] = step_now;
    }
  }
  const auto support = [&](Follow& p, const std::optional<Point2>& pt, std::vector<Episode>& v, bool& was) {
    p.push(pt ? std::optional<double>(pt->x) : std::nullopt, pt ? std::optional<double>(pt->y) : std::nullopt,
           torso);
    const double size = std::max(p.lift, std::fabs(p.shift));
    note(v, size > kSupportMoveTorso, was, t_s, size);
  };
  if (hips_on_) support(hips_, f.hips, hips_moved_, in_hips_);
  if (shoulders_on_) support(shoulders_, f.shoulders, shoulders_moved_, in_shoulders_);
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
          "Keep your feet on the floor: both feet left it{} (up to {:.2f} torso lengths): this looks like "
          "jumping, not {}",
          t, size, name);
    }
    if (!apart_.empty()) {
      const auto [t, size] = at(apart_);
      return fmt::format(
          "Keep your feet where they stand: the feet moved apart and together{} (each up to {:.2f} torso "
          "lengths): this looks like jumping jacks, not {}",
          t, size, name);
    }
    if (standing_on_ && !steps_[0].empty() && !steps_[1].empty()) {
      const auto [tl, sl] = at(steps_[0]);
      const auto [tr, sr] = at(steps_[1]);
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
              i == 0 ? "left" : "right", t, size, kFootMoveTorso, name);
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
