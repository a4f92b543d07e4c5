#pragma once
/// Loading a note for a route: the note named by {id} in the caller's clinic, with the route's action
/// authorized on its patient. A patient sees only signed notes (a draft is the physiotherapist's working
/// copy).

#include <optional>

#include "clinic/records.hpp"
#include "server/http/context.hpp"

namespace physio::server {

/// nullopt and `out` filled, or the answer to give (404, 403).
std::optional<net::Response> load_note(RequestContext& ctx, clinic::NoteRow& out);

}  // namespace physio::server
