#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "exercise/segmentation.hpp"
#include "synthetic_angles.hpp"

namespace physio::exercise {
namespace {

using test::kRate;
using test::make_reps;
using test::SynthRep;

// The per-frame state machine fed a smoothed series frame by frame, as the live analyser feeds it.
std::vector<RepBounds> run_state_machine(std::span<const double> smoothed, const Thresholds& th) {
  RepSegmenter sm(th, kRate, 0.4);
  std::vector<RepBounds> out;
  for (double x : smoothed)
    if (auto r = sm.push(x)) out.push_back(*r);
  if (auto r = sm.finish()) out.push_back(*r);
  return out;
}

constexpr double kTolFrames = 6.0;  // boundary tolerance (0.2 s at 30 Hz)

TEST(ExerciseSegmentation, CountsNoisyRepetitions) {
  std::vector<SynthRep> reps(8, SynthRep{2.0, 90.0, 0.8});
  auto v = make_reps(reps, kRate, 5.0, 3.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg) << seg.error().to_string();
  EXPECT_EQ(seg->count(), 8u);
  for (const auto& r : seg->reps) EXPECT_FALSE(r.partial);
}

TEST(ExerciseSegmentation, BoundariesAndPeakNearTruth) {
  std::vector<SynthRep> reps(3, SynthRep{3.0, 60.0, 2.0});
  auto v = make_reps(reps, kRate, 0.0, 0.5, 1.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  ASSERT_EQ(seg->count(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    double start = (1.0 + 5.0 * static_cast<double>(k)) * kRate;
    EXPECT_NEAR(static_cast<double>(seg->reps[k].start), start, kTolFrames) << k;
    EXPECT_NEAR(static_cast<double>(seg->reps[k].peak), start + 1.5 * kRate, kTolFrames) << k;
    EXPECT_NEAR(static_cast<double>(seg->reps[k].end), start + 3.0 * kRate, kTolFrames) << k;
  }
}

TEST(ExerciseSegmentation, PausesAndSpeedChanges) {
  std::vector<SynthRep> reps = {{1.2, 80, 0.2}, {5.0, 85, 6.0},  {1.5, 90, 0.0}, {3.0, 80, 3.0},
                                {0.9, 85, 0.5}, {6.0, 90, 10.0}, {2.0, 88, 1.0}};
  auto v = make_reps(reps, kRate, 10.0, 2.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), reps.size());
}

TEST(ExerciseSegmentation, PartialRepetitionsAreReportedNotCounted) {
  std::vector<SynthRep> reps = {{2, 90, 1}, {2, 31, 1}, {2, 90, 1}, {2, 90, 1}, {2, 38, 1}, {2, 92, 1}};
  auto v = make_reps(reps, kRate, 0.0, 2.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 4u);
  std::size_t partial = 0;
  for (const auto& r : seg->reps) partial += r.partial ? 1 : 0;
  EXPECT_EQ(partial, 2u);
}

TEST(ExerciseSegmentation, RestLevelChangesBetweenRepetitions) {
  // Six repetitions to 90 deg; after the second the person rests 20 deg higher for three of them
  // (the global exit threshold, rest + 20 % of the range = 18 deg, is then never reached between them).
  std::vector<double> v;
  std::vector<SynthRep> low(2, SynthRep{2.0, 90.0, 1.0}), high(3, SynthRep{2.0, 70.0, 1.0});
  auto a = make_reps(low, kRate, 0.0, 1.0, 1.0, 1);
  auto b = make_reps(high, kRate, 20.0, 1.0, 1.0, 2);
  auto c = make_reps({SynthRep{2.0, 90.0, 1.0}}, kRate, 0.0, 1.0, 1.0, 3);
  v.insert(v.end(), a.begin(), a.end());
  for (int i = 1; i <= 15; ++i) v.push_back(20.0 * i / 15.0);  // posture change during the pause
  v.insert(v.end(), b.begin(), b.end());
  v.insert(v.end(), c.begin(), c.end());
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 6u);
}

TEST(ExerciseSegmentation, SecondDipOfAReturnIsNotARepetition) {
  // 0 -> 90 -> 15 -> 30 -> 0: the bump while returning moves 15 deg (< the 27 deg start distance).
  std::vector<double> v(30, 0.0);
  auto seg_to = [&](double from, double to, int n) { test::append_ramp(v, from, to, n); };
  for (int r = 0; r < 4; ++r) {
    seg_to(0, 90, 30);
    seg_to(90, 15, 25);
    seg_to(15, 30, 12);
    seg_to(30, 0, 12);
    v.insert(v.end(), 30, 0.0);
  }
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 4u);
  EXPECT_EQ(seg->reps.size(), 4u);  // no partial repetitions either
}

TEST(ExerciseSegmentation, IncompleteReturnsBetweenRepetitions) {
  // A tiring person: five repetitions 0 -> 90 deg, the middle returns stop at 35 deg (61 % of the way
  // back, above the exit level of 18 deg) before the next one starts. Each fall and rise of at least the
  // start distance (27 deg) is a repetition of its own; a 15 deg wobble at the top is not.
  std::vector<double> v(30, 0.0);
  auto seg_to = [&](double from, double to, int n) { test::append_ramp(v, from, to, n); };
  seg_to(0, 90, 30);
  for (int r = 0; r < 4; ++r) {
    seg_to(90, 35, 25);
    seg_to(35, 90, 25);
  }
  seg_to(90, 75, 10);  // wobble at the top of the last one
  seg_to(75, 90, 10);
  seg_to(90, 0, 30);
  v.insert(v.end(), 30, 0.0);
  std::mt19937 rng(3);
  std::normal_distribution<double> nd(0.0, 1.0);
  for (double& x : v) x += nd(rng);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 5u);
  ASSERT_EQ(seg->reps.size(), 5u);
  // Each repetition ends where the next starts, at the bottom of the incomplete return (frames 55 + 50 k).
  for (std::size_t k = 0; k + 1 < seg->reps.size(); ++k) {
    EXPECT_EQ(seg->reps[k].end, seg->reps[k + 1].start);
    EXPECT_NEAR(static_cast<double>(seg->reps[k].end), 84.0 + 50.0 * static_cast<double>(k), 3.0) << k;
  }
}

