// End to end: what `physio imu` writes can be read back by `physio imu flags` under one metric
// vocabulary with UCUM units, and every imu command prints a readable summary.
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"

namespace physio {
namespace {
namespace fs = std::filesystem;

using test::has;
using test::physio_cli;
using test::read_json;

void write_json(const fs::path& p, const nlohmann::json& j) {
  ASSERT_TRUE(save_file_atomic(p, j.dump(2)).has_value());
}

// The findings: `imu flags` could not read the tool's own result files, and its metric names
// (gait_speed_mps) differed from what `imu gait` writes (walking_speed_mps).
TEST(CliImuOutputs, FlagsReadOwnResultFiles) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto dir = test::scratch_dir("cli_imu_flags");
  const fs::path first = dir / "gait_first.json";
  auto r = physio_cli("imu gait " + (shared_path / "HA_001/Test5_Trial1/imu.csv").string() +
                      " --sensor-height-m 0.964 --date 2026-03-01 -o " + first.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = read_json(first);
  EXPECT_EQ(j.value("date", ""), "2026-03-01");
  ASSERT_TRUE(j.contains("metrics")) << j.dump(2);
  ASSERT_TRUE(j["metrics"].contains("walking_speed_mps")) << j["metrics"].dump();
  EXPECT_EQ(j["metrics"]["walking_speed_mps"]["unit"], "m/s");
  EXPECT_EQ(j["metrics"]["cadence_spm"]["unit"], "{steps}/min");
  const double speed = j["metrics"]["walking_speed_mps"]["value"].get<double>();

  // Three more sessions of the same person: two like the first, then one 0.2 m/s slower (dated by the
  // file name, as a clinic's folder of results would be).
  std::string files = first.string();
  for (const auto& [date, delta] :
       {std::pair{"2026-03-03", 0.01}, {"2026-03-05", -0.01}, {"2026-04-02", -0.2}}) {
    auto k = j;
    k.erase("date");
    k["metrics"]["walking_speed_mps"]["value"] = speed + delta;
    const fs::path p = dir / fmt::format("{}_gait.json", date);
    write_json(p, k);
    files += " " + p.string();
  }
  const fs::path refused = dir / "sway.json";
  r = physio_cli("imu sway " + (shared_path / "HA_001/Test5_Trial1/imu.csv").string() +
                 " --date 2026-03-02 -o " + refused.string());
  ASSERT_NE(r.exit_code, 0) << r.output;
  const fs::path out = dir / "flags.json";
  r = physio_cli("imu flags " + files + " " + refused.string() + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "walking speed (walking_speed_mps): baseline")) << r.output;
  EXPECT_TRUE(has(r.output, "worsened beyond the MCID of 0.1 m/s")) << r.output;
  EXPECT_TRUE(has(r.output, "postural sway not measured")) << r.output;
  EXPECT_FALSE(has(r.output, "\"metrics\"")) << "a readable summary, not JSON: " << r.output;
  const auto flags = read_json(out);
  ASSERT_EQ(flags["flags"].size(), 1u) << flags.dump(2);
  EXPECT_EQ(flags["flags"][0]["metric"], "walking_speed_mps");

  // A result with no date says how to give one.
  const fs::path undated = dir / "undated.json";
  auto k = j;
  k.erase("date");
  write_json(undated, k);
  r = physio_cli("imu flags " + undated.string());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "undated.json: no date")) << r.output;
  EXPECT_TRUE(has(r.output, "--date")) << r.output;
}

// Two sensors, the distal one flexing 0-90 deg about one axis after a still second.
void write_rom_inputs(const fs::path& proximal, const fs::path& distal) {
  std::string a = "t_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps\n", b = a;
  for (int i = 0; i < 1200; ++i) {
    const double t = i / 100.0;
    const double u = std::max(0.0, t - 2.0);
    const double angle = 45.0 * (1.0 - std::cos(M_PI * u)) * M_PI / 180.0;
    const double rate_dps = t > 2.0 ? 45.0 * M_PI * std::sin(M_PI * u) : 0.0;
    a += fmt::format("{:.2f},0,0,9.81,0,0,0\n", t);
    b += fmt::format("{:.2f},0,{:.5f},{:.5f},{:.5f},0,0\n", t, 9.81 * std::sin(angle), 9.81 * std::cos(angle),
                     rate_dps);
  }
  ASSERT_TRUE(save_file_atomic(proximal, a).has_value());
  ASSERT_TRUE(save_file_atomic(distal, b).has_value());
}

