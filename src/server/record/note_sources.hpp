#pragma once
/// The rows a note's sentences cite, in words a clinician reads, so each sentence's evidence can be opened
/// beside it (docs/server/notes.md, "Sources").

#include <nlohmann/json.hpp>

#include "notes/note.hpp"
#include "store/store.hpp"

namespace physio::server {

/// "type:id" -> {"type", "label", "at" (ISO time or null)} for every source the note cites. A row that is
/// no longer in the record (erased, or never this patient's) is labelled so, with no content.
Result<nlohmann::json> source_details(store::Tx& tx, const std::string& clinic_id,
                                      const std::string& patient_id, const notes::Note& note);

}  // namespace physio::server
