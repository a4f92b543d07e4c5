// The transparent rules against their published cut-offs.
#include <gtest/gtest.h>

#include "predict/rules.hpp"

namespace physio::predict {
namespace {

RuleFinding find(const FallRisk& r, const char* rule) {
  for (const RuleFinding& f : r.findings)
    if (f.rule == rule) return f;
  ADD_FAILURE() << "no rule " << rule;
  return {};
}

TEST(FallRules, TugCutOffsAtTheirEdges) {
  FallInputs in;
  in.tug_s = 11.9;
  EXPECT_EQ(find(assess_fall_risk(in), "tug_12s").state, RuleState::kNotMet);
  in.tug_s = 12.0;
  EXPECT_EQ(find(assess_fall_risk(in), "tug_12s").state, RuleState::kMet);
  EXPECT_EQ(find(assess_fall_risk(in), "tug_13_5s").state, RuleState::kNotMet);
  in.tug_s = 13.5;
  const RuleFinding f = find(assess_fall_risk(in), "tug_13_5s");
  EXPECT_EQ(f.state, RuleState::kMet);
  EXPECT_EQ(f.sensitivity, 0.31);  // Barry et al. 2014
  EXPECT_EQ(f.specificity, 0.74);
}

TEST(FallRules, ChairStandNormsByAgeAndSex) {
  EXPECT_EQ(chair_stand_below_norm(62, "male"), 14);
  EXPECT_EQ(chair_stand_below_norm(72, "female"), 10);
  EXPECT_EQ(chair_stand_below_norm(92, "female"), 4);
  EXPECT_FALSE(chair_stand_below_norm(55, "male"));
  EXPECT_FALSE(chair_stand_below_norm(70, ""));
  FallInputs in;
  in.chair_stands_30s = 9;
  EXPECT_EQ(find(assess_fall_risk(in), "chair_stand_below_norm").evidence,
            "age not recorded: the norm depends on it");
  in.age_years = 72;
  in.sex = "female";
  EXPECT_EQ(find(assess_fall_risk(in), "chair_stand_below_norm").state, RuleState::kMet);
  in.chair_stands_30s = 10;
  EXPECT_EQ(find(assess_fall_risk(in), "chair_stand_below_norm").state, RuleState::kNotMet);
}

TEST(FallRules, SteadiLevels) {
  FallInputs none;
  EXPECT_EQ(assess_fall_risk(none).level, FallRiskLevel::kNotAssessed);

  FallInputs negative;
  negative.falls_past_year = 0;
  negative.feels_unsteady = false;
  negative.worries_about_falling = false;
  EXPECT_EQ(assess_fall_risk(negative).level, FallRiskLevel::kLow);

  FallInputs screened;
  screened.worries_about_falling = true;
  EXPECT_EQ(assess_fall_risk(screened).level, FallRiskLevel::kNotAssessed);
  EXPECT_NE(assess_fall_risk(screened).reason.find("tests are needed"), std::string::npos);

  FallInputs moderate = screened;
  moderate.falls_past_year = 1;
  moderate.gait_speed_mps = 0.7;
  EXPECT_EQ(assess_fall_risk(moderate).level, FallRiskLevel::kModerate);

  FallInputs high = moderate;
  high.fall_injury = true;
  EXPECT_EQ(assess_fall_risk(high).level, FallRiskLevel::kHigh);
  high.fall_injury = false;
  high.falls_past_year = 2;
  EXPECT_EQ(assess_fall_risk(high).level, FallRiskLevel::kHigh);

  FallInputs fine = high;
  fine.gait_speed_mps = 1.1;
  fine.tug_s = 9.0;
  EXPECT_EQ(assess_fall_risk(fine).level, FallRiskLevel::kLow);
}

TEST(ReturnToSport, NinetyPercentSymmetryAndNineMonths) {
  EXPECT_NEAR(*limb_symmetry_percent(90.0, 100.0, false), 90.0, 1e-12);
  EXPECT_NEAR(*limb_symmetry_percent(2.5, 2.0, true), 80.0, 1e-12);  // timed: slower involved side
  EXPECT_FALSE(limb_symmetry_percent(0.0, 100.0, false));
  ReturnToSportInputs in;
  in.quadriceps_lsi = 89.9;
  in.single_hop_lsi = 90.0;
  in.months_since_surgery = 8.5;
  const auto f = assess_return_to_sport(in);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].state, RuleState::kNotMet);
  EXPECT_EQ(f[1].state, RuleState::kMet);
  EXPECT_EQ(f[2].state, RuleState::kNotAssessed);
  EXPECT_EQ(f[5].state, RuleState::kNotMet);
}

TEST(DropOutRule, FourteenDays) {
  EXPECT_EQ(two_weeks_without_exercise(13).state, RuleState::kNotMet);
  EXPECT_EQ(two_weeks_without_exercise(14).state, RuleState::kMet);
  EXPECT_EQ(two_weeks_without_exercise(std::nullopt).state, RuleState::kNotAssessed);
  EXPECT_NE(two_weeks_without_exercise(20).label.find("a rule, not a fitted model"), std::string::npos);
}

}  // namespace
}  // namespace physio::predict
