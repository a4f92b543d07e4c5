// Left/right swap detection and repair on synthetic walking (side view, 2D) and squatting (3D) sequences.

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "angles_test_util.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/angles/label_window.hpp"
#include "kinematics/angles/swaps.hpp"

namespace physio::kin::test {
namespace {

constexpr double kRepairTol = 1e-6;

// Deterministic noise in [-a, a].
struct Noise {
  std::uint32_t s = 12345;
  double operator()(double a) {
    s = s * 1664525u + 1013904223u;
    return a * (2.0 * (static_cast<double>(s >> 8) / 16777216.0) - 1.0);
  }
};

// Walking to the right across a 1280x720 image, 30 fps, one stride per second; legs and arms in
// anti-phase; 0.5 px of landmark noise.
LandmarkSequence walking(std::size_t n) {
  LandmarkSequence seq = make_sequence(CoordSpace::kImagePixels, n);
  Noise noise;
  const double pi = 3.14159265358979;
  for (std::size_t f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / 30.0;
    Pose p;
    const P hip{200 + 150 * t, 300};
    for (int side = 0; side < 2; ++side) {
      const std::string s = side == 0 ? "right_" : "left_";
      const double ph = 2 * pi * t + (side == 0 ? 0.0 : pi);
      const double thigh = 25 * std::sin(ph) * pi / 180;
      const double knee = (30 + 30 * std::sin(ph - pi / 2)) * pi / 180;
      const double shank = thigh - knee;
      P kn{hip.x + 90 * std::sin(thigh), hip.y + 90 * std::cos(thigh)};
      P an{kn.x + 90 * std::sin(shank), kn.y + 90 * std::cos(shank)};
      p[s + "hip"] = hip;
      p[s + "knee"] = kn;
      p[s + "ankle"] = an;
      p[s + "heel"] = {an.x - 10, an.y + 10};
      p[s + "foot_index"] = {an.x + 30, an.y + 10};
      const double arm = -20 * std::sin(ph) * pi / 180;
      P sh{hip.x, hip.y - 110};
      P el{sh.x + 60 * std::sin(arm), sh.y + 60 * std::cos(arm)};
      p[s + "shoulder"] = sh;
      p[s + "elbow"] = el;
      p[s + "wrist"] = {el.x + 55 * std::sin(arm + 0.3), el.y + 55 * std::cos(arm + 0.3)};
      p[s + "index"] = {el.x + 70 * std::sin(arm + 0.3), el.y + 70 * std::cos(arm + 0.3)};
      p[s + "ear"] = {sh.x - 5, sh.y - 45};
    }
    p["nose"] = {hip.x + 12, 150};
    for (auto& [k, v] : p) v = {v.x + noise(0.5), v.y + noise(0.5)};
    put(seq, f, p);
  }
  return seq;
}

// Squatting seen from the front in 3D (OpenSim axes): legs 0.2 m apart, knees going out a little.
LandmarkSequence squatting_3d(std::size_t n) {
  LandmarkSequence seq = make_sequence(CoordSpace::kWorldMetres, n, 60.0);
  Noise noise;
  for (std::size_t f = 0; f < n; ++f) {
    const double d = 0.5 * (1 - std::cos(2 * 3.14159265358979 * static_cast<double>(f) / 120.0));
    Pose p;
    for (double s : {-1.0, 1.0}) {
      const std::string side = s > 0 ? "right_" : "left_";
      const double hip_y = 0.9 - 0.35 * d, z = 0.1 * s;
      p[side + "hip"] = {-0.2 * d, hip_y, z};
      p[side + "knee"] = {0.15 * d, 0.5 - 0.05 * d, z + 0.05 * s * d};
      p[side + "ankle"] = {0, 0.1, z};
      p[side + "heel"] = {-0.05, 0.05, z};
      p[side + "foot_index"] = {0.15, 0.05, z};
      p[side + "shoulder"] = {0.1 * d, hip_y + 0.5, 0.18 * s};
      p[side + "elbow"] = {0.3, hip_y + 0.5, 0.18 * s};
      p[side + "wrist"] = {0.55, hip_y + 0.5, 0.18 * s};
      p[side + "index"] = {0.65, hip_y + 0.5, 0.18 * s};
    }
    for (auto& [k, v] : p) v = {v.x + noise(0.003), v.y + noise(0.003), v.z + noise(0.003)};
    put(seq, f, p);
  }
  return seq;
}

void swap_frames(LandmarkSequence& seq, const std::vector<std::size_t>& frames, bool legs) {
  SwapReport r;
  (legs ? r.leg_frames : r.arm_frames) = frames;
  apply_swaps(seq, r);
}

void expect_equal(const LandmarkSequence& a, const LandmarkSequence& b) {
  ASSERT_EQ(a.data().size(), b.data().size());
  for (std::size_t i = 0; i < a.data().size(); ++i) {
    const Landmark &la = a.data()[i], &lb = b.data()[i];
    ASSERT_EQ(la.missing(), lb.missing()) << i;
    if (la.missing()) continue;  // landmarks the synthetic body does not place
    ASSERT_NEAR(la.x, lb.x, kRepairTol) << i;
    ASSERT_NEAR(la.y, lb.y, kRepairTol) << i;
  }
}

TEST(Swaps, WalkingWithoutSwapsHasNoFalsePositives) {
  LandmarkSequence seq = walking(300);
  SwapReport r = detect_swaps(seq);
  EXPECT_TRUE(r.leg_frames.empty()) << r.leg_frames.size() << " leg frames, first " << r.leg_frames[0];
  EXPECT_TRUE(r.arm_frames.empty());
}

// Swapped frames are chosen away from the instants where the legs cross (t = k/2 s, frames 15k), where
// a swap changes nothing.
TEST(Swaps, WalkingLegSwapsAreFoundAndRepaired) {
  const LandmarkSequence original = walking(300);
  LandmarkSequence seq = original;
  const std::vector<std::size_t> swapped = {37, 38, 52, 113, 114, 115, 116, 187, 250, 251};
  swap_frames(seq, swapped, true);

  auto angles_before = compute_angles(seq);
  ASSERT_TRUE(angles_before);
  EXPECT_EQ(angles_before->report.swapped_leg_frames, swapped);
  auto angles_original = compute_angles(original);
  ASSERT_TRUE(angles_original);
  // compute_angles reads the swapped frames swapped back: the same angles as the original.
  for (std::size_t k = 0; k < angles_original->n_angles(); ++k)
    for (std::size_t f : swapped) {
      const double got = angles_before->columns[k][f], want = angles_original->columns[k][f];
      if (std::isnan(want)) {  // undefined in the original (a side-view pelvis axis): undefined too
        EXPECT_TRUE(std::isnan(got)) << angles_original->names[k];
        continue;
      }
      EXPECT_NEAR(got, want, 1e-6) << angles_original->names[k];
    }

  SwapReport r = repair_swaps(seq);
  EXPECT_EQ(r.leg_frames, swapped);
  EXPECT_TRUE(r.arm_frames.empty());
  expect_equal(seq, original);
  EXPECT_TRUE(detect_swaps(seq).leg_frames.empty());
}

TEST(Swaps, WalkingArmSwapsAreFound) {
  const LandmarkSequence original = walking(300);
  LandmarkSequence seq = original;
  const std::vector<std::size_t> swapped = {22, 23, 24, 98, 160};
  swap_frames(seq, swapped, false);
  SwapReport r = repair_swaps(seq);
  EXPECT_EQ(r.arm_frames, swapped);
  EXPECT_TRUE(r.leg_frames.empty());
  expect_equal(seq, original);
}

TEST(Swaps, SwapAtTheStartIsAttributedToTheShortRun) {
  const LandmarkSequence original = walking(120);
  LandmarkSequence seq = original;
  const std::vector<std::size_t> swapped = {0, 1, 2, 3, 4, 5};
  swap_frames(seq, swapped, true);
  SwapReport r = repair_swaps(seq);
  EXPECT_EQ(r.leg_frames, swapped);
  expect_equal(seq, original);
}

TEST(Swaps, Squatting3dSwapsAreFoundAndRepaired) {
  const LandmarkSequence original = squatting_3d(240);
  EXPECT_TRUE(detect_swaps(original).leg_frames.empty());
  EXPECT_TRUE(detect_swaps(original).arm_frames.empty());
  LandmarkSequence seq = original;
  const std::vector<std::size_t> swapped = {10, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 200};
  swap_frames(seq, swapped, true);
  SwapReport r = repair_swaps(seq);
  EXPECT_EQ(r.leg_frames, swapped);
  expect_equal(seq, original);
}

TEST(Swaps, MissingLandmarksDoNotTriggerSwaps) {
  LandmarkSequence seq = walking(100);
  const auto knee = static_cast<std::size_t>(seq.skeleton().index_of("left_knee"));
  for (std::size_t f = 40; f < 45; ++f) {
    Landmark& l = seq.at(f, knee);
    l.x = l.y = l.z = std::nanf("");
  }
  EXPECT_TRUE(detect_swaps(seq).leg_frames.empty());
}

// The real split squat clip: the pose model's first frame has the legs the other way round from every frame
// after it, and a later stretch the tracker cannot follow (the legs merged and swapped back and forth)
// restarts the chain with the model's labels. The first frame alone is the odd one, not the frames between
// it and that stretch (before, frames 1-22 were "repaired" into the wrong labels: the rear knee read as the
// front one, so the lunge, under way at the start, looked like a start from rest).
TEST(Swaps, AnOddFirstFrameIsTheSwappedOne) {
  const LandmarkSequence original = walking(120);
  LandmarkSequence seq = original;
  swap_frames(seq, {0}, true);
  // Nothing to follow for two frames: the chain starts again after them.
  for (std::size_t f = 30; f < 32; ++f)
    for (std::size_t i = 0; i < seq.n_landmarks(); ++i) {
      Landmark& l = seq.at(f, i);
      l.x = l.y = l.z = std::nanf("");
    }
  LandmarkSequence want = seq;
  swap_frames(want, {0}, true);
  SwapReport r = repair_swaps(seq);
  EXPECT_EQ(r.leg_frames, std::vector<std::size_t>{0});
  expect_equal(seq, want);
  // Only the first frame is a tracker's start: a swap after two frames that agree is the swap.
  LandmarkSequence later = original;
  const std::vector<std::size_t> run = {2, 3, 4, 5, 6, 7, 8, 9, 10};
  swap_frames(later, run, true);
  EXPECT_EQ(detect_swaps(later).leg_frames, run);
}

// Live analysis reads each frame as it comes: the label window hands each frame out 0.5 s later or more,
// repaired as the recording's repair repairs it. On the walk with legs swapped in 11 frames (the first one
// among them) and arms in 5, every frame comes out as the recording's repair reads it, in order: the swaps
// undone, and the frames where the legs cross (merged_legs.hpp) read between their neighbours, within 2 px of
// the truth (of a 90 px shank).
TEST(Swaps, TheLabelWindowRepairsAsTheRecordingDoes) {
  const LandmarkSequence original = walking(300);
  LandmarkSequence seq = original;
  swap_frames(seq, {0, 37, 38, 52, 113, 114, 115, 116, 187, 250, 251}, true);
  swap_frames(seq, {22, 23, 24, 98, 160}, false);
  LabelWindow window(seq.skeleton_ptr(), seq.space(), seq.space(), seq.image_width, seq.image_height);
  std::vector<LabelWindow::Ready> out;
  LabelWindow::Ready r;
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    window.push(seq.times()[f], seq.frame(f), seq.frame(f));
    while (window.pop(r)) {
      // handed out once 0.5 s of later frames is in
      ASSERT_GE(seq.times()[f] - r.t, 500'000) << "frame " << out.size();
      out.push_back(r);
    }
  }
  window.finish();
  while (window.pop(r)) out.push_back(r);
  ASSERT_EQ(out.size(), seq.n_frames());
  LandmarkSequence batch = seq;
  repair_labels(batch);
  for (std::size_t f = 0; f < out.size(); ++f) {
    ASSERT_EQ(out[f].t, original.times()[f]);
    const auto want = batch.frame(f);
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!want[i].missing()) {
        ASSERT_NEAR(want[i].x, original.frame(f)[i].x, 2.0) << "frame " << f << " landmark " << i;
        ASSERT_NEAR(want[i].y, original.frame(f)[i].y, 2.0) << "frame " << f << " landmark " << i;
      }
    for (std::size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(out[f].measured[i].missing(), want[i].missing()) << "frame " << f << " landmark " << i;
      if (want[i].missing()) continue;
      ASSERT_NEAR(out[f].measured[i].x, want[i].x, kRepairTol) << "frame " << f << " landmark " << i;
      ASSERT_NEAR(out[f].measured[i].y, want[i].y, kRepairTol) << "frame " << f << " landmark " << i;
      // the judged landmarks as given
      ASSERT_EQ(out[f].judged[i].x, seq.frame(f)[i].x);
    }
  }
}

}  // namespace
}  // namespace physio::kin::test
