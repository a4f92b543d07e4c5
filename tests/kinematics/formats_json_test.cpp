// Physio JSON/CSV round trips, MediaPipe JSON (the real pose-reference output), COCO and OpenPose.

#include <cmath>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "formats_test_util.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::kin {
namespace {

using test::expect_error;
using test::expect_same;
using test::make_sequence;

TEST(FormatsPhysio, JsonRoundTripWithWorld) {
  LandmarkFile file;
  file.landmarks = make_sequence(blazepose33(), CoordSpace::kImageNormalized, 12, 30.0);
  file.landmarks.image_width = 640;
  file.landmarks.image_height = 480;
  file.world = make_sequence(blazepose33(), CoordSpace::kWorldMetres, 12, 30.0);
  file.world->up_axis = Axis::kNegY;
  auto dir = physio::test::scratch_dir("pjson");
  ASSERT_TRUE(save_landmark_file(file, dir / "a.json"));
  auto back = load_landmarks(dir / "a.json");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->format, "physio-json");
  EXPECT_EQ(back->landmarks.skeleton().name, "blazepose33");
  EXPECT_EQ(back->landmarks.skeleton_ptr(), blazepose33());
  EXPECT_EQ(back->landmarks.image_width, 640);
  EXPECT_EQ(back->landmarks.image_height, 480);
  expect_same(file.landmarks, back->landmarks, true);
  ASSERT_TRUE(back->world);
  EXPECT_EQ(back->world->up_axis, Axis::kNegY);
  expect_same(*file.world, *back->world, true);
}

// Whom the series follows, as written and as read back.
void expect_same_identity(const IdentityInfo& want, const std::optional<IdentityInfo>& got) {
  ASSERT_TRUE(got);
  EXPECT_EQ(got->follow, want.follow);
  EXPECT_EQ(got->people_seen, want.people_seen);
  ASSERT_EQ(got->uncertain.size(), want.uncertain.size());
  for (std::size_t i = 0; i < want.uncertain.size(); ++i) {
    EXPECT_EQ(got->uncertain[i].start_us, want.uncertain[i].start_us) << i;
    EXPECT_EQ(got->uncertain[i].end_us, want.uncertain[i].end_us) << i;
    EXPECT_EQ(got->uncertain[i].frames, want.uncertain[i].frames) << i;
    EXPECT_EQ(got->uncertain[i].kind, want.uncertain[i].kind) << i;
    EXPECT_EQ(got->uncertain[i].reason, want.uncertain[i].reason) << i;
  }
}

TEST(FormatsPhysio, JsonIdentityRoundTripAndOlderReaders) {
  // Pose from video with several people in view writes whom the series follows; the object comes back,
  // a file without it has none, and a malformed one is ignored (it is informative).
  LandmarkFile file;
  file.landmarks = make_sequence(blazepose33(), CoordSpace::kImageNormalized, 5, 30.0);
  file.identity = IdentityInfo{.follow = "2",
                               .people_seen = 3,
                               .uncertain = {IdentitySpan{.start_us = 33'333,
                                                          .end_us = 100'000,
                                                          .frames = 3,
                                                          .kind = "other-person",
                                                          .reason = "the followed person was not found"}}};
  auto dir = physio::test::scratch_dir("pjson_identity");
  ASSERT_TRUE(save_landmark_file(file, dir / "a.json"));
  auto back = load_landmarks(dir / "a.json");
  ASSERT_TRUE(back) << back.error().to_string();
  expect_same(file.landmarks, back->landmarks, true);
  expect_same_identity(*file.identity, back->identity);

  file.identity.reset();
  ASSERT_TRUE(save_landmark_file(file, dir / "b.json"));
  auto plain = load_landmarks(dir / "b.json");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->identity);

  const std::string bad =
      R"({"format":"physio-landmarks","version":1,"skeleton":"coco17","space":"image-pixels",)"
      R"("identity":{"follow":7,"uncertain":[{"start_s":"x"},3]},"frames":[]})";
  auto odd = parse_landmarks(bad, "odd.json");
  ASSERT_TRUE(odd) << odd.error().to_string();
  ASSERT_TRUE(odd->identity);
  EXPECT_EQ(odd->identity->follow, "");
  EXPECT_TRUE(odd->identity->uncertain.empty());
}

