#pragma once
/// The sign-in context's routes: sign-in, second factor, sign-out, password change, "who am I".

#include "server/http/routes.hpp"

namespace physio::server {

void add_session_routes(RouteTable& routes);

}  // namespace physio::server
