#include "rehab/progression.hpp"

#include <functional>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "progression_fixtures.hpp"
#include "rehab/files.hpp"

namespace physio::rehab {
namespace {

using test::baseline_input;
using test::default_rules;
using test::kPctTol;

void set_all(ProgressionInput& in, const std::function<void(SessionOutcome&)>& f) {
  for (auto& s : in.sessions) f(s);
}
void set_last(ProgressionInput& in, const std::function<void(SessionOutcome&)>& f) {
  f(in.sessions.back());
}
// Morning pain of the last 7 days moved by `delta`.
void raise_last_week_morning_pain(ProgressionInput& in, double delta) {
  for (auto& m : in.morning_pain) {
    if (m.at_us > in.now_us - 7 * kUsPerDay) m.nprs += delta;
  }
}
const auto kEasy = [](ProgressionInput& in) { set_last(in, [](auto& s) { s.rir_last_set = 4; }); };

const Vote* find_vote(const Proposal& p, const std::string& rule) {
  for (const auto& v : p.votes) {
    if (v.rule == rule) return &v;
  }
  return nullptr;
}

struct Row {
  const char* name;
  std::function<void(ProgressionInput&)> change;
  Direction expected;
  const char* deciding_rule;  // a rule whose vote must have the expected direction ("" = none)
  Direction deciding_rule_direction;
};

void PrintTo(const Row& r, std::ostream* os) {
  *os << r.name;
}

class ProgressionRules_ : public ::testing::TestWithParam<Row> {};

TEST_P(ProgressionRules_, Decides) {
  const Row& r = GetParam();
  ProgressionInput in = baseline_input();
  r.change(in);
  const Proposal p = compute_proposal(default_rules(), in);
  EXPECT_EQ(p.direction, r.expected) << r.name << ": " << p.summary;
  if (std::string(r.deciding_rule).empty()) return;
  const Vote* v = find_vote(p, r.deciding_rule);
  ASSERT_NE(v, nullptr) << r.deciding_rule;
  EXPECT_EQ(v->direction, r.deciding_rule_direction) << r.name << ": " << v->reason;
  EXPECT_FALSE(v->reason.empty());
  if (v->applicable) {
    EXPECT_FALSE(v->numbers.empty()) << r.name;
  }
}

// Each threshold just inside and just outside, then contradictory signals.
INSTANTIATE_TEST_SUITE_P(
    EveryRule, ProgressionRules_,
    ::testing::Values(
        Row{"baseline_holds", [](auto&) {}, Direction::kHold, "effort", Direction::kHold},
        // Pain during: <= 5/10 acceptable.
        Row{"pain_during_5_inside", [](auto& in) { kEasy(in); set_last(in, [](auto& s) { s.pain_during_nprs = 5; }); },
            Direction::kProgress, "pain_during", Direction::kProgress},
        Row{"pain_during_5_1_outside", [](auto& in) { set_last(in, [](auto& s) { s.pain_during_nprs = 5.1; }); },
            Direction::kRegress, "pain_during", Direction::kRegress},
        Row{"pain_during_6_in_an_earlier_session_of_the_window", [](auto& in) { in.sessions[0].pain_during_nprs = 6; },
            Direction::kRegress, "pain_during", Direction::kRegress},
        Row{"pain_during_missing_blocks_progress", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.pain_during_nprs.reset(); }); },
            Direction::kHold, "pain_during", Direction::kHold},
        // Settled by the next morning.
        Row{"settled_back_to_baseline", [](auto& in) { kEasy(in); set_last(in, [](auto& s) { s.pain_next_morning_nprs = 1; }); },
            Direction::kProgress, "pain_settled", Direction::kProgress},
        Row{"not_settled_by_1", [](auto& in) { set_last(in, [](auto& s) { s.pain_next_morning_nprs = 2; }); },
            Direction::kRegress, "pain_settled", Direction::kRegress},
        Row{"next_morning_missing_blocks_progress",
            [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.pain_next_morning_nprs.reset(); }); }, Direction::kHold,
            "pain_settled", Direction::kHold},
        // Morning pain week on week.
        Row{"morning_pain_flat", [](auto& in) { kEasy(in); raise_last_week_morning_pain(in, 0.0); }, Direction::kProgress,
            "morning_pain_trend", Direction::kProgress},
        Row{"morning_pain_down", [](auto& in) { kEasy(in); raise_last_week_morning_pain(in, -0.5); }, Direction::kProgress,
            "morning_pain_trend", Direction::kProgress},
        Row{"morning_pain_up_0_1", [](auto& in) { raise_last_week_morning_pain(in, 0.1); }, Direction::kRegress,
            "morning_pain_trend", Direction::kRegress},
        Row{"morning_pain_too_few_answers_abstains",
            [](auto& in) { kEasy(in); in.morning_pain.resize(8); }, Direction::kProgress, "morning_pain_trend", Direction::kHold},
        // Effort: RIR >= target + 2 -> progress; < target -> regress.
        Row{"rir_target_plus_2", [](auto& in) { set_last(in, [](auto& s) { s.rir_last_set = 4; }); }, Direction::kProgress,
            "effort", Direction::kProgress},
        Row{"rir_target_plus_1_9", [](auto& in) { set_last(in, [](auto& s) { s.rir_last_set = 3.9; }); }, Direction::kHold,
            "effort", Direction::kHold},
        Row{"rir_at_target", [](auto& in) { set_last(in, [](auto& s) { s.rir_last_set = 2; }); }, Direction::kHold, "effort",
            Direction::kHold},
        Row{"rir_just_below_target", [](auto& in) { set_last(in, [](auto& s) { s.rir_last_set = 1.9; }); },
            Direction::kRegress, "effort", Direction::kRegress},
        Row{"rpe_6_means_rir_4",
            [](auto& in) { set_last(in, [](auto& s) { s.rir_last_set.reset(); s.rpe_last_set = 6; }); }, Direction::kProgress,
            "effort", Direction::kProgress},
        Row{"rpe_target_load_7_reported_5",  // target RIR 3, reported RIR 5
            [](auto& in) {
              in.prescription.dosage.load = Load{LoadKind::kRpe, 0, "", 7, 0};
              set_last(in, [](auto& s) { s.rir_last_set.reset(); s.rpe_last_set = 5; });
            },
            Direction::kProgress, "effort", Direction::kProgress},
        Row{"rir_target_load_3_reported_2",
            [](auto& in) { in.prescription.dosage.load = Load{LoadKind::kRir, 0, "", 0, 3}; }, Direction::kRegress,
            "effort", Direction::kRegress},
        // 2-for-2: 2 extra reps in the last set, 2 sessions in a row.
        Row{"two_for_two_met", [](auto& in) { in.sessions[1].reps_per_set = {10, 10, 12}; in.sessions[2].reps_per_set = {10, 10, 12}; },
            Direction::kProgress, "two_for_two", Direction::kProgress},
        Row{"two_for_two_one_rep_short",
            [](auto& in) { in.sessions[1].reps_per_set = {10, 10, 11}; in.sessions[2].reps_per_set = {10, 10, 12}; },
            Direction::kHold, "two_for_two", Direction::kHold},
        Row{"two_for_two_not_consecutive",
            [](auto& in) { in.sessions[0].reps_per_set = {10, 10, 12}; in.sessions[2].reps_per_set = {10, 10, 12}; },
            Direction::kHold, "two_for_two", Direction::kHold},
        // Quality gate.
        Row{"quality_70_inside", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.mean_quality = 70; }); },
            Direction::kProgress, "quality_gate", Direction::kProgress},
        Row{"quality_69_9_outside", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.mean_quality = 69.9; }); },
            Direction::kHold, "quality_gate", Direction::kHold},
        Row{"severe_cue_blocks", [](auto& in) { kEasy(in); set_last(in, [](auto& s) { s.severe_cues = 1; }); },
            Direction::kHold, "quality_gate", Direction::kHold},
        Row{"no_quality_data_blocks", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.mean_quality.reset(); }); },
            Direction::kHold, "quality_gate", Direction::kHold},
        // Range-of-motion target (45 deg, tolerance 5).
        Row{"rom_40_inside", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.rom_deg = 40; }); }, Direction::kProgress,
            "rom_target", Direction::kProgress},
        Row{"rom_39_9_outside", [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.rom_deg = 39.9; }); },
            Direction::kHold, "rom_target", Direction::kHold},
        Row{"rom_no_target_does_not_block",
            [](auto& in) { kEasy(in); in.prescription.target_rom_deg.reset(); set_all(in, [](auto& s) { s.rom_deg.reset(); }); },
            Direction::kProgress, "rom_target", Direction::kHold},
        Row{"rom_target_without_measurement_blocks",
            [](auto& in) { kEasy(in); set_all(in, [](auto& s) { s.rom_deg.reset(); }); }, Direction::kHold, "rom_target",
            Direction::kHold},
        // Adherence gate (80 %).
        Row{"adherence_80_inside", [](auto& in) { kEasy(in); in.adherence_session_pct = 80; }, Direction::kProgress,
            "adherence_gate", Direction::kProgress},
        Row{"adherence_79_9_outside", [](auto& in) { kEasy(in); in.adherence_session_pct = 79.9; }, Direction::kHold,
            "adherence_gate", Direction::kHold},
        Row{"adherence_unknown_blocks", [](auto& in) { kEasy(in); in.adherence_session_pct.reset(); }, Direction::kHold,
            "adherence_gate", Direction::kHold},
        // Contradictory signals resolve safely.
        Row{"pain_up_but_rir_says_progress",
            [](auto& in) { kEasy(in); set_last(in, [](auto& s) { s.pain_during_nprs = 6; }); }, Direction::kRegress, "effort",
            Direction::kProgress},
        Row{"morning_pain_rising_but_two_for_two_met",
            [](auto& in) {
              in.sessions[1].reps_per_set = {10, 10, 12};
              in.sessions[2].reps_per_set = {10, 10, 12};
              raise_last_week_morning_pain(in, 1.0);
            },
            Direction::kRegress, "two_for_two", Direction::kProgress},
        Row{"not_settled_but_everything_else_great",
            [](auto& in) { kEasy(in); set_last(in, [](auto& s) { s.pain_next_morning_nprs = 3; }); }, Direction::kRegress,
            "pain_settled", Direction::kRegress},
        Row{"easy_but_poor_adherence", [](auto& in) { kEasy(in); in.adherence_session_pct = 50; }, Direction::kHold,
            "effort", Direction::kProgress},
        Row{"severe_cue_and_too_hard", [](auto& in) { set_last(in, [](auto& s) { s.severe_cues = 2; s.rir_last_set = 0; }); },
            Direction::kRegress, "quality_gate", Direction::kHold}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Progression, ProposalCarriesNumbersAgreementAndSteps) {
  ProgressionInput in = baseline_input();
  in.sessions[1].reps_per_set = {10, 10, 12};
  in.sessions[2].reps_per_set = {10, 10, 12};
  const Proposal p = compute_proposal(default_rules(), in);
  ASSERT_EQ(p.direction, Direction::kProgress);
  EXPECT_DOUBLE_EQ(p.proposed.load.kg, 10.5);  // 2-for-2: +5 %
  EXPECT_NEAR(*p.load_change_pct, 5.0, kPctTol);
  EXPECT_EQ(p.changes, std::vector<std::string>{"load 10 -> 10.5 kg (+5.0 %)"});
  EXPECT_EQ(p.program_version, 4);
  EXPECT_NE(std::find(p.agreed.begin(), p.agreed.end(), "two_for_two"), p.agreed.end());
  EXPECT_NE(std::find(p.disagreed.begin(), p.disagreed.end(), "effort"),
            p.disagreed.end());  // effort said hold
  const auto j = to_json(p);
  EXPECT_EQ(j["direction"], "progress");
  EXPECT_EQ(j["votes"].size(), 8u);
  EXPECT_TRUE(j["votes"][0]["numbers"].contains("pain_during_max_nprs"));
}

