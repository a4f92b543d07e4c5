// What a note's type changes in its draft (docs/metrics/notes.md, "Note types"): the period a progress
// report or a discharge summary covers, said in the note, and the absences that are not a question for
// the type (a discharge summary expects no next appointment; an initial evaluation, no program changes).

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/wording.hpp"

namespace physio::notes::detail {
namespace {

std::string after_what(const PeriodInfo& period) {
  const std::string day = note_date_of(period.after_note_to_us);
  if (period.after_note_type == "initial_evaluation") return "since the initial evaluation of " + day;
  return "since the progress report of " + day;
}

}  // namespace

std::optional<Sentence> period_sentence(const Prepared& p) {
  const VisitInput& in = *p.in;
  // The episode is the row the period stands on (its start, or the report it follows within it).
  if (in.episode.id.empty()) return std::nullopt;
  const std::string from = p.since, to = note_date(p.today);
  const std::vector<SourceRef> episode{source("episode", in.episode.id)};
  if (in.note_type == "progress_report") {
    if (in.period.basis == "last_report")
      return Sentence{fmt::format("Reporting period: {} to {}, {}.", from, to, after_what(in.period)),
                      episode, false};
    if (in.period.basis == "episode")
      return Sentence{fmt::format("Reporting period: {} to {}, from the start of this episode (no initial "
                                  "evaluation or progress report of it is signed).",
                                  from, to),
                      episode, false};
  }
  if (in.note_type == "discharge_summary" && in.period.basis == "episode") {
    std::string visits;
    if (in.visit_in_episode > 0)
      visits =
          fmt::format(", {}", count_of(static_cast<std::size_t>(in.visit_in_episode), "visit", "visits"));
    return Sentence{fmt::format("Episode summary: {} to {}, the whole episode{}.", from, to, visits), episode,
                    false};
  }
  return std::nullopt;
}

std::optional<Sentence> program_sentence(const Prepared& p) {
  const VisitInput& in = *p.in;
  const bool evaluation = in.note_type == "initial_evaluation";
  if (!evaluation && in.note_type != "discharge_summary") return std::nullopt;
  const AdherenceInfo& a = in.adherence;
  if (a.program_id.empty() || a.items.empty())
    return no_data(evaluation ? "No home exercise program is active: the evaluation's plan names none."
                              : "No home exercise program is active to carry on after discharge.");
  std::vector<std::string> items;
  for (const auto& it : a.items) items.push_back(capitalised(it.exercise_name) + ", " + it.dose);
  return Sentence{fmt::format("{}: {}.",
                              evaluation ? "Home exercise program prescribed"
                                         : "Home exercise program to carry on after discharge",
                              fmt::join(items, "; ")),
                  {source("program", a.program_id)},
                  false};
}

bool asked_for_type(const Prepared& p, const std::string& absence) {
  const std::string& type = p.in->note_type;
  // The episode ends: no next appointment is what a discharge summary expects.
  if (type == "discharge_summary" && absence == "No next appointment is booked.") return false;
  // The first visit of an episode has no program to have changed yet.
  if (type == "initial_evaluation" && absence.starts_with("No program changes since ")) return false;
  // An evaluation and a discharge summary ask for the program in their own words (program_sentence): the
  // daily note's absence would be a second line for the same question.
  if ((type == "initial_evaluation" || type == "discharge_summary") &&
      absence == "No home exercise program is prescribed.")
    return false;
  return true;
}

}  // namespace physio::notes::detail
