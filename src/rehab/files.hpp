#pragma once
/// Reading the module's data files: condition templates (data/programs/*.json) and the progression
/// rules (data/progression/rules.json). The only file reading in the module; the rules never include
/// this header, callers load once at start-up and pass the values in.

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "rehab/program.hpp"
#include "rehab/progression.hpp"

namespace physio::rehab {

/// The "id" of every exercise file in `dir` (data/exercises), sorted.
Result<std::vector<std::string>> load_exercise_ids(const std::filesystem::path& dir);

/// Every template in `dir`, sorted by id, validated against `known_exercise_ids`; errors name the file.
Result<std::vector<ProgramTemplate>> load_program_templates(
    const std::filesystem::path& dir, const std::vector<std::string>& known_exercise_ids);

Result<ProgressionRules> load_progression_rules(const std::filesystem::path& path);

}  // namespace physio::rehab
