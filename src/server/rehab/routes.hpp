#pragma once
/// The home-program context's routes: programs, exercise logs, progression, today's plan, the caseload,
/// reminders.

#include "server/http/routes.hpp"

namespace physio::server {

void add_program_routes(RouteTable& routes);
void add_program_print_route(RouteTable& routes);
void add_exercise_log_routes(RouteTable& routes);
void add_progression_routes(RouteTable& routes);
void add_today_routes(RouteTable& routes);
void add_caseload_routes(RouteTable& routes);
void add_reminder_routes(RouteTable& routes);
void add_clinic_exercise_routes(RouteTable& routes);

}  // namespace physio::server
