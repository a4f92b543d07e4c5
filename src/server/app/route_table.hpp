#pragma once
/// The whole API: every context's routes put together in documentation order. The app dispatches from it,
/// the OpenAPI document is generated from it and the authorization matrix test reads it, so a route cannot
/// exist without its rows there.

#include "server/http/routes.hpp"

namespace physio::server {

/// Every route of the API (HTTP and "WS"), in documentation order.
const RouteTable& api_routes();

/// The app's own routes: health of the API description and the exercise library (api_meta.cpp).
void add_meta_routes(RouteTable& routes);

}  // namespace physio::server
