#pragma once
/// The kinds of physiotherapy note (docs/metrics/notes.md, "Note types"), each with its LOINC document code
/// (the Composition's type, the MDM's document code) and what it is for. Every type has the four SOAP
/// sections. A note stored before types existed has none and reads as a progress note of no discipline
/// (LOINC 11506-3), as it was sent.
///
/// | id | name | LOINC |
/// |---|---|---|
/// | initial_evaluation | Initial evaluation | 18735-1 Physical therapy Initial evaluation note |
/// | daily_note | Daily treatment note | 28579-1 Physical therapy Visit note |
/// | progress_report | Progress report | 11508-9 Physical therapy Progress note |
/// | discharge_summary | Discharge summary | 18842-5 Discharge summary |

#include <span>
#include <string_view>

namespace physio::notes {

struct NoteType {
  std::string_view id;
  std::string_view name;           ///< as the clinician and the text read it: "Progress report"
  std::string_view loinc;          ///< "11508-9"
  std::string_view loinc_display;  ///< LOINC's own display: "Physical therapy Progress note"
  std::string_view purpose;        ///< one sentence shown when choosing it
};

/// The types in the order the page offers them.
std::span<const NoteType> note_types();
/// nullptr when unknown.
const NoteType* find_note_type(std::string_view id);
/// The type a note of `id` is sent as: the type's, or the generic progress note (11506-3) for "".
NoteType note_type_or_generic(std::string_view id);

/// The type a new draft gets when none is chosen.
inline constexpr std::string_view kDefaultNoteType = "daily_note";

}  // namespace physio::notes
