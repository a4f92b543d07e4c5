// Postural sway: sinusoidal AP/ML acceleration with known amplitude and frequency, through a tilted sensor.

#include <cmath>
#include <cstdio>
#include <numbers>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imu/functional/sway.hpp"
#include "synthetic_motion.hpp"

namespace physio::imu {
namespace {

using test::kDegToRad;
using test::kRate;

constexpr double kDuration = 30.0;
constexpr double kAmpAp = 0.08;  // m/s^2
constexpr double kAmpMl = 0.05;
constexpr double kFreqAp = 0.5;  // Hz, whole periods in 30 s
constexpr double kFreqMl = 0.8;
constexpr double kRelTol = 0.01;     // filter attenuation at <= 0.8 Hz is < 0.3%
constexpr double kFreqTolHz = 1e-4;  // tones on DFT bins; filter edge transients leak slightly

// Sensor mounted with an arbitrary rotation; trunk frame x anterior, y left, z up. The sensor's own
// anterior axis is mount^-1 * x.
const Quat kMount = quat_from_rotvec(Vec3(0.3, -1.2, 0.7));

ImuRecording sway_recording(double amp_ap, double amp_ml) {
  const Quat trunk = quat_about_z(0.4);  // arbitrary heading
  return test::make_recording(
      kDuration, kRate, [&](double) { return trunk * kMount; },
      [&](double t) {
        const Vec3 local(amp_ap * std::sin(2.0 * std::numbers::pi * kFreqAp * t),
                         amp_ml * std::sin(2.0 * std::numbers::pi * kFreqMl * t), 0.0);
        return Vec3(trunk * local);
      });
}

SwayOptions options_for_mount() {
  SwayOptions o;
  o.forward_axis = kMount.conjugate() * Vec3::UnitX();
  return o;
}

TEST(FunctionalSway, KnownSinusoidsGiveKnownMeasures) {
  const auto rec = sway_recording(kAmpAp, kAmpMl);
  const auto m = compute_sway(rec, options_for_mount());
  ASSERT_TRUE(m) << m.error().to_string();
  const double var_ap = kAmpAp * kAmpAp / 2.0, var_ml = kAmpMl * kAmpMl / 2.0;
  const double w_ap = 2.0 * std::numbers::pi * kFreqAp, w_ml = 2.0 * std::numbers::pi * kFreqMl;
  EXPECT_NEAR(m->rms_ap_mps2, std::sqrt(var_ap), kRelTol * std::sqrt(var_ap));
  EXPECT_NEAR(m->rms_ml_mps2, std::sqrt(var_ml), kRelTol * std::sqrt(var_ml));
  EXPECT_NEAR(m->rms_mps2, std::sqrt(var_ap + var_ml), kRelTol * std::sqrt(var_ap + var_ml));
  // Uncorrelated axes: area = 2 pi F(2, n-2) sqrt(var_ap var_ml); F -> 3.00 for n = 3000.
  const double nu = kDuration * kRate - 2.0;
  const double f_crit = nu / 2.0 * (std::pow(0.05, -2.0 / nu) - 1.0);
  EXPECT_NEAR(f_crit, 2.998, 0.002);
  const double area = 2.0 * std::numbers::pi * f_crit * std::sqrt(var_ap * var_ml);
  EXPECT_NEAR(m->ellipse_area_m2ps4, area, 2.0 * kRelTol * area);
  // JERK = 0.5 * integral |da/dt|^2 = 0.5 * T * (A^2 w^2 / 2) per axis.
  const double jerk = 0.5 * kDuration * (kAmpAp * kAmpAp * w_ap * w_ap + kAmpMl * kAmpMl * w_ml * w_ml) / 2.0;
  EXPECT_NEAR(m->jerk_m2ps5, jerk, 2.0 * kRelTol * jerk);
  EXPECT_NEAR(m->range_ap_mps2, 2.0 * kAmpAp, kRelTol * 2.0 * kAmpAp);
  EXPECT_NEAR(m->spectrum_ap.mean_freq_hz, kFreqAp, kFreqTolHz);
  EXPECT_NEAR(m->spectrum_ap.centroid_freq_hz, kFreqAp, kFreqTolHz);
  EXPECT_NEAR(m->spectrum_ap.freq_dispersion, 0.0, 0.01);
  EXPECT_NEAR(m->spectrum_ml.mean_freq_hz, kFreqMl, kFreqTolHz);
  // Both tones: power-weighted mean frequency.
  const double p_ap = var_ap, p_ml = var_ml;
  EXPECT_NEAR(m->spectrum.mean_freq_hz, (p_ap * kFreqAp + p_ml * kFreqMl) / (p_ap + p_ml), 0.01);
  std::printf("sway: rms %.5f (exp %.5f) area %.6f (exp %.6f) jerk %.6f (exp %.6f) path %.4f mean vel %.5f\n",
              m->rms_mps2, std::sqrt(var_ap + var_ml), m->ellipse_area_m2ps4, area, m->jerk_m2ps5, jerk,
              m->path_length_mps2, m->mean_velocity_mps3);
}

TEST(FunctionalSway, PathLengthOfSingleAxisSinusoid) {
  // One axis: path length = 4 A per period.
  const auto m = compute_sway(sway_recording(kAmpAp, 0.0), options_for_mount());
  ASSERT_TRUE(m) << m.error().to_string();
  const double path = 4.0 * kAmpAp * kFreqAp * kDuration;
  EXPECT_NEAR(m->path_length_mps2, path, kRelTol * path);
  EXPECT_NEAR(m->mean_velocity_mps3, path / kDuration, kRelTol * path / kDuration);
  EXPECT_NEAR(m->ellipse_area_m2ps4, 0.0, 1e-8);
  EXPECT_NEAR(m->rms_ml_mps2, 0.0, 1e-6);
}

TEST(FunctionalSway, SwappedForwardAxisSwapsApAndMl) {
  SwayOptions o;
  o.forward_axis = kMount.conjugate() * Vec3::UnitY();  // "forward" = left: AP <-> ML
  const auto m = compute_sway(sway_recording(kAmpAp, kAmpMl), o);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_NEAR(m->rms_ml_mps2, kAmpAp / std::sqrt(2.0), kRelTol * kAmpAp);
  EXPECT_NEAR(m->rms_ap_mps2, kAmpMl / std::sqrt(2.0), kRelTol * kAmpMl);
}

TEST(FunctionalSway, BadInputIsAnError) {
  auto rec = sway_recording(kAmpAp, kAmpMl);
  auto o = options_for_mount();
  ImuRecording short_rec = rec;
  short_rec.t_us.resize(500);
  short_rec.acc_mps2.conservativeResize(500, 3);
  const auto r1 = compute_sway(short_rec, o);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code(), ErrorCode::kMissingData);
  ImuRecording nan_rec = rec;
  nan_rec.acc_mps2(100, 1) = std::nan("");
  const auto r2 = compute_sway(nan_rec, o);
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message().find("sample 100"), std::string::npos) << r2.error().message();
  SwayOptions vertical;
  vertical.forward_axis = kMount.conjugate() * Vec3::UnitZ();
  EXPECT_FALSE(compute_sway(rec, vertical));
  vertical.forward_axis = Vec3::Zero();
  EXPECT_FALSE(compute_sway(rec, vertical));
}

TEST(FunctionalSway, JsonHasEveryMeasure) {
  const auto m = compute_sway(sway_recording(kAmpAp, kAmpMl), options_for_mount());
  ASSERT_TRUE(m);
  const auto j = sway_to_json(*m);
  for (const char* k :
       {"rms_mps2", "jerk_m2ps5", "path_length_mps2", "mean_velocity_mps3", "ellipse_area_m2ps4"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_TRUE(j["spectrum"].contains("centroid_freq_hz"));
}

}  // namespace
}  // namespace physio::imu