TEST(FormatsPhysio, CsvCarriesIdentityLikeTheJson) {
  // A CSV written from pose keeps whom the series follows (it was lost: only the JSON had it), so that
  // an analysis of the CSV still leaves out the uncertain spans.
  LandmarkFile file;
  file.landmarks = make_sequence(blazepose33(), CoordSpace::kImageNormalized, 5, 30.0);
  file.identity = IdentityInfo{.follow = "auto",
                               .people_seen = 3,
                               .uncertain = {IdentitySpan{.start_us = 33'333,
                                                          .end_us = 100'000,
                                                          .frames = 3,
                                                          .kind = "other-person",
                                                          .reason = "the followed person was not found; "
                                                                    "frames left empty"},
                                             IdentitySpan{.start_us = 133'333,
                                                          .end_us = 133'333,
                                                          .frames = 1,
                                                          .kind = "jump",
                                                          .reason = "hips moved 0.4 image widths"}}};
  auto dir = physio::test::scratch_dir("pcsv_identity");
  ASSERT_TRUE(save_landmark_file(file, dir / "a.csv"));
  auto back = load_landmarks(dir / "a.csv");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->format, "physio-csv");
  expect_same(file.landmarks, back->landmarks, true);
  expect_same_identity(*file.identity, back->identity);
  // Without identity: no such lines and none read back; a malformed line is left out, not an error.
  file.identity.reset();
  ASSERT_TRUE(save_landmark_file(file, dir / "b.csv"));
  auto plain = load_landmarks(dir / "b.csv");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->identity);
  auto text = load_text_file(dir / "b.csv");
  ASSERT_TRUE(text);
  std::string odd =
      "# physio-identity follow=2 people_seen=x\n# physio-identity-uncertain start_s=y end_s=1 "
      "frames=1 kind=jump reason=r\n" +
      *text;
  auto o = parse_landmarks(odd, "odd.csv");
  ASSERT_TRUE(o) << o.error().to_string();
  ASSERT_TRUE(o->identity);
  EXPECT_EQ(o->identity->follow, "2");
  EXPECT_EQ(o->identity->people_seen, 0);
  EXPECT_TRUE(o->identity->uncertain.empty());
}

TEST(FormatsPhysio, JsonRoundTripCustomSkeleton) {
  auto sk = skeleton_from_names({"RKnee", "LKnee", "pelvis"}, "markers");
  ASSERT_TRUE(sk);
  LandmarkSequence seq = make_sequence(*sk, CoordSpace::kWorldMetres, 4, 100.0);
  auto dir = physio::test::scratch_dir("pjson2");
  ASSERT_TRUE(save_landmarks(seq, dir / "m.json"));
  auto back = load_landmarks(dir / "m.json");
  ASSERT_TRUE(back) << back.error().to_string();
  expect_same(seq, back->landmarks, true);
  EXPECT_TRUE(back->landmarks.skeleton().has(Joint::kMidHip));
}

TEST(FormatsPhysio, CsvRoundTrip) {
  LandmarkSequence seq = make_sequence(coco17(), CoordSpace::kImagePixels, 9, 25.0);
  seq.image_width = 1920;
  seq.image_height = 1080;
  auto dir = physio::test::scratch_dir("pcsv");
  ASSERT_TRUE(save_landmarks(seq, dir / "a.csv"));
  auto back = load_landmarks(dir / "a.csv");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->format, "physio-csv");
  EXPECT_EQ(back->landmarks.skeleton_ptr(), coco17());
  EXPECT_EQ(back->landmarks.image_width, 1920);
  expect_same(seq, back->landmarks, true);
  EXPECT_TRUE(back->warnings.empty());
}

TEST(FormatsPhysio, CsvWithoutMetadataGuessesSpace) {
  auto r =
      parse_landmarks("frame,t_s,knee_x,knee_y,knee_z,knee_v\n0,0,0.5,0.5,,0.9\n1,0.1,0.6,0.4,,\n", "k.csv");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->landmarks.space(), CoordSpace::kImageNormalized);
  EXPECT_EQ(r->warnings.size(), 1u);
  EXPECT_FLOAT_EQ(r->landmarks.at(1, 0).x, 0.6f);
  EXPECT_TRUE(std::isnan(r->landmarks.at(1, 0).visibility));
}

