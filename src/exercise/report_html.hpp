#pragma once
/// The exercise report: one self-contained HTML file a patient can read and a physiotherapist can trust.
///
/// Contract
///   input:   an analysis result, its exercise, and what was analysed (file name, date text).
///   output:  HTML text: a plain-words summary first (repetitions, range, score and the main thing to work
///            on), the angle curves with repetitions shaded and cues marked (SVG), a table per repetition,
///            the quality score with every deduction and its reason, then definitions and warnings.
///   errors:  none (an analysis without repetitions renders a report that says so).

#include <string>

#include "exercise/analyse.hpp"
#include "exercise/exercise.hpp"

namespace physio::exercise {

struct ReportInfo {
  std::string source;     ///< the analysed file, as the user named it
  std::string generated;  ///< free text, e.g. the date
};

std::string render_exercise_report(const ExerciseResult& result, const Exercise& exercise,
                                   const ReportInfo& info);

}  // namespace physio::exercise
