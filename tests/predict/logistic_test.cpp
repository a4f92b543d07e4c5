// The fit and the calibration figures against an independent reference computation
// (tools/predict/reference.py, Python standard library only), to 1e-9.
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "predict/logistic.hpp"
#include "predict/metrics.hpp"

namespace physio::predict {
namespace {

constexpr double kAgreeTol = 1e-9;

// A synthetic data set (labelled as such): 3 features of different scales, outcome drawn from a known model.
struct Synthetic {
  std::vector<double> x;
  std::vector<double> y;
};
Synthetic make_synthetic(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Synthetic s;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = z(rng);
    const double b = 30.0 + 10.0 * z(rng);
    const double c = u(rng) < 0.3 ? 1.0 : 0.0;
    s.x.insert(s.x.end(), {a, b, c});
    const double lp = -1.0 + 0.8 * a + 0.03 * (b - 30.0) - 0.7 * c;
    s.y.push_back(u(rng) < sigmoid(lp) ? 1.0 : 0.0);
  }
  return s;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(Logistic, AgreesWithTheReferenceComputation) {
  if (std::system("python3 -c 'import csv, json, math' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3 is not installed: the reference computation cannot run";
  const Synthetic s = make_synthetic(300, 7);
  const auto dir = test::scratch_dir("predict_reference");
  std::string csv = "x1,x2,x3,y\n";
  for (std::size_t i = 0; i < s.y.size(); ++i)
    csv +=
        fmt::format("{:.17g},{:.17g},{:.17g},{:.0f}\n", s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2], s.y[i]);
  ASSERT_TRUE(save_file_atomic(dir / "data.csv", csv));
  for (double l2 : {0.0, 2.5}) {
    const std::string out = run(fmt::format("python3 {}/tools/predict/reference.py {} {}",
                                            test::source_dir().string(), (dir / "data.csv").string(), l2));
    const auto ref = nlohmann::json::parse(out, nullptr, false);
    ASSERT_TRUE(ref.is_object()) << out;
    auto fit = fit_logistic(s.x, 3, s.y, {.l2 = l2});
    ASSERT_TRUE(fit) << fit.error().to_string();
    EXPECT_NEAR(fit->intercept, ref["intercept"].get<double>(), kAgreeTol) << "l2 " << l2;
    for (std::size_t j = 0; j < 3; ++j)
      EXPECT_NEAR(fit->coef[j], ref["coefficients"][j].get<double>(), kAgreeTol)
          << "l2 " << l2 << " coef " << j;
    std::vector<double> p;
    for (std::size_t i = 0; i < s.y.size(); ++i)
      p.push_back(sigmoid(linear_predictor(*fit, std::span<const double>(s.x).subspan(3 * i, 3))));
    EXPECT_NEAR(*compute_auc(p, s.y), ref["auc"].get<double>(), kAgreeTol);
    EXPECT_NEAR(compute_brier(p, s.y), ref["brier"].get<double>(), kAgreeTol);
    std::vector<double> lp;
    for (double v : p) lp.push_back(logit(v));
    EXPECT_NEAR(fit_recalibration(lp, s.y, false)->intercept, ref["calibration_intercept"].get<double>(),
                kAgreeTol);
    EXPECT_NEAR(fit_recalibration(lp, s.y, true)->slope, ref["calibration_slope"].get<double>(), kAgreeTol);
  }
}

TEST(Logistic, RecoversAKnownModelFromManyRows) {
  const Synthetic s = make_synthetic(20000, 11);
  auto fit = fit_logistic(s.x, 3, s.y, {.l2 = 0.0});
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->coef[0], 0.8, 0.06);
  EXPECT_NEAR(fit->coef[1], 0.03, 0.006);
  EXPECT_NEAR(fit->coef[2], -0.7, 0.08);
}

TEST(Logistic, PenaltyShrinksTowardsZero) {
  const Synthetic s = make_synthetic(500, 3);
  auto loose = fit_logistic(s.x, 3, s.y, {.l2 = 0.0});
  auto tight = fit_logistic(s.x, 3, s.y, {.l2 = 1000.0});
  ASSERT_TRUE(loose && tight);
  for (std::size_t j = 0; j < 3; ++j) EXPECT_LT(std::abs(tight->coef[j]), std::abs(loose->coef[j]));
}

TEST(Logistic, RefusesOneClassNonFiniteAndTooFewRows) {
  auto one = fit_logistic(std::vector<double>{1, 2, 3}, 1, std::vector<double>{1, 1, 1});
  ASSERT_FALSE(one);
  EXPECT_NE(one.error().message().find("one class"), std::string::npos) << one.error().message();
  auto nan = fit_logistic(std::vector<double>{1, NAN, 3}, 1, std::vector<double>{0, 1, 0});
  ASSERT_FALSE(nan);
  EXPECT_NE(nan.error().message().find("row 2"), std::string::npos) << nan.error().message();
  EXPECT_FALSE(fit_logistic(std::vector<double>{1}, 1, std::vector<double>{1}));
  auto bad_outcome = fit_logistic(std::vector<double>{1, 2}, 1, std::vector<double>{0, 2});
  ASSERT_FALSE(bad_outcome);
  EXPECT_NE(bad_outcome.error().message().find("expected 0 or 1"), std::string::npos);
}

TEST(Logistic, ConstantFeatureGetsNoEffect) {
  Synthetic s = make_synthetic(400, 5);
  for (std::size_t i = 0; i < s.y.size(); ++i) s.x[3 * i + 2] = 1.0;
  auto fit = fit_logistic(s.x, 3, s.y, {.l2 = 0.0});
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->coef[2], 0.0);
}

TEST(Recalibration, RecoversAShiftedBaseRate) {
  // Outcomes drawn with log-odds lp - 0.5: calibration-in-the-large must find about -0.5, the slope about 1.
  std::mt19937_64 rng(21);
  std::normal_distribution<double> z(0.0, 1.2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> lp;
  std::vector<double> y;
  for (int i = 0; i < 40000; ++i) {
    lp.push_back(z(rng) - 1.0);
    y.push_back(u(rng) < sigmoid(lp.back() - 0.5) ? 1.0 : 0.0);
  }
  auto a = fit_recalibration(lp, y, false);
  auto b = fit_recalibration(lp, y, true);
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->intercept, -0.5, 0.05);
  EXPECT_NEAR(b->slope, 1.0, 0.05);
}

}  // namespace
}  // namespace physio::predict
