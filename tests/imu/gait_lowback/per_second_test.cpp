// Known-answer tests of the per-second conversion (step_to_second.hpp) and of the cadence contact detector
// (cadence_contacts.hpp).

#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "imu/gait_lowback/cadence_contacts.hpp"
#include "imu/gait_lowback/gait_sequences_iluz.hpp"
#include "imu/gait_lowback/step_to_second.hpp"
#include "synthetic_gait.hpp"

namespace physio::imu {
namespace {

using test::kRateHz;

constexpr double kTol = 1e-12;

TEST(GaitLowBackPerSecond, ConstantStepsGiveConstantSeconds) {
  std::vector<double> ic_s, step;
  for (int k = 0; k < 20; ++k) {
    ic_s.push_back(0.5 * k);
    step.push_back(0.5);
  }
  auto sec = step_values_per_second(ic_s, step, 10, PerSecondOptions{});
  ASSERT_TRUE(sec.has_value());
  for (double v : *sec) EXPECT_NEAR(v, 0.5, kTol);
}

TEST(GaitLowBackPerSecond, OutlierStepIsReplacedByTheLocalMedian) {
  std::vector<double> ic_s, step;
  for (int k = 0; k < 20; ++k) {
    ic_s.push_back(0.5 * k);
    step.push_back(k == 9 ? 1.0 : 0.5);  // one missed contact doubles a step time
  }
  auto sec = step_values_per_second(ic_s, step, 10, PerSecondOptions{});
  ASSERT_TRUE(sec.has_value());
  for (double v : *sec) EXPECT_NEAR(v, 0.5, kTol);
}

TEST(GaitLowBackPerSecond, ShortInteriorGapsAreInterpolatedLongOnesAndEdgesAreNot) {
  // Contacts in seconds 1-2, then a 2 s gap (seconds 3-4), contacts in 5-6, a 5 s gap (7-11), contacts in
  // 12-13; seconds 0 and 14 have none (edges).
  std::vector<double> ic_s = {1.2, 1.7, 2.2, 2.7, 5.2, 5.7, 6.2, 6.7, 12.2, 12.7, 13.2, 13.7};
  std::vector<double> val = {1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0};
  PerSecondOptions options;
  options.hampel_n_sigmas = 1e9;  // isolate the interpolation
  auto sec = step_values_per_second(ic_s, val, 15, options);
  ASSERT_TRUE(sec.has_value());
  EXPECT_TRUE(std::isnan((*sec)[0]));
  EXPECT_NEAR((*sec)[1], 1.0, kTol);
  EXPECT_NEAR((*sec)[3], 1.0 + 1.0 / 3.0, kTol);  // linear between second 2 (1.0) and second 5 (2.0)
  EXPECT_NEAR((*sec)[4], 1.0 + 2.0 / 3.0, kTol);
  EXPECT_NEAR((*sec)[6], 2.0, kTol);
  for (int k = 7; k <= 11; ++k) EXPECT_TRUE(std::isnan((*sec)[static_cast<std::size_t>(k)])) << k;
  EXPECT_NEAR((*sec)[12], 3.0, kTol);
  EXPECT_TRUE(std::isnan((*sec)[14]));
}

TEST(GaitLowBackPerSecond, BadInputIsAnError) {
  const std::vector<double> a = {0.0, 1.0}, b = {0.5};
  EXPECT_FALSE(step_values_per_second(a, b, 2, PerSecondOptions{}).has_value());
  const std::vector<double> unsorted = {1.0, 0.0};
  EXPECT_FALSE(step_values_per_second(unsorted, unsorted, 2, PerSecondOptions{}).has_value());
  PerSecondOptions zero_width;
  zero_width.hampel_half_width = 0;
  EXPECT_FALSE(step_values_per_second(a, a, 2, zero_width).has_value());
}

TEST(GaitLowBackPerSecond, RegionMeanIsTimeWeightedWithEdgePadding) {
  const std::vector<double> sec = {1.0, 2.0, std::nan(""), 4.0};
  EXPECT_NEAR(region_mean_of_seconds(sec, 0.5, 1.5), 1.5, kTol);
  EXPECT_NEAR(region_mean_of_seconds(sec, 0.0, 2.0), 1.5, kTol);
  EXPECT_NEAR(region_mean_of_seconds(sec, 1.5, 3.5), (0.5 * 2.0 + 0.5 * 4.0) / 1.0,
              kTol);                                               // NaN second left out
  EXPECT_NEAR(region_mean_of_seconds(sec, -1.0, 0.5), 1.0, kTol);  // before second 0: first value
  EXPECT_NEAR(region_mean_of_seconds(sec, 3.5, 5.0), 4.0, kTol);   // after the last: last value
  EXPECT_TRUE(std::isnan(region_mean_of_seconds(sec, 2.1, 2.9)));
  EXPECT_TRUE(std::isnan(region_mean_of_seconds(sec, 1.0, 1.0)));
}

TEST(GaitLowBackCadenceContacts, SyntheticWalkGivesOneContactPerStep) {
  constexpr double kContactCadenceRelTol = 0.01;
  for (const double cadence : {80.0, 110.0}) {
    test::SyntheticWalk walk;
    walk.start_s = 5.0;
    walk.n_steps = 30;
    walk.cadence_spm = cadence;
    ImuRecording rec;
    const test::SyntheticTruth truth = test::make_synthetic_recording(rec, kRateHz, 40.0, {walk});
    // The segment from the first to the last true contact, as the pipeline passes it.
    const auto i0 = static_cast<std::size_t>(std::llround(truth.ic_s.front() * kRateHz));
    const auto i1 = static_cast<std::size_t>(std::llround(truth.ic_s.back() * kRateHz)) + 1;
    std::vector<double> norm;
    for (std::size_t i = i0; i < i1; ++i)
      norm.push_back(rec.acc_mps2.row(static_cast<Eigen::Index>(i)).norm());
    auto ics = detect_cadence_contacts(norm, kRateHz, CadenceContactOptions{});
    ASSERT_TRUE(ics.has_value()) << ics.error().message();
    // One contact per step; the first and last step can fall on the segment edges.
    EXPECT_GE(ics->size(), truth.ic_s.size() - 2);
    EXPECT_LE(ics->size(), truth.ic_s.size() + 1);
    ASSERT_GE(ics->size(), 3u);
    const double mean_step_s = (ics->back() - ics->front()) / static_cast<double>(ics->size() - 1);
    std::printf("cadence contacts at %.0f steps/min: %zu contacts for %zu steps, cadence %.2f\n", cadence,
                ics->size(), truth.ic_s.size(), 60.0 / mean_step_s);
    EXPECT_NEAR(60.0 / mean_step_s, cadence, kContactCadenceRelTol * cadence);
  }
  EXPECT_FALSE(
      detect_cadence_contacts(std::vector<double>(10, 9.81), 5.0, CadenceContactOptions{}).has_value());
}

double fir_gain(const std::vector<double>& h, double f_hz, double rate_hz) {
  std::complex<double> sum = 0.0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    sum += h[i] * std::polar(1.0, -2.0 * std::numbers::pi * f_hz / rate_hz * static_cast<double>(i));
  }
  return std::abs(sum);
}

TEST(GaitLowBackIluz, FirBandPassHasUnitCentreGainAndRejectsOutsideTheBand) {
  auto h = design_fir_bandpass(200, 0.5, 3.0, kRateHz);
  ASSERT_TRUE(h.has_value()) << h.error().message();
  ASSERT_EQ(h->size(), 201u);
  for (std::size_t i = 0; i < h->size(); ++i)
    EXPECT_NEAR((*h)[i], (*h)[h->size() - 1 - i], kTol);  // linear phase
  EXPECT_NEAR(fir_gain(*h, 1.75, kRateHz), 1.0, 1e-9);    // centre of the band
  EXPECT_GT(fir_gain(*h, 1.0, kRateHz), 0.9);
  // 201 Hamming taps at 100 Hz give a transition width of about 3.3 x 100 / 201 = 1.6 Hz, so the 0.5 Hz edge
  // is soft and DC is only partly rejected (the same holds for scipy's firwin that mobgap uses).
  EXPECT_LT(fir_gain(*h, 0.0, kRateHz), 0.2);
  EXPECT_LT(fir_gain(*h, 0.0, kRateHz), fir_gain(*h, 0.5, kRateHz));
  EXPECT_LT(fir_gain(*h, 6.0, kRateHz), 0.02);
  EXPECT_LT(fir_gain(*h, 50.0, kRateHz), 0.02);
  EXPECT_FALSE(design_fir_bandpass(201, 0.5, 3.0, kRateHz).has_value());  // odd order
  EXPECT_FALSE(design_fir_bandpass(200, 3.0, 0.5, kRateHz).has_value());
}

TEST(GaitLowBackIluz, WalkBetweenRestsIsOneSequence) {
  constexpr double kStepHz = 1.8;
  constexpr double kWalkStartS = 20.0;
  constexpr double kWalkEndS = 50.0;
  constexpr double kEdgeTolS = 3.0;  // the 3 s windows with 50 % overlap quantise the edges
  const auto n = static_cast<std::size_t>(70.0 * kRateHz);
  std::vector<double> is(n), pa(n);
  std::uint64_t state = 7;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kRateHz;
    const bool walking = t >= kWalkStartS && t < kWalkEndS;
    const double w = 2.0 * std::numbers::pi * kStepHz * t;
    is[i] = 9.81 + 0.02 * test::synth_noise(state) + (walking ? 2.0 * std::sin(w) : 0.0);
    pa[i] = 0.02 * test::synth_noise(state) + (walking ? 1.5 * std::sin(w + 0.5) : 0.0);
  }
  auto gs = detect_gait_sequences_iluz(is, pa, kRateHz, GsdIluzOptions{});
  ASSERT_TRUE(gs.has_value()) << gs.error().message();
  ASSERT_EQ(gs->size(), 1u);
  EXPECT_NEAR((*gs)[0].start_s, kWalkStartS, kEdgeTolS);
  EXPECT_NEAR((*gs)[0].end_s, kWalkEndS, kEdgeTolS);
  // Lying (vertical axis horizontal): not upright, so no gait even with the same oscillation.
  std::vector<double> lying(is);
  for (double& v : lying) v -= 9.81;
  auto none = detect_gait_sequences_iluz(lying, pa, kRateHz, GsdIluzOptions{});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  GsdIluzOptions bad;
  bad.overlap = 1.0;
  EXPECT_FALSE(detect_gait_sequences_iluz(is, pa, kRateHz, bad).has_value());
  EXPECT_FALSE(
      detect_gait_sequences_iluz(is, std::vector<double>(10, 0.0), kRateHz, GsdIluzOptions{}).has_value());
}

}  // namespace
}  // namespace physio::imu
