// Kaplan-Meier against a published reference: Freireich et al. 1963 (Blood 21:699), the 6-MP arm of the
// leukaemia remission trial (21 patients, * = censored): S(t) at each event time, the median and Greenwood
// standard errors, each recomputed independently from the product-limit and Greenwood formulas before
// being asserted here (risk/survival.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "risk/survival.hpp"

namespace physio::risk {
namespace {

constexpr double kPublishedTol = 1e-3;  // the reference prints three decimals
constexpr double kExactTol = 1e-12;

std::vector<SurvivalObservation> six_mp() {
  // 6,6,6,6*,7,9*,10,10*,11*,13,16,17*,19*,20*,22,23,25*,32*,32*,34*,35*
  return {{6, true},   {6, true},   {6, true},   {6, false},  {7, true},   {9, false},  {10, true},
          {10, false}, {11, false}, {13, true},  {16, true},  {17, false}, {19, false}, {20, false},
          {22, true},  {23, true},  {25, false}, {32, false}, {32, false}, {34, false}, {35, false}};
}

const SurvivalStep& step_at(const KaplanMeier& km, double t) {
  for (const auto& s : km.steps) {
    if (s.time == t) return s;
  }
  static const SurvivalStep none{};
  ADD_FAILURE() << "no step at " << t;
  return none;
}

TEST(KaplanMeier, MatchesFreireich6MpSurvivalAtEachEventTime) {
  const auto data = six_mp();
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km) << km.error().to_string();
  EXPECT_EQ(km->subjects, 21);
  EXPECT_EQ(km->events, 9);
  EXPECT_EQ(km->censored, 12);
  const std::vector<std::pair<double, double>> expected = {{6, 0.857},  {7, 0.807},  {10, 0.753}, {13, 0.690},
                                                           {16, 0.627}, {22, 0.538}, {23, 0.448}};
  for (const auto& [t, s] : expected) EXPECT_NEAR(step_at(*km, t).survival, s, kPublishedTol) << "t = " << t;
  // Events before censorings at a tied time: 21 at risk at 6 (3 events, 1 censored), 17 at 7.
  EXPECT_EQ(step_at(*km, 6).at_risk, 21);
  EXPECT_EQ(step_at(*km, 6).events, 3);
  EXPECT_EQ(step_at(*km, 6).censored, 1);
  EXPECT_EQ(step_at(*km, 7).at_risk, 17);
  EXPECT_EQ(step_at(*km, 23).at_risk, 6);
  // Flat between events and after the last one.
  EXPECT_NEAR(survival_at(*km, 9.5), step_at(*km, 7).survival, kExactTol);
  EXPECT_NEAR(survival_at(*km, 5.9), 1.0, kExactTol);
  EXPECT_NEAR(survival_at(*km, 100), step_at(*km, 23).survival, kExactTol);
  EXPECT_NEAR(step_at(*km, 6).survival, 18.0 / 21.0, kExactTol);
}

TEST(KaplanMeier, GreenwoodStandardErrorsMatchTheReference) {
  const auto data = six_mp();
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km);
  EXPECT_NEAR(step_at(*km, 6).std_error, 0.076, kPublishedTol);
  EXPECT_NEAR(step_at(*km, 23).std_error, 0.135, kPublishedTol);
  // The formula itself at t = 6: S sqrt(3 / (21 * 18)).
  EXPECT_NEAR(step_at(*km, 6).std_error, 18.0 / 21.0 * std::sqrt(3.0 / (21.0 * 18.0)), kExactTol);
}

TEST(KaplanMeier, MedianAndQuartilesWithLogLogIntervals) {
  const auto data = six_mp();
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km);
  const auto median = survival_quantile(*km, 0.5);
  ASSERT_TRUE(median.time) << median.reason;
  EXPECT_EQ(*median.time, 23);
  EXPECT_TRUE(median.reason.empty());
  // log(-log) band at 13: [0.432, 0.849], the first lower edge under one half; the upper edge never gets
  // there (0.680 at the end): 95 % CI 13 to not reached, as R's survfit(conf.type = "log-log") prints.
  EXPECT_NEAR(step_at(*km, 13).lower, 0.4316, kPublishedTol);
  EXPECT_NEAR(step_at(*km, 23).upper, 0.6801, kPublishedTol);
  ASSERT_TRUE(median.lower);
  EXPECT_EQ(*median.lower, 13);
  EXPECT_FALSE(median.upper);
  const auto q25 = survival_quantile(*km, 0.25);
  ASSERT_TRUE(q25.time && q25.lower && q25.upper);
  EXPECT_EQ(*q25.time, 13);
  EXPECT_EQ(*q25.lower, 6);
  EXPECT_EQ(*q25.upper, 22);
  // Three quarters never relapse under observation: not estimable, with the reason.
  const auto q75 = survival_quantile(*km, 0.75);
  EXPECT_FALSE(q75.time);
  EXPECT_NE(q75.reason.find("not estimable"), std::string::npos);
  EXPECT_NE(q75.reason.find("0.448"), std::string::npos);
}

