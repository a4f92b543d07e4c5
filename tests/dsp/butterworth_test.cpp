#include "dsp/butterworth.hpp"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "tolerances.hpp"

namespace physio::dsp {
namespace {

constexpr double kMagTol = 1e-9;

TEST(Butterworth, MagnitudeMatchesAnalyticDigitalResponse) {
  const double rate = 100.0;
  for (int order = 1; order <= 8; ++order) {
    for (const double cutoff : {2.0, 6.0, 20.0, 45.0}) {
      auto sos = butterworth_lowpass_sos(order, cutoff, rate);
      ASSERT_TRUE(sos) << sos.error().to_string();
      EXPECT_EQ(sos->order, order);
      EXPECT_EQ(sos->sections.size(), static_cast<std::size_t>((order + 1) / 2));
      for (const double f : {0.0, 0.5, 1.0, 3.0, 6.0, 10.0, 25.0, 40.0, 49.0}) {
        const double tn = std::tan(std::numbers::pi * f / rate) / std::tan(std::numbers::pi * cutoff / rate);
        const double expected = 1.0 / std::sqrt(1.0 + std::pow(tn, 2.0 * order));
        EXPECT_NEAR(sos_magnitude(*sos, f, rate), expected, kMagTol)
            << "order " << order << " cutoff " << cutoff << " f " << f;
        EXPECT_NEAR(butterworth_magnitude(order, cutoff, rate, f), expected, kMagTol);
      }
      // -3 dB at the cutoff, unit gain at DC, a zero at Nyquist.
      EXPECT_NEAR(sos_magnitude(*sos, cutoff, rate), 1.0 / std::sqrt(2.0), kMagTol);
      EXPECT_NEAR(sos_magnitude(*sos, 0.0, rate), 1.0, kMagTol);
      EXPECT_NEAR(sos_magnitude(*sos, rate / 2.0, rate), 0.0, 1e-6);
    }
  }
}

TEST(Butterworth, SecondOrderCoefficientsMatchTextbookFormula) {
  // Bilinear second-order Butterworth, written out by hand (e.g. Robert Bristow-Johnson's cookbook with Q =
  // 1/sqrt 2).
  const double rate = 100.0, cutoff = 6.0;
  const double k = std::tan(std::numbers::pi * cutoff / rate);
  const double norm = 1.0 / (1.0 + std::numbers::sqrt2 * k + k * k);
  auto sos = butterworth_lowpass_sos(2, cutoff, rate);
  ASSERT_TRUE(sos);
  ASSERT_EQ(sos->sections.size(), 1u);
  const Biquad& s = sos->sections[0];
  EXPECT_NEAR(s.b0, k * k * norm, kCoefTol);
  EXPECT_NEAR(s.b1, 2.0 * k * k * norm, kCoefTol);
  EXPECT_NEAR(s.b2, k * k * norm, kCoefTol);
  EXPECT_NEAR(s.a1, 2.0 * (k * k - 1.0) * norm, kCoefTol);
  EXPECT_NEAR(s.a2, (1.0 - std::numbers::sqrt2 * k + k * k) * norm, kCoefTol);
}

TEST(Butterworth, FirstOrderSectionForOddOrders) {
  auto sos = butterworth_lowpass_sos(3, 10.0, 100.0);
  ASSERT_TRUE(sos);
  ASSERT_EQ(sos->sections.size(), 2u);
  EXPECT_EQ(sos->sections[0].b2, 0.0);
  EXPECT_EQ(sos->sections[0].a2, 0.0);
  EXPECT_NE(sos->sections[1].a2, 0.0);
}

TEST(Butterworth, RejectsInvalidDesigns) {
  EXPECT_FALSE(butterworth_lowpass_sos(0, 6.0, 100.0));
  EXPECT_FALSE(butterworth_lowpass_sos(-2, 6.0, 100.0));
  EXPECT_FALSE(butterworth_lowpass_sos(33, 6.0, 100.0));
  EXPECT_FALSE(butterworth_lowpass_sos(2, 50.0, 100.0));  // at Nyquist
  EXPECT_FALSE(butterworth_lowpass_sos(2, 60.0, 100.0));  // above Nyquist
  EXPECT_FALSE(butterworth_lowpass_sos(2, 0.0, 100.0));
  EXPECT_FALSE(butterworth_lowpass_sos(2, -1.0, 100.0));
  EXPECT_FALSE(butterworth_lowpass_sos(2, 6.0, 0.0));
  EXPECT_FALSE(butterworth_lowpass_sos(2, std::nan(""), 100.0));
  const auto r = butterworth_lowpass_sos(2, 50.0, 100.0);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("Nyquist"), std::string::npos);
}

TEST(ZeroPhaseLowpass, TotalOrderIsHalvedAndMustBeEven) {
  auto sos = design_zero_phase_lowpass({.total_order = 4, .cutoff_hz = 6.0, .rate_hz = 60.0});
  ASSERT_TRUE(sos);
  EXPECT_EQ(sos->order, 2);
  auto sos8 = design_zero_phase_lowpass({.total_order = 8, .cutoff_hz = 6.0, .rate_hz = 60.0});
  ASSERT_TRUE(sos8);
  EXPECT_EQ(sos8->order, 4);
  EXPECT_FALSE(design_zero_phase_lowpass({.total_order = 3, .cutoff_hz = 6.0, .rate_hz = 60.0}));
  EXPECT_FALSE(design_zero_phase_lowpass({.total_order = 0, .cutoff_hz = 6.0, .rate_hz = 60.0}));
  EXPECT_FALSE(design_zero_phase_lowpass({.total_order = -4, .cutoff_hz = 6.0, .rate_hz = 60.0}));
  EXPECT_FALSE(design_zero_phase_lowpass({.total_order = 4, .cutoff_hz = 30.0, .rate_hz = 60.0}));
  std::vector<double> x(10, 1.0);
  EXPECT_FALSE(lowpass_zero_phase(x, {.total_order = 5, .cutoff_hz = 6.0, .rate_hz = 60.0}));
}

}  // namespace
}  // namespace physio::dsp
