#include "rehab/session_feedback.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace physio::rehab {

NextSet adapt_next_set(const AdaptSettings& s, const SetPlan& current, const SetResult& last) {
  NextSet out{current, {}};
  const double width = current.zone_high_deg - current.zone_low_deg;
  if (last.severe_cues > 0 || last.mean_quality < s.min_quality) {
    out.plan.reps_target = std::max(s.min_reps, current.reps_target - 2);
    out.plan.zone_low_deg = std::max(0.0, current.zone_low_deg - s.zone_step_deg);
    out.plan.zone_high_deg = out.plan.zone_low_deg + width;
    out.reason = last.severe_cues > 0 ? "Fewer, better repetitions: focus on the form cue"
                                      : "Fewer, better repetitions: take your time with each one";
    return out;
  }
  if (last.reps_done < current.reps_target || (last.rir && *last.rir <= 0)) {
    out.plan.reps_target = std::max(s.min_reps, std::min(current.reps_target, last.reps_done));
    // "Hard" only when the patient said so (no repetitions in reserve); a set stopped short is not
    // judged on effort nobody reported.
    out.reason = last.rir && *last.rir <= 0 ? "Same range, a few repetitions fewer: that set was hard"
                                            : "Same range, as many repetitions as this set";
    return out;
  }
  const bool easy = last.rir && *last.rir >= s.target_rir + 2;
  const bool zone_reached = last.mean_rom_deg >= current.zone_low_deg;
  if (easy && zone_reached) {
    out.plan.reps_target = std::min(s.prescribed_reps + s.max_extra_reps, current.reps_target + 1);
    double low = current.zone_low_deg + s.zone_step_deg;
    if (s.prescribed_rom_deg) low = std::min(low, *s.prescribed_rom_deg);
    low = std::max(low, current.zone_low_deg);
    out.plan.zone_low_deg = low;
    out.plan.zone_high_deg = low + width;
    out.reason = "That looked easy: one more repetition and a little further";
    return out;
  }
  out.reason = "Good set: same again";
  return out;
}

GameFeedback step_game(const GameState& state, const RepEvent& rep, double good_quality) {
  GameFeedback f{state, {}, false, false};
  GameState& g = f.state;
  if (rep.severe_cues > 0) {
    // Never reward a repetition done with a severe form fault, not even a range record.
    if (g.good_rep_streak > 0) f.messages.push_back("Streak reset: check the form cue");
    g.good_rep_streak = 0;
    return f;
  }
  ++g.clean_reps;
  if (rep.quality >= good_quality) {
    f.rewarded = true;
    ++g.good_rep_streak;
    if (g.good_rep_streak > g.best_rep_streak) g.best_rep_streak = g.good_rep_streak;
    if (g.good_rep_streak % 5 == 0)
      f.messages.push_back(fmt::format("{} good repetitions in a row", g.good_rep_streak));
    if (rep.rom_deg > g.best_rom_deg) {
      if (g.best_rom_deg > 0) {
        f.personal_best = true;
        f.messages.push_back(fmt::format("New personal best range: {:.0f} deg", rep.rom_deg));
      }
      g.best_rom_deg = rep.rom_deg;
    }
    if (rep.quality > g.best_quality) {
      if (g.best_quality > 0) {
        f.personal_best = true;
        f.messages.push_back(fmt::format("New best quality: {:.0f}", rep.quality));
      }
      g.best_quality = rep.quality;
    }
  } else {
    g.good_rep_streak = 0;
  }
  return f;
}

}  // namespace physio::rehab
