#include "illustrate/figure_drawing.hpp"

#include <algorithm>
#include <cmath>

#include "illustrate/figure_motion.hpp"

namespace physio::illustrate {
namespace {

using FP = kin::FigurePoint;

struct P2 {
  double x, y;
};

// Side view: seen from the working side (the right unless the spec works the left, then facing left).
P2 project(const kin::Point3& p, const FigureSpec& spec) {
  if (spec.view == kin::FigureView::kFront) return P2{p.z, p.y};
  return spec.working_left ? P2{-p.x, p.y} : P2{p.x, p.y};
}

bool differs(double a, double b) {
  return std::abs(a - b) > 5.0;
}

struct Moves {
  bool upper_arm, forearm, thigh, shank, foot;
};

Moves moves(const kin::LimbAngles& a, const kin::LimbAngles& b) {
  return {
      differs(a.shoulder_flexion, b.shoulder_flexion) || differs(a.shoulder_abduction, b.shoulder_abduction),
      differs(a.elbow_flexion, b.elbow_flexion) || differs(a.shoulder_rotation, b.shoulder_rotation),
      differs(a.hip_flexion, b.hip_flexion) || differs(a.hip_abduction, b.hip_abduction),
      differs(a.knee_flexion, b.knee_flexion), differs(a.ankle_dorsiflexion, b.ankle_dorsiflexion)};
}

// The seat's height and where it is, from the spec's most seated posture.
struct Seat {
  double y, x_from, x_to;
};

Seat seat_of(const FigureSpec& spec, double h) {
  double lowest = 1e9;
  P2 at{0, 0};
  for (const auto* pose : {&spec.start, &spec.end}) {
    const kin::FigurePoints pts = posed_points(spec, *pose, h);
    const P2 l = project(pts[FP::kLeftHip], spec), r = project(pts[FP::kRightHip], spec);
    const double y = std::min(l.y, r.y);
    if (y < lowest) {
      lowest = y;
      at = {(l.x + r.x) / 2, y};
    }
  }
  const double y = lowest - 0.05 * h;  // the buttock below the hip joint
  if (spec.view == kin::FigureView::kFront) return Seat{y, at.x - 0.14 * h, at.x + 0.14 * h};
  return spec.working_left ? Seat{y, at.x - 0.09 * h, at.x + 0.15 * h}
                           : Seat{y, at.x - 0.15 * h, at.x + 0.09 * h};
}

}  // namespace

Drawing figure_drawing(const FigureSpec& spec, const kin::FigurePose& pose, double h) {
  const kin::FigurePoints pts = posed_points(spec, pose, h);
  auto at = [&](FP p) { return project(pts[p], spec); };
  Drawing d;
  auto line = [&](P2 a, P2 b, Tone tone, double width = 1.0) {
    d.strokes.push_back({a.x, a.y, b.x, b.y, tone, width});
  };

  // Props and floor first: the body is drawn over them.
  const Bounds box = drawing_bounds(spec, h);
  line({box.min_x, 0.0}, {box.max_x, 0.0}, Tone::kFloor, 0.35);
  for (Prop prop : spec.props) {
    if (prop == Prop::kMat) {
      line({box.min_x + 0.02 * h, 0.012 * h}, {box.max_x - 0.02 * h, 0.012 * h}, Tone::kProp, 0.6);
    } else if (prop == Prop::kStep) {
      // A box under the working foot, where it stands in the start posture.
      const kin::FigurePoints first = posed_points(spec, spec.start, h);
      const P2 heel = project(first[spec.working_left ? FP::kLeftHeel : FP::kRightHeel], spec);
      const P2 toe = project(first[spec.working_left ? FP::kLeftToe : FP::kRightToe], spec);
      const double top = step_height(spec, h);
      const double from = std::min(heel.x, toe.x) - 0.06 * h, to = std::max(heel.x, toe.x) + 0.06 * h;
      line({from, top}, {to, top}, Tone::kProp, 0.8);
      line({from, top}, {from, 0.0}, Tone::kProp, 0.6);
      line({to, top}, {to, 0.0}, Tone::kProp, 0.6);
    } else {
      const Seat s = seat_of(spec, h);
      line({s.x_from, s.y}, {s.x_to, s.y}, Tone::kProp, 0.8);
      line({s.x_from + 0.01 * h, s.y}, {s.x_from + 0.01 * h, 0.0}, Tone::kProp, 0.6);
      line({s.x_to - 0.01 * h, s.y}, {s.x_to - 0.01 * h, 0.0}, Tone::kProp, 0.6);
      if (spec.view == kin::FigureView::kSide) {  // the back rest, behind the person
        const double back = spec.working_left ? s.x_to : s.x_from;
        const double out = spec.working_left ? 0.02 * h : -0.02 * h;
        line({back, s.y}, {back + out, s.y + 0.28 * h}, Tone::kProp, 0.6);
      }
    }
  }

  const bool side_view = spec.view == kin::FigureView::kSide;
  const Moves left_moves = moves(spec.start.left, spec.end.left);
  const Moves right_moves = moves(spec.start.right, spec.end.right);
  const bool trunk_moves = differs(spec.start.trunk_pitch, spec.end.trunk_pitch) ||
                           differs(spec.start.trunk_side_bend, spec.end.trunk_side_bend) ||
                           differs(spec.start.body_roll, spec.end.body_roll);
  auto limbs = [&](bool left, Tone base) {
    const Moves& m = left ? left_moves : right_moves;
    auto tone = [&](bool moving) { return moving ? Tone::kMoving : base; };
    auto g = [&](FP l, FP r) { return at(left ? l : r); };
    line(g(FP::kLeftHip, FP::kRightHip), g(FP::kLeftKnee, FP::kRightKnee), tone(m.thigh));
    line(g(FP::kLeftKnee, FP::kRightKnee), g(FP::kLeftAnkle, FP::kRightAnkle), tone(m.shank));
    line(g(FP::kLeftHeel, FP::kRightHeel), g(FP::kLeftToe, FP::kRightToe), tone(m.foot), 0.8);
    line(g(FP::kLeftAnkle, FP::kRightAnkle), g(FP::kLeftHeel, FP::kRightHeel), tone(m.foot), 0.8);
    line(g(FP::kLeftShoulder, FP::kRightShoulder), g(FP::kLeftElbow, FP::kRightElbow), tone(m.upper_arm));
    line(g(FP::kLeftElbow, FP::kRightElbow), g(FP::kLeftWrist, FP::kRightWrist), tone(m.forearm));
    line(g(FP::kLeftWrist, FP::kRightWrist), g(FP::kLeftHand, FP::kRightHand), tone(m.forearm), 0.8);
  };
  // Side view: seen from the working side, so the other side's limbs are behind.
  if (side_view) limbs(!spec.working_left, Tone::kFar);
  const P2 neck = at(FP::kNeck), pelvis = at(FP::kPelvis);
  const Tone trunk_tone = trunk_moves ? Tone::kMoving : Tone::kNear;
  line(pelvis, neck, trunk_tone, 1.25);
  if (!side_view) {  // shoulder and hip girdles, seen from the front
    line(at(FP::kLeftShoulder), at(FP::kRightShoulder), trunk_tone, 1.1);
    line(at(FP::kLeftHip), at(FP::kRightHip), Tone::kNear, 1.1);
    line(pelvis, at(FP::kLeftHip), Tone::kNear, 1.1);
    limbs(true, Tone::kNear);
  }
  limbs(side_view ? spec.working_left : false, Tone::kNear);
  const P2 head = at(FP::kHead);
  d.head_x = head.x;
  d.head_y = head.y;
  d.head_r = pts.head_radius;
  // The neck, and in the side view the nose's direction as a short stroke: which way the person faces.
  line(neck, {neck.x + (head.x - neck.x) * 0.55, neck.y + (head.y - neck.y) * 0.55}, trunk_tone, 0.9);
  return d;
}

Bounds drawing_bounds(const FigureSpec& spec, double h) {
  Bounds b{1e9, -1e9, 0.0, -1e9};
  for (int i = 0; i <= 16; ++i) {
    const kin::FigurePoints pts = posed_points(spec, figure_pose_at(spec, i / 32.0), h);
    for (const auto& p : pts.at) {
      const P2 q = project(p, spec);
      b.min_x = std::min(b.min_x, q.x);
      b.max_x = std::max(b.max_x, q.x);
      b.max_y = std::max(b.max_y, q.y);
    }
    const P2 head = project(pts[FP::kHead], spec);
    b.min_x = std::min(b.min_x, head.x - pts.head_radius);
    b.max_x = std::max(b.max_x, head.x + pts.head_radius);
    b.max_y = std::max(b.max_y, head.y + pts.head_radius);
  }
  if (std::find(spec.props.begin(), spec.props.end(), Prop::kChair) != spec.props.end()) {
    const Seat seat = seat_of(spec, h);
    b.min_x = std::min(b.min_x, seat.x_from - 0.03 * h);
    b.max_x = std::max(b.max_x, seat.x_to + 0.03 * h);
    b.max_y = std::max(b.max_y, seat.y + 0.28 * h);
  }
  const double pad = 0.08 * h;
  b.min_x -= pad;
  b.max_x += pad;
  b.max_y += 0.03 * h;
  b.min_y = -0.03 * h;
  return b;
}

}  // namespace physio::illustrate
