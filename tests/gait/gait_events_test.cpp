// Gait events and measures on synthetic walkers with known events, and the refusals.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "gait/cycles.hpp"
#include "gait/events.hpp"
#include "gait/gait_video.hpp"
#include "synthetic_walk.hpp"

namespace physio::gait {
namespace {

// Stenum et al. 2021's agreement targets: events within 2 frames at 30 fps (67 ms; 4 frames at 60 fps),
// cadence within 3 %.
constexpr double kEventTolFrames = 2.0;
constexpr double kEventTolRateHz = 30.0;
constexpr double kCadenceTolPct = 3.0;

std::vector<double> times_of(const std::vector<GaitEvent>& ev) {
  std::vector<double> t;
  for (const GaitEvent& e : ev) t.push_back(e.t_s);
  return t;
}

// Every detected event is within 2 frames of a true one (both read as the nearest frame), and every true one
// well inside the walk is detected.
void expect_matches(const std::vector<double>& detected, const std::vector<double>& truth, double t0,
                    double t1, double rate, const std::string& what) {
  const auto frame = [rate](double t) { return std::lround(t * rate); };
  const double tol = kEventTolFrames * rate / kEventTolRateHz;
  for (double d : detected) {
    long best = 1000;
    for (double t : truth) best = std::min(best, std::abs(frame(t) - frame(d)));
    EXPECT_LE(static_cast<double>(best), tol)
        << what << ": detected at " << d << " s has no true event within 2 frames";
  }
  for (double t : truth) {
    if (t < t0 + 0.3 || t > t1 - 0.3) continue;
    long best = 1000;
    for (double d : detected) best = std::min(best, std::abs(frame(t) - frame(d)));
    EXPECT_LE(static_cast<double>(best), tol) << what << ": true event at " << t << " s not detected";
  }
}

void expect_walk_measured(const test::SynthWalk& o) {
  test::SynthTruth truth;
  auto seq = test::make_walk(o, &truth);
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value()) << g.error().to_string();
  ASSERT_TRUE(g->applicability.valid)
      << (g->applicability.reasons.empty() ? "" : g->applicability.reasons[0]);
  EXPECT_EQ(g->walk.near_side, o.direction < 0 ? LegSide::kLeft : LegSide::kRight);
  const double t0 = g->walk.t_s.front(), t1 = g->walk.t_s.back();
  const auto& l = g->events.side(LegSide::kLeft);
  const auto& r = g->events.side(LegSide::kRight);
  expect_matches(times_of(l.contacts), truth.left_ic_s, t0, t1, o.rate_hz, "left initial contact");
  expect_matches(times_of(l.toe_offs), truth.left_to_s, t0, t1, o.rate_hz, "left toe-off");
  expect_matches(times_of(r.contacts), truth.right_ic_s, t0, t1, o.rate_hz, "right initial contact");
  expect_matches(times_of(r.toe_offs), truth.right_to_s, t0, t1, o.rate_hz, "right toe-off");
  const double cadence = 120.0 / o.stride_s;
  EXPECT_NEAR(g->cadence_steps_per_min, cadence, cadence * kCadenceTolPct / 100);
  // Both events of a stance within the event tolerance.
  EXPECT_NEAR(g->side(LegSide::kLeft).stance_pct, 100 * o.stance,
              100.0 * 2 * kEventTolFrames / kEventTolRateHz / o.stride_s);
  EXPECT_EQ(g->curves.size(), 6u);  // hip, knee, ankle on both sides
}

TEST(GaitSynthetic, RightToLeftEventsWithinTwoFrames) {
  test::SynthWalk o;
  expect_walk_measured(o);
}

TEST(GaitSynthetic, LeftToRightEventsWithinTwoFrames) {
  test::SynthWalk o;
  o.direction = 1;
  expect_walk_measured(o);
}

TEST(GaitSynthetic, SixtyFramesPerSecond) {
  test::SynthWalk o;
  o.rate_hz = 60;
  expect_walk_measured(o);
}

TEST(GaitSynthetic, SkeletonWithoutFeetUsesTheAnkles) {
  test::SynthWalk o;
  test::SynthTruth truth;
  const auto blaze = test::make_walk(o, &truth);
  auto coco = kin::coco17();
  kin::LandmarkSequence seq(coco, kin::CoordSpace::kImagePixels, blaze.n_frames());
  seq.image_width = blaze.image_width;
  seq.image_height = blaze.image_height;
  for (std::size_t f = 0; f < blaze.n_frames(); ++f) {
    seq.times()[f] = blaze.times()[f];
    for (std::size_t i = 0; i < coco->size(); ++i) {
      const int b = blaze.skeleton().index_of(coco->landmarks[i]);
      if (b >= 0) seq.at(f, i) = blaze.at(f, static_cast<std::size_t>(b));
    }
  }
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value()) << g.error().to_string();
  ASSERT_TRUE(g->applicability.valid) << g->applicability.reasons[0];
  EXPECT_TRUE(g->walk.feet_from_ankle);
  const auto& l = g->events.side(LegSide::kLeft);
  expect_matches(times_of(l.contacts), truth.left_ic_s, g->walk.t_s.front(), g->walk.t_s.back(), o.rate_hz,
                 "left initial contact from the ankle");
  EXPECT_NEAR(g->cadence_steps_per_min, 120.0 / o.stride_s, 120.0 / o.stride_s * kCadenceTolPct / 100);
}

