#include "dsp/derivative.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"

namespace physio::dsp {
namespace {

constexpr double kDerivTol = 1e-7;  // polynomial values ~1e2 differenced at 50 Hz

constexpr double kRate = 50.0;

std::vector<double> sample(double (*f)(double), std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = f(static_cast<double>(i) / kRate);
  return x;
}

double quad(double t) {
  return 3.0 * t * t - 2.0 * t + 1.0;
}
double quad_d1(double t) {
  return 6.0 * t - 2.0;
}
double cubic(double t) {
  return 0.5 * t * t * t - t * t + 4.0 * t - 7.0;
}
double cubic_d2(double t) {
  return 3.0 * t - 2.0;
}

TEST(Derivative, FirstDerivativeExactForQuadraticsIncludingEnds) {
  const std::vector<double> x = sample(quad, 100);
  std::vector<double> d(x.size());
  ASSERT_TRUE(first_derivative(x, d, kRate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(d[i], quad_d1(static_cast<double>(i) / kRate), kDerivTol) << i;
  }
}

TEST(Derivative, SecondDerivativeExactForCubicsIncludingEnds) {
  const std::vector<double> x = sample(cubic, 100);
  std::vector<double> d(x.size());
  ASSERT_TRUE(second_derivative(x, d, kRate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(d[i], cubic_d2(static_cast<double>(i) / kRate), 1e-5) << i;
  }
}

TEST(Derivative, NanAwareOneSidedStencils) {
  std::vector<double> x = sample(quad, 30);
  x[10] = kNaN;
  x[20] = kNaN;
  x[22] = kNaN;  // sample 21 is isolated
  std::vector<double> d(x.size()), a(x.size());
  ASSERT_TRUE(first_derivative(x, d, kRate));
  ASSERT_TRUE(second_derivative(x, a, kRate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i == 10 || i == 20 || i == 22 || i == 21) {
      EXPECT_TRUE(std::isnan(d[i])) << i;
      EXPECT_TRUE(std::isnan(a[i])) << i;
    } else {
      EXPECT_NEAR(d[i], quad_d1(static_cast<double>(i) / kRate), kDerivTol) << i;  // quadratics: exact
      EXPECT_NEAR(a[i], 6.0, 1e-5) << i;
    }
  }
}

TEST(Derivative, ShortRunsAndErrors) {
  std::vector<double> x = {1.0, 3.0}, d(2);
  ASSERT_TRUE(first_derivative(x, d, 10.0));
  EXPECT_NEAR(d[0], 20.0, kDerivTol);
  EXPECT_NEAR(d[1], 20.0, kDerivTol);
  ASSERT_TRUE(second_derivative(x, d, 10.0));
  EXPECT_TRUE(std::isnan(d[0]) && std::isnan(d[1]));
  std::vector<double> d3(3);
  EXPECT_FALSE(first_derivative(x, d3, 10.0));
  EXPECT_FALSE(second_derivative(x, d, 0.0));
}

}  // namespace
}  // namespace physio::dsp
