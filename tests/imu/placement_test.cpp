// Gyroscope units and sensor placement read from the signal, the header and file name only as hints.

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"
#include "imu/csv_loader.hpp"
#include "imu/imu_test_util.hpp"
#include "imu/placement.hpp"

namespace physio::imu {
namespace {

using test::any_warning_contains;

constexpr double kGyrTolRps = 1e-4;
constexpr double kGaitmapRateHz = 102.4;  // the MS recordings (SOURCE.md)

// The CSV with the columns [first, first + 3) divided by `factor` (values rewritten, header kept).
std::string scale_columns(const std::string& csv, std::size_t first, double factor) {
  std::vector<std::string_view> lines;
  split(csv, '\n', lines);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    if (i == 0) {
      out += std::string(lines[i]) + "\n";
      continue;
    }
    std::vector<std::string_view> f;
    split(lines[i], ',', f);
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (k > 0) out += ",";
      if (k >= first && k < first + 3)
        out += fmt::format("{:.8f}", std::stod(std::string(f[k])) / factor);
      else
        out += std::string(f[k]);
    }
    out += "\n";
  }
  return out;
}

void print_evidence(const std::string& what, const ImuRecording& rec) {
  const PlacementEvidence ev = placement_from_signal(rec);
  std::printf("%-32s seen %-10s gyr p99 %.2f rad/s, acc p99 %.1f m/s^2, %zu stances, upright %.2f\n",
              what.c_str(), std::string(signal_placement_name(ev.seen)).c_str(), ev.gyr_p99_rps,
              ev.acc_p99_mps2, ev.stance_phases, ev.upright_fraction);
}

// The finding: a lower-back recording whose gyroscope is in rad/s under _dps headers was read as deg/s
// (every rotation 57 times too small: turns dropped from 12 to 0).
TEST(ImuUnitsFromSignal, RadPerSecondUnderDpsHeaderIsDetected) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  for (const char* trial : {"HA_001/Test5_Trial1", "HA_002/Test5_Trial2", "HA_001/Test11_Trial1"}) {
    auto text = load_text_file(shared_path / trial / "imu.csv");
    ASSERT_TRUE(text);
    auto original = parse_imu_csv(*text, "imu.csv", {});
    ASSERT_TRUE(original) << original.error().to_string();
    EXPECT_EQ(original->sensors[0].units.gyr, GyrUnit::kDegPerS) << trial;
    // gyr_x_dps.. are columns 6-8; the values become rad/s, the header still says _dps.
    const std::string in_rads = scale_columns(*text, 6, 180.0 / M_PI);
    auto r = parse_imu_csv(in_rads, "imu.csv", {});
    ASSERT_TRUE(r) << r.error().to_string();
    const auto& rec = r->sensors[0];
    EXPECT_EQ(rec.units.gyr, GyrUnit::kRadPerS) << trial;
    EXPECT_TRUE(any_warning_contains(*r, "labelled deg/s")) << trial;
    const auto& want = *original->sensors[0].gyr_rps;
    for (Eigen::Index i = 0; i < want.rows(); i += 97)
      EXPECT_NEAR((*rec.gyr_rps)(i, 2), want(i, 2), kGyrTolRps) << trial << " sample " << i;
    // Declared in the options, the contradiction is an error naming the flag.
    ImuLoadOptions o;
    o.gyr_unit = GyrUnit::kDegPerS;
    auto declared = parse_imu_csv(in_rads, "imu.csv", o);
    ASSERT_FALSE(declared);
    EXPECT_NE(declared.error().to_string().find("--gyr-unit rps"), std::string::npos)
        << declared.error().to_string();
  }
}

// deg/s data under _rads headers: the other way round.
TEST(ImuUnitsFromSignal, DegPerSecondUnderRadsHeaderIsDetected) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  auto text = load_text_file(shared_path / "HA_002/Test5_Trial2/imu.csv");
  ASSERT_TRUE(text);
  std::string relabelled = *text;
  for (const char* axis : {"x", "y", "z"}) {
    const std::string from = fmt::format("gyr_{}_dps", axis), to = fmt::format("gyr_{}_rads", axis);
    relabelled.replace(relabelled.find(from), from.size(), to);
  }
  auto r = parse_imu_csv(relabelled, "imu.csv", {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->sensors[0].units.gyr, GyrUnit::kDegPerS);
}

// The finding: the same lower-back file was `lower_back` in its folder and `unknown` as plain.csv; a foot
// recording renamed ms.csv was analysed as lower back.
TEST(ImuPlacementFromSignal, LowerBackWhateverTheName) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  for (const char* trial : {"HA_001/Test5_Trial1", "HA_001/Test5_Trial2", "HA_002/Test5_Trial2",
                            "HA_001/Test11_Trial1", "HA_002/Test11_Trial1"}) {
    auto text = load_text_file(shared_path / trial / "imu.csv");
    ASSERT_TRUE(text);
    for (const char* name : {"lower_back/imu.csv", "plain.csv", "left_foot.csv"}) {
      auto r = parse_imu_csv(*text, name, {});
      ASSERT_TRUE(r) << r.error().to_string();
      print_evidence(std::string(trial) + " as " + name, r->sensors[0]);
      EXPECT_EQ(r->sensors[0].placement, Placement::kLowerBack) << trial << " as " << name;
      EXPECT_EQ(r->sensors[0].placement_basis, "signal") << trial << " as " << name;
    }
  }
}

TEST(ImuPlacementFromSignal, FootWhateverTheName) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  for (const char* file : {"imu_sample_ms_left.csv", "imu_sample_ms_right.csv"}) {
    auto text = load_text_file(shared_path / file);
    ASSERT_TRUE(text);
    ImuLoadOptions o;
    o.rate_hz = kGaitmapRateHz;
    o.gyr_unit = GyrUnit::kDegPerS;
    auto r = parse_imu_csv(*text, "ms.csv", o);
    ASSERT_TRUE(r) << r.error().to_string();
    print_evidence(std::string(file) + " as ms.csv", r->sensors[0]);
    EXPECT_EQ(r->sensors[0].placement_seen, SignalPlacement::kFoot) << file;
    // One sensor cannot tell its side: undecided, with a warning naming the flag.
    EXPECT_EQ(r->sensors[0].placement, Placement::kUnknown) << file;
    EXPECT_TRUE(any_warning_contains(*r, "--placement left-foot or right-foot")) << file;
    // With a name that says the side, the foot is taken.
    auto named = parse_imu_csv(*text, "right_foot.csv", o);
    ASSERT_TRUE(named);
    EXPECT_EQ(named->sensors[0].placement, Placement::kRightFoot) << file;
    // A lower-back name does not make it a lower-back sensor.
    auto wrong = parse_imu_csv(*text, "lower_back.csv", o);
    ASSERT_TRUE(wrong);
    EXPECT_NE(wrong->sensors[0].placement, Placement::kLowerBack) << file;
  }
}

// A board moved by hand, and acceleration-only data: the signal cannot tell, the name is used.
TEST(ImuPlacementFromSignal, UndecidedFallsBackOnTheName) {
  PHYSIO_REQUIRE_SHARED("broad-orientation");
  auto r = load_imu_csv(shared_path / "21_undisturbed_fast_combined.csv", {});
  ASSERT_TRUE(r) << r.error().to_string();
  print_evidence("BROAD 21 (board moved by hand)", r->sensors[0]);
  EXPECT_NE(r->sensors[0].placement_seen, SignalPlacement::kFoot);
}

}  // namespace
}  // namespace physio::imu