TEST(ExerciseSegmentation, MomentaryDropoutAtTheTopSplitsNothing) {
  // Three repetitions 0 -> 90 deg; in each, a tracking dropout pulls the angle down to 40 deg and back
  // within 0.3 s near the top (Kinect-like). The fall and rise exceed the start distance, but the second
  // "movement" follows the first by less than the minimum repetition duration: one repetition each.
  std::vector<double> v(30, 0.0);
  auto seg_to = [&](double from, double to, int n) { test::append_ramp(v, from, to, n); };
  for (int r = 0; r < 3; ++r) {
    seg_to(0, 90, 30);
    seg_to(90, 40, 3);
    seg_to(40, 95, 4);
    seg_to(95, 0, 30);
    v.insert(v.end(), 30, 0.0);
  }
  SegmentationOptions o;
  o.min_rep_s = 0.75;  // 0.5 x a 1.5 s tempo minimum, as analyse_exercise sets it
  auto seg = segment_reps(v, kRate, Direction::kIncrease, o);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 3u);
  EXPECT_EQ(seg->reps.size(), 3u);
}

TEST(ExerciseSegmentation, DecreasingDirection) {
  std::vector<SynthRep> reps(5, SynthRep{2.0, -50.0, 1.0});
  auto v = make_reps(reps, kRate, 0.0, 1.5);
  auto seg = segment_reps(v, kRate, Direction::kDecrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 5u);
  // Wrong direction: the rest level is taken as the movement, so the count is not the truth.
  auto wrong = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(wrong);
  EXPECT_NE(wrong->reps.size(), 0u);
}

TEST(ExerciseSegmentation, StillPersonHasNoRepetitions) {
  auto v = make_reps({}, kRate, 20.0, 2.0, 20.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->reps.size(), 0u);
  EXPECT_FALSE(seg->warnings.empty());
}

TEST(ExerciseSegmentation, GapsDoNotBreakCounting) {
  std::vector<SynthRep> reps(6, SynthRep{2.5, 70.0, 1.0});
  auto v = make_reps(reps, kRate, 0.0, 1.0);
  for (std::size_t i = 100; i < 106; ++i) v[i] = std::nan("");
  for (std::size_t i = 300; i < 303; ++i) v[i] = std::nan("");
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 6u);
}

