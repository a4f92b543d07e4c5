// P: program changes made and proposals waiting, the next appointment, the progress-report and
// re-certification reminders.

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/reminders.hpp"
#include "notes/wording.hpp"

namespace physio::notes::detail {
namespace {

std::string what(const ProgramChange& c) {
  std::string s;
  if (c.direction == "progress")
    s = "progress " + c.exercise_name;
  else if (c.direction == "regress")
    s = "regress " + c.exercise_name;
  else
    s = "keep " + c.exercise_name + " at its dosage";
  if (const std::string sum = one_line(c.summary); !sum.empty()) s += ", " + sum;
  return s;
}

std::string why(const ProgramChange& c) {
  std::vector<std::string> parts;
  if (const std::string r = one_line(c.reason); !r.empty()) parts.push_back("reason: " + r);
  if (const std::string n = one_line(c.decision_note); !n.empty())
    parts.push_back("physiotherapist's note: " + n);
  return parts.empty() ? std::string() : " (" + fmt::format("{}", fmt::join(parts, "; ")) + ")";
}

Sentence decided(const ProgramChange& c) {
  std::string how = "Program change approved";
  if (c.state == "edited") how = "Program change approved with the physiotherapist's edits";
  if (c.state == "auto_applied") how = "Program change applied automatically within the program's bounds";
  return Sentence{fmt::format("{} on {}: {}{}.", how, note_date_of(c.decided_us), what(c), why(c)),
                  {source("proposal", c.id)},
                  false};
}

Sentence waiting(const ProgramChange& c) {
  return Sentence{fmt::format("Waiting for the physiotherapist's decision: proposal of {} to {}{}.",
                              note_date_of(c.proposed_us), what(c), why(c)),
                  {source("proposal", c.id)},
                  false};
}

Sentence reminder_sentence(const Reminder& r, const std::string& episode_id) {
  // Without an episode there is no row to cite: the reminder stays on the checklist beside the note.
  if (!r.known || episode_id.empty()) return no_data(r.text);
  return Sentence{r.text, {source("episode", episode_id)}, false};
}

}  // namespace

Section plan(const Prepared& p) {
  Section s{"P", "Plan", {}};
  for (const auto* c : p.decided) s.sentences.push_back(decided(*c));
  for (const auto* c : p.pending) s.sentences.push_back(waiting(*c));
  if (p.decided.empty() && p.pending.empty())
    s.sentences.push_back(no_data("No program changes since " + p.since + " and no proposals waiting."));
  if (auto program = program_sentence(p)) s.sentences.push_back(std::move(*program));
  // A discharge summary ends the episode: a visit still booked is not its plan (the checklist beside the
  // note asks to cancel it), so the signed Plan names none.
  const bool discharge = p.in->note_type == "discharge_summary";
  if (const auto& next = p.in->next_appointment; !discharge && next && next->start_us > p.in->window.to_us)
    s.sentences.push_back(Sentence{
        "Next appointment: " + note_date_of(next->start_us) + ".", {source("appointment", next->id)}, false});
  else if (!discharge)
    s.sentences.push_back(no_data("No next appointment is booked."));
  // The progress-report and re-certification rules are Medicare's: a clinic whose payer rules are not
  // Medicare's gets neither line, and a discharge summary (the episode ends) needs neither.
  if (p.in->payer != kPayerUsMedicare || p.in->note_type == "discharge_summary") return s;
  const bool report_written = p.in->visits_since_progress_report.has_value();
  const int visit = p.in->visits_since_progress_report.value_or(p.in->visit_in_episode);
  s.sentences.push_back(reminder_sentence(
      progress_report_reminder_for(p.in->note_type, visit, report_written), p.in->episode.id));
  s.sentences.push_back(
      reminder_sentence(recertification_reminder(p.in->plan_of_care_start, p.today), p.in->episode.id));
  return s;
}

}  // namespace physio::notes::detail
