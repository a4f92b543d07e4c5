#pragma once
/// OperationOutcome: how the FHIR API says what went wrong, in words, naming the parameter or element.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace physio::fhir {

/// One problem with a request: the HTTP status, the FHIR issue type (http://hl7.org/fhir/issue-type:
/// "invalid", "not-supported", "not-found", "forbidden", "login", "too-costly", "processing", ...), the
/// message and, when one parameter or element is at fault, its name ("_count", "Observation.subject").
struct Problem {
  int status = 400;
  std::string code = "invalid";
  std::string message;
  std::string expression;
};

/// `{"resourceType": "OperationOutcome", "issue": [{"severity": "error"|"information", "code", "diagnostics",
/// "expression"?}]}`.
nlohmann::json operation_outcome(const Problem& p, std::string_view severity = "error");

/// The issue type that fits an HTTP status (401 login, 403 forbidden, 404 not-found, 405/406/415
/// not-supported, 409 conflict, 413 too-costly, 422 business-rule, 429 throttled, 5xx exception, else
/// invalid).
std::string_view issue_code_for_status(int status);

}  // namespace physio::fhir
