#pragma once
/// The OpenAPI 3.1 document of the API, generated from the route table (so it cannot miss a route).

#include <nlohmann/json.hpp>

namespace physio::server {

nlohmann::json openapi_document();

}  // namespace physio::server
