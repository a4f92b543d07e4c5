// The pose cache (PHYSIO_POSE_CACHE): exact round trips, damaged entries read as misses, keys that follow
// every option and the input's bytes but not its name, and run_pose answering from an entry with the same
// landmarks as the run that stored it.
#include "pose/video/pose_cache.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <new>
#include <thread>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/image.hpp"
#include "pose/video/lite_options.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;
using test_options::lite_options;

bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

PoseRunResult sample_result() {
  PoseRunResult r;
  kin::LandmarkSequence seq(kin::blazepose33(), kin::CoordSpace::kImageNormalized, 3);
  for (std::size_t f = 0; f < 3; ++f) {
    seq.times()[f] = static_cast<TimeUs>(f) * 33'333 + 7;
    for (std::size_t l = 0; l < seq.n_landmarks(); ++l) {
      if (f == 1) continue;  // a frame without a person stays NaN
      seq.at(f, l) = {0.1f * static_cast<float>(l) / 3.0f, 1.0f / 3.0f + static_cast<float>(f), -0.25f,
                      0.999f};
    }
  }
  seq.image_width = 1280;
  seq.image_height = 720;
  r.landmarks.landmarks = seq;
  kin::LandmarkSequence world = seq;
  world.up_axis = kin::Axis::kNegY;
  r.landmarks.world = world;
  r.landmarks.format = "physio-json";
  r.landmarks.warnings = {"first warning", ""};
  kin::IdentityInfo info{"2", 3, {{100, 200, 4, "jump", "the landmarks jumped"}}};
  r.landmarks.identity = info;
  r.stats.kind = SourceKind::kVideo;
  r.stats.frames = 3;
  r.stats.frames_with_person = 2;
  r.stats.truncation = "cut";
  r.stats.elapsed_s = 1.0 / 3.0;
  r.stats.people_seen = 3;
  PersonTrack p;
  p.id = 2;
  p.first_us = 7;
  p.last_us = 66'673;
  p.frames = 2;
  p.mean_x = 0.3f;
  PersonSighting s;
  s.body = {1.5f, 2.5f, 3.5f, 7};
  s.roi.rotation_rad = 0.125f;
  p.sightings = {s, s};
  r.people = {p};
  return r;
}