TEST(FormatsPhysioBad, JsonErrorsNameFrame) {
  auto err = [](std::string_view text) {
    auto r = parse_landmarks(text, "p.json");
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().to_string();
  };
  const std::string head =
      R"({"format":"physio-landmarks","version":1,"skeleton":"x","space":"world-metres","landmark_names":["a","b"],"frames":[)";
  EXPECT_EQ(err(head + R"({"t_s":0,"landmarks":[[1,2,3],[1,2,3]]},{"t_s":0.1,"landmarks":[[1,2,3]]}]})"),
            "reading p.json: frame 1: expected 2 landmarks, got 1");
  expect_error(
      err(head + R"({"t_s":0.1,"landmarks":[[1,2,3],[1,2,3]]},{"t_s":0.1,"landmarks":[[1,2,3],[1,2,3]]}]})"),
      {"p.json", "frame 1", "not after"});
  expect_error(err(head + R"({"t_s":0,"landmarks":[[1,"x",3],[1,2,3]]}]})"),
               {"p.json", "frame 0", "landmarks 0"});
  expect_error(err(head + R"({"t_s":0,"landmarks":[[1,1e300,3],[1,2,3]]}]})"),
               {"p.json", "frame 0", "not a finite"});
  expect_error(err(head + R"({"t_s":0,"landmarks":[[1,2,3],[1,2,3]]})"), {"p.json", "invalid JSON"});
  expect_error(err(R"({"format":"physio-landmarks","version":2})"), {"p.json", "version"});
  expect_error(err(std::string(100, '[')), {"p.json", "nested deeper"});
  // Found by fuzzing: numbers beyond double range made nlohmann throw out_of_range.
  expect_error(err(R"([{"poseLandmarks":[{"x":1e999,"y":1}]}])"), {"p.json", "invalid JSON", "overflow"});
  expect_error(
      err(R"({"format":"physio-landmarks","version":1,"skeleton":"x","space":"world-metres","landmark_names":["a","a"],"frames":[]})"),
      {"p.json", "'a' appears twice"});
}

TEST(FormatsPhysioBad, CsvErrorsNameLine) {
  auto err = [](std::string_view text) {
    auto r = parse_landmarks(text, "p.csv");
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().to_string();
  };
  EXPECT_EQ(err("frame,t_s,a_x,a_y,a_z,a_v\n0,0,1,2,3,1\n1,0.1,1,2,3\n"),
            "reading p.csv: line 3: expected 6 columns, got 5");
  expect_error(err("frame,t_s,a_x,a_y,a_z,a_v\n0,0,1,inf,3,1\n"), {"p.csv", "line 2", "a_y", "not a finite"});
  expect_error(err("frame,t_s,a_x,a_y,a_z,a_v\n0,0.2,1,2,3,1\n1,0.1,1,2,3,1\n"),
               {"p.csv", "line 3", "not after"});
  expect_error(err("frame,t_s,a_x,a_y,a_z,b_v\n"), {"p.csv", "line 1", "'b_v'", "a_v"});
  expect_error(err("frame,t_s,a_x,a_y,a_z,a_v,a_x,a_y,a_z,a_v\n"), {"p.csv", "line 1", "'a' appears twice"});
}

// --- MediaPipe ---

TEST(FormatsMediapipe, ReadsPoseReference) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  auto r = load_landmarks(shared_path / "ref_vtest_c0_cpu.json");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->format, "mediapipe-json");
  const LandmarkSequence& seq = r->landmarks;
  EXPECT_EQ(seq.n_frames(), 2u);
  EXPECT_EQ(seq.skeleton_ptr(), blazepose33());
  EXPECT_EQ(seq.space(), CoordSpace::kImageNormalized);
  EXPECT_EQ(seq.image_width, 600);
  EXPECT_EQ(seq.image_height, 600);
  EXPECT_FLOAT_EQ(seq.at(0, 0).x, 0.5029128789901733f);
  EXPECT_FLOAT_EQ(seq.at(0, 0).y, 0.2834763526916504f);
  EXPECT_FLOAT_EQ(seq.at(0, 0).visibility, 0.9997947812080383f);
  ASSERT_TRUE(r->world);
  EXPECT_EQ(r->world->space(), CoordSpace::kWorldMetres);
  EXPECT_EQ(r->world->up_axis, Axis::kNegY);
  EXPECT_FLOAT_EQ(r->world->at(0, 0).x, 0.06678419560194016f);
  EXPECT_FLOAT_EQ(r->world->at(0, 0).y, -0.5725212693214417f);
  EXPECT_FALSE(r->warnings.empty());  // no timestamps: 30 Hz assumed
  EXPECT_NEAR(seq.rate_hz(), 30.0, 0.01);
}

