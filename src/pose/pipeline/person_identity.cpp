#include "pose/pipeline/person_identity.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>

namespace physio::pose {

PersonState person_state(Point2f centre, Point2f scale_point, int image_width, int image_height,
                         TimeUs t_us) {
  const auto w = static_cast<float>(image_width);
  const auto h = static_cast<float>(image_height);
  const float x0 = centre.x * w;
  const float y0 = centre.y * h;
  const float dx = scale_point.x * w - x0;
  const float dy = scale_point.y * h - y0;
  return PersonState{.x_px = x0, .y_px = y0, .size_px = 2.0f * std::sqrt(dx * dx + dy * dy), .t_us = t_us};
}

PersonState person_state(const Detection& detection, int image_width, int image_height, TimeUs t_us) {
  if (detection.keypoints.size() < 2) {
    return PersonState{.x_px = (detection.xmin + 0.5f * detection.width) * static_cast<float>(image_width),
                       .y_px = (detection.ymin + 0.5f * detection.height) * static_cast<float>(image_height),
                       .size_px = 0.0f,
                       .t_us = t_us};
  }
  return person_state(detection.keypoints[0], detection.keypoints[1], image_width, image_height, t_us);
}

LandmarkBox landmark_box(std::span<const NormalizedLandmark> landmarks) {
  if (landmarks.empty()) return {};
  LandmarkBox b{.x0 = landmarks[0].x, .y0 = landmarks[0].y, .x1 = landmarks[0].x, .y1 = landmarks[0].y};
  for (const NormalizedLandmark& l : landmarks) {
    b.x0 = std::min(b.x0, l.x);
    b.y0 = std::min(b.y0, l.y);
    b.x1 = std::max(b.x1, l.x);
    b.y1 = std::max(b.y1, l.y);
  }
  return b;
}

float share_of_smaller(const LandmarkBox& a, const LandmarkBox& b) {
  const float area_a = std::max(0.0f, a.x1 - a.x0) * std::max(0.0f, a.y1 - a.y0);
  const float area_b = std::max(0.0f, b.x1 - b.x0) * std::max(0.0f, b.y1 - b.y0);
  const float smaller = std::min(area_a, area_b);
  if (!(smaller > 0.0f)) return 0.0f;
  const float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const float h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (w <= 0.0f || h <= 0.0f) return 0.0f;
  return w * h / smaller;
}

bool same_place(const LandmarkBox& a, const LandmarkBox& b) {
  return share_of_smaller(a, b) >= 0.5f;
}

bool contains(const LandmarkBox& box, Point2f point) {
  return point.x >= box.x0 && point.x <= box.x1 && point.y >= box.y0 && point.y <= box.y1;
}

IdentityVerdict compare_person(const PersonState& reference, const PersonState& candidate,
                               const IdentityLimits& limits) {
  IdentityVerdict v;
  const float dt_s = static_cast<float>(std::max<TimeUs>(0, candidate.t_us - reference.t_us)) * 1e-6f;
  const float size = std::max(reference.size_px, 1.0f);
  const float dx = candidate.x_px - reference.x_px;
  const float dy = candidate.y_px - reference.y_px;
  v.distance_sizes = std::sqrt(dx * dx + dy * dy) / size;
  const float lo = std::max(std::min(reference.size_px, candidate.size_px), 1.0f);
  const float hi = std::max(std::max(reference.size_px, candidate.size_px), 1.0f);
  v.scale_ratio = hi / lo;
  v.same = v.distance_sizes <= limits.jump_sizes + limits.speed_sizes_per_s * dt_s &&
           v.scale_ratio <= limits.scale_ratio + limits.scale_ratio_per_s * dt_s;
  return v;
}

std::optional<PersonChoice> parse_person_choice(std::string_view text) {
  if (text == "auto") return PersonChoice::kBestScore;
  if (text == "largest") return PersonChoice::kLargest;
  if (text == "central") return PersonChoice::kCentral;
  return std::nullopt;
}

int choose_detection(std::span<const Detection> detections, const std::optional<PersonState>& reference,
                     PersonChoice choice, int image_width, int image_height, TimeUs t_us,
                     const IdentityLimits& limits) {
  if (detections.empty()) return -1;
  int best = -1;
  float best_cost = std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < detections.size(); ++i) {
    const PersonState s = person_state(detections[i], image_width, image_height, t_us);
    float cost = 0.0f;
    if (reference) {
      const IdentityVerdict v = compare_person(*reference, s, limits);
      if (!v.same) continue;
      cost = v.distance_sizes;
    } else if (choice == PersonChoice::kBestScore) {
      return 0;
    } else if (choice == PersonChoice::kLargest) {
      cost = -s.size_px;
    } else {
      const float dx = s.x_px - 0.5f * static_cast<float>(image_width);
      const float dy = s.y_px - 0.5f * static_cast<float>(image_height);
      cost = dx * dx + dy * dy;
    }
    if (cost < best_cost) {
      best_cost = cost;
      best = static_cast<int>(i);
    }
  }
  return best;
}

