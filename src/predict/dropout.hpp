#pragma once
/// Drop-out risk per home program: one row per program and prediction day with only what was known by the
/// start of that day, so a clinic's own programs train the model (docs/models/dropout.md).
///
/// Outcome: no exercise logged on the program in the 14 days after the prediction day, i.e. the published
/// drop-out rule (14 days without exercise, Pedersen 2019) is met within two weeks. A row is made only while
/// the rule is not already met (the rule flags those programs itself) and while the program is active;
/// its outcome is known once the 14 days have passed with the program still active (a program ended by the
/// physiotherapist within them is censored: no outcome).
///
/// Prediction days: every 7th day after the program starts (the training history) and the current day for
/// each active program (the row that is scored). Age band and sex are audit subgroups, never features.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "predict/table.hpp"

namespace physio::predict {

/// One program's history as the clinic's store holds it.
struct ProgramHistory {
  std::string program_id{};
  std::string patient_id{};
  TimeUs started_us = 0;
  std::optional<TimeUs> ended_us{};               ///< when the physiotherapist ended it
  std::vector<TimeUs> logs{};                     ///< exercise logged for the program (any exercise of it)
  std::vector<std::pair<TimeUs, double>> pain{};  ///< morning pain and pain during exercise, NRS 0-10
  std::vector<TimeUs> missed_visits{};            ///< appointments not attended or cancelled late
  std::vector<TimeUs> live_sessions{};            ///< camera sessions started
  std::string age_band{};                         ///< audit only
  std::string sex{};                              ///< audit only
};

inline constexpr int kDropoutHorizonDays = 14;

struct DropoutRows {
  Table table{};
  std::vector<std::size_t> program_index{};  ///< [rows] the row's program in the input
  std::vector<TimeUs> at_us{};               ///< [rows] the prediction time (the start of its day)
  std::vector<bool> outcome_known{};         ///< [rows]
  std::vector<bool> current{};               ///< [rows] the current day's row of an active program
};

/// The rows up to `now` (exclusive of anything later: rows, features and outcomes never read past `now`).
DropoutRows dropout_rows(std::span<const ProgramHistory> programs, TimeUs now);

/// The rows with an outcome (what training and evaluation read).
std::vector<std::size_t> dropout_rows_with_outcome(const DropoutRows& rows);

}  // namespace physio::predict
