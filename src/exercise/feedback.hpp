#pragma once
/// Form feedback: rules evaluated per repetition, and the scheduler that turns violations into the
/// cues a patient actually sees or hears.
///
/// Contract: evaluate_rules
///   inputs : the exercise's rules, a repetition's context and metrics.
///   outputs: one RuleViolation per violated rule (value, threshold, severity, cue, the frame it
///            applies to = the repetition's peak frame for position rules, its end frame otherwise).
///            A rule whose measure is NaN (angle missing) is not evaluated.
///
/// CueScheduler (batch and live): candidate cues arrive in time order; a cue is emitted only when
///   no other cue is showing (display_s after the last emitted cue), and the same rule is not repeated
///   within debounce_s. When several candidates are pending, the most severe wins (then the earliest).
///   Candidates older than max_delay_s are dropped (stale advice is worse than none).
///   A cue keeps the time of its event (`t_s`, `frame`): the scheduler decides which cue is shown and
///   when it is shown (`shown_s`, live), never when the event happened; reports place cues at `t_s`.

#include <optional>
#include <string>
#include <vector>

#include "exercise/metrics.hpp"

namespace physio::exercise {

struct Cue {
  std::string rule_id;
  std::string text;
  Severity severity = Severity::kMedium;
  double t_s = 0.0;       ///< when the event happened (the violation's frame)
  std::size_t frame = 0;  ///< the event's frame
  int rep = 0;            ///< repetition index it refers to
  double shown_s = 0.0;   ///< when the scheduler lets it be shown (>= t_s; one cue at a time)
};

struct CueOptions {
  double display_s = 3.0;    ///< one cue at a time: the next one waits this long
  double debounce_s = 10.0;  ///< the same rule is not repeated sooner
  double max_delay_s = 4.0;  ///< pending candidates older than this are dropped
};

std::vector<RuleViolation> evaluate_rules(const RepContext& ctx, const RepBounds& rep, const RepMetrics& rm);

class CueScheduler {
 public:
  explicit CueScheduler(CueOptions options = {}) : opt_(options) {}

  /// Offers a candidate (time-ordered). Returns the cues that became due before its time; the
  /// candidate itself competes with others of the same instant at the next advance()/offer()/flush().
  std::vector<Cue> offer(const Cue& candidate);
  /// Advances the clock to t_s inclusive (live: call every frame after offering that frame's
  /// candidates); returns cues that became due.
  std::vector<Cue> advance(double t_s);
  /// Emits whatever can still be emitted (end of session).
  std::vector<Cue> flush();

 private:
  std::optional<Cue> pick(double now_s);
  std::vector<Cue> advance_impl(double t_s, bool inclusive);

  CueOptions opt_;
  std::vector<Cue> pending_;
  std::vector<std::pair<std::string, double>> last_by_rule_;
  double busy_until_s_ = -1e300;
};

/// Batch: runs every violation of every repetition through a CueScheduler; the emitted cues.
std::vector<Cue> schedule_cues(const std::vector<RepMetrics>& reps, const CueOptions& options);

}  // namespace physio::exercise
