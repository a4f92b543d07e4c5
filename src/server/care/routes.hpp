#pragma once
/// The care context's routes: patients, episodes, consents, appointments, staff logins, messages, the
/// clinic's contact.

#include "server/http/routes.hpp"

namespace physio::server {

void add_patient_routes(RouteTable& routes);
void add_staff_routes(RouteTable& routes);
void add_message_routes(RouteTable& routes);
void add_clinic_routes(RouteTable& routes);
void add_registration_routes(RouteTable& routes);
void add_own_details_routes(RouteTable& routes);
void add_icd10_routes(RouteTable& routes);

}  // namespace physio::server
