#pragma once
/// The privacy context's routes: the patient's export, restriction of processing, erasure.

#include "server/http/routes.hpp"

namespace physio::server {

void add_privacy_routes(RouteTable& routes);

}  // namespace physio::server