TEST(GaitSynthetic, ShortGapsAreFilledAndLongOnesSplitTheWalk) {
  test::SynthWalk o;
  auto seq = test::make_walk(o);
  // Two frames lost at 2.0 s: filled. Half a second lost at 4.0 s: the walk before it is kept (longer).
  for (std::size_t f : {60u, 61u})
    for (auto& l : seq.frame(f)) l = kin::Landmark{};
  for (std::size_t f = 120; f < 135; ++f)
    for (auto& l : seq.frame(f)) l = kin::Landmark{};
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(g->applicability.valid) << g->applicability.reasons[0];
  EXPECT_EQ(g->walk.first_frame, 0u);
  EXPECT_EQ(g->walk.first_frame + g->walk.size() - 1, 119u);
  EXPECT_EQ(g->walk.filled[60], 1);
  EXPECT_EQ(g->walk.filled[59], 0);
}

TEST(GaitSynthetic, StandingBeforeAndAfterTheWalkIsLeftOut) {
  test::SynthWalk o;
  test::SynthTruth truth;
  auto seq = test::make_walk(o, &truth);
  // Standing still for the first 1.5 s and the last 1 s (the pose of the frames where the walk starts and
  // ends).
  for (std::size_t f = 0; f < 45; ++f)
    for (std::size_t l = 0; l < seq.n_landmarks(); ++l) seq.at(f, l) = seq.at(45, l);
  for (std::size_t f = 150; f < seq.n_frames(); ++f)
    for (std::size_t l = 0; l < seq.n_landmarks(); ++l) seq.at(f, l) = seq.at(149, l);
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(g->applicability.valid) << g->applicability.reasons[0];
  EXPECT_GE(g->walk.first_frame, 30u);
  EXPECT_LE(g->walk.first_frame + g->walk.size() - 1, 165u);
  const auto& l = g->events.side(LegSide::kLeft);
  expect_matches(times_of(l.contacts), truth.left_ic_s, g->walk.t_s.front(), g->walk.t_s.back(), o.rate_hz,
                 "left initial contact");
  EXPECT_NEAR(g->cadence_steps_per_min, 120.0 / o.stride_s, 120.0 / o.stride_s * kCadenceTolPct / 100);
}

