#pragma once
/// The schedule context's routes: appointments, the clinic calendar, working hours, appointment types, the
/// scheduling settings, the waiting list and the appointment calendars (docs/server/scheduling.md).

#include "server/http/routes.hpp"

namespace physio::server {

void add_schedule_routes(RouteTable& routes);

}  // namespace physio::server