std::string_view identity_status_name(IdentityStatus s) {
  switch (s) {
    case IdentityStatus::kUnchecked:
      return "unchecked";
    case IdentityStatus::kFollowed:
      return "followed";
    case IdentityStatus::kReacquired:
      return "reacquired";
    case IdentityStatus::kOtherPerson:
      return "other-person";
    case IdentityStatus::kJump:
      return "jump";
  }
  return "unchecked";
}

bool identity_uncertain(IdentityStatus s) {
  return s == IdentityStatus::kReacquired || s == IdentityStatus::kOtherPerson || s == IdentityStatus::kJump;
}

void PeopleTracker::add_frame(TimeUs t_us, std::span<const PersonSighting> sightings, int image_width,
                              int image_height) {
  const auto reach_us = static_cast<TimeUs>(static_cast<double>(limits_.reacquire_s) * 1e6);
  std::vector<PersonState> states;
  states.reserve(sightings.size());
  for (const PersonSighting& s : sightings) {
    states.push_back(s.body);
    states.back().t_us = t_us;
  }
  // Pairs (distance, track, sighting) that pass the identity rule, nearest first.
  std::vector<std::tuple<float, std::size_t, std::size_t>> pairs;
  for (std::size_t k = 0; k < tracks_.size(); ++k) {
    const PersonState& last = tracks_[k].sightings.back().body;
    if (t_us - last.t_us > reach_us || last.t_us >= t_us) continue;
    // Not yet confirmed and missed in the frame before: a passing misreading, not someone to find again.
    if (tracks_[k].frames < kConfirmFrames && (!previous_us_ || last.t_us != *previous_us_)) continue;
    for (std::size_t d = 0; d < states.size(); ++d) {
      const IdentityVerdict v = compare_person(last, states[d], limits_);
      if (v.same) pairs.emplace_back(v.distance_sizes, k, d);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<char> track_used(tracks_.size(), 0);
  std::vector<int> owner(states.size(), -1);
  for (const auto& [dist, k, d] : pairs) {
    if (track_used[k] || owner[d] >= 0) continue;
    track_used[k] = 1;
    owner[d] = static_cast<int>(k);
  }
  for (std::size_t d = 0; d < states.size(); ++d) {
    if (owner[d] < 0) {
      // A second sighting of a person already matched in this frame (NMS left both): not a new person.
      bool duplicate = false;
      for (std::size_t e = 0; e < states.size() && !duplicate; ++e)
        duplicate = owner[e] >= 0 && compare_person(states[e], states[d], limits_).same;
      if (duplicate) continue;
    }
    std::size_t k = 0;
    if (owner[d] >= 0) {
      k = static_cast<std::size_t>(owner[d]);
    } else {
      k = tracks_.size();
      tracks_.push_back(PersonTrack{.id = 0,
                                    .first_us = t_us,
                                    .last_us = t_us,
                                    .frames = 0,
                                    .mean_x = 0.0f,
                                    .mean_y = 0.0f,
                                    .mean_size = 0.0f,
                                    .sightings = {}});
      sums_.emplace_back();
    }
    PersonTrack& t = tracks_[k];
    t.last_us = t_us;
    ++t.frames;
    t.sightings.push_back(sightings[d]);
    t.sightings.back().body.t_us = t_us;
    sums_[k].x += states[d].x_px / static_cast<float>(image_width);
    sums_[k].y += states[d].y_px / static_cast<float>(image_height);
    sums_[k].size += states[d].size_px / static_cast<float>(image_height);
  }
  previous_us_ = t_us;
}

std::vector<PersonTrack> PeopleTracker::people(std::int64_t min_frames) const {
  std::vector<PersonTrack> out;
  for (std::size_t k = 0; k < tracks_.size(); ++k) {
    if (tracks_[k].frames < min_frames) continue;
    PersonTrack t = tracks_[k];
    const auto n = static_cast<double>(t.frames);
    t.mean_x = static_cast<float>(sums_[k].x / n);
    t.mean_y = static_cast<float>(sums_[k].y / n);
    t.mean_size = static_cast<float>(sums_[k].size / n);
    t.id = static_cast<int>(out.size()) + 1;
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<PersonSighting> person_at(const PersonTrack& track, TimeUs t_us) {
  auto it = std::lower_bound(track.sightings.begin(), track.sightings.end(), t_us,
                             [](const PersonSighting& s, TimeUs t) { return s.body.t_us < t; });
  if (it == track.sightings.end() || it->body.t_us != t_us) return std::nullopt;
  return *it;
}

FollowTarget follow_target(std::span<const PersonTrack> people, int follow_id, TimeUs t_us) {
  FollowTarget target;
  target.outside_listing = true;
  for (const PersonTrack& p : people)
    if (p.id == follow_id && t_us >= p.first_us && t_us <= p.last_us) target.outside_listing = false;
  for (const PersonTrack& p : people) {
    std::optional<PersonSighting> s = person_at(p, t_us);
    if (!s) continue;
    if (p.id == follow_id)
      target.person = *s;
    else
      target.others.push_back(*s);
  }
  return target;
}

}  // namespace physio::pose
