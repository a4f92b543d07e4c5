#pragma once
/// Transparent rules from published cut-offs, used where no outcome data exists to fit a model: fall risk
/// (CDC STEADI), return to sport after ACL reconstruction (limb symmetry) and the drop-out rule (two weeks
/// without exercise). Each finding names its cut-off, its source and, where the source publishes it, its
/// sensitivity and specificity; a missing input makes a rule "not assessed", never "negative".

#include <optional>
#include <string>
#include <vector>

namespace physio::predict {

enum class RuleState { kMet, kNotMet, kNotAssessed };

struct RuleFinding {
  std::string rule{};   ///< "tug_12s"
  std::string label{};  ///< "Timed Up and Go 12 s or longer"
  RuleState state = RuleState::kNotAssessed;
  std::string evidence{};  ///< "TUG 14.2 s (measured 2026-03-01, IMU)" or why not assessed
  std::string source{};
  std::optional<double> sensitivity{};  ///< as published for this cut-off; nullopt when the source gives none
  std::optional<double> specificity{};
};

/// What is known about a patient's falls and tests; unset = not recorded.
struct FallInputs {
  std::optional<int> age_years{};
  std::string sex{};  ///< "male", "female", ""
  std::optional<int> falls_past_year{};
  std::optional<bool> fall_injury{};     ///< one of those falls caused an injury
  std::optional<bool> feels_unsteady{};  ///< STEADI key question
  std::optional<bool> worries_about_falling{};
  std::optional<double> tug_s{};
  std::optional<double> chair_stands_30s{};
  std::optional<double> gait_speed_mps{};
  std::optional<double> four_stage_tandem_s{};  ///< seconds held in tandem stance (STEADI 4-stage balance)
  std::string measured_with{};                  ///< "clinic", "IMU", "video": for the evidence text
};

enum class FallRiskLevel { kNotAssessed, kLow, kModerate, kHigh };

struct FallRisk {
  FallRiskLevel level = FallRiskLevel::kNotAssessed;
  std::string reason{};  ///< the STEADI step that decided the level
  std::vector<RuleFinding> findings{};
};

/// STEADI: screening (fall in the past year, unsteadiness, worry about falling), then gait, strength and
/// balance (TUG >= 12 s, 30-second chair stand below the age and sex norm, tandem stance under 10 s) and
/// gait speed < 0.8 m/s; low / moderate / high as in the STEADI algorithm: high when a gait, strength or
/// balance problem comes with 2 or more falls or an injurious fall; moderate with a problem and fewer falls;
/// low when screened negative or no problem is found.
FallRisk assess_fall_risk(const FallInputs& in);

/// STEADI 30-second chair stand: the count below which a person of this age and sex is below average;
/// nullopt outside 60-94 years or an unknown sex.
std::optional<int> chair_stand_below_norm(int age_years, const std::string& sex);

/// Limb symmetry index in percent: involved / uninvolved * 100 (distance, strength); for timed tests
/// (lower is better) uninvolved / involved * 100.
std::optional<double> limb_symmetry_percent(double involved, double uninvolved, bool lower_is_better);

struct ReturnToSportInputs {
  std::optional<double> quadriceps_lsi{};
  std::optional<double> single_hop_lsi{};
  std::optional<double> triple_hop_lsi{};
  std::optional<double> crossover_hop_lsi{};
  std::optional<double> timed_hop_lsi{};
  std::optional<double> months_since_surgery{};
};
/// Return to sport after ACL reconstruction: every limb symmetry index at least 90 % and at least 9 months
/// since surgery; each criterion a finding.
std::vector<RuleFinding> assess_return_to_sport(const ReturnToSportInputs& in);

/// Drop-out rule: an active program with no exercise logged for 14 days or more (the strongest published
/// drop-out signal). `days_since_last_log` counts from the last log or, with none, from the program's start.
RuleFinding two_weeks_without_exercise(std::optional<int> days_since_last_log);

const char* to_string(RuleState s);
const char* to_string(FallRiskLevel l);

}  // namespace physio::predict
