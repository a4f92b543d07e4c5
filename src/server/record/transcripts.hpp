#pragma once
/// What signing a note asks of its visit recordings (docs/server/visit-capture.md): a red flag suggested from
/// the visit is never dropped silently, so a note whose recordings still hold an undecided red flag is not
/// signed.

#include <string>

#include "core/error.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// kInvalidArgument naming how many red flag suggestions of the note's recordings are undecided.
Status check_red_flags_decided(store::Tx& tx, const std::string& clinic_id, const std::string& note_id);

}  // namespace physio::server
