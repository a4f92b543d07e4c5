#include "dsp/one_euro.hpp"

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/signal_util.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

constexpr double kJitterRatioMax =
    0.3;  // output SD / input SD on a noisy constant (min_cutoff 1 Hz at 60 Hz)

TEST(OneEuro, NoisyConstantJitterFarBelowInput) {
  const std::size_t n = 3000;
  const std::vector<double> noise = test::gaussian_noise(n, 0.01, 42);
  std::vector<double> in(n), out(n);
  for (std::size_t i = 0; i < n; ++i) in[i] = 1.0 + noise[i];
  ASSERT_TRUE(one_euro_series(in, out, 60.0, {.min_cutoff_hz = 1.0, .beta = 0.0, .d_cutoff_hz = 1.0}));
  const std::span<const double> settled_in(in.data() + 120, n - 120);
  const std::span<const double> settled_out(out.data() + 120, n - 120);
  EXPECT_LT(test::standard_deviation(settled_out), kJitterRatioMax * test::standard_deviation(settled_in));
}

// Lag (s) of the filter on a ramp of speed 1 unit/s at 100 Hz, measured after it settles.
double ramp_lag_s(double beta) {
  OneEuroFilter f({.min_cutoff_hz = 1.0, .beta = beta, .d_cutoff_hz = 1.0});
  double y = 0.0, t = 0.0;
  for (int i = 0; i <= 1000; ++i) {
    t = static_cast<double>(i) / 100.0;
    y = f.filter(seconds_to_us(t), t);
  }
  return t - y;  // value gap / speed
}

TEST(OneEuro, RampLagShrinksAsBetaGrows) {
  const double lag0 = ramp_lag_s(0.0);
  // beta = 0 is a first-order low-pass of 1 Hz: lag near its time constant 1 / (2 pi) s.
  EXPECT_NEAR(lag0, 1.0 / (2.0 * std::numbers::pi), 0.02);
  double previous = lag0;
  for (const double beta : {0.1, 1.0, 10.0, 100.0}) {
    const double lag = ramp_lag_s(beta);
    EXPECT_LT(lag, previous) << "beta " << beta;
    EXPECT_GT(lag, 0.0);
    previous = lag;
  }
  EXPECT_LT(previous, 0.1 * lag0);
}

TEST(OneEuro, IrregularTimestampsMatchExponentialSmootherWhenBetaIsZero) {
  // With beta = 0 the filter is y += alpha(dt) (x - y), alpha = 1 / (1 + 1 / (2 pi fc dt)).
  std::mt19937 rng(5);
  std::uniform_int_distribution<TimeUs> dt_us(5'000, 40'000);
  const std::size_t n = 500;
  std::vector<TimeUs> t(n);
  std::vector<double> x = test::gaussian_noise(n, 1.0, 9);
  t[0] = 1'000'000;
  for (std::size_t i = 1; i < n; ++i) t[i] = t[i - 1] + dt_us(rng);
  std::vector<double> out(n);
  const double fc = 2.0;
  ASSERT_TRUE(one_euro_series(t, x, out, {.min_cutoff_hz = fc, .beta = 0.0, .d_cutoff_hz = 1.0}));
  double y = x[0];
  EXPECT_EQ(out[0], x[0]);
  for (std::size_t i = 1; i < n; ++i) {
    const double dt = static_cast<double>(t[i] - t[i - 1]) * 1e-6;
    const double alpha = 1.0 / (1.0 + 1.0 / (2.0 * std::numbers::pi * fc * dt));
    y += alpha * (x[i] - y);
    ASSERT_NEAR(out[i], y, kExactTol) << i;
  }
}

TEST(OneEuro, IrregularTimestampsReduceJitterWithBeta) {
  std::mt19937 rng(17);
  std::uniform_int_distribution<TimeUs> dt_us(8'000, 50'000);
  const std::size_t n = 2000;
  const std::vector<double> noise = test::gaussian_noise(n, 0.02, 4);
  OneEuroFilter f({.min_cutoff_hz = 0.5, .beta = 0.05, .d_cutoff_hz = 1.0});
  TimeUs t = 0;
  std::vector<double> in, out;
  for (std::size_t i = 0; i < n; ++i) {
    t += dt_us(rng);
    const double v = 5.0 + noise[i];
    const double y = f.filter(t, v);
    ASSERT_TRUE(std::isfinite(y));
    if (i >= 100) {
      in.push_back(v);
      out.push_back(y);
    }
  }
  EXPECT_LT(test::standard_deviation(out), kJitterRatioMax * test::standard_deviation(in));
}

TEST(OneEuro, NanDuplicateTimestampsAndReset) {
  OneEuroFilter f({.min_cutoff_hz = 1.0, .beta = 0.5, .d_cutoff_hz = 1.0});
  EXPECT_EQ(f.filter(0, 2.0), 2.0);
  const double y1 = f.filter(10'000, 3.0);
  EXPECT_GT(y1, 2.0);
  EXPECT_LT(y1, 3.0);
  EXPECT_TRUE(std::isnan(f.filter(20'000, kNaN)));
  EXPECT_EQ(f.filter(10'000, 9.0), y1);  // not after the previous sample: previous output
  // The NaN did not disturb the state: the next dt spans the gap (20 ms).
  OneEuroFilter g({.min_cutoff_hz = 1.0, .beta = 0.5, .d_cutoff_hz = 1.0});
  g.filter(0, 2.0);
  g.filter(10'000, 3.0);
  EXPECT_EQ(f.filter(30'000, 3.5), g.filter(30'000, 3.5));
  f.reset();
  EXPECT_EQ(f.filter(40'000, -1.0), -1.0);
}

TEST(OneEuro, ConstantStaysExactAndParamsValidated) {
  std::vector<double> in(100, 0.0), out(100);
  ASSERT_TRUE(one_euro_series(in, out, 30.0, {}));
  for (double v : out) EXPECT_EQ(v, 0.0);
  EXPECT_FALSE(one_euro_series(in, out, 30.0, {.min_cutoff_hz = 0.0}));
  EXPECT_FALSE(one_euro_series(in, out, 30.0, {.beta = -1.0}));
  EXPECT_FALSE(one_euro_series(in, out, 30.0, {.d_cutoff_hz = -2.0}));
  EXPECT_FALSE(one_euro_series(in, out, 0.0, {}));
  std::vector<double> short_out(5);
  EXPECT_FALSE(one_euro_series(in, short_out, 30.0, {}));
  std::vector<TimeUs> t(99);
  EXPECT_FALSE(one_euro_series(t, in, out, {}));
}

}  // namespace
}  // namespace physio::dsp