TEST(Progression, RegressionGoesBackToThePreviousLevelWhenKnown) {
  ProgressionInput in = baseline_input();
  in.sessions.back().pain_during_nprs = 7;
  Proposal p = compute_proposal(default_rules(), in);
  ASSERT_EQ(p.direction, Direction::kRegress);
  EXPECT_DOUBLE_EQ(p.proposed.load.kg, 9.0);  // -10 %
  in.previous_dosage = in.prescription.dosage;
  in.previous_dosage->load.kg = 8;
  p = compute_proposal(default_rules(), in);
  EXPECT_EQ(p.proposed, *in.previous_dosage);
  EXPECT_NEAR(*p.load_change_pct, -20.0, kPctTol);
}

TEST(Progression, StepsUpAndDown) {
  const auto r = default_rules();
  auto dose = [](int sets, int reps, double hold, Load load) {
    return Dosage{sets, reps, hold, 60, load, 1, 7};
  };
  const Load none{};
  struct StepRow {
    const char* name;
    Dosage from;
    bool up;
    std::optional<Dosage> to;  // nullopt: at the ceiling / floor
  };
  const StepRow rows[] = {
      {"kg +5 %", dose(3, 10, 0, {LoadKind::kKg, 10, "", 0, 0}), true,
       dose(3, 10, 0, {LoadKind::kKg, 10.5, "", 0, 0})},
      {"small kg: at least one plate", dose(3, 10, 0, {LoadKind::kKg, 2, "", 0, 0}), true,
       dose(3, 10, 0, {LoadKind::kKg, 2.5, "", 0, 0})},
      {"band red -> green", dose(3, 10, 0, {LoadKind::kBand, 0, "red", 0, 0}), true,
       dose(3, 10, 0, {LoadKind::kBand, 0, "green", 0, 0})},
      {"band gold -> reps", dose(3, 10, 0, {LoadKind::kBand, 0, "gold", 0, 0}), true,
       dose(3, 12, 0, {LoadKind::kBand, 0, "gold", 0, 0})},
      {"hold +5 s", dose(1, 3, 30, none), true, dose(1, 3, 35, none)},
      {"hold at 60 s -> sets", dose(1, 3, 60, none), true, dose(2, 3, 60, none)},
      {"reps +2", dose(2, 10, 0, none), true, dose(2, 12, 0, none)},
      {"reps capped at 15", dose(2, 14, 0, none), true, dose(2, 15, 0, none)},
      {"reps at 15 -> sets", dose(2, 15, 0, none), true, dose(3, 15, 0, none)},
      {"ceiling", dose(3, 15, 0, none), true, std::nullopt},
      {"kg -10 % rounded down", dose(3, 10, 0, {LoadKind::kKg, 7, "", 0, 0}), false,
       dose(3, 10, 0, {LoadKind::kKg, 6, "", 0, 0})},
      {"band red -> yellow", dose(3, 10, 0, {LoadKind::kBand, 0, "red", 0, 0}), false,
       dose(3, 10, 0, {LoadKind::kBand, 0, "yellow", 0, 0})},
      {"hold -5 s", dose(1, 3, 30, none), false, dose(1, 3, 25, none)},
      {"reps -2 not below 5", dose(2, 6, 0, none), false, dose(2, 5, 0, none)},
      {"reps at 5 -> sets", dose(2, 5, 0, none), false, dose(1, 5, 0, none)},
      {"floor", dose(1, 5, 0, none), false, std::nullopt},
  };
  for (const auto& row : rows) {
    auto s = row.up ? step_up(r, row.from, r.steps.load_pct) : step_down(r, row.from, std::nullopt);
    ASSERT_EQ(s.has_value(), row.to.has_value()) << row.name;
    if (s) {
      EXPECT_EQ(s->dosage, *row.to) << row.name;
    }
  }
}

