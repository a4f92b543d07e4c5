#pragma once
/// Change against baseline for a patient's series of responses to one instrument
/// (docs/metrics/outcome-measures.md, "Change against baseline").
///
/// Contract: compare_with_baseline
///   inputs : the instrument; the patient's responses to it, each with its time, episode ("" for none)
///            and Score; the index of the response to judge.
///   outputs: nullopt when the judged response is not valid or is itself the baseline; else the
///            baseline (the first valid response of the judged response's episode, or of every response
///            when it has no episode) and, per score present at both times, the change with the MCID and
///            MDC, their sources, a flag and a sentence with the numbers.
///   rule   : flagged when |change| >= MCID, in the instrument's improvement or worsening direction
///            ("improved" / "worsened"); "within_mcid" otherwise; "no_mcid" where the instrument gives no
///            MCID for the score (the MDC, when there is one, is still reported).
///
/// Contract: score_from_json / score_to_json
///   the engine's Score as `physio measures score` prints it ({"instrument", "scores": {id: value|null},
///   "missing", "valid", "reason"}), and back, with the answers array (published item order).
///   errors : kParse naming what is wrong.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "measures/instrument.hpp"
#include "measures/score.hpp"

namespace physio::measures {

struct TimedScore {
  std::string id;          ///< the stored response's id
  TimeUs at_us = 0;        ///< when it was completed
  std::string episode_id;  ///< "" when not filed under an episode
  Score score;
};

struct BaselineScoreChange {
  ScoreChange change;       ///< numbers, MCID and MDC at the baseline (measures::change_flag)
  std::string flag;         ///< "improved", "worsened", "within_mcid", "no_mcid"
  bool flagged = false;     ///< |change| >= MCID either way
  std::string mcid_source;  ///< the citation behind the MCID ("" without one)
  std::string mdc_source;
  std::string text;  ///< "ODI total 40 % -> 28 %: 12 % better; passes the MCID of 10 ... (MCID: Ostelo ...)"
};

struct BaselineComparison {
  std::string baseline_id;
  TimeUs baseline_us = 0;
  std::string scope;  ///< "episode" (baseline of the same episode) or "all" (first valid response ever)
  std::vector<BaselineScoreChange> scores;
  std::vector<std::string> notes;  ///< scores missing at either time
};

/// `responses` in completed order (oldest first), all of `instrument`.
std::optional<BaselineComparison> compare_with_baseline(const Instrument& instrument,
                                                        const std::vector<TimedScore>& responses,
                                                        std::size_t current);

/// The Score as JSON text (values rounded to 6 decimals, which keeps every published value).
std::string score_to_json(const Score& score);
/// A Score from its JSON and the answers array it was computed from.
Result<Score> score_from_json(std::string_view scores_json, std::string_view answers_json);
/// Answers as a JSON array (null for a missing item).
std::string answers_to_json(const std::vector<std::optional<double>>& answers);

}  // namespace physio::measures
