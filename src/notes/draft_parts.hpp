#pragma once
// Internal to draft*.cpp: the window's rows in order, and one builder per section.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "notes/dates.hpp"
#include "notes/draft.hpp"

namespace physio::notes::detail {

/// The rows of the window, each list in time order with ties broken by id.
struct Prepared {
  const VisitInput* in = nullptr;
  std::string since{};  ///< the window's first day, "3 Nov 2026"
  Day today = 0;        ///< the visit's day
  std::vector<const PainRating*> pain{};
  std::vector<const ExerciseLogEntry*> logs{};
  std::vector<const QuestionnaireEntry*> questionnaires{};
  /// Measurements, without those of a logged live set's recording (they are in `set_analysis`).
  std::vector<const ObservationEntry*> observations{};
  /// A logged live set's stored (whole-set) analysis: the observations of its recording, by log id.
  std::map<std::string, std::vector<const ObservationEntry*>> set_analysis{};
  std::vector<const ProgramChange*> decided{};  ///< approved, edited, auto_applied; by decision time
  std::vector<const ProgramChange*> pending{};  ///< by proposal time, whatever their age
};

Prepared prepare(const VisitInput& in);

Section subjective(const Prepared& p);
Section objective(const Prepared& p);
Section assessment(const Prepared& p);
Section plan(const Prepared& p);

/// The period a progress report or a discharge summary covers, as a sentence citing the episode; nullopt
/// for the other types and without an episode (draft_type.cpp).
std::optional<Sentence> period_sentence(const Prepared& p);
/// The home program an initial evaluation prescribes or a discharge summary hands over, item by item with
/// its dose, citing the program; nullopt for the other types (draft_type.cpp).
std::optional<Sentence> program_sentence(const Prepared& p);
/// False for an absence that is no question for the note's type ("No next appointment is booked." in a
/// discharge summary): it is left off the checklist.
bool asked_for_type(const Prepared& p, const std::string& absence);

SourceRef source(std::string type, const std::string& id);
/// A sentence with no sources: "No morning pain ratings since 3 Nov 2026."
Sentence no_data(std::string text);
std::string exercise_name(const ExerciseLogEntry& log);
/// The instrument's display name: its label, else its id in capitals with spaces ("koos_jr" -> "KOOS JR").
std::string instrument_label(const QuestionnaireEntry& q);
/// The exercise logs that carry a pain-during rating.
std::vector<const ExerciseLogEntry*> rated_logs(const Prepared& p);
/// Sessions done and prescribed over the adherence weeks.
struct AdherenceTotals {
  int done = 0;
  int prescribed = 0;
};
AdherenceTotals adherence_totals(const AdherenceInfo& a);
/// ", counted from 3 Nov 2026 to 16 Nov 2026" (", counted on 3 Nov 2026"), the whole days adherence was
/// counted over, with " (the start of this note's period)" after the first when that, not the program's
/// first full day, is where the count starts; "" when not given.
std::string adherence_window(const AdherenceInfo& a);
/// The program and the window's exercise logs: the rows adherence is counted from.
std::vector<SourceRef> adherence_sources(const Prepared& p);
/// "1 session" / "3 sessions".
std::string count_of(std::size_t n, const std::string& one, const std::string& many);

}  // namespace physio::notes::detail
