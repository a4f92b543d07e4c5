// Sit-to-stand detection: parity with scikit-digital-health's Sit2Stand on its own regression input,
// chair-stand helpers, and bad input.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numbers>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "imu/csv_loader.hpp"
#include "imu/functional/chair_stand.hpp"
#include "imu/functional/sit_to_stand.hpp"
#include "synthetic_motion.hpp"

namespace physio::imu {
namespace {

// A detected transfer matches an expected one when both its start and its end are within this.
constexpr double kMatchTolS = 0.25;
constexpr double kMinMatchedFraction = 0.9;
constexpr double kMeanAbsTimingTolS = 0.1;
constexpr double kMeanAbsDisplacementTolM = 0.05;
constexpr double kSkdhGravity = 9.81;
// SKDH's test that produced the snapshot passed power_peak_kw={"distance": 128} (1 s at 128 Hz); the
// library default is no minimum distance.
constexpr double kUpstreamTestPeakDistanceS = 1.0;
constexpr double kStandardGravity = 9.80665;

struct Expected {
  double start_s, end_s, duration_s, max_accel, min_accel, sparc, disp_m;
};

std::vector<Expected> read_expected(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  std::vector<Expected> out;
  while (std::getline(in, line)) {
    std::vector<double> v;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    if (v.size() == 9) out.push_back({v[2], v[3], v[4], v[5], v[6], v[7], v[8]});
  }
  return out;
}

void validate_mode(const std::filesystem::path& dir, bool stillness, const char* file, bool skdh_g,
                   double peak_distance_s = kUpstreamTestPeakDistanceS) {
  auto session = load_imu_csv(dir / "s2s_input.csv", {});
  ASSERT_TRUE(session) << session.error().to_string();
  ASSERT_EQ(session->sensors.size(), 1u);
  // The file is in g. Our loader converts with standard gravity (9.80665 m/s^2); SKDH multiplies by its
  // `gravity` option (9.81). With skdh_g the recording is put in SKDH's convention to test parity.
  if (skdh_g) session->sensors[0].acc_mps2 *= kSkdhGravity / kStandardGravity;
  SitToStandOptions opt;
  opt.stillness_constraint = stillness;
  opt.power_peak_min_distance_s = peak_distance_s;
  const auto res = detect_sit_to_stand(session->sensors[0], opt);
  ASSERT_TRUE(res) << res.error().to_string();
  const auto expected = read_expected(dir / file);
  ASSERT_FALSE(expected.empty());
  const double t0 = static_cast<double>(session->sensors[0].t_us.front()) * 1e-6;

  std::printf(
      "\nSit2Stand parity, %s mode, g = %s, peak distance %.1f s (%zu expected, %zu detected, %zu "
      "candidates)\n",
      stillness ? "stillness" : "displacement", skdh_g ? "9.81 (SKDH)" : "9.80665", peak_distance_s,
      expected.size(), res->transfers.size(), res->n_candidates);
  std::printf("%-3s %9s %9s %9s %9s %8s %8s %8s %8s %8s %8s\n", "#", "start_ref", "start", "end_ref", "end",
              "dur_ref", "dur", "disp_ref", "disp", "sparc_r", "sparc");
  std::size_t matched = 0;
  double sum_start = 0.0, sum_end = 0.0, sum_dur = 0.0, sum_disp = 0.0, sum_max = 0.0;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const auto& e = expected[k];
    const SitToStandTransfer* hit = nullptr;
    for (const auto& t : res->transfers) {
      if (std::abs(t.start_s - t0 - e.start_s) <= kMatchTolS &&
          std::abs(t.end_s - t0 - e.end_s) <= kMatchTolS) {
        hit = &t;
      }
    }
    if (hit == nullptr) {
      std::printf("%-3zu %9.3f %9s %9.3f %9s %8.3f %8s %8.3f %8s  (missed)\n", k, e.start_s, "-", e.end_s,
                  "-", e.duration_s, "-", e.disp_m, "-");
      continue;
    }
    ++matched;
    sum_start += std::abs(hit->start_s - t0 - e.start_s);
    sum_end += std::abs(hit->end_s - t0 - e.end_s);
    sum_dur += std::abs(hit->duration_s - e.duration_s);
    sum_disp += std::abs(hit->vertical_displacement_m - e.disp_m);
    sum_max += std::abs(hit->max_accel_mps2 - e.max_accel);
    std::printf("%-3zu %9.3f %9.3f %9.3f %9.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", k, e.start_s,
                hit->start_s - t0, e.end_s, hit->end_s - t0, e.duration_s, hit->duration_s, e.disp_m,
                hit->vertical_displacement_m, e.sparc, hit->sparc);
  }
  for (const auto& t : res->transfers) {
    bool used = false;
    for (const auto& e : expected)
      used = used || (std::abs(t.start_s - t0 - e.start_s) <= kMatchTolS &&
                      std::abs(t.end_s - t0 - e.end_s) <= kMatchTolS);
    if (!used)
      std::printf("extra: start %.3f end %.3f disp %.3f\n", t.start_s - t0, t.end_s - t0,
                  t.vertical_displacement_m);
  }
  const double m = matched > 0 ? static_cast<double>(matched) : 1.0;
  std::printf(
      "matched %zu/%zu; mean |error|: start %.4f s, end %.4f s, duration %.4f s, displacement %.4f m, "
      "max accel %.4f m/s^2\n",
      matched, expected.size(), sum_start / m, sum_end / m, sum_dur / m, sum_disp / m, sum_max / m);
  const double frac = static_cast<double>(matched) / static_cast<double>(expected.size());
  ::testing::Test::RecordProperty(stillness ? "matched_stillness" : "matched_displacement",
                                  static_cast<int>(matched));
  EXPECT_GE(frac, kMinMatchedFraction);
  EXPECT_LE(res->transfers.size(), expected.size() + 1) << "more than one extra transfer";
  EXPECT_LE(sum_start / m, kMeanAbsTimingTolS);
  EXPECT_LE(sum_dur / m, kMeanAbsTimingTolS);
  EXPECT_LE(sum_disp / m, kMeanAbsDisplacementTolM);
}

TEST(FunctionalSitToStand, MatchesSkdhStillnessMode) {
  PHYSIO_REQUIRE_SHARED("skdh-sit2stand-lowerback");
  validate_mode(shared_path, true, "expected_skdh_output_stillness.csv", true);
  validate_mode(shared_path, true, "expected_skdh_output_stillness.csv", false);
  validate_mode(shared_path, true, "expected_skdh_output_stillness.csv", false, 0.0);
}

TEST(FunctionalSitToStand, MatchesSkdhDisplacementMode) {
  PHYSIO_REQUIRE_SHARED("skdh-sit2stand-lowerback");
  validate_mode(shared_path, false, "expected_skdh_output_displacement.csv", true);
  validate_mode(shared_path, false, "expected_skdh_output_displacement.csv", false);
  validate_mode(shared_path, false, "expected_skdh_output_displacement.csv", false, 0.0);
}

// Five chair rises of 0.45 m (raised-cosine height profile, 1.2 s up, 1 s standing, 1.2 s down, 1 s
// seated) after 3 s seated, through a tilted sensor.
constexpr double kRiseM = 0.45;
constexpr double kRiseS = 1.2;
constexpr double kCycleS = 4.4;
constexpr double kFirstRiseS = 3.0;
// The method's transfer boundaries are not the motion onsets: stillness ends when the centred 0.3 s
// window first sees motion (~0.15 s early) and the end is the velocity zero crossing after drift removal
// (~0.2 s late on this noise-free profile). Measured bias: start -0.17 s, end +0.18 s (see
// docs/validation/imu-functional.md); the tolerance covers it with margin.
constexpr double kSynthTolS = 0.25;

double rise_acc(double t) {
  auto step_acc = [](double tt, double t0, double t1, double h) {
    if (tt <= t0 || tt >= t1) return 0.0;
    const double w = std::numbers::pi / (t1 - t0);
    return 0.5 * h * w * w * std::cos(w * (tt - t0));
  };
  double a = 0.0;
  for (int k = 0; k < 5; ++k) {
    const double t0 = kFirstRiseS + k * kCycleS;
    a += step_acc(t, t0, t0 + kRiseS, kRiseM) +
         step_acc(t, t0 + kRiseS + 1.0, t0 + 2.0 * kRiseS + 1.0, -kRiseM);
  }
  return a;
}

ImuRecording five_rises() {
  const Quat mount = quat_from_rotvec(Vec3(0.2, 1.4, -0.3));
  return test::make_recording(
      kFirstRiseS + 5 * kCycleS + 3.0, 128.0, [&](double) { return mount; },
      [](double t) { return Vec3(0.0, 0.0, rise_acc(t)); });
}

TEST(FunctionalSitToStand, SyntheticFiveRisesBothModes) {
  const auto rec = five_rises();
  for (bool stillness : {true, false}) {
    SitToStandOptions o;
    o.stillness_constraint = stillness;
    const auto res = detect_sit_to_stand(rec, o);
    ASSERT_TRUE(res) << res.error().to_string();
    ASSERT_EQ(res->transfers.size(), 5u) << (stillness ? "stillness" : "displacement");
    for (int k = 0; k < 5; ++k) {
      const auto& t = res->transfers[static_cast<std::size_t>(k)];
      const double t0 = kFirstRiseS + k * kCycleS;
      EXPECT_NEAR(t.start_s, t0, kSynthTolS) << k;
      EXPECT_NEAR(t.end_s, t0 + kRiseS, kSynthTolS) << k;
      EXPECT_NEAR(t.vertical_displacement_m, kRiseM, 0.05 * kRiseM) << k;
      EXPECT_NEAR(t.peak_vertical_velocity_mps, kRiseM * std::numbers::pi / (2.0 * kRiseS), 0.05) << k;
      EXPECT_LE(t.sparc, 0.0);
    }
    const auto five = time_five_times_sit_to_stand(res->transfers);
    ASSERT_TRUE(five);
    EXPECT_NEAR(five->time_s, 4 * kCycleS + kRiseS, 2.0 * kSynthTolS);
    std::printf(
        "synthetic 5 rises (%s): 5xSTS %.3f s (motion 18.800 s), first start %.3f (3.000), fifth end "
        "%.3f (21.800)\n",
        stillness ? "stillness" : "displacement", five->time_s, five->first_start_s, five->fifth_end_s);
    const auto cst = count_chair_stands_30s(res->transfers);
    ASSERT_TRUE(cst);
    EXPECT_EQ(cst->stands, 5);
    const auto j = sit_to_stand_to_json(*res);
    EXPECT_EQ(j["transfers"].size(), 5u);
  }
}

TEST(FunctionalSitToStand, ChairStandHelpers) {
  std::vector<SitToStandTransfer> t;
  for (int k = 0; k < 7; ++k) {
    SitToStandTransfer x;
    x.start_s = 1.0 + 4.5 * k;
    x.duration_s = 2.0;
    x.end_s = x.start_s + x.duration_s;
    t.push_back(x);
  }
  // Window [1, 31): starts at 1, 5.5, ..., 28 (7 transfers); the last ends at 30 -> 7.
  auto c = count_chair_stands_30s(t);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stands, 7);
  // Window [0, 29): the 7th (28-30) is only half done (1 s of 2): not counted.
  c = count_chair_stands_30s(t, 0.0, 29.0);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stands, 6);
  // Window [0, 29.2): more than halfway up -> counted.
  c = count_chair_stands_30s(t, 0.0, 29.2);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stands, 7);
  const auto f = time_five_times_sit_to_stand(t);
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->time_s, 4 * 4.5 + 2.0);
  EXPECT_FALSE(time_five_times_sit_to_stand(std::span(t).first(4)));
  EXPECT_FALSE(count_chair_stands_30s({}));
  EXPECT_FALSE(count_chair_stands_30s(t, 0.0, -1.0));
  EXPECT_EQ(five_times_sit_to_stand_to_json(*f)["time_s"].get<double>(), f->time_s);
}