std::string mp_frame(float x, bool world) {
  std::string lm = "[";
  for (int i = 0; i < 33; ++i)
    lm += fmt::format("{}{{\"x\":{},\"y\":0.5,\"z\":-0.1,\"visibility\":0.9}}", i ? "," : "",
                      x + 0.001f * static_cast<float>(i));
  lm += "]";
  return fmt::format("{{\"poseLandmarks\":{}{}}}", lm, world ? ",\"poseWorldLandmarks\":" + lm : "");
}

TEST(FormatsMediapipe, ArrayWithTimesAndEmptyFrames) {
  std::string text = "[" + mp_frame(0.1f, true).insert(1, "\"t_ms\":0,") +
                     ",{\"t_ms\":40,\"poseLandmarks\":[]}," +
                     mp_frame(0.2f, false).insert(1, "\"t_ms\":80,") + "]";
  auto r = parse_landmarks(text, "mp.json");
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->landmarks.n_frames(), 3u);
  EXPECT_NEAR(r->landmarks.rate_hz(), 25.0, 1e-6);
  EXPECT_TRUE(r->landmarks.at(1, 5).missing());
  EXPECT_FLOAT_EQ(r->landmarks.at(2, 0).x, 0.2f);
  ASSERT_TRUE(r->world);
  EXPECT_FALSE(r->world->at(0, 0).missing());
  EXPECT_TRUE(r->world->at(2, 0).missing());
}

TEST(FormatsMediapipeBad, WrongLandmarkCount) {
  std::string text = "[" + mp_frame(0.1f, false) + "," +
                     "{\"poseLandmarks\":[{\"x\":0.1,\"y\":0.2,\"z\":0,\"visibility\":1}]}]";
  auto r = parse_landmarks(text, "mp.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(),
            "reading mp.json: frame 1: \"poseLandmarks\": expected 33 landmarks, got 1");
  LoadOptions one_landmark;
  one_landmark.skeleton = skeleton_from_names({"knee"}).value();
  auto nox = parse_landmarks(R"([{"poseLandmarks":[{"y":0.2}]}])", "n.json", one_landmark);
  ASSERT_FALSE(nox);
  expect_error(nox.error().to_string(), {"n.json", "frame 0", "no \"x\""});
}

// --- COCO ---

std::string coco_kp(float x0, float y0, float size) {
  std::string s = "[";
  for (int k = 0; k < 17; ++k)
    s += fmt::format("{}{},{},{}", k ? "," : "", x0 + size * static_cast<float>(k % 4),
                     y0 + size * static_cast<float>(k / 4), k == 16 ? 0 : 2);
  return s + "]";
}

TEST(FormatsCoco, DatasetWithTwoPeople) {
  std::string text =
      R"({"images":[{"id":7,"width":640,"height":480},{"id":3}],"annotations":[)" +
      fmt::format(
          R"({{"image_id":7,"keypoints":{}}},{{"image_id":7,"keypoints":{}}},{{"image_id":3,"keypoints":{}}}]}})",
          coco_kp(10, 10, 2), coco_kp(300, 100, 20), coco_kp(305, 102, 20));
  auto r = parse_landmarks(text, "c.json");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->format, "coco");
  const LandmarkSequence& seq = r->landmarks;
  ASSERT_EQ(seq.n_frames(), 2u);
  EXPECT_EQ(seq.skeleton_ptr(), coco17());
  EXPECT_EQ(seq.image_width, 640);
  EXPECT_FLOAT_EQ(seq.at(0, 0).x, 300.0f);  // the larger person
  EXPECT_FLOAT_EQ(seq.at(1, 0).x, 305.0f);
  EXPECT_FLOAT_EQ(seq.at(0, 0).visibility, 1.0f);
  EXPECT_TRUE(seq.at(0, 16).missing());
}

