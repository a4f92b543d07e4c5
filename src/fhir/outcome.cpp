#include "fhir/outcome.hpp"

namespace physio::fhir {

nlohmann::json operation_outcome(const Problem& p, std::string_view severity) {
  nlohmann::json issue = {{"severity", severity}, {"code", p.code}, {"diagnostics", p.message}};
  if (!p.expression.empty()) issue["expression"] = nlohmann::json::array({p.expression});
  return {{"resourceType", "OperationOutcome"}, {"issue", nlohmann::json::array({issue})}};
}

std::string_view issue_code_for_status(int status) {
  switch (status) {
    case 401:
      return "login";
    case 403:
      return "forbidden";
    case 404:
    case 410:
      return "not-found";
    case 405:
    case 406:
    case 415:
      return "not-supported";
    case 409:
      return "conflict";
    case 413:
      return "too-costly";
    case 422:
      return "business-rule";
    case 429:
      return "throttled";
    default:
      return status >= 500 ? "exception" : "invalid";
  }
}

}  // namespace physio::fhir
