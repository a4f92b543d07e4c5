#pragma once
/// The FHIR route groups beside api_fhir.cpp's reads and searches.

#include <vector>

#include "server/http/routes.hpp"

namespace physio::server {

/// GET /fhir/Patient/{id}/$everything (api_fhir_everything.cpp).
void add_fhir_everything_route(RouteTable& routes);
/// Bulk export: kick-off, status, output files, cancel (api_fhir_export.cpp).
void add_fhir_export_routes(RouteTable& routes);
/// Observation create and update, Patient update (api_fhir_write.cpp).
void add_fhir_write_routes(RouteTable& routes);
/// GET /fhir/Binary/{id}: a signed note as a PDF (api_fhir_binary.cpp).
void add_fhir_binary_route(RouteTable& routes);

}  // namespace physio::server
