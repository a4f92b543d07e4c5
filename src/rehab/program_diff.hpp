#pragma once
/// What changed from one version of a home program to the next, in the words a physiotherapist reads in
/// the program's history (docs/metrics/caseload.md, "Program history"): exercises added and removed, and
/// per exercise the dosage, side, dates, target range and notes before and after; the title and the
/// bounds of automatic steps.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rehab/program.hpp"

namespace physio::rehab {

/// The dose a new prescription starts from, per kind of exercise: a hold is a number of holds of so many
/// seconds in one set (3 holds of `hold_s`, 30 s when 0: "3 holds of 30 s"), never sets of ten holds; a
/// moving exercise is sets x repetitions (3 sets of 10).
Dosage default_dosage(bool hold, double hold_s);

/// "3 sets of 10, 5 kg, once a day, 5 days a week"; holds read "3 holds of 30 s" (one set) or
/// "2 sets of 3 holds of 30 s".
std::string dosage_words(const Dosage& d);

/// A prescription's dose, side and target range in words: "3 sets of 10, once a day, every day, left side,
/// target 90°" (side only when one, target only when set).
std::string prescription_words(const Prescription& p);

/// Exercise id -> its name in words ("mini_squat" -> "Mini squat"); the id itself when unknown.
using ExerciseNames = std::function<std::string(std::string_view exercise_id)>;

/// One line per change, in prescription order (added ones where they appear, removed ones last);
/// empty when nothing a person would see changed.
std::vector<std::string> describe_changes(const Program& before, const Program& after,
                                          const ExerciseNames& name);

}  // namespace physio::rehab