// A walk across a small room and back (the finding: "fewer than 2 strides", as only the longest one-way
// pass was analysed): two passes of 2.5 s, each with one stride of its near foot, with a 1 s turn between
// them; every pass analysed on its own (its own near side) and the strides pooled.
kin::LandmarkSequence across_and_back(const test::SynthWalk& there, const test::SynthWalk& back,
                                      double turn_s) {
  auto a = test::make_walk(there);
  auto b = test::make_walk(back);
  const auto turn = static_cast<std::size_t>(std::lround(turn_s * there.rate_hz));
  const std::size_t n = a.n_frames() + turn + b.n_frames();
  kin::LandmarkSequence seq(a.skeleton_ptr(), a.space(), n);
  seq.image_width = a.image_width;
  seq.image_height = a.image_height;
  // The return pass starts where the first ended.
  const auto pelvis_x = [](const kin::LandmarkSequence& s, std::size_t f) {
    return 0.5 * (s.joint(f, kin::Joint::kLeftHip)->x + s.joint(f, kin::Joint::kRightHip)->x);
  };
  const auto dx = static_cast<float>(pelvis_x(a, a.n_frames() - 1) - pelvis_x(b, 0));
  for (std::size_t f = 0; f < n; ++f) {
    seq.times()[f] = static_cast<TimeUs>(std::llround(static_cast<double>(f) / there.rate_hz * 1e6));
    for (std::size_t l = 0; l < seq.n_landmarks(); ++l) {
      if (f < a.n_frames()) {
        seq.at(f, l) = a.at(f, l);
      } else if (f < a.n_frames() + turn) {
        seq.at(f, l) = a.at(a.n_frames() - 1, l);  // standing while turning
      } else {
        seq.at(f, l) = b.at(f - a.n_frames() - turn, l);
        seq.at(f, l).x += dx;
      }
    }
  }
  return seq;
}

TEST(GaitSynthetic, AWalkAcrossAndBackIsAnalysedPassByPassAndPooled) {
  test::SynthWalk there;
  there.duration_s = 2.5;
  there.stride_legs = 2.0;  // a pass covers the travel check, with under two strides of its near foot
  test::SynthWalk back = there;
  back.direction = +1;
  // Each pass alone is refused, as before.
  auto one = compute_video_gait(test::make_walk(there));
  ASSERT_TRUE(one.has_value());
  ASSERT_FALSE(one->applicability.valid);
  const auto seq = across_and_back(there, back, 1.0);
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value()) << g.error().to_string();
  ASSERT_TRUE(g->applicability.valid) << g->applicability.reasons.back();
  // Strides of both passes, in the input's times: some in the first 2 s, some after the turn.
  const auto before =
      std::count_if(g->strides.begin(), g->strides.end(), [](const Stride& s) { return s.end.t_s <= 2.51; });
  const auto after = std::count_if(g->strides.begin(), g->strides.end(),
                                   [](const Stride& s) { return s.start.t_s >= 3.49; });
  EXPECT_GE(before, 1);
  EXPECT_GE(after, 1);
  EXPECT_EQ(static_cast<std::size_t>(before + after), g->strides.size()) << "no stride spans the turn";
  const double cadence = 120.0 / there.stride_s;
  EXPECT_NEAR(g->cadence_steps_per_min, cadence, cadence * kCadenceTolPct / 100);
  for (const Stride& s : g->strides) EXPECT_NEAR(s.time_s, there.stride_s, 2.0 / there.rate_hz);
  bool said = false;
  for (const auto& note : g->notes) said |= note.find("passes pooled") != std::string::npos;
  EXPECT_TRUE(said);
  // Standing still at the turn for longer changes nothing.
  auto longer = compute_video_gait(across_and_back(there, back, 2.0));
  ASSERT_TRUE(longer.has_value());
  ASSERT_TRUE(longer->applicability.valid);
  EXPECT_EQ(longer->strides.size(), g->strides.size());
}

