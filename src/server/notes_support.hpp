#pragma once
/// The visit a SOAP note is drafted from, gathered from the store (docs/server/notes.md): everything about
/// the patient since the last signed note (or, for the first note, since the episode began, at most 90
/// days back), in notes::VisitInput's terms.

#include <optional>
#include <string>

#include "clinic/records.hpp"
#include "notes/draft.hpp"
#include "store/store.hpp"

namespace physio::server {

/// `episode`: the episode the note is for (nullopt: the patient's latest active one, if any).
Result<notes::VisitInput> gather_visit(store::Tx& tx, const clinic::Patient& patient,
                                       const std::optional<clinic::Episode>& episode, TimeUs now_us);

}  // namespace physio::server
