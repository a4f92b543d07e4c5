// Bad input (too short, no gyroscope, NaN, wrong placement, bad options) gives clear errors or warnings, and
// the building blocks and JSON format behave as documented.

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include "imu/gait_lowback/aggregates.hpp"
#include "imu/gait_lowback/lowback_gait.hpp"
#include "imu/gait_lowback/lowback_gait_json.hpp"
#include "imu/gait_lowback/regularity.hpp"
#include "imu/gait_lowback/signal_filters.hpp"
#include "synthetic_gait.hpp"

namespace physio::imu {
namespace {

using test::kRateHz;

ImuRecording walking_recording(double duration_s = 30.0) {
  test::SyntheticWalk w;
  w.start_s = 5.0;
  w.n_steps = 30;
  ImuRecording rec;
  (void)test::make_synthetic_recording(rec, kRateHz, duration_s, {w});
  return rec;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(GaitLowBackInput, TooShortRecordingIsAnError) {
  ImuRecording rec = walking_recording(30.0);
  rec.t_us.resize(200);
  rec.acc_mps2.conservativeResize(200, 3);
  rec.gyr_rps->conservativeResize(200, 3);
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().code(), ErrorCode::kMissingData);
  EXPECT_TRUE(contains(res.error().message(), "lasts 2.00 s")) << res.error().message();
}

TEST(GaitLowBackInput, EmptyRecordingIsAnError) {
  ImuRecording rec;
  rec.rate_hz = kRateHz;
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().code(), ErrorCode::kMissingData);
}

TEST(GaitLowBackInput, MissingGyroscopeIsAnErrorUnlessAllowed) {
  ImuRecording rec = walking_recording();
  rec.gyr_rps.reset();
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().code(), ErrorCode::kMissingData);
  EXPECT_TRUE(contains(res.error().message(), "no gyroscope")) << res.error().message();

  LowBackGaitOptions options;
  options.require_gyroscope = false;
  options.sensor_height_m = 1.0;
  auto ok = analyse_lowback_gait(rec, options);
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  ASSERT_FALSE(ok->initial_contacts.empty());
  for (const InitialContact& ic : ok->initial_contacts) EXPECT_EQ(ic.side, FootSide::kUnknown);
  EXPECT_TRUE(ok->turns.empty());
  bool warned = false;
  for (const std::string& w : ok->warnings) warned |= contains(w, "no gyroscope");
  EXPECT_TRUE(warned);
  EXPECT_EQ(ok->walking_bouts.size(), 1u);
}

TEST(GaitLowBackInput, NanSampleIsAnErrorNamingTheSample) {
  ImuRecording rec = walking_recording();
  rec.acc_mps2(1234, 1) = std::numeric_limits<double>::quiet_NaN();
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(res.error().message(), "accelerometer sample 1234 axis y")) << res.error().message();

  ImuRecording rec2 = walking_recording();
  (*rec2.gyr_rps)(10, 2) = std::numeric_limits<double>::infinity();
  auto res2 = analyse_lowback_gait(rec2, LowBackGaitOptions{});
  ASSERT_FALSE(res2.has_value());
  EXPECT_TRUE(contains(res2.error().message(), "gyroscope sample 10 axis z")) << res2.error().message();
}

TEST(GaitLowBackInput, WrongPlacementAndTiltAreWarnings) {
  ImuRecording rec = walking_recording();
  rec.placement = Placement::kLeftFoot;
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_TRUE(res.has_value()) << res.error().message();
  bool placement = false, height = false;
  for (const std::string& w : res->warnings) {
    placement |= contains(w, "left_foot");
    height |= contains(w, "--sensor-height-m");
  }
  EXPECT_TRUE(placement);
  EXPECT_TRUE(height);
  for (const WalkingBout& b : res->walking_bouts) EXPECT_TRUE(std::isnan(b.stride_length_m));

  // The same sensor lying flat (x horizontal): the mounting check warns.
  ImuRecording flat = walking_recording();
  for (Eigen::Index i = 0; i < flat.acc_mps2.rows(); ++i) {
    std::swap(flat.acc_mps2(i, 0), flat.acc_mps2(i, 2));
    std::swap((*flat.gyr_rps)(i, 0), (*flat.gyr_rps)(i, 2));
    (*flat.gyr_rps)(i, 1) = -(*flat.gyr_rps)(i, 1);
    flat.acc_mps2(i, 1) = -flat.acc_mps2(i, 1);
  }
  auto tilted = analyse_lowback_gait(flat, LowBackGaitOptions{});
  ASSERT_TRUE(tilted.has_value());
  bool tilt = false;
  for (const std::string& w : tilted->warnings) tilt |= contains(w, "from the vertical");
  EXPECT_TRUE(tilt);
  // Declaring the mounting (body axes in sensor coordinates) restores the lower-back analysis.
  LowBackGaitOptions mounted;
  mounted.sensor_to_body << 0, 0, 1, 0, -1, 0, 1, 0, 0;
  auto fixed = analyse_lowback_gait(flat, mounted);
  ASSERT_TRUE(fixed.has_value()) << fixed.error().message();
  tilt = false;
  for (const std::string& w : fixed->warnings) tilt |= contains(w, "from the vertical");
  EXPECT_FALSE(tilt);
  EXPECT_EQ(fixed->initial_contacts.size(), res->initial_contacts.size());
}

