#include "scribe/facts.hpp"

#include <algorithm>
#include <tuple>

#include "scribe/speaker_roles.hpp"

namespace physio::scribe {

const char* fact_kind_name(FactKind k) {
  switch (k) {
    case FactKind::kRedFlag:
      return "red_flag";
    case FactKind::kPainScore:
      return "pain_score";
    case FactKind::kPainSite:
      return "pain_site";
    case FactKind::kOnset:
      return "onset";
    case FactKind::kDuration:
      return "duration";
    case FactKind::kAggravating:
      return "aggravating";
    case FactKind::kEasing:
      return "easing";
    case FactKind::kFunctionalLimit:
      return "functional_limit";
    case FactKind::kMedicine:
      return "medicine";
    case FactKind::kExercise:
      return "exercise";
    case FactKind::kGoal:
      return "goal";
    case FactKind::kPlanFrequency:
      return "plan_frequency";
    case FactKind::kNextVisit:
      return "next_visit";
    case FactKind::kProgramChange:
      return "program_change";
    case FactKind::kSymptom:
      return "symptom";
    case FactKind::kPertinentNegative:
      return "pertinent_negative";
    case FactKind::kFamilyHistory:
      return "family_history";
  }
  return "unknown";
}

std::optional<FactKind> parse_fact_kind(std::string_view name) {
  for (FactKind k : kAllFactKinds)
    if (name == fact_kind_name(k)) return k;
  return std::nullopt;
}

const char* side_name(Side s) {
  switch (s) {
    case Side::kLeft:
      return "left";
    case Side::kRight:
      return "right";
    case Side::kBoth:
      return "both";
    case Side::kUnspecified:
      break;
  }
  return "unspecified";
}

std::optional<Side> parse_side(std::string_view name) {
  for (Side s : {Side::kUnspecified, Side::kLeft, Side::kRight, Side::kBoth})
    if (name == side_name(s)) return s;
  return std::nullopt;
}

const char* certainty_name(Certainty c) {
  return c == Certainty::kCertain ? "certain" : "uncertain";
}

void sort_facts(std::vector<Fact>& facts) {
  std::stable_sort(facts.begin(), facts.end(), [](const Fact& a, const Fact& b) {
    auto key = [](const Fact& f) {
      std::size_t seg = f.spans.empty() ? 0 : f.spans.front().segment;
      std::size_t beg = f.spans.empty() ? 0 : f.spans.front().begin;
      return std::tuple(static_cast<int>(f.kind), seg, beg);
    };
    return key(a) < key(b);
  });
}

nlohmann::ordered_json fact_to_json(const Fact& f) {
  using oj = nlohmann::ordered_json;
  oj j;
  j["kind"] = fact_kind_name(f.kind);
  j["value"] = f.value;
  j["side"] = side_name(f.side);
  j["negated"] = f.negated;
  j["certainty"] = certainty_name(f.certainty);
  j["historical"] = f.historical;
  if (f.kind == FactKind::kFamilyHistory) j["who"] = f.who;
  j["speaker"] = f.speaker == Speaker::kUnknown ? oj(nullptr) : oj(speaker_name(f.speaker));
  j["said"] = f.said;
  if (f.kind == FactKind::kPainScore) {
    j["out_of_range"] = f.out_of_range;
    j["score_low"] = f.score_low ? oj(*f.score_low) : oj(nullptr);
    j["score_high"] = f.score_high ? oj(*f.score_high) : oj(nullptr);
  }
  if (f.kind == FactKind::kDuration) {
    j["days"] = f.days ? oj(*f.days) : oj(nullptr);
    if (f.days_max) j["days_max"] = *f.days_max;
  }
  oj spans = oj::array();
  for (const auto& s : f.spans) {
    oj sj;
    sj["segment"] = s.segment;
    sj["begin"] = s.begin;
    sj["end"] = s.end;
    sj["start_s"] = s.start_s ? oj(*s.start_s) : oj(nullptr);
    sj["end_s"] = s.end_s ? oj(*s.end_s) : oj(nullptr);
    spans.push_back(std::move(sj));
  }
  j["spans"] = std::move(spans);
  return j;
}

nlohmann::ordered_json facts_to_json(const std::vector<Fact>& facts, const Transcript& t) {
  nlohmann::ordered_json j;
  j["format"] = "physiokit-scribe-facts";
  j["version"] = 1;
  j["source"] = t.source;
  j["speakers_known"] = t.speakers_known;
  if (auto roles = speaker_roles_warning(t)) j["speaker_roles"] = std::move(*roles);
  j["note"] = "suggestions from the transcript; each must be accepted by the clinician";
  auto arr = nlohmann::ordered_json::array();
  for (const auto& f : facts) arr.push_back(fact_to_json(f));
  j["facts"] = std::move(arr);
  return j;
}

}  // namespace physio::scribe