// The person is lost mid-repetition (followed person out of view, demo.mp4 at 5.53 s) and the recording
// goes on for 2 s without them: the partial repetition ends where the data ends, not at the end of the
// recording (found by use: "3.27-7.63 s" for a series whose last landmarks were at 5.53 s).
TEST(ExerciseSegmentation, ARepetitionCutOffByLostDataEndsWithTheData) {
  std::vector<SynthRep> reps(3, SynthRep{2.0, 80.0, 1.0});
  auto v = make_reps(reps, kRate, 0.0, 1.0);
  // Cut the third repetition on its way up (a quarter of it in), then 2 s with nobody.
  const std::size_t third = static_cast<std::size_t>(std::lround((1.0 + 2 * 3.0) * kRate));
  const std::size_t last = third + static_cast<std::size_t>(std::lround(0.5 * kRate));
  v.resize(last + 1);
  v.insert(v.end(), static_cast<std::size_t>(2.0 * kRate), std::nan(""));
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg) << seg.error().to_string();
  ASSERT_EQ(seg->reps.size(), 3u);
  EXPECT_EQ(seg->count(), 2u);
  EXPECT_TRUE(seg->reps.back().partial);
  EXPECT_LE(seg->reps.back().end, last);
}

TEST(ExerciseSegmentation, HoldsHaveDuration) {
  // Two stretches held 20 s and 12 s.
  std::vector<SynthRep> reps = {{3.0, 40.0, 5.0, 20.0}, {3.0, 42.0, 5.0, 12.0}};
  auto v = make_reps(reps, kRate, 0.0, 0.8);
  SegmentationOptions o;
  o.min_rep_s = 5.0;
  auto seg = segment_reps(v, kRate, Direction::kIncrease, o);
  ASSERT_TRUE(seg);
  ASSERT_EQ(seg->count(), 2u);
  double d0 = static_cast<double>(seg->reps[0].end - seg->reps[0].start) / kRate;
  // 3 s of movement + 20 s hold; the boundaries include up to 0.5 s of settling at each end.
  EXPECT_NEAR(d0, 23.0, 1.5);
}

TEST(ExerciseSegmentation, PeriodicityFallbackFindsPeriodAndCount) {
  std::vector<SynthRep> reps(10, SynthRep{2.0, 60.0, 1.0});
  auto main_angle = make_reps(reps, kRate, 10.0, 2.0);
  std::vector<double> other(main_angle.size());
  for (std::size_t i = 0; i < other.size(); ++i) other[i] = 5.0 + 0.02 * static_cast<double>(i % 17);
  std::vector<std::vector<double>> cols = {other, main_angle};
  std::vector<std::string> names = {"trunk", "right_knee_flexion"};
  auto seg = segment_by_periodicity(cols, names, kRate);
  ASSERT_TRUE(seg) << seg.error().to_string();
  EXPECT_EQ(seg->angle, "right_knee_flexion");
  EXPECT_NEAR(seg->period_s, 3.0, 0.15);
  EXPECT_EQ(seg->count(), 10u);
  EXPECT_EQ(seg->method, "periodicity");
}