TEST(PoseCache, RunRoundTripsBitForBitWithTheCurrentSource) {
  const PoseRunResult in = sample_result();
  const std::string bytes = serialize_pose_run(in);
  auto out = deserialize_pose_run(bytes, "/elsewhere/copy.mp4");
  ASSERT_TRUE(out);
  const auto& a = in.landmarks.landmarks;
  const auto& b = out->landmarks.landmarks;
  ASSERT_EQ(b.n_frames(), a.n_frames());
  ASSERT_EQ(b.n_landmarks(), a.n_landmarks());
  EXPECT_EQ(b.skeleton().name, "blazepose33");
  EXPECT_EQ(b.space(), a.space());
  for (std::size_t f = 0; f < a.n_frames(); ++f) {
    EXPECT_EQ(b.times()[f], a.times()[f]);
    for (std::size_t l = 0; l < a.n_landmarks(); ++l) {
      EXPECT_TRUE(same_bits(b.at(f, l).x, a.at(f, l).x));
      EXPECT_TRUE(same_bits(b.at(f, l).y, a.at(f, l).y));
      EXPECT_TRUE(same_bits(b.at(f, l).z, a.at(f, l).z));
      EXPECT_TRUE(same_bits(b.at(f, l).visibility, a.at(f, l).visibility));
    }
  }
  EXPECT_TRUE(b.at(1, 0).missing());
  EXPECT_EQ(b.image_width, 1280);
  EXPECT_EQ(b.source, "/elsewhere/copy.mp4");
  ASSERT_TRUE(out->landmarks.world);
  EXPECT_EQ(out->landmarks.world->up_axis, kin::Axis::kNegY);
  EXPECT_EQ(out->landmarks.world->source, "/elsewhere/copy.mp4");
  EXPECT_EQ(out->landmarks.format, "physio-json");
  EXPECT_EQ(out->landmarks.warnings, in.landmarks.warnings);
  ASSERT_TRUE(out->landmarks.identity);
  EXPECT_EQ(out->landmarks.identity->follow, "2");
  ASSERT_EQ(out->landmarks.identity->uncertain.size(), 1u);
  EXPECT_EQ(out->landmarks.identity->uncertain[0].reason, "the landmarks jumped");
  EXPECT_EQ(out->stats.frames_with_person, 2);
  EXPECT_EQ(out->stats.truncation, "cut");
  EXPECT_EQ(out->stats.elapsed_s, 1.0 / 3.0);
  EXPECT_TRUE(out->stats.from_cache);
  ASSERT_EQ(out->people.size(), 1u);
  EXPECT_EQ(out->people[0].last_us, 66'673);
  ASSERT_EQ(out->people[0].sightings.size(), 2u);
  EXPECT_EQ(out->people[0].sightings[1].body.t_us, 7);
  EXPECT_TRUE(same_bits(out->people[0].sightings[1].roi.rotation_rad, 0.125f));
}

TEST(PoseCache, ScanRoundTrips) {
  PeopleScan scan{sample_result().people, 90, 640, 480};
  auto out = deserialize_people_scan(serialize_people_scan(scan));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->frames, 90);
  EXPECT_EQ(out->image_height, 480);
  ASSERT_EQ(out->people.size(), 1u);
  EXPECT_EQ(out->people[0].sightings.size(), 2u);
  // A scan is not a run, nor a run a scan.
  EXPECT_FALSE(deserialize_pose_run(serialize_people_scan(scan), "x"));
  EXPECT_FALSE(deserialize_people_scan(serialize_pose_run(sample_result())));
}

TEST(PoseCache, EveryTruncationOrExtraByteIsAMiss) {
  const std::string bytes = serialize_pose_run(sample_result());
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(deserialize_pose_run(std::string_view(bytes).substr(0, n), "x")) << n;
  EXPECT_FALSE(deserialize_pose_run(bytes + "x", "x"));
  std::string foreign = bytes;
  foreign[foreign.find("physio-pose-cache") + 18] = '9';  // another format version
  EXPECT_FALSE(deserialize_pose_run(foreign, "x"));
}

TEST(PoseCache, KeyFollowsTheBytesAndEveryOptionButNotTheName) {
  auto dir = test::scratch_dir("pose_cache_key");
  fs::create_directories(dir / "models");
  std::ofstream(dir / "models" / "m.tflite") << "model";
  std::ofstream(dir / "a.mp4", std::ios::binary) << "video bytes";
  fs::copy_file(dir / "a.mp4", dir / "copy.mp4", fs::copy_options::overwrite_existing);
  std::ofstream(dir / "b.mp4", std::ios::binary) << "other bytes";
  PoseRunOptions o;
  o.tracker.models_dir = dir / "models";
  const auto key = pose_cache_key("run", dir / "a.mp4", o);
  ASSERT_TRUE(key);
  EXPECT_EQ(pose_cache_key("run", dir / "copy.mp4", o), key);
  EXPECT_NE(pose_cache_key("run", dir / "b.mp4", o), key);
  EXPECT_NE(pose_cache_key("scan", dir / "a.mp4", o), key);
  auto changed = [&](auto edit) {
    PoseRunOptions c = o;
    edit(c);
    return pose_cache_key("run", dir / "a.mp4", c) != key;
  };
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.tracker.threads = 2; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.tracker.model = PoseModelKind::kHeavy; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.tracker.smooth_landmarks = false; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.tracker.first_person = PersonChoice::kLargest; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.tracker.identity_limits.reacquire_s = 2.0f; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.source.video_rate_hz = 30.0; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.source.uploaded = true; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.max_frames = 10; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.follow_id = 1; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.follow_name = "central"; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.people = std::vector<PersonTrack>{}; }));
  EXPECT_TRUE(changed([](PoseRunOptions& c) { c.people = sample_result().people; }));
  // A model file replaced.
  std::ofstream(dir / "models" / "m.tflite") << "another model, longer";
  EXPECT_NE(pose_cache_key("run", dir / "a.mp4", o), key);
  // Not for an overlay, a folder or a missing file.
  PoseRunOptions overlay = o;
  overlay.overlay = dir / "out.mp4";
  EXPECT_FALSE(pose_cache_key("run", dir / "a.mp4", overlay));
  EXPECT_FALSE(pose_cache_key("run", dir, o));
  EXPECT_FALSE(pose_cache_key("run", dir / "absent.mp4", o));
}