TEST(GaitSynthetic, SlowWalkAndAsymmetricStepsAreMeasured) {
  test::SynthWalk o;
  o.stride_s = 1.6;
  o.stance = 0.68;
  o.stride_legs = 0.9;
  o.right_offset = 0.42;  // a limp: the right step is shorter in time than the left
  o.duration_s = 8;
  expect_walk_measured(o);
  auto g = compute_video_gait(test::make_walk(o));
  ASSERT_TRUE(g && g->applicability.valid);
  // Left step (right contact -> left contact) = 0.58 stride, right step 0.42 stride: 32 % asymmetry.
  EXPECT_NEAR(g->step_time_asymmetry_pct, 100 * 0.16 / 0.5, 6.0);
  EXPECT_EQ(g->longer_step_side, "left");
}

// An antalgic limp: the painful right leg is loaded briefly and the sound left leg swings through quickly.
// Stance 58 % of the stride on the right against 70 % on the left (single support on the right 30 % of the
// stride, on the left 42 %), and the left step (right contact -> left contact) 0.44 of the stride against
// 0.56 on the right. Synthetic: the truth is the walker's design (one foot always on the ground).
// Zeni's extremes lag the events by more when a swing is longer (docs/metrics/gait-video.md, "Limits"), so
// the events of the right foot (swing 42 %) are up to 3 frames off here and the stance difference between the
// sides reads smaller than it is. What a clinician reads must still hold: each side measured on its own, the
// painful side's stance the shorter by a clear margin, the longer step on the right, and a clear asymmetry.
TEST(GaitSynthetic, AntalgicLimpShorterStanceOnThePainfulSide) {
  for (int direction : {-1, 1}) {
    test::SynthWalk o;
    o.stride_s = 1.3;
    o.stance = 0.70;
    o.right_stance = 0.58;
    o.right_offset = 0.56;
    o.stride_legs = 1.0;
    o.duration_s = 8;
    o.direction = direction;
    SCOPED_TRACE(direction < 0 ? "walking to the left" : "walking to the right");
    auto g = compute_video_gait(test::make_walk(o));
    ASSERT_TRUE(g.has_value()) << g.error().to_string();
    ASSERT_TRUE(g->applicability.valid)
        << (g->applicability.reasons.empty() ? "" : g->applicability.reasons[0]);
    const double left = g->side(LegSide::kLeft).stance_pct, right = g->side(LegSide::kRight).stance_pct;
    std::printf(
        "antalgic walker (%s): stance left %.1f %% (70), right %.1f %% (58); step asymmetry %.1f %% (24), "
        "longer step %s; cadence %.1f steps/min (%.1f)\n",
        direction < 0 ? "to the left" : "to the right", left, right, g->step_time_asymmetry_pct,
        g->longer_step_side.c_str(), g->cadence_steps_per_min, 120.0 / o.stride_s);
    EXPECT_NEAR(g->cadence_steps_per_min, 120.0 / o.stride_s, 120.0 / o.stride_s * kCadenceTolPct / 100);
    EXPECT_GT(left - right, 4.0);
    EXPECT_LT(left - right, 12.0 + 2.0);
    EXPECT_EQ(g->longer_step_side, "right");
    EXPECT_GT(g->step_time_asymmetry_pct, 10.0);
    EXPECT_LT(g->step_time_asymmetry_pct, 24.0 + 6.0);
  }
}

