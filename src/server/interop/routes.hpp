#pragma once
/// The interoperability context's routes: the FHIR R4 API under /fhir (read, search, write, $everything, bulk
/// export).

#include "server/http/routes.hpp"

namespace physio::server {

void add_fhir_routes(RouteTable& routes);

}  // namespace physio::server