TEST(ExerciseSegmentation, IncrementalMatchesBatch) {
  std::vector<SynthRep> reps(4, SynthRep{2.0, 80.0, 1.0});
  auto v = make_reps(reps, kRate, 0.0, 2.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  auto s = smooth_for_segmentation(v, kRate, 3.0);
  ASSERT_TRUE(s);
  const std::vector<RepBounds> live = run_state_machine(*s, seg->thresholds);
  ASSERT_EQ(live.size(), seg->reps.size());
  for (std::size_t k = 0; k < live.size(); ++k) {
    EXPECT_EQ(live[k].start, seg->reps[k].start);
    EXPECT_EQ(live[k].end, seg->reps[k].end);
  }
}

TEST(ExerciseSegmentation, RejectsBadInput) {
  std::vector<double> v = {1.0};
  EXPECT_FALSE(segment_reps(v, kRate, Direction::kIncrease));
  std::vector<double> w(100, 1.0);
  EXPECT_FALSE(segment_reps(w, 0.0, Direction::kIncrease));
}

// Repetitions from the person's own rest. A clip that starts with the arms overhead (a movement under way
// at the first frame, mid-range) holds a partial repetition, not a complete one; the repetitions after it
// count. (The seated shoulder abduction clip that starts overhead was counted 7 for 6.)
TEST(ExerciseSegmentation, AMovementUnderWayAtTheFirstFrameIsPartial) {
  std::vector<double> v;
  // From the top (80 deg above rest) down to rest over 1 s, then 2 s at rest.
  test::append_ramp(v, 90.0, 10.0, 30);
  v.insert(v.end(), 60, 10.0);
  // Two whole repetitions from rest.
  const auto rest = make_reps({{2.0, 80.0, 0.5}, {2.0, 80.0, 0.5}}, kRate, 10.0, 0.0, 0.0);
  v.insert(v.end(), rest.begin(), rest.end());
  v.insert(v.end(), 30, 10.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg) << seg.error().to_string();
  EXPECT_EQ(seg->count(), 2u);
  ASSERT_EQ(seg->reps.size(), 3u);
  EXPECT_TRUE(seg->reps[0].partial);
  EXPECT_TRUE(seg->reps[0].cut_at_start);
  EXPECT_EQ(seg->reps[0].start, 0u);
  EXPECT_FALSE(seg->reps[1].cut_at_start);
  // The same rising from mid-range (it began before the recording) is partial too.
  std::vector<double> w;
  test::append_ramp(w, 50.0, 90.0, 15);
  test::append_ramp(w, 90.0, 10.0, 30);
  w.insert(w.end(), 60, 10.0);
  w.insert(w.end(), rest.begin(), rest.end());
  w.insert(w.end(), 30, 10.0);
  auto seg2 = segment_reps(w, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg2);
  EXPECT_EQ(seg2->count(), 2u);
  ASSERT_FALSE(seg2->reps.empty());
  EXPECT_TRUE(seg2->reps[0].cut_at_start);
}

// The lateral raise clip that starts with the arms up: the tracker's first frame puts them low (63 deg
// against 114 four frames later), so the first value alone is not past mid-range; the way out lasts a few
// frames, under half of the shortest excursion that is not noise: it was not recorded, and the repetition is
// partial (it was counted 3 for 2). One from rest at the first frame, out over 1 s, counts.
TEST(ExerciseSegmentation, AMovementWhoseWayOutIsNotRecordedIsPartial) {
  std::vector<double> v;
  v.push_back(30.0);                     // the tracker's first frame
  v.push_back(90.0);                     // the top at the next
  test::append_ramp(v, 90.0, 10.0, 60);  // lowered over 2 s
  v.insert(v.end(), 60, 10.0);
  const auto rest = make_reps({{2.0, 80.0, 0.5}, {2.0, 80.0, 0.5}}, kRate, 10.0, 0.0, 0.0);
  v.insert(v.end(), rest.begin(), rest.end());
  v.insert(v.end(), 30, 10.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg) << seg.error().to_string();
  EXPECT_EQ(seg->count(), 2u);
  ASSERT_EQ(seg->reps.size(), 3u);
  EXPECT_TRUE(seg->reps[0].cut_at_start) << "start " << seg->reps[0].start << ", peak " << seg->reps[0].peak;
  EXPECT_TRUE(seg->reps[0].partial);
  const auto from_rest = make_reps({{2.0, 80.0, 0.5}, {2.0, 80.0, 0.5}}, kRate, 10.0, 0.0, 0.0);
  auto seg2 = segment_reps(from_rest, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg2) << seg2.error().to_string();
  EXPECT_EQ(seg2->count(), 2u);
  for (const auto& r : seg2->reps) EXPECT_FALSE(r.cut_at_start);
}

// One repetition with a short rest at each end (a 2.2 s clip of a single lateral raise) is complete.
TEST(ExerciseSegmentation, ASingleRepetitionWithAShortRestAtEachEndCounts) {
  const auto v = make_reps({{1.8, 80.0, 0.2}}, kRate, 10.0, 0.0, 0.2);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->count(), 1u);
  ASSERT_EQ(seg->reps.size(), 1u);
  EXPECT_FALSE(seg->reps[0].partial);
  EXPECT_FALSE(seg->reps[0].cut_at_start);
}

