#pragma once
/// The home exercise program as a PDF the patient takes home (docs/server/printed-program.md): A4, the
/// clinic and the patient on top, then each exercise with its dosage, side and target, how to do it, the
/// starting position (with the exercise's figure when it has one: docs/metrics/figures.md), what to watch
/// for, the physiotherapist's notes and when to stop; a few exercises per page (`exercises_per_page`, fewer
/// when their text is long), page n of m at the foot of every page.
///
/// Text is drawn in the PDF standard fonts (Helvetica), so it is Windows-1252: other characters are
/// spelled out or shown as "?" (cp1252.hpp). Uncompressed, so that the text can be searched and checked.

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "illustrate/figure_spec.hpp"

namespace physio::print {

struct PrintedExercise {
  std::string name;                    ///< "Mini squat"
  std::string dosage;                  ///< "3 sets of 10, 5 kg, once a day, every day"
  std::string side;                    ///< "Left side", "" for both
  std::string target;                  ///< "Bend the knee to 90°", "" for none
  std::string description;             ///< how to do it
  std::string position;                ///< the starting position
  std::vector<std::string> watch_for;  ///< form cues, at most a few
  std::string notes;                   ///< the physiotherapist's notes for this patient
  std::string stop_if;                 ///< contraindications in words
  /// The exercise's figure (start and end postures), drawn beside the text; none: text only.
  std::optional<illustrate::FigureSpec> figure;
};

struct PrintedProgram {
  std::string clinic;        ///< "Riverside Clinic"
  std::string clinic_contact;  ///< "1 River Street, London · Telephone 020 7946 0000"; "" when not set
  std::string patient;       ///< "Ana Silva"
  std::string title;         ///< the program's title
  std::string version_line;  ///< "Version 3 of 25 Nov 2026, by Lee Chen"
  std::string printed_on;    ///< "25 Nov 2026"
  std::string pain_advice;   ///< the general advice on pain, printed on the first page
  std::vector<PrintedExercise> exercises;
};

/// The PDF's bytes. kInvalidArgument for a program without exercises or exercises_per_page < 1;
/// kInternal when the PDF library fails.
Result<std::string> program_pdf(const PrintedProgram& program, int exercises_per_page = 3);

}  // namespace physio::print