TEST(PoseCache, WrittenEntriesAreReadBackAndLeaveNoTemporaryFile) {
  auto dir = test::scratch_dir("pose_cache_store");
  fs::remove_all(dir);
  write_pose_cache(dir / "cache", "run-1.bin", "abc");
  EXPECT_EQ(read_pose_cache(dir / "cache", "run-1.bin"), "abc");
  EXPECT_FALSE(read_pose_cache(dir / "cache", "run-2.bin"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "cache")) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(PoseCache, BuildIdKeysProgramsLinkedAfterTheLibrariesByTheLibraries) {
  auto dir = test::scratch_dir("pose_cache_build_id");
  fs::remove_all(dir);
  fs::create_directories(dir / "cache");
  const fs::path exe = fs::read_symlink("/proc/self/exe");
  auto write_id = [&](const std::string& line) {
    std::ofstream(dir / "cache" / kPoseCacheBuildIdFile) << line;
  };
  EXPECT_FALSE(pose_cache_build_id(dir / "cache", exe));  // no file
  write_id("abc 0\n");
  EXPECT_EQ(pose_cache_build_id(dir / "cache", exe), "abc");
  write_id("abc 99999999999\n");  // a library newer than this program: its own key
  EXPECT_FALSE(pose_cache_build_id(dir / "cache", exe));
  write_id("abc\n");
  EXPECT_FALSE(pose_cache_build_id(dir / "cache", exe));
  write_id("abc 0\n");
  EXPECT_FALSE(pose_cache_build_id(dir / "cache", dir / "absent-program"));

  std::ofstream(dir / "a.mp4", std::ios::binary) << "video bytes";
  PoseRunOptions o;
  o.tracker.models_dir = dir / "models";
  fs::create_directories(o.tracker.models_dir);
  ::setenv(kPoseCacheEnv, (dir / "cache").c_str(), 1);
  write_id("abc 0\n");
  const auto by_abc = pose_cache_key("run", dir / "a.mp4", o);
  write_id("abd 0\n");
  const auto by_abd = pose_cache_key("run", dir / "a.mp4", o);
  write_id("abc 99999999999\n");
  const auto stale = pose_cache_key("run", dir / "a.mp4", o);
  fs::remove(dir / "cache" / kPoseCacheBuildIdFile);
  const auto by_program = pose_cache_key("run", dir / "a.mp4", o);
  ::unsetenv(kPoseCacheEnv);
  ASSERT_TRUE(by_abc && by_abd && stale && by_program);
  EXPECT_NE(*by_abc, *by_abd);
  EXPECT_NE(*by_abc, *by_program);
  EXPECT_EQ(*stale, *by_program);
}

TEST(PoseCache, ASecondTakerOfTheSameKeyWaitsForTheFirst) {
  auto dir = test::scratch_dir("pose_cache_lock");
  fs::remove_all(dir);
  auto first = lock_pose_cache(dir, "run-1.bin");
  ASSERT_TRUE(first);
  std::atomic<bool> taken{false};
  std::thread other([&] {
    auto second = lock_pose_cache(dir, "run-1.bin");
    taken = second.has_value();
  });
  auto another_key = lock_pose_cache(dir, "run-2.bin");  // another key is not held up
  EXPECT_TRUE(another_key);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(taken.load()) << "the second lock was granted while the first was held";
  first.reset();
  other.join();
  EXPECT_TRUE(taken.load());
}

// Equal scans are equal bytes: a sighting's structs have padding, and its bytes (here 0xAB) are not part of
// the value. Written raw, two equal scans differed, and so did the keys of the runs given them.
TEST(PoseCache, EqualScansAreEqualBytesWhateverTheirPadding) {
  alignas(PersonSighting) unsigned char raw[sizeof(PersonSighting)];
  std::memset(raw, 0xAB, sizeof raw);
  auto* dirty = new (raw) PersonSighting;  // default member values; the padding keeps 0xAB
  PersonTrack a = sample_result().people[0], b = a;
  a.sightings = {PersonSighting{}};
  b.sightings = {*dirty};
  EXPECT_EQ(serialize_people_scan({{a}, 1, 2, 3}), serialize_people_scan({{b}, 1, 2, 3}));
  PoseRunOptions given_a, given_b;
  given_a.people = std::vector<PersonTrack>{a};
  given_b.people = std::vector<PersonTrack>{b};
  auto dir = test::scratch_dir("pose_cache_padding");
  fs::create_directories(dir / "models");
  std::ofstream(dir / "models" / "m.tflite") << "model";
  std::ofstream(dir / "a.mp4", std::ios::binary) << "video bytes";
  given_a.tracker.models_dir = given_b.tracker.models_dir = dir / "models";
  EXPECT_EQ(pose_cache_key("run", dir / "a.mp4", given_a), pose_cache_key("run", dir / "a.mp4", given_b));
  dirty->~PersonSighting();
}

/// Four frames of the reference photo (in the shared folder `pose`) as `dir/clip.mp4`.
void write_photo_clip(const fs::path& pose, const fs::path& dir) {
  auto photo = load_image(pose / "vtest_f100_crop.png");
  ASSERT_TRUE(photo) << photo.error().to_string();
  const int w = photo->width / 2 * 2, h = photo->height / 2 * 2;
  auto writer = VideoWriter::open(dir / "clip.mp4", w, h);
  ASSERT_TRUE(writer) << writer.error().to_string();
  for (int i = 0; i < 4; ++i) {
    Image frame = *make_image(w, h, i * 33'333);
    for (int y = 0; y < h; ++y) std::memcpy(frame.row(y), photo->row(y), 3 * static_cast<std::size_t>(w));
    ASSERT_TRUE((*writer)->write(frame));
  }
  ASSERT_TRUE((*writer)->finish());
}

/// The entries of `kind` ("run" or "scan") in a cache folder.
std::size_t entries(const fs::path& cache, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(cache))
    if (e.path().filename().string().starts_with(kind + "-")) ++n;
  return n;
}

// A people scan reads the models, the confidences, the identity limits and the source, not whom a run
// follows: `--list-people` and `--follow 1` (which scans first) share one scan and one entry, so the ids a
// listing gives are the ids a run follows; a confidence changed is another scan.
TEST(PoseCache, AScanIsKeyedByWhatItReadsOnly) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  auto dir = test::scratch_dir("pose_cache_scan");
  fs::remove_all(dir / "cache");
  ASSERT_NO_FATAL_FAILURE(write_photo_clip(shared_path, dir));
  const PoseRunOptions listing = lite_options();
  PoseRunOptions following = listing;
  following.tracker.follow_identity = true;
  following.tracker.first_person = PersonChoice::kLargest;
  following.tracker.smooth_landmarks = false;
  following.follow_id = 1;
  following.follow_name = "1";
  PoseRunOptions stricter = listing;
  stricter.tracker.min_detection_confidence = 0.6f;
  ::setenv(kPoseCacheEnv, (dir / "cache").c_str(), 1);
  auto a = scan_people(dir / "clip.mp4", listing);
  auto b = scan_people(dir / "clip.mp4", following);
  const std::size_t after_two = entries(dir / "cache", "scan");
  auto c = scan_people(dir / "clip.mp4", stricter);
  const std::size_t after_three = entries(dir / "cache", "scan");
  ::unsetenv(kPoseCacheEnv);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(after_two, 1u);
  EXPECT_EQ(after_three, 2u);
  EXPECT_EQ(serialize_people_scan(*a), serialize_people_scan(*b));
  auto uncached = scan_people(dir / "clip.mp4", following);
  ASSERT_TRUE(uncached);
  EXPECT_EQ(serialize_people_scan(*uncached), serialize_people_scan(*a));
}

