#include "rehab/set_feedback.hpp"

#include <algorithm>

#include "rehab/pain_advice.hpp"

namespace physio::rehab {

std::optional<double> effort_as_rir(std::optional<double> rir, std::optional<double> rpe) {
  if (rir) return std::clamp(*rir, 0.0, 10.0);
  if (rpe) return std::clamp(10.0 - *rpe, 0.0, 10.0);
  return std::nullopt;
}

SetFeedbackResult set_feedback(const SetFeedbackInput& in) {
  SetFeedbackResult out;
  const bool stop_pain = in.stop_pain_before || (in.pain_nprs && *in.pain_nprs >= kPainStopNprs);
  GameState game;
  for (const auto& b : personal_bests(in.earlier)) {
    game.best_rom_deg = b.rom_deg.value_or(0.0);
    game.best_quality = b.quality.value_or(0.0);
  }
  // The top of the target zone: deeper than this is no range record.
  const std::optional<double> zone_top =
      in.prescribed_rom_deg ? std::optional<double>(1.1 * *in.prescribed_rom_deg) : std::nullopt;
  SetResult result;
  double quality_sum = 0.0, rom_sum = 0.0;
  for (const auto& r : in.reps) {
    const bool beyond = zone_top && r.rom_deg > *zone_top;
    // A repetition beyond the zone keeps its streak and quality but cannot set a range record.
    RepEvent rep{r.quality, r.severe_cues, beyond ? std::min(r.rom_deg, game.best_rom_deg) : r.rom_deg};
    auto f = step_game(game, rep);
    game = f.state;
    if (!stop_pain) {
      out.personal_best |= f.personal_best;
      for (auto& m : f.messages) out.messages.push_back(std::move(m));
    }
    ++result.reps_done;
    quality_sum += r.quality;
    rom_sum += r.rom_deg;
    result.severe_cues += r.severe_cues;
  }
  out.best_good_rep_streak = game.best_rep_streak;
  out.clean_reps = game.clean_reps;
  if (stop_pain) {
    out.rewards_withheld = true;
    out.messages.push_back(
        "No records or streaks from this set: pain at 7/10 or more means stopping for today, as advised");
  }
  if (!in.prescribed_reps || result.reps_done == 0) return out;
  const auto rir = effort_as_rir(in.rir, in.rpe);
  if (!rir) {
    out.awaiting_effort = true;
    return out;
  }
  result.mean_quality = quality_sum / result.reps_done;
  result.mean_rom_deg = rom_sum / result.reps_done;
  result.rir = rir;
  AdaptSettings settings;
  settings.prescribed_reps = *in.prescribed_reps;
  settings.prescribed_rom_deg = in.prescribed_rom_deg;
  if (in.target_rir) settings.target_rir = *in.target_rir;
  SetPlan plan;
  plan.reps_target = *in.prescribed_reps;
  const double target = in.prescribed_rom_deg.value_or(result.mean_rom_deg);
  plan.zone_low_deg = 0.9 * target;
  plan.zone_high_deg = 1.1 * target;
  if (!stop_pain) out.next_set = adapt_next_set(settings, plan, result);
  return out;
}

}  // namespace physio::rehab
