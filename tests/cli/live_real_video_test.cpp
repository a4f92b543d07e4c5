// The live analyser as strict as the batch path, on real video: the landmarks of `physio pose` (full model)
// fed frame by frame to LiveLandmarkAnalyser as the clinic server feeds a device's frames (world landmarks
// analysed, image landmarks judged).
//  - ../shared/data/real-squats-front: counts the squats counted by hand
//    (tests/exercise/data/real_squats_front_hand_count.json), equal to `physio analyze`'s batch count, the
//    set valid, the third squat (cut off by the end of the clip) not counted with its reason;
//  - ../shared/data/sports2d-demo/demo.mp4 (people walking across the view, one doing a backflip) as a squat:
//    nothing counted, each movement's reason given, the set rejected with its reasons;
//  - the jumping jacks of the same clip (its first 2.70 s cropped to the man on the box, played three times:
//    the cut of tests/web/live.test.mjs, made here with the ffmpeg CLI) as a squat: the knees bend at every
//    landing, and nothing is counted, batch or live, because the feet leave the floor and move apart and
//    together (contact.hpp), the reason said.
// Skips visibly without the shared clips or the full model.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "exercise/applicability.hpp"
#include "exercise/library.hpp"
#include "exercise/live_landmarks.hpp"
#include "kinematics/formats/load.hpp"
#include "live_batch.hpp"
#include "pose/model_files.hpp"

