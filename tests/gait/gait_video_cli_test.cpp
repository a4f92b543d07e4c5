// `physio gait` end to end: Sports2D's demo.mp4 against hand-marked events (tests/gait/data), the refusals
// and bad inputs.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "core/applicability.hpp"
#include "core/file_io.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/image.hpp"
#include "pose/video/video_writer.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;

// Stenum et al. 2021's targets for 2D video against motion capture: events within 2 frames (30 fps),
// cadence within 3 %.
constexpr int kGaitEventTolFrames = 2;
constexpr double kGaitCadenceTolPct = 3.0;
// An extremum needs frames on both sides: events this close to the analysed walk's ends are not expected.
constexpr int kGaitEdgeFrames = 6;

nlohmann::json read_json(const fs::path& p) {
  auto text = load_file(p);
  EXPECT_TRUE(text.has_value()) << p;
  return text ? nlohmann::json::parse(*text) : nlohmann::json{};
}

std::vector<int> frames_of(const nlohmann::json& events) {
  std::vector<int> out;
  for (const auto& e : events) out.push_back(e.at("frame").get<int>());
  return out;
}

#define GAIT_REQUIRE_POSE_MODELS()                          \
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");            \
  if (!test::model_file("pose_landmark_full.tflite")) {     \
    GTEST_SKIP() << "pose landmark model (full) is absent"; \
  }

TEST(GaitCli, DemoVideoEventsAgreeWithHandMarks) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  GAIT_REQUIRE_POSE_MODELS();
  const fs::path out = test::scratch_dir("gait_demo") / "gait.json";
  // No --follow: of the three people in view, the one walking across is chosen.
  auto run = test::physio_cli("gait " + (shared_path / "demo.mp4").string() + " --calibration " +
                              (shared_path / "Calib_demo.toml").string() + " --models " +
                              test::models_dir().string() + " -o " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("following person 2, who walks furthest across it"), std::string::npos)
      << run.output;
  const nlohmann::json got = read_json(out);
  const nlohmann::json ref = read_json(test::source_dir() / "tests/gait/data/sports2d_demo_events.json");
  ASSERT_TRUE(got.at("valid").get<bool>());
  const int first = got.at("walk").at("first_frame").get<int>(),
            last = got.at("walk").at("last_frame").get<int>();
  EXPECT_EQ(got.at("walk").at("near_side"), "left");
  EXPECT_EQ(got.at("walk").at("direction"), "right-to-left");

  std::vector<double> all_ic;
  for (const auto& side : got.at("events")) {
    const std::string name = side.at("side");
    EXPECT_EQ(side.at("confidence"), name == "left" ? "high" : "moderate");
    for (const auto& [kind, ref_key] :
         {std::pair{"initial_contacts", "initial_contact"}, {"toe_offs", "toe_off"}}) {
      const std::vector<int> det = frames_of(side.at(kind));
      const std::vector<int> marks = ref.at(name).at(ref_key).get<std::vector<int>>();
      for (int d : det) {
        int best = 1000;
        for (int m : marks) best = std::min(best, std::abs(m - d));
        EXPECT_LE(best, kGaitEventTolFrames)
            << name << " " << kind << " at frame " << d << ": no hand mark near";
      }
      for (int m : marks) {
        if (m < first + kGaitEdgeFrames || m > last - kGaitEdgeFrames) continue;
        int best = 1000;
        for (int d : det) best = std::min(best, std::abs(m - d));
        EXPECT_LE(best, kGaitEventTolFrames)
            << name << " " << kind << " marked at frame " << m << ": not found";
      }
    }
  }
  // Cadence from the hand-marked contacts of both feet.
  for (const char* s : {"left", "right"})
    for (int f : ref.at(s).at("initial_contact").get<std::vector<int>>()) all_ic.push_back(f);
  std::sort(all_ic.begin(), all_ic.end());
  const double ref_cadence =
      60.0 * static_cast<double>(all_ic.size() - 1) / ((all_ic.back() - all_ic.front()) / 30.0);
  const double cadence = got.at("cadence_steps_per_min").get<double>();
  EXPECT_NEAR(cadence, ref_cadence, ref_cadence * kGaitCadenceTolPct / 100);
  // A calibration gives metres; every angle curve has 101 points.
  EXPECT_GT(got.at("speed_mps").get<double>(), 0.5);
  EXPECT_LT(got.at("speed_mps").get<double>(), 2.0);
  ASSERT_FALSE(got.at("angle_cycles").empty());
  for (const auto& c : got.at("angle_cycles")) EXPECT_EQ(c.at("mean_deg").size(), 101u);
}

