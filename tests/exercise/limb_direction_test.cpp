// The moving limb's direction (exercise/limb_direction.hpp): a recording of one arm or leg movement is not
// counted and scored as another exercise measured by the same elevation angle. Found by analysing the
// UI-PRMD recordings as every other exercise: a sit-to-stand was scored as shoulder extension ("2
// repetitions"), an abduction as shoulder flexion, a hurdle step as hip abduction.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "applicability_helpers.hpp"
#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/exercise.hpp"
#include "exercise/library.hpp"
#include "exercise/limb_direction.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::exercise {
namespace {

using test_support::any_reason;
using test_support::check;
using test_support::get;
using test_support::reasons;

constexpr double kPi = std::numbers::pi;

enum class Way { kForward, kBackward, kSideways };

// A person standing still (the synthetic side view, facing +x) who raises the right arm or thigh 4 times
// (3 s each, 1 s rests) to `peak_deg` from the trunk axis, forward, backward or out to the side. `front`
// turns the person to face the camera first (shoulders and hips 0.5 torso apart); a forward movement then
// shows only its vertical part. Positions in pixels, written back normalised.
kin::LandmarkSequence raising(bool thigh, Way way, double peak_deg, bool front) {
  kin::SyntheticOptions so;
  so.repetitions = 4;
  so.depth = 0.0;  // no squat: the synthetic person stands
  so.noise = 0.0;
  kin::LandmarkSequence seq = kin::make_synthetic(so).image;
  const auto& sk = seq.skeleton();
  const double w = seq.image_width, h = seq.image_height;
  auto px = [&](std::size_t f, const char* name) -> kin::Landmark& {
    return seq.at(f, static_cast<std::size_t>(sk.index_of(name)));
  };
  const char* root = thigh ? "right_hip" : "right_shoulder";
  const std::vector<const char*> moved =
      thigh ? std::vector<const char*>{"right_knee", "right_ankle", "right_heel", "right_foot_index"}
            : std::vector<const char*>{"right_elbow", "right_wrist", "right_pinky", "right_index",
                                       "right_thumb"};
  const double rate = so.rate_hz;
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    const double t = static_cast<double>(f) / rate;
    const double cycle = so.pause_s + so.rep_period_s;
    const double tc = t - so.pause_s;
    double e = 0.0;  // elevation, deg
    if (tc >= 0.0 && tc < cycle * so.repetitions && std::fmod(tc, cycle) < so.rep_period_s)
      e = 0.5 * peak_deg * (1.0 - std::cos(2.0 * kPi * std::fmod(tc, cycle) / so.rep_period_s));
    const double neck_y = 0.5 * (px(f, "left_shoulder").y + px(f, "right_shoulder").y) * h;
    const double hip_y = 0.5 * (px(f, "left_hip").y + px(f, "right_hip").y) * h;
    const double torso = hip_y - neck_y;
    if (front) {
      // Facing the camera: the person's right side on the image's left.
      const double cx = 0.5 * (px(f, "left_shoulder").x + px(f, "right_shoulder").x) * w;
      for (auto [name, dx] : {std::pair{"right_shoulder", -0.25}, std::pair{"left_shoulder", 0.25},
                              std::pair{"right_hip", -0.15}, std::pair{"left_hip", 0.15}})
        px(f, name).x = static_cast<float>((cx + dx * torso) / w);
    }
    const double rx = px(f, root).x * w, ry = px(f, root).y * h;
    const double len = (thigh ? 0.9 : 0.6) * torso;
    const double er = e * kPi / 180.0;
    // The image direction of the limb: down is +y; forward is +x in the side view.
    double dx = 0.0;
    const double dy = std::cos(er);
    if (!front) {
      dx = way == Way::kForward ? std::sin(er) : way == Way::kBackward ? -std::sin(er) : 0.0;
    } else {
      // Outward for the right side is -x; forward/backward goes towards or away from the camera, seen
      // only with a slight (10 deg) outward drift, as people do.
      dx = -(way == Way::kSideways ? std::sin(er) : std::sin(er) * std::sin(10.0 * kPi / 180.0));
    }
    for (std::size_t k = 0; k < moved.size(); ++k) {
      const double along = len * (1.0 + 0.3 * static_cast<double>(k));
      px(f, moved[k]).x = static_cast<float>((rx + along * dx) / w);
      px(f, moved[k]).y = static_cast<float>((ry + along * dy) / h);
    }
  }
  return seq;
}

