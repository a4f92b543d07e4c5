#include "exercise/framing.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "exercise/body_checks.hpp"
#include "exercise/derived_angles.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::exercise {
namespace {

// The landmark indices a joint comes from (one, or two for a midpoint).
std::vector<int> sources_of(const kin::Skeleton& sk, kin::Joint j) {
  const kin::JointSource s = sk.joint(j);
  std::vector<int> out;
  if (s.present()) out.push_back(s.a);
  if (s.is_midpoint()) out.push_back(s.b);
  return out;
}

// Inside the picture (a position the model places there, seen or not).
bool inside(std::span<const kin::Landmark> frame, int i) {
  if (i < 0 || static_cast<std::size_t>(i) >= frame.size()) return false;
  const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
  return !l.missing() && l.x >= 0.0F && l.x <= 1.0F && l.y >= 0.0F && l.y <= 1.0F;
}

bool seen(std::span<const kin::Landmark> frame, int i) {
  return inside(frame, i) && !(frame[static_cast<std::size_t>(i)].visibility < kSeenVisibility);
}

bool joint_is(std::span<const kin::Landmark> frame, const kin::Skeleton& sk, kin::Joint j, bool need_seen) {
  const auto src = sources_of(sk, j);
  return !src.empty() && std::all_of(src.begin(), src.end(),
                                     [&](int i) { return need_seen ? seen(frame, i) : inside(frame, i); });
}

// A joint is framed when it is seen in the picture, or hidden with its other-side partner seen there: in a
// side view the far side is hidden by the body (and the model may place it anywhere, outside the picture
// too), and equipment (a barbell across the shoulders) or an arm may hide one side from the front. A joint
// the model sees outside the picture is cut off, whatever its partner.
bool framed(std::span<const kin::Landmark> frame, const kin::Skeleton& sk, kin::Joint j) {
  if (joint_is(frame, sk, j, true)) return true;
  const auto src = sources_of(sk, j);
  const bool seen_outside = std::any_of(src.begin(), src.end(), [&](int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= frame.size()) return false;
    const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
    return !l.missing() && !(l.visibility < kSeenVisibility) && !inside(frame, i);
  });
  return !seen_outside && joint_is(frame, sk, kin::mirror(j), true);
}

bool is_ankle(kin::Joint j) {
  return j == kin::Joint::kLeftAnkle || j == kin::Joint::kRightAnkle;
}

bool is_head(kin::Joint j) {
  return j == kin::Joint::kNose || j == kin::Joint::kHead || j == kin::Joint::kLeftEar ||
         j == kin::Joint::kRightEar;
}

std::string words(kin::Joint j) {
  std::string s(kin::joint_name(j));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace

namespace {

// The joints the angles `names` are measured from in 2D, with the torso's given ones, in Joint order: the
// neck as both shoulders and the mid-hip as both hips.
std::vector<kin::Joint> joints_of(const std::vector<std::string>& names, std::span<const kin::Joint> torso) {
  using kin::Joint;
  std::array<bool, kin::kJointCount> need{};
  const auto add = [&](Joint j) {
    // The midpoints as the two points they come from.
    if (j == Joint::kNeck) {
      need[static_cast<std::size_t>(Joint::kLeftShoulder)] =
          need[static_cast<std::size_t>(Joint::kRightShoulder)] = true;
    } else if (j == Joint::kMidHip) {
      need[static_cast<std::size_t>(Joint::kLeftHip)] = need[static_cast<std::size_t>(Joint::kRightHip)] =
          true;
    } else {
      need[static_cast<std::size_t>(j)] = true;
    }
  };
  for (Joint j : torso) add(j);
  const auto specs = kin::angle_specs_2d();
  for (const auto& n : names) {
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == n; });
    if (it != specs.end()) {
      for (Joint j : it->joints) add(j);
    } else if (const DerivedAngleSpec* d = find_derived_angle(n)) {
      for (Joint j : d->joints) add(j);
    }
  }
  std::vector<Joint> out;
  for (std::size_t k = 0; k < kin::kJointCount; ++k)
    if (need[k]) out.push_back(static_cast<Joint>(k));
  return out;
}

// Both sides' names of the angles `ex` resolves (all its angles, or its primary angle only).
std::vector<std::string> both_sides(const Exercise& ex, bool primary_only) {
  std::vector<std::string> names;
  for (const char* side : {"left", "right"}) {
    std::vector<std::string> more = primary_only
                                        ? std::vector<std::string>{resolve_side(ex.primary_angle, side)}
                                        : resolved_angle_names(ex, side);
    for (auto& n : more)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(std::move(n));
  }
  return names;
}

}  // namespace

