#pragma once
/// What the patient is told about one finished live set: streaks, personal bests and the next set
/// (docs/metrics/exercise.md, "Feedback after a live set"). The rules, in order:
///  - only complete repetitions of a counted set are judged (a rejected set gets no feedback at all; the
///    caller does not call this for it);
///  - no personal best and no streak message from a set whose pain answer is at the stop level (7/10 or
///    more, rehab/pain_advice.hpp), nor after a stop-level pain report in the 24 hours before it: the
///    patient was told to stop for the day, and a reward would say the opposite;
///  - a repetition deeper than the prescribed range (above the top of the target zone, 1.1 x the prescribed
///    range) is no range record: going further than prescribed is not the aim;
///  - the next set is proposed only once the patient has said how hard the set was (repetitions in reserve,
///    or the CR-10 effort read as repetitions in reserve: RIR = 10 - RPE, the RIR-based RPE scale of
///    Zourdos et al. 2016); until then `awaiting_effort` is true and nothing judges the effort.

#include <optional>
#include <string>
#include <vector>

#include "rehab/session_feedback.hpp"
#include "rehab/today.hpp"

namespace physio::rehab {

struct SetRepetition {
  double quality = 0.0;  ///< 0-100
  int severe_cues = 0;
  double rom_deg = 0.0;
};

struct SetFeedbackInput {
  std::vector<SetRepetition> reps{};     ///< the set's complete repetitions, in order
  std::vector<LoggedSession> earlier{};  ///< the patient's earlier counted sessions of the exercise
  std::optional<int> prescribed_reps{};  ///< set when the set belongs to a prescription
  std::optional<double> prescribed_rom_deg{};
  std::optional<double> target_rir{};  ///< the prescription's load as repetitions in reserve
  std::optional<double> rir{};         ///< this set's answers
  std::optional<double> rpe{};
  std::optional<double> pain_nprs{};
  bool stop_pain_before = false;  ///< a stop-level pain report in the 24 hours before the set
};

struct SetFeedbackResult {
  std::vector<std::string> messages{};
  int best_good_rep_streak = 0;
  int clean_reps = 0;
  bool personal_best = false;
  bool rewards_withheld = false;  ///< stop-level pain: no bests or streak messages, said in `messages`
  bool awaiting_effort = false;   ///< a prescribed set whose effort is not answered yet
  std::optional<NextSet> next_set{};
};

/// Repetitions in reserve from the answers: RIR as given, else 10 - RPE (clamped to 0-10), else none.
std::optional<double> effort_as_rir(std::optional<double> rir, std::optional<double> rpe);

SetFeedbackResult set_feedback(const SetFeedbackInput& in);

}  // namespace physio::rehab
