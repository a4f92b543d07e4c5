#include "notes/note_types.hpp"

#include <array>

namespace physio::notes {

namespace {

constexpr std::array<NoteType, 4> kTypes{{
    {"initial_evaluation", "Initial evaluation", "18735-1", "Physical therapy Initial evaluation note",
     "The first visit of an episode: history, examination, diagnosis, goals and the plan of care."},
    {"daily_note", "Daily treatment note", "28579-1", "Physical therapy Visit note",
     "A treatment visit: what was done, how the patient responded, and what comes next."},
    {"progress_report", "Progress report", "11508-9", "Physical therapy Progress note",
     "Progress towards the goals since the evaluation or the last report (at least every 10th visit)."},
    {"discharge_summary", "Discharge summary", "18842-5", "Discharge summary",
     "The end of the episode: the outcome against the goals and the advice to carry on."},
}};

constexpr NoteType kGeneric{"", "Progress note", "11506-3", "Progress note", ""};

}  // namespace

std::span<const NoteType> note_types() {
  return kTypes;
}

const NoteType* find_note_type(std::string_view id) {
  for (const auto& t : kTypes)
    if (t.id == id) return &t;
  return nullptr;
}

NoteType note_type_or_generic(std::string_view id) {
  const NoteType* t = find_note_type(id);
  return t ? *t : kGeneric;
}

}  // namespace physio::notes
