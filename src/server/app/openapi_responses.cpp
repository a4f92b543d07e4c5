// The response schemas' lookup: every group's texts parsed once into one map.
#include "server/app/openapi_responses.hpp"

#include <map>
#include <stdexcept>

namespace physio::server {
namespace {

using json = nlohmann::json;

const std::map<std::string, json, std::less<>>& all_schemas() {
  static const auto all = [] {
    std::map<std::string, json, std::less<>> m;
    for (auto group : {patient_response_schemas(), patient_care_response_schemas(), clinic_response_schemas(),
                       clinic_record_response_schemas(), access_response_schemas()})
      for (const auto& s : group) {
        // A malformed text is a programming error the tests meet first: say which one.
        json parsed = json::parse(s.schema, nullptr, false);
        if (parsed.is_discarded())
          throw std::logic_error("openapi response schema is not JSON: " + std::string(s.key));
        if (!m.emplace(std::string(s.key), std::move(parsed)).second)
          throw std::logic_error("openapi response schema given twice: " + std::string(s.key));
      }
    return m;
  }();
  return all;
}

}  // namespace

std::optional<json> response_schema(const std::string& method, const std::string& pattern) {
  if (auto f = fhir_response_schema(method, pattern)) return f;
  const auto it = all_schemas().find(method + " " + pattern);
  if (it == all_schemas().end()) return std::nullopt;
  return it->second;
}

json response_components() {
  json out = fhir_components();
  for (const auto group : {shared_component_schemas(), clinic_component_schemas()}) {
    for (const auto& s : group) {
      json parsed = json::parse(s.schema, nullptr, false);
      if (parsed.is_discarded())
        throw std::logic_error("openapi component schema is not JSON: " + std::string(s.key));
      if (out.contains(s.key))
        throw std::logic_error("openapi component schema given twice: " + std::string(s.key));
      out[std::string(s.key)] = std::move(parsed);
    }
  }
  return out;
}

}  // namespace physio::server
