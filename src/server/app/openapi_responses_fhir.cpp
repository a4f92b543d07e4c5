// The FHIR routes' answers: each resource type the server serves as a component schema, Fhir<Type>
// (resourceType as a const, the elements R4 makes mandatory and the main ones it fills, typed), and a route's
// schema follows from its pattern: a search is a searchset Bundle whose matches are the type, a read or vread
// is the type, _history is a history Bundle. Not the whole FHIR JSON schema: tests/fhir_conformance validates
// resources against the official one.
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "server/app/openapi_responses.hpp"

namespace physio::server {
namespace {

using json = nlohmann::json;

json schema_ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}
json fhir_array_of(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}
const json kFhirString = {{"type", "string"}};
const json kFhirBoolean = {{"type", "boolean"}};

// An element's schema from a short word: string, boolean, integer, number, a datatype component (Reference,
// CodeableConcept, ...) or one of those followed by [] for a list.
json fhir_element(std::string kind) {
  const bool list = kind.ends_with("[]");
  if (list) kind.resize(kind.size() - 2);
  json one =
      kind == "string" || kind == "boolean" || kind == "integer" || kind == "number" || kind == "object"
          ? json{{"type", kind}}
          : schema_ref("Fhir" + kind);
  return list ? fhir_array_of(one) : one;
}

struct ResourceSpec {
  const char* type;
  std::vector<std::string> required;                          // besides resourceType and id
  std::vector<std::pair<std::string, std::string>> elements;  // name, kind
  const char* about;
};

const std::vector<ResourceSpec>& resource_specs() {
  static const std::vector<ResourceSpec> specs = {
      {"Patient",
       {},
       {{"identifier", "Identifier[]"},
        {"active", "boolean"},
        {"name", "HumanName[]"},
        {"gender", "string"},
        {"birthDate", "string"},
        {"managingOrganization", "Reference"},
        {"communication", "object[]"},
        {"telecom", "object[]"},
        {"address", "object[]"}},
       "a patient of the clinic"},
      {"Practitioner",
       {},
       {{"identifier", "Identifier[]"},
        {"active", "boolean"},
        {"name", "HumanName[]"},
        {"telecom", "object[]"}},
       "a member of staff"},
      {"PractitionerRole",
       {},
       {{"active", "boolean"},
        {"practitioner", "Reference"},
        {"organization", "Reference"},
        {"code", "CodeableConcept[]"}},
       "a member of staff's role at the clinic"},
      {"Organization",
       {},
       {{"active", "boolean"}, {"name", "string"}, {"type", "CodeableConcept[]"}},
       "the clinic"},
      {"Location",
       {},
       {{"status", "string"},
        {"name", "string"},
        {"mode", "string"},
        {"type", "CodeableConcept[]"},
        {"physicalType", "CodeableConcept"},
        {"managingOrganization", "Reference"},
        {"partOf", "Reference"}},
       "the clinic's site, or one of its rooms (partOf the site)"},
      {"Appointment",
       {"status", "participant"},
       {{"status", "string"},
        {"start", "string"},
        {"end", "string"},
        {"minutesDuration", "integer"},
        {"created", "string"},
        {"description", "string"},
        {"participant", "object[]"}},
       "an appointment (minutesDuration in minutes)"},
      {"Encounter",
       {"status", "class"},
       {{"status", "string"},
        {"class", "Coding"},
        {"type", "CodeableConcept[]"},
        {"subject", "Reference"},
        {"period", "Period"},
        {"appointment", "Reference[]"},
        {"participant", "object[]"},
        {"serviceProvider", "Reference"}},
       "a visit that took place"},
      {"Observation",
       {"status", "code"},
       {{"status", "string"},
        {"category", "CodeableConcept[]"},
        {"code", "CodeableConcept"},
        {"subject", "Reference"},
        {"effectiveDateTime", "string"},
        {"issued", "string"},
        {"valueQuantity", "Quantity"},
        {"bodySite", "CodeableConcept"},
        {"method", "CodeableConcept"},
        {"device", "Reference"},
        {"performer", "Reference[]"}},
       "a measure; valueQuantity carries its UCUM unit (codes and units: docs/metrics/observations.md)"},
      {"Condition",
       {"subject"},
       {{"clinicalStatus", "CodeableConcept"},
        {"verificationStatus", "CodeableConcept"},
        {"category", "CodeableConcept[]"},
        {"code", "CodeableConcept"},
        {"bodySite", "CodeableConcept[]"},
        {"subject", "Reference"},
        {"recordedDate", "string"}},
       "an episode's condition"},
      {"CarePlan",
       {"status", "intent", "subject"},
       {{"status", "string"},
        {"intent", "string"},
        {"category", "CodeableConcept[]"},
        {"title", "string"},
        {"subject", "Reference"},
        {"created", "string"},
        {"author", "Reference"},
        {"activity", "object[]"}},
       "a home exercise program"},
      {"Goal",
       {"lifecycleStatus", "description", "subject"},
       {{"lifecycleStatus", "string"},
        {"description", "CodeableConcept"},
        {"subject", "Reference"},
        {"addresses", "Reference[]"}},
       "an episode's goal"},
      {"Consent",
       {"status", "scope", "category"},
       {{"status", "string"},
        {"scope", "CodeableConcept"},
        {"category", "CodeableConcept[]"},
        {"patient", "Reference"},
        {"dateTime", "string"},
        {"performer", "Reference[]"},
        {"organization", "Reference[]"},
        {"policy", "object[]"},
        {"policyRule", "CodeableConcept"},
        {"provision", "object"}},
       "a consent given or withdrawn"},
      {"Composition",
       {"status", "type", "date", "author", "title"},
       {{"status", "string"},
        {"type", "CodeableConcept"},
        {"subject", "Reference"},
        {"date", "string"},
        {"author", "Reference[]"},
        {"title", "string"},
        {"section", "object[]"}},
       "a signed clinical note"},
      {"DocumentReference",
       {"status", "content"},
       {{"status", "string"},
        {"type", "CodeableConcept"},
        {"subject", "Reference"},
        {"date", "string"},
        {"content", "object[]"}},
       "a document of the record (a note's text, a report)"},
      {"QuestionnaireResponse",
       {"status"},
       {{"status", "string"},
        {"questionnaire", "string"},
        {"subject", "Reference"},
        {"authored", "string"},
        {"author", "Reference"},
        {"source", "Reference"},
        {"item", "object[]"}},
       "a completed outcome measure"},
      {"Questionnaire",
       {"status"},
       {{"url", "string"},
        {"version", "string"},
        {"name", "string"},
        {"title", "string"},
        {"status", "string"},
        {"subjectType", "string[]"},
        {"description", "string"},
        {"copyright", "string"},
        {"item", "object[]"}},
       "an outcome-measure instrument"},
      {"RiskAssessment",
       {"status", "subject"},
       {{"status", "string"},
        {"method", "CodeableConcept"},
        {"code", "CodeableConcept"},
        {"subject", "Reference"},
        {"occurrenceDateTime", "string"},
        {"basis", "Reference[]"},
        {"prediction", "object[]"},
        {"mitigation", "string"}},
       "a risk flag (docs/server/risk.md); prediction[].probabilityDecimal is a probability from 0 to 1"},
      {"Provenance",
       {"target", "recorded", "agent"},
       {{"target", "Reference[]"},
        {"recorded", "string"},
        {"activity", "CodeableConcept"},
        {"reason", "CodeableConcept[]"},
        {"agent", "object[]"},
        {"entity", "object[]"}},
       "who made a resource and from what"},
      {"AuditEvent",
       {"type", "recorded", "agent", "source"},
       {{"type", "Coding"},
        {"subtype", "Coding[]"},
        {"action", "string"},
        {"recorded", "string"},
        {"outcome", "string"},
        {"outcomeDesc", "string"},
        {"agent", "object[]"},
        {"source", "object"},
        {"entity", "object[]"}},
       "an entry of the access log"},
      {"Device",
       {},
       {{"status", "string"},
        {"manufacturer", "string"},
        {"deviceName", "object[]"},
        {"type", "CodeableConcept"},
        {"version", "object[]"}},
       "the software that measured"},
      {"CodeSystem",
       {"status", "content"},
       {{"url", "string"},
        {"version", "string"},
        {"name", "string"},
        {"title", "string"},
        {"status", "string"},
        {"experimental", "boolean"},
        {"publisher", "string"},
        {"description", "string"},
        {"caseSensitive", "boolean"},
        {"content", "string"},
        {"count", "integer"},
        {"concept", "object[]"},
        {"property", "object[]"}},
       "the server's own codes"},
      {"CapabilityStatement",
       {"status", "date", "kind", "fhirVersion", "format"},
       {{"status", "string"},
        {"date", "string"},
        {"publisher", "string"},
        {"kind", "string"},
        {"software", "object"},
        {"implementation", "object"},
        {"fhirVersion", "string"},
        {"format", "string[]"},
        {"rest", "object[]"}},
       "what this server supports"},
  };
  return specs;
}

json resource_schema(const ResourceSpec& s) {
  json required = json::array({"resourceType"});
  if (std::string(s.type) != "CapabilityStatement") required.push_back("id");
  for (const auto& r : s.required) required.push_back(r);
  json props = {{"resourceType", {{"const", s.type}}},
                {"id", kFhirString},
                {"meta", schema_ref("FhirMeta")},
                {"text", schema_ref("FhirNarrative")},
                {"extension", fhir_array_of({{"type", "object"}})}};
  for (const auto& [name, kind] : s.elements) props[name] = fhir_element(kind);
  return {{"type", "object"},
          {"description", std::string("FHIR R4 ") + s.type + ": " + s.about + " (https://hl7.org/fhir/R4/" +
                              [&] {
                                std::string l = s.type;
                                for (auto& c : l)
                                  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                                return l;
                              }() +
                              ".html)"},
          {"required", required},
          {"properties", props}};
}

json fhir_datatypes() {
  auto object = [](json props, json required = json::array()) {
    json o = {{"type", "object"}, {"properties", std::move(props)}};
    if (!required.empty()) o["required"] = std::move(required);
    return o;
  };
  return {
      {"FhirMeta", object({{"versionId", kFhirString},
                           {"lastUpdated", kFhirString},
                           {"profile", fhir_array_of(kFhirString)}})},
      {"FhirNarrative", object({{"status", kFhirString}, {"div", kFhirString}}, {"status", "div"})},
      {"FhirReference",
       object({{"reference", kFhirString}, {"display", kFhirString}, {"type", kFhirString}})},
      {"FhirCoding", object({{"system", kFhirString}, {"code", kFhirString}, {"display", kFhirString}})},
      {"FhirCodeableConcept",
       object({{"coding", fhir_array_of(schema_ref("FhirCoding"))}, {"text", kFhirString}})},
      {"FhirIdentifier", object({{"system", kFhirString}, {"value", kFhirString}})},
      {"FhirHumanName",
       object({{"family", kFhirString}, {"given", fhir_array_of(kFhirString)}, {"text", kFhirString}})},
      {"FhirPeriod", object({{"start", kFhirString}, {"end", kFhirString}})},
      {"FhirQuantity",
       {{"type", "object"},
        {"description", "a value with its UCUM unit: `unit` as shown, `code` the UCUM code"},
        {"properties",
         {{"value", {{"type", "number"}}},
          {"unit", kFhirString},
          {"system", kFhirString},
          {"code", kFhirString}}}}},
      {"FhirResource",
       {{"type", "object"},
        {"description", "any FHIR R4 resource this server serves"},
        {"required", json::array({"resourceType"})},
        {"properties",
         {{"resourceType", kFhirString}, {"id", kFhirString}, {"meta", schema_ref("FhirMeta")}}}}},
  };
}

// A Bundle of the given type whose entries' resources are `matches` (a search's matches; an _include'd or
// OperationOutcome entry is any resource).
json fhir_bundle(const std::string& type, const json& matches) {
  json entry = {{"type", "object"},
                {"properties",
                 {{"fullUrl", kFhirString},
                  {"resource", schema_ref("FhirResource")},
                  {"search", {{"type", "object"}, {"properties", {{"mode", kFhirString}}}}},
                  {"request", {{"type", "object"}}},
                  {"response", {{"type", "object"}}}}}};
  if (type == "searchset")
    entry["if"] = {{"required", json::array({"search"})},
                   {"properties", {{"search", {{"properties", {{"mode", {{"const", "match"}}}}}}}}}};
  if (type == "searchset") entry["then"] = {{"properties", {{"resource", matches}}}};
  if (type == "history") entry["properties"]["resource"] = matches;
  return {{"type", "object"},
          {"description", "a FHIR R4 Bundle (" + type + ")"},
          {"required", json::array({"resourceType", "type"})},
          {"properties",
           {{"resourceType", {{"const", "Bundle"}}},
            {"type", {{"const", type}}},
            {"total", {{"type", "integer"}, {"description", "how many resources match (a count)"}}},
            {"link", fhir_array_of({{"type", "object"},
                                    {"required", json::array({"relation", "url"})},
                                    {"properties", {{"relation", kFhirString}, {"url", kFhirString}}}})},
            {"entry", fhir_array_of(entry)}}}};
}

bool served_type(const std::string& t) {
  for (const auto& s : resource_specs())
    if (s.type == t) return true;
  return false;
}

}  // namespace

