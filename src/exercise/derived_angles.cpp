// Derived clinical angles. 3D angles use the same body frame as kinematics' 3D angles:
//   R = unit(right hip - left hip), S = trunk axis made perpendicular to R, A = S x R.
// 2D angles work in image coordinates with y flipped to point up.

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Dense>

#include "core/nan.hpp"
#include "exercise/derived_angles.hpp"

namespace physio::exercise {
namespace {

using J = kin::Joint;
using V3 = Eigen::Vector3d;
constexpr double kRad = 180.0 / std::numbers::pi;
constexpr double kMinRotationLever = 0.5;
constexpr double kRotationLoDeg = -160.0;  // rotation branch cut at -160 / +200 deg  // sin(30 deg): shoulder
                                           // rotation needs >= 30 deg elbow flexion

enum class Kind {
  kTrunkFlexion,
  kTrunkLateral,
  kSideBend,
  kPelvisObliquity,
  kElevation,
  kLegElevation,
  kRotation,
  kValgus,
  kShrug
};

struct Def {
  DerivedAngleSpec spec;
  Kind kind;
  bool right = true;
};

std::vector<Def> build() {
  std::vector<Def> d;
  const std::vector<J> frame = {J::kLeftHip, J::kRightHip, J::kNeck};
  d.push_back({{"trunk_flexion", "forward flexion of the trunk from vertical; forward positive", frame, true},
               Kind::kTrunkFlexion});
  d.push_back({{"trunk_lateral_flexion",
                "side bending of the trunk from vertical; towards the right positive", frame, true},
               Kind::kTrunkLateral});
  d.push_back({{"pelvis_obliquity",
                "hip line against the horizontal in the frontal plane; right hip up positive",
                {J::kLeftHip, J::kRightHip},
                true},
               Kind::kPelvisObliquity});
  auto sided = [&](std::string base, std::string desc, Kind kind, std::vector<J> js, bool two_d) {
    std::vector<J> left = js;
    for (J& j : left) j = kin::mirror(j);
    for (J p : frame) {
      if (std::find(js.begin(), js.end(), p) == js.end()) js.push_back(p);
      if (std::find(left.begin(), left.end(), p) == left.end()) left.push_back(p);
    }
    d.push_back({{"right_" + base, "right " + desc, js, two_d}, kind, true});
    d.push_back({{"left_" + base, "left " + desc, left, two_d}, kind, false});
  };
  sided("shoulder_elevation", "arm elevation from the trunk axis in any plane (0 hanging, 180 overhead)",
        Kind::kElevation, {J::kRightShoulder, J::kRightElbow}, true);
  sided("leg_elevation", "thigh elevation from the trunk axis in any plane (0 standing, 90 thigh horizontal)",
        Kind::kLegElevation, {J::kRightHip, J::kRightKnee}, true);
  sided("trunk_side_bend",
        "trunk bending towards this side from vertical (frontal plane); towards the side positive",
        Kind::kSideBend, {}, true);
  sided("shoulder_rotation",
        "forearm rotation about the upper arm (elbow bent); 0 forearm pointing forward, external rotation "
        "positive",
        Kind::kRotation, {J::kRightShoulder, J::kRightElbow, J::kRightWrist}, false);
  sided("knee_valgus", "frontal-plane projection angle of the knee; knee towards the midline positive",
        Kind::kValgus, {J::kRightHip, J::kRightKnee, J::kRightAnkle}, true);
  sided("shoulder_shrug", "shoulder above the neck-level horizontal in the frontal plane; raised positive",
        Kind::kShrug, {J::kRightShoulder}, true);
  return d;
}

const std::vector<Def>& defs() {
  static const std::vector<Def> d = build();
  return d;
}

V3 up_vector(kin::Axis a) {
  const auto d = kin::axis_direction(a);
  return {d[0], d[1], d[2]};
}

// The joints of one frame in the coordinates the angles use.
struct Points {
  const kin::Skeleton& skeleton;
  const kin::Landmark* frame = nullptr;  // [n_landmarks]
  bool as_3d;
  double sx = 1.0, sy = 1.0;  // 2D: image scale (normalised -> pixels)
  // As LandmarkSequence::joint: one landmark, or the midpoint of two (in float).
  std::optional<V3> get(J j) const {
    const kin::JointSource src = skeleton.joint(j);
    if (!src.present()) return std::nullopt;
    kin::Landmark l = frame[src.a];
    if (l.missing()) return std::nullopt;
    if (src.is_midpoint()) {
      const kin::Landmark& b = frame[src.b];
      if (b.missing()) return std::nullopt;
      l = {(l.x + b.x) * 0.5f, (l.y + b.y) * 0.5f, (l.z + b.z) * 0.5f, l.visibility};
    }
    if (as_3d) {
      if (std::isnan(l.z)) return std::nullopt;
      return V3(l.x, l.y, l.z);
    }
    return V3(l.x * sx, -l.y * sy, 0.0);  // y up
  }
};

double signed_angle(double y, double x) {
  return std::atan2(y, x) * kRad;
}

double unsigned_angle(const V3& a, const V3& b) {
  double na = a.norm(), nb = b.norm();
  if (na < 1e-12 || nb < 1e-12) return kNaN;
  return std::acos(std::clamp(a.dot(b) / (na * nb), -1.0, 1.0)) * kRad;
}

// `trunk2d`: the frame's 2D "trunk" angle (NaN when absent).
double compute_one(const Def& d, const Points& p, const V3& up, double trunk2d) {
  const bool r = d.right;
  auto side = [&](J right_joint) { return r ? right_joint : kin::mirror(right_joint); };
  auto lh = p.get(J::kLeftHip), rh = p.get(J::kRightHip);
  if (!lh || !rh) return kNaN;
  V3 mid = 0.5 * (*lh + *rh);
  auto neck = p.get(J::kNeck);
  // Elevations need only the trunk axis: a side view whose hips coincide in the image still has them.
  if (d.kind == Kind::kElevation || d.kind == Kind::kLegElevation) {
    const bool arm = d.kind == Kind::kElevation;
    auto a = p.get(side(arm ? J::kRightShoulder : J::kRightHip)),
         b = p.get(side(arm ? J::kRightElbow : J::kRightKnee));
    if (!a || !b || !neck) return kNaN;
    return unsigned_angle(*b - *a, mid - *neck);
  }
  // Body frame (3D) or image frame (2D: R along the hip line, S up).
  V3 R = *rh - *lh;
  if (R.norm() < 1e-12) return kNaN;
  R.normalize();
  V3 S = up;
  if (neck) {
    V3 t = *neck - mid;
    S = t - t.dot(R) * R;
    if (S.norm() < 1e-12) return kNaN;
    S.normalize();
  }
  V3 A = S.cross(R);
  switch (d.kind) {
    case Kind::kTrunkFlexion: {
      if (!p.as_3d) return 90.0 - trunk2d;
      if (!neck) return kNaN;
      V3 t = *neck - mid;
      V3 rh_ = R - R.dot(up) * up;
      if (rh_.norm() < 1e-6) return kNaN;
      rh_.normalize();
      V3 ah = up.cross(rh_);
      return signed_angle(t.dot(ah), t.dot(up));
    }
    case Kind::kTrunkLateral:
    case Kind::kSideBend: {
      if (!neck) return kNaN;
      V3 t = *neck - mid;
      V3 rh_ = R - R.dot(up) * up;
      if (rh_.norm() < 1e-6) return kNaN;
      rh_.normalize();
      double lat = signed_angle(t.dot(rh_), t.dot(up));
      return d.kind == Kind::kSideBend && !r ? -lat : lat;
    }
    case Kind::kPelvisObliquity: {
      V3 h = *rh - *lh;
      V3 hh = h - h.dot(up) * up;
      return signed_angle(h.dot(up), hh.norm());
    }
    case Kind::kElevation:
    case Kind::kLegElevation:
      return kNaN;  // handled above
    case Kind::kRotation: {
      auto sh = p.get(side(J::kRightShoulder)), el = p.get(side(J::kRightElbow)),
           wr = p.get(side(J::kRightWrist));
      if (!sh || !el || !wr || !neck) return kNaN;
      V3 h = *el - *sh;
      if (h.norm() < 1e-12) return kNaN;
      h.normalize();
      V3 fa = *wr - *el;
      const double forearm_len = fa.norm();
      fa -= fa.dot(h) * h;
      // Undefined with the elbow nearly straight (forearm within 30 deg of the upper arm axis): its
      // direction there is noise, and an unwrapped series would pick up false whole turns.
      if (fa.norm() < kMinRotationLever * forearm_len) return kNaN;
      V3 ref = A - A.dot(h) * h;
      if (ref.norm() < 0.3) {  // upper arm pointing forward: measure from the superior axis instead
        ref = S - S.dot(h) * h;
      }
      if (fa.norm() < 1e-9 || ref.norm() < 1e-9) return kNaN;
      double ang = signed_angle(ref.cross(fa).dot(h), ref.dot(fa));
      return r ? ang : -ang;
    }
    case Kind::kValgus: {
      auto hip = p.get(side(J::kRightHip)), knee = p.get(side(J::kRightKnee)),
           ankle = p.get(side(J::kRightAnkle));
      auto other = p.get(kin::mirror(side(J::kRightHip)));
      if (!hip || !knee || !ankle || !other) return kNaN;
      // Frontal plane coordinates: x along the medial direction, y along S.
      V3 medial = *other - *hip;
      medial -= medial.dot(A) * A;
      medial -= medial.dot(S) * S;
      if (medial.norm() < 1e-12) return kNaN;
      medial.normalize();
      auto proj = [&](const V3& v) { return Eigen::Vector2d(v.dot(medial), v.dot(S)); };
      Eigen::Vector2d th = proj(*knee - *hip), sk = proj(*ankle - *knee);
      if (th.norm() < 1e-12 || sk.norm() < 1e-12) return kNaN;
      // Angle from the thigh direction to the shank direction; valgus = shank turned laterally,
      // i.e. the knee displaced medially.
      double cross = th.x() * sk.y() - th.y() * sk.x();
      double ang = std::atan2(cross, th.dot(sk)) * kRad;
      // Thigh points down (y < 0); a medial knee (x > 0 on the thigh) with the shank coming back
      // laterally turns the direction clockwise seen with x medial, y up: cross < 0 -> valgus > 0.
      return -ang;
    }
    case Kind::kShrug: {
      auto sh = p.get(side(J::kRightShoulder));
      if (!sh || !neck) return kNaN;
      V3 v = *sh - *neck;
      return signed_angle(v.dot(S), std::abs(v.dot(R)));
    }
  }
  return kNaN;
}

}  // namespace

std::span<const DerivedAngleSpec> derived_angle_specs() {
  static const std::vector<DerivedAngleSpec> specs = [] {
    std::vector<DerivedAngleSpec> s;
    for (const auto& d : defs()) s.push_back(d.spec);
    return s;
  }();
  return specs;
}

const DerivedAngleSpec* find_derived_angle(std::string_view name) {
  for (const auto& s : derived_angle_specs())
    if (s.name == name) return &s;
  return nullptr;
}

Result<DerivedAnglePlan> DerivedAnglePlan::create(kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                                  kin::Axis up_axis, int image_width, int image_height,
                                                  std::span<const std::string> names, bool as_3d) {
  if (!skeleton) return fail(ErrorCode::kInvalidArgument, "derived angles: no skeleton given");
  DerivedAnglePlan plan;
  for (const auto& n : names) {
    const Def* found = nullptr;
    for (const auto& d : defs())
      if (d.spec.name == n) found = &d;
    if (!found) return fail(ErrorCode::kInvalidArgument, "unknown derived angle '{}'", n);
    if (as_3d == false && !found->spec.supports_2d)
      return fail(ErrorCode::kUnsupported,
                  "angle '{}' needs 3D landmarks (world coordinates); the input is 2D", n);
    std::vector<std::string> missing;
    for (J j : found->spec.joints)
      if (!skeleton->has(j)) missing.emplace_back(kin::joint_name(j));
    if (!missing.empty())
      return fail(ErrorCode::kMissingData, "angle '{}' needs {} which {} lacks", n, fmt::join(missing, ", "),
                  skeleton->name);
    plan.defs_.push_back(static_cast<std::size_t>(found - defs().data()));
  }
  plan.as_3d_ = as_3d;
  if (!as_3d && space == kin::CoordSpace::kImageNormalized && image_width > 0 && image_height > 0) {
    plan.sx_ = image_width;
    plan.sy_ = image_height;
  }
  const V3 up = as_3d ? up_vector(up_axis) : V3::UnitY();
  plan.up_ = {up.x(), up.y(), up.z()};
  plan.skeleton_ = std::move(skeleton);
  return plan;
}

void DerivedAnglePlan::compute(std::span<const kin::Landmark> frame, double trunk2d,
                               std::span<double> out) const {
  const Points p{*skeleton_, frame.data(), as_3d_, sx_, sy_};
  const V3 up(up_[0], up_[1], up_[2]);
  for (std::size_t k = 0; k < defs_.size(); ++k) {
    const Def& d = defs()[defs_[k]];
    double v = compute_one(d, p, up, trunk2d);
    // Rotation: a fixed branch cut in the middle of the range the shoulder cannot reach (external
    // rotation beyond ~140 deg, internal beyond ~-110 deg), values in [kRotationLoDeg, kRotationLoDeg + 360).
    // No unwrapping: on tracked data a one-frame glitch across the cut would add a false whole turn to
    // everything after it.
    if (d.kind == Kind::kRotation && !std::isnan(v)) v -= 360.0 * std::floor((v - kRotationLoDeg) / 360.0);
    out[k] = v;
  }
}

Result<std::vector<std::vector<double>>> compute_derived_angles(const kin::LandmarkSequence& seq,
                                                                std::span<const std::string> names,
                                                                bool as_3d, const kin::AngleSeries& base) {
  const DerivedAnglePlan plan = PHYSIO_TRY(DerivedAnglePlan::create(
      seq.skeleton_ptr(), seq.space(), seq.up_axis, seq.image_width, seq.image_height, names, as_3d));
  std::span<const double> trunk2d = base.column("trunk");
  if (!as_3d && !trunk2d.empty() && trunk2d.size() != seq.n_frames()) trunk2d = {};
  std::vector<std::vector<double>> out(plan.size(), std::vector<double>(seq.n_frames(), kNaN));
  std::vector<double> row(plan.size());
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    plan.compute(seq.frame(f), trunk2d.empty() ? kNaN : trunk2d[f], row);
    for (std::size_t k = 0; k < row.size(); ++k) out[k][f] = row[k];
  }
  return out;
}

}  // namespace physio::exercise
