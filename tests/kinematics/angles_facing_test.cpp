// Facing direction: a sequence mirrored horizontally gives the same angles.

#include <cmath>

#include <gtest/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::kin::test {
namespace {

constexpr double kFacingTolDeg = 1e-3;

// A squat cycle in a 640x480 image, facing +x.
LandmarkSequence squat(std::size_t n, bool with_feet) {
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, n);
  for (std::size_t f = 0; f < n; ++f) {
    const double ph = 2.0 * 3.14159265358979 * static_cast<double>(f) / 60.0;
    const double hip = 50.0 * (1 - std::cos(ph)), shank = 35.0 * (1 - std::cos(ph));
    const double th = hip * kDegToRad, sh = shank * kDegToRad, len = 90.0;
    P ankle{300, 400};
    P knee{ankle.x + len * std::sin(sh), ankle.y - len * std::cos(sh)};
    P hp{knee.x - len * std::sin(th), knee.y - len * std::cos(th)};
    const double lean = 0.6 * (hip - shank) * kDegToRad;  // trunk leans forward
    P sh_pt{hp.x + 100 * std::sin(lean), hp.y - 100 * std::cos(lean)};
    Pose p;
    both_sides(p, "hip", hp);
    both_sides(p, "knee", knee);
    both_sides(p, "ankle", ankle);
    if (with_feet) {
      both_sides(p, "heel", {ankle.x - 10, ankle.y + 10});
      both_sides(p, "foot_index", {ankle.x + 30, ankle.y + 10});
    }
    both_sides(p, "shoulder", sh_pt);
    both_sides(p, "elbow", {sh_pt.x + 60, sh_pt.y});
    both_sides(p, "wrist", {sh_pt.x + 110, sh_pt.y - 10});
    both_sides(p, "index", {sh_pt.x + 125, sh_pt.y - 12});
    both_sides(p, "ear", {sh_pt.x - 4, sh_pt.y - 35});
    p["nose"] = {sh_pt.x + 14, sh_pt.y - 38};
    put(seq, f, p);
    if (!with_feet) {
      for (const char* name : {"left_heel", "right_heel", "left_foot_index", "right_foot_index"}) {
        Landmark& l = seq.at(f, static_cast<std::size_t>(seq.skeleton().index_of(name)));
        l.x = l.y = l.z = std::nanf("");
      }
    }
  }
  return seq;
}

LandmarkSequence mirrored(const LandmarkSequence& in, double width) {
  LandmarkSequence out = in;
  for (Landmark& l : out.data()) l.x = static_cast<float>(width - l.x);
  return out;
}

void expect_same(const AngleSeries& a, const AngleSeries& b) {
  ASSERT_EQ(a.names, b.names);
  for (std::size_t k = 0; k < a.n_angles(); ++k)
    for (std::size_t f = 0; f < a.n_frames(); ++f) {
      if (std::isnan(a.columns[k][f])) {
        EXPECT_TRUE(std::isnan(b.columns[k][f])) << a.names[k] << " frame " << f;
        continue;
      }
      ASSERT_NEAR(a.columns[k][f], b.columns[k][f], kFacingTolDeg) << a.names[k] << " frame " << f;
    }
}

TEST(AnglesFacing, MirroredSequenceGivesTheSameFlexion) {
  LandmarkSequence seq = squat(60, true);
  auto a = compute_angles(seq);
  auto b = compute_angles(mirrored(seq, 640));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->report.facing, Facing::kRight);
  EXPECT_EQ(b->report.facing, Facing::kLeft);
  EXPECT_EQ(b->report.facing_basis, "toes-vs-heels");
  expect_same(*a, *b);
  // Flexion positive in both: the deepest frame (30) has hip ~100 and knee ~170 - ... > 0.
  EXPECT_GT(a->column("right_knee_flexion")[30], 100.0);
  EXPECT_GT(b->column("right_knee_flexion")[30], 100.0);
  EXPECT_GT(b->column("left_hip_flexion")[30], 50.0);
  EXPECT_GT(b->column("right_ankle_dorsiflexion")[30], 50.0);
}

TEST(AnglesFacing, NoseVsEarsWhenNoFeet) {
  LandmarkSequence seq = squat(60, false);
  auto a = compute_angles(seq);
  auto b = compute_angles(mirrored(seq, 640));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(b->report.facing, Facing::kLeft);
  EXPECT_EQ(b->report.facing_basis, "nose-vs-ears");
  expect_same(*a, *b);
}

TEST(AnglesFacing, GivenFacingOverridesAndWrongFacingNegatesFlexion) {
  LandmarkSequence seq = squat(60, true);
  auto given = compute_angles(seq, opts_facing(Facing::kRight));
  auto wrong = compute_angles(seq, opts_facing(Facing::kLeft, false));
  ASSERT_TRUE(given && wrong);
  EXPECT_EQ(given->report.facing_basis, "given");
  // Mirrored flexion is negative; the range [-90, 270) moves it by a turn: -118 reads 242.
  const double sum = wrong->column("right_hip_flexion")[30] + given->column("right_hip_flexion")[30];
  EXPECT_NEAR(std::remainder(sum, 360.0), 0.0, kFacingTolDeg);
}

TEST(AnglesFacing, UnknownFacingWarns) {
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, 1);
  Pose p = standing_2d();
  p.erase("nose");
  for (const char* n :
       {"left_ear", "right_ear", "left_heel", "right_heel", "left_foot_index", "right_foot_index"})
    p.erase(n);
  put(seq, 0, p);
  auto r = compute_angles(seq);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->report.facing_basis, "default");
  EXPECT_EQ(r->report.facing, Facing::kRight);
  ASSERT_FALSE(r->report.warnings.empty());
}

}  // namespace
}  // namespace physio::kin::test
