#include "predict/rules.hpp"

#include <array>

#include <fmt/format.h>

namespace physio::predict {

namespace {

constexpr const char* kSteadi =
    "CDC STEADI (Stopping Elderly Accidents, Deaths and Injuries): Algorithm for Fall Risk Screening, "
    "Assessment and "
    "Intervention, 2019, and its test sheets (TUG, 30-Second Chair Stand, 4-Stage Balance Test), 2017";

RuleFinding finding(const char* rule, std::string label, const char* source) {
  RuleFinding f;
  f.rule = rule;
  f.label = std::move(label);
  f.source = source;
  return f;
}

void judge(RuleFinding& f, bool met, std::string evidence) {
  f.state = met ? RuleState::kMet : RuleState::kNotMet;
  f.evidence = std::move(evidence);
}

std::string with(const FallInputs& in) {
  return in.measured_with.empty() ? "" : " (" + in.measured_with + ")";
}

}  // namespace

const char* to_string(RuleState s) {
  switch (s) {
    case RuleState::kMet:
      return "met";
    case RuleState::kNotMet:
      return "not met";
    case RuleState::kNotAssessed:
      return "not assessed";
  }
  return "not assessed";
}

const char* to_string(FallRiskLevel l) {
  switch (l) {
    case FallRiskLevel::kLow:
      return "low";
    case FallRiskLevel::kModerate:
      return "moderate";
    case FallRiskLevel::kHigh:
      return "high";
    case FallRiskLevel::kNotAssessed:
      return "not assessed";
  }
  return "not assessed";
}

std::optional<int> chair_stand_below_norm(int age, const std::string& sex) {
  struct Row {
    int lo, hi, male, female;
  };
  // STEADI 30-Second Chair Stand sheet: a score below these is below average (after Rikli and Jones 1999).
  static constexpr std::array<Row, 7> kRows = {{{60, 64, 14, 12},
                                                {65, 69, 12, 11},
                                                {70, 74, 12, 10},
                                                {75, 79, 11, 10},
                                                {80, 84, 10, 9},
                                                {85, 89, 8, 8},
                                                {90, 94, 7, 4}}};
  if (sex != "male" && sex != "female") return std::nullopt;
  for (const Row& r : kRows)
    if (age >= r.lo && age <= r.hi) return sex == "male" ? r.male : r.female;
  return std::nullopt;
}

FallRisk assess_fall_risk(const FallInputs& in) {
  FallRisk out;
  auto& f = out.findings;

  RuleFinding history = finding("fall_history", "fell in the past year", kSteadi);
  if (in.falls_past_year)
    judge(history, *in.falls_past_year > 0,
          fmt::format("{} falls in the past year{}", *in.falls_past_year,
                      in.fall_injury.value_or(false) ? ", one with an injury" : ""));
  else
    history.evidence = "falls in the past year not recorded";
  f.push_back(history);

  RuleFinding unsteady = finding("unsteady", "feels unsteady when standing or walking", kSteadi);
  if (in.feels_unsteady)
    judge(unsteady, *in.feels_unsteady, *in.feels_unsteady ? "answered yes" : "answered no");
  else
    unsteady.evidence = "not asked";
  f.push_back(unsteady);

  RuleFinding worry = finding("fear_of_falling", "worries about falling", kSteadi);
  if (in.worries_about_falling)
    judge(worry, *in.worries_about_falling, *in.worries_about_falling ? "answered yes" : "answered no");
  else
    worry.evidence = "not asked";
  f.push_back(worry);

  RuleFinding tug = finding("tug_12s", "Timed Up and Go 12 s or longer", kSteadi);
  if (in.tug_s)
    judge(tug, *in.tug_s >= 12.0, fmt::format("TUG {:.1f} s{}", *in.tug_s, with(in)));
  else
    tug.evidence = "no Timed Up and Go recorded";
  f.push_back(tug);

  RuleFinding tug135 =
      finding("tug_13_5s", "Timed Up and Go 13.5 s or longer",
              "Barry E, Galvin R, Keogh C, Horgan F, Fahey T. Is the Timed Up and Go test a useful "
              "predictor of risk of falls in community dwelling older adults: a systematic review and "
              "meta-analysis. BMC Geriatr 2014;14:14");
  tug135.sensitivity = 0.31;
  tug135.specificity = 0.74;
  if (in.tug_s)
    judge(tug135, *in.tug_s >= 13.5, fmt::format("TUG {:.1f} s{}", *in.tug_s, with(in)));
  else
    tug135.evidence = "no Timed Up and Go recorded";
  f.push_back(tug135);

  RuleFinding chair =
      finding("chair_stand_below_norm", "30-second chair stand below the norm for age and sex", kSteadi);
  if (!in.chair_stands_30s) {
    chair.evidence = "no 30-second chair stand recorded";
  } else if (!in.age_years) {
    chair.evidence = "age not recorded: the norm depends on it";
  } else if (auto norm = chair_stand_below_norm(*in.age_years, in.sex); !norm) {
    chair.evidence =
        fmt::format("no STEADI norm for age {} and sex '{}' (norms cover 60-94 years, male or female)",
                    *in.age_years, in.sex);
  } else {
    judge(chair, *in.chair_stands_30s < *norm,
          fmt::format("{:.0f} stands in 30 s{}; below average under {} at age {} ({})", *in.chair_stands_30s,
                      with(in), *norm, *in.age_years, in.sex));
  }
  f.push_back(chair);

  RuleFinding balance =
      finding("tandem_under_10s", "cannot hold a tandem stance for 10 s (4-stage balance test)", kSteadi);
  if (in.four_stage_tandem_s)
    judge(balance, *in.four_stage_tandem_s < 10.0,
          fmt::format("tandem stance held {:.1f} s", *in.four_stage_tandem_s));
  else
    balance.evidence = "no 4-stage balance test recorded";
  f.push_back(balance);

  RuleFinding speed =
      finding("gait_speed_0_8", "gait speed below 0.8 m/s",
              "a common clinical cut-off (0.4-0.8 m/s: limited community walking; Perry J et al., "
              "Stroke 1995;26:982-989); its accuracy for predicting falls is not stated here");
  if (in.gait_speed_mps)
    judge(speed, *in.gait_speed_mps < 0.8,
          fmt::format("gait speed {:.2f} m/s{}", *in.gait_speed_mps, with(in)));
  else
    speed.evidence = "no gait speed recorded";
  f.push_back(speed);

  // STEADI's steps.
  const bool screened_any = in.falls_past_year || in.feels_unsteady || in.worries_about_falling;
  const bool screened_positive =
      history.state == RuleState::kMet || unsteady.state == RuleState::kMet || worry.state == RuleState::kMet;
  bool tested = false;
  bool problem = false;
  for (const RuleFinding* r : {&tug, &chair, &balance, &speed}) {
    tested |= r->state != RuleState::kNotAssessed;
    problem |= r->state == RuleState::kMet;
  }
  const int falls = in.falls_past_year.value_or(0);
  const bool injurious = falls > 0 && in.fall_injury.value_or(false);
  if (!screened_any && !tested) {
    out.level = FallRiskLevel::kNotAssessed;
    out.reason = "neither the screening questions nor a gait, strength or balance test are recorded";
  } else if (problem && (falls >= 2 || injurious)) {
    out.level = FallRiskLevel::kHigh;
    out.reason =
        "a gait, strength or balance problem with 2 or more falls, or a fall with an injury, in the past "
        "year";
  } else if (problem) {
    out.level = FallRiskLevel::kModerate;
    out.reason = "a gait, strength or balance problem with fewer than 2 falls and no injurious fall";
  } else if (screened_any && !screened_positive && !tested) {
    out.level = FallRiskLevel::kLow;
    out.reason = "screened negative: no fall, not unsteady, no worry about falling";
  } else if (!tested) {
    out.level = FallRiskLevel::kNotAssessed;
    out.reason = "screened positive: gait, strength and balance tests are needed to grade the risk";
  } else {
    out.level = FallRiskLevel::kLow;
    out.reason = "no gait, strength or balance problem on the tests recorded";
  }
  return out;
}

std::optional<double> limb_symmetry_percent(double involved, double uninvolved, bool lower_is_better) {
  if (!(involved > 0.0) || !(uninvolved > 0.0)) return std::nullopt;
  return lower_is_better ? 100.0 * uninvolved / involved : 100.0 * involved / uninvolved;
}

std::vector<RuleFinding> assess_return_to_sport(const ReturnToSportInputs& in) {
  constexpr const char* kSource =
      "Grindem H, Snyder-Mackler L, Moksnes H, Engebretsen L, Risberg MA. Simple decision rules can reduce "
      "reinjury "
      "risk by 84% after ACL reconstruction: the Delaware-Oslo ACL cohort study. Br J Sports Med "
      "2016;50:804-808 "
      "(limb symmetry at least 90 % on quadriceps strength and four hop tests; return after 9 months)";
  std::vector<RuleFinding> out;
  const std::pair<const char*, const std::optional<double>*> tests[] = {
      {"quadriceps strength", &in.quadriceps_lsi},
      {"single hop", &in.single_hop_lsi},
      {"triple hop", &in.triple_hop_lsi},
      {"crossover hop", &in.crossover_hop_lsi},
      {"6-metre timed hop", &in.timed_hop_lsi}};
  for (const auto& [name, value] : tests) {
    RuleFinding f = finding("lsi_90", fmt::format("{} limb symmetry at least 90 %", name), kSource);
    if (*value)
      judge(f, **value >= 90.0, fmt::format("{} limb symmetry {:.0f} %", name, **value));
    else
      f.evidence = fmt::format("{} not tested", name);
    out.push_back(f);
  }
  RuleFinding months = finding("months_9", "at least 9 months since surgery", kSource);
  if (in.months_since_surgery)
    judge(months, *in.months_since_surgery >= 9.0,
          fmt::format("{:.1f} months since surgery", *in.months_since_surgery));
  else
    months.evidence = "surgery date not recorded";
  out.push_back(months);
  return out;
}

RuleFinding two_weeks_without_exercise(std::optional<int> days) {
  RuleFinding f =
      finding("no_exercise_14d", "no exercise logged for 14 days or more (a rule, not a fitted model)",
              "Pedersen et al., JMIR 2019: two weeks without exercise was the strongest predictor of "
              "drop-out");
  if (!days) {
    f.evidence = "the program has no start date";
    return f;
  }
  judge(f, *days >= 14, fmt::format("{} days since the last exercise log", *days));
  return f;
}

}  // namespace physio::predict
