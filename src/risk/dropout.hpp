#pragma once
/// Drop-out from a home program, as the published rule: no exercise logged for 14 days or more on an
/// active program (Pedersen et al., JMIR 2019: the strongest predictor of stopping). It holds from a
/// program's first day, needs no training data and is labelled as a rule wherever it is shown.

#include <optional>
#include <string>

#include "core/time.hpp"
#include "risk/flag.hpp"

namespace physio::risk {

struct ProgramActivity {
  std::string program_id{};
  std::string patient_id{};
  std::string title{};
  TimeUs started_us = 0;                ///< the program's first version
  std::optional<TimeUs> last_log_us{};  ///< the last exercise logged for it (any exercise of the patient)
};

/// Whole days since the last log (or since the program started, with none) at `now`.
int days_without_exercise(const ProgramActivity& p, TimeUs now);

/// The flag when the rule is met; nullopt otherwise.
std::optional<Flag> dropout_flag(const ProgramActivity& p, TimeUs now);

}  // namespace physio::risk
