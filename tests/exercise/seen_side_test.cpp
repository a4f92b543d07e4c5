// The side of a bilateral exercise the camera sees (seen_side.hpp): judged on the first frames' visibility,
// the same in the batch analysis and the live analyser.
#include "exercise/seen_side.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/live_landmarks.hpp"
#include "kinematics/skeleton.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::exercise {
namespace {

const Exercise& deep_squat_ex() {
  auto ex = find_exercise("deep_squat");
  EXPECT_TRUE(ex);
  return **ex;
}

// BlazePose: the left hip, knee, ankle are 23, 25, 27; the right 24, 26, 28.
constexpr int kLeftLeg[] = {23, 25, 27};
constexpr int kRightLeg[] = {24, 26, 28};

// A side-view squat whose right leg the model does not see (visibility `far_vis`); for its first
// `guessed_s` seconds the hidden knee is guessed bent while the person stands (its ankle placed behind).
kin::SyntheticRecording side_view(float far_vis, double guessed_s) {
  kin::SyntheticOptions o;
  o.repetitions = 3;
  o.pause_s = 1.5;
  kin::SyntheticRecording rec = kin::make_synthetic(o);
  for (std::size_t f = 0; f < rec.image.n_frames(); ++f) {
    auto fr = rec.image.frame(f);
    for (int i : kLeftLeg) fr[static_cast<std::size_t>(i)].visibility = 0.97F;
    for (int i : kRightLeg) fr[static_cast<std::size_t>(i)].visibility = far_vis;
    const double t = static_cast<double>(rec.image.times()[f]) / 1e6;
    if (t < guessed_s) {
      // The far ankle swung back under the body: the hidden knee reads bent while the person stands.
      auto& ankle = fr[28];
      const auto& knee = fr[26];
      ankle.x = knee.x - 1.5F * (ankle.y - knee.y);
    }
  }
  return rec;
}

struct Counted {
  int count = 0, partial = 0;
  std::string primary;
};

Counted live_count(const Exercise& ex, const kin::LandmarkSequence& seq) {
  Counted c;
  auto la = LiveLandmarkAnalyser::create(ex, {}, seq.skeleton_ptr(), seq.space(), seq.up_axis,
                                         seq.image_width, seq.image_height, 30.0);
  EXPECT_TRUE(la) << la.error().to_string();
  if (!la) return c;
  auto take = [&](const std::vector<LiveEvent>& evs) {
    for (const auto& e : evs)
      if (e.kind == LiveEvent::Kind::kRepDone) (e.rep.partial || e.rep.index == 0 ? c.partial : c.count) += 1;
  };
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    auto ev = la->push(seq.times()[f], seq.frame(f));
    EXPECT_TRUE(ev) << ev.error().to_string();
    if (ev) take(*ev);
  }
  take(la->finish());
  c.primary = la->analyser().primary_angle();
  return c;
}

