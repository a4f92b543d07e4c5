#pragma once
/// The values at a dotted element path of a resource ("code.coding", "name.given"), arrays flattened at
/// every step, as FHIRPath does for simple paths. Used by search to find what a parameter matches.

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace physio::fhir {

/// Every value at `path` under `node` (pointers into `node`); empty when the path is absent.
std::vector<const nlohmann::json*> values_at(const nlohmann::json& node, std::string_view path);

}  // namespace physio::fhir