TEST(GaitSynthetic, LengthsNeedAScaleAndFollowTheHeight) {
  test::SynthWalk o;
  auto seq = test::make_walk(o);
  auto none = compute_video_gait(seq);
  ASSERT_TRUE(none && none->applicability.valid);
  EXPECT_TRUE(std::isnan(none->speed_mps));
  ASSERT_FALSE(none->withheld.empty());
  EXPECT_NE(none->withheld[0].reason.find("--height-cm"), std::string::npos);

  GaitOptions opts;
  opts.height_m = 1.70;
  auto g = compute_video_gait(seq, opts);
  ASSERT_TRUE(g && g->applicability.valid);
  // The leg (200 px) is 0.491 of 1.70 m; a stride is 1.4 legs.
  const double m_per_px = 1.70 * 0.491 / 200.0;
  const double stride_m = 1.4 * 200 * m_per_px;
  EXPECT_NEAR(g->side(LegSide::kLeft).stride_length_m, stride_m, 0.03 * stride_m);
  EXPECT_NEAR(g->speed_mps, stride_m / o.stride_s, 0.03 * stride_m / o.stride_s);
}

TEST(GaitRefusal, SteppingInPlaceIsNotWalkingAcross) {
  test::SynthWalk o;
  o.walking = false;
  auto g = compute_video_gait(test::make_walk(o));
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  EXPECT_NE(g->applicability.reasons[0].find("not walking across the view"), std::string::npos);
}

// At 5 frames/s consecutive frames are 0.2 s apart, more than the longest gap filled (kMaxFillS): they are
// still one stretch of frames, so the refusal names what is wrong, and the rate last.
TEST(GaitRefusal, LowFrameRateSaysNotWalkingThenTheRate) {
  test::SynthWalk o;
  o.walking = false;
  o.rate_hz = 5;
  auto g = compute_video_gait(test::make_walk(o));
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  ASSERT_GE(g->applicability.reasons.size(), 2u);
  EXPECT_NE(g->applicability.reasons.front().find("not walking across the view"), std::string::npos)
      << g->applicability.reasons.front();
  EXPECT_NE(g->applicability.reasons.back().find("too low for gait events"), std::string::npos);
  // A walk across the view at 12 frames/s: only the rate is wrong.
  test::SynthWalk w;
  w.rate_hz = 12;
  auto slow = compute_video_gait(test::make_walk(w));
  ASSERT_TRUE(slow.has_value());
  ASSERT_EQ(slow->applicability.reasons.size(), 1u);
  EXPECT_NE(slow->applicability.reasons[0].find("12.0 frames/s, too low for gait events"), std::string::npos)
      << slow->applicability.reasons[0];
}

// A walk filmed at 24 frames/s (film's rate; its frames are 41,666-41,667 us apart, 23.9998 frames/s by
// their median) or at 23.976 is measured, and says its time resolution; it was refused "the frame rate is
// 24.0 frames/s, too low for gait events: they need at least 24". 23 frames/s is still refused.
TEST(GaitRefusal, TwentyFourFramesASecondIsMeasuredWithItsTimeResolution) {
  for (const double rate : {24.0, 24000.0 / 1001.0}) {
    test::SynthWalk w;
    w.rate_hz = rate;
    auto g = compute_video_gait(test::make_walk(w));
    ASSERT_TRUE(g.has_value());
    EXPECT_TRUE(g->applicability.valid) << rate << ": " << g->applicability.reasons.front();
    bool said = false;
    for (const auto& n : g->notes)
      said |= n.find("time resolution is one frame, 41.7 ms") != std::string::npos;
    EXPECT_TRUE(said) << rate;
  }
  test::SynthWalk w;
  w.rate_hz = 23.0;
  auto g = compute_video_gait(test::make_walk(w));
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  EXPECT_NE(g->applicability.reasons.back().find("23.0 frames/s, too low for gait events"), std::string::npos)
      << g->applicability.reasons.back();
}

TEST(GaitRefusal, FrontViewIsRefused) {
  test::SynthWalk o;
  o.shoulder_half_px = 60;  // shoulders 120 px apart, torso 150 px: seen from the front
  auto g = compute_video_gait(test::make_walk(o));
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  EXPECT_NE(g->applicability.reasons[0].find("film from the side"), std::string::npos);
}

