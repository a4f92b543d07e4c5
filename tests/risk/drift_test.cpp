// Drift figures per month: a model on data like its training data raises no alert; inputs that moved or
// risks that no longer match the outcomes do (risk/drift.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "risk/drift.hpp"

namespace physio::risk {
namespace {

predict::Model one_feature_model() {
  predict::Model m;
  m.name = "noshow";
  m.kind = "logistic";
  m.features = {{"x", "days between booking and the visit", "log(1 + days)"}};
  m.fill = {0.0};
  m.reference = {0.0};
  m.fit.intercept = -2.0;
  m.fit.coef = {1.0};
  m.threshold = 0.3;
  return m;
}

/// Rows from `month_start` for 28 days whose outcome follows P = logistic(a + b x), x ~ N(mean, 1).
void add_month(predict::Table& t, std::int64_t month_start, double mean, double a, double b,
               std::mt19937_64& rng, std::vector<std::size_t>& rows) {
  std::normal_distribution<double> n(mean, 1.0);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 600; ++i) {
    const double x = n(rng);
    const double p = 1 / (1 + std::exp(-(a + b * x)));
    rows.push_back(t.rows());
    t.add_row({x}, u(rng) < p ? 1.0 : 0.0, month_start + i % 28, "p" + std::to_string(i), "a");
  }
}

TEST(Drift, NoAlertOnDataLikeTheTrainingData) {
  predict::Table t;
  t.features = {{"x", "x", ""}};
  std::mt19937_64 rng(3);
  std::vector<std::size_t> train, later;
  add_month(t, days_from_civil(2026, 1, 1), 0, -2, 1, rng, train);
  add_month(t, days_from_civil(2026, 2, 1), 0, -2, 1, rng, later);
  const auto m = one_feature_model();
  auto d = drift_by_month(m, t, later, train, 0.72);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].month, "2026-02");
  EXPECT_EQ(d[0].cases, 600u);
  ASSERT_TRUE(d[0].auc);
  EXPECT_GT(*d[0].auc, 0.65);
  EXPECT_LT(d[0].max_shift, 0.25);
  EXPECT_TRUE(d[0].alerts.empty()) << d[0].alerts.front();
  auto j = nlohmann::json::parse(month_drift_json(d[0]));
  EXPECT_EQ(j["month"], "2026-02");
  EXPECT_TRUE(j["alerts"].empty());
}

TEST(Drift, AlertsWhenInputsMoveAndWhenRisksNoLongerMatchTheOutcomes) {
  predict::Table t;
  t.features = {{"x", "x", ""}};
  std::mt19937_64 rng(4);
  std::vector<std::size_t> train, later;
  add_month(t, days_from_civil(2026, 1, 1), 0, -2, 1, rng, train);
  add_month(t, days_from_civil(2026, 3, 1), 0.8, -2, 1, rng, later);    // inputs moved
  add_month(t, days_from_civil(2026, 4, 1), 0, -0.5, 0.1, rng, later);  // outcomes no longer follow the model
  auto d = drift_by_month(one_feature_model(), t, later, train, 0.72);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_GT(d[0].max_shift, 0.5);
  ASSERT_FALSE(d[0].alerts.empty());
  EXPECT_NE(d[0].alerts.back().find("inputs moved"), std::string::npos);
  bool auc = false, oe = false;
  for (const auto& a : d[1].alerts) {
    auc |= a.find("AUC") != std::string::npos;
    oe |= a.find("observed/expected") != std::string::npos;
  }
  EXPECT_TRUE(auc);
  EXPECT_TRUE(oe);
}

TEST(Drift, AMonthWithFewEventsGetsCountsOnly) {
  predict::Table t;
  t.features = {{"x", "x", ""}};
  std::vector<std::size_t> train, later;
  for (int i = 0; i < 30; ++i) {
    later.push_back(t.rows());
    t.add_row({0.0}, i < 3 ? 1.0 : 0.0, days_from_civil(2026, 5, 1), "p", "a");
  }
  auto d = drift_by_month(one_feature_model(), t, later, later, 0.72);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].events, 3u);
  EXPECT_FALSE(d[0].auc);
  EXPECT_FALSE(d[0].observed);
}

}  // namespace
}  // namespace physio::risk
