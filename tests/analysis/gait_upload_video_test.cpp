// A walk uploaded with a scale, as the server's job runs it, against `physio gait` with the same scale:
// ../shared/data/sports2d-demo/demo.mp4 (a woman walking across the view, 30 frames/s) with its camera
// calibration (Calib_demo.toml, the same folder) gives step and stride length and walking speed equal to the
// command's (the same engine on the same frames: within 1 %), and an HTML report. Skips visibly without the
// shared clip or the pose models.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analysis/recording_analysis.hpp"
#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "pose/model_files.hpp"

namespace physio::analysis {
namespace {

namespace fs = std::filesystem;

TEST(GaitUploadVideo, CalibrationGivesLengthsAndSpeedAsPhysioGait) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");
  if (!test::model_file("pose_landmark_full.tflite")) GTEST_SKIP() << "pose landmark model (full) is absent";
  const fs::path video = shared_path / "demo.mp4", calib = shared_path / "Calib_demo.toml";
  const fs::path dir = test::scratch_dir("gait_upload_video");
  const fs::path cli_out = dir / "gait.json";
  const auto run = test::physio_cli("gait " + video.string() + " --calibration " + calib.string() +
                                    " --models " + test::models_dir().string() + " -o " + cli_out.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(cli_out);
  const nlohmann::json cli = nlohmann::json::parse(in);

  AnalysisRequest r;
  r.input = video;
  r.kind = RecordingKind::kVideo;
  r.test = "gait";
  r.calibration = calib;
  r.models_dir = test::models_dir();
  r.landmarks_out = dir / "walk.plmk";
  r.source_label = "demo.mp4";
  auto a = analyse_recording(r);
  ASSERT_TRUE(a) << a.error().to_string();
  const nlohmann::json up = nlohmann::json::parse(a->summary_json);

  const double speed_cli = cli.at("speed_mps").get<double>(), speed_up = up.at("speed_mps").get<double>();
  std::printf(
      "gait upload figures: speed %.3f m/s (physio gait %.3f); stride length left %s right %s "
      "(physio gait %s, %s); cadence %.1f (%.1f)\n",
      speed_up, speed_cli, up["sides"]["left"]["stride_length_m"].dump().c_str(),
      up["sides"]["right"]["stride_length_m"].dump().c_str(),
      cli["sides"]["left"]["stride_length_m"].dump().c_str(),
      cli["sides"]["right"]["stride_length_m"].dump().c_str(), up.at("cadence_steps_per_min").get<double>(),
      cli.at("cadence_steps_per_min").get<double>());
  EXPECT_GT(speed_up, 0.3);  // a walk, in m/s
  EXPECT_NEAR(speed_up, speed_cli, 0.01 * speed_cli);
  EXPECT_NEAR(up.at("cadence_steps_per_min").get<double>(), cli.at("cadence_steps_per_min").get<double>(),
              0.01 * cli.at("cadence_steps_per_min").get<double>());
  bool length_seen = false;
  for (const char* side : {"left", "right"}) {
    const auto& u = up["sides"][side]["stride_length_m"];
    const auto& c = cli["sides"][side]["stride_length_m"];
    if (!u.is_number() || !c.is_number()) continue;
    length_seen = true;
    EXPECT_NEAR(u.get<double>(), c.get<double>(), 0.01 * c.get<double>()) << side;
  }
  EXPECT_TRUE(length_seen);
  int speed_measures = 0, length_measures = 0;
  for (const auto& m : a->measures) {
    speed_measures += m.code == "gait-speed";
    length_measures += m.code == "gait-stride-length";
  }
  EXPECT_EQ(speed_measures, 1);
  EXPECT_GE(length_measures, 1);
  for (const auto& w : a->warnings) EXPECT_EQ(w.find("need a scale"), std::string::npos) << w;
  // The report: the speed among the headline measures, the angle curves, the definitions.
  EXPECT_NE(a->report_html.find("Walking speed"), std::string::npos);
  EXPECT_NE(a->report_html.find("Knee flexion"), std::string::npos);
  EXPECT_NE(a->report_html.find("Zeni"), std::string::npos);
}

}  // namespace
}  // namespace physio::analysis