TEST(GaitLowBackInput, InvalidOptionsAreErrors) {
  ImuRecording rec = walking_recording();
  LowBackGaitOptions options;
  options.sensor_height_m = 0.0;
  EXPECT_FALSE(analyse_lowback_gait(rec, options).has_value());
  options.sensor_height_m = 1.0;
  options.sensor_to_body = Eigen::Matrix3d::Identity() * 2.0;
  auto res = analyse_lowback_gait(rec, options);
  ASSERT_FALSE(res.has_value());
  EXPECT_TRUE(contains(res.error().message(), "rotation")) << res.error().message();
  options.sensor_to_body = Eigen::Matrix3d::Identity();
  options.gsd.min_n_steps = 0;
  EXPECT_FALSE(analyse_lowback_gait(rec, options).has_value());
  options.gsd.min_n_steps = 5;
  options.bouts.max_stride_time_s = 0.1;  // below min_stride_time_s
  EXPECT_FALSE(analyse_lowback_gait(rec, options).has_value());
  options.bouts = WalkingBoutRules{};
  options.per_second.hampel_half_width = 0;
  res = analyse_lowback_gait(rec, options);
  ASSERT_FALSE(res.has_value());
  EXPECT_TRUE(contains(res.error().message(), "per-second")) << res.error().message();
  options.per_second = PerSecondOptions{};
  options.cadence_contacts.pad_s = -1.0;
  EXPECT_FALSE(analyse_lowback_gait(rec, options).has_value());
  ImuRecording slow = rec;
  slow.rate_hz = 10.0;
  EXPECT_FALSE(analyse_lowback_gait(slow, LowBackGaitOptions{}).has_value());
}

TEST(GaitLowBackInput, RestOnlyHasNoBoutsAndWarns) {
  ImuRecording rec;
  (void)test::make_synthetic_recording(rec, kRateHz, 60.0, {});
  auto res = analyse_lowback_gait(rec, LowBackGaitOptions{});
  ASSERT_TRUE(res.has_value());
  EXPECT_TRUE(res->walking_bouts.empty());
  EXPECT_TRUE(res->initial_contacts.empty());
  EXPECT_EQ(res->aggregates.n_bouts, 0u);
  EXPECT_TRUE(std::isnan(res->aggregates.walking_speed_median_mps));
  bool warned = false;
  for (const std::string& w : res->warnings) warned |= contains(w, "no gait sequence");
  EXPECT_TRUE(warned);
}

TEST(GaitLowBackInput, JsonHasTheDocumentedFields) {
  ImuRecording rec = walking_recording();
  LowBackGaitOptions options;
  options.sensor_height_m = 1.0;
  auto res = analyse_lowback_gait(rec, options);
  ASSERT_TRUE(res.has_value());
  const nlohmann::json j = lowback_gait_to_json(*res);
  EXPECT_EQ(j.at("format"), "physiokit.lowback_gait");
  EXPECT_EQ(j.at("version"), 1);
  ASSERT_EQ(j.at("walking_bouts").size(), 1u);
  const auto& b = j.at("walking_bouts")[0];
  for (const char* key : {"start_s", "end_s", "n_strides", "cadence_spm", "stride_length_m",
                          "walking_speed_mps", "stride_time_s", "turns", "step_regularity"}) {
    EXPECT_TRUE(b.contains(key)) << key;
  }
  EXPECT_GT(b.at("walking_speed_mps").get<double>(), 0.5);
  ASSERT_EQ(j.at("initial_contacts").size(), res->initial_contacts.size());
  const auto& ic = j.at("initial_contacts")[0];
  EXPECT_TRUE(ic.at("side") == "left" || ic.at("side") == "right");
  EXPECT_NEAR(ic.at("t_s").get<double>(), res->initial_contacts[0].t_s, 1e-12);
  EXPECT_TRUE(j.at("aggregates").contains("walking_speed_p90_mps"));
  // NaN becomes null, never a number.
  res->walking_bouts[0].stride_length_m = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(lowback_gait_to_json(*res).at("walking_bouts")[0].at("stride_length_m").is_null());
}

