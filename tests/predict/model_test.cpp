// Models: explanations that sum to the score, files that round-trip and name a bad field, training that says
// "not assessed" with the reason instead of a number, and per-clinic recalibration.
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "predict/card.hpp"
#include "predict/model_json.hpp"
#include "predict/train.hpp"

namespace physio::predict {
namespace {

constexpr double kSumTol = 1e-12;

// Synthetic rows (labelled as such): two features, one sometimes missing, 40 people with 25 cases each.
Table synthetic_table(std::size_t n, double shift, std::uint64_t seed) {
  Table t;
  t.features = {{"a", "feature a", "points"}, {"b", "feature b", "0/1"}};
  t.subgroups["sex"] = {};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = z(rng);
    const double b = u(rng) < 0.4 ? 1.0 : 0.0;
    const double y = u(rng) < sigmoid(-1.0 + 1.2 * a + 0.8 * b + shift) ? 1.0 : 0.0;
    t.add_row({a, i % 7 == 0 ? NAN : b}, y, static_cast<std::int64_t>(i / 10), "p" + std::to_string(i % 40),
              "c" + std::to_string(i));
    t.subgroups["sex"].push_back(i % 2 ? "female" : "male");
  }
  return t;
}

Model trained(const Table& t) {
  auto m = train_logistic(t, all_rows(t), {"test_risk", "A test risk", "the outcome", ""}, {});
  EXPECT_TRUE(m) << (m ? "" : m.error().to_string());
  return *m;
}

TEST(Explain, ContributionsSumToTheLogOdds) {
  const Table t = synthetic_table(1000, 0.0, 1);
  Model m = trained(t);
  m.calibration = {0.3, 0.9};  // also after a recalibration
  for (const std::vector<double>& row : {std::vector<double>{0.5, 1.0}, {-2.0, 0.0}, {1.0, NAN}}) {
    const Explanation e = explain(m, row);
    double sum = e.baseline;
    for (const Contribution& c : e.contributions) sum += c.effect;
    EXPECT_NEAR(sum, e.total, kSumTol);
    EXPECT_NEAR(sigmoid(e.total), risk(m, row), kSumTol);
    EXPECT_GE(std::abs(e.contributions[0].effect), std::abs(e.contributions[1].effect));
  }
  const Explanation missing = explain(m, std::vector<double>{1.0, NAN});
  bool flagged = false;
  for (const Contribution& c : missing.contributions)
    if (c.feature == 1) {
      flagged = c.was_missing;
      EXPECT_EQ(describe(m, c), "feature b: not recorded (counted as typical)");
    }
  EXPECT_TRUE(flagged);
}

TEST(Assess, ARequiredFeatureMissingIsNotAssessed) {
  const Table t = synthetic_table(1000, 0.0, 8);
  Model m = trained(t);
  m.required = {"a"};
  auto missing = assess(m, std::vector<double>{NAN, 1.0});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "not assessed: feature a not recorded");
  auto filled = assess(m, std::vector<double>{0.3, NAN});  // b is not required: filled and said so
  ASSERT_TRUE(filled);
  EXPECT_NEAR(sigmoid(filled->total), risk(m, std::vector<double>{0.3, NAN}), kSumTol);
  EXPECT_FALSE(assess(m, std::vector<double>{0.3}));
  auto j = model_to_json(m);
  EXPECT_EQ(model_from_json(j)->required, std::vector<std::string>{"a"});
  j["required"] = {"c"};
  EXPECT_EQ(model_from_json(j).error().message(), "required[0]: c is not one of the model's features");
}

TEST(ModelFile, RoundTripsAndNamesABadField) {
  const Table t = synthetic_table(800, 0.0, 2);
  const Model m = trained(t);
  auto back = model_from_json(nlohmann::json::parse(model_to_json(m).dump()));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->version, m.version);
  for (const std::vector<double>& row : {std::vector<double>{0.1, 1.0}, {2.0, 0.0}})
    EXPECT_EQ(risk(*back, row), risk(m, row));

  auto j = model_to_json(m);
  j["coefficients"].push_back(1.0);
  auto wrong = model_from_json(j);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), "coefficients: expected 2 numbers (one per feature), got 3");
  j = model_to_json(m);
  j["threshold"] = 1.5;
  EXPECT_NE(model_from_json(j).error().message().find("threshold"), std::string::npos);
  j = model_to_json(m);
  j.erase("calibration");
  EXPECT_EQ(model_from_json(j).error().message(), "calibration: missing");
  EXPECT_FALSE(parse_model("{not json"));
}

