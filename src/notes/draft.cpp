#include "notes/draft.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/wording.hpp"

namespace physio::notes {
namespace detail {
namespace {

bool in_window(TimeUs t, const Window& w) {
  return t >= w.from_us && t <= w.to_us;
}

template <typename T, typename TimeOf>
std::vector<const T*> in_order(const std::vector<T>& rows, const Window& w, TimeOf time_of) {
  std::vector<const T*> out;
  for (const T& r : rows)
    if (in_window(time_of(r), w)) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [&](const T* a, const T* b) {
    const TimeUs ta = time_of(*a), tb = time_of(*b);
    return ta != tb ? ta < tb : a->id < b->id;
  });
  return out;
}

}  // namespace

Prepared prepare(const VisitInput& in) {
  Prepared p;
  p.in = &in;
  p.since = note_date_of(in.window.from_us);
  p.today = utc_day(in.window.to_us);
  const Window& w = in.window;
  // A value that is not a number cannot be written with its unit: such rows are left out.
  p.pain = in_order(in.morning_pain, w, [](const PainRating& r) { return r.at_us; });
  std::erase_if(p.pain, [](const PainRating* r) { return !std::isfinite(r->nprs); });
  p.logs = in_order(in.exercise_logs, w, [](const ExerciseLogEntry& r) { return r.done_us; });
  p.questionnaires =
      in_order(in.questionnaires, w, [](const QuestionnaireEntry& r) { return r.completed_us; });
  p.observations = in_order(in.observations, w, [](const ObservationEntry& r) { return r.at_us; });
  std::erase_if(p.observations, [](const ObservationEntry* o) { return !std::isfinite(o->value); });
  // One figure per set: a logged live set's stored analysis gives its figures in the set's own sentence,
  // and is not listed again among the measurements.
  std::map<std::string, std::string> log_of_recording;
  for (const auto* l : p.logs)
    if (!l->recording_id.empty()) log_of_recording.emplace(l->recording_id, l->id);
  std::erase_if(p.observations, [&](const ObservationEntry* o) {
    if (o->recording_id.empty()) return false;
    const auto it = log_of_recording.find(o->recording_id);
    if (it == log_of_recording.end()) return false;
    p.set_analysis[it->second].push_back(o);
    return true;
  });
  for (const ProgramChange* c :
       in_order(in.program_changes, w, [](const ProgramChange& r) { return r.decided_us; }))
    if (c->state == "approved" || c->state == "edited" || c->state == "auto_applied") p.decided.push_back(c);
  const Window always{std::numeric_limits<TimeUs>::min(), std::numeric_limits<TimeUs>::max()};
  for (const ProgramChange* c :
       in_order(in.program_changes, always, [](const ProgramChange& r) { return r.proposed_us; }))
    if (c->state == "pending") p.pending.push_back(c);
  return p;
}

SourceRef source(std::string type, const std::string& id) {
  return SourceRef{std::move(type), id};
}

Sentence no_data(std::string text) {
  return Sentence{std::move(text), {}, false};
}

std::string exercise_name(const ExerciseLogEntry& log) {
  return log.exercise_name.empty() ? words_of_id(log.exercise_id) : log.exercise_name;
}

std::string instrument_label(const QuestionnaireEntry& q) {
  if (!q.label.empty()) return q.label;
  std::string s = q.instrument_id;
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '_') c = ' ';
  }
  return s;
}

std::vector<const ExerciseLogEntry*> rated_logs(const Prepared& p) {
  std::vector<const ExerciseLogEntry*> out;
  for (const auto* l : p.logs)
    if (l->pain_during_nprs && std::isfinite(*l->pain_during_nprs)) out.push_back(l);
  return out;
}

AdherenceTotals adherence_totals(const AdherenceInfo& a) {
  AdherenceTotals t;
  for (const auto& w : a.weeks) {
    t.done += w.sessions_done;
    t.prescribed += w.sessions_prescribed;
  }
  return t;
}

std::string adherence_window(const AdherenceInfo& a) {
  const auto from = parse_iso_date(a.from_day), to = parse_iso_date(a.to_day);
  if (!from || !to) return "";
  // Counted from the program's first full day, or from the note's period when that starts later: said,
  // so the first day counted is never read as the day the program began.
  const auto made = parse_iso_date(a.program_start);
  const std::string cut = made && *from > *made + 1 ? " (the start of this note's period)" : "";
  if (*from == *to) return ", counted on " + note_date(*from) + cut;
  return fmt::format(", counted from {}{} to {}", note_date(*from), cut, note_date(*to));
}

std::vector<SourceRef> adherence_sources(const Prepared& p) {
  std::vector<SourceRef> out{source("program", p.in->adherence.program_id)};
  for (const auto* l : p.logs) out.push_back(source("exercise_log", l->id));
  return out;
}

std::string count_of(std::size_t n, const std::string& one, const std::string& many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace detail

Draft draft_note(const VisitInput& in) {
  const detail::Prepared p = detail::prepare(in);
  Draft d;
  d.sections.push_back(detail::subjective(p));
  d.sections.push_back(detail::objective(p));
  d.sections.push_back(detail::assessment(p));
  d.sections.push_back(detail::plan(p));
  // A progress report or a discharge summary says first the period it covers.
  if (auto period = detail::period_sentence(p)) {
    auto& first = d.sections.front().sentences;
    first.insert(first.begin() + (first.empty() ? 0 : 1), std::move(*period));
  }
  // Absences are a checklist beside the note (what to ask or record), not sentences of it; those that are
  // no question for the note's type are left off.
  for (Section& s : d.sections) {
    std::vector<Sentence> kept;
    for (Sentence& sentence : s.sentences) {
      if (sentence.sources.empty() && !sentence.edited) {
        if (detail::asked_for_type(p, sentence.text)) d.checklist.push_back(std::move(sentence.text));
      } else
        kept.push_back(std::move(sentence));
    }
    s.sentences = std::move(kept);
  }
  // What the data says against the type the clinician chose: a question beside the draft, never a change.
  if (in.note_type == "initial_evaluation" && in.visit_in_episode > 1)
    d.checklist.push_back(
        fmt::format("This is visit {} of this episode, and an initial evaluation is its first visit: check "
                    "the note's type.",
                    in.visit_in_episode));
  if ((in.note_type == "progress_report" || in.note_type == "discharge_summary") && in.episode.id.empty())
    d.checklist.push_back(fmt::format(
        "A {}, but no episode of care is open: there is no episode to {}. Open an episode of care, or check "
        "the note's type.",
        in.note_type == "progress_report" ? "progress report" : "discharge summary",
        in.note_type == "progress_report" ? "report progress in" : "summarise"));
  if (in.note_type == "discharge_summary" && in.next_appointment)
    d.checklist.push_back("A discharge summary, but the next appointment (" +
                          note_date_of(in.next_appointment->start_us) +
                          ") is still booked: cancel it, or check the note's type.");
  return d;
}

}  // namespace physio::notes
