#include "dsp/savgol.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/signal_util.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

constexpr double kSavgolPolyTol = 1e-8;
constexpr double kSavgolRate = 100.0;

double savgol_cubic(double t) {
  return 4.0 * t * t * t - 2.0 * t * t + 0.5 * t + 3.0;
}
double savgol_cubic_d1(double t) {
  return 12.0 * t * t - 4.0 * t + 0.5;
}
double savgol_cubic_d2(double t) {
  return 24.0 * t - 4.0;
}

TEST(Savgol, ClassicFivePointCoefficients) {
  // Unit impulse in the middle: the output is the (reversed) convolution kernel.
  std::vector<double> impulse(21, 0.0), out(21);
  impulse[10] = 1.0;
  ASSERT_TRUE(savgol_filter(impulse, out, 1.0, {.window = 5, .poly_order = 2, .deriv = 0}));
  const double smooth[5] = {-3.0 / 35, 12.0 / 35, 17.0 / 35, 12.0 / 35, -3.0 / 35};
  for (int j = -2; j <= 2; ++j)
    EXPECT_NEAR(out[static_cast<std::size_t>(10 + j)], smooth[j + 2], kCoefTol) << j;
  ASSERT_TRUE(savgol_filter(impulse, out, 1.0, {.window = 5, .poly_order = 2, .deriv = 1}));
  // d/dt at i = sum_j c_j x[i + j], c = (-2, -1, 0, 1, 2) / 10; the impulse at 10 seen from i = 10 - j.
  for (int j = -2; j <= 2; ++j) {
    EXPECT_NEAR(out[static_cast<std::size_t>(10 - j)], static_cast<double>(j) / 10.0, kCoefTol) << j;
  }
}

TEST(Savgol, ReproducesPolynomialAndDerivativesIncludingEdges) {
  const std::size_t n = 120;
  std::vector<double> x(n), out(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = savgol_cubic(static_cast<double>(i) / kSavgolRate);
  for (const std::size_t deriv : {0u, 1u, 2u}) {
    ASSERT_TRUE(savgol_filter(x, out, kSavgolRate, {.window = 11, .poly_order = 3, .deriv = deriv}));
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / kSavgolRate;
      const double expected = deriv == 0   ? savgol_cubic(t)
                              : deriv == 1 ? savgol_cubic_d1(t)
                                           : savgol_cubic_d2(t);
      EXPECT_NEAR(out[i], expected, kSavgolPolyTol * std::pow(kSavgolRate, static_cast<double>(deriv)))
          << deriv << " " << i;
    }
  }
}

TEST(Savgol, RunsFilteredSeparatelyAndShortRunsNan) {
  std::vector<double> x(60);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = savgol_cubic(static_cast<double>(i) / kSavgolRate);
  x[20] = kNaN;  // splits into runs 0..19 and 21..(short)
  x[27] = kNaN;  // run 21..26: 6 samples, shorter than the window -> fitted whole
  x[29] = kNaN;  // run 28: 1 sample -> NaN
  std::vector<double> out(x.size());
  ASSERT_TRUE(savgol_filter(x, out, kSavgolRate, {.window = 9, .poly_order = 3, .deriv = 1}));
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i == 20 || i == 27 || i == 28 || i == 29) {
      EXPECT_TRUE(std::isnan(out[i])) << i;
    } else {
      EXPECT_NEAR(out[i], savgol_cubic_d1(static_cast<double>(i) / kSavgolRate), kSavgolPolyTol * kSavgolRate)
          << i;
    }
  }
}

TEST(Savgol, SmoothsNoise) {
  const std::vector<double> noise = test::gaussian_noise(500, 1.0, 3);
  std::vector<double> out(noise.size());
  ASSERT_TRUE(savgol_filter(noise, out, kSavgolRate, {.window = 21, .poly_order = 2}));
  EXPECT_LT(test::standard_deviation(out), 0.5 * test::standard_deviation(noise));
}

TEST(Savgol, RejectsBadOptions) {
  std::vector<double> x(30, 1.0), out(30);
  EXPECT_FALSE(savgol_filter(x, out, kSavgolRate, {.window = 10, .poly_order = 2}));
  EXPECT_FALSE(savgol_filter(x, out, kSavgolRate, {.window = 5, .poly_order = 5}));
  EXPECT_FALSE(savgol_filter(x, out, kSavgolRate, {.window = 5, .poly_order = 2, .deriv = 3}));
  EXPECT_FALSE(savgol_filter(x, out, 0.0, {}));
}

}  // namespace
}  // namespace physio::dsp
