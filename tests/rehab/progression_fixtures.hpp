#pragma once
// A prescription and three sessions at its dosage on which every rule has data and nothing is wrong:
// pain 3/10 during, settled by the next morning, morning pain flat, RIR on target, quality 85,
// range of motion reached, 90 % adherence. The rules say "hold" (no signal to progress); each test
// row changes one or two things.

#include "fake_tz.hpp"
#include "rehab/progression.hpp"

namespace physio::rehab::test {

/// Load changes, in percent, compare within this.
inline constexpr double kPctTol = 1e-9;

inline ProgressionRules default_rules() {
  return ProgressionRules{};  // the same values as data/progression/rules.json (checked in a test)
}

inline ProgressionInput baseline_input() {
  ProgressionInput in;
  in.program_id = "p1";
  in.program_version = 4;
  in.prescription.exercise_id = "mini_squat";
  in.prescription.dosage = Dosage{3, 10, 0, 60, Load{LoadKind::kKg, 10, "", 0, 0}, 1, 5};
  in.prescription.target_rom_deg = 45;
  for (int i = 0; i < 3; ++i) {
    SessionOutcome s;
    s.done_us = utc(2026, 3, 10 + 2 * static_cast<unsigned>(i), 18);
    s.reps_per_set = {10, 10, 10};
    s.pain_during_nprs = 3;
    s.pain_morning_before_nprs = 1;
    s.pain_next_morning_nprs = 1;
    s.rir_last_set = 2;
    s.mean_quality = 85;
    s.rom_deg = 46;
    in.sessions.push_back(s);
  }
  in.now_us = utc(2026, 3, 16, 9);
  for (int d = 1; d <= 14; ++d)
    in.morning_pain.push_back({in.now_us - d * kUsPerDay + 3600 * kUsPerSecond, 1.0});
  in.adherence_session_pct = 90;
  return in;
}

}  // namespace physio::rehab::test
