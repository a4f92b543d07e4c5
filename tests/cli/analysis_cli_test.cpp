// End-to-end tests of the analysis commands: `physio imu ...`, `physio exercises`, `physio analyze`.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"

namespace physio {
namespace {
namespace fs = std::filesystem;

using test::physio_cli;
using test::read_json;

TEST(CliImu, LowBackGaitWritesTheDocumentedJsonAndReport) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  const fs::path data = shared_path;
  auto dir = test::scratch_dir("cli_imu");
  const auto out = dir / "gait.json";
  const auto html = dir / "gait.html";
  auto r = physio_cli("imu gait " + (data / "HA_001/Test5_Trial1/imu.csv").string() +
                      " --sensor-height-m 0.964 -o " + out.string() + " --report " + html.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = read_json(out);
  ASSERT_TRUE(j.contains("walking_bouts") && j["walking_bouts"].is_array()) << j.dump().substr(0, 300);
  ASSERT_FALSE(j["walking_bouts"].empty());
  for (const char* key :
       {"start_s", "end_s", "n_strides", "cadence_spm", "stride_length_m", "walking_speed_mps"})
    EXPECT_TRUE(j["walking_bouts"][0].contains(key)) << key;
  ASSERT_TRUE(j["initial_contacts"].is_array());
  ASSERT_FALSE(j["initial_contacts"].empty());
  EXPECT_TRUE(j["initial_contacts"][0].contains("t_s"));
  EXPECT_TRUE(j["initial_contacts"][0].contains("side"));
  // A straight comfortable walk of healthy older adults: cadence in the physiological range.
  const double cadence = j["walking_bouts"][0]["cadence_spm"].get<double>();
  EXPECT_GT(cadence, 80.0);
  EXPECT_LT(cadence, 140.0);
  auto page = load_text_file(html);
  ASSERT_TRUE(page.has_value());
  EXPECT_NE(page->find("<svg"), std::string::npos);
}

TEST(CliImu, FootGaitAndSitToStandRunOnReferenceLayouts) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  const fs::path foot = shared_path;
  const fs::path sts = shared_path.parent_path() / "skdh-sit2stand-lowerback";
  auto dir = test::scratch_dir("cli_imu");
  auto r = physio_cli("imu gait " + (foot / "imu_sample.csv").string() + " --rate-hz 204.8 -o " +
                      (dir / "foot.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("left"), std::string::npos) << r.output;
  r = physio_cli("imu sts " + (sts / "s2s_input.csv").string() + " -o " + (dir / "sts.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sit-to-stand transfers"), std::string::npos) << r.output;
}

TEST(CliImu, BadInputIsAClearErrorAndWritesNothing) {
  auto dir = test::scratch_dir("cli_imu_bad");
  const auto csv = dir / "one_hz.csv";
  std::string text = "t_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n";
  for (int i = 0; i < 20; ++i) text += std::to_string(i) + ",0,0,9.81,0,0,0\n";
  ASSERT_TRUE(save_file_atomic(csv, text).has_value());
  const auto out = dir / "never.json";
  auto r = physio_cli("imu gait " + csv.string() + " -o " + out.string());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("one_hz.csv"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  r = physio_cli("imu gait " + (dir / "missing.csv").string());
  EXPECT_EQ(r.exit_code, 3) << r.output;
  r = physio_cli("imu gait " + csv.string() + " --placement elbow");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("lower-back"), std::string::npos) << r.output;
}

TEST(CliExercise, ListShowAnalyzeAndUnknownId) {
  auto r = physio_cli("exercises");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("deep_squat"), std::string::npos);
  r = physio_cli("exercises show deep_squat");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("form rules"), std::string::npos) << r.output;

  auto dir = test::scratch_dir("cli_exercise");
  ASSERT_EQ(physio_cli("demo -o " + dir.string()).exit_code, 0);
  const auto in = (dir / "demo_squat_landmarks.json").string();
  const auto out = dir / "squat.json";
  const auto html = dir / "squat.html";
  r = physio_cli("analyze " + in + " --exercise deep_squat -o " + out.string() + " --report " +
                 html.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("5 repetitions"), std::string::npos) << r.output;  // the demo does 5 squats
  EXPECT_TRUE(fs::exists(html));
  EXPECT_FALSE(read_json(out).empty());

