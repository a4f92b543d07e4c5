#pragma once
/// _summary and _elements: a resource cut down to what the client asked for. The summary elements and the
/// mandatory elements of each type are those of the R4 StructureDefinitions (isSummary, min > 0); mandatory
/// elements are always kept so that what is returned stays valid, and a cut-down resource carries the
/// SUBSETTED tag (http://terminology.hl7.org/CodeSystem/v3-ObservationValue).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace physio::fhir {

/// The `_summary` modes: "true" (the summary elements), "text" (text, id, meta and the mandatory elements),
/// "data" (everything but the narrative), "count" (no resources, the total only), "false" (everything).
bool is_summary_mode(std::string_view mode);

/// `r` as `_summary=mode` (unless empty) and `_elements` (unless empty) ask; `r` itself when neither cuts
/// anything.
nlohmann::json subset(const nlohmann::json& r, std::string_view summary,
                      const std::vector<std::string>& elements);

}  // namespace physio::fhir
