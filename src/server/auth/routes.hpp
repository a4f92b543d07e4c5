#pragma once
/// The sign-in context's routes: sign-in, second factor, sign-out, password change, "who am I".

#include "server/http/routes.hpp"

namespace physio::server {

void add_session_routes(RouteTable& routes);
/// SMART on FHIR: discovery, the OAuth endpoints and the consent page's routes (api_smart_oauth.cpp).
void add_smart_oauth_routes(RouteTable& routes);
/// SMART apps: registration by the administrator, EHR launch, a user's allowed apps (api_smart_apps.cpp).
void add_smart_app_routes(RouteTable& routes);

}  // namespace physio::server
