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

// What the people scan gives for a person there: the body state and the box round the landmarks (a body
// size tall, half as wide).
PersonSighting seen_at(float x, float y, float size_px, std::int64_t frame) {
  const float half_w = 0.25f * size_px / static_cast<float>(kWidth);
  const float half_h = 0.5f * size_px / static_cast<float>(kHeight);
  return PersonSighting{.body = state_at(x, y, size_px, frame),
                        .centre = {x, y},
                        .box = {.x0 = x - half_w, .y0 = y - half_h, .x1 = x + half_w, .y1 = y + half_h},
                        .roi = {},
                        .next_roi = {}};
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
  // (larger); a sighting in one frame only (noise); the man leaves for 2 s and comes back.
  PeopleTracker people;
  for (std::int64_t f = 0; f < 150; ++f) {
    std::vector<PersonSighting> seen;
    const bool man_in_view = f < 90 || f >= 150;
    if (man_in_view) seen.push_back(seen_at(0.5f, 0.45f, 400.0f, f));
    const float woman_x = 0.05f + 0.9f * static_cast<float>(f) / 149.0f;
    seen.push_back(seen_at(woman_x, 0.7f, 560.0f, f));
    if (f == 30) seen.push_back(seen_at(0.9f, 0.2f, 100.0f, f));
    if (f == 40) seen.push_back(seen_at(0.51f, 0.45f, 410.0f, f));  // the man twice
    people.add_frame(f * kFrameUs, seen, kWidth, kHeight);
  }
  for (std::int64_t f = 150; f < 180; ++f)
    people.add_frame(f * kFrameUs, std::vector<PersonSighting>{seen_at(0.5f, 0.45f, 400.0f, f)}, kWidth,
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
  // Every sighting of the man's track is the man's.
  for (const PersonSighting& s : found[0].sightings) EXPECT_NEAR(s.body.x_px, 0.5f * kWidth, 1.0f);
  EXPECT_TRUE(person_at(found[0], 10 * kFrameUs));
  EXPECT_FALSE(person_at(found[0], 100 * kFrameUs));
}

TEST(PersonIdentity, AMisreadingSeenForAFewFramesIsNotJoinedToSomeoneLater) {
  // demo.mp4: the landmark model misreads a man and what he stands on as a person below him for 3 frames;
  // a woman walks in 0.9 s later about one body size away. Within the limits of a person walking, but the
  // misreading was never confirmed (5 sightings), so the woman is a person of her own from her first frame.
  PeopleTracker people;
  for (std::int64_t f = 0; f < 60; ++f) {
    std::vector<PersonSighting> seen;
    if (f >= 3 && f < 6) seen.push_back(seen_at(0.42f, 0.53f, 750.0f, f));
    if (f >= 33) seen.push_back(seen_at(0.80f, 0.74f, 540.0f, f));
    people.add_frame(f * kFrameUs, seen, kWidth, kHeight);
  }
  const std::vector<PersonTrack> found = people.people();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first_us, 33 * kFrameUs);
  EXPECT_EQ(found[0].frames, 27);
  // Confirmed people are found again after a gap within the same limits.
  PeopleTracker confirmed;
  for (std::int64_t f = 0; f < 60; ++f) {
    std::vector<PersonSighting> seen;
    if (f < 6) seen.push_back(seen_at(0.42f, 0.53f, 750.0f, f));
    if (f >= 33) seen.push_back(seen_at(0.80f, 0.74f, 540.0f, f));
    confirmed.add_frame(f * kFrameUs, seen, kWidth, kHeight);
  }
  ASSERT_EQ(confirmed.people().size(), 1u);
  EXPECT_EQ(confirmed.people()[0].frames, 33);
}

TEST(PersonIdentity, LandmarkBoxesTellOnePersonFromTwo) {
  const std::vector<NormalizedLandmark> pose = {
      {.x = 0.30f, .y = 0.10f}, {.x = 0.40f, .y = 0.50f}, {.x = 0.35f, .y = 0.30f}};
  const LandmarkBox box = landmark_box(pose);
  EXPECT_FLOAT_EQ(box.x0, 0.30f);
  EXPECT_FLOAT_EQ(box.y0, 0.10f);
  EXPECT_FLOAT_EQ(box.x1, 0.40f);
  EXPECT_FLOAT_EQ(box.y1, 0.50f);
  // The same person read at a larger scale from a detection's region: most of the smaller box shared.
  const LandmarkBox larger{.x0 = 0.28f, .y0 = 0.05f, .x1 = 0.45f, .y1 = 0.62f};
  EXPECT_FLOAT_EQ(share_of_smaller(box, larger), 1.0f);
  EXPECT_TRUE(same_place(box, larger));
  // A misreading below them (the man's legs and the box he stands on, demo.mp4 frame 4): 39 % shared,
  // not the same place, but their hip centre lies in the man's box.
  const LandmarkBox man{.x0 = 0.32f, .y0 = 0.12f, .x1 = 0.41f, .y1 = 0.50f};
  const LandmarkBox below{.x0 = 0.37f, .y0 = 0.26f, .x1 = 0.45f, .y1 = 0.56f};
  EXPECT_NEAR(share_of_smaller(man, below), 0.40f, 0.01f);
  EXPECT_FALSE(same_place(man, below));
  EXPECT_TRUE(contains(man, {0.40f, 0.47f}));
  // Two people side by side.
  const LandmarkBox beside{.x0 = 0.38f, .y0 = 0.12f, .x1 = 0.50f, .y1 = 0.52f};
  EXPECT_LT(share_of_smaller(box, beside), 0.25f);
  EXPECT_FALSE(same_place(box, beside));
  EXPECT_FALSE(contains(box, {0.44f, 0.32f}));
  // Empty boxes share nothing.
  EXPECT_EQ(share_of_smaller(LandmarkBox{}, box), 0.0f);
}

TEST(PersonIdentity, FollowTargetSaysWhoIsWhere) {
  PeopleTracker people;
  for (std::int64_t f = 0; f < 20; ++f) {
    std::vector<PersonSighting> seen{seen_at(0.3f, 0.5f, 400.0f, f)};
    if (f >= 10) seen.push_back(seen_at(0.7f, 0.5f, 400.0f, f));
    people.add_frame(f * kFrameUs, seen, kWidth, kHeight);
  }
  const std::vector<PersonTrack> found = people.people();
  ASSERT_EQ(found.size(), 2u);
  FollowTarget at5 = follow_target(found, 2, 5 * kFrameUs);
  EXPECT_TRUE(at5.outside_listing);  // person 2 appears at frame 10
  EXPECT_FALSE(at5.person);
  ASSERT_EQ(at5.others.size(), 1u);
  FollowTarget at12 = follow_target(found, 2, 12 * kFrameUs);
  EXPECT_FALSE(at12.outside_listing);
  ASSERT_TRUE(at12.person);
  EXPECT_NEAR(at12.person->centre.x, 0.7f, 1e-6f);
  ASSERT_EQ(at12.others.size(), 1u);
  EXPECT_NEAR(at12.others[0].centre.x, 0.3f, 1e-6f);
}

}  // namespace
}  // namespace physio::pose
