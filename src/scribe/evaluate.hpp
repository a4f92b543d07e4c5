#pragma once
/// The evaluation harness: hand-annotated facts (data/scribe/annotations, format in its README) against the
/// facts extracted from the same transcript.
///
/// Annotation format versions 1 and 2 (data/scribe/annotations/README.md); version 2 adds the kinds
/// symptom, pertinent_negative and family_history and the fields `historical` (default false) and `who`
/// (family history only).
///
/// Matching rule (docs/validation/scribe.md, "Matching"): a predicted fact matches an annotated one when the
/// kind is equal, the value is equal, the negation is equal, `historical` is equal, the side is equal (pain
/// sites only; `who` is not compared), and one of
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
#include "scribe/vocabulary.hpp"

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
  bool historical = false;
  std::string who;  ///< family history only
  std::vector<Location> locations;
};

struct Annotation {
  int version = 1;
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

/// The guideline lets an annotator name a symptom, family condition, medicine, activity or body site the
/// lists lack in their own words ("muscle_aches", "advil", "shakiness"): such a value whose words are a
/// phrase the vocabulary gives for exactly one of its values counts as that value ("muscle aches" ->
/// muscle_ache). Values the vocabulary already names, and words it gives no value for, are left as written.
/// Returns how many values were read as another.
std::size_t canonical_values(Annotation& a, const Vocabulary& v);

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
  bool historical = false;
};

struct EvalResult {
  std::map<FactKind, KindCounts> per_kind;
  std::size_t red_flag_negation_errors = 0;
  std::vector<Mismatch> mismatches;
  /// One flag per predicted fact of compare_facts' input, in its order: whether it matched an annotated one.
  std::vector<bool> predicted_correct;
  KindCounts overall() const;
  EvalResult& operator+=(const EvalResult& o);
};

/// Compares the facts of one consultation.
EvalResult compare_facts(const std::vector<Fact>& predicted, const Annotation& a, const Transcript& t);

nlohmann::ordered_json eval_to_json(const EvalResult& r);

/// The set a consultation belongs to under guideline version 2 (docs/validation/scribe-guideline.md,
/// "Sets"; fixed before annotation): "held-out" or "dev"; nullopt for a consultation the guideline does
/// not name. The harness uses this set, whatever the file says, so a held-out consultation is never
/// evaluated as dev.
std::optional<std::string> guideline_set(std::string_view dataset, std::string_view id);

/// Agreement between two annotators (Cohen's kappa per kind). Units: the union over both annotators of
/// (consultation, kind, value, side); each annotator rates a unit absent, present or negated (negated when
/// every one of its facts in that unit is negated, present otherwise). Consultations annotated by one
/// annotator only are left out.
struct KindAgreement {
  std::size_t units = 0;
  std::size_t agreed = 0;
  std::optional<double> kappa;  ///< nullopt when chance agreement is 1
};
struct Agreement {
  std::size_t consultations = 0;
  std::map<FactKind, KindAgreement> per_kind;
  KindAgreement overall;
};
Agreement compute_agreement(const std::vector<Annotation>& first, const std::vector<Annotation>& second);

/// Cohen's kappa of two raters' ratings (equal length, small integer categories); nullopt when chance
/// agreement is 1 or there are no ratings.
std::optional<double> cohen_kappa(const std::vector<int>& a, const std::vector<int>& b);

nlohmann::ordered_json agreement_to_json(const Agreement& g);

}  // namespace physio::scribe
