#pragma once
/// Fact suggestions: what a transcript says, each citing the words it stands on.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scribe/transcript.hpp"

namespace physio::scribe {

enum class FactKind {
  kRedFlag,  // first: red flags sort before everything else
  kPainScore,
  kPainSite,
  kOnset,
  kDuration,
  kAggravating,
  kEasing,
  kFunctionalLimit,
  kMedicine,
  kExercise,
  kGoal,
  kPlanFrequency,
  kNextVisit,
  kProgramChange,
  kSymptom,            // a non-pain symptom that is present and not a red flag ("nausea")
  kPertinentNegative,  // a symptom, regular medication or allergies the patient does not have
  kFamilyHistory,      // a family member's condition, with `who`
};
inline constexpr FactKind kAllFactKinds[] = {
    FactKind::kRedFlag,      FactKind::kPainScore,     FactKind::kPainSite, FactKind::kOnset,
    FactKind::kDuration,     FactKind::kAggravating,   FactKind::kEasing,   FactKind::kFunctionalLimit,
    FactKind::kMedicine,     FactKind::kExercise,      FactKind::kGoal,     FactKind::kPlanFrequency,
    FactKind::kNextVisit,    FactKind::kProgramChange, FactKind::kSymptom,  FactKind::kPertinentNegative,
    FactKind::kFamilyHistory};

/// "red_flag", "pain_score", "pain_site", "onset", "duration", "aggravating", "easing", "functional_limit",
/// "medicine", "exercise", "goal", "plan_frequency", "next_visit", "program_change", "symptom",
/// "pertinent_negative", "family_history".
const char* fact_kind_name(FactKind k);
std::optional<FactKind> parse_fact_kind(std::string_view name);

enum class Side { kUnspecified, kLeft, kRight, kBoth };
/// "unspecified", "left", "right", "both".
const char* side_name(Side s);
std::optional<Side> parse_side(std::string_view name);

enum class Certainty { kCertain, kUncertain };
const char* certainty_name(Certainty c);

/// Words in one segment: characters [begin, end) of the segment's text, and the segment's time span
/// when the transcript has times.
struct Span {
  std::size_t segment = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<double> start_s;
  std::optional<double> end_s;
};

struct Fact {
  FactKind kind = FactKind::kPainSite;
  /// Normalised value (docs/validation/scribe.md, "Values"): pain score "6" or "6-7" (0-10), a site
  /// ("knee"), a duration in days ("21") or the words when not countable ("few days"), a red flag
  /// ("night_pain"), a medicine's generic name, an exercise id, an activity, "3/day", days to the next visit.
  std::string value;
  Side side = Side::kUnspecified;
  bool negated = false;
  Certainty certainty = Certainty::kCertain;
  /// The patient's own earlier episode that is over (ConText's historical modifier).
  bool historical = false;
  /// Family history only: whose condition ("father", "mother", "family", ...).
  std::string who;
  Speaker speaker = Speaker::kUnknown;
  /// The words as said ("six or seven out of ten").
  std::string said;
  /// A pain score said outside 0-10 ("twelve out of ten"): kept as said, `value` is "out_of_range" and
  /// no 0-10 score is stored.
  bool out_of_range = false;
  /// Pain score as numbers (only when in 0-10).
  std::optional<double> score_low, score_high;
  /// Duration in days, when countable; a range said ("four, five days") has its upper bound in days_max.
  std::optional<double> days;
  std::optional<double> days_max;
  /// Where it was said: the first mention, then repeats of the same fact.
  std::vector<Span> spans;
};

/// Red flags first, then by kind, then by first mention.
void sort_facts(std::vector<Fact>& facts);

nlohmann::ordered_json fact_to_json(const Fact& f);
nlohmann::ordered_json facts_to_json(const std::vector<Fact>& facts, const Transcript& t);

}  // namespace physio::scribe