TEST(LimbDirection, ForwardAndBackwardAreToldApartInASideView) {
  const auto forward = raising(false, Way::kForward, 90.0, false);
  const auto backward = raising(false, Way::kBackward, 45.0, false);
  const double facing = facing_sign(forward);
  EXPECT_EQ(facing, 1.0);  // the synthetic person faces +x
  const LimbDirection f = measure_limb_direction(forward, LimbSegment::kArm, "right", 30, 75, facing);
  const LimbDirection b = measure_limb_direction(backward, LimbSegment::kArm, "right", 30, 75, facing);
  EXPECT_GT(f.frames, 0u);
  EXPECT_GT(f.forward_share, 0.5);
  EXPECT_LT(b.forward_share, -0.3);

  // Shoulder extension done as it is: valid. The same angle moved forward (a flexion): refused.
  const Applicability ext_ok = check(backward, "shoulder_extension");
  EXPECT_TRUE(ext_ok.valid) << reasons(ext_ok);
  const Applicability ext_wrong = check(forward, "shoulder_extension");
  EXPECT_FALSE(ext_wrong.valid);
  EXPECT_TRUE(any_reason(ext_wrong, "moves the arm backward")) << reasons(ext_wrong);
  EXPECT_TRUE(any_reason(ext_wrong, "it moved forward")) << reasons(ext_wrong);
  std::printf("flexion as shoulder_extension: %s", reasons(ext_wrong).c_str());
  const Applicability flex_ok = check(forward, "shoulder_flexion");
  EXPECT_TRUE(flex_ok.valid) << reasons(flex_ok);
}

TEST(LimbDirection, AnArmRaisedToTheSideIsNotAForwardOrBackwardMovement) {
  // Seen from the side, an abduction moves the arm towards the camera: no forward or backward share.
  const auto sideways = raising(false, Way::kSideways, 150.0, false);
  const LimbDirection d =
      measure_limb_direction(sideways, LimbSegment::kArm, "right", 30, 75, facing_sign(sideways));
  EXPECT_LT(std::fabs(d.forward_share), 0.05);
  EXPECT_EQ(limb_direction_matches(d, LimbToward::kBackward, true), false);
  EXPECT_EQ(limb_direction_matches(d, LimbToward::kForward, true), false);
}

TEST(LimbDirection, SidewaysAndForwardAreToldApartInAFrontView) {
  const auto sideways = raising(false, Way::kSideways, 150.0, true);
  const auto forward = raising(false, Way::kForward, 150.0, true);
  for (const char* id : {"shoulder_abduction", "scaption"}) {
    const Applicability ok = check(sideways, id);
    EXPECT_TRUE(ok.valid) << id << ": " << reasons(ok);
    const Applicability wrong = check(forward, id);
    EXPECT_FALSE(wrong.valid) << id;
    EXPECT_TRUE(any_reason(wrong, "not out to the side")) << id << ": " << reasons(wrong);
    std::printf("forward raise as %s: %s", id, reasons(wrong).c_str());
  }
}

// Lying on the side facing the camera (the picture turned a quarter: the trunk lies across it, the head to
// the right), the top leg rising away from the bottom one moves up the picture: out to the side, as a
// standing abduction seen from the front. A thigh swung forward (towards the camera) shows no outward share.
kin::LandmarkSequence lying_on_the_side(kin::LandmarkSequence seq) {
  const double w = seq.image_width, h = seq.image_height;
  for (std::size_t f = 0; f < seq.n_frames(); ++f)
    for (std::size_t i = 0; i < seq.n_landmarks(); ++i) {
      kin::Landmark& l = seq.at(f, i);
      if (l.missing()) continue;
      // Pixels about the picture's centre, turned 90 deg: image down (+y) becomes image left (-x).
      const double x = l.x * w - 0.5 * w, y = l.y * h - 0.5 * h;
      l.x = static_cast<float>((0.5 * w - y) / w);
      l.y = static_cast<float>((0.5 * h + x) / h);
    }
  return seq;
}

TEST(LimbDirection, LyingOnTheSideTheTopLegRisingUpThePictureMovesOutToTheSide) {
  const auto sideways = lying_on_the_side(raising(true, Way::kSideways, 40.0, true));
  const auto forward = lying_on_the_side(raising(true, Way::kForward, 40.0, true));
  const LimbDirection out = measure_limb_direction(sideways, LimbSegment::kThigh, "right", 30, 75, 0.0);
  const LimbDirection fwd = measure_limb_direction(forward, LimbSegment::kThigh, "right", 30, 75, 0.0);
  ASSERT_GT(out.frames, 0u);
  EXPECT_GT(out.outward_share, kLimbMinImageShare);
  EXPECT_EQ(limb_direction_matches(out, LimbToward::kSideways, false), true);
  // Towards the camera the thigh hardly leaves the trunk's line in the picture: not judged, or not outward.
  EXPECT_LT(fwd.outward_share, kLimbMinImageShare);
  EXPECT_NE(limb_direction_matches(fwd, LimbToward::kSideways, false), std::optional<bool>(true));
  // Upright, the same movements are judged as before.
  const LimbDirection upright = measure_limb_direction(raising(true, Way::kSideways, 40.0, true),
                                                       LimbSegment::kThigh, "right", 30, 75, 0.0);
  EXPECT_NEAR(upright.outward_share, out.outward_share, 1e-3);
}