  const auto never = dir / "never.json";
  r = physio_cli("analyze " + in + " --exercise no_such_thing -o " + never.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("valid: "), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(never));
}

TEST(CliExercise, MovementModelFromUiPrmdScoresAnalyze) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  auto dir = test::scratch_dir("cli_movement_model");
  auto r = physio_cli("eval ui-prmd " + shared_path.string() + " --exercise m01 --save-models " +
                      (dir / "models").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto model = dir / "models" / "deep_squat.json";
  ASSERT_TRUE(fs::exists(model));
  auto mj = read_json(model);
  EXPECT_EQ(mj["exercise"], "deep_squat");
  EXPECT_EQ(mj["n_groups"], 5);

  ASSERT_EQ(physio_cli("demo -o " + dir.string()).exit_code, 0);
  const auto in = (dir / "demo_squat_landmarks.json").string();
  const auto out = dir / "scored.json";
  r = physio_cli("analyze " + in + " --exercise deep_squat --movement-model " + model.string() + " -o " +
                 out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Scored by the model: the deductions name the body parts that differ from correct performance.
  auto res = read_json(out);
  ASSERT_FALSE(res["reps"].empty());
  bool movement = false;
  for (const auto& d : res["reps"][0]["deductions"])
    movement = movement || d["source"].get<std::string>().starts_with("movement:");
  EXPECT_TRUE(movement) << res["reps"][0].dump();

  // A model for another exercise, and a broken model file: clear errors, nothing written.
  const auto never = dir / "never.json";
  r = physio_cli("analyze " + in + " --exercise mini_squat --movement-model " + model.string() + " -o " +
                 never.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("'deep_squat', not 'mini_squat'"), std::string::npos) << r.output;
  const auto broken = dir / "broken.json";
  ASSERT_TRUE(save_file_atomic(broken, "{\"exercise\": \"deep_squat\", \"features\": [\"a\"]}").has_value());
  r = physio_cli("analyze " + in + " --exercise deep_squat --movement-model " + broken.string() + " -o " +
                 never.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("broken.json"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(never));
}

// A UI-PRMD repetition file given to analyze is read with its partner (positions + angles give the 3D
// joints), never sent to pose estimation as a "video" (it used to end in "no person found").
TEST(CliExercise, UiPrmdRepetitionFileIsAnalysedNotSentToPose) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  auto dir = test::scratch_dir("cli_ui_prmd_file");
  fs::create_directories(dir / "Positions");
  fs::create_directories(dir / "Angles");
  fs::create_directories(dir / "solo" / "Positions");  // no Angles/ beside it
  const std::string rep = "m02_s02_e01";               // hurdle step, s02 steps with the left leg
  fs::copy_file(shared_path / "correct" / "Positions" / (rep + "_positions.txt.gz"),
                dir / "Positions" / (rep + "_positions.txt.gz"), fs::copy_options::overwrite_existing);
  fs::copy_file(shared_path / "correct" / "Angles" / (rep + "_angles.txt.gz"),
                dir / "Angles" / (rep + "_angles.txt.gz"), fs::copy_options::overwrite_existing);
  const auto out = dir / "result.json";
  auto r = physio_cli("analyze " + (dir / "Positions" / (rep + "_positions.txt.gz")).string() +
                      " --exercise hurdle_step -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("no person found"), std::string::npos) << r.output;
  auto res = read_json(out);
  EXPECT_EQ(res["summary"]["count"], 1) << res["summary"].dump();
  EXPECT_EQ(res["side"], "left");
  EXPECT_NE(res["score_basis"].get<std::string>().find("movement model fitted on UI-PRMD"), std::string::npos)
      << res["score_basis"];
  // Given by its angles file, the same repetition.
  r = physio_cli("analyze " + (dir / "Angles" / (rep + "_angles.txt.gz")).string() +
                 " --exercise hurdle_step");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // Without its partner: an error naming the missing file.
  fs::copy_file(dir / "Positions" / (rep + "_positions.txt.gz"),
                dir / "solo" / "Positions" / (rep + "_positions.txt.gz"),
                fs::copy_options::overwrite_existing);
  const auto never = dir / "never.json";
  r = physio_cli("analyze " + (dir / "solo" / "Positions" / (rep + "_positions.txt.gz")).string() +
                 " --exercise hurdle_step -o " + never.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find(rep + "_angles.txt.gz"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(never));
  // Any other text file: the landmark reader's error naming it, not pose estimation on text.
  const auto notes = dir / "notes.txt";
  ASSERT_TRUE(save_file_atomic(notes, "hip 0.1 0.9\nknee 0.2 0.5\n").has_value());
  r = physio_cli("analyze " + notes.string() + " --exercise hurdle_step");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("notes.txt"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("no person found"), std::string::npos) << r.output;
}

TEST(CliAnalysis, HelpOnEveryNewSubcommand) {
  for (const char* sub : {"imu info", "imu orient", "imu gait", "imu sts", "imu tug", "imu sway", "imu rom",
                          "imu flags", "exercises", "analyze", "eval ui-prmd", "pose"}) {
    auto r = physio_cli(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << sub << r.output;
  }
}

}  // namespace
}  // namespace physio