std::vector<kin::Joint> angle_joints(const std::vector<std::string>& names) {
  return joints_of(names, {});
}

std::vector<kin::Joint> framing_joints(const Exercise& ex) {
  // The torso: the scale of every body check, and the view's shoulder width.
  const kin::Joint torso[] = {kin::Joint::kNeck, kin::Joint::kMidHip};
  return joints_of(both_sides(ex, false), torso);
}

std::vector<kin::Joint> framing_required_joints(const Exercise& ex) {
  const kin::Joint shoulders[] = {kin::Joint::kNeck};
  return joints_of(both_sides(ex, true), shoulders);
}

Applicability check_framing(const Exercise& ex, std::span<const FramingFrame> frames, const kin::Skeleton& sk,
                            int image_width, int image_height, int people_in_view) {
  Applicability a;
  if (people_in_view > 1)
    a.refuse(fmt::format(
        "{} people are in the picture. Only one person in view: ask the others to step out of the picture",
        people_in_view));
  std::size_t with_person = 0;
  for (const auto& f : frames) with_person += f.landmarks.size() == sk.size();
  if (with_person == 0) {
    a.refuse(
        "no one is in the picture. Stand in front of the camera, 2 to 3 metres away, with the whole body in "
        "view");
    return a;
  }
  const double sx = image_width > 0 ? image_width : 1.0, sy = image_height > 0 ? image_height : 1.0;
  // (1) and (3): the batch rules over these frames (a switch between people, the view).
  BodyMonitor monitor(ex);
  const TimeUs t0 = frames.front().t_us;
  for (const auto& f : frames)
    if (f.landmarks.size() == sk.size())
      monitor.push(body_frame(f.landmarks, sk, sx, sy), static_cast<double>(f.t_us - t0) / 1e6);
  if (const auto r = monitor.reason(BodyMonitor::kPersonSwitch); !r.empty()) a.refuse(r);
  // (2) What the exercise's count is measured from (framing_required_joints): each part in the picture in
  // most frames; the head only when the primary angle is measured from it, the feet when it is measured
  // from an ankle.
  const auto share = [&](auto&& ok) {
    std::size_t n = 0;
    for (const auto& f : frames)
      if (f.landmarks.size() == sk.size() && ok(std::span<const kin::Landmark>(f.landmarks))) ++n;
    return static_cast<double>(n) / static_cast<double>(frames.size());
  };
  using kin::Joint;
  // Only what the count is measured from is required: a part of a secondary measure out of the picture
  // is never a reason to refuse (that measure rests on the pose model's estimate of the part).
  std::vector<Joint> parts = framing_required_joints(ex);
  std::erase_if(parts, [&](Joint j) { return !sk.has(j); });
  if (std::any_of(parts.begin(), parts.end(), is_head)) {
    const double head = share([&](std::span<const kin::Landmark> fr) {
      return joint_is(fr, sk, Joint::kNose, true) || joint_is(fr, sk, Joint::kLeftEar, true) ||
             joint_is(fr, sk, Joint::kRightEar, true);
    });
    if (head < kFramingGoodShare)
      a.refuse("the head is not in the picture. Step back from the camera or tilt it up");
  }
  if (std::any_of(parts.begin(), parts.end(), is_ankle)) {
    const double feet = share([&](std::span<const kin::Landmark> fr) {
      return framed(fr, sk, Joint::kLeftAnkle) && framed(fr, sk, Joint::kRightAnkle);
    });
    if (feet < kFramingGoodShare)
      a.refuse("the feet are not in the picture. Step back from the camera or tilt it down");
  }
  std::vector<std::string> hidden;
  for (Joint j : parts) {
    if (is_head(j) || is_ankle(j)) continue;
    if (share([&](std::span<const kin::Landmark> fr) { return framed(fr, sk, j); }) < kFramingGoodShare)
      hidden.push_back(words(j));
  }
  if (!hidden.empty()) {
    std::string list;
    for (std::size_t k = 0; k < hidden.size(); ++k) list += (k == 0 ? "" : ", ") + hidden[k];
    a.refuse(
        fmt::format("the camera does not see the {} clearly. Keep them in the picture, with nothing in front "
                    "of them and the room well lit",
                    list));
  }
  if (const auto r = monitor.reason(BodyMonitor::kWrongView); !r.empty()) a.refuse(r);
  return a;
}

}  // namespace physio::exercise
