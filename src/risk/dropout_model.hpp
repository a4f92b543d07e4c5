#pragma once
/// Drop-out risk from the clinic's own model (predict/dropout.hpp): each active program's current row
/// scored, flagged at the model's threshold, with its three largest reasons in words. The 14-day rule
/// (risk/dropout.hpp) flags the programs where it already holds; the model looks ahead on the others.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "predict/dropout.hpp"
#include "predict/model.hpp"
#include "risk/flag.hpp"

namespace physio::risk {

struct ScoredProgram {
  std::string program_id{};
  std::string patient_id{};
  std::optional<double> risk{};
  std::string not_assessed{};
  bool flagged = false;
  Flag flag{};  ///< filled for every assessed program (stored only when flagged)
};

/// Scores the current rows of `rows` (built from `programs`) with the clinic's model `m` (`model_label`).
/// `titles` gives each program's title by index (the reasons name it); may be empty.
std::vector<ScoredProgram> score_programs(const predict::Model& m, std::string_view model_label,
                                          std::span<const predict::ProgramHistory> programs,
                                          const predict::DropoutRows& rows,
                                          std::span<const std::string> titles);

}  // namespace physio::risk