TEST(Progression, CeilingHoldsAndSaysWhy) {
  ProgressionInput in = baseline_input();
  in.prescription.dosage = Dosage{3, 15, 0, 60, {}, 1, 7};
  in.sessions.back().rir_last_set = 5;
  const Proposal p = compute_proposal(default_rules(), in);
  EXPECT_EQ(p.direction, Direction::kHold);
  EXPECT_NE(p.summary.find("ceiling"), std::string::npos) << p.summary;
  EXPECT_EQ(p.proposed, p.current);
}

TEST(Progression, RulesFileMatchesTheDefaultsAndIsValidated) {
  auto r = load_progression_rules(physio::test::source_dir() / "data/progression/rules.json");
  ASSERT_TRUE(r) << r.error().to_string();
  const auto d = default_rules();
  EXPECT_EQ(r->pain_during.max_nprs, d.pain_during.max_nprs);
  EXPECT_EQ(r->pain_settled.max_rise_nprs, d.pain_settled.max_rise_nprs);
  EXPECT_EQ(r->effort.progress_margin_rir, d.effort.progress_margin_rir);
  EXPECT_EQ(r->two_for_two.load_increase_pct, d.two_for_two.load_increase_pct);
  EXPECT_EQ(r->quality_gate.min_mean_score, d.quality_gate.min_mean_score);
  EXPECT_EQ(r->rom_target.tolerance_deg, d.rom_target.tolerance_deg);
  EXPECT_EQ(r->adherence_gate.min_session_pct, d.adherence_gate.min_session_pct);
  EXPECT_EQ(r->window_sessions, d.window_sessions);
  EXPECT_FALSE(r->pain_during.common.source.empty());

  const std::string text = load_text_file(physio::test::source_dir() / "data/progression/rules.json").value();
  struct Bad {
    std::function<void(nlohmann::json&)> change;
    const char* expected;
  };
  const Bad bad[] = {
      {[](auto& j) { j["two_for_two"]["load_increase_pct"] = 11; },
       "two_for_two.load_increase_pct: must be 2..10, got 11"},
      {[](auto& j) { j["two_for_two"]["load_increase_pct"] = 1.9; },
       "two_for_two.load_increase_pct: must be 2..10"},
      {[](auto& j) { j["pain_during"]["max_nprs"] = "five"; }, "pain_during.max_nprs: must be a number"},
      {[](auto& j) { j["quality_gate"].erase("source"); },
       "quality_gate.source: every rule names its source"},
      {[](auto& j) { j["adherence_gate"]["missing_data"] = "maybe"; }, "adherence_gate.missing_data"},
      {[](auto& j) { j.erase("effort"); }, "effort: missing"},
  };
  for (const auto& b : bad) {
    auto j = nlohmann::json::parse(text);
    b.change(j);
    auto res = progression_rules_from_json(j);
    ASSERT_FALSE(res) << b.expected;
    EXPECT_EQ(res.error().to_string().rfind(b.expected, 0), 0u) << res.error().to_string();
  }
}

TEST(Progression, DisabledRuleDoesNotVote) {
  auto r = default_rules();
  r.adherence_gate.common.enabled = false;
  ProgressionInput in = baseline_input();
  kEasy(in);
  in.adherence_session_pct.reset();
  const Proposal p = compute_proposal(r, in);
  EXPECT_EQ(p.direction, Direction::kProgress);
  EXPECT_EQ(find_vote(p, "adherence_gate"), nullptr);
}

}  // namespace
}  // namespace physio::rehab
