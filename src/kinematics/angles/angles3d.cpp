// 3D joint angles from world landmarks, in a body frame built per frame:
//   R (right)     = unit(right hip - left hip)
//   S (superior)  = unit(trunk axis (neck - mid-hip) minus its component along R)
//   A (anterior)  = S x R
// (OpenSim's axes: A ~ X forward, S ~ Y up, R ~ Z right.) Hip and shoulder angles are measured in the
// planes of this frame: flexion in the sagittal plane (normal R), abduction in the frontal plane
// (normal A). Trunk lean is measured against the world up axis in a heading frame (R made horizontal).

#include <array>
#include <string>
#include <vector>

#include "kinematics/angles/angles_internal.hpp"

namespace physio::kin {
namespace {

using namespace detail;

using J = Joint;

enum class Kind : std::uint8_t {
  kKneeFlexion,
  kHipFlexion,
  kHipAbduction,
  kShoulderFlexion,
  kShoulderAbduction,
  kElbowFlexion,
  kAnkleDorsiflexion,
  kTrunkForwardLean,
  kTrunkLateralLean,
};

struct Def3d {
  std::string name;
  std::string description;
  Kind kind;
  bool right = true;
  std::vector<Joint> joints;  // right-side joints; mirrored for the left
  double lo = -180.0;
};

// A segment projected on a plane must keep at least this fraction of its length to give an angle
// (a thigh pointing sideways has no meaningful sagittal angle).
constexpr double kMinProjected = 0.1;

std::vector<Def3d> build_defs_3d() {
  std::vector<Def3d> d;
  auto sided = [&](const std::string& base, const std::string& desc, Kind kind, std::vector<Joint> joints,
                   double lo) {
    std::vector<Joint> left = joints;
    for (Joint& j : left) j = mirror(j);
    d.push_back({"right_" + base, "right " + desc, kind, true, std::move(joints), lo});
    d.push_back({"left_" + base, "left " + desc, kind, false, std::move(left), lo});
  };
  const std::vector<Joint> pelvis = {J::kLeftHip, J::kRightHip, J::kNeck};
  auto with_pelvis = [&](std::vector<Joint> js) {
    for (Joint p : pelvis)
      if (std::find(js.begin(), js.end(), p) == js.end()) js.push_back(p);
    return js;
  };
  sided("ankle_dorsiflexion",
        "ankle dorsiflexion: 90 minus the angle between shank (ankle to knee) and foot "
        "(heel to big toe)",
        Kind::kAnkleDorsiflexion, {J::kRightKnee, J::kRightAnkle, J::kRightHeel, J::kRightBigToe}, -180.0);
  sided("knee_flexion", "knee flexion: 180 minus the hip-knee-ankle angle", Kind::kKneeFlexion,
        {J::kRightHip, J::kRightKnee, J::kRightAnkle}, -90.0);
  sided("hip_flexion",
        "hip flexion: thigh (hip to knee) in the pelvis/trunk sagittal plane, vs the trunk axis",
        Kind::kHipFlexion, with_pelvis({J::kRightHip, J::kRightKnee}), -90.0);
  sided("hip_abduction",
        "hip abduction: thigh (hip to knee) in the pelvis/trunk frontal plane, vs the trunk axis",
        Kind::kHipAbduction, with_pelvis({J::kRightHip, J::kRightKnee}), -90.0);
  sided("shoulder_flexion",
        "shoulder flexion: arm (shoulder to elbow) in the trunk sagittal plane, vs the trunk "
        "axis",
        Kind::kShoulderFlexion, with_pelvis({J::kRightShoulder, J::kRightElbow}), -90.0);
  sided("shoulder_abduction",
        "shoulder abduction: arm (shoulder to elbow) in the trunk frontal plane, vs the "
        "trunk axis",
        Kind::kShoulderAbduction, with_pelvis({J::kRightShoulder, J::kRightElbow}), -90.0);
  sided("elbow_flexion", "elbow flexion: 180 minus the shoulder-elbow-wrist angle", Kind::kElbowFlexion,
        {J::kRightShoulder, J::kRightElbow, J::kRightWrist}, -90.0);
  d.push_back({"trunk_forward_lean",
               "trunk forward lean: trunk axis (mid-hip to neck) vs vertical, in the "
               "sagittal plane of the heading",
               Kind::kTrunkForwardLean, true, pelvis, -180.0});
  d.push_back({"trunk_lateral_lean",
               "trunk lateral lean: trunk axis vs vertical in the frontal plane of the "
               "heading, towards the right positive",
               Kind::kTrunkLateralLean, true, pelvis, -180.0});
  return d;
}

const std::vector<Def3d>& defs_3d() {
  static const std::vector<Def3d> d = build_defs_3d();
  return d;
}

std::vector<AngleSpec> build_specs_3d() {
  std::vector<AngleSpec> out;
  for (const Def3d& def : defs_3d()) {
    AngleSpec s;
    s.name = def.name;
    s.description = def.description;
    s.joints = def.joints;
    s.is_segment = false;
    s.range_lo_deg = def.lo;
    out.push_back(std::move(s));
  }
  return out;
}

V3 unit(V3 v) {
  double n = norm(v);
  return n > 0.0 ? (1.0 / n) * v : V3{kNaN, kNaN, kNaN};
}

V3 up_vector(Axis a) {
  switch (a) {
    case Axis::kX:
      return {1, 0, 0};
    case Axis::kY:
      return {0, 1, 0};
    case Axis::kZ:
      return {0, 0, 1};
    case Axis::kNegX:
      return {-1, 0, 0};
    case Axis::kNegY:
      return {0, -1, 0};
    case Axis::kNegZ:
      return {0, 0, -1};
  }
  return {0, 1, 0};
}

// Angle between two vectors in degrees, [0, 180]; NaN for a zero vector.
double between_deg(V3 a, V3 b) {
  const double c = norm(cross(a, b)), d = dot(a, b);
  if (c == 0.0 && d == 0.0) return kNaN;
  return fast_atan2_deg(c, d);
}

// Angle of `v` in the plane spanned by (`down`, `forward`): 0 along `down`, positive towards `forward`;
// NaN when v is too far out of the plane.
double in_plane_deg(V3 v, V3 forward, V3 down) {
  const double a = dot(v, forward), b = dot(v, down);
  if (a * a + b * b < kMinProjected * kMinProjected * dot(v, v)) return kNaN;
  return fast_atan2_deg(a, b);
}

}  // namespace

std::span<const AngleSpec> angle_specs_3d() {
  static const std::vector<AngleSpec> s = build_specs_3d();
  return s;
}

namespace detail {
namespace {

std::vector<Joint> needed_3d(const std::vector<std::size_t>& which) {
  std::array<bool, kJointCount> need{};
  for (std::size_t w : which)
    for (Joint j : defs_3d()[w].joints) need[static_cast<std::size_t>(j)] = true;
  std::vector<Joint> needed;
  for (std::size_t j = 0; j < kJointCount; ++j)
    if (need[j]) needed.push_back(static_cast<Joint>(j));
  return needed;
}

CoordMap map_3d() {
  CoordMap m;
  m.use_z = true;
  return m;
}

}  // namespace

Plan3d::Plan3d(const Skeleton& skeleton, Axis up_axis, const std::vector<std::size_t>& which)
    : reader_(skeleton, map_3d(), needed_3d(which)), up_(up_vector(up_axis)) {
  // Flat, side-resolved copy of the selected definitions for the frame loop: joint indices
  // (a, b, c, d) in the order each kind uses them.
  for (std::size_t w : which) {
    const Def3d& d = defs_3d()[w];
    auto idx = [&](Joint right_joint) {
      return static_cast<std::size_t>(d.right ? right_joint : mirror(right_joint));
    };
    Op op{};
    op.kind = static_cast<std::uint8_t>(d.kind);
    op.side = d.right ? 1.0 : -1.0;
    op.lo = d.lo;
    switch (d.kind) {
      case Kind::kKneeFlexion:
      case Kind::kHipFlexion:
      case Kind::kHipAbduction:
        op.j = {idx(J::kRightHip), idx(J::kRightKnee), idx(J::kRightAnkle), 0};
        break;
      case Kind::kShoulderFlexion:
      case Kind::kShoulderAbduction:
      case Kind::kElbowFlexion:
        op.j = {idx(J::kRightShoulder), idx(J::kRightElbow), idx(J::kRightWrist), 0};
        break;
      case Kind::kAnkleDorsiflexion:
        op.j = {idx(J::kRightKnee), idx(J::kRightAnkle), idx(J::kRightHeel), idx(J::kRightBigToe)};
        break;
      case Kind::kTrunkForwardLean:
      case Kind::kTrunkLateralLean:
        any_lean_ = true;
        break;
    }
    op.n_need = std::min<std::size_t>(d.joints.size(), op.need.size());
    for (std::size_t i = 0; i < op.n_need; ++i) op.need[i] = static_cast<std::size_t>(d.joints[i]);
    ops_.push_back(op);
  }
}

void Plan3d::compute(const Landmark* frame, bool legs_swapped, bool arms_swapped, double* out) const {
  std::array<V3, kJointCount> p{};
  std::array<bool, kJointCount> ok{};
  const auto lh = static_cast<std::size_t>(J::kLeftHip), rh = static_cast<std::size_t>(J::kRightHip),
             nk = static_cast<std::size_t>(J::kNeck);
  const V3 up = up_;
  reader_.read(frame, legs_swapped, arms_swapped, p, ok);
  // Body frame.
  bool frame_ok = ok[lh] && ok[rh] && ok[nk];
  V3 R{}, S{}, A{}, trunk{}, Rh{}, Ah{};
  if (frame_ok) {
    const V3 mid = 0.5 * (p[lh] + p[rh]);
    R = unit(p[rh] - p[lh]);
    trunk = p[nk] - mid;
    S = unit(trunk - dot(trunk, R) * R);
    A = cross(S, R);
    frame_ok = !std::isnan(R.x) && !std::isnan(S.x);
    if (any_lean_) {
      Rh = unit(R - dot(R, up) * up);
      Ah = cross(up, Rh);
    }
  }
  const V3 down = -1.0 * S;
  for (std::size_t k = 0; k < ops_.size(); ++k) {
    const Op& op = ops_[k];
    double value = kNaN;
    bool have = true;
    for (std::size_t i = 0; i < op.n_need; ++i) have = have && ok[op.need[i]];
    if (have) {
      const V3 a = p[op.j[0]], b = p[op.j[1]], c = p[op.j[2]];
      switch (static_cast<Kind>(op.kind)) {
        case Kind::kKneeFlexion:
        case Kind::kElbowFlexion:
          value = 180.0 - between_deg(a - b, c - b);
          break;
        case Kind::kAnkleDorsiflexion:
          value = 90.0 - between_deg(a - b, p[op.j[3]] - c);
          break;
        case Kind::kHipFlexion:
        case Kind::kShoulderFlexion:
          if (frame_ok) value = in_plane_deg(b - a, A, down);
          break;
        case Kind::kHipAbduction:
        case Kind::kShoulderAbduction:
          if (frame_ok) value = in_plane_deg(b - a, op.side * R, down);
          break;
        case Kind::kTrunkForwardLean:
          if (frame_ok) value = in_plane_deg(trunk, Ah, up);
          break;
        case Kind::kTrunkLateralLean:
          if (frame_ok) value = in_plane_deg(trunk, Rh, up);
          break;
      }
      if (!std::isnan(value)) value = wrap_deg(value, op.lo, 360.0);
    }
    out[k] = value;
  }
}

void compute_3d(const LandmarkSequence& seq, const std::vector<std::size_t>& which,
                const std::vector<std::uint8_t>& legs_swapped, const std::vector<std::uint8_t>& arms_swapped,
                std::vector<std::vector<double>>& columns, AngleReport& /*report*/) {
  const Plan3d plan(seq.skeleton(), seq.up_axis, which);
  std::vector<double> row(plan.size());
  const std::size_t n = seq.n_frames();
  for (std::size_t f = 0; f < n; ++f) {
    plan.compute(seq.frame(f).data(), !legs_swapped.empty() && legs_swapped[f],
                 !arms_swapped.empty() && arms_swapped[f], row.data());
    for (std::size_t k = 0; k < row.size(); ++k) columns[k][f] = row[k];
  }
}

}  // namespace detail
}  // namespace physio::kin
