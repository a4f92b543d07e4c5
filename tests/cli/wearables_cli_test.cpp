// End to end: `physio imu` refuses recordings a test does not apply to, reads units and placement from
// the signal, flags implausible walking results and validates numeric options.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "common/test_data.hpp"
#include "core/applicability.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"

namespace physio {
namespace {
namespace fs = std::filesystem;

using test::has;
using test::physio_cli;
using test::read_json;

// The finding: "Timed Up and Go: 132.91 s" on a 137 s daily-activities recording.
TEST(CliWearables, TugOnDailyActivitiesIsRefused) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto dir = test::scratch_dir("cli_wearables_tug");
  const auto out = dir / "tug.json";
  auto r = physio_cli("imu tug " + (shared_path / "HA_001/Test11_Trial1/imu.csv").string() + " -o " +
                      out.string());
  EXPECT_EQ(r.exit_code, kExitNotApplicable) << r.output;
  EXPECT_FALSE(has(r.output, "Timed Up and Go: 1")) << r.output;
  EXPECT_TRUE(has(r.output, "other activities")) << r.output;
  const auto j = read_json(out);
  EXPECT_EQ(j.value("valid", true), false);
  EXPECT_FALSE(j["reasons"].empty());
  EXPECT_FALSE(j.contains("total_s"));
}

// The finding: a five-times sit-to-stand of 67.75 s whose 5th transfer is cut off by the end of the file.
TEST(CliWearables, FiveTimesSitToStandWithCutOffTransferIsNotTimed) {
  PHYSIO_REQUIRE_SHARED("skdh-sit2stand-lowerback");
  auto dir = test::scratch_dir("cli_wearables_sts");
  const auto out = dir / "sts.json";
  auto r = physio_cli("imu sts --displacement " + (shared_path / "s2s_input.csv").string() + " -o " +
                      out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "five times sit-to-stand: not timed")) << r.output;
  EXPECT_TRUE(has(r.output, "cut off")) << r.output;
  const auto j = read_json(out);
  ASSERT_TRUE(j.contains("five_times_sit_to_stand"));
  EXPECT_EQ(j["five_times_sit_to_stand"].value("valid", true), false);
  EXPECT_FALSE(j["five_times_sit_to_stand"].contains("time_s"));
}

// The finding: sway RMS 1.15 m/s^2 on a walking trial (quiet standing is about 0.05).
TEST(CliWearables, SwayOnWalkingIsRefused) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto r = physio_cli("imu sway " + (shared_path / "HA_001/Test5_Trial1/imu.csv").string());
  EXPECT_EQ(r.exit_code, kExitNotApplicable) << r.output;
  EXPECT_TRUE(has(r.output, "quiet standing")) << r.output;
}

// The finding: a board moved by hand gave 1.86 m/s and a 2.61 m stride without a word.
TEST(CliWearables, HandMovedBoardGaitIsFlagged) {
  PHYSIO_REQUIRE_SHARED("broad-orientation");
  auto dir = test::scratch_dir("cli_wearables_board");
  const auto out = dir / "gait.json";
  auto r = physio_cli("imu gait " + (shared_path / "21_undisturbed_fast_combined.csv").string() +
                      " --sensor-height-m 1.0 -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "implausible: bout 1 stride length")) << r.output;
  const auto j = read_json(out);
  ASSERT_TRUE(j.contains("plausibility"));
  EXPECT_EQ(j["plausibility"]["plausible"], false);
  EXPECT_FALSE(j["plausibility"]["flags"].empty());
}

// The finding: a foot recording renamed ms.csv was analysed as lower back ("cadence 65 steps/min").
TEST(CliWearables, FootRecordingRenamedIsNotAnalysedAsLowerBack) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  auto dir = test::scratch_dir("cli_wearables_foot");
  const auto ms = dir / "ms.csv";
  fs::copy_file(shared_path / "imu_sample_ms_right.csv", ms, fs::copy_options::overwrite_existing);
  auto r = physio_cli("imu gait " + ms.string() + " --rate-hz 102.4 --gyr-unit dps");
  EXPECT_EQ(r.exit_code, kExitNotApplicable) << r.output;
  EXPECT_TRUE(has(r.output, "looks like a foot sensor")) << r.output;
  EXPECT_FALSE(has(r.output, "steps/min")) << r.output;
  r = physio_cli("imu gait " + ms.string() + " --rate-hz 102.4 --gyr-unit dps --placement right-foot");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "right foot:")) << r.output;
}

// Both spellings of a placement; the signal decides when the name says nothing.
TEST(CliWearables, PlacementSpellingsAndPlainFileNames) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto dir = test::scratch_dir("cli_wearables_placement");
  const auto plain = dir / "plain.csv";
  fs::copy_file(shared_path / "HA_001/Test5_Trial1/imu.csv", plain, fs::copy_options::overwrite_existing);
  for (const char* p : {"lower-back", "lower_back", "auto"}) {
    auto r = physio_cli("imu info " + plain.string() + " --placement " + p);
    EXPECT_EQ(r.exit_code, 0) << p << ": " << r.output;
    EXPECT_TRUE(has(r.output, "placement lower-back")) << p << ": " << r.output;
  }
  auto r = physio_cli("imu info " + plain.string());
  EXPECT_TRUE(has(r.output, "(from the signal)")) << r.output;
}

// The finding: gyroscope data in rad/s under _dps headers made turns drop from 12 to 0.
TEST(CliWearables, GyroscopeInRadPerSecondUnderDpsHeaders) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto dir = test::scratch_dir("cli_wearables_gyr");
  auto text = load_text_file(shared_path / "HA_001/Test11_Trial1/imu.csv");
  ASSERT_TRUE(text);
  std::vector<std::string_view> lines;
  split(*text, '\n', lines);
  std::string converted;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    if (i == 0) {
      converted += std::string(lines[i]) + "\n";
      continue;
    }
    std::vector<std::string_view> f;
    split(lines[i], ',', f);
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (k > 0) converted += ",";
      converted += k >= 6 && k < 9 ? fmt::format("{:.8f}", std::stod(std::string(f[k])) * M_PI / 180.0)
                                   : std::string(f[k]);
    }
    converted += "\n";
  }
  const auto in_rads = dir / "imu_rads.csv";
  ASSERT_TRUE(save_file_atomic(in_rads, converted).has_value());
  const auto a = dir / "a.json", b = dir / "b.json";
  auto r = physio_cli("imu gait " + (shared_path / "HA_001/Test11_Trial1/imu.csv").string() +
                      " --sensor-height-m 0.964 -o " + a.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = physio_cli("imu gait " + in_rads.string() + " --sensor-height-m 0.964 -o " + b.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "labelled deg/s")) << r.output;
  const auto ja = read_json(a), jb = read_json(b);
  EXPECT_GT(ja["aggregates"]["n_turns"].get<int>(), 0);
  EXPECT_EQ(ja["aggregates"]["n_turns"], jb["aggregates"]["n_turns"]);
}

// The findings: `--sensor-height-m -1` exited 0; `--rate-hz 0` was ignored.
TEST(CliWearables, NumericOptionsAreValidated) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  const std::string file = (shared_path / "HA_001/Test5_Trial1/imu.csv").string();
  auto r = physio_cli("imu gait " + file + " --sensor-height-m -1");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "--sensor-height-m")) << r.output;
  r = physio_cli("imu gait " + file + " --rate-hz 0");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "--rate-hz")) << r.output;
  r = physio_cli("angles " + file + " --rate 0");
  EXPECT_NE(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace physio
