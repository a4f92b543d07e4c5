#pragma once
/// Reminders a note's plan carries, as pure rules (docs/metrics/notes.md, "Reminders"):
///  - progress report: Medicare asks for a progress report at least once every 10 treatment days; the
///    reporting period starts at the evaluation and again after each progress report. Visit n of 10
///    says how many visits are left; visit 10 says it is due at this visit; past 10 says how many
///    visits overdue it is.
///  - plan-of-care re-certification: a plan of care is certified for at most 90 calendar days; the
///    start date is day 1, so day 90 is the last certified day ("due today") and day 91 is overdue.
/// Unknown inputs give a "cannot be worked out" reminder instead of a guess.

#include <optional>
#include <string>
#include <string_view>

#include "notes/dates.hpp"

namespace physio::notes {

inline constexpr int kProgressReportEveryVisits = 10;
inline constexpr int kRecertificationDays = 90;

struct Reminder {
  std::string kind{};    ///< "progress_report" or "recertification"
  bool known = false;    ///< the inputs were there; false -> `text` says what is missing
  bool due_now = false;  ///< due at this visit / today, or overdue
  bool overdue = false;  ///< past the limit
  int remaining = 0;     ///< visits (progress report) or days (re-certification) left; negative when overdue
  std::string text{};
};

/// `visit`: treatment visits since the last progress report, this visit included, or since the
/// evaluation when `report_written` is false (no progress report yet); 0 or less = unknown.
Reminder progress_report_reminder(int visit, bool report_written = true);

/// The progress-report reminder of a note of type `note_type` (notes/note_types.hpp):
///  - a progress report is the report: it starts a new reporting period, the next due within 10 visits;
///  - an initial evaluation is visit 1 of the first period: a progress report is due within 9 visits;
///  - a discharge summary ends the episode: no reminder (`known` false, `text` empty);
///  - a daily note or an unknown type: progress_report_reminder(visit, report_written).
Reminder progress_report_reminder_for(std::string_view note_type, int visit, bool report_written);

/// `plan_start`: the plan of care's start "YYYY-MM-DD" ("" = no plan); `today`: the visit's day.
Reminder recertification_reminder(std::string_view plan_start, Day today);

}  // namespace physio::notes