TEST(Training, SaysNotAssessedWithTheReason) {
  Table t = synthetic_table(150, -2.5, 3);  // few events
  auto m = train_logistic(t, all_rows(t), {"r", "r", "o", ""}, {});
  ASSERT_FALSE(m);
  EXPECT_TRUE(m.error().message().starts_with("not assessed: needs at least 100 cases with and 100 without"))
      << m.error().message();
  EXPECT_NE(m.error().message().find("more)"), std::string::npos);
  for (double& y : t.y) y = 0.0;
  auto one = train_logistic(t, all_rows(t), {"r", "r", "o", ""}, {.min_events = 1});
  ASSERT_FALSE(one);
  EXPECT_TRUE(one.error().message().starts_with("not assessed")) << one.error().message();
  auto empty = train_logistic(t, std::vector<std::size_t>{}, {"r", "r", "o", ""}, {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message(), "not assessed: no rows to train on");
}

TEST(Training, ChoosesThePenaltyAndFillsMissingWithTheMean) {
  const Table t = synthetic_table(2000, 0.0, 4);
  const Model m = trained(t);
  EXPECT_GT(m.training.l2, 0.0);
  EXPECT_GT(m.fit.coef[0], 0.8);
  // Feature b is missing in every 7th row: filled with its mean over the others, and said so.
  EXPECT_GT(m.fill[1], 0.3);
  EXPECT_LT(m.fill[1], 0.5);
  bool noted = false;
  for (const std::string& n : m.training.notes) noted |= n.starts_with("b: missing in");
  EXPECT_TRUE(noted);
}

TEST(Recalibrate, MovesCalibrationInTheLargeToZero) {
  const Table old_clinic = synthetic_table(3000, 0.0, 5);
  const Model m = trained(old_clinic);
  const Table new_clinic = synthetic_table(3000, 0.8, 6);  // a clinic with more events at the same inputs
  auto before = predict_rows(m, new_clinic, all_rows(new_clinic));
  ASSERT_TRUE(before);
  const Performance p0 = compute_performance(*before, new_clinic.y, {});
  ASSERT_TRUE(p0.calibration_intercept);
  EXPECT_GT(*p0.calibration_intercept, 0.5);
  auto r = recalibrate(m, new_clinic, all_rows(new_clinic), false);
  ASSERT_TRUE(r);
  auto after = predict_rows(*r, new_clinic, all_rows(new_clinic));
  const Performance p1 = compute_performance(*after, new_clinic.y, {});
  EXPECT_NEAR(*p1.calibration_intercept, 0.0, 1e-6);
  EXPECT_EQ(*p1.auc, *p0.auc);  // recalibrating the intercept never changes the ranking
  EXPECT_NE(model_card_markdown(*r).find("recalibrated on 3000 cases"), std::string::npos);
}

// A model card opens with its purpose in words, right under its title; predictors by their names in words.
TEST(Card, OpensWithItsPurposeAndNamesPredictorsInWords) {
  Table t = synthetic_table(600, 0.0, 7);
  t.features = {{"days_since_booking", "days since the booking", "days"}, {"b", "feature b", "0/1"}};
  const Model m = trained(t);
  const std::string md = model_card_markdown(m);
  const auto first_break = md.find("\n\n");
  ASSERT_NE(first_break, std::string::npos);
  EXPECT_EQ(md.compare(first_break + 2, 21, "## What it is for\n\nIn"), 0) << md.substr(0, 200);
  EXPECT_NE(md.find("Intended use:"), std::string::npos);
  EXPECT_EQ(md.find("Generated by"), std::string::npos);
  EXPECT_EQ(md.find("do not edit"), std::string::npos);
  EXPECT_EQ(md.find("days_since_booking"), std::string::npos) << md;
  EXPECT_NE(md.find("| days since the booking | days |"), std::string::npos) << md;
}

TEST(Linear, IntervalCoversAboutItsLevel) {
  Table t;
  t.features = {{"a", "a", "points"}};
  std::mt19937_64 rng(9);
  std::normal_distribution<double> z(0.0, 1.0);
  for (int i = 0; i < 4000; ++i) {
    const double a = z(rng);
    t.add_row({a}, 20.0 + 5.0 * a + 3.0 * z(rng), 0, "p" + std::to_string(i % 100), "c");
  }
  auto m = train_linear(t, all_rows(t), {"s", "s", "o", "points"}, {});
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->fit.coef[0], 5.0, 0.2);
  EXPECT_NEAR(m->interval_high, 3.0 * 1.2816, 0.3);  // the 90th percentile of N(0, 3)
  EXPECT_NEAR(m->interval_low, -3.0 * 1.2816, 0.3);
}

}  // namespace
}  // namespace physio::predict