// Following an id without its scan scans first and then keys the run by the people found: the CLI's
// `--follow 1` and a caller passing the scan (the server, `physio gait`) share one entry.
TEST(PoseCache, ARunFollowingAnIdSharesItsEntryWithARunGivenTheScan) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  auto dir = test::scratch_dir("pose_cache_follow");
  fs::remove_all(dir / "cache");
  ASSERT_NO_FATAL_FAILURE(write_photo_clip(shared_path, dir));
  PoseRunOptions o = lite_options();
  o.tracker.follow_identity = true;
  o.follow_id = 1;
  o.follow_name = "1";
  ::setenv(kPoseCacheEnv, (dir / "cache").c_str(), 1);
  auto by_id = run_pose(dir / "clip.mp4", o);
  auto scan = scan_people(dir / "clip.mp4", o);
  ASSERT_TRUE(scan);
  PoseRunOptions given = o;
  given.people = scan->people;
  auto by_scan = run_pose(dir / "clip.mp4", given);
  ::unsetenv(kPoseCacheEnv);
  ASSERT_TRUE(by_id && by_scan) << (by_id ? by_scan.error().to_string() : by_id.error().to_string());
  EXPECT_FALSE(by_id->stats.from_cache);
  EXPECT_GT(by_id->stats.scan_s, 0.0);
  EXPECT_TRUE(by_scan->stats.from_cache);
  EXPECT_EQ(entries(dir / "cache", "run"), 1u);
}