TEST(FormatsCocoBad, ShortKeypoints) {
  auto r = parse_landmarks(R"([{"image_id":1,"keypoints":[1,2,2,3,4]}])", "c.json");
  ASSERT_FALSE(r);
  expect_error(r.error().to_string(), {"c.json", "annotation 0", "5 values"});
}

// --- OpenPose ---

std::string op_person(float x0, float scale, std::size_t n = 25) {
  std::string s = R"({"person_id":[-1],"pose_keypoints_2d":[)";
  for (std::size_t k = 0; k < n; ++k)
    s += fmt::format("{}{},{},{}", k ? "," : "", x0 + scale * static_cast<float>(k % 5),
                     100 + scale * static_cast<float>(k / 5), k == 3 ? 0.0 : 0.8);
  return s + "]}";
}

TEST(FormatsOpenPose, FolderTracksMainPerson) {
  auto dir = physio::test::scratch_dir("openpose");
  // Frame 0: big person at x=100, small at 600. Frame 1: listed in the other order. Frame 2: nobody.
  // Frame 3: the small one grows larger than the main one, who stays near 104.
  test::write_text(dir / "v_000000000000_keypoints.json",
                   "{\"version\":1.3,\"people\":[" + op_person(100, 30) + "," + op_person(600, 5) + "]}");
  test::write_text(dir / "v_000000000001_keypoints.json",
                   "{\"version\":1.3,\"people\":[" + op_person(602, 5) + "," + op_person(102, 30) + "]}");
  test::write_text(dir / "v_000000000002_keypoints.json", "{\"version\":1.3,\"people\":[]}");
  test::write_text(dir / "v_000000000003_keypoints.json",
                   "{\"version\":1.3,\"people\":[" + op_person(500, 60) + "," + op_person(104, 30) + "]}");
  test::write_text(dir / "notes.txt", "not a frame");
  LoadOptions opts;
  opts.rate_hz = 25;
  auto r = load_landmarks(dir, opts);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->format, "openpose");
  const LandmarkSequence& seq = r->landmarks;
  ASSERT_EQ(seq.n_frames(), 4u);
  EXPECT_EQ(seq.skeleton_ptr(), body25());
  EXPECT_EQ(seq.space(), CoordSpace::kImagePixels);
  EXPECT_NEAR(seq.rate_hz(), 25.0, 1e-6);
  EXPECT_FLOAT_EQ(seq.at(0, 0).x, 100.0f);
  EXPECT_FLOAT_EQ(seq.at(1, 0).x, 102.0f);
  EXPECT_TRUE(seq.at(2, 0).missing());
  EXPECT_FLOAT_EQ(seq.at(3, 0).x, 104.0f);
  EXPECT_TRUE(seq.at(0, 3).missing());  // confidence 0

  opts.skeleton_name = "body25b";
  opts.person = PersonPolicy::kLargest;
  auto b = load_landmarks(dir, opts);
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(b->landmarks.skeleton_ptr(), body25b());
  EXPECT_FLOAT_EQ(b->landmarks.at(3, 0).x, 500.0f);
}

TEST(FormatsOpenPose, Coco18AndErrors) {
  auto r = parse_landmarks("{\"people\":[" + op_person(10, 3, 18) + "]}", "f_keypoints.json");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->landmarks.skeleton().name, "openpose18");
  EXPECT_TRUE(r->landmarks.skeleton().has(Joint::kNeck));

  auto bad = parse_landmarks("{\"people\":[" + op_person(10, 3, 19) + "]}", "f_keypoints.json");
  ASSERT_FALSE(bad);
  expect_error(bad.error().to_string(), {"f_keypoints.json", "19 keypoints"});

  auto dir = physio::test::scratch_dir("openpose_bad");
  test::write_text(dir / "v_0_keypoints.json", "{\"people\":[" + op_person(10, 3) + "]}");
  test::write_text(dir / "v_1_keypoints.json", "{\"people\":[{\"pose_keypoints_2d\":[1,2]}]}");
  auto f = load_landmarks(dir);
  ASSERT_FALSE(f);
  expect_error(f.error().to_string(), {"frame 1 (v_1_keypoints.json)", "2 values"});
  auto empty_dir = load_landmarks(physio::test::scratch_dir("openpose_empty"));
  ASSERT_FALSE(empty_dir);
  EXPECT_EQ(empty_dir.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace physio::kin
