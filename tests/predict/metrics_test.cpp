// Evaluation figures on cases small enough to work out by hand.
#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "predict/logistic.hpp"
#include "predict/metrics.hpp"

namespace physio::predict {
namespace {

constexpr double kTol = 1e-12;

TEST(Auc, CountsPairsAndHalfTies) {
  // Positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4) 1, (0.8>0.1) 1, (0.4=0.4) 0.5, (0.4>0.1) 1
  // -> 3.5/4.
  const std::vector<double> s = {0.8, 0.4, 0.4, 0.1};
  const std::vector<double> y = {1, 1, 0, 0};
  EXPECT_NEAR(*compute_auc(s, y), 3.5 / 4.0, kTol);
  EXPECT_NEAR(*compute_auc(std::vector<double>{0.1, 0.9}, std::vector<double>{1, 0}), 0.0, kTol);
  EXPECT_FALSE(compute_auc(std::vector<double>{0.1, 0.9}, std::vector<double>{1, 1}));
}

TEST(Auc, BootstrapIntervalHoldsTheEstimateAndRepeats) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> z(0.0, 1.0);
  std::vector<double> s;
  std::vector<double> y;
  for (int i = 0; i < 2000; ++i) {
    y.push_back(i % 4 == 0 ? 1.0 : 0.0);
    s.push_back(z(rng) + (y.back() == 1.0 ? 0.8 : 0.0));
  }
  const double auc = *compute_auc(s, y);
  auto a = compute_auc_interval(s, y, 300);
  auto b = compute_auc_interval(s, y, 300);
  ASSERT_TRUE(a && b);
  EXPECT_LT(a->low, auc);
  EXPECT_GT(a->high, auc);
  EXPECT_LT(a->high - a->low, 0.1);
  EXPECT_EQ(a->low, b->low);
  EXPECT_EQ(a->high, b->high);
}

TEST(Brier, IsTheMeanSquaredError) {
  EXPECT_NEAR(compute_brier(std::vector<double>{0.2, 0.9}, std::vector<double>{0, 1}), (0.04 + 0.01) / 2.0,
              kTol);
}

TEST(Performance, ThresholdFiguresAndObservedExpected) {
  const std::vector<double> p = {0.9, 0.6, 0.4, 0.2, 0.1};
  const std::vector<double> y = {1, 0, 1, 0, 0};
  EvaluationOptions o;
  o.threshold = 0.5;
  o.min_events = 1;
  const Performance perf = compute_performance(p, y, o);
  EXPECT_EQ(perf.at_threshold.flagged, 2u);
  EXPECT_NEAR(*perf.at_threshold.precision, 0.5, kTol);
  EXPECT_NEAR(*perf.at_threshold.recall, 0.5, kTol);
  EXPECT_NEAR(*perf.at_threshold.specificity, 2.0 / 3.0, kTol);
  EXPECT_NEAR(perf.observed_expected, 2.0 / 2.2, kTol);
}

TEST(Evaluation, DecisionCurveTreatAllAndSmallSubgroupsSaySo) {
  std::vector<double> p(100, 0.3);
  std::vector<double> y(100, 0.0);
  for (int i = 0; i < 30; ++i) y[static_cast<std::size_t>(i)] = 1.0;
  std::map<std::string, std::vector<std::string>> groups;
  groups["age band"] = std::vector<std::string>(100, "18-39");
  for (int i = 0; i < 10; ++i) groups["age band"][static_cast<std::size_t>(i)] = "65+";
  const Evaluation e = evaluate_risks(p, y, groups, {});
  // Net benefit of flagging everyone at threshold t: prevalence - (1 - prevalence) t / (1 - t).
  ASSERT_FALSE(e.decision_curve.empty());
  const NetBenefit& nb = e.decision_curve[3];  // t = 0.20
  EXPECT_NEAR(nb.threshold, 0.2, kTol);
  EXPECT_NEAR(nb.treat_all, 0.3 - 0.7 * 0.25, kTol);
  EXPECT_NEAR(nb.model, nb.treat_all, kTol);  // every risk 0.3 >= 0.2: the model flags everyone too
  bool found = false;
  for (const SubgroupPerformance& s : e.subgroups)
    if (s.label == "65+") {
      found = true;
      EXPECT_FALSE(s.performance.auc);
      EXPECT_NE(s.note.find("fewer than 20"), std::string::npos) << s.note;
    }
  EXPECT_TRUE(found);
}

TEST(ScoreAccuracy, MaeRmseR2Coverage) {
  const std::vector<double> pred = {10, 20, 30};
  const std::vector<double> obs = {12, 18, 30};
  const ScoreAccuracy a = compute_score_accuracy(pred, obs, -1.0, 3.0);
  EXPECT_NEAR(a.mae, 4.0 / 3.0, kTol);
  EXPECT_NEAR(a.rmse, std::sqrt(8.0 / 3.0), kTol);
  EXPECT_NEAR(a.coverage, 2.0 / 3.0, kTol);  // residuals +2, -2, 0: -2 is outside [-1, 3]
}

}  // namespace
}  // namespace physio::predict