json fhir_components() {
  json out = fhir_datatypes();
  for (const auto& s : resource_specs()) out[std::string("Fhir") + s.type] = resource_schema(s);
  return out;
}

std::optional<json> fhir_response_schema(const std::string& method, const std::string& pattern) {
  if (!pattern.starts_with("/fhir/")) return std::nullopt;
  const std::string rest = pattern.substr(6);
  if (method == "GET" && rest == "metadata") return schema_ref("FhirCapabilityStatement");
  if (rest == "Patient/$export" || rest == "Group/{id}/$export")
    return json{{"allOf", json::array({schema_ref("OperationOutcome")})},
                {"description", "202 Accepted: the export started; poll the Content-Location header's URL"}};
  if (rest == "$export-status/{id}" && method == "GET")
    return json{
        {"type", "object"},
        {"description",
         "the Bulk Data manifest (200 once complete; 202 with X-Progress and no body while running)"},
        {"required", json::array({"transactionTime", "request", "requiresAccessToken", "output", "error"})},
        {"properties",
         {{"transactionTime", kFhirString},
          {"request", kFhirString},
          {"requiresAccessToken", kFhirBoolean},
          {"output",
           fhir_array_of({{"type", "object"},
                          {"required", json::array({"type", "url", "count"})},
                          {"properties",
                           {{"type", kFhirString},
                            {"url", kFhirString},
                            {"count", {{"type", "integer"}, {"description", "resources in the file"}}}}}})},
          {"error", fhir_array_of({{"type", "object"}})}}}};
  if (rest == "$export-status/{id}" && method == "DELETE")
    return json{{"description", "202 Accepted with no body: the export is cancelled and its files deleted"}};
  if (rest == "Patient/{id}/$everything") return fhir_bundle("searchset", schema_ref("FhirResource"));
  const auto slash = rest.find('/');
  const std::string type = rest.substr(0, slash);
  if (!served_type(type)) return std::nullopt;
  const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
  const json resource = schema_ref("Fhir" + type);
  if (tail.empty() && method == "GET") return fhir_bundle("searchset", resource);
  if (tail.empty() && method == "POST") return resource;
  if (tail == "/{id}" || tail == "/{id}/_history/{vid}") return resource;
  if (tail == "/{id}/_history") return fhir_bundle("history", resource);
  return std::nullopt;
}

}  // namespace physio::server