// The demo's landmarks mirrored (x -> 1 - x, left and right exchanged): the same walk from left to right,
// whose near side is now the right; the events must not change.
TEST(GaitCli, MirroredDemoWalksTheOtherWayWithTheSameEvents) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  GAIT_REQUIRE_POSE_MODELS();
  const fs::path dir = test::scratch_dir("gait_mirror");
  auto pose = test::physio_cli("pose " + (shared_path / "demo.mp4").string() + " --follow 2 --models " +
                               test::models_dir().string() + " -o " + (dir / "demo.json").string());
  ASSERT_EQ(pose.exit_code, 0) << pose.output;
  nlohmann::json lm = read_json(dir / "demo.json");
  const auto names = lm.at("landmark_names").get<std::vector<std::string>>();
  std::vector<std::size_t> partner(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string other = names[i];
    if (other.rfind("left_", 0) == 0)
      other = "right_" + other.substr(5);
    else if (other.rfind("right_", 0) == 0)
      other = "left_" + other.substr(6);
    partner[i] = static_cast<std::size_t>(std::find(names.begin(), names.end(), other) - names.begin());
    ASSERT_LT(partner[i], names.size()) << other;
  }
  for (auto& frame : lm.at("frames")) {
    nlohmann::json mirrored = frame.at("landmarks");
    for (std::size_t i = 0; i < names.size(); ++i) {
      nlohmann::json l = frame.at("landmarks").at(partner[i]);
      if (!l.at(0).is_null()) l[0] = 1.0 - l.at(0).get<double>();
      mirrored[i] = l;
    }
    frame["landmarks"] = mirrored;
    frame.erase("world_landmarks");
  }
  ASSERT_TRUE(save_file_atomic(dir / "mirrored.json", lm.dump()).has_value());
  const fs::path out = dir / "gait.json";
  auto run = test::physio_cli("gait " + (dir / "mirrored.json").string() + " -o " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json got = read_json(out);
  const nlohmann::json ref = read_json(test::source_dir() / "tests/gait/data/sports2d_demo_events.json");
  EXPECT_EQ(got.at("walk").at("direction"), "left-to-right");
  EXPECT_EQ(got.at("walk").at("near_side"), "right");
  for (const auto& side : got.at("events")) {
    const std::string mark_side = side.at("side") == "right" ? "left" : "right";  // mirrored
    const std::vector<int> det = frames_of(side.at("initial_contacts"));
    for (int d : det) {
      int best = 1000;
      for (int m : ref.at(mark_side).at("initial_contact").get<std::vector<int>>())
        best = std::min(best, std::abs(m - d));
      EXPECT_LE(best, kGaitEventTolFrames) << side.at("side") << " contact at frame " << d;
    }
    EXPECT_GE(det.size(), 3u) << side.at("side");
  }
}

TEST(GaitCli, DemoVideoFollowingTheManOnTheBoxIsRefused) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  GAIT_REQUIRE_POSE_MODELS();
  auto run = test::physio_cli("gait " + (shared_path / "demo.mp4").string() + " --follow 1 --models " +
                              test::models_dir().string());
  EXPECT_EQ(run.exit_code, kExitNotApplicable) << run.output;
  EXPECT_NE(run.output.find("not walking across the view"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--follow"), std::string::npos) << run.output;
}

// The squats clip (a woman squatting in place, front view, 5 frames/s): the refusal names what the clip is
// (not a walk across the view), then the view and the frame rate, and never blames the legs, which are in
// view in every frame (consecutive frames 0.2 s apart used to count as gaps).
TEST(GaitCli, SquatsAtFiveFramesASecondAreNotAWalkAndTheRateIsSaid) {
  PHYSIO_REQUIRE_SHARED("real-squats-front");
  GAIT_REQUIRE_POSE_MODELS();
  const fs::path out = test::scratch_dir("gait_squats") / "gait.json";
  auto run = test::physio_cli("gait " + (shared_path / "pose_squats.mp4").string() + " --models " +
                              test::models_dir().string() + " -o " + out.string());
  EXPECT_EQ(run.exit_code, kExitNotApplicable) << run.output;
  EXPECT_EQ(run.output.find("legs are not in view"), std::string::npos) << run.output;
  const nlohmann::json got = read_json(out);
  const auto& reasons = got.at("reasons");
  ASSERT_GE(reasons.size(), 2u) << got.dump(2);
  EXPECT_NE(reasons.front().get<std::string>().find("not walking across the view"), std::string::npos)
      << got.dump(2);
  EXPECT_NE(reasons.back().get<std::string>().find("too low for gait events"), std::string::npos)
      << got.dump(2);
  EXPECT_NE(reasons.back().get<std::string>().find("5.0 frames/s"), std::string::npos) << got.dump(2);
}

TEST(GaitCli, MissingFileIsNamed) {
  auto run = test::physio_cli("gait /nonexistent/walk.json");
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("/nonexistent/walk.json"), std::string::npos) << run.output;
}

