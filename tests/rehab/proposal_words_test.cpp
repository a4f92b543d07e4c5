#include "rehab/proposal_words.hpp"

#include <cctype>
#include <functional>
#include <set>

#include <gtest/gtest.h>

#include "progression_fixtures.hpp"

namespace physio::rehab {
namespace {

using test::baseline_input;
using test::default_rules;

// A word with an underscore ("two_for_two", "quality_gate"): an id, not a clinician's word.
bool has_snake_case(const std::string& s) {
  for (std::size_t i = 1; i + 1 < s.size(); ++i)
    if (s[i] == '_' && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
        std::isalnum(static_cast<unsigned char>(s[i + 1])))
      return true;
  return false;
}

TEST(ProposalWords, EveryRuleHasATitleInWords) {
  // Every rule a vote can carry, with each rule's data present and absent.
  std::set<std::string> seen;
  for (bool empty : {false, true}) {
    ProgressionInput in = baseline_input();
    if (empty) {
      in.sessions.clear();
      in.morning_pain.clear();
      in.adherence_session_pct.reset();
    }
    for (const auto& v : compute_votes(default_rules(), in)) seen.insert(v.rule);
  }
  for (auto id : progression_rule_ids()) seen.insert(std::string(id));
  EXPECT_EQ(seen.size(), progression_rule_ids().size())
      << "a vote's rule is missing from progression_rule_ids";
  for (const auto& id : seen) {
    const std::string title(rule_title(id));
    EXPECT_FALSE(title.empty()) << id;
    EXPECT_FALSE(has_snake_case(title)) << id << ": " << title;
  }
  EXPECT_TRUE(rule_title("no_such_rule").empty());
}

TEST(ProposalWords, DosageAsAClinicianWritesIt) {
  EXPECT_EQ(dosage_short(Dosage{3, 12, 0, 60, Load{LoadKind::kKg, 10.5, "", 0, 0}, 1, 7}),
            "3 x 12 at 10.5 kg");
  EXPECT_EQ(dosage_short(Dosage{2, 5, 30, 60, Load{LoadKind::kBand, 0, "red", 0, 0}, 1, 7}),
            "2 x 5 holds of 30 s, red band");
  EXPECT_EQ(dosage_short(Dosage{1, 10, 0, 60, {}, 1, 7}), "1 x 10");
}

TEST(ProposalWords, ProgressNamesTheDosageTheReasonsAndTheDays) {
  ProgressionInput in = baseline_input();
  in.sessions.back().rir_last_set = 4;
  const Proposal p = compute_proposal(default_rules(), in);
  ASSERT_EQ(p.direction, Direction::kProgress) << p.summary;
  // The fixture's sessions: 10, 12 and 14 March 2026 (a Tuesday, Thursday and Saturday).
  EXPECT_EQ(p.summary.rfind(
                "Increase to 3 x 10 at 10.5 kg: the last 3 sessions (Tue 10 Mar, Thu 12 Mar, Sat 14 Mar) "
                "were completed with good form (quality 85/100)",
                0),
            0u)
      << p.summary;
  EXPECT_NE(p.summary.find("reps in reserve >= 4"), std::string::npos) << p.summary;
  EXPECT_NE(p.rules_summary.find("effort"), std::string::npos) << p.rules_summary;
}

struct Case {
  const char* name;
  std::function<void(ProgressionInput&)> change;
  const char* starts_with;
};

TEST(ProposalWords, ReduceSaysWhyAndWhen) {
  ProgressionInput in = baseline_input();
  in.sessions.back().pain_during_nprs = 7;
  const Proposal p = compute_proposal(default_rules(), in);
  EXPECT_EQ(p.summary,
            "Reduce to 3 x 10 at 9 kg: pain during the exercise reached 7/10, above the acceptable 5/10, "
            "over the last "
            "3 sessions (Tue 10 Mar, Thu 12 Mar, Sat 14 Mar).");
}

TEST(ProposalWords, NoRuleIdReachesTheSentence) {
  const std::vector<Case> cases{
      {"hold", [](ProgressionInput&) {}, "Keep 3 x 10 at 10 kg: no sign yet"},
      {"pain", [](ProgressionInput& in) { in.sessions.back().pain_during_nprs = 7; },
       "Reduce to 3 x 10 at 9 kg: pain"},
      {"too hard", [](ProgressionInput& in) { in.sessions.back().rir_last_set = 1; }, "Reduce to"},
      {"severe cue",
       [](ProgressionInput& in) {
         in.sessions.back().rir_last_set = 4;
         in.sessions.back().severe_cues = 1;
       },
       "Keep 3 x 10 at 10 kg for now: ready by effort, but 1 repetition(s) with a severe form cue"},
      {"no pain answers",
       [](ProgressionInput& in) {
         in.sessions.back().rir_last_set = 4;
         for (auto& s : in.sessions) s.pain_during_nprs.reset();
       },
       "Keep 3 x 10 at 10 kg for now"},
      {"two for two",
       [](ProgressionInput& in) {
         in.sessions[1].reps_per_set = {10, 10, 12};
         in.sessions[2].reps_per_set = {10, 10, 12};
       },
       "Increase to"},
      {"ceiling",
       [](ProgressionInput& in) {
         in.prescription.dosage = Dosage{3, 15, 0, 60, {}, 1, 7};
         in.sessions.back().rir_last_set = 5;
       },
       "Keep 3 x 15: ready to progress"},
      {"no data",
       [](ProgressionInput& in) {
         in.sessions.clear();
         in.morning_pain.clear();
       },
       "Keep 3 x 10 at 10 kg"},
  };
  for (const auto& c : cases) {
    ProgressionInput in = baseline_input();
    c.change(in);
    const Proposal p = compute_proposal(default_rules(), in);
    EXPECT_EQ(p.summary.rfind(c.starts_with, 0), 0u) << c.name << ": " << p.summary;
    EXPECT_FALSE(has_snake_case(p.summary)) << c.name << ": " << p.summary;
    EXPECT_EQ(p.summary.back(), '.') << c.name << ": " << p.summary;
  }
}

}  // namespace
}  // namespace physio::rehab