TEST(SeenSide, AHiddenSideIsLeftOutOnlyWhenTheOtherIsClearlySeen) {
  const Exercise& ex = deep_squat_ex();
  const auto sk = kin::blazepose33();
  auto frame_with = [&](float left, float right) {
    std::vector<kin::Landmark> fr(sk->size(), kin::Landmark{0.5F, 0.5F, 0.0F, 0.99F});
    for (int i : kLeftLeg) fr[static_cast<std::size_t>(i)].visibility = left;
    for (int i : kRightLeg) fr[static_cast<std::size_t>(i)].visibility = right;
    return fr;
  };
  auto judged = [&](float left, float right, std::size_t n) {
    SeenSideJudge j(ex, *sk);
    for (std::size_t k = 0; k < n && !j.decided(); ++k) j.push(frame_with(left, right));
    j.finish();
    return j;
  };
  // A side view: the far side is under 0.5, the near one clearly seen.
  EXPECT_EQ(judged(0.97F, 0.30F, 30).side(), "left");
  EXPECT_EQ(judged(0.25F, 0.92F, 30).side(), "right");
  EXPECT_NE(judged(0.97F, 0.30F, 30).basis().find("left side"), std::string::npos);
  // A front view, both seen; neither seen well; one side in between: both sides.
  EXPECT_EQ(judged(0.97F, 0.95F, 30).side(), "");
  EXPECT_EQ(judged(0.40F, 0.30F, 30).side(), "");
  EXPECT_EQ(judged(0.97F, 0.60F, 30).side(), "");
  // Decided after kSeenSideFrames; a shorter recording on what it has.
  SeenSideJudge j(ex, *sk);
  for (std::size_t k = 0; k + 1 < kSeenSideFrames; ++k) j.push(frame_with(0.97F, 0.30F));
  EXPECT_FALSE(j.decided());
  j.push(frame_with(0.97F, 0.30F));
  EXPECT_TRUE(j.decided());
  EXPECT_EQ(judged(0.97F, 0.30F, 3).side(), "left");
  // Without visibility (a source that gives none): both sides, at once.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  SeenSideJudge none(ex, *sk);
  none.push(frame_with(nan, nan));
  EXPECT_TRUE(none.decided());
  EXPECT_EQ(none.side(), "");
  // Nobody in the frames: decided (both sides) by kSeenSideMaxFrames.
  SeenSideJudge empty(ex, *sk);
  const std::vector<kin::Landmark> nobody(sk->size(), kin::Landmark{nan, nan, nan, nan});
  for (std::size_t k = 0; k < kSeenSideMaxFrames && !empty.decided(); ++k) empty.push(nobody);
  EXPECT_TRUE(empty.decided());
  EXPECT_EQ(empty.side(), "");
  // A one-sided exercise has nothing to judge.
  auto lunge = find_exercise("inline_lunge");
  ASSERT_TRUE(lunge);
  EXPECT_TRUE(SeenSideJudge(**lunge, *sk).decided());
}

// The hidden knee guessed bent while the person stands at the start makes the mean of both sides start
// part of the way down; counted on the seen side, the squats are counted from rest, batch and live alike.
TEST(SeenSide, TheBatchAndLiveAnalysersCountOnTheSideTheCameraSees) {
  const Exercise& ex = deep_squat_ex();
  const kin::SyntheticRecording hidden = side_view(0.30F, 1.2);
  auto batch = analyse_exercise(hidden.image, ex);
  ASSERT_TRUE(batch) << batch.error().to_string();
  EXPECT_EQ(batch->primary_angle, "left_knee_flexion");
  EXPECT_NE(batch->side_basis.find("the one the camera sees"), std::string::npos) << batch->side_basis;
  EXPECT_EQ(batch->summary.count, 3);
  EXPECT_EQ(batch->summary.partial_count, 0);  // the hidden knee's guess is not read
  const Counted live = live_count(ex, hidden.image);
  EXPECT_EQ(live.primary, batch->primary_angle);
  EXPECT_EQ(live.count, batch->summary.count);
  EXPECT_EQ(live.partial, batch->summary.partial_count);
  // Both sides seen (the same guess, now visible): the mean of both, as before, batch and live.
  const kin::SyntheticRecording seen = side_view(0.97F, 1.2);
  auto both = analyse_exercise(seen.image, ex);
  ASSERT_TRUE(both) << both.error().to_string();
  EXPECT_EQ(both->primary_angle, "mean of left_knee_flexion and right_knee_flexion");
  // The guess, seen, is a movement of its own: a partial one before the first squat.
  EXPECT_EQ(both->summary.count, 3);
  EXPECT_EQ(both->summary.partial_count, 1);
  const Counted live_both = live_count(ex, seen.image);
  EXPECT_EQ(live_both.primary, both->primary_angle);
  EXPECT_EQ(live_both.count, both->summary.count);
}

}  // namespace
}  // namespace physio::exercise
