#include "dsp/smooth.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/signal_util.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

TEST(GaussianSmooth, ConstantStaysConstantAtEdgesAndNextToGaps) {
  std::vector<double> in(40, 2.5), out(40);
  in[10] = kNaN;
  in[11] = kNaN;
  ASSERT_TRUE(gaussian_smooth(in, out, {.sigma_samples = 3.0}));
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (i == 10 || i == 11) {
      EXPECT_TRUE(std::isnan(out[i]));
    } else {
      EXPECT_NEAR(out[i], 2.5, kExactTol) << i;
    }
  }
}

TEST(GaussianSmooth, NormalisesByValidWeights) {
  const std::vector<double> in = {1.0, kNaN, 4.0, 0.0, 2.0};
  std::vector<double> out(in.size());
  ASSERT_TRUE(gaussian_smooth(in, out, {.sigma_samples = 1.0, .truncate = 2.0}));
  // Sample 2: neighbours at distance 0 (4), 1 (0 and NaN), 2 (1 and 2).
  const double w1 = std::exp(-0.5), w2 = std::exp(-2.0);
  const double expected = (4.0 + w1 * 0.0 + w2 * (1.0 + 2.0)) / (1.0 + w1 + 2.0 * w2);
  EXPECT_NEAR(out[2], expected, kExactTol);
  EXPECT_TRUE(std::isnan(out[1]));
}

TEST(GaussianSmooth, KeepsInteriorLineAndReducesNoise) {
  const std::size_t n = 400;
  std::vector<double> line(n), out(n);
  for (std::size_t i = 0; i < n; ++i) line[i] = 0.25 * static_cast<double>(i) - 3.0;
  ASSERT_TRUE(gaussian_smooth(line, out, {.sigma_samples = 2.5}));
  for (std::size_t i = 10; i + 10 < n; ++i) EXPECT_NEAR(out[i], line[i], 1e-9) << i;
  const std::vector<double> noise = test::gaussian_noise(n, 1.0, 8);
  ASSERT_TRUE(gaussian_smooth(noise, out, {.sigma_samples = 3.0}));
  EXPECT_LT(test::standard_deviation(out), 0.5 * test::standard_deviation(noise));
}

TEST(GaussianSmooth, RejectsBadOptions) {
  std::vector<double> in(5, 1.0), out(5), out4(4);
  EXPECT_FALSE(gaussian_smooth(in, out, {.sigma_samples = 0.0}));
  EXPECT_FALSE(gaussian_smooth(in, out, {.sigma_samples = 1.0, .truncate = -1.0}));
  EXPECT_FALSE(gaussian_smooth(in, out4, {}));
}

TEST(MedianFilter, RemovesSpikeAndIsNanAware) {
  const std::vector<double> in = {1.0, 2.0, 100.0, 3.0, 4.0, kNaN, 6.0, 0.0};
  std::vector<double> out(in.size());
  ASSERT_TRUE(median_filter(in, out, 3));
  const std::vector<double> expected_head = {1.5, 2.0, 3.0, 4.0, 3.5};
  for (std::size_t i = 0; i < expected_head.size(); ++i) EXPECT_DOUBLE_EQ(out[i], expected_head[i]) << i;
  EXPECT_TRUE(std::isnan(out[5]));
  EXPECT_DOUBLE_EQ(out[6], 3.0);  // valid neighbours 6 and 0
  EXPECT_DOUBLE_EQ(out[7], 3.0);
  ASSERT_TRUE(median_filter(in, out, 1));
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!std::isnan(in[i])) {
      EXPECT_EQ(out[i], in[i]);
    }
  }
}

TEST(MedianFilter, RejectsEvenKernel) {
  std::vector<double> in(5, 1.0), out(5);
  EXPECT_FALSE(median_filter(in, out, 4));
  EXPECT_FALSE(median_filter(in, out, 0));
}

}  // namespace
}  // namespace physio::dsp
