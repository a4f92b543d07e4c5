// `physio pose --follow / --list-people` end to end on ../shared/data/sports2d-demo/demo.mp4 (several
// people in view), the identity fields of the landmark and result JSON, and bad --follow values refused
// before any work.
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "pose/model_files.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;
using test::models_arg;
using test::physio_cli;

// Mean hip centre (x, y) over the frames with landmarks of a physio landmark JSON.
std::pair<double, double> mean_hip(const nlohmann::json& j) {
  double x = 0, y = 0;
  int n = 0;
  for (const auto& f : j["frames"]) {
    const auto& l = f["landmarks"][23];
    const auto& r = f["landmarks"][24];
    if (l[0].is_null() || r[0].is_null()) continue;
    x += 0.5 * (l[0].get<double>() + r[0].get<double>());
    y += 0.5 * (l[1].get<double>() + r[1].get<double>());
    ++n;
  }
  return {n ? x / n : NAN, n ? y / n : NAN};
}

TEST(IdentityCli, BadFollowValuesAreRefusedNamingTheFlag) {
  // Checked before any file is opened or model loaded.
  for (const char* bad : {"biggest", "0", "1.5", "two"}) {
    for (const std::string cmd :
         {"pose in.mp4 -o out.json", "analyze in.mp4 --exercise deep_squat", "angles in.mp4 -o out.json"}) {
      auto r = physio_cli(cmd + " --follow " + bad);
      EXPECT_NE(r.exit_code, 0) << cmd << " --follow " << bad;
      EXPECT_NE(r.output.find(std::string("--follow ") + bad), std::string::npos) << r.output;
      EXPECT_NE(r.output.find("auto, largest, central or a person id"), std::string::npos) << r.output;
    }
  }
  auto r = physio_cli("pose in.mp4 --list-people -o out.json");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--list-people"), std::string::npos) << r.output;
  r = physio_cli("pose in.mp4");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("-o is required"), std::string::npos) << r.output;
}

TEST(IdentityCli, ListPeopleThenFollowEach) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  const std::string video = (shared_path / "demo.mp4").string();
  auto list = physio_cli("pose " + video + " --list-people --model lite" + models_arg());
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::printf("%s", list.output.c_str());
  EXPECT_NE(list.output.find("id  first_s  last_s  frames  hip_x  hip_y  size"), std::string::npos);
  EXPECT_NE(list.output.find("\n   1 "), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("\n   2 "), std::string::npos) << list.output;

  auto dir = test::scratch_dir("identity_cli_follow");
  std::pair<double, double> hip[2];
  for (int id = 1; id <= 2; ++id) {
    const fs::path out = dir / ("follow" + std::to_string(id) + ".json");
    auto r = physio_cli("pose " + video + " -o " + out.string() + " --model lite --follow " +
                        std::to_string(id) + models_arg());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto text = load_text_file(out);
    ASSERT_TRUE(text);
    const auto j = nlohmann::json::parse(*text);
    ASSERT_TRUE(j.contains("identity"));
    EXPECT_EQ(j["identity"]["follow"], std::to_string(id));
    hip[id - 1] = mean_hip(j);
    std::printf("--follow %d: mean hip (%.3f, %.3f)\n", id, hip[id - 1].first, hip[id - 1].second);
  }
  // Two different people: their hips are apart on average.
  EXPECT_GT(std::hypot(hip[0].first - hip[1].first, hip[0].second - hip[1].second), 0.1);

  auto missing =
      physio_cli("pose " + video + " -o " + (dir / "x.json").string() + " --follow 99" + models_arg());
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("--follow 99: no person 99"), std::string::npos) << missing.output;
  EXPECT_FALSE(fs::exists(dir / "x.json"));
}

TEST(IdentityCli, SwitchIsReportedInTheSummaryAndTheJson) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_full.tflite");
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto dir = test::scratch_dir("identity_cli_report");
  const fs::path landmarks = dir / "demo.json";
  auto r =
      physio_cli("pose " + (shared_path / "demo.mp4").string() + " -o " + landmarks.string() + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("following 'auto'; identity uncertain in"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("warning: identity uncertain 5.67-"), std::string::npos) << r.output;
  auto text = load_text_file(landmarks);
  ASSERT_TRUE(text);
  const auto j = nlohmann::json::parse(*text);
  ASSERT_TRUE(j.contains("identity"));
  EXPECT_EQ(j["identity"]["follow"], "auto");
  ASSERT_FALSE(j["identity"]["uncertain"].empty());
  const auto& first = j["identity"]["uncertain"][0];
  EXPECT_NEAR(first["start_s"].get<double>(), 5.667, 0.01);
  EXPECT_EQ(first["kind"], "other-person");
  EXPECT_FALSE(first["reason"].get<std::string>().empty());

  // The result JSON of an analysis carries the same identity object (and the warnings say it).
  const fs::path result = dir / "result.json";
  r = physio_cli("analyze " + landmarks.string() + " --exercise shoulder_abduction -o " + result.string());
  auto rtext = load_text_file(result);
  ASSERT_TRUE(rtext) << r.output;
  const auto rj = nlohmann::json::parse(*rtext);
  ASSERT_TRUE(rj.contains("identity")) << *rtext;
  EXPECT_EQ(rj["identity"]["uncertain"].size(), j["identity"]["uncertain"].size());
  EXPECT_NE(r.output.find("warning: identity uncertain"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace physio