TEST(KaplanMeier, MedianNotReachedIsNotEstimable) {
  const std::vector<SurvivalObservation> data = {{2, true}, {3, false}, {4, false}, {5, false}, {6, false}};
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km);
  const auto median = survival_quantile(*km, 0.5);
  EXPECT_FALSE(median.time);
  EXPECT_FALSE(median.upper);
  EXPECT_EQ(
      median.reason,
      "not estimable: the curve never falls to 0.50 (fewer than 50 % had the event by the last time under "
      "observation, 6; lowest S = 0.800)");
}

TEST(KaplanMeier, ExactlyOneHalfOnAFlatStepTakesTheMidpoint) {
  const std::vector<SurvivalObservation> data = {{1, true}, {2, true}, {3, true}, {4, true}};
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km);
  EXPECT_NEAR(*survival_quantile(*km, 0.5).time, 2.5, kExactTol);
  // Everyone had the event: S = 0 at the end, with a zero standard error and a closed band.
  EXPECT_EQ(km->steps.back().survival, 0.0);
  EXPECT_EQ(km->steps.back().std_error, 0.0);
  EXPECT_EQ(km->steps.back().upper, 0.0);
}

TEST(KaplanMeier, ConditionalCurveEqualsTheCurveOfThoseStillWithoutTheEvent) {
  const auto data = six_mp();
  auto km = compute_kaplan_meier(data);
  ASSERT_TRUE(km);
  EXPECT_NEAR(*conditional_survival(*km, 10, 23), 0.448179 / 0.752941, kPublishedTol);
  EXPECT_NEAR(*conditional_survival(*km, 10, 8), 1.0, kExactTol);
  // Given no relapse by 10, the curve is Kaplan-Meier on the 13 followed beyond 10 (a left-truncated
  // sample): same survival, same Greenwood sums.
  auto given = condition_on(*km, 10);
  ASSERT_TRUE(given) << given.error().to_string();
  std::vector<SurvivalObservation> beyond;
  for (const auto& o : data) {
    if (o.time > 10) beyond.push_back(o);
  }
  auto direct = compute_kaplan_meier(beyond);
  ASSERT_TRUE(direct);
  ASSERT_EQ(given->steps.size(), direct->steps.size());
  EXPECT_EQ(given->subjects, 13);
  EXPECT_EQ(given->start, 10);
  for (std::size_t i = 0; i < direct->steps.size(); ++i) {
    EXPECT_EQ(given->steps[i].time, direct->steps[i].time);
    EXPECT_EQ(given->steps[i].at_risk, direct->steps[i].at_risk);
    EXPECT_NEAR(given->steps[i].survival, direct->steps[i].survival, kExactTol);
    EXPECT_NEAR(given->steps[i].greenwood, direct->steps[i].greenwood, kExactTol);
    EXPECT_NEAR(given->steps[i].lower, direct->steps[i].lower, kExactTol);
  }
  // Nobody followed beyond 35: nothing to condition on.
  EXPECT_FALSE(condition_on(*km, 35));
}

TEST(KaplanMeier, BadInputGivesAReason) {
  std::vector<SurvivalObservation> none;
  auto empty = compute_kaplan_meier(none);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kMissingData);
  const std::vector<SurvivalObservation> nan = {{1, true}, {std::nan(""), true}};
  auto bad = compute_kaplan_meier(nan);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("observation 2"), std::string::npos);
  const std::vector<SurvivalObservation> negative = {{-1, false}};
  EXPECT_FALSE(compute_kaplan_meier(negative));
  auto km = compute_kaplan_meier(six_mp());
  ASSERT_TRUE(km);
  EXPECT_FALSE(survival_quantile(*km, 1.5).time);
}

}  // namespace
}  // namespace physio::risk
