#include "fhir/capability.hpp"

#include "fhir/search.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

std::string_view type_code(ParamType t) {
  switch (t) {
    case ParamType::kToken:
      return "token";
    case ParamType::kString:
      return "string";
    case ParamType::kDate:
      return "date";
    case ParamType::kReference:
      return "reference";
    case ParamType::kUri:
      return "uri";
  }
  return "special";
}

}  // namespace

nlohmann::json capability_statement(std::string_view base, std::string_view software_version,
                                    std::string_view date) {
  json resources = json::array();
  for (const auto& t : resource_types()) {
    json params = json::array();
    for (const auto& p : t.params) {
      json param = {{"name", p.name}, {"type", type_code(p.type)}, {"documentation", p.description}};
      if (auto d = r4_search_parameter(t.name, p.name); !d.empty())
        param["definition"] = d;
      else
        param["documentation"] =
            p.description + " (this server's own parameter: FHIR R4 defines none of this name here)";
      params.push_back(std::move(param));
    }
    params.push_back(
        {{"name", "_count"}, {"type", "number"}, {"documentation", "page size, 1-500 (default 50)"}});
    // Writes (docs/server/fhir.md, "Writes"): Observation create and update of entered measurements,
    // Patient update; both versioned, If-Match honoured.
    // Every resource answers vread and its instance history (its kept versions: every version of a
    // Patient's demographics and of a CarePlan's program, another resource its current one) with ETag and
    // Last-Modified.
    json interactions = json::array(
        {{{"code", "read"}}, {{"code", "vread"}}, {{"code", "history-instance"}}, {{"code", "search-type"}}});
    const bool writable = t.name == "Observation" || t.name == "Patient";
    if (t.name == "Observation") interactions.push_back({{"code", "create"}});
    if (writable) interactions.push_back({{"code", "update"}});
    json includes = json::array();
    for (const auto& p : t.params)
      if (p.type == ParamType::kReference) includes.push_back(t.name + ":" + p.name);
    json r = {{"type", t.name},
              {"interaction", interactions},
              {"versioning", writable ? "versioned-update" : "versioned"},
              {"readHistory", t.name == "CarePlan" || t.name == "Patient"},
              {"updateCreate", false},
              {"conditionalCreate", false},
              {"conditionalUpdate", false},
              {"conditionalDelete", "not-supported"},
              {"searchRevInclude", json::array({"Provenance:target"})},
              {"searchParam", params}};
    if (!includes.empty()) r["searchInclude"] = includes;
    if (t.name == "Patient")
      r["operation"] = json::array(
          {{{"name", "everything"},
            {"definition", "http://hl7.org/fhir/OperationDefinition/Patient-everything"}},
           {{"name", "export"},
            {"definition", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}}});
    if (t.compartment)
      r["documentation"] =
          "In the Patient compartment: a patient sees only their own; staff the patients of their clinic "
          "(patient=<id> narrows it to one)";
    resources.push_back(r);
  }
  resources.push_back(
      {{"type", "Binary"},
       {"interaction", json::array({{{"code", "read"}}})},
       {"documentation",
        "Binary/<note id> is a signed note as a PDF (DocumentReference.content[1].attachment.url): "
        "application/pdf, or the Binary resource with Accept: application/fhir+json; readable by whoever "
        "may read the note"}});
  resources.push_back(
      {{"type", "Group"},
       {"documentation", "Group/<clinic id> is every patient of the clinic, for bulk export only"},
       {"operation", json::array({{{"name", "export"},
                                   {"definition",
                                    "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"}}})}});
  const std::string origin(base.ends_with("/fhir") ? base.substr(0, base.size() - 5) : base);
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", date},
      {"publisher", "physiokit"},
      {"kind", "instance"},
      {"software", {{"name", "physiokit"}, {"version", software_version}}},
      {"implementation", {{"description", "physiokit clinic server FHIR R4 API"}, {"url", base}}},
      {"fhirVersion", "4.0.1"},
      {"format", json::array({"application/fhir+json", "json"})},
      {"rest",
       json::array(
           {{{"mode", "server"},
             {"documentation",
              "Read and search over the clinic's records with the same sign-in session and authorization "
              "as the app; Observation create and update of entered measurements, Patient update; bulk "
              "export with Prefer: respond-async (docs/server/fhir.md)."},
             {"security",
              {{"cors", false},
               {"service",
                json::array(
                    {{{"coding", json::array({{{"system",
                                                "http://terminology.hl7.org/CodeSystem/"
                                                "restful-security-service"},
                                               {"code", "SMART-on-FHIR"}}})},
                      {"text", "OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"}}})},
               {"extension",
                json::array(
                    {{{"url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"},
                      {"extension",
                       json::array({{{"url", "authorize"}, {"valueUri", origin + "/oauth/authorize"}},
                                    {{"url", "token"}, {"valueUri", origin + "/oauth/token"}},
                                    {{"url", "introspect"}, {"valueUri", origin + "/oauth/introspect"}},
                                    {{"url", "revoke"}, {"valueUri", origin + "/oauth/revoke"}}})}}})},
               {"description",
                "SMART on FHIR access tokens (Authorization: Bearer; docs/server/smart.md), narrowed by "
                "their "
                "scopes, or the app's session cookie (physio_session, from POST /api/login with a second "
                "factor for staff) with X-CSRF-Token on writes. A record outside the caller's reach is "
                "404."}}},
             {"resource", resources},
             {"searchParam", json::array({{{"name", "_sort"},
                                           {"type", "special"},
                                           {"documentation",
                                            "_lastUpdated, _id or a date parameter of the type; -name "
                                            "for descending"}},
                                          {{"name", "_summary"},
                                           {"type", "special"},
                                           {"documentation", "true, text, data, count, false"}},
                                          {{"name", "_elements"},
                                           {"type", "special"},
                                           {"documentation",
                                            "top-level elements to return (mandatory ones always)"}}})}}})}};
}

}  // namespace physio::fhir
