#pragma once
/// The registration details as the API reads and writes them (docs/server/patient-admin.md, "Registration
/// details"): shared by the staff's routes (api_registration.cpp) and the patient's own
/// (api_own_details.cpp).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/registration.hpp"
#include "server/http/body_schema.hpp"
#include "store/patient_registration.hpp"

namespace physio::server {

/// Every field as a string, "updated" (ISO time or null).
nlohmann::json registration_json(const store::RegistrationRow& r);

/// The body fields for `names` (all fields when empty), each optional; "" clears.
std::vector<FieldSpec> registration_field_specs(const std::vector<std::string>& names = {});

/// Takes each field of `body` that `allowed` names (every field when empty) into `r`; the names of the fields
/// whose value changed, ", "-separated ("" when none).
std::string take_registration_fields(const nlohmann::json& body, clinic::Registration& r,
                                     const std::vector<std::string>& allowed = {});

/// The check of a "registration" object inside another body (POST /api/patients): every key a field of
/// Registration with a string value its check accepts, and the rules between fields; the problem's field is
/// the path below the object ("/city").
std::optional<BodyProblem> registration_object_problem(const nlohmann::json& j);

}  // namespace physio::server
