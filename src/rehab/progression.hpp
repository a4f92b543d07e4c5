#pragma once
/// Progression rules as data, and the proposals they make. Nothing here changes a program: a
/// proposal waits for the physiotherapist (approval.hpp) unless the program allows automatic steps
/// within bounds.
///
/// Inputs per prescription: the sessions done at the current dosage (pain, effort, repetitions per
/// set, movement quality, range of motion), the daily morning pain answers, and recent adherence.
/// Each rule votes progress / hold / regress with its numbers and a reason in plain words; the
/// combiner (`compute_proposal`) decides:
///  1. any pain-safety rule violated (pain during > 5/10, not settled by the next morning, morning
///     pain rising week on week) -> regress;
///  2. else effort below target (fewer repetitions in reserve than prescribed) -> regress;
///  3. else progress when an effort signal says so (RIR >= target + 2, or "2-for-2") and every gate
///     passes (pain rules with data, movement quality, range-of-motion target, adherence);
///  4. else hold.
/// A rule whose data is missing either blocks progression (the gates and pain rules, by default)
/// or abstains (effort signals), as `missing_data` in rules.json says.
/// Thresholds, sources and wording: docs/metrics/progression.md; values: data/progression/rules.json.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/program.hpp"

namespace physio::rehab {

enum class Direction { kProgress, kHold, kRegress };
std::string_view to_string(Direction d);

/// What a rule does when the data it needs is absent.
enum class MissingData { kBlock, kIgnore };

struct RuleCommon {
  bool enabled = true;
  MissingData missing_data = MissingData::kBlock;
  std::string source{};
};

/// Every threshold, with the defaults of data/progression/rules.json.
struct ProgressionRules {
  int window_sessions = 3;  ///< the most recent sessions at the current dosage the rules look at
  struct {
    RuleCommon common{};
    double max_nprs = 5.0;  ///< highest acceptable pain during/after loading (Silbernagel: <= 5/10)
  } pain_during;
  struct {
    RuleCommon common{};
    double max_rise_nprs = 0.0;  ///< next-morning pain minus that morning's pain
  } pain_settled;
  struct {
    RuleCommon common{.enabled = true, .missing_data = MissingData::kIgnore, .source = {}};
    double max_weekly_rise_nprs = 0.0;  ///< mean morning pain, last 7 days minus the 7 before
    int min_answers_per_week = 2;
  } morning_pain_trend;
  struct {
    RuleCommon common{.enabled = true, .missing_data = MissingData::kIgnore, .source = {}};
    double progress_margin_rir = 2.0;  ///< reported RIR >= target + this -> progress
    double default_target_rir = 2.0;   ///< when the load is not itself an RPE/RIR target
  } effort;
  struct {
    RuleCommon common{.enabled = true, .missing_data = MissingData::kIgnore, .source = {}};
    int extra_reps = 2;
    int consecutive_sessions = 2;
    double load_increase_pct = 5.0;  ///< ACSM: 2-10 %
  } two_for_two;
  struct {
    RuleCommon common{};
    double min_mean_score = 70.0;  ///< the engine's 0-100 quality score
  } quality_gate;
  struct {
    RuleCommon common{};
    double tolerance_deg = 5.0;
  } rom_target;
  struct {
    RuleCommon common{};
    double min_session_pct = 80.0;
  } adherence_gate;
  struct {
    double load_pct = 5.0;       ///< progress a kg load by this much
    double load_round_kg = 0.5;  ///< smallest weight step
    double regress_load_pct = 10.0;
    int reps = 2;
    int max_reps = 15;
    int min_reps = 5;
    double hold_s = 5.0;
    double max_hold_s = 60.0;
    double min_hold_s = 5.0;
    int max_sets = 3;
  } steps;
};

/// Parses and validates rules.json; errors name the field ("two_for_two.load_increase_pct: ...").
Result<ProgressionRules> progression_rules_from_json(const nlohmann::json& j);

/// One session of one prescription, as reported by the patient and measured by the engine.
struct SessionOutcome {
  TimeUs done_us = 0;
  std::vector<int> reps_per_set{};                   ///< repetitions (or holds) done, per set
  std::optional<double> pain_during_nprs{};          ///< highest pain during or right after, 0-10
  std::optional<double> pain_morning_before_nprs{};  ///< that morning's pain, 0-10
  std::optional<double> pain_next_morning_nprs{};    ///< the next morning's answer, 0-10
  std::optional<double> rir_last_set{};              ///< repetitions in reserve after the last set
  std::optional<double> rpe_last_set{};              ///< CR-10, used as RIR = 10 - RPE when RIR is absent
  std::optional<double> mean_quality{};              ///< 0-100, from a live or recorded session
  int severe_cues = 0;                               ///< form cues of high severity
  std::optional<double> rom_deg{};                   ///< mean range of motion of the repetitions
};

/// A daily morning pain/stiffness answer.
struct MorningPain {
  TimeUs at_us = 0;
  double nprs = 0.0;
};

struct ProgressionInput {
  std::string program_id{};
  std::int64_t program_version = 0;
  Prescription prescription{};
  std::optional<Dosage> previous_dosage{};  ///< the level before the current one, for a regression
  std::vector<SessionOutcome> sessions{};   ///< at the current dosage, oldest first
  std::vector<MorningPain> morning_pain{};
  std::optional<double> adherence_session_pct{};  ///< recent weeks, from compute_adherence
  TimeUs now_us = 0;
};

/// A named number behind a vote ("pain_during_max_nprs" = 6, "threshold" = 5).
using Number = std::pair<std::string, double>;

struct Vote {
  std::string rule{};  ///< "pain_during", "pain_settled", "morning_pain_trend", "effort", "two_for_two",
                       ///< "quality_gate", "rom_target", "adherence_gate"
  std::string source{};
  bool applicable = true;  ///< false: no data, or the rule does not apply to this prescription
  bool blocks = false;     ///< forbids progression (a failed gate, missing data that must block)
  Direction direction = Direction::kHold;
  std::vector<Number> numbers{};
  std::string reason{};
};

struct Proposal {
  std::string program_id{};
  std::int64_t program_version = 0;
  std::string exercise_id{};
  Direction direction = Direction::kHold;
  Dosage current{};
  Dosage proposed{};                        ///< == current for a hold
  std::optional<double> load_change_pct{};  ///< signed; nullopt when the size is unknown (band colour)
  std::vector<std::string> changes{};       ///< "load 20 -> 21 kg (+5.0 %)"
  std::vector<Vote> votes{};
  std::vector<std::string> agreed{};     ///< rules whose vote matches the direction
  std::vector<std::string> disagreed{};  ///< rules that voted otherwise
  std::string summary{};                 ///< in a physiotherapist's words (proposal_words.hpp)
  std::string rules_summary{};           ///< the same decision by rule id ("progress: ... two_for_two")
  TimeUs created_us = 0;
};

/// Every rule's vote, in the order of the rules above.
std::vector<Vote> compute_votes(const ProgressionRules& rules, const ProgressionInput& in);
/// The one proposal for this prescription.
Proposal compute_proposal(const ProgressionRules& rules, const ProgressionInput& in);

/// The dosage one step up (load, band, hold, reps, then sets) and its load change; nullopt at the ceiling.
struct Step {
  Dosage dosage{};
  std::optional<double> load_change_pct{};
  std::vector<std::string> changes{};
};
std::optional<Step> step_up(const ProgressionRules& rules, const Dosage& d, double load_pct);
/// One step down, or back to `previous` when given; nullopt at the floor.
std::optional<Step> step_down(const ProgressionRules& rules, const Dosage& d,
                              const std::optional<Dosage>& previous);

nlohmann::json to_json(const Vote& v);
nlohmann::json to_json(const Proposal& p);

}  // namespace physio::rehab
