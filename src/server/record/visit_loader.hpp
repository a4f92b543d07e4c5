#pragma once
/// Loads the rows a SOAP note's draft is gathered from (docs/server/notes.md) inside one read transaction;
/// the rules (episode, window, what counts) are notes/visit.hpp's.

#include <optional>

#include "clinic/records.hpp"
#include "notes/draft.hpp"
#include "store/store.hpp"

namespace physio::server {

/// An exercise's name from the library, lower-case first letter, as a sentence uses it ("mini squat"); the
/// id when the library does not know it.
std::string exercise_display_name(const std::string& id);

/// `episode`: the episode the note is for (nullopt: the patient's latest active one, if any). `note_type`
/// chooses the period the note covers (notes::note_period) and is the VisitInput's note type.
Result<notes::VisitInput> gather_visit(store::Tx& tx, const clinic::Patient& patient,
                                       const std::optional<clinic::Episode>& episode, TimeUs now_us,
                                       std::string_view note_type);

}  // namespace physio::server