TEST(GaitCli, LandmarksOfTheWrongShapeAreBadData) {
  const fs::path p = test::scratch_dir("gait_shape") / "walk.json";
  nlohmann::json j = {{"format", "physio-landmarks"},     {"version", 1},        {"skeleton", "blazepose33"},
                      {"space", "image-normalized"},      {"image_width", 1920}, {"image_height", 1080},
                      {"frames", nlohmann::json::array()}};
  for (int f = 0; f < 5; ++f)
    j["frames"].push_back({{"t_s", f / 30.0}, {"landmarks", {{0.5, 0.5, 0.0, 1.0}, {0.5, 0.6, 0.0, 1.0}}}});
  ASSERT_TRUE(save_file_atomic(p, j.dump()).has_value());
  auto run = test::physio_cli("gait " + p.string());
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_NE(run.output.find("walk.json"), std::string::npos) << run.output;
}

TEST(GaitCli, NobodyInTheLandmarksIsRefused) {
  const fs::path p = test::scratch_dir("gait_nobody") / "empty.json";
  nlohmann::json j = {{"format", "physio-landmarks"},     {"version", 1},        {"skeleton", "blazepose33"},
                      {"space", "image-normalized"},      {"image_width", 1920}, {"image_height", 1080},
                      {"frames", nlohmann::json::array()}};
  nlohmann::json empty = nlohmann::json::array();
  for (int i = 0; i < 33; ++i) empty.push_back({nullptr, nullptr, nullptr, nullptr});
  for (int f = 0; f < 60; ++f) j["frames"].push_back({{"t_s", f / 30.0}, {"landmarks", empty}});
  ASSERT_TRUE(save_file_atomic(p, j.dump()).has_value());
  const fs::path out = p.parent_path() / "gait.json";
  auto run = test::physio_cli("gait " + p.string() + " -o " + out.string());
  EXPECT_EQ(run.exit_code, kExitNotApplicable) << run.output;
  EXPECT_NE(run.output.find("legs are not in view"), std::string::npos) << run.output;
  const nlohmann::json got = read_json(out);
  EXPECT_FALSE(got.at("valid").get<bool>());
  EXPECT_FALSE(got.at("reasons").empty());
}

TEST(GaitCli, AVideoWithNobodyIsAnErrorNamingTheFile) {
  GAIT_REQUIRE_POSE_MODELS();
  const fs::path p = test::scratch_dir("gait_empty_video") / "empty.mp4";
  auto writer = pose::VideoWriter::open(p, 320, 240);
  ASSERT_TRUE(writer.has_value()) << writer.error().to_string();
  pose::Image gray;
  gray.width = 320;
  gray.height = 240;
  gray.stride = 320 * 3;
  gray.pixels.assign(gray.stride * 240, 128);
  for (int f = 0; f < 30; ++f) {
    gray.timestamp_us = f * 33333;
    ASSERT_TRUE((*writer)->write(gray).has_value());
  }
  ASSERT_TRUE((*writer)->finish().has_value());
  auto run = test::physio_cli("gait " + p.string() + " --models " + test::models_dir().string());
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("no person found in " + p.string()), std::string::npos) << run.output;
}

TEST(GaitCli, CalibrationAndHeightTogetherAreAUsageError) {
  auto run = test::physio_cli("gait x.json --calibration c.toml --height-cm 170");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("excludes"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace physio
