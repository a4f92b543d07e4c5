#pragma once
// Internal to the fhir module: the small JSON pieces every resource builder uses (resources*.cpp).

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace physio::fhir {

/// {"system", "code", "display"} (display left out when empty).
nlohmann::json coding(std::string_view system, std::string_view code, std::string_view display = {});
/// A CodeableConcept of one coding, with its text when given.
nlohmann::json concept_of(nlohmann::json c, std::string_view text = {});
/// {"lastUpdated": instant}.
nlohmann::json meta(TimeUs updated);
/// A record id as the store writes them: 1-64 lowercase hex digits.
bool is_hex_id(std::string_view s);

}  // namespace physio::fhir
