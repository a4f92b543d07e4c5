#pragma once
/// The sign-in context's routes: sign-in, second factor, sign-out, password change, "who am I".

#include "server/http/routes.hpp"

namespace physio::server {

void add_session_routes(RouteTable& routes);
/// Invitations (patients from the record, staff from the Staff page), the forgotten password, the
/// set-password link, recovery codes (api_onboarding.cpp).
void add_onboarding_routes(RouteTable& routes);
/// SMART on FHIR: discovery, the authorization endpoint and the consent page's routes
/// (api_smart_authorize.cpp).
void add_smart_authorize_routes(RouteTable& routes);
/// SMART on FHIR: the token, introspection and revocation endpoints (api_smart_token.cpp).
void add_smart_token_routes(RouteTable& routes);
/// SMART apps: registration by the administrator, EHR launch, a user's allowed apps (api_smart_apps.cpp).
void add_smart_app_routes(RouteTable& routes);

}  // namespace physio::server
