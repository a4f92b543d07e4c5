#pragma once
/// Outcome measures as data: one `Instrument` per `data/measures/<id>.json` file (questionnaires and
/// performance tests), validated when parsed. Scoring lives in `measures/score.hpp`; the file schema and
/// every instrument's facts and sources are in docs/metrics/outcome-measures.md.
///
/// Contract: parse_instrument
///   inputs : the text of one instrument file and its name (for messages).
///   outputs: the instrument, items in the published order, scores with their item indices resolved.
///   errors : kParse naming the file and the field ("odi.json: scores[0].min_answered: 11 exceeds the 10
///            items of the score").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::measures {

/// Which way is better on a score.
enum class Direction { kHigherBetter, kLowerBetter };

/// How a score combines its answered items before the linear transform or lookup.
enum class Aggregate {
  kSum,                   ///< sum of the answered items
  kMean,                  ///< mean of the answered items
  kPercentOfAnsweredMax,  ///< sum / (sum of the answered items' maxima) x 100 (ODI, NDI)
};

/// Answer and option values are whole or simple decimals: two closer than this are the same value.
inline constexpr double kValueTol = 1e-9;

/// One answer option: the value scored and a short neutral label.
struct Option {
  double value = 0;
  std::string label;
};

/// One item, in the instrument's published order. Either discrete options or a measured value in
/// [min, max] (performance tests).
struct Item {
  std::string id;
  std::string label;  ///< short neutral label, never the licensed wording
  /// The instrument's own question, only where its licence allows showing it to patients (NPRS, KOOS, JR.;
  /// docs/metrics/outcome-measures.md, "Licences and item wording"); "" otherwise.
  std::string question;
  std::vector<Option> options;  ///< empty for a measured value
  std::optional<double> min;    ///< measured value: lowest accepted
  std::optional<double> max;    ///< measured value: highest accepted
  bool integer = false;         ///< measured value must be a whole number (stands, counts)
  std::string unit;             ///< measured value unit ("s", "m/s", "stands")
  bool context = false;         ///< informs interpretation (age, sex); never scored, never "missing"

  /// Highest option value, or `max` for a measured value.
  double max_value() const;
  double min_value() const;
};

/// A threshold that may depend on the baseline score (Berg MDC by baseline band).
struct Band {
  double min = 0;  ///< baseline >= min
  double max = 0;  ///< baseline <= max
  double value = 0;
};

struct Threshold {
  std::optional<double> value;  ///< one value for every baseline
  std::vector<Band> by_baseline;
  std::string source;  ///< full citation

  bool present() const { return value.has_value() || !by_baseline.empty(); }
  /// The threshold for a baseline score, if one applies.
  std::optional<double> at(double baseline) const;
};

/// One reported score (a total or a subscale).
struct ScoreDef {
  std::string id;  ///< JSON key in the output ("total", "pain", "adl")
  std::string name;
  std::vector<std::size_t> items;  ///< indices into Instrument::items
  Aggregate aggregate = Aggregate::kSum;
  double offset = 0;  ///< value = offset + scale * aggregate (unless a lookup is given)
  double scale = 1;
  std::vector<double> lookup;    ///< raw sum -> reported value (KOOS JR); index = raw sum
  std::size_t min_answered = 1;  ///< fewer answered items -> no score
  double range_min = 0;
  double range_max = 0;
  Direction direction = Direction::kHigherBetter;
  std::string unit;  ///< "points", "%", "s", "m/s"
  Threshold mcid;
  Threshold mdc;
};

/// "TUG >= 12 s: STEADI fall-risk cut-off".
struct Cutoff {
  std::string score;  ///< ScoreDef id
  std::string op;     ///< "<", "<=", ">", ">="
  double value = 0;
  std::string label;    ///< "STEADI fall-risk cut-off"
  std::string meaning;  ///< what being on the flagged side means ("at risk of falling")
  std::string source;
};

/// A named range of a score ("ODI 21-40 %: moderate disability").
struct ScoreBand {
  std::string score;
  double min = 0;
  double max = 0;
  std::string label;
  std::string source;
};

/// Age- and sex-specific "below average" thresholds (STEADI 30-second chair stand).
struct AgeSexNormRow {
  int age_min = 0;
  int age_max = 0;
  double male_below = 0;    ///< below this is below average for men
  double female_below = 0;  ///< and for women
};

struct AgeSexNorms {
  std::string score;
  std::size_t age_item = 0;  ///< index of the age item (context)
  std::size_t sex_item = 0;  ///< index of the sex item (context): 1 = male, 2 = female
  std::string label;         ///< "STEADI below-average"
  std::vector<AgeSexNormRow> rows;
  std::string source;
};

struct Instrument {
  std::string id;
  std::string name;
  std::string version;
  std::string kind;  ///< "questionnaire" or "performance"
  std::string description;
  std::vector<Item> items;    ///< published order
  std::size_t min_items = 0;  ///< answers may stop after this many (PSFS: 1); else == items.size()
  std::vector<ScoreDef> scores;
  std::string missing_rule;  ///< in words, with its source
  std::vector<Cutoff> cutoffs;
  std::vector<ScoreBand> bands;
  std::optional<AgeSexNorms> norms;
  std::string licence;
  std::vector<std::string> sources;
  std::string source_file;  ///< where it was loaded from

  const ScoreDef* find_score(std::string_view id) const;
};

Result<Instrument> parse_instrument(std::string_view text, const std::string& file_name);

}  // namespace physio::measures