TEST(LimbDirection, ALegSwungBackIsNotAStraightLegRaise) {
  const auto forward = raising(true, Way::kForward, 60.0, false);
  const auto backward = raising(true, Way::kBackward, 40.0, false);
  const Applicability ok = check(forward, "standing_active_straight_leg_raise");
  EXPECT_TRUE(ok.valid) << reasons(ok);
  const Applicability wrong = check(backward, "standing_active_straight_leg_raise");
  EXPECT_FALSE(wrong.valid);
  EXPECT_TRUE(any_reason(wrong, "moves the thigh forward")) << reasons(wrong);
  EXPECT_TRUE(any_reason(wrong, "it moved backward")) << reasons(wrong);
  std::printf("leg swung back as a straight leg raise: %s", reasons(wrong).c_str());
}

TEST(LimbDirection, LandmarksInMetresAreNotJudged) {
  // Depth is what cameras measure worst (UI-PRMD's Kinect reads squatting thighs as moving backward), so a
  // direction is only judged in the image.
  kin::SyntheticOptions so;
  so.repetitions = 2;
  const auto world = kin::make_synthetic(so).world;
  const LimbDirection d =
      measure_limb_direction(world, LimbSegment::kThigh, "both", 0, world.n_frames() - 1, facing_sign(world));
  EXPECT_EQ(d.frames, 0u);
  EXPECT_FALSE(limb_direction_matches(d, LimbToward::kForward, true).has_value());
}

TEST(LimbDirection, TheFacingIsUnknownWhenTheFeetPointAtTheCamera) {
  auto front = raising(false, Way::kSideways, 90.0, true);
  // Feet and face pointing at the camera: no x component.
  for (std::size_t f = 0; f < front.n_frames(); ++f)
    for (const char* pair : {"left", "right"}) {
      const std::string side = pair;
      const auto& sk = front.skeleton();
      auto& heel = front.at(f, static_cast<std::size_t>(sk.index_of(side + "_heel")));
      auto& toe = front.at(f, static_cast<std::size_t>(sk.index_of(side + "_foot_index")));
      toe.x = heel.x;
      auto& ear = front.at(f, static_cast<std::size_t>(sk.index_of(side + "_ear")));
      ear.x = front.at(f, static_cast<std::size_t>(sk.index_of("nose"))).x;
    }
  EXPECT_EQ(facing_sign(front), 0.0);
  const LimbDirection d = measure_limb_direction(front, LimbSegment::kArm, "right", 30, 75, 0.0);
  EXPECT_FALSE(d.facing_known);
  EXPECT_FALSE(limb_direction_matches(d, LimbToward::kForward, true).has_value());
  EXPECT_EQ(limb_direction_matches(d, LimbToward::kSideways, false), true);
}

// Found while writing these tests: with both hips at the same image point (an exact side view) the
// elevation angles were NaN, because the 2D body frame's hip line was built first though they do not use it.
TEST(LimbDirection, ElevationIsMeasuredInAnExactSideView) {
  const auto seq = raising(false, Way::kForward, 90.0, false);
  const auto& sk = seq.skeleton();
  ASSERT_EQ(seq.at(0, static_cast<std::size_t>(sk.index_of("left_hip"))).x,
            seq.at(0, static_cast<std::size_t>(sk.index_of("right_hip"))).x);
  auto angles = compute_exercise_angles(seq, get("shoulder_extension"));
  ASSERT_TRUE(angles) << angles.error().to_string();
  const auto col = angles->column("right_shoulder_elevation");
  ASSERT_FALSE(col.empty());
  double peak = 0.0;
  for (double v : col) {
    ASSERT_FALSE(std::isnan(v));
    peak = std::max(peak, v);
  }
  EXPECT_NEAR(peak, 90.0, 1.0);
}

TEST(LimbDirection, ExerciseFilesNameTheMovingLimb) {
  EXPECT_EQ(get("shoulder_extension").moving_limb->toward, LimbToward::kBackward);
  EXPECT_EQ(get("shoulder_abduction").moving_limb->toward, LimbToward::kSideways);
  EXPECT_EQ(get("scaption").moving_limb->toward, LimbToward::kScapular);
  EXPECT_EQ(get("standing_hip_abduction").moving_limb->segment, LimbSegment::kThigh);
  EXPECT_FALSE(get("deep_squat").moving_limb.has_value());
  const auto preconditions = exercise_preconditions(get("shoulder_extension"));
  bool stated = false;
  for (const auto& p : preconditions)
    stated = stated || p.find("the arm moves backward") != std::string::npos;
  EXPECT_TRUE(stated);
}

}  // namespace
}  // namespace physio::exercise