// The side-lying hip abduction clip flipped left to right: 1.4 s at rest before the first repetition, and
// the first frame 5 deg under that rest (the pose tracker's first frame, at the low-pass filter's edge). The
// first frame alone held the stay's lowest value, so the repetition started there, as if under way at the
// first frame, and the set was refused. A rest of 0.5 s or more before the first repetition is read without
// its first frame; a first frame that is a turning point, the series rising from it at once, still starts
// the repetition (the balancing clip's wobble).
TEST(ExerciseSegmentation, ALongFirstRestStartsItsRepetitionAfterTheFirstFrame) {
  auto v = make_reps({{2.0, 60.0, 1.0}}, kRate, 8.0, 0.0, 1.4);
  v[0] = 3.0;
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  ASSERT_EQ(seg->reps.size(), 1u);
  EXPECT_EQ(seg->count(), 1u);
  EXPECT_FALSE(seg->reps[0].cut_at_start);
  EXPECT_GT(seg->reps[0].start, 0u);

  auto w = make_reps({{2.0, 60.0, 1.0}}, kRate, 8.0, 0.0, 0.0);
  w[0] = 3.0;
  auto turning = segment_reps(w, kRate, Direction::kIncrease);
  ASSERT_TRUE(turning);
  ASSERT_EQ(turning->reps.size(), 1u);
  EXPECT_EQ(turning->reps[0].start, 0u);

  // Without the low first frame the long rest's repetition starts where it did: after the rest.
  auto u = make_reps({{2.0, 60.0, 1.0}}, kRate, 8.0, 0.0, 1.4);
  auto plain = segment_reps(u, kRate, Direction::kIncrease);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->reps.size(), 1u);
  EXPECT_NEAR(static_cast<double>(plain->reps[0].start), static_cast<double>(seg->reps[0].start), kTolFrames);
}

// A recording that starts a quarter of the way out of a repetition, moving at close to its fastest: under the
// start level and nearer rest than the start fraction, so only its speed at the first frame says it was under
// way (the wall push-up clip at 15 frames/s: counted 5 for 4). Partial; the same set from rest counts both.
TEST(ExerciseSegmentation, AMovementLeavingTheFirstFrameAtSpeedIsPartial) {
  const auto whole = make_reps({{2.0, 60.0, 1.0}, {2.0, 60.0, 1.0}}, kRate, 10.0, 0.0, 1.0);
  const std::size_t lead = 30, quarter = 10;  // 1 s at rest; 10 of the 30 frames of the way out: 25 %
  const std::vector<double> late(whole.begin() + static_cast<std::ptrdiff_t>(lead + quarter), whole.end());
  auto seg = segment_reps(late, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  ASSERT_EQ(seg->reps.size(), 2u);
  EXPECT_TRUE(seg->reps[0].cut_at_start);
  EXPECT_TRUE(seg->reps[0].partial);
  EXPECT_EQ(seg->count(), 1u);

  const std::vector<double> from_rest(whole.begin() + static_cast<std::ptrdiff_t>(lead), whole.end());
  auto rest = segment_reps(from_rest, kRate, Direction::kIncrease);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->count(), 2u);
  ASSERT_FALSE(rest->reps.empty());
  EXPECT_FALSE(rest->reps[0].cut_at_start);
}

// The wall push-up clip that starts close to the wall: at the first frame the elbows are already 45 % of
// the way from this person's rest to the set's top, flexing further, and the person is never seen at rest
// before that first movement; under the mid-range level, but past the start fraction (30 %) of its own
// excursion, so the crossing that starts a repetition was before the recording: partial (counted 5 for 4).
// The same set starting 20 % of the way out (a rest above the usual level, nearer than the start fraction)
// counts it. The per-frame state machine, as the live analyser feeds it, agrees.
TEST(ExerciseSegmentation, AFirstMovementNeverSeenAtRestIsPartial) {
  const auto reps =
      make_reps({{2.0, 100.0, 0.5}, {2.0, 100.0, 0.5}, {2.0, 100.0, 0.5}}, kRate, 20.0, 0.0, 0.0);
  auto starting_at = [&](double first) {
    std::vector<double> v;
    test::append_ramp(v, first, 130.0, 18);  // on the way out at the first frame
    test::append_ramp(v, 130.0, 20.0, 24);   // back to rest
    v.insert(v.end(), 20, 20.0);
    v.insert(v.end(), reps.begin(), reps.end());
    v.insert(v.end(), 20, 20.0);
    return v;
  };
  for (const auto& [first, under_way] : {std::pair{65.0, true}, std::pair{40.0, false}}) {
    SCOPED_TRACE("first value " + std::to_string(first));
    const auto v = starting_at(first);
    auto seg = segment_reps(v, kRate, Direction::kIncrease);
    ASSERT_TRUE(seg) << seg.error().to_string();
    ASSERT_EQ(seg->reps.size(), 4u);
    EXPECT_EQ(seg->reps[0].cut_at_start, under_way);
    EXPECT_EQ(seg->reps[0].partial, under_way);
    EXPECT_EQ(seg->count(), under_way ? 3u : 4u);
    for (std::size_t k = 1; k < seg->reps.size(); ++k) EXPECT_FALSE(seg->reps[k].cut_at_start);
    auto s = smooth_for_segmentation(v, kRate, SegmentationOptions{}.smooth_cutoff_hz);
    ASSERT_TRUE(s);
    const std::vector<RepBounds> live = run_state_machine(*s, seg->thresholds);
    ASSERT_EQ(live.size(), seg->reps.size());
    EXPECT_EQ(live[0].cut_at_start, under_way);
  }
}

