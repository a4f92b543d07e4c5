// 2D joint and segment angles with the Sports2D / Pose2Sim definitions.
//
// Every angle is one of three shapes, in image coordinates (y down) after the sequence is turned to
// face +x:
//   2 points (A, B):        dir(A - B) measured from +x                   (segment vs the horizontal)
//   3 points (A, B, C):     dir(A - B) - dir(C - B)                       (angle at B)
//   4 points (A, B, C, D):  dir(B - A) - dir(D - C)                       (between two segments)
// then (value + offset) * scale, moved by whole periods into the angle's range. The points, offsets
// and scales are Sports2D's; the ranges are ours (chosen so normal motion never crosses the wrap).

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "kinematics/angles/angles_internal.hpp"

namespace physio::kin {
namespace {

using namespace detail;

using J = Joint;

struct Def2d {
  std::string name;
  std::string description;
  std::array<Joint, 4> pts{};
  int n = 0;  // number of points: 2, 3 or 4
  double offset = 0.0;
  double scale = 1.0;
  double lo = -180.0;
  double period = 360.0;
  bool segment = false;
};

std::vector<Def2d> build_defs() {
  std::vector<Def2d> d;
  auto sided = [&](const std::string& base, const std::string& desc, std::array<Joint, 4> right_pts, int n,
                   double offset, double scale, double lo, bool segment) {
    std::array<Joint, 4> left_pts = right_pts;
    for (int i = 0; i < n; ++i)
      left_pts[static_cast<std::size_t>(i)] = mirror(right_pts[static_cast<std::size_t>(i)]);
    d.push_back({"right_" + base, "right " + desc, right_pts, n, offset, scale, lo, 360.0, segment});
    d.push_back({"left_" + base, "left " + desc, left_pts, n, offset, scale, lo, 360.0, segment});
  };
  // Joint angles. 0 standing upright; flexion (dorsiflexion) positive.
  sided("ankle_dorsiflexion", "ankle dorsiflexion: shank (knee-ankle) vs foot (big toe-heel), minus 90",
        {J::kRightKnee, J::kRightAnkle, J::kRightBigToe, J::kRightHeel}, 4, 90.0, 1.0, -180.0, false);
  sided("knee_flexion", "knee flexion: 180 minus the hip-knee-ankle angle",
        {J::kRightAnkle, J::kRightKnee, J::kRightHip, J::kNose}, 3, -180.0, 1.0, -90.0, false);
  sided("hip_flexion", "hip flexion: thigh (knee-hip) vs trunk (mid-hip-neck)",
        {J::kRightKnee, J::kRightHip, J::kMidHip, J::kNeck}, 4, 0.0, -1.0, -90.0, false);
  sided("shoulder_flexion", "shoulder flexion: arm (elbow-shoulder) vs trunk (mid-hip-neck)",
        {J::kRightElbow, J::kRightShoulder, J::kMidHip, J::kNeck}, 4, 0.0, -1.0, -90.0, false);
  sided("elbow_flexion", "elbow flexion: 180 minus the shoulder-elbow-wrist angle",
        {J::kRightWrist, J::kRightElbow, J::kRightShoulder, J::kNose}, 3, 180.0, -1.0, -90.0, false);
  sided("wrist_flexion", "wrist flexion: hand (wrist-index) vs forearm (elbow-wrist)",
        {J::kRightElbow, J::kRightWrist, J::kRightIndex, J::kNose}, 3, -180.0, 1.0, -180.0, false);
  // Segment angles: direction of the segment vs the horizontal, counter-clockwise as seen on screen.
  sided("foot", "foot segment (heel to big toe) vs horizontal; 0 flat, toes up positive",
        {J::kRightBigToe, J::kRightHeel, J::kNose, J::kNose}, 2, 0.0, -1.0, -180.0, true);
  sided("shank", "shank segment (knee to ankle) vs horizontal; -90 vertical",
        {J::kRightAnkle, J::kRightKnee, J::kNose, J::kNose}, 2, 0.0, -1.0, -270.0, true);
  sided("thigh", "thigh segment (hip to knee) vs horizontal; -90 vertical",
        {J::kRightKnee, J::kRightHip, J::kNose, J::kNose}, 2, 0.0, -1.0, -270.0, true);
  d.push_back({"pelvis",
               "pelvis axis (right hip to left hip) vs horizontal, as an axis (period 180)",
               {J::kLeftHip, J::kRightHip, J::kNose, J::kNose},
               2,
               0.0,
               -1.0,
               -90.0,
               180.0,
               true});
  d.push_back({"trunk",
               "trunk segment (mid-hip to neck) vs horizontal; 90 upright",
               {J::kNeck, J::kMidHip, J::kNose, J::kNose},
               2,
               0.0,
               -1.0,
               -90.0,
               360.0,
               true});
  d.push_back({"shoulders",
               "shoulder axis (right to left shoulder) vs horizontal, as an axis (period 180)",
               {J::kLeftShoulder, J::kRightShoulder, J::kNose, J::kNose},
               2,
               0.0,
               -1.0,
               -90.0,
               180.0,
               true});
  d.push_back({"head",
               "head segment (neck to head top) vs horizontal; 90 upright",
               {J::kHead, J::kNeck, J::kNose, J::kNose},
               2,
               0.0,
               -1.0,
               -90.0,
               360.0,
               true});
  sided("arm", "upper-arm segment (shoulder to elbow) vs horizontal; -90 hanging",
        {J::kRightElbow, J::kRightShoulder, J::kNose, J::kNose}, 2, 0.0, -1.0, -210.0, true);
  sided("forearm", "forearm segment (elbow to wrist) vs horizontal; -90 hanging",
        {J::kRightWrist, J::kRightElbow, J::kNose, J::kNose}, 2, 0.0, -1.0, -180.0, true);
  sided("hand", "hand segment (wrist to index) vs horizontal; -90 hanging",
        {J::kRightIndex, J::kRightWrist, J::kNose, J::kNose}, 2, 0.0, -1.0, -180.0, true);
  return d;
}

const std::vector<Def2d>& defs() {
  static const std::vector<Def2d> d = build_defs();
  return d;
}

std::vector<AngleSpec> build_specs() {
  std::vector<AngleSpec> out;
  for (const Def2d& def : defs()) {
    AngleSpec s;
    s.name = def.name;
    s.description = def.description;
    for (int i = 0; i < def.n; ++i) s.joints.push_back(def.pts[static_cast<std::size_t>(i)]);
    s.is_segment = def.segment;
    s.range_lo_deg = def.lo;
    s.period_deg = def.period;
    out.push_back(std::move(s));
  }
  return out;
}

// Landmark components to image-like coordinates (y down), with the aspect ratio undone.
detail::CoordMap map_2d(CoordSpace space, Axis up_axis, int image_width, int image_height,
                        AngleReport& report) {
  detail::CoordMap m;
  switch (space) {
    case CoordSpace::kImageNormalized:
      if (image_width > 0 && image_height > 0) {
        m.sx = image_width;
        m.sy = image_height;
      } else {
        report.warnings.push_back(
            "image size unknown: normalised coordinates taken as square pixels; 2D angles are wrong unless "
            "the image is square");
      }
      break;
    case CoordSpace::kImagePixels:
      break;
    case CoordSpace::kWorldMetres: {
      // Side view of 3D data: a horizontal axis to the right, the up axis pointing down.
      int up = 1;
      double up_sign = 1.0;
      switch (up_axis) {
        case Axis::kX:
          up = 0;
          break;
        case Axis::kY:
          up = 1;
          break;
        case Axis::kZ:
          up = 2;
          break;
        case Axis::kNegX:
          up = 0, up_sign = -1.0;
          break;
        case Axis::kNegY:
          up = 1, up_sign = -1.0;
          break;
        case Axis::kNegZ:
          up = 2, up_sign = -1.0;
          break;
      }
      m.ix = up == 0 ? 1 : 0;
      m.iy = up;
      m.sy = -up_sign;
      report.warnings.push_back("2D angles of 3D data: measured in the plane of the " +
                                std::string(m.ix == 0 ? "x" : "y") + " axis and the up axis");
      break;
    }
  }
  return m;
}

}  // namespace

std::span<const AngleSpec> angle_specs_2d() {
  static const std::vector<AngleSpec> s = build_specs();
  return s;
}

FacingResult detect_facing(const LandmarkSequence& seq) {
  if (seq.n_landmarks() == 0) return {Facing::kRight, "default"};
  // A vote over (at most ~4000 of) the frames.
  const std::size_t stride = std::max<std::size_t>(1, seq.n_frames() / 4000);
  detail::FacingVotes votes;
  for (std::size_t f = 0; f < seq.n_frames(); f += stride)
    detail::add_facing_votes(seq.skeleton(), seq.frame(f).data(), votes);
  return detail::decide_facing(votes);
}

namespace detail {
namespace {

// The x of a common joint in one frame, as LandmarkSequence::joint reads it (a midpoint in float).
bool joint_x(const Skeleton& s, const Landmark* frame, Joint j, double& x) {
  const JointSource src = s.joint(j);
  if (!src.present()) return false;
  const Landmark& a = frame[src.a];
  if (a.missing()) return false;
  if (!src.is_midpoint()) {
    x = a.x;
    return true;
  }
  const Landmark& b = frame[src.b];
  if (b.missing()) return false;
  x = (a.x + b.x) * 0.5f;
  return true;
}

}  // namespace

void add_facing_votes(const Skeleton& s, const Landmark* frame, FacingVotes& votes) {
  if ((s.has(J::kLeftBigToe) && s.has(J::kLeftHeel)) || (s.has(J::kRightBigToe) && s.has(J::kRightHeel))) {
    for (auto [toe, heel] :
         {std::pair{J::kLeftBigToe, J::kLeftHeel}, std::pair{J::kRightBigToe, J::kRightHeel}}) {
      double xt = 0.0, xh = 0.0;
      if (joint_x(s, frame, toe, xt) && joint_x(s, frame, heel, xh)) {
        votes.feet += xt - xh;
        ++votes.n_feet;
      }
    }
  }
  double xn = 0.0, xl = 0.0, xr = 0.0;
  if (!joint_x(s, frame, J::kNose, xn)) return;
  const bool hl = joint_x(s, frame, J::kLeftEar, xl), hr = joint_x(s, frame, J::kRightEar, xr);
  if (!hl && !hr) return;
  const double ear = hl && hr ? 0.5 * (xl + xr) : hl ? xl : xr;
  votes.face += xn - ear;
  ++votes.n_face;
}

FacingResult decide_facing(const FacingVotes& v) {
  if (v.n_feet > 0 && v.feet != 0.0) return {v.feet > 0.0 ? Facing::kRight : Facing::kLeft, "toes-vs-heels"};
  if (v.n_face > 0 && v.face != 0.0) return {v.face > 0.0 ? Facing::kRight : Facing::kLeft, "nose-vs-ears"};
  return {Facing::kRight, "default"};
}

namespace {

std::vector<Joint> needed_2d(const std::vector<std::size_t>& which) {
  std::array<bool, kJointCount> need{};
  for (std::size_t w : which)
    for (int i = 0; i < defs()[w].n; ++i)
      need[static_cast<std::size_t>(defs()[w].pts[static_cast<std::size_t>(i)])] = true;
  std::vector<Joint> needed;
  for (std::size_t j = 0; j < kJointCount; ++j)
    if (need[j]) needed.push_back(static_cast<Joint>(j));
  return needed;
}

CoordMap facing_left(CoordMap m) {
  m.sx = -m.sx;
  return m;
}

}  // namespace

Plan2d::Plan2d(const Skeleton& skeleton, CoordSpace space, Axis up_axis, int image_width, int image_height,
               const std::vector<std::size_t>& which, AngleReport& report)
    : Plan2d(skeleton, map_2d(space, up_axis, image_width, image_height, report), which) {}

Plan2d::Plan2d(const Skeleton& skeleton, CoordMap map, const std::vector<std::size_t>& which)
    : right_(skeleton, map, needed_2d(which)), left_(skeleton, facing_left(map), needed_2d(which)) {
  // Flat copy of the selected definitions, for a tight inner loop.
  for (std::size_t w : which) {
    const Def2d& d = defs()[w];
    Op op{};
    for (std::size_t i = 0; i < 4; ++i) op.p[i] = static_cast<std::size_t>(d.pts[i]);
    op.n = d.n;
    op.offset = d.offset;
    op.scale = d.scale;
    op.lo = d.lo;
    op.period = d.period;
    ops_.push_back(op);
  }
}

void Plan2d::compute(const Landmark* frame, Facing facing, bool legs_swapped, bool arms_swapped,
                     double* out) const {
  // Pelvis and shoulder axes shorter than this fraction of the body's extent are undefined (NaN).
  constexpr double kMinAxisFraction = 0.05;

  std::array<V3, kJointCount> p{};
  std::array<bool, kJointCount> ok{};
  (facing == Facing::kLeft ? left_ : right_).read(frame, legs_swapped, arms_swapped, p, ok);
  // Body size in this frame (largest extent of the joints read), for the degeneracy rule below.
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (std::size_t j = 0; j < kJointCount; ++j) {
    if (!ok[j]) continue;
    xmin = std::min(xmin, p[j].x);
    xmax = std::max(xmax, p[j].x);
    ymin = std::min(ymin, p[j].y);
    ymax = std::max(ymax, p[j].y);
  }
  const double body = std::max(xmax - xmin, ymax - ymin);
  const double min_axis_sq = kMinAxisFraction * kMinAxisFraction * body * body;
  for (std::size_t k = 0; k < ops_.size(); ++k) {
    const Op& op = ops_[k];
    double value = kNaN;
    bool have = ok[op.p[0]] && ok[op.p[1]] && (op.n < 3 || ok[op.p[2]]) && (op.n < 4 || ok[op.p[3]]);
    if (have) {
      V3 u, v{1.0, 0.0, 0.0};
      if (op.n == 2) {
        u = p[op.p[0]] - p[op.p[1]];
      } else if (op.n == 3) {
        u = p[op.p[0]] - p[op.p[1]];
        v = p[op.p[2]] - p[op.p[1]];
      } else {
        u = p[op.p[1]] - p[op.p[0]];
        v = p[op.p[3]] - p[op.p[2]];
      }
      const double uu = u.x * u.x + u.y * u.y, vv = v.x * v.x + v.y * v.y;
      // An axis across the body (pelvis, shoulders: period 180) seen edge-on collapses to a point
      // and its direction is noise: undefined rather than a wildly spinning value.
      const bool degenerate_axis = op.period < 360.0 && uu < min_axis_sq;
      if (uu > 0.0 && vv > 0.0 && !degenerate_axis) {
        // dir(u) - dir(v) in one atan2: the signed angle from v to u.
        const double a = fast_atan2_deg(v.x * u.y - v.y * u.x, v.x * u.x + v.y * u.y);
        value = wrap_deg((a + op.offset) * op.scale, op.lo, op.period);
      }
    }
    out[k] = value;
  }
}

void compute_2d(const LandmarkSequence& seq, const std::vector<std::size_t>& which, Facing facing,
                const std::vector<std::uint8_t>& legs_swapped, const std::vector<std::uint8_t>& arms_swapped,
                std::vector<std::vector<double>>& columns, AngleReport& report) {
  const Plan2d plan(seq.skeleton(), seq.space(), seq.up_axis, seq.image_width, seq.image_height, which,
                    report);
  std::vector<double> row(plan.size());
  const std::size_t n = seq.n_frames();
  for (std::size_t f = 0; f < n; ++f) {
    plan.compute(seq.frame(f).data(), facing, !legs_swapped.empty() && legs_swapped[f],
                 !arms_swapped.empty() && arms_swapped[f], row.data());
    for (std::size_t k = 0; k < row.size(); ++k) columns[k][f] = row[k];
  }
}

}  // namespace detail
}  // namespace physio::kin
