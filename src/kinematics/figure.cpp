#include "kinematics/figure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace physio::kin {
namespace figure_linkage {

constexpr double kDeg = std::numbers::pi / 180.0;

struct V {
  double x = 0, y = 0, z = 0;
};
V operator+(V a, V b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
V operator-(V a, V b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
V operator*(double s, V a) {
  return {s * a.x, s * a.y, s * a.z};
}
V operator-(V a) {
  return {-a.x, -a.y, -a.z};
}

// Rotates the pair (a, b) of orthonormal axes by `deg` in their plane, a towards b.
void turn(V& a, V& b, double deg) {
  const double c = std::cos(deg * kDeg), s = std::sin(deg * kDeg);
  const V na = c * a + s * b;
  const V nb = c * b - s * a;
  a = na;
  b = nb;
}

// The trunk's frame: forward, up and left unit vectors.
struct Frame {
  V fwd{1, 0, 0}, up{0, 1, 0}, left{0, 0, 1};
};

// Segment lengths as fractions of height (Winter, table 4.1).
struct Lengths {
  double shank, thigh, trunk, neck, upper_arm, forearm, hand, heel_back, toe_front, ankle_height;
  double hip_half, shoulder_half, head_radius;
};

Lengths lengths(double h) {
  return {0.246 * h, 0.245 * h, 0.288 * h, 0.052 * h, 0.186 * h, 0.146 * h, 0.108 * h,
          0.04 * h,  0.11 * h,  0.039 * h, 0.055 * h, 0.1 * h,   0.065 * h};
}

struct LegOut {
  V knee, ankle, heel, toe;
};

// One leg from its hip joint. s = +1 left, -1 right.
LegOut leg(const Frame& t, V hip, const LimbAngles& a, double s, const Lengths& L) {
  V fwd = t.fwd, down = -t.up, lat = s * t.left;  // lat: outward for this side
  turn(down, fwd, a.hip_flexion);                 // flexion swings the thigh forward
  // Note: turning (down, fwd) by +angle moves down towards fwd and fwd towards -down (up).
  turn(down, lat, a.hip_abduction);  // abduction swings it outward
  LegOut o;
  o.knee = hip + L.thigh * down;
  V shank = down, front = fwd;
  turn(shank, front, -a.knee_flexion);  // flexion: the shank swings backward
  o.ankle = o.knee + L.shank * shank;
  V foot = front, sole = shank;             // foot perpendicular to the shank, pointing forward
  turn(foot, sole, -a.ankle_dorsiflexion);  // dorsiflexion: toes towards the shin (away from the sole)
  o.heel = o.ankle + L.ankle_height * sole - L.heel_back * foot;
  o.toe = o.ankle + L.ankle_height * sole + L.toe_front * foot;
  return o;
}

struct ArmOut {
  V elbow, wrist, hand;
};

ArmOut arm(const Frame& t, V shoulder, const LimbAngles& a, double s, const Lengths& L) {
  V fwd = t.fwd, down = -t.up, lat = s * t.left;
  turn(down, fwd, a.shoulder_flexion);
  turn(down, lat, a.shoulder_abduction);
  // Horizontal flexion turns the arm's whole frame about the trunk's long axis, from outward to forward.
  const double c = std::cos(a.shoulder_horizontal_flexion * kDeg),
               sn = std::sin(a.shoulder_horizontal_flexion * kDeg);
  const V out_dir = s * t.left;
  auto about_axis = [&](V v) {
    const double u = v.x * t.up.x + v.y * t.up.y + v.z * t.up.z;
    const double o = v.x * out_dir.x + v.y * out_dir.y + v.z * out_dir.z;
    const double f = v.x * t.fwd.x + v.y * t.fwd.y + v.z * t.fwd.z;
    return u * t.up + (c * o - sn * f) * out_dir + (c * f + sn * o) * t.fwd;
  };
  down = about_axis(down);
  fwd = about_axis(fwd);
  lat = about_axis(lat);
  ArmOut o;
  o.elbow = shoulder + L.upper_arm * down;
  // The forearm's direction with the elbow bent: forward of the upper arm, turned outward by rotation.
  V front = fwd;
  turn(front, lat, a.shoulder_rotation);
  V fore = down;
  turn(fore, front, a.elbow_flexion);
  o.wrist = o.elbow + L.forearm * fore;
  o.hand = o.wrist + L.hand * fore;
  return o;
}

Point3 P(V v) {
  return {v.x, v.y, v.z};
}

}  // namespace figure_linkage
using namespace figure_linkage;

FigurePose interpolate(const FigurePose& a, const FigurePose& b, double t) {
  auto mix = [t](double x, double y) { return x + (y - x) * t; };
  auto limb = [&](const LimbAngles& p, const LimbAngles& q) {
    return LimbAngles{mix(p.shoulder_flexion, q.shoulder_flexion),
                      mix(p.shoulder_abduction, q.shoulder_abduction),
                      mix(p.shoulder_horizontal_flexion, q.shoulder_horizontal_flexion),
                      mix(p.shoulder_rotation, q.shoulder_rotation),
                      mix(p.elbow_flexion, q.elbow_flexion),
                      mix(p.hip_flexion, q.hip_flexion),
                      mix(p.hip_abduction, q.hip_abduction),
                      mix(p.knee_flexion, q.knee_flexion),
                      mix(p.ankle_dorsiflexion, q.ankle_dorsiflexion)};
  };
  return FigurePose{mix(a.trunk_pitch, b.trunk_pitch), mix(a.trunk_side_bend, b.trunk_side_bend),
                    mix(a.body_roll, b.body_roll), limb(a.left, b.left), limb(a.right, b.right)};
}

FigurePoints figure_points(const FigurePose& pose, double height_m) {
  const Lengths L = lengths(height_m);
  // Lying on the side: the whole body's frame turned about the forward axis first (the pelvis with it).
  Frame body;
  turn(body.up, body.left, pose.body_roll);
  Frame t = body;
  turn(t.up, t.fwd, pose.trunk_pitch);       // pitch: the trunk leans forward (or back when negative)
  turn(t.up, t.left, pose.trunk_side_bend);  // side bend towards the left
  const V pelvis{0, 0, 0};
  FigurePoints out;
  out.head_radius = L.head_radius;
  out.height_m = height_m;
  const V neck = pelvis + L.trunk * t.up;
  for (double s : {1.0, -1.0}) {
    const bool left = s > 0;
    const LimbAngles& a = left ? pose.left : pose.right;
    // The pelvis does not bend with the trunk's side bend: the hips are on the unbent frame's lateral axis.
    Frame pelvis_frame = body;
    turn(pelvis_frame.up, pelvis_frame.fwd, pose.trunk_pitch);
    const V hip = pelvis + (s * L.hip_half) * pelvis_frame.left;
    const LegOut lg = leg(pelvis_frame, hip, a, s, L);
    const V shoulder = neck + (s * L.shoulder_half) * t.left;
    const ArmOut am = arm(t, shoulder, a, s, L);
    using FP = FigurePoint;
    out[left ? FP::kLeftHip : FP::kRightHip] = P(hip);
    out[left ? FP::kLeftKnee : FP::kRightKnee] = P(lg.knee);
    out[left ? FP::kLeftAnkle : FP::kRightAnkle] = P(lg.ankle);
    out[left ? FP::kLeftHeel : FP::kRightHeel] = P(lg.heel);
    out[left ? FP::kLeftToe : FP::kRightToe] = P(lg.toe);
    out[left ? FP::kLeftShoulder : FP::kRightShoulder] = P(shoulder);
    out[left ? FP::kLeftElbow : FP::kRightElbow] = P(am.elbow);
    out[left ? FP::kLeftWrist : FP::kRightWrist] = P(am.wrist);
    out[left ? FP::kLeftHand : FP::kRightHand] = P(am.hand);
  }
  const V head = neck + (L.neck + L.head_radius) * t.up;
  out[FigurePoint::kNeck] = P(neck);
  out[FigurePoint::kHead] = P(head);
  out[FigurePoint::kNose] = P(head + (0.9 * L.head_radius) * t.fwd);
  out[FigurePoint::kPelvis] = P(pelvis);

  // Rest the body on the floor: the lowest point (the head's and the back's surface included) at y = 0.
  double lowest = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < kFigurePointCount; ++i) lowest = std::min(lowest, out.at[i].y);
  lowest = std::min(lowest, head.y - L.head_radius);
  const double back =
      0.06 * height_m;  // half the trunk's depth: lying, the back (not the spine) is on the floor
  if (std::abs(pose.trunk_pitch) > 45.0) lowest = std::min(lowest, std::min(pelvis.y, neck.y) - back);
  for (auto& p : out.at) p.y -= lowest;
  return out;
}

std::optional<FigureView> figure_view_from_string(std::string_view s) {
  if (s == "side") return FigureView::kSide;
  if (s == "front") return FigureView::kFront;
  return std::nullopt;
}

FigureFrame figure_landmarks(const FigurePoints& p, FigureView view, int image_width, int image_height,
                             const Point3* image_centre) {
  using FP = FigurePoint;
  const double px_per_m = 0.8 * image_height / std::max(p.height_m, 0.5);
  const Point3 mid_hip{(p[FP::kLeftHip].x + p[FP::kRightHip].x) / 2,
                       (p[FP::kLeftHip].y + p[FP::kRightHip].y) / 2,
                       (p[FP::kLeftHip].z + p[FP::kRightHip].z) / 2};
  // Camera coordinates: x right in the image, y down, z away from the camera.
  auto camera = [view](const Point3& q) {
    return view == FigureView::kSide ? Point3{q.x, -q.y, q.z} : Point3{q.z, -q.y, -q.x};
  };
  const Point3 centre = camera(mid_hip);
  const Point3 picture_centre = camera(image_centre ? *image_centre : mid_hip);
  FigureFrame out;
  auto put = [&](std::size_t i, Point3 q) {
    const Point3 c = camera(q);
    const double ix = 0.5 + (c.x - picture_centre.x) * px_per_m / image_width;
    const double iy = 0.9 + (c.y) * px_per_m / image_height;  // floor at 90 % of the image height
    out.image[i] = Landmark{static_cast<float>(ix), static_cast<float>(iy),
                            static_cast<float>((c.z - centre.z) * px_per_m / image_width), 0.99f};
    out.world[i] = Landmark{static_cast<float>(c.x - centre.x), static_cast<float>(c.y - centre.y),
                            static_cast<float>(c.z - centre.z), 0.99f};
  };
  auto along = [](Point3 a, Point3 b, double f) {
    return Point3{a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f};
  };
  const Point3 head = p[FP::kHead], nose = p[FP::kNose];
  const Point3 face{nose.x - head.x, nose.y - head.y, nose.z - head.z};  // forward, head radius long
  const Point3 ls = p[FP::kLeftShoulder], rs = p[FP::kRightShoulder];
  const Point3 lat{(ls.x - rs.x) / 2, (ls.y - rs.y) / 2, (ls.z - rs.z) / 2};  // towards the left
  auto face_point = [&](double fwd, double left, double up) {
    const double r = p.head_radius;
    const double lat_len = std::hypot(lat.x, lat.y, lat.z);
    const Point3 up_dir{head.x - (ls.x + rs.x) / 2, head.y - (ls.y + rs.y) / 2, head.z - (ls.z + rs.z) / 2};
    const double up_len = std::hypot(up_dir.x, up_dir.y, up_dir.z);
    return Point3{head.x + fwd * face.x + left * r * lat.x / lat_len + up * r * up_dir.x / up_len,
                  head.y + fwd * face.y + left * r * lat.y / lat_len + up * r * up_dir.y / up_len,
                  head.z + fwd * face.z + left * r * lat.z / lat_len + up * r * up_dir.z / up_len};
  };
  put(0, nose);
  put(1, face_point(0.8, 0.25, 0.25));   // left eye inner
  put(2, face_point(0.75, 0.4, 0.25));   // left eye
  put(3, face_point(0.65, 0.55, 0.25));  // left eye outer
  put(4, face_point(0.8, -0.25, 0.25));
  put(5, face_point(0.75, -0.4, 0.25));
  put(6, face_point(0.65, -0.55, 0.25));
  put(7, face_point(0.0, 1.0, 0.1));  // left ear
  put(8, face_point(0.0, -1.0, 0.1));
  put(9, face_point(0.85, 0.2, -0.4));  // mouth left
  put(10, face_point(0.85, -0.2, -0.4));
  for (int l = 0; l < 2; ++l) {
    const bool left = l == 0;
    auto g = [&](FP lp, FP rp) { return p[left ? lp : rp]; };
    const Point3 wrist = g(FP::kLeftWrist, FP::kRightWrist), hand = g(FP::kLeftHand, FP::kRightHand);
    put(11 + l, g(FP::kLeftShoulder, FP::kRightShoulder));
    put(13 + l, g(FP::kLeftElbow, FP::kRightElbow));
    put(15 + l, wrist);
    put(17 + l, along(wrist, hand, 0.8));  // pinky
    put(19 + l, hand);                     // index
    put(21 + l, along(wrist, hand, 0.5));  // thumb
    put(23 + l, g(FP::kLeftHip, FP::kRightHip));
    put(25 + l, g(FP::kLeftKnee, FP::kRightKnee));
    put(27 + l, g(FP::kLeftAnkle, FP::kRightAnkle));
    put(29 + l, g(FP::kLeftHeel, FP::kRightHeel));
    put(31 + l, g(FP::kLeftToe, FP::kRightToe));
  }
  return out;
}

}  // namespace physio::kin
