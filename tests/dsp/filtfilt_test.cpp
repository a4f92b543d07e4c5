#include "dsp/filtfilt.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/nan.hpp"
#include "dsp/butterworth.hpp"
#include "dsp/signal_util.hpp"
#include "tolerances.hpp"

namespace physio::dsp {
namespace {

constexpr double kPassbandAmpTol = 0.01;  // brief: < 1 % amplitude error
constexpr double kPhaseTolRad = 1e-3;     // zero phase
constexpr double kStopbandRelTol = 0.02;  // attenuation vs |H|^2

SosFilter design(int total_order, double cutoff, double rate) {
  auto sos = design_zero_phase_lowpass({.total_order = total_order, .cutoff_hz = cutoff, .rate_hz = rate});
  EXPECT_TRUE(sos);
  return *sos;
}

// Reference: direct form I difference equation per section, history primed with the constant the section
// would see in steady state, on an explicitly built odd extension. Written independently of filtfilt.cpp.
std::vector<double> reference_filtfilt(const SosFilter& sos, const std::vector<double>& x) {
  const std::size_t n = x.size();
  const std::size_t pad = 3 * static_cast<std::size_t>(sos.order + 1);
  std::vector<double> ext;
  for (std::size_t i = pad; i >= 1; --i) ext.push_back(2.0 * x[0] - x[i]);
  ext.insert(ext.end(), x.begin(), x.end());
  for (std::size_t i = 1; i <= pad; ++i) ext.push_back(2.0 * x[n - 1] - x[n - 1 - i]);
  auto pass = [&](std::vector<double> v) {
    for (const Biquad& s : sos.sections) {
      const double gain = (s.b0 + s.b1 + s.b2) / (1.0 + s.a1 + s.a2);
      double x1 = v[0], x2 = v[0];
      double y1 = gain * v[0], y2 = gain * v[0];
      for (double& xi : v) {
        const double y = s.b0 * xi + s.b1 * x1 + s.b2 * x2 - s.a1 * y1 - s.a2 * y2;
        x2 = x1;
        x1 = xi;
        y2 = y1;
        y1 = y;
        xi = y;
      }
    }
    return v;
  };
  std::vector<double> fwd = pass(ext);
  std::vector<double> rev(fwd.rbegin(), fwd.rend());
  std::vector<double> back = pass(rev);
  std::vector<double> out(back.rbegin(), back.rend());
  return {out.begin() + static_cast<std::ptrdiff_t>(pad), out.begin() + static_cast<std::ptrdiff_t>(pad + n)};
}

TEST(Filtfilt, MatchesIndependentDirectFormReference) {
  for (const int total_order : {2, 4, 6, 8}) {
    const SosFilter sos = design(total_order, 6.0, 100.0);
    std::vector<double> x = test::make_sine(300, 100.0, 1.3, 2.0, 0.4, 0.5);
    const std::vector<double> noise = test::gaussian_noise(x.size(), 0.3, 7);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += noise[i];
    const std::vector<double> expected = reference_filtfilt(sos, x);
    filtfilt(sos, x);
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_NEAR(x[i], expected[i], kExactTol) << "order " << total_order << " sample " << i;
    }
  }
}

TEST(Filtfilt, OddDesignOrderMatchesReferenceToo) {
  auto sos = butterworth_lowpass_sos(3, 8.0, 100.0);
  ASSERT_TRUE(sos);
  std::vector<double> x = test::gaussian_noise(200, 1.0, 3);
  const std::vector<double> expected = reference_filtfilt(*sos, x);
  filtfilt(*sos, x);
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(x[i], expected[i], kExactTol) << i;
}

TEST(Filtfilt, SineWellBelowCutoffPassesWithZeroPhase) {
  const double rate = 100.0, cutoff = 6.0, f = 1.0;
  const std::size_t n = 1000;
  const std::vector<double> in = test::make_sine(n, rate, f, 1.0, 0.3);
  std::vector<double> out = in;
  filtfilt(design(4, cutoff, rate), out);
  const test::SineFit fit = test::fit_sine(out, rate, f, 0, n);
  EXPECT_NEAR(fit.amplitude, 1.0, kPassbandAmpTol);
  EXPECT_NEAR(fit.phase, 0.3, kPhaseTolRad);
  // Cross-correlation peaks at lag 0.
  int best_lag = 1000;
  double best = -1e300;
  for (int lag = -10; lag <= 10; ++lag) {
    double c = 0.0;
    for (std::size_t i = 20; i + 20 < n; ++i)
      c += in[i] * out[static_cast<std::size_t>(static_cast<int>(i) + lag)];
    if (c > best) {
      best = c;
      best_lag = lag;
    }
  }
  EXPECT_EQ(best_lag, 0);
}

TEST(Filtfilt, SineFarAboveCutoffAttenuatedBySquaredResponse) {
  const double rate = 100.0, cutoff = 6.0;
  const std::size_t n = 2000;
  for (const double f : {15.0, 20.0, 30.0}) {
    std::vector<double> x = test::make_sine(n, rate, f);
    filtfilt(design(4, cutoff, rate), x);
    const double h = butterworth_magnitude(2, cutoff, rate, f);
    // Away from the edges, where the padding transient has died out.
    const test::SineFit fit = test::fit_sine(x, rate, f, 200, n - 200);
    EXPECT_NEAR(fit.amplitude / (h * h), 1.0, kStopbandRelTol) << f << " Hz";
    EXPECT_LT(fit.amplitude, 0.05);
  }
}

TEST(Filtfilt, ConstantComesBackExactlyIncludingEdges) {
  for (const int total_order : {2, 4, 8}) {
    std::vector<double> x(50, 3.7);
    filtfilt(design(total_order, 6.0, 100.0), x);
    for (double v : x) ASSERT_NEAR(v, 3.7, kExactTol);
  }
}

TEST(Filtfilt, NanRunsPreservedAndRunsFilteredSeparately) {
  const SosFilter sos = design(4, 6.0, 100.0);
  std::vector<double> x = test::make_sine(200, 100.0, 2.0);
  const std::vector<double> noise = test::gaussian_noise(x.size(), 0.2, 11);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += noise[i];
  for (std::size_t i = 80; i < 95; ++i) x[i] = kNaN;
  x[0] = kNaN;
  x[199] = kNaN;
  std::vector<double> run_a(x.begin() + 1, x.begin() + 80);
  std::vector<double> run_b(x.begin() + 95, x.begin() + 199);
  filtfilt(sos, run_a);
  filtfilt(sos, run_b);
  FiltfiltScratch scratch;
  filtfilt(sos, x, scratch);
  EXPECT_TRUE(std::isnan(x[0]));
  EXPECT_TRUE(std::isnan(x[199]));
  for (std::size_t i = 80; i < 95; ++i) EXPECT_TRUE(std::isnan(x[i])) << i;
  for (std::size_t i = 1; i < 80; ++i) EXPECT_EQ(x[i], run_a[i - 1]) << i;
  for (std::size_t i = 95; i < 199; ++i) EXPECT_EQ(x[i], run_b[i - 95]) << i;
}

TEST(Filtfilt, ShortRunsUseReducedPaddingAndZerosAreValues) {
  const SosFilter sos = design(4, 6.0, 100.0);
  EXPECT_EQ(filtfilt_pad_length(sos), 9u);
  std::vector<double> x = {kNaN, 5.0, kNaN, 1.0, 2.0, 4.0, kNaN, 0.0, 0.0, 0.0, 0.0};
  filtfilt(sos, x);
  EXPECT_EQ(x[1], 5.0);  // single sample: unchanged
  for (std::size_t i = 3; i < 6; ++i) EXPECT_TRUE(std::isfinite(x[i]));
  for (std::size_t i = 7; i < 11; ++i) EXPECT_NEAR(x[i], 0.0, kExactTol);  // zeros are data
  EXPECT_TRUE(std::isnan(x[0]) && std::isnan(x[2]) && std::isnan(x[6]));
}

TEST(Filtfilt, ConvenienceWrapperMatchesDesignPlusFiltfilt) {
  std::vector<double> a = test::gaussian_noise(500, 1.0, 5);
  std::vector<double> b = a;
  ASSERT_TRUE(lowpass_zero_phase(a, {.total_order = 4, .cutoff_hz = 6.0, .rate_hz = 60.0}));
  filtfilt(design(4, 6.0, 60.0), b);
  EXPECT_EQ(a, b);
}

TEST(Filtfilt, LanesMatchScalarFiltfiltPerSeriesIncludingShortSeries) {
  for (const std::size_t n : {2u, 3u, 9u, 10u, 11u, 500u}) {
    for (const int total_order : {2, 4, 8}) {
      const SosFilter sos = design(total_order, 6.0, 60.0);
      std::vector<std::vector<double>> series;
      std::vector<double> lanes(n * kFiltfiltLanes);
      for (std::size_t j = 0; j < kFiltfiltLanes; ++j) {
        series.push_back(
            test::gaussian_noise(n, 1.0 + static_cast<double>(j), 11 + static_cast<unsigned>(j)));
        for (std::size_t i = 0; i < n; ++i)
          lanes[i * kFiltfiltLanes + j] = series[j][i] + 3.0 * static_cast<double>(j);
      }
      FiltfiltScratch scratch;
      filtfilt_lanes(sos, lanes, scratch);
      for (std::size_t j = 0; j < kFiltfiltLanes; ++j) {
        std::vector<double> x = series[j];
        for (double& v : x) v += 3.0 * static_cast<double>(j);
        filtfilt(sos, x);
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_NEAR(lanes[i * kFiltfiltLanes + j], x[i], kExactTol * (1.0 + std::fabs(x[i])))
              << "n " << n << " order " << total_order << " lane " << j << " sample " << i;
      }
    }
  }
}

}  // namespace
}  // namespace physio::dsp
