#pragma once
/// Within one live session: how the next set adapts to the last one, and game-like feedback that
/// never rewards a repetition with a severe form cue.
///
/// Next set (`adapt_next_set`), first match wins:
///  1. a severe form cue, or mean quality below `min_quality`: two repetitions fewer (not below
///     `min_reps`) and the target zone lowered by `zone_step_deg` - fewer, better repetitions;
///  2. the set was not finished, or no repetitions in reserve: the next set asks for what was done
///     (not below `min_reps`), zone unchanged;
///  3. easy (RIR >= target + 2) with good quality and the zone reached: one repetition more (not above
///     the prescription + `max_extra_reps`) and the zone raised by `zone_step_deg`, never past the
///     prescribed target range of motion;
///  4. otherwise the same again.
/// The prescription itself never changes here; that is progression's job.

#include <optional>
#include <string>
#include <vector>

namespace physio::rehab {

struct SetPlan {
  int reps_target = 10;
  double zone_low_deg = 0.0;  ///< the range-of-motion zone a repetition should reach
  double zone_high_deg = 0.0;
};

struct SetResult {
  int reps_done = 0;
  std::optional<double> rir{};
  double mean_quality = 0.0;  ///< 0-100
  int severe_cues = 0;
  double mean_rom_deg = 0.0;
};

struct AdaptSettings {
  int prescribed_reps = 10;
  std::optional<double> prescribed_rom_deg{};  ///< the zone never rises past this
  double target_rir = 2.0;
  double min_quality = 70.0;
  int min_reps = 3;
  int max_extra_reps = 2;
  double zone_step_deg = 5.0;
};

struct NextSet {
  SetPlan plan{};
  std::string reason{};  ///< shown to the patient
};

NextSet adapt_next_set(const AdaptSettings& settings, const SetPlan& current, const SetResult& last);

/// One repetition as the game sees it.
struct RepEvent {
  double quality = 0.0;  ///< 0-100
  int severe_cues = 0;
  double rom_deg = 0.0;
};

struct GameState {
  int good_rep_streak = 0;  ///< repetitions in a row with quality >= good_quality and no severe cue
  int best_rep_streak = 0;
  double best_rom_deg = 0.0;  ///< personal best among clean repetitions
  double best_quality = 0.0;
  int clean_reps = 0;
};

struct GameFeedback {
  GameState state{};
  std::vector<std::string> messages{};  ///< "New personal best range: 92 deg", "10 good repetitions in a row"
  bool personal_best = false;
  bool rewarded = false;  ///< false for any repetition with a severe form cue
};

/// The state after one more repetition. `good_quality` is the quality a repetition needs to
/// extend the streak.
GameFeedback step_game(const GameState& state, const RepEvent& rep, double good_quality = 70.0);

}  // namespace physio::rehab
