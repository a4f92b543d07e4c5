#include "dsp/gaps.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/signal_util.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

// 8-sample gap in a 1 Hz sine at 100 Hz, cubic through samples 38, 39, 48, 49: Lagrange error bound
// w^4 / 24 * max |prod (x - x_i)| = (2 pi)^4 / 24 * 612 * 0.01^4 s^4 ~ 4e-4.
constexpr double kSineTol = 4e-4;

double cubic_poly(double x) {
  return 0.01 * x * x * x - 0.2 * x * x + x + 2.0;
}

TEST(FindGaps, ListsNanRunsAndIgnoresZeros) {
  const std::vector<double> x = {kNaN, 0.0, 1.0, kNaN, kNaN, 0.0, -0.0, kNaN};
  const std::vector<Gap> expected = {{0, 1}, {3, 2}, {7, 1}};
  EXPECT_EQ(find_gaps(x), expected);
  EXPECT_TRUE(find_gaps(std::vector<double>{0.0, 0.0}).empty());
  EXPECT_TRUE(find_gaps(std::vector<double>{}).empty());
}

TEST(FillGaps, LinearFillsExactlyALine) {
  std::vector<double> x(20);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 3.0 - 0.5 * static_cast<double>(i);
  const std::vector<double> truth = x;
  for (std::size_t i = 6; i < 11; ++i) x[i] = kNaN;
  EXPECT_EQ(fill_gaps(x, {.method = GapFill::kLinear, .max_gap = 5}), 5u);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], truth[i], kPolyTol) << i;
}

TEST(FillGaps, CubicReproducesACubicPolynomial) {
  std::vector<double> x(30);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = cubic_poly(static_cast<double>(i));
  const std::vector<double> truth = x;
  for (std::size_t i = 10; i < 16; ++i) x[i] = kNaN;
  // Two gaps separated by one valid sample: the outer neighbours lie beyond the other gap.
  x[20] = kNaN;
  x[21] = kNaN;
  x[23] = kNaN;
  EXPECT_EQ(fill_gaps(x, {.method = GapFill::kCubic, .max_gap = 6}), 9u);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], truth[i], kPolyTol) << i;
}

TEST(FillGaps, CubicFollowsASmoothSine) {
  std::vector<double> x = test::make_sine(200, 100.0, 1.0);
  const std::vector<double> truth = x;
  for (std::size_t i = 40; i < 48; ++i) x[i] = kNaN;
  EXPECT_EQ(fill_gaps(x, {.method = GapFill::kCubic, .max_gap = 10}), 8u);
  for (std::size_t i = 40; i < 48; ++i) EXPECT_NEAR(x[i], truth[i], kSineTol) << i;
}

TEST(FillGaps, CubicFallsBackToLinearWithOneNeighbour) {
  std::vector<double> x = {1.0, kNaN, 3.0, 7.0, 20.0};
  EXPECT_EQ(fill_gaps(x, {.method = GapFill::kCubic, .max_gap = 3}), 1u);
  EXPECT_NEAR(x[1], 2.0, kPolyTol);
}

TEST(FillGaps, LongAndEdgeGapsStayNanAndValuesUntouched) {
  std::vector<double> x = {kNaN, kNaN, 0.0,  1.0,  kNaN, kNaN, 0.0, 0.0,
                           kNaN, kNaN, kNaN, kNaN, 5.0,  6.0,  kNaN};
  const std::vector<double> before = x;
  for (const GapFill method : {GapFill::kLinear, GapFill::kCubic}) {
    std::vector<double> y = before;
    EXPECT_EQ(fill_gaps(y, {.method = method, .max_gap = 3}), 2u);
    EXPECT_TRUE(std::isnan(y[0]) && std::isnan(y[1]));                   // leading: not extrapolated
    EXPECT_TRUE(std::isnan(y[14]));                                      // trailing
    for (std::size_t i = 8; i < 12; ++i) EXPECT_TRUE(std::isnan(y[i]));  // 4 > max_gap
    EXPECT_TRUE(std::isfinite(y[4]) && std::isfinite(y[5]));
    for (const std::size_t i : {2u, 3u, 6u, 7u, 12u, 13u}) EXPECT_EQ(y[i], before[i]) << i;
  }
  std::vector<double> z = before;
  EXPECT_EQ(fill_gaps(z, {.method = GapFill::kLinear, .max_gap = 0}), 0u);
  EXPECT_EQ(find_gaps(z), find_gaps(before));
}

}  // namespace
}  // namespace physio::dsp
