#pragma once
/// The FHIR route groups beside api_fhir.cpp's reads and searches.

#include <vector>

#include "server/routes.hpp"

namespace physio::server {

/// GET /fhir/Patient/{id}/$everything (api_fhir_everything.cpp).
void add_fhir_everything_route(std::vector<Route>& routes);
/// Bulk export: kick-off, status, output files, cancel (api_fhir_export.cpp).
void add_fhir_export_routes(std::vector<Route>& routes);
/// Observation create and update, Patient update (api_fhir_write.cpp).
void add_fhir_write_routes(std::vector<Route>& routes);

}  // namespace physio::server
