#pragma once
/// The one scoring engine for every instrument in data/measures (docs/metrics/outcome-measures.md).
///
/// Contract: score
///   inputs : an instrument and its answers in the published item order (nullopt = missing). PSFS-like
///            instruments (min_items < items) accept fewer answers: the activities not given are not
///            missing, they were not chosen.
///   outputs: each total or subscale (nullopt when its missing-item rule is not met), the ids of the
///            missing items, valid (at least one score computed) and the reason for what was not scored.
///   errors : kOutOfRange for the wrong number of answers, and for an answer that is not one of the
///            item's options (or outside a measured item's range), naming the item.
///
/// Contract: change_flag
///   inputs : the instrument, a baseline and a current Score (from `score`).
///   outputs: per score present in both, the change in the better direction against the MCID and MDC,
///            with the numbers and a sentence.
///
/// Contract: interpret
///   outputs: sentences for the cut-offs, bands and age/sex norms that apply to a Score
///            ("TUG 13.2 s: at or above the STEADI 12 s fall-risk cut-off (at risk of falling)").

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "measures/instrument.hpp"

namespace physio::measures {

struct ScoreValue {
  std::string id;               ///< ScoreDef id ("total", "pain")
  std::optional<double> value;  ///< nullopt when the missing-item rule is not met
};

struct Score {
  std::string instrument;
  std::vector<ScoreValue> scores;              ///< in the instrument's score order
  std::vector<std::string> missing;            ///< item ids left unanswered (context items excluded)
  bool valid = false;                          ///< at least one score computed
  std::string reason;                          ///< empty when every score was computed
  std::vector<std::optional<double>> answers;  ///< as given (for interpretation with context items)

  std::optional<double> value(std::string_view score_id) const;
};

Result<Score> score(const Instrument& instrument, const std::vector<std::optional<double>>& answers);

/// How a change compares with the score's MCID.
enum class ChangeVerdict {
  kImproved,    ///< improvement >= MCID
  kWorsened,    ///< deterioration >= MCID
  kWithinMcid,  ///< smaller than the MCID either way
  kNoMcid,      ///< the instrument gives no MCID for this score
};

struct ScoreChange {
  std::string score;
  std::string name;
  std::string unit;
  double baseline = 0;
  double current = 0;
  double change = 0;       ///< current - baseline
  double improvement = 0;  ///< change in the better direction (positive = better)
  std::optional<double> mcid;
  std::optional<double> mdc;  ///< for the baseline (Berg MDC depends on it)
  ChangeVerdict verdict = ChangeVerdict::kNoMcid;
  bool passes_mcid = false;  ///< improved by at least the MCID
  bool beyond_mdc = false;   ///< |change| >= MDC: larger than measurement error
  std::string text;          ///< "ODI total 42 % -> 28 %: 14 better; passes the MCID of 10 ..."
};

struct ChangeReport {
  std::string instrument;
  std::vector<ScoreChange> changes;  ///< scores present at both times
  std::vector<std::string> notes;    ///< scores missing at either time
};

ChangeReport change_flag(const Instrument& instrument, const Score& baseline, const Score& current);

std::vector<std::string> interpret(const Instrument& instrument, const Score& s);

std::string_view verdict_name(ChangeVerdict v);

}  // namespace physio::measures
