#pragma once
/// The evaluation harness: hand-annotated facts (data/scribe/annotations, format in its README) against the
/// facts extracted from the same transcript.
///
/// Matching rule (docs/validation/scribe.md, "Matching"): a predicted fact matches an annotated one when the
/// kind is equal, the value is equal, the negation is equal, the side is equal (pain sites only), and one of
/// the prediction's spans overlaps one of the annotation's locations (same segment, overlapping characters).
/// Each annotated fact is matched at most once and each prediction at most once (first match in annotation
/// order). Precision = matched predictions / predictions; recall = matched annotations / annotations.
/// A negation error on a red flag: a predicted and an annotated red flag equal in value with overlapping
/// spans but opposite negation.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "scribe/facts.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {

struct Location {
  std::size_t segment = 0;
  std::string quote;
  std::size_t begin = 0;  ///< resolved against the transcript
  std::size_t end = 0;
};

struct AnnotatedFact {
  FactKind kind = FactKind::kPainSite;
  std::string value;
  Side side = Side::kUnspecified;
  bool negated = false;
  Certainty certainty = Certainty::kCertain;
  std::vector<Location> locations;
};

struct Annotation {
  std::string dataset;  ///< "primock57", "aci-bench"
  std::string id;
  std::string set;            ///< "dev", "held-out"
  nlohmann::json transcript;  ///< {"format": "textgrid-pair", ...} or {"format": "aci-csv", ...}
  std::vector<AnnotatedFact> facts;
};

/// Errors name `source` and the field ("facts[3].kind: ...").
Result<Annotation> parse_annotation(std::string_view text, const std::string& source);

/// The transcript an annotation names, read from `shared_dir` (the shared data folder).
Result<Transcript> load_annotated_transcript(const Annotation& a, const std::filesystem::path& shared_dir);

/// Finds each quote in its segment (case-insensitive); an error names the fact and the quote when absent.
Status resolve_locations(Annotation& a, const Transcript& t);

struct KindCounts {
  std::size_t predicted = 0;
  std::size_t predicted_matched = 0;
  std::size_t annotated = 0;
  std::size_t annotated_matched = 0;
  std::optional<double> precision() const;
  std::optional<double> recall() const;
  KindCounts& operator+=(const KindCounts& o);
};

struct Mismatch {
  std::string consultation;
  bool missed = false;  ///< true: annotated but not found; false: predicted but not annotated
  std::string kind, value, side, quote;
  bool negated = false;
  std::size_t segment = 0;
};

struct EvalResult {
  std::map<FactKind, KindCounts> per_kind;
  std::size_t red_flag_negation_errors = 0;
  std::vector<Mismatch> mismatches;
  KindCounts overall() const;
  EvalResult& operator+=(const EvalResult& o);
};

/// Compares the facts of one consultation.
EvalResult compare_facts(const std::vector<Fact>& predicted, const Annotation& a, const Transcript& t);

nlohmann::ordered_json eval_to_json(const EvalResult& r);

}  // namespace physio::scribe
