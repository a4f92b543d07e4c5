#include "dsp/resample.hpp"

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

// 2 Hz sine sampled at ~30 Hz (h ~ 33 ms, w = 4 pi): linear error <= h^2 w^2 / 8 ~ 0.024 (+ jitter);
// cubic error <= w^4 / 24 * 0.5625 h^4 ~ 7e-4 in the middle interval.
constexpr double kLinearSineTol = 0.03;
constexpr double kCubicSineTol = 3e-3;

struct Jittered {
  std::vector<TimeUs> t;
  std::vector<double> v;
};

// ~30 fps camera clock with +/- 4 ms jitter, 3 s long.
template <typename F>
Jittered jittered_samples(F f, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<TimeUs> jitter(-4'000, 4'000);
  Jittered s;
  for (int i = 0; i < 90; ++i) {
    const TimeUs t = (i == 0) ? 0 : i * 33'333 + jitter(rng);
    s.t.push_back(t);
    s.v.push_back(f(us_to_seconds(t)));
  }
  return s;
}

double sine2(double t) {
  return std::sin(2.0 * std::numbers::pi * 2.0 * t);
}

TEST(Resample, JitteredSineToUniformRate) {
  const Jittered s = jittered_samples(sine2, 1);
  for (const auto& [method, tol] :
       {std::pair{Interpolation::kLinear, kLinearSineTol}, std::pair{Interpolation::kCubic, kCubicSineTol}}) {
    auto r = resample_uniform(s.t, s.v, {.rate_hz = 100.0, .method = method});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->start_us, 0);
    EXPECT_EQ(r->rate_hz, 100.0);
    const auto expected_count = static_cast<std::size_t>(s.t.back() / 10'000) + 1;
    ASSERT_EQ(r->values.size(), expected_count);
    for (std::size_t i = 0; i < r->values.size(); ++i) {
      const double t = static_cast<double>(i) / 100.0;
      // The cubic needs a sample beyond each side: in the first and last intervals it is linear.
      const bool edge_interval =
          t * 1e6 < static_cast<double>(s.t[1]) || t * 1e6 > static_cast<double>(s.t[s.t.size() - 2]);
      EXPECT_NEAR(r->values[i], sine2(t), edge_interval ? kLinearSineTol : tol) << i;
    }
  }
}

TEST(Resample, CubicReproducesCubicPolynomialAtIrregularTimes) {
  auto poly = [](double t) { return 2.0 * t * t * t - 3.0 * t * t + 0.5 * t + 1.0; };
  const Jittered s = jittered_samples(poly, 2);
  auto r = resample_uniform(s.t, s.v, {.rate_hz = 120.0, .method = Interpolation::kCubic});
  ASSERT_TRUE(r);
  // Interior points (the first and last intervals use linear).
  for (std::size_t i = 0; i < r->values.size(); ++i) {
    const double t = static_cast<double>(i) / 120.0;
    if (t * 1e6 < static_cast<double>(s.t[1]) || t * 1e6 > static_cast<double>(s.t[s.t.size() - 2])) continue;
    EXPECT_NEAR(r->values[i], poly(t), kPolyTol) << i;
  }
}

TEST(Resample, NoExtrapolationAndLongGapsStayNan) {
  // Valid from 100 ms; a 150 ms hole between 300 and 450 ms; a 66 ms hole between 450 and 516 ms.
  const std::vector<TimeUs> t = {0, 50'000, 100'000, 200'000, 300'000, 450'000, 516'000, 600'000, 650'000};
  const std::vector<double> v = {kNaN, kNaN, 1.0, 2.0, 3.0, 4.5, 5.16, 6.0, kNaN};
  auto r =
      resample_uniform(t, v, {.rate_hz = 100.0, .method = Interpolation::kLinear, .max_gap_us = 100'000});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->values.size(), 66u);  // 0 .. 650 ms
  for (std::size_t i = 0; i < r->values.size(); ++i) {
    const double ms = static_cast<double>(i) * 10.0;
    const bool expect_value = (ms >= 100.0 && ms <= 300.0) || (ms >= 450.0 && ms <= 600.0);
    if (expect_value) {
      EXPECT_NEAR(r->values[i], ms / 100.0, kPolyTol) << ms;  // the data lie on v = t / 100 ms
    } else {
      EXPECT_TRUE(std::isnan(r->values[i])) << ms;
    }
  }
}

TEST(Resample, RejectsBadInput) {
  const std::vector<TimeUs> t = {0, 10, 10};
  const std::vector<double> v = {1, 2, 3};
  EXPECT_FALSE(resample_uniform(t, v, {.rate_hz = 100.0}));
  const std::vector<TimeUs> t2 = {0, 10, 20};
  EXPECT_FALSE(resample_uniform(t2, v, {.rate_hz = 0.0}));
  EXPECT_FALSE(resample_uniform(t2, std::vector<double>{1, 2}, {.rate_hz = 100.0}));
  EXPECT_FALSE(resample_uniform(t2, v, {.rate_hz = 100.0, .max_gap_us = -1}));
  auto empty = resample_uniform({}, {}, {.rate_hz = 100.0});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->values.empty());
}

}  // namespace
}  // namespace physio::dsp
