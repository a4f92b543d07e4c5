#pragma once
/// The CapabilityStatement served at /fhir/metadata, generated from the search table (search.hpp) so it
/// lists exactly the types, parameters, includes and operations the server answers.

#include <string_view>

#include <nlohmann/json.hpp>

namespace physio::fhir {

/// `base`: the absolute FHIR base URL; `software_version`: physiokit's version; `date`: a FHIR dateTime.
nlohmann::json capability_statement(std::string_view base, std::string_view software_version,
                                    std::string_view date);

}  // namespace physio::fhir