// A short video of the reference photo: run_pose stores its result, then answers from the entry.
TEST(PoseCache, RunPoseAnswersFromTheEntryWithTheSameLandmarks) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  auto dir = test::scratch_dir("pose_cache_run");
  fs::remove_all(dir / "cache");
  ASSERT_NO_FATAL_FAILURE(write_photo_clip(shared_path, dir));
  fs::copy_file(dir / "clip.mp4", dir / "renamed.mp4", fs::copy_options::overwrite_existing);
  const PoseRunOptions o = lite_options();
  ::setenv(kPoseCacheEnv, (dir / "cache").c_str(), 1);
  auto first = run_pose(dir / "clip.mp4", o);
  auto second = run_pose(dir / "renamed.mp4", o);
  ::unsetenv(kPoseCacheEnv);
  auto uncached = run_pose(dir / "renamed.mp4", o);
  ASSERT_TRUE(first && second && uncached);
  EXPECT_FALSE(first->stats.from_cache);
  EXPECT_TRUE(second->stats.from_cache);
  EXPECT_FALSE(uncached->stats.from_cache);
  EXPECT_EQ(second->landmarks.landmarks.source, (dir / "renamed.mp4").string());
  const auto& a = first->landmarks.landmarks;
  for (const auto* other : {&second->landmarks.landmarks, &uncached->landmarks.landmarks}) {
    ASSERT_EQ(other->n_frames(), a.n_frames());
    for (std::size_t i = 0; i < a.data().size(); ++i) {
      EXPECT_TRUE(same_bits(other->data()[i].x, a.data()[i].x)) << i;
      EXPECT_TRUE(same_bits(other->data()[i].y, a.data()[i].y)) << i;
    }
  }
}

}  // namespace
}  // namespace physio::pose
