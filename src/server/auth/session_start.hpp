#pragma once
/// A new signed-in session for a user whose credentials were checked (sign-in, or a set-password link for
/// a login without a second factor): the session row, the cookie, and the answer {csrf_token, user} with
/// `extra`'s fields added.

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "server/http/context.hpp"

namespace physio::server {

net::Response start_session(RequestContext& ctx, const clinic::User& user,
                            const nlohmann::json& extra = nlohmann::json::object());

}  // namespace physio::server