TEST(GaitRefusal, FewerThanTwoStrides) {
  test::SynthWalk o;
  o.duration_s = 2.0;
  o.stride_legs = 2.0;  // covers the travel check, but under two strides
  auto g = compute_video_gait(test::make_walk(o));
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  EXPECT_NE(g->applicability.reasons.back().find("fewer than 2 strides"), std::string::npos);
}

TEST(GaitRefusal, NobodyInView) {
  test::SynthWalk o;
  auto seq = test::make_walk(o);
  for (auto& l : seq.data()) l = kin::Landmark{};
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value());
  ASSERT_FALSE(g->applicability.valid);
  EXPECT_NE(g->applicability.reasons[0].find("legs are not in view"), std::string::npos);
}

TEST(GaitRefusal, WorldLandmarksAreAnError) {
  kin::LandmarkSequence seq(kin::blazepose33(), kin::CoordSpace::kWorldMetres, 10);
  auto g = compute_video_gait(seq);
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().code(), ErrorCode::kUnsupported);
}

TEST(GaitFarSide, AMisreadFarLegIsWithheldAndTheNearSideKept) {
  test::SynthWalk o;
  auto seq = test::make_walk(o);
  auto sk = kin::blazepose33();
  // The far (right) foot read in phase with the near one: its events do not alternate.
  for (std::size_t f = 0; f < seq.n_frames(); ++f)
    for (const char* name : {"ankle", "heel", "foot_index", "knee"}) {
      const auto l = static_cast<std::size_t>(sk->index_of(std::string("left_") + name));
      const auto r = static_cast<std::size_t>(sk->index_of(std::string("right_") + name));
      seq.at(f, r) = seq.at(f, l);
      seq.at(f, r).x += 2;
    }
  auto g = compute_video_gait(seq);
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(g->applicability.valid);
  EXPECT_EQ(g->events.side(LegSide::kRight).confidence, "withheld");
  EXPECT_TRUE(g->events.side(LegSide::kRight).contacts.empty());
  EXPECT_FALSE(g->events.side(LegSide::kRight).withheld.empty());
  EXPECT_GE(g->events.side(LegSide::kLeft).contacts.size(), 4u);
  EXPECT_NEAR(g->cadence_steps_per_min, 120.0 / o.stride_s, 120.0 / o.stride_s * kCadenceTolPct / 100);
  EXPECT_TRUE(std::isnan(g->step_time_asymmetry_pct));
}

TEST(GaitPeaks, ProminenceAndDistance) {
  //                          0    1    2    3    4    5    6    7    8
  const std::vector<double> v{0.0, 0.5, 0.0, 0.05, 0.0, 0.8, 0.7, 0.75, 0.0};
  EXPECT_EQ(find_peaks(v, 0.0, 0.1, 1), (std::vector<std::size_t>{1, 5}));  // 3 and 7: not prominent
  EXPECT_EQ(find_peaks(v, 0.0, 0.1, 5), (std::vector<std::size_t>{5}));     // 1 is within 5 of a higher one
  EXPECT_EQ(find_peaks(v, 0.6, 0.0, 1), (std::vector<std::size_t>{5, 7}));
}

TEST(GaitCycles, NormalisedToOneHundredOnePoints) {
  const std::vector<double> t{0.0, 0.1, 0.2, 0.3, 0.4};
  const std::vector<double> v{0.0, 10.0, 20.0, 30.0, 40.0};
  auto c = normalise_cycle(v, t, 0, 4);
  ASSERT_EQ(c.size(), kCyclePoints);
  EXPECT_DOUBLE_EQ(c.front(), 0.0);
  EXPECT_NEAR(c[50], 20.0, 1e-9);
  EXPECT_DOUBLE_EQ(c.back(), 40.0);
  std::vector<double> gap = v;
  gap[2] = std::nan("");
  EXPECT_TRUE(normalise_cycle(gap, t, 0, 4).empty());
}

}  // namespace
}  // namespace physio::gait
