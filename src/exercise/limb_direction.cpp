#include "exercise/limb_direction.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <tuple>

#include <fmt/format.h>

namespace physio::exercise {
namespace {

using kin::Joint;

struct V3 {
  double x = 0.0, y = 0.0, z = 0.0;
};
V3 operator-(V3 a, V3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
V3 operator+(V3 a, V3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
V3 operator*(double k, V3 a) {
  return {k * a.x, k * a.y, k * a.z};
}
double dot(V3 a, V3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
double norm(V3 a) {
  return std::sqrt(dot(a, a));
}

constexpr double kDegPerRad = 180.0 / std::numbers::pi;

// A common joint's image position in frame f (pixels when the image size is known; z unused).
std::optional<V3> joint_at(const kin::LandmarkSequence& seq, std::size_t f, Joint j) {
  const kin::JointSource s = seq.skeleton().joint(j);
  if (!s.present()) return std::nullopt;
  const auto frame = seq.frame(f);
  const bool scale =
      seq.space() == kin::CoordSpace::kImageNormalized && seq.image_width > 0 && seq.image_height > 0;
  auto get = [&](int i) -> std::optional<V3> {
    const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
    if (l.missing()) return std::nullopt;
    return V3{scale ? seq.image_width * double{l.x} : l.x, scale ? seq.image_height * double{l.y} : l.y, 0.0};
  };
  auto a = get(s.a);
  if (!a || !s.is_midpoint()) return a;
  auto b = get(s.b);
  if (!b) return std::nullopt;
  return 0.5 * (*a + *b);
}

// Cues of where the person faces in frame f: heel (or ankle) -> toes of each foot, mid-ear -> nose.
template <typename F>
void facing_cues(const kin::LandmarkSequence& seq, std::size_t f, F&& use) {
  for (auto [heel, ankle, toe] : {std::tuple{Joint::kLeftHeel, Joint::kLeftAnkle, Joint::kLeftBigToe},
                                  std::tuple{Joint::kRightHeel, Joint::kRightAnkle, Joint::kRightBigToe}}) {
    const auto t = joint_at(seq, f, toe);
    if (!t) continue;
    auto back = joint_at(seq, f, heel);
    if (!back) back = joint_at(seq, f, ankle);
    if (back) use(*t - *back);
  }
  const auto nose = joint_at(seq, f, Joint::kNose), le = joint_at(seq, f, Joint::kLeftEar),
             re = joint_at(seq, f, Joint::kRightEar);
  if (nose && le && re) use(*nose - 0.5 * (*le + *re));
}

struct SegmentEnds {
  Joint proximal, distal;
};
SegmentEnds segment_ends(LimbSegment segment, bool right) {
  if (segment == LimbSegment::kArm)
    return right ? SegmentEnds{Joint::kRightShoulder, Joint::kRightElbow}
                 : SegmentEnds{Joint::kLeftShoulder, Joint::kLeftElbow};
  return right ? SegmentEnds{Joint::kRightHip, Joint::kRightKnee}
               : SegmentEnds{Joint::kLeftHip, Joint::kLeftKnee};
}

}  // namespace

double facing_sign(const kin::LandmarkSequence& seq) {
  if (seq.is_3d()) return 0.0;
  double sum = 0.0;
  std::size_t cues = 0;
  for (std::size_t f = 0; f < seq.n_frames(); ++f)
    facing_cues(seq, f, [&](V3 cue) {
      const double n = norm(cue);
      if (n > 0.0) {
        sum += cue.x / n;
        ++cues;
      }
    });
  // The feet and face agree on a direction over the recording, or nothing is known (a front view: the feet
  // point at the camera).
  if (cues == 0 || std::fabs(sum) < 0.3 * static_cast<double>(cues)) return 0.0;
  return sum > 0.0 ? 1.0 : -1.0;
}

LimbDirection measure_limb_direction(const kin::LandmarkSequence& seq, LimbSegment segment,
                                     std::string_view side, std::size_t from_frame, std::size_t to_frame,
                                     double facing) {
  LimbDirection d;
  d.facing_known = facing != 0.0;
  if (seq.is_3d() || seq.n_frames() == 0) return d;
  const double cos_min = std::cos(kLimbMinOffTrunkDeg / kDegPerRad);
  const std::size_t last = std::min(to_frame, seq.n_frames() - 1);
  double sum_fwd = 0.0, sum_out = 0.0, sum_len = 0.0;
  for (bool right : {false, true}) {
    if ((side == "left" && right) || (side == "right" && !right)) continue;
    const SegmentEnds ends = segment_ends(segment, right);
    auto segment_at = [&](std::size_t f) -> std::optional<V3> {
      const auto p = joint_at(seq, f, ends.proximal), q = joint_at(seq, f, ends.distal);
      if (!p || !q) return std::nullopt;
      return *q - *p;
    };
    // The limb's true length: the longest it appears over the movement (hanging at its start, it lies in
    // the image plane). A limb pointing at the camera looks short; its shares are of the true length.
    double true_len = 0.0;
    for (std::size_t f = from_frame; f <= last; ++f)
      if (const auto v = segment_at(f)) true_len = std::max(true_len, norm(*v));
    if (!(true_len > 0.0)) continue;
    for (std::size_t f = from_frame; f <= last; ++f) {
      const auto neck = joint_at(seq, f, Joint::kNeck), mid = joint_at(seq, f, Joint::kMidHip);
      const auto v = segment_at(f);
      if (!neck || !mid || !v) continue;
      const V3 down = *mid - *neck;
      const double torso = norm(down), len = norm(*v);
      if (!(torso > 0.0) || !(len > 0.0) || dot(*v, down) / (len * torso) > cos_min)
        continue;  // along the trunk
      // Outward: from the other side's shoulder (arm) or hip (thigh) towards this one's, along the image
      // axis across the body: x when the trunk is upright in the picture; y when it lies across it (lying
      // on the side facing the camera: the top leg rises up the picture, away from the bottom one).
      const bool lying = std::fabs(down.x) > std::fabs(down.y);
      const auto here = joint_at(seq, f, ends.proximal), other = joint_at(seq, f, kin::mirror(ends.proximal));
      double out_sign = 0.0;
      const double across = here && other ? (lying ? here->y - other->y : here->x - other->x) : 0.0;
      if (std::fabs(across) >= 0.1 * torso) out_sign = across > 0.0 ? 1.0 : -1.0;
      sum_fwd += facing * v->x;
      sum_out += out_sign * (lying ? v->y : v->x);
      sum_len += true_len;
      ++d.frames;
    }
  }
  if (d.frames > 0) {
    d.forward_share = sum_fwd / sum_len;
    d.outward_share = sum_out / sum_len;
  }
  return d;
}

std::optional<bool> limb_direction_matches(const LimbDirection& d, LimbToward toward, bool side_view) {
  if (d.frames == 0) return std::nullopt;
  const bool sagittal = toward == LimbToward::kForward || toward == LimbToward::kBackward;
  if (sagittal != side_view) return std::nullopt;  // the movement goes out of the image plane
  if (sagittal) {
    if (!d.facing_known) return std::nullopt;
    return toward == LimbToward::kForward ? d.forward_share >= kLimbMinImageShare
                                          : d.forward_share <= -kLimbMinImageShare;
  }
  return d.outward_share >= kLimbMinImageShare;
}

std::string describe_limb_direction(const LimbDirection& d, bool side_view) {
  if (d.frames == 0) return "not measured";
  if (side_view) {
    const double f = d.forward_share;
    return fmt::format("{} (on average {:.2f} of its length {} in the image)",
                       f >= kLimbMinImageShare ? "forward"
                       : f <= -kLimbMinImageShare
                           ? "backward"
                           : "neither forward nor backward (sideways, towards or away from the camera)",
                       std::fabs(f), f >= 0.0 ? "forward" : "backward");
  }
  const double o = d.outward_share;
  return fmt::format("{} (on average {:.2f} of its length {} in the image)",
                     o >= kLimbMinImageShare    ? "out to the side"
                     : o <= -kLimbMinImageShare ? "across the body"
                                                : "forward or backward, not out to the side",
                     std::fabs(o), o >= 0.0 ? "outward" : "inward");
}

}  // namespace physio::exercise
