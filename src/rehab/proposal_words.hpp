#pragma once
/// Progression proposals in a physiotherapist's words (docs/metrics/progression.md, "Wording"): what to do
/// with the dosage, and why, with the sessions it rests on, e.g. "Increase to 3 x 12 at 10.5 kg: the last 3
/// sessions (Tue 10 Mar, Thu 12 Mar, Sat 14 Mar) were done with good form (quality 85/100), pain at most
/// 3/10 and 4 repetitions in reserve (target 2)." The rule ids stay in the votes for machines; pages show
/// these words and the rules' titles.

#include <string>
#include <string_view>
#include <vector>

#include "rehab/progression.hpp"

namespace physio::rehab {

/// Every rule id a vote may carry, in the order compute_votes gives them.
const std::vector<std::string_view>& progression_rule_ids();

/// A rule's name as a clinician says it ("Pain during the exercise"); "" for an unknown id.
std::string_view rule_title(std::string_view rule);

/// A dosage as a clinician writes it: "3 x 12 at 10.5 kg", "2 x 5 holds of 30 s, red band".
std::string dosage_short(const Dosage& d);

/// The proposal's sentence: the decision with the new dosage, then the reasons and the sessions' days.
std::string proposal_words(const Proposal& p, const ProgressionInput& in, int window_sessions);

}  // namespace physio::rehab