TEST(FunctionalSitToStand, BadInputIsAnError) {
  const auto rec = five_rises();
  ImuRecording short_rec = rec;
  short_rec.t_us.resize(300);
  short_rec.acc_mps2.conservativeResize(300, 3);
  const auto e1 = detect_sit_to_stand(short_rec, {});
  ASSERT_FALSE(e1);
  EXPECT_EQ(e1.error().code(), ErrorCode::kMissingData);
  ImuRecording nan_rec = rec;
  nan_rec.acc_mps2(1000, 2) = std::numeric_limits<double>::quiet_NaN();
  const auto e2 = detect_sit_to_stand(nan_rec, {});
  ASSERT_FALSE(e2);
  EXPECT_NE(e2.error().message().find("sample 1000"), std::string::npos);
  SitToStandOptions bad;
  bad.power_band_hi_hz = 0.0;
  EXPECT_FALSE(detect_sit_to_stand(rec, bad));
  ImuRecording mismatch = rec;
  mismatch.t_us.pop_back();
  EXPECT_FALSE(detect_sit_to_stand(mismatch, {}));
  // Still recording: no transfers, no error.
  const auto still = test::make_recording(
      20.0, 128.0, [](double) { return Quat::Identity(); }, [](double) { return Vec3::Zero().eval(); });
  const auto none = detect_sit_to_stand(still, {});
  ASSERT_TRUE(none) << none.error().to_string();
  EXPECT_TRUE(none->transfers.empty());
}

}  // namespace
}  // namespace physio::imu
