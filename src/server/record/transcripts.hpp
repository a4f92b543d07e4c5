#pragma once
/// What signing a note asks of its visit recordings (docs/server/visit-capture.md): a red flag suggested from
/// the visit is never dropped silently, so a note whose recordings still hold an undecided red flag is not
/// signed.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "server/net/http.hpp"
#include "store/transcripts.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// A transcript as the page reads it: its state, the segments, the suggestions with their decisions, and
/// for an uploaded one what it was uploaded as (`uploaded`: {"format", "name"}).
nlohmann::json transcript_view(const store::TranscriptRow& t);
/// 409 for a note that is no longer a draft; nullopt for a draft.
std::optional<net::Response> refuse_unless_draft(const clinic::NoteRow& note);
/// The patient's consent "Visit audio recording" is in force.
Result<bool> visit_consent_given(store::Tx& tx, const std::string& clinic_id, const std::string& patient_id);

/// kInvalidArgument naming how many red flag suggestions of the note's recordings are undecided.
Status check_red_flags_decided(store::Tx& tx, const std::string& clinic_id, const std::string& note_id);

}  // namespace physio::server
