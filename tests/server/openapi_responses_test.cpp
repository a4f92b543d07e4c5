// The OpenAPI document's response schemas (src/server/app/openapi_responses*.cpp): every route answering
// JSON has one, none names a route that does not exist, and every $ref resolves. Whether they are true is
// tests/openapi/responses.mjs's job (live answers validated against them).
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "server/app/openapi.hpp"
#include "server/app/openapi_responses.hpp"
#include "server/app/route_table.hpp"

namespace physio {
namespace {

using json = nlohmann::json;

bool answers_json(const server::Route& r) {
  return r.method != "WS" && (r.produces == "application/json" || r.produces == "application/fhir+json");
}

TEST(OpenApiResponses, EveryJsonRouteHasAResponseSchema) {
  std::size_t described = 0;
  for (const auto& r : server::api_routes()) {
    if (!answers_json(r)) continue;
    const auto schema = server::response_schema(r.method, r.pattern);
    EXPECT_TRUE(schema.has_value()) << r.method << " " << r.pattern
                                    << ": add its answer's schema to src/server/app/openapi_responses_*.cpp";
    if (schema) {
      EXPECT_TRUE(schema->is_object() && !schema->empty()) << r.method << " " << r.pattern;
      ++described;
    }
  }
  EXPECT_GT(described, 200u);
}

TEST(OpenApiResponses, EverySchemaNamesARouteAnsweringJson) {
  std::set<std::string> json_routes;
  for (const auto& r : server::api_routes())
    if (answers_json(r)) json_routes.insert(r.method + " " + r.pattern);
  for (auto group : {server::patient_response_schemas(), server::patient_care_response_schemas(),
                     server::clinic_response_schemas(), server::clinic_record_response_schemas(),
                     server::access_response_schemas()})
    for (const auto& s : group)
      EXPECT_TRUE(json_routes.contains(std::string(s.key))) << s.key << " is no route answering JSON";
}

TEST(OpenApiResponses, TheDocumentUsesThemAndEveryReferenceResolves) {
  const json doc = server::openapi_document();
  const json& schemas = doc["components"]["schemas"];
  for (const auto& r : server::api_routes()) {
    if (!answers_json(r)) continue;
    std::string m = r.method;
    for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json& ok = doc["paths"][r.pattern][m]["responses"]["200"]["content"][r.produces]["schema"];
    const auto declared = server::response_schema(r.method, r.pattern);
    ASSERT_TRUE(declared.has_value()) << r.method << " " << r.pattern << " has no response schema";
    EXPECT_EQ(ok, *declared) << r.method << " " << r.pattern;
  }
  std::size_t refs = 0;
  std::function<void(const json&, const std::string&)> walk = [&](const json& j, const std::string& where) {
    if (j.is_object()) {
      if (j.contains("$ref") && j["$ref"].is_string()) {
        const std::string ref = j["$ref"];
        const std::string prefix = "#/components/schemas/";
        ++refs;
        EXPECT_TRUE(ref.starts_with(prefix) && schemas.contains(ref.substr(prefix.size())))
            << ref << " at " << where;
      }
      for (const auto& [k, v] : j.items()) walk(v, where + "/" + k);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v, where);
    }
  };
  walk(doc, "");
  EXPECT_GT(refs, 100u);
  // A FHIR search is a searchset Bundle whose matches are the searched type; a read is the type.
  const json search = *server::response_schema("GET", "/fhir/Observation");
  EXPECT_EQ(search["properties"]["type"]["const"], "searchset");
  EXPECT_EQ(search["properties"]["entry"]["items"]["then"]["properties"]["resource"]["$ref"],
            "#/components/schemas/FhirObservation");
  EXPECT_EQ((*server::response_schema("GET", "/fhir/Patient/{id}"))["$ref"],
            "#/components/schemas/FhirPatient");
  EXPECT_EQ(schemas["FhirPatient"]["properties"]["resourceType"]["const"], "Patient");
}

}  // namespace
}  // namespace physio
