// Every angle stays in its documented range (docs/metrics/angles.md), whatever the landmarks: property
// tests over random skeletons (RapidCheck), plus the case that showed the bug (an arm read past the end
// of its range after a landmark error, which made unwrapping carry the whole series a turn away).

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::kin::test {
namespace {

// The documented range of an angle: [lo, hi). 3D knee and elbow flexion are angles between two
// segments, documented as [0, 180] (inclusive).
struct Range {
  double lo = 0.0, hi = 0.0;
  bool hi_inclusive = false;
};

Range documented_range(const AngleSpec& s, AngleMode mode) {
  if (mode == AngleMode::k3d && (s.name.ends_with("knee_flexion") || s.name.ends_with("elbow_flexion")))
    return {0.0, 180.0, true};
  return {s.range_lo_deg, s.range_lo_deg + s.period_deg, false};
}

const AngleSpec* spec_of(const std::string& name, AngleMode mode) {
  for (const AngleSpec& s : mode == AngleMode::k3d ? angle_specs_3d() : angle_specs_2d())
    if (s.name == name) return &s;
  return nullptr;
}

// Fails (RC_ASSERT) when a value of `series` is outside its documented range; segment angles are
// exempt only when unwrapping was asked for.
void check_ranges(const AngleSeries& series, bool unwrapped) {
  for (std::size_t k = 0; k < series.n_angles(); ++k) {
    const AngleSpec* s = spec_of(series.names[k], series.report.mode);
    RC_ASSERT(s != nullptr);
    if (unwrapped && s->is_segment) continue;
    const Range r = documented_range(*s, series.report.mode);
    for (double v : series.columns[k]) {
      if (std::isnan(v)) continue;
      RC_ASSERT(std::isfinite(v));
      const bool ok = v >= r.lo && (r.hi_inclusive ? v <= r.hi : v < r.hi);
      if (!ok) RC_FAIL(series.names[k] + " = " + std::to_string(v) + " outside its range");
    }
  }
}

// A coordinate: mostly ordinary values, with missing values, coincident points (a small grid makes
// zero-length segments likely) and extremes mixed in.
rc::Gen<float> coordinate(float scale) {
  return rc::gen::weightedOneOf<float>({
      {10,
       rc::gen::map(rc::gen::inRange(-1000, 1001), [scale](int v) { return scale * static_cast<float>(v); })},
      {3, rc::gen::map(rc::gen::inRange(-2, 3),
                       [scale](int v) { return scale * 100.0f * static_cast<float>(v); })},
      {1, rc::gen::element(std::numeric_limits<float>::quiet_NaN(), 0.0f, 1e-7f, -1e-7f, 1e7f, -1e7f)},
  });
}

struct RandomSequence {
  LandmarkSequence seq;
  bool unwrap = false;
  Facing facing = Facing::kAuto;
};

rc::Gen<RandomSequence> random_sequence(CoordSpace space, SkeletonPtr skeleton) {
  const float scale = space == CoordSpace::kWorldMetres       ? 0.002f
                      : space == CoordSpace::kImageNormalized ? 0.001f
                                                              : 1.0f;
  return rc::gen::exec([=] {
    const auto n_frames = static_cast<std::size_t>(*rc::gen::inRange(1, 9));
    RandomSequence r{LandmarkSequence(skeleton, space, n_frames)};
    if (space == CoordSpace::kImageNormalized) {
      r.seq.image_width = *rc::gen::element(0, 640, 1768);
      r.seq.image_height = *rc::gen::element(0, 480, 994);
    }
    if (space == CoordSpace::kWorldMetres) r.seq.up_axis = *rc::gen::element(Axis::kY, Axis::kNegY, Axis::kZ);
    for (std::size_t f = 0; f < n_frames; ++f) {
      r.seq.times()[f] = sample_time_us(static_cast<std::int64_t>(f), 30.0);
      // Either a fresh random frame, or the previous one with a few landmarks moved (so series are
      // mostly continuous, with jumps: what unwrapping acts on).
      const bool perturb = f > 0 && *rc::gen::arbitrary<bool>();
      for (std::size_t i = 0; i < r.seq.n_landmarks(); ++i) {
        Landmark& l = r.seq.at(f, i);
        if (perturb && *rc::gen::inRange(0, 4) != 0) {
          l = r.seq.at(f - 1, i);
          continue;
        }
        l.x = *coordinate(scale);
        l.y = *coordinate(scale);
        l.z = space == CoordSpace::kWorldMetres ? *coordinate(scale) : 0.0f;
        l.visibility = 1.0f;
      }
    }
    r.unwrap = *rc::gen::arbitrary<bool>();
    r.facing = *rc::gen::element(Facing::kAuto, Facing::kLeft, Facing::kRight);
    return r;
  });
}

void check_random(CoordSpace space, SkeletonPtr skeleton, AngleMode mode) {
  const RandomSequence r = *random_sequence(space, std::move(skeleton));
  AngleOptions o;
  o.mode = mode;
  o.unwrap = r.unwrap;
  o.facing = r.facing;
  auto s = compute_angles(r.seq, o);
  RC_ASSERT(s.has_value());
  RC_ASSERT(s->n_angles() > 0u);
  check_ranges(*s, r.unwrap);
}

RC_GTEST_PROP(AnglesRange, Every2dAngleInRangeBlazePosePixels, ()) {
  check_random(CoordSpace::kImagePixels, blazepose33(), AngleMode::k2d);
}

RC_GTEST_PROP(AnglesRange, Every2dAngleInRangeNormalisedHalpe, ()) {
  check_random(CoordSpace::kImageNormalized, halpe26(), AngleMode::k2d);
}

RC_GTEST_PROP(AnglesRange, Every2dAngleInRangeFromWorld, ()) {
  check_random(CoordSpace::kWorldMetres, body25b(), AngleMode::k2d);
}

RC_GTEST_PROP(AnglesRange, Every3dAngleInRange, ()) {
  check_random(CoordSpace::kWorldMetres, blazepose33(), AngleMode::k3d);
}

RC_GTEST_PROP(AnglesRange, Every3dAngleInRangeBody25b, ()) {
  check_random(CoordSpace::kWorldMetres, body25b(), AngleMode::k3d);
}

// The finding on demo.mp4: the arm hangs for a few frames, then a landmark error swings it forward past
// the end of the shoulder's range (270) and it stays there. Unwrapping used to read the overhead part
// as 280-300 and then shift the whole series a turn down, so the hanging frames read -360.
TEST(AnglesRange, ArmReadPastTheEndOfItsRangeStaysInRange) {
  const std::size_t n = 40;
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, n);
  for (std::size_t f = 0; f < n; ++f) {
    const double a = f < 6 ? 0.0 : std::min(300.0, 50.0 * static_cast<double>(f - 5));
    Pose p = standing_2d();
    const double r = a * kDegToRad;
    P el{30 * std::sin(r), -50 + 30 * std::cos(r)};
    both_sides(p, "elbow", el);
    both_sides(p, "wrist", {el.x + 25 * std::sin(r), el.y + 25 * std::cos(r)});
    both_sides(p, "index", {el.x + 35 * std::sin(r), el.y + 35 * std::cos(r)});
    put(seq, f, p);
  }
  auto s = compute_angles(seq);
  ASSERT_TRUE(s);
  auto sh = s->column("right_shoulder_flexion");
  for (std::size_t f = 0; f < 6; ++f) EXPECT_NEAR(sh[f], 0.0, 1e-3) << f;
  for (std::size_t f = 0; f < n; ++f) {
    EXPECT_GE(sh[f], -90.0) << f;
    EXPECT_LT(sh[f], 270.0) << f;
  }
  // 300 deg of forward rotation is 60 deg of extension: the only reading inside the range.
  EXPECT_NEAR(sh[n - 1], -60.0, 1e-3);
  // Even with segment unwrapping asked for, joint angles are not unwrapped.
  AngleOptions o;
  o.unwrap = true;
  auto u = compute_angles(seq, o);
  ASSERT_TRUE(u);
  auto shu = u->column("right_shoulder_flexion");
  for (std::size_t f = 0; f < n; ++f) {
    EXPECT_GE(shu[f], -90.0) << f;
    EXPECT_LT(shu[f], 270.0) << f;
  }
}

}  // namespace
}  // namespace physio::kin::test
