#pragma once
/// The billing context's routes: remote therapeutic monitoring set-up, time, month locks and the CSV export.

#include "server/http/routes.hpp"

namespace physio::server {

void add_rtm_routes(RouteTable& routes);

}  // namespace physio::server
