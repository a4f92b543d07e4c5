#pragma once
/// The predictions context's routes (docs/server/risk.md): risk flags with their reasons and decisions, the
/// day list, and the clinic's models with their cards.

#include "server/http/routes.hpp"

namespace physio::server {

void add_flag_routes(RouteTable& routes);
void add_model_routes(RouteTable& routes);
void add_recovery_routes(RouteTable& routes);

}  // namespace physio::server
