// The identity rule on synthetic people (no models): a person walking, jumping or flipping stays the same
// person; another person picked up in one frame interval does not; detections are chosen by identity
// before score; a people scan keeps two people apart when they cross.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/person_identity.hpp"

namespace physio::pose {
namespace {

constexpr int kWidth = 1768;  // demo.mp4's frame size
constexpr int kHeight = 994;
constexpr TimeUs kFrameUs = 33'333;  // 30 frames/s

// A detection whose keypoints put the hip centre at (x, y) (normalised) and the body size at size_px.
Detection person_at_xy(float x, float y, float size_px, float score = 0.9f) {
  Detection d;
  d.score = score;
  const float half_w = 0.25f * size_px / static_cast<float>(kWidth);
  const float half_h = 0.5f * size_px / static_cast<float>(kHeight);
  d.xmin = x - half_w;
  d.ymin = y - half_h;
  d.width = 2.0f * half_w;
  d.height = 2.0f * half_h;
  // Keypoint 1 is half a body size above the hip centre (the full-body circle).
  d.keypoints = {{x, y}, {x, y - 0.5f * size_px / static_cast<float>(kHeight)}, {x, y - 0.3f}, {x, y - 0.4f}};
  return d;
}

PersonState state_at(float x, float y, float size_px, std::int64_t frame) {
  return person_state(person_at_xy(x, y, size_px), kWidth, kHeight, frame * kFrameUs);
}

TEST(PersonIdentity, StateFromAlignmentPoints) {
  const PersonState s = state_at(0.5f, 0.6f, 400.0f, 3);
  EXPECT_NEAR(s.x_px, 0.5f * kWidth, 1e-3);
  EXPECT_NEAR(s.y_px, 0.6f * kHeight, 1e-3);
  EXPECT_NEAR(s.size_px, 400.0f, 1e-2);
  EXPECT_EQ(s.t_us, 3 * kFrameUs);
}

TEST(PersonIdentity, WalkingJumpingAndFlippingStayTheSamePerson) {
  // Walking 1.5 body sizes per second, jumping (hip up and down 0.4 body sizes at 2 Hz), a backflip
  // (hip moving 3 body sizes per second, the size shrinking to 60% in a tuck over 0.2 s).
  const float size = 400.0f;
  for (std::int64_t f = 1; f < 90; ++f) {
    const float t0 = static_cast<float>(f - 1) / 30.0f;
    const float t1 = static_cast<float>(f) / 30.0f;
    auto walk = [&](float t) { return 0.2f + 1.5f * size * t / kWidth; };
    EXPECT_TRUE(
        compare_person(state_at(walk(t0), 0.6f, size, f - 1), state_at(walk(t1), 0.6f, size, f)).same);
    auto jump = [&](float t) { return 0.6f - 0.4f * size / kHeight * std::abs(std::sin(6.283f * t)); };
    EXPECT_TRUE(
        compare_person(state_at(0.5f, jump(t0), size, f - 1), state_at(0.5f, jump(t1), size, f)).same);
    auto flip_x = [&](float t) { return 0.4f + 3.0f * size * t / kWidth * 0.5f; };
    auto flip_y = [&](float t) { return 0.6f - 3.0f * size * t / kHeight * 0.5f; };
    auto flip_size = [&](std::int64_t k) {
      return size * (1.0f - 0.4f * (1.0f - std::abs(static_cast<float>(k % 12) - 6.0f) / 6.0f));
    };
    EXPECT_TRUE(compare_person(state_at(flip_x(t0), flip_y(t0), flip_size(f - 1), f - 1),
                               state_at(flip_x(t1), flip_y(t1), flip_size(f), f))
                    .same)
        << "frame " << f;
  }
}

TEST(PersonIdentity, AnotherPersonInOneFrameIntervalIsASwitch) {
  // demo.mp4 at 5.67 s: the man's hip at (0.47, 0.26), one frame later a woman's at (0.18, 0.75).
  const PersonState man = state_at(0.47f, 0.26f, 450.0f, 168);
  const IdentityVerdict v = compare_person(man, state_at(0.18f, 0.75f, 420.0f, 170));
  EXPECT_FALSE(v.same);
  EXPECT_GT(v.distance_sizes, 1.0f);
  // Someone of twice the size (nearer the camera) at the same place is not the same person either.
  EXPECT_FALSE(compare_person(man, state_at(0.47f, 0.26f, 900.0f, 169)).same);
  // Given time, a person can be anywhere: after 2 s the woman's place is reachable.
  EXPECT_TRUE(compare_person(man, state_at(0.18f, 0.75f, 420.0f, 168 + 60)).same);
}

TEST(PersonIdentity, ChoosesTheFollowedPersonNotTheBestScore) {
  const std::vector<Detection> two = {person_at_xy(0.18f, 0.75f, 420.0f, 0.95f),
                                      person_at_xy(0.50f, 0.30f, 450.0f, 0.7f)};
  const std::optional<PersonState> man = state_at(0.47f, 0.26f, 450.0f, 10);
  EXPECT_EQ(choose_detection(two, man, PersonChoice::kBestScore, kWidth, kHeight, 11 * kFrameUs), 1);
  // Only the other person in view: nobody is chosen.
  EXPECT_EQ(choose_detection(std::vector<Detection>{two[0]}, man, PersonChoice::kBestScore, kWidth, kHeight,
                             11 * kFrameUs),
            -1);
  // Without a reference the first-choice rule decides.
  const std::optional<PersonState> none;
  const std::vector<Detection> three = {person_at_xy(0.1f, 0.5f, 300.0f, 0.99f),
                                        person_at_xy(0.52f, 0.5f, 350.0f, 0.8f),
                                        person_at_xy(0.8f, 0.6f, 600.0f, 0.7f)};
  EXPECT_EQ(choose_detection(three, none, PersonChoice::kBestScore, kWidth, kHeight, 0), 0);
  EXPECT_EQ(choose_detection(three, none, PersonChoice::kCentral, kWidth, kHeight, 0), 1);
  EXPECT_EQ(choose_detection(three, none, PersonChoice::kLargest, kWidth, kHeight, 0), 2);
  EXPECT_EQ(choose_detection(std::vector<Detection>{}, none, PersonChoice::kBestScore, kWidth, kHeight, 0),
            -1);
}

TEST(PersonIdentity, ParsesChoices) {
  EXPECT_EQ(parse_person_choice("auto"), PersonChoice::kBestScore);
  EXPECT_EQ(parse_person_choice("largest"), PersonChoice::kLargest);
  EXPECT_EQ(parse_person_choice("central"), PersonChoice::kCentral);
  EXPECT_FALSE(parse_person_choice("biggest"));
  EXPECT_FALSE(parse_person_choice("1"));
  EXPECT_TRUE(identity_uncertain(IdentityStatus::kJump));
  EXPECT_TRUE(identity_uncertain(IdentityStatus::kOtherPerson));
  EXPECT_TRUE(identity_uncertain(IdentityStatus::kReacquired));
  EXPECT_FALSE(identity_uncertain(IdentityStatus::kFollowed));
  EXPECT_EQ(identity_status_name(IdentityStatus::kOtherPerson), "other-person");
}

TEST(PersonIdentity, PeopleScanKeepsTwoCrossingPeopleApart) {
  // A man standing at x 0.5 the whole time; a woman walking from x 0.05 to 0.95 past him, in front
  // (larger); a detection seen in one frame only (noise); the man leaves for 2 s and comes back.
  PeopleTracker people;
  for (std::int64_t f = 0; f < 150; ++f) {
    std::vector<Detection> dets;
    const bool man_in_view = f < 90 || f >= 150;
    if (man_in_view) dets.push_back(person_at_xy(0.5f, 0.45f, 400.0f));
    const float woman_x = 0.05f + 0.9f * static_cast<float>(f) / 149.0f;
    dets.push_back(person_at_xy(woman_x, 0.7f, 560.0f));
    if (f == 30) dets.push_back(person_at_xy(0.9f, 0.2f, 100.0f));
    if (f == 40) dets.push_back(person_at_xy(0.51f, 0.45f, 410.0f));  // the man twice (NMS left both)
    people.add_frame(f * kFrameUs, dets, kWidth, kHeight);
  }
  for (std::int64_t f = 150; f < 180; ++f)
    people.add_frame(f * kFrameUs, std::vector<Detection>{person_at_xy(0.5f, 0.45f, 400.0f)}, kWidth,
                     kHeight);

  const std::vector<PersonTrack> found = people.people();
  ASSERT_EQ(found.size(), 3u);  // the man, the woman, the man again (2 s away: a new id)
  EXPECT_EQ(found[0].id, 1);
  EXPECT_EQ(found[0].frames, 90);
  EXPECT_NEAR(found[0].mean_x, 0.5f, 1e-3);
  EXPECT_NEAR(found[0].mean_size, 400.0f / kHeight, 1e-3);
  EXPECT_EQ(found[0].first_us, 0);
  EXPECT_EQ(found[0].last_us, 89 * kFrameUs);
  EXPECT_EQ(found[1].id, 2);
  EXPECT_EQ(found[1].frames, 150);
  EXPECT_NEAR(found[1].mean_x, 0.5f, 0.01f);
  EXPECT_EQ(found[2].first_us, 150 * kFrameUs);
  // Every state of the man's track is the man's.
  for (const PersonState& s : found[0].states) EXPECT_NEAR(s.x_px, 0.5f * kWidth, 1.0f);
  EXPECT_TRUE(person_at(found[0], 10 * kFrameUs));
  EXPECT_FALSE(person_at(found[0], 100 * kFrameUs));
}

}  // namespace
}  // namespace physio::pose