// The finding: `imu rom` dumped raw JSON on stdout instead of a summary.
TEST(CliImuOutputs, RomPrintsAReadableSummary) {
  auto dir = test::scratch_dir("cli_imu_rom");
  write_rom_inputs(dir / "thigh.csv", dir / "shank.csv");
  const fs::path out = dir / "rom.json";
  auto r = physio_cli("imu rom " + (dir / "thigh.csv").string() + " " + (dir / "shank.csv").string() +
                      " --date 2026-03-01 -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "joint range of motion (shank relative to thigh): 90")) << r.output;
  EXPECT_TRUE(has(r.output, "5 repetitions")) << r.output;
  EXPECT_FALSE(has(r.output, "{")) << r.output;
  const auto j = read_json(out);
  EXPECT_EQ(j["metrics"]["joint_rom_deg"]["unit"], "deg");
  EXPECT_NEAR(j["metrics"]["joint_rom_deg"]["value"].get<double>(), 90.0, 1.0);
}

// The finding: `imu sts` on a recording at 285.7 Hz said "no wavelet scale 1..64 has its frequency in
// [0, 0.5] Hz", where `--rate-hz 100` was the fix. The same transfers are found at that rate now.
TEST(CliImuOutputs, SitToStandAtHighSamplingRate) {
  PHYSIO_REQUIRE_SHARED("skdh-sit2stand-lowerback");
  auto dir = test::scratch_dir("cli_imu_sts_rate");
  auto text = load_text_file(shared_path / "s2s_input.csv");
  ASSERT_TRUE(text);
  // Linear interpolation of t_s, acc_x_g, acc_y_g, acc_z_g (columns 2-5) onto a 285.7 Hz grid.
  std::vector<std::array<double, 4>> rows;
  std::size_t pos = text->find('\n') + 1;
  while (pos < text->size()) {
    const std::size_t end = std::min(text->find('\n', pos), text->size());
    std::array<double, 6> v{};
    if (std::sscanf(text->substr(pos, end - pos).c_str(), "%lf,%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2],
                    &v[3], &v[4], &v[5]) == 6)
      rows.push_back({v[2], v[3], v[4], v[5]});
    pos = end + 1;
  }
  ASSERT_GT(rows.size(), 1000u);
  constexpr double kRateHz = 285.7;
  std::string csv = "t_s,acc_x_g,acc_y_g,acc_z_g\n";
  std::size_t j = 0;
  for (int k = 0;; ++k) {
    const double t = k / kRateHz;
    if (t > rows.back()[0]) break;
    while (rows[j + 1][0] < t) ++j;
    const double w = (t - rows[j][0]) / (rows[j + 1][0] - rows[j][0]);
    csv += fmt::format("{:.6f}", t);
    for (int c = 1; c < 4; ++c) csv += fmt::format(",{:.6f}", rows[j][c] + w * (rows[j + 1][c] - rows[j][c]));
    csv += "\n";
  }
  const fs::path fast = dir / "s2s_285hz.csv";
  ASSERT_TRUE(save_file_atomic(fast, csv).has_value());
  const fs::path a = dir / "a.json", b = dir / "b.json";
  auto r = physio_cli("imu sts " + (shared_path / "s2s_input.csv").string() + " -o " + a.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = physio_cli("imu sts " + fast.string() + " -o " + b.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(has(r.output, "wavelet")) << r.output;
  const auto ja = read_json(a), jb = read_json(b);
  ASSERT_EQ(ja["transfers"].size(), jb["transfers"].size()) << r.output;
  for (std::size_t k = 0; k < ja["transfers"].size(); ++k)
    EXPECT_NEAR(ja["transfers"][k]["start_s"].get<double>(), jb["transfers"][k]["start_s"].get<double>(),
                0.25)
        << "transfer " << k;
}

}  // namespace
}  // namespace physio
