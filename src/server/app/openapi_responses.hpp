#pragma once
/// The response schemas of the OpenAPI document: the JSON Schema (2020-12, as OpenAPI 3.1 uses) of each
/// JSON route's successful answer, keyed by "METHOD pattern", and the component schemas they share. They
/// live here, apart from the routes, grouped by context (openapi_responses_<group>.cpp); the FHIR routes'
/// schemas follow from their pattern (openapi_responses_fhir.cpp). A test fails when a JSON route has none
/// (tests/server/openapi_responses_test.cpp) and tests/openapi/responses.mjs checks them against live
/// answers.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace physio::server {

/// One route's answer: its key ("GET /api/patients") and its schema as JSON text.
struct ResponseSchemaText {
  std::string_view key;
  std::string_view schema;
};

/// The schema of the route's successful JSON answer, or nullopt when none is declared.
std::optional<nlohmann::json> response_schema(const std::string& method, const std::string& pattern);

/// components.schemas: the shared schemas the answers reference as #/components/schemas/<Name>.
nlohmann::json response_components();

// The groups (one file each).
std::span<const ResponseSchemaText> patient_response_schemas();        ///< /api/patients...: the record
std::span<const ResponseSchemaText> patient_care_response_schemas();   ///< /api/patients/{id}/...: care
std::span<const ResponseSchemaText> clinic_response_schemas();         ///< the clinic's other /api routes
std::span<const ResponseSchemaText> clinic_record_response_schemas();  ///< notes, programs, recordings...
std::span<const ResponseSchemaText> access_response_schemas();   ///< sign-in, SMART, OAuth, the API itself
std::span<const ResponseSchemaText> shared_component_schemas();  ///< key = the component's name
std::span<const ResponseSchemaText> clinic_component_schemas();  ///< settings and accounts; key as above
std::optional<nlohmann::json> fhir_response_schema(const std::string& method, const std::string& pattern);
nlohmann::json fhir_components();

}  // namespace physio::server
