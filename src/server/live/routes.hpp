#pragma once
/// The live-session context's routes: create, list and read live sessions; the device's and viewers' sockets.

#include "server/http/routes.hpp"

namespace physio::server {

void add_live_routes(RouteTable& routes);
/// POST /api/patients/{id}/live-framing: the engine's framing check before a set (api_framing.cpp).
void add_live_framing_route(RouteTable& routes);

}  // namespace physio::server
