#pragma once
/// The human-readable narrative of a resource (Resource.text, status "generated"): what the resource says,
/// in a few labelled lines of XHTML made from its own elements, so that a reader without physiokit's
/// mapping sees the same content (FHIR dom-6: a resource should have narrative). Only the elements the
/// FHIR XHTML rules allow (div, p, b, br), every value escaped.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace physio::fhir {

/// `r` with a generated narrative when it has none (a resource that already holds text keeps it).
nlohmann::json with_narrative(nlohmann::json r);

/// The XHTML div of labelled lines ("Status: final"); labels and values are escaped here.
std::string narrative_div(std::string_view title,
                          const std::vector<std::pair<std::string, std::string>>& lines);

/// The words of one element value: a string as is, a number as written, a Quantity as "value unit", a
/// CodeableConcept by its text or first coding's display or code, a Reference by its display or reference.
std::string value_words(const nlohmann::json& v);

}  // namespace physio::fhir