// A person who holds still part of the way out from the start (the live page holds a clip's first frame, the
// man close to the wall, for seconds before the clip moves) is never seen at rest before the movement that
// follows: it is partial, though the hold itself ends as an excursion of its own. The repetitions after it,
// from rest, count.
// Each repetition knows where the pause at rest before it began (RepBounds::rest_from): the previous
// movement's end; the first one has none counted (its own start), since the recording's opening frames
// show no pause of the set's rhythm. Batch and frame by frame alike.
TEST(ExerciseSegmentation, EachRepetitionKnowsThePauseBeforeIt) {
  const std::vector<SynthRep> reps = {{1.5, 80, 0.6}, {1.5, 80, 1.2}, {1.5, 80, 0.0}, {1.5, 80, 1.0}};
  auto v = make_reps(reps, kRate, 5.0, 0.5, 2.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg);
  ASSERT_EQ(seg->reps.size(), 4u);
  EXPECT_EQ(seg->reps[0].rest_from, seg->reps[0].start);
  for (std::size_t k = 1; k < 4; ++k) {
    EXPECT_EQ(seg->reps[k].rest_from, seg->reps[k - 1].end) << k;
    EXPECT_LE(seg->reps[k].rest_from, seg->reps[k].start) << k;
  }
  // The pauses as the boundaries place them: a repetition ends at the lowest point of its return within
  // the 0.5 s it takes to settle, so part of a pause may fall inside the repetition before it; the time
  // from one end to the next (pause and movement) is what the rhythm reads. The 1.2 s pause is most of
  // it; after the third there is none.
  const auto pause = [&](std::size_t k) {
    return static_cast<double>(seg->reps[k].start - seg->reps[k].rest_from) / kRate;
  };
  EXPECT_GE(pause(1), 0.0);
  EXPECT_GE(pause(2), 0.6);
  EXPECT_LE(pause(3), kTolFrames / kRate);
  const auto frame_by_frame = run_state_machine(v, seg->thresholds);
  ASSERT_EQ(frame_by_frame.size(), 4u);
  EXPECT_EQ(frame_by_frame[0].rest_from, frame_by_frame[0].start);
  for (std::size_t k = 1; k < 4; ++k) EXPECT_EQ(frame_by_frame[k].rest_from, frame_by_frame[k - 1].end) << k;
}

TEST(ExerciseSegmentation, AMovementFromAHoldPartOfTheWayOutIsPartial) {
  std::vector<double> v(90, 65.0);        // 3 s held at 45 % of the way out
  test::append_ramp(v, 65.0, 130.0, 18);  // further out
  test::append_ramp(v, 130.0, 20.0, 24);  // back to rest
  v.insert(v.end(), 20, 20.0);
  const auto reps =
      make_reps({{2.0, 100.0, 0.5}, {2.0, 100.0, 0.5}, {2.0, 100.0, 0.5}}, kRate, 20.0, 0.0, 0.0);
  v.insert(v.end(), reps.begin(), reps.end());
  v.insert(v.end(), 20, 20.0);
  auto seg = segment_reps(v, kRate, Direction::kIncrease);
  ASSERT_TRUE(seg) << seg.error().to_string();
  EXPECT_EQ(seg->count(), 3u);
  std::size_t counted_from_rest = 0;
  for (const auto& r : seg->reps)
    if (!r.partial) counted_from_rest += v[r.start] < 30.0 ? 1 : 0;
  EXPECT_EQ(counted_from_rest, 3u);
}

}  // namespace
}  // namespace physio::exercise