namespace physio {
namespace {

using exercise::LiveEvent;
using live_batch::BatchOutcome;
using live_batch::LiveOutcome;
using live_batch::run_batch;
using live_batch::run_live;

kin::LandmarkFile pose_of(const std::filesystem::path& video, const std::string& name,
                          const std::string& extra) {
  const auto out = test::scratch_dir("live_real_video") / name;
  const auto r = test::physio_cli("pose " + video.string() + " -o " + out.string() + extra + " --models " +
                                  test::models_dir().string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto file = kin::load_landmarks(out);
  EXPECT_TRUE(file) << file.error().to_string();
  return file ? std::move(*file) : kin::LandmarkFile{};
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "  - " + x + "\n";
  return s;
}

TEST(LiveRealVideo, RealSquatsCountTheHandCountEqualToBatch) {
  PHYSIO_REQUIRE_SHARED("real-squats-front");
  PHYSIO_REQUIRE_MODEL("pose_landmark_full.tflite");
  std::ifstream in(test::source_dir() / "tests" / "exercise" / "data" / "real_squats_front_hand_count.json");
  const nlohmann::json hand = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(hand.is_object());
  const kin::LandmarkFile file = pose_of(shared_path / "pose_squats.mp4", "squats.json", "");
  ASSERT_TRUE(file.world.has_value());
  auto ex = exercise::find_exercise("deep_squat");
  ASSERT_TRUE(ex);

  const BatchOutcome batch = run_batch(**ex, file);
  const LiveOutcome live = run_live(**ex, file);
  EXPECT_EQ(batch.counted, hand.at("complete").get<int>());
  EXPECT_TRUE(batch.applies.valid) << joined(batch.applies.reasons);
  EXPECT_EQ(live.counted, batch.counted);
  EXPECT_TRUE(live.verdict.valid) << joined(live.verdict.reasons);
  EXPECT_TRUE(live.refusals.empty()) << joined(live.refusals);
  // The counted repetitions at the hand-counted bottoms, the third reported with why it is not counted.
  const double tol = hand.at("tolerance_s").get<double>();
  std::vector<double> peaks;
  bool third_explained = false;
  for (const auto& r : live.reps) {
    std::printf("live repetition %d: %.1f-%.1f s, lowest at %.1f s%s%s\n", r.index, r.start_s, r.end_s,
                r.peak_s, r.not_counted.empty() ? "" : ", not counted: ", r.not_counted.c_str());
    if (r.index > 0) peaks.push_back(r.peak_s);
    if (r.index == 0 && std::fabs(r.peak_s - hand.at("incomplete_bottom_s").get<double>()) <= tol)
      third_explained = r.not_counted.find("recording ends before it is complete") != std::string::npos;
  }
  ASSERT_EQ(peaks.size(), hand.at("bottoms_s").size());
  for (std::size_t k = 0; k < peaks.size(); ++k)
    EXPECT_NEAR(peaks[k], hand.at("bottoms_s")[k].get<double>(), tol);
  EXPECT_TRUE(third_explained);
}

TEST(LiveRealVideo, WalkingIsRefusedWithReasonsAndNothingCounted) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_landmark_full.tflite");
  auto ex = exercise::find_exercise("deep_squat");
  ASSERT_TRUE(ex);
  // Person 2 of the listing walks across the view (tests/gait); auto follows whoever the detector prefers
  // (a man doing a backflip, then the walkers).
  for (const std::string follow : {"2", "auto"}) {
    SCOPED_TRACE("--follow " + follow);
    const kin::LandmarkFile file =
        pose_of(shared_path / "demo.mp4", "walk_" + follow + ".json", " --follow " + follow);
    ASSERT_TRUE(file.world.has_value());
    const LiveOutcome live = run_live(**ex, file);
    const BatchOutcome batch = run_batch(**ex, file);
    std::printf("--follow %s: live %d counted of %zu movements; refusals as they happened:\n%sverdict:\n%s",
                follow.c_str(), live.counted, live.reps.size(), joined(live.refusals).c_str(),
                joined(live.verdict.reasons).c_str());
    for (const auto& r : live.reps)
      if (!r.not_counted.empty())
        std::printf("  movement %.1f-%.1f s: %s\n", r.start_s, r.end_s, r.not_counted.c_str());
    EXPECT_EQ(live.counted, 0);
    EXPECT_FALSE(live.verdict.valid);
    EXPECT_FALSE(live.verdict.reasons.empty());
    EXPECT_FALSE(batch.applies.valid) << "batch and live agree that this is not a squat";
    for (const auto& r : live.reps) {
      if (!r.partial) {
        EXPECT_FALSE(r.not_counted.empty()) << "every movement not counted says why";
      }
    }
  }
}

TEST(LiveRealVideo, JumpingJacksAreNotSquats) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_landmark_full.tflite");
  if (std::system("ffmpeg -version > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "the ffmpeg CLI is absent (it cuts the clip)";
  const auto dir = test::scratch_dir("live_real_video_cut");  // pose_of empties its own folder
  const auto cut = dir / "jumping-jacks.y4m", loop3 = dir / "jumping-jacks-x3.mp4";
  const std::string make = "ffmpeg -nostdin -loglevel error -y -i '" + (shared_path / "demo.mp4").string() +
                           "' -t 2.7 -an -vf crop=600:480:330:0 -pix_fmt yuv420p '" + cut.string() +
                           "' && ffmpeg -nostdin -loglevel error -y -stream_loop 2 -i '" + cut.string() +
                           "' -c:v libx264 -crf 16 -pix_fmt yuv420p '" + loop3.string() + "'";
  ASSERT_EQ(std::system(make.c_str()), 0) << make;
  const kin::LandmarkFile file = pose_of(loop3, "jumping_jacks.json", "");
  ASSERT_TRUE(file.world.has_value());
  auto ex = exercise::find_exercise("deep_squat");
  ASSERT_TRUE(ex);
  const BatchOutcome batch = run_batch(**ex, file);
  const LiveOutcome live = run_live(**ex, file);
  std::printf("jumping jacks as a squat: batch %d counted, live %d; batch reasons:\n%slive refusals:\n%s",
              batch.counted, live.counted, joined(batch.applies.reasons).c_str(),
              joined(live.refusals).c_str());
  EXPECT_EQ(batch.counted, 0);
  EXPECT_EQ(live.counted, 0);
  EXPECT_FALSE(batch.applies.valid);
  EXPECT_FALSE(live.verdict.valid);
  const auto says_feet = [](const std::vector<std::string>& v) {
    for (const auto& r : v)
      if (r.find("Keep your feet on the floor") != std::string::npos ||
          r.find("Keep your feet where they stand") != std::string::npos)
        return true;
    return false;
  };
  EXPECT_TRUE(says_feet(batch.applies.reasons)) << joined(batch.applies.reasons);
  EXPECT_TRUE(says_feet(live.refusals)) << joined(live.refusals);
  for (const auto& r : live.reps) {
    if (!r.partial) {
      EXPECT_FALSE(r.not_counted.empty()) << "every movement not counted says why";
    }
  }
}

}  // namespace
}  // namespace physio
