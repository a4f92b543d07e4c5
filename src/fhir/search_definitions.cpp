// The FHIR R4 SearchParameter each of this server's search parameters implements (search.hpp:
// r4_search_parameter), by the ids of the R4 specification's search-parameters.json: "clinical-*" and
// "individual-*" where R4 shares one definition between several types, "<Type>-<name>" otherwise.
#include <map>
#include <string>

#include "fhir/search.hpp"

namespace physio::fhir {

std::string r4_search_parameter(std::string_view type, std::string_view param) {
  if (param == "_id") return "http://hl7.org/fhir/SearchParameter/Resource-id";
  if (param == "_lastUpdated") return "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated";
  static const std::map<std::string, std::string, std::less<>> shared = {
      {"Patient.family", "individual-family"},
      {"Patient.given", "individual-given"},
      {"Patient.birthdate", "individual-birthdate"},
      {"Patient.gender", "individual-gender"},
      {"Practitioner.email", "individual-email"},
      {"Condition.patient", "clinical-patient"},
      {"Condition.code", "clinical-code"},
      {"Goal.patient", "clinical-patient"},
      {"CarePlan.patient", "clinical-patient"},
      {"CarePlan.date", "clinical-date"},
      {"Observation.patient", "clinical-patient"},
      {"Observation.code", "clinical-code"},
      {"Observation.date", "clinical-date"},
      {"Composition.patient", "clinical-patient"},
      {"Composition.type", "clinical-type"},
      {"Composition.date", "clinical-date"},
      {"RiskAssessment.patient", "clinical-patient"},
      {"RiskAssessment.date", "clinical-date"},
      {"Consent.patient", "clinical-patient"},
      {"Consent.date", "clinical-date"},
      {"Encounter.patient", "clinical-patient"},
      {"Encounter.date", "clinical-date"},
      {"DocumentReference.patient", "clinical-patient"},
      {"DocumentReference.type", "clinical-type"},
      {"CodeSystem.url", "conformance-url"},
      {"CodeSystem.status", "conformance-status"},
  };
  // This server's own parameters: R4 has none of these names on these types.
  static const std::map<std::string, int, std::less<>> own = {
      {"CarePlan.author", 0}, {"RiskAssessment.status", 0}, {"RiskAssessment.code", 0}};
  const std::string key = std::string(type) + "." + std::string(param);
  if (own.contains(key)) return "";
  if (auto it = shared.find(key); it != shared.end())
    return "http://hl7.org/fhir/SearchParameter/" + it->second;
  return "http://hl7.org/fhir/SearchParameter/" + std::string(type) + "-" + std::string(param);
}

}  // namespace physio::fhir
