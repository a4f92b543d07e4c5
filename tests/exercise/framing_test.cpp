// The framing check before a set (exercise/framing.hpp) on a drawn standing person (BlazePose-33, portrait
// 720x1280 picture): framed, feet cut off, two people (counted by the device, or the landmarks switching
// between them), the wrong view, a shoulder hidden in a side view. Then rep_not_counted (body_checks.hpp) on
// drawn body tracks: in place, walking, jumping, a heel raise's lift; rhythm, range, one side, the
// recording's end.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exercise/body_checks.hpp"
#include "exercise/framing.hpp"
#include "exercise/library.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::exercise {
namespace {

constexpr int kW = 720, kH = 1280;

// A person standing facing the camera (front) or sideways (side): image-normalised landmarks. Front:
// shoulders 240 px apart for a 346 px torso (0.69 torso lengths), hips 140 px.
std::vector<kin::Landmark> standing(bool side, float dx = 0.0F, float dy = 0.0F) {
  std::vector<kin::Landmark> f(33);
  auto set = [&](int i, float x, float y) { f[static_cast<std::size_t>(i)] = {x + dx, y + dy, 0.0F, 0.95F}; };
  const float s = side ? 0.01F : 0.167F, h = side ? 0.01F : 0.097F, k = side ? 0.01F : 0.08F;
  for (int i = 0; i <= 10; ++i) set(i, 0.5F + (i % 2 == 0 ? 0.01F : -0.01F), 0.12F);
  set(11, 0.5F + s, 0.25F);
  set(12, 0.5F - s, 0.25F);
  set(13, 0.5F + s + 0.02F, 0.38F);
  set(14, 0.5F - s - 0.02F, 0.38F);
  for (int i = 15; i <= 22; ++i) set(i, 0.5F + (i % 2 == 1 ? s + 0.02F : -s - 0.02F), 0.5F);
  set(23, 0.5F + h, 0.52F);
  set(24, 0.5F - h, 0.52F);
  set(25, 0.5F + k, 0.7F);
  set(26, 0.5F - k, 0.7F);
  for (int i = 27; i <= 32; ++i) set(i, 0.5F + (i % 2 == 1 ? k : -k), i <= 28 ? 0.87F : 0.9F);
  return f;
}

std::vector<FramingFrame> frames_of(bool side, float dx = 0.0F, float dy = 0.0F) {
  std::vector<FramingFrame> v;
  for (int i = 0; i < 15; ++i) v.push_back({i * 33'333, standing(side, dx, dy)});
  return v;
}

const Exercise& exercise(const char* id) {
  auto ex = find_exercise(id);
  EXPECT_TRUE(ex) << id;
  return **ex;
}

std::string all(const Applicability& a) {
  std::string s;
  for (const auto& r : a.reasons) s += r + "\n";
  return s;
}

TEST(Framing, AWholePersonFacingTheCameraIsFramedForASquat) {
  const auto a = check_framing(exercise("deep_squat"), frames_of(false), *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(a.valid) << all(a);
}

TEST(Framing, ASquatIsFramedFromTheSideTooButShoulderAbductionIsNot) {
  const auto squat = check_framing(exercise("deep_squat"), frames_of(true), *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(squat.valid) << all(squat);
  const auto abduction =
      check_framing(exercise("shoulder_abduction"), frames_of(true), *kin::blazepose33(), kW, kH);
  ASSERT_FALSE(abduction.valid);
  EXPECT_NE(all(abduction).find("Film from the front"), std::string::npos) << all(abduction);
}

TEST(Framing, FeetOutOfThePictureAreRefusedWithWhatToDo) {
  const auto a =
      check_framing(exercise("deep_squat"), frames_of(false, 0.0F, 0.2F), *kin::blazepose33(), kW, kH);
  ASSERT_FALSE(a.valid);
  EXPECT_NE(all(a).find("the feet are not in the picture. Step back"), std::string::npos) << all(a);
}

// What the check asks for is what the exercise is measured from (framing_joints).
bool has(const std::vector<kin::Joint>& v, kin::Joint j) {
  return std::find(v.begin(), v.end(), j) != v.end();
}

TEST(Framing, ThePartsAskedForAreThoseTheExerciseIsMeasuredFrom) {
  using kin::Joint;
  // A squat's knee angle is measured from the ankles.
  const auto squat = framing_joints(exercise("deep_squat"));
  for (Joint j :
       {Joint::kLeftAnkle, Joint::kRightAnkle, Joint::kLeftKnee, Joint::kRightHip, Joint::kLeftShoulder})
    EXPECT_TRUE(has(squat, j)) << kin::joint_name(j);
  // The arm exercises need the arms and the torso, not the legs or the head.
  for (const char* id : {"shoulder_abduction", "shoulder_press", "elbow_flexion", "wall_push_up"}) {
    const auto arm = framing_joints(exercise(id));
    for (Joint j : {Joint::kLeftShoulder, Joint::kRightShoulder, Joint::kLeftHip, Joint::kRightHip,
                    Joint::kLeftElbow, Joint::kRightElbow})
      EXPECT_TRUE(has(arm, j)) << id << ": " << kin::joint_name(j);
    for (Joint j : {Joint::kLeftAnkle, Joint::kRightAnkle, Joint::kLeftKnee, Joint::kNose, Joint::kLeftEar})
      EXPECT_FALSE(has(arm, j)) << id << ": " << kin::joint_name(j);
  }
  // A heel raise is measured at the ankle, from the heel and the toes.
  const auto heel = framing_joints(exercise("heel_raise"));
  for (Joint j : {Joint::kLeftHeel, Joint::kRightBigToe, Joint::kLeftAnkle}) EXPECT_TRUE(has(heel, j));
}

TEST(Framing, AnArmExerciseFilmedFromTheHipsUpIsFramed) {
  // The real clips' lateral raise and seated press frame the upper body: the feet below the picture's
  // edge, or the head above it, do not keep a shoulder exercise from being measured.
  const auto feet_out = check_framing(exercise("shoulder_abduction"), frames_of(false, 0.0F, 0.2F),
                                      *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(feet_out.valid) << all(feet_out);
  const auto head_out = check_framing(exercise("shoulder_abduction"), frames_of(false, 0.0F, -0.15F),
                                      *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(head_out.valid) << all(head_out);
  // The arms it is counted from (the upper arms, shoulder to elbow) still must be in the picture.
  auto frames = frames_of(false);
  for (auto& f : frames) {
    f.landmarks[13].x = 1.05F;
    f.landmarks[14].x = -0.05F;
  }
  const auto elbows = check_framing(exercise("shoulder_abduction"), frames, *kin::blazepose33(), kW, kH);
  ASSERT_FALSE(elbows.valid);
  EXPECT_NE(all(elbows).find("the camera does not see the left elbow, right elbow clearly"),
            std::string::npos)
      << all(elbows);
  EXPECT_EQ(all(elbows).find("feet"), std::string::npos) << all(elbows);
}

// Only what the count is measured from is required (framing_required_joints). A wall push-up filmed from the
// hips up, its hips on the picture's lower edge and not seen (real footage: refused "The camera cannot see
// your left hip clearly" in the patient's page, though the elbows it is counted from were in view), is
// framed: the hips only give its secondary measures (the trunk line). A lateral raise is counted against the
// trunk: the hips are required there.
TEST(Framing, APartOnlyASecondaryMeasureNeedsIsAskedForNotRequired) {
  using kin::Joint;
  const auto push = framing_required_joints(exercise("wall_push_up"));
  for (Joint j : {Joint::kLeftShoulder, Joint::kRightShoulder, Joint::kLeftElbow, Joint::kRightWrist})
    EXPECT_TRUE(has(push, j)) << kin::joint_name(j);
  for (Joint j : {Joint::kLeftHip, Joint::kRightHip, Joint::kLeftAnkle})
    EXPECT_FALSE(has(push, j)) << kin::joint_name(j);
  EXPECT_TRUE(has(framing_joints(exercise("wall_push_up")), Joint::kLeftHip));
  EXPECT_TRUE(has(framing_required_joints(exercise("shoulder_abduction")), Joint::kLeftHip));
  EXPECT_TRUE(has(framing_required_joints(exercise("deep_squat")), Joint::kLeftAnkle));
  for (const auto& [id, side] : {std::pair{"wall_push_up", true}, std::pair{"shoulder_abduction", false}}) {
    auto frames = frames_of(side);
    for (auto& f : frames)
      for (std::size_t i : {23u, 24u}) f.landmarks[i].visibility = 0.1F;  // the hips, not seen
    const auto a = check_framing(exercise(id), frames, *kin::blazepose33(), kW, kH);
    if (std::string(id) == "wall_push_up") {
      EXPECT_TRUE(a.valid) << all(a);
    } else {
      ASSERT_FALSE(a.valid);
      EXPECT_NE(all(a).find("left hip, right hip"), std::string::npos) << all(a);
    }
  }
}

TEST(Framing, MoreThanOnePersonIsRefused) {
  // The device's detector saw two people.
  const auto counted =
      check_framing(exercise("deep_squat"), frames_of(false), *kin::blazepose33(), kW, kH, 2);
  ASSERT_FALSE(counted.valid);
  EXPECT_NE(all(counted).find("Only one person in view"), std::string::npos) << all(counted);
  // Or the landmarks jump between two people standing side by side.
  auto frames = frames_of(false);
  for (std::size_t i = 1; i < frames.size(); i += 2) frames[i].landmarks = standing(false, 0.3F);
  const auto switching = check_framing(exercise("deep_squat"), frames, *kin::blazepose33(), kW, kH);
  ASSERT_FALSE(switching.valid);
  EXPECT_NE(all(switching).find("Only one person in view"), std::string::npos) << all(switching);
}

TEST(Framing, AShoulderHiddenInASideViewIsStillFramed) {
  // A barbell across the shoulders seen from the side: the far shoulder is not seen.
  auto frames = frames_of(true);
  for (auto& f : frames) f.landmarks[12].visibility = 0.1F;
  const auto a = check_framing(exercise("deep_squat"), frames, *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(a.valid) << all(a);
}

TEST(Framing, AHiddenFarSidePlacedOutsideThePictureIsFramedButASideCutOffIsNot) {
  // Shoulder flexion (counted against the trunk: the hips are required) filmed from the side, from the hips
  // up: the near hip seen at the picture's lower edge, the far one hidden and placed below it by the model.
  auto frames = frames_of(true, 0.0F, 0.47F);
  for (auto& f : frames) {
    f.landmarks[23].y = 0.99F;
    f.landmarks[24].y = 1.02F;
    f.landmarks[24].visibility = 0.2F;
  }
  const auto hidden = check_framing(exercise("shoulder_flexion"), frames, *kin::blazepose33(), kW, kH);
  EXPECT_TRUE(hidden.valid) << all(hidden);
  // The same hip seen outside the picture is cut off.
  for (auto& f : frames) f.landmarks[24].visibility = 0.9F;
  const auto cut = check_framing(exercise("shoulder_flexion"), frames, *kin::blazepose33(), kW, kH);
  EXPECT_NE(all(cut).find("right hip"), std::string::npos) << all(cut);
}

TEST(Framing, NobodyInThePictureIsRefused) {
  std::vector<FramingFrame> empty(15);
  const auto a = check_framing(exercise("deep_squat"), empty, *kin::blazepose33(), kW, kH);
  ASSERT_FALSE(a.valid);
  EXPECT_NE(all(a).find("no one is in the picture"), std::string::npos);
}

}  // namespace
}  // namespace physio::exercise

namespace physio::exercise {
namespace {

// One repetition of a squat (2 s, 100 deg) over 20 body frames: standing still, travelling across the view,
// or jumping.
RepMetrics squat_rep() {
  RepMetrics r;
  r.start_frame = 0;
  r.end_frame = 19;
  r.duration_s = 2.0;
  r.end_s = 2.0;  // 20 frames over 2 s (a jump is judged by its duration)
  r.rom_deg = 100.0;
  r.peak_deg = 100.0;
  r.symmetry_pct = 95.0;
  return r;
}

// 20 frames of a person whose feet stand at x 330 and 390 (sole at y 1100, torso 300 px): carried across by
// `travel_px`, both feet and the body with them lifted by `jump_px` in frames 8-11 (a jump), the heels alone
// by `heel_px`.
std::vector<BodyFrame> body_track(double travel_px, double jump_px, double heel_px = 0.0) {
  std::vector<BodyFrame> v;
  for (int i = 0; i < 20; ++i) {
    BodyFrame b;
    b.seen = true;
    b.torso = 300.0;
    const double dx = travel_px * i / 19.0;
    const bool up = i >= 8 && i <= 11;
    const double lift = up ? jump_px : 0.0, heel = up ? heel_px : 0.0;
    b.hip_x = 360.0 + dx;
    b.hip_y = 700.0 - lift;
    b.neck_y = 400.0 - lift;
    b.contact.torso = b.torso;
    b.contact.hips = Point2{b.hip_x, b.hip_y};
    b.contact.shoulders = Point2{b.hip_x, b.neck_y};
    for (std::size_t s = 0; s < 2; ++s) {
      b.contact.feet[s].x = (s == 0 ? 390.0 : 330.0) + dx;
      b.contact.feet[s].toe_y = 1100.0 - lift;
      b.contact.feet[s].sole_y = std::max(1100.0 - lift, 1100.0 - lift - heel);
    }
    v.push_back(b);
  }
  return v;
}

TEST(RepNotCounted, InPlaceCountsWalkingAndJumpingDoNot) {
  const Exercise& ex = exercise("deep_squat");
  EXPECT_EQ(rep_not_counted(ex, squat_rep(), body_track(0.0, 0.0)), "");
  // 1.5 torso lengths across the view between start and end: walking.
  const std::string walk = rep_not_counted(ex, squat_rep(), body_track(450.0, 0.0));
  EXPECT_NE(walk.find("walking, not Deep squat"), std::string::npos) << walk;
  // Both soles and the pelvis 0.5 torso lengths up: a jump.
  const std::string jump = rep_not_counted(ex, squat_rep(), body_track(0.0, 150.0));
  EXPECT_NE(jump.find("Keep your feet on the floor"), std::string::npos) << jump;
  EXPECT_NE(jump.find("this looks like jumping, not Deep squat"), std::string::npos) << jump;
  // Heels raised 0.3 torso lengths with the toes down: no jump; both soles up by the landmarks' noise
  // (0.05 torso lengths): none either.
  EXPECT_EQ(rep_not_counted(ex, squat_rep(), body_track(0.0, 0.0, 90.0)), "");
  EXPECT_EQ(rep_not_counted(ex, squat_rep(), body_track(0.0, 15.0)), "");
}

// A repetition counts from the person's own rest, wherever it is (a knee that does not straighten rests
// bent), but not from a rest past the exercise's typical end: bobbing 20 deg in a half squat held at 67 deg
// is no mini squat (0-45 deg). The finding: a woman stepping in a held half squat with a band round her knees
// (real-exercise-clips-more, mirrored) was counted one mini squat.
TEST(RepNotCounted, ARestPastTheExercisesEndIsNotItsStart) {
  const Exercise& mini = exercise("mini_squat");
  RepMetrics bob = squat_rep();
  bob.peak_deg = 87.0;
  bob.rom_deg = 20.0;
  const std::string why = rep_not_counted(mini, bob, body_track(0.0, 0.0));
  EXPECT_NE(
      why.find("it starts at 67 deg of knee flexion, past the exercise's typical end position (45 deg)"),
      std::string::npos)
      << why;
  // From a knee resting at 25 deg (a flexion contracture), 25 to 50 deg: a mini squat.
  RepMetrics stiff = squat_rep();
  stiff.peak_deg = 50.0;
  stiff.rom_deg = 25.0;
  EXPECT_EQ(rep_not_counted(mini, stiff, body_track(0.0, 0.0)), "");
  // The same 67-87 deg in a deep squat (0-110 deg) is judged by its range, not its start.
  const std::string deep = rep_not_counted(exercise("deep_squat"), bob, body_track(0.0, 0.0));
  EXPECT_EQ(deep.find("it starts at"), std::string::npos) << deep;
}

// The rhythm's shorter limit counts the pause at rest before a repetition (a repetition's tempo counts
// the pause at the start position among its phases): a man who rests 0.5 s between presses and then
// presses in 1.3 s presses no faster than the exercise's 1.5 s (0.75 x its shortest typical 2 s); a
// 1.3 s movement straight out of the one before is under it. The longer limit reads the movement alone.
TEST(RepNotCounted, TheRhythmCountsThePauseBeforeARepetition) {
  const Exercise& ex = exercise("shoulder_press");
  RepMetrics press = squat_rep();
  press.duration_s = 1.3;
  press.rest_before_s = 0.5;
  EXPECT_EQ(outside_rhythm(ex, press), 0);
  EXPECT_EQ(rep_not_counted(ex, press, {}).find("rhythm"), std::string::npos)
      << rep_not_counted(ex, press, {});
  press.rest_before_s = 0.0;
  EXPECT_LT(outside_rhythm(ex, press), 0);
  EXPECT_NE(rep_not_counted(ex, press, {}).find("it lasts 1.3 s, outside the exercise's rhythm"),
            std::string::npos)
      << rep_not_counted(ex, press, {});
  press.duration_s = 1.2;
  press.rest_before_s = 0.2;
  EXPECT_NE(
      rep_not_counted(ex, press, {})
          .find("it lasts 1.4 s with the pause before it (1.2 s moving), outside the exercise's rhythm"),
      std::string::npos)
      << rep_not_counted(ex, press, {});
  RepMetrics slow = squat_rep();
  slow.duration_s = 16.0;
  slow.rest_before_s = 0.0;
  EXPECT_GT(outside_rhythm(ex, slow), 0);
  slow.duration_s = 14.0;
  slow.rest_before_s = 5.0;  // a long pause never makes a repetition too slow
  EXPECT_EQ(outside_rhythm(ex, slow), 0);
}

TEST(RepNotCounted, RhythmRangeSidesAndTheRecordingsEndAreSaid) {
  const Exercise& ex = exercise("deep_squat");
  RepMetrics fast = squat_rep();
  fast.duration_s = 0.5;
  EXPECT_NE(rep_not_counted(ex, fast, {}).find("outside the exercise's rhythm"), std::string::npos);
  RepMetrics small = squat_rep();
  small.rom_deg = 20.0;
  EXPECT_NE(rep_not_counted(ex, small, {}).find("too small to be a repetition"), std::string::npos);
  RepMetrics one_sided = squat_rep();
  one_sided.symmetry_pct = 10.0;
  EXPECT_NE(rep_not_counted(ex, one_sided, {}).find("a one-sided movement"), std::string::npos);
  RepMetrics cut = squat_rep();
  cut.partial = true;
  EXPECT_NE(rep_not_counted(ex, cut, {}).find("the recording ends before it is complete"), std::string::npos);
}

}  // namespace
}  // namespace physio::exercise
