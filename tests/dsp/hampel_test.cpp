#include "dsp/hampel.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/signal_util.hpp"

namespace physio::dsp {
namespace {

TEST(Hampel, CatchesInjectedSpikes) {
  std::vector<double> x = test::make_sine(400, 100.0, 1.0);
  const std::vector<double> clean = x;
  const std::vector<std::size_t> spikes = {50, 121, 325, 399};
  x[50] += 2.0;
  x[121] -= 1.5;
  x[325] -= 0.8;  // on a peak
  x[399] += 3.0;  // at the edge: truncated window
  auto r = hampel_filter(x, {.half_width = 5, .n_sigmas = 4.0});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, spikes);
  // The replacement is the median of the window: within the range of the clean samples around the spike.
  for (const std::size_t i : spikes) {
    const std::size_t lo = i >= 5 ? i - 5 : 0;
    const std::size_t hi = std::min(x.size(), i + 6);
    const auto [mn, mx] = std::minmax_element(clean.begin() + static_cast<std::ptrdiff_t>(lo),
                                              clean.begin() + static_cast<std::ptrdiff_t>(hi));
    EXPECT_GE(x[i], *mn) << i;
    EXPECT_LE(x[i], *mx) << i;
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::find(spikes.begin(), spikes.end(), i) == spikes.end()) {
      EXPECT_EQ(x[i], clean[i]) << i;
    }
  }
}

TEST(Hampel, LeavesCleanDataUnchanged) {
  std::vector<double> x = test::make_sine(500, 100.0, 1.0, 2.0, 0.1, 1.0);
  const std::vector<double> before = x;
  auto r = hampel_filter(x, {.half_width = 3, .n_sigmas = 3.0});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(x, before);
}

TEST(Hampel, NanAwareAndValidatesOptions) {
  std::vector<double> x = {1.0, 1.1, kNaN, 0.9, 50.0, 1.0, kNaN, 1.05, 0.95, 1.0};
  auto r = hampel_filter(x, {.half_width = 2, .n_sigmas = 3.0});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::vector<std::size_t>{4});
  EXPECT_TRUE(std::isnan(x[2]) && std::isnan(x[6]));
  EXPECT_LT(x[4], 1.2);
  EXPECT_FALSE(hampel_filter(x, {.half_width = 0, .n_sigmas = 3.0}));
  EXPECT_FALSE(hampel_filter(x, {.half_width = 2, .n_sigmas = 0.0}));
}

}  // namespace
}  // namespace physio::dsp
