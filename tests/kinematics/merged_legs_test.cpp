// Legs drawn at one place by a pose model (merged_legs.hpp) and the left/right labelling around them
// (swaps.hpp), on a synthetic split squat seen from the side.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/angles/merged_legs.hpp"
#include "kinematics/angles/swaps.hpp"

namespace physio::kin::test {
namespace {

// A split squat from the side at 25 frames/s, 960 x 540 picture (normalised coordinates): the left leg in
// front, the right behind, lowering and rising once every 4 s; the feet stay where they are.
LandmarkSequence split_squat(std::size_t n) {
  LandmarkSequence seq = make_sequence(CoordSpace::kImageNormalized, n, 25.0);
  seq.image_width = 960;
  seq.image_height = 540;
  const double pi = 3.14159265358979;
  for (std::size_t f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / 25.0;
    const double d = 0.5 * (1 - std::cos(2 * pi * t / 4.0));  // 0 up, 1 down
    const double hip_y = 0.50 + 0.08 * d;
    Pose p;
    p["left_hip"] = {0.480, hip_y};
    p["right_hip"] = {0.470, hip_y};
    p["left_knee"] = {0.410 - 0.01 * d, 0.60 + 0.03 * d};
    p["right_knee"] = {0.510 + 0.01 * d, 0.64 + 0.07 * d};
    p["left_ankle"] = {0.420, 0.74};
    p["right_ankle"] = {0.590, 0.69};
    p["left_heel"] = {0.400, 0.76};
    p["right_heel"] = {0.610, 0.70};
    p["left_foot_index"] = {0.450, 0.76};
    p["right_foot_index"] = {0.570, 0.74};
    for (const char* s : {"left_", "right_"}) {
      const std::string side = s;
      p[side + "shoulder"] = {0.475, hip_y - 0.22};
      p[side + "elbow"] = {0.470, hip_y - 0.12};
      p[side + "wrist"] = {0.480, hip_y - 0.03};
      p[side + "index"] = {0.482, hip_y - 0.01};
      p[side + "ear"] = {0.470, hip_y - 0.30};
    }
    p["nose"] = {0.490, hip_y - 0.29};
    put(seq, f, p);
  }
  return seq;
}

// Both legs drawn onto one: the knees and ankles (and feet) at their midpoints.
void merge(LandmarkSequence& seq, std::size_t f) {
  const Skeleton& s = seq.skeleton();
  for (const char* base : {"knee", "ankle", "heel", "foot_index"}) {
    Landmark& l = seq.at(f, static_cast<std::size_t>(s.index_of(std::string("left_") + base)));
    Landmark& r = seq.at(f, static_cast<std::size_t>(s.index_of(std::string("right_") + base)));
    l.x = r.x = 0.5f * (l.x + r.x) + 0.002f;
    l.y = r.y = 0.5f * (l.y + r.y);
  }
}

void swap_legs(LandmarkSequence& seq, const std::vector<std::size_t>& frames) {
  SwapReport r;
  r.leg_frames = frames;
  apply_swaps(seq, r);
}

double knee(const AngleSeries& a, const char* name, std::size_t f) {
  return a.column(name)[f];
}

TEST(MergedLegs, FramesWithBothLegsAtOnePlaceAreFound) {
  LandmarkSequence seq = split_squat(200);
  EXPECT_TRUE(merged_leg_frames(seq).empty());
  for (std::size_t f : {27u, 30u, 31u, 40u}) merge(seq, f);
  EXPECT_EQ(merged_leg_frames(seq), (std::vector<std::size_t>{27, 30, 31, 40}));
}

TEST(MergedLegs, LegsThatStayTogetherAreNotMerged) {
  // Standing with the legs side by side in profile, each landmark with its own noise of up to 2 px: the
  // distance between the legs is noise, often under half its median.
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, 300);
  std::uint32_t state = 12345;
  const auto noise = [&] {
    state = state * 1664525u + 1013904223u;
    return 2.0 * (2.0 * (static_cast<double>(state >> 8) / 16777216.0) - 1.0);
  };
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    Pose p = standing_2d();
    for (auto& [name, pos] : p) pos = {pos.x + 300 + noise(), pos.y + 200 + noise()};
    put(seq, f, p);
  }
  EXPECT_TRUE(merged_leg_frames(seq).empty());
  // Without the guard that the knees stand apart, the noise is taken for merged legs.
  MergedLegsOptions o;
  o.min_apart = 0.0;
  EXPECT_FALSE(merged_leg_frames(seq, o).empty());
}

// The pose model in a chaotic second: legs swapped, merged, swapped again, one frame right between. Read
// with the frames around them, every knee angle is within 2 deg of the true one; without the repair, the
// merged frames read the knees tens of degrees off.
TEST(MergedLegs, ASecondOfSwappedAndMergedFramesReadsTheKneesRight) {
  const LandmarkSequence truth = split_squat(250);
  LandmarkSequence seq = truth;
  swap_legs(seq, {26, 28, 29, 34, 36, 37, 41});
  for (std::size_t f : {27u, 30u, 32u, 35u, 38u, 39u, 42u}) merge(seq, f);
  AngleOptions ao = opts_angles({"left_knee_flexion", "right_knee_flexion"});
  const auto want = compute_angles(truth, ao);
  ASSERT_TRUE(want);
  const auto got = compute_angles(seq, ao);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->report.merged_leg_frames, (std::vector<std::size_t>{27, 30, 32, 35, 38, 39, 42}));
  for (std::size_t f = 0; f < truth.n_frames(); ++f)
    for (const char* k : {"left_knee_flexion", "right_knee_flexion"})
      ASSERT_NEAR(knee(*got, k, f), knee(*want, k, f), 2.0) << k << " frame " << f;
  ao.repair_merged_legs = false;
  const auto raw = compute_angles(seq, ao);
  ASSERT_TRUE(raw);
  double worst = 0.0;
  for (std::size_t f : {27u, 30u, 32u, 35u, 38u, 39u, 42u})
    for (const char* k : {"left_knee_flexion", "right_knee_flexion"})
      worst = std::max(worst, std::fabs(knee(*raw, k, f) - knee(*want, k, f)));
  EXPECT_GT(worst, 5.0);
}

// The labels are judged where they are given (the picture), and the measured sequence is read with them.
TEST(MergedLegs, LabelsAreJudgedOnTheSequenceGiven) {
  const LandmarkSequence truth = split_squat(150);
  LandmarkSequence picture = truth;
  swap_legs(picture, {60, 61, 62});
  AngleOptions ao = opts_angles({"left_knee_flexion", "right_knee_flexion"});
  const auto own = compute_angles(truth, ao);
  ASSERT_TRUE(own);
  EXPECT_TRUE(own->report.swapped_leg_frames.empty());
  ao.labels_from = &picture;
  const auto judged = compute_angles(truth, ao);
  ASSERT_TRUE(judged);
  EXPECT_EQ(judged->report.swapped_leg_frames, (std::vector<std::size_t>{60, 61, 62}));
  // The truth read swapped in those frames: its left knee there is the right one.
  EXPECT_NEAR(knee(*judged, "left_knee_flexion", 61), knee(*own, "right_knee_flexion", 61), 1e-6);
  EXPECT_NEAR(knee(*judged, "left_knee_flexion", 59), knee(*own, "left_knee_flexion", 59), 1e-6);
}

}  // namespace
}  // namespace physio::kin::test
