#pragma once
/// The session behind a request: the session cookie's token looked up (by its hash), the session and its
/// user still valid (not revoked, not expired, not idle too long, the account not disabled), the idle
/// expiry slid forward at most once a minute. Used by the app for every route that needs a session.

#include <optional>

#include "server/http/context.hpp"

namespace physio::server {

/// The session cookie's name.
inline constexpr const char* kSessionCookie = "physio_session";

/// Fills ctx.who, ctx.session_hash and ctx.csrf_token from the request's valid session; otherwise the
/// refusal (401 not signed in or session ended, 503 when the store cannot be read).
std::optional<net::Response> authenticate(RequestContext& ctx);

}  // namespace physio::server