TEST(GaitLowBackFilters, HighPassIsButterworthAtCutoff) {
  constexpr double kTol = 1e-6;
  auto hp = butterworth_highpass_sos(4, 1.0, kRateHz);
  ASSERT_TRUE(hp.has_value());
  EXPECT_NEAR(dsp::sos_magnitude(*hp, 1.0, kRateHz), 1.0 / std::sqrt(2.0), kTol);
  EXPECT_NEAR(dsp::sos_magnitude(*hp, 49.99, kRateHz), 1.0, 1e-3);
  EXPECT_LT(dsp::sos_magnitude(*hp, 0.1, kRateHz), 1e-3);
  auto bp = butterworth_bandpass_sos(4, 0.5, 2.0, kRateHz);
  ASSERT_TRUE(bp.has_value());
  EXPECT_GT(dsp::sos_magnitude(*bp, 1.0, kRateHz), 0.9);
  EXPECT_FALSE(butterworth_highpass_sos(4, 60.0, kRateHz).has_value());
}

TEST(GaitLowBackFilters, CwtOfSinusoidHasAnalyticGain) {
  // For x = sin(w n), the gaus2 CWT is sqrt(a) * C * sqrt(pi) * (a w)^2 exp(-(a w)^2 / 4) * x.
  constexpr double kScale = 10.0;
  const double w = 2.0 * std::numbers::pi * 1.2 / 40.0;
  std::vector<double> x(800), out(800);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(w * static_cast<double>(i));
  cwt_gaus2(x, kScale, out);
  const double c = 1.0 / std::sqrt(3.0 * std::sqrt(std::numbers::pi / 2.0));
  const double aw = kScale * w;
  const double gain =
      std::sqrt(kScale) * c * std::sqrt(std::numbers::pi) * aw * aw * std::exp(-aw * aw / 4.0);
  for (std::size_t i = 200; i < 600; i += 37) EXPECT_NEAR(out[i], gain * x[i], 1e-3 * gain);
}

TEST(GaitLowBackAggregates, PercentilesAndRegularity) {
  EXPECT_DOUBLE_EQ(percentile_of({1.0, 2.0, 3.0, 4.0}, 50.0), 2.5);
  EXPECT_NEAR(percentile_of({1.0, 2.0, 3.0, 4.0, std::nan("")}, 90.0), 3.7, 1e-12);
  EXPECT_TRUE(std::isnan(percentile_of({}, 50.0)));
  // A stride-periodic signal with identical steps: regularity 1 and symmetric; unequal steps lower Ad1.
  std::vector<double> sym(2000), asym(2000);
  for (std::size_t i = 0; i < sym.size(); ++i) {
    const double t = static_cast<double>(i) / kRateHz;
    sym[i] = std::cos(2.0 * std::numbers::pi * 2.0 * t);
    asym[i] = sym[i] + 0.5 * std::cos(2.0 * std::numbers::pi * 1.0 * t);
  }
  const Regularity r = compute_regularity(sym, kRateHz, 1.0);
  EXPECT_NEAR(r.step_regularity, 1.0, 0.01);
  EXPECT_NEAR(r.step_symmetry, 1.0, 0.01);
  const Regularity ra = compute_regularity(asym, kRateHz, 1.0);
  EXPECT_LT(ra.step_symmetry, 0.8);
  EXPECT_TRUE(std::isnan(compute_regularity(std::vector<double>(50, 0.0), kRateHz, 1.0).step_regularity));
}

}  // namespace
}  // namespace physio::imu
