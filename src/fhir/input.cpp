#include "fhir/input.hpp"

#include <cmath>

#include <fmt/format.h>

#include "clinic/registration.hpp"
#include "clinic/validation.hpp"
#include "fhir/codes.hpp"
#include "fhir/search.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

std::unexpected<Problem> bad(std::string expression, std::string message) {
  return std::unexpected(Problem{400, "invalid", std::move(message), std::move(expression)});
}

std::unexpected<Problem> unprocessable(std::string expression, std::string message) {
  return std::unexpected(Problem{422, "business-rule", std::move(message), std::move(expression)});
}

/// The string at `key` of `j` ("" when absent or not a string).
std::string text_at(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && !j[key].is_null();
}

std::string join_codes() {
  std::string out;
  for (const auto& c : writable_observation_codes()) {
    if (!out.empty()) out += ", ";
    out += (c.system == kLoinc ? "LOINC " : "") + c.code;
  }
  return out;
}

}  // namespace

const std::vector<WritableCode>& writable_observation_codes() {
  // Ranges are plausibility bounds, not norms: wide enough for any person who can do the test, narrow
  // enough to catch a value in the wrong unit (TUG in minutes, speed in km/h, flexion in radians).
  static const std::vector<WritableCode> codes = {
      {std::string(kLoinc), "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
       "{score}", 0, 10, true},
      {std::string(kLoinc), "89423-8", "Timed Up and Go", "s", 1, 600, false},
      {std::string(kLoinc), "66247-8", "30-second chair stand", "{#}", 0, 60, true},
      {std::string(kLoinc), "41343-5", "Knee - left Flexion Active Range of Motion", "deg", -30, 170, false,
       "knee", "left"},
      {std::string(kLoinc), "41347-6", "Knee - right Flexion Active Range of Motion", "deg", -30, 170, false,
       "knee", "right"},
      {std::string(kMeasuresSystem), "five-times-sit-to-stand", "Five times sit-to-stand", "s", 2, 300,
       false},
      {std::string(kMeasuresSystem), "gait-speed", "Walking speed", "m/s", 0.01, 3, false},
      {std::string(kMeasuresSystem), "gait-cadence", "Cadence", "/min", 10, 250, false},
      {std::string(kMeasuresSystem), "gait-stride-length", "Stride length", "m", 0.05, 3, false},
  };
  return codes;
}

/// The elements every R4 DomainResource has (Resource + DomainResource), then the type's own.
static std::vector<Element> domain_resource_plus(std::initializer_list<Element> own) {
  std::vector<Element> e = {{"resourceType", 's'},  {"id", 's'},        {"meta", 'o'},
                            {"implicitRules", 's'}, {"language", 's'},  {"text", 'o'},
                            {"contained", 'a'},     {"extension", 'a'}, {"modifierExtension", 'a'}};
  e.insert(e.end(), own);
  return e;
}

const std::vector<Element>& observation_elements() {
  static const std::vector<Element> e = domain_resource_plus({
      {"identifier", 'a'},
      {"basedOn", 'a'},
      {"partOf", 'a'},
      {"status", 's'},
      {"category", 'a'},
      {"code", 'o'},
      {"subject", 'o'},
      {"focus", 'a'},
      {"encounter", 'o'},
      {"effectiveDateTime", 's'},
      {"effectivePeriod", 'o'},
      {"effectiveTiming", 'o'},
      {"effectiveInstant", 's'},
      {"issued", 's'},
      {"performer", 'a'},
      {"valueQuantity", 'o'},
      {"valueCodeableConcept", 'o'},
      {"valueString", 's'},
      {"valueBoolean", 'b'},
      {"valueInteger", 'i'},
      {"valueRange", 'o'},
      {"valueRatio", 'o'},
      {"valueSampledData", 'o'},
      {"valueTime", 's'},
      {"valueDateTime", 's'},
      {"valuePeriod", 'o'},
      {"dataAbsentReason", 'o'},
      {"interpretation", 'a'},
      {"note", 'a'},
      {"bodySite", 'o'},
      {"method", 'o'},
      {"specimen", 'o'},
      {"device", 'o'},
      {"referenceRange", 'a'},
      {"hasMember", 'a'},
      {"derivedFrom", 'a'},
      {"component", 'a'},
  });
  return e;
}

const std::vector<Element>& patient_elements() {
  static const std::vector<Element> e = domain_resource_plus({
      {"identifier", 'a'},
      {"active", 'b'},
      {"name", 'a'},
      {"telecom", 'a'},
      {"gender", 's'},
      {"birthDate", 's'},
      {"deceasedBoolean", 'b'},
      {"deceasedDateTime", 's'},
      {"address", 'a'},
      {"maritalStatus", 'o'},
      {"multipleBirthBoolean", 'b'},
      {"multipleBirthInteger", 'i'},
      {"photo", 'a'},
      {"contact", 'a'},
      {"communication", 'a'},
      {"generalPractitioner", 'a'},
      {"managingOrganization", 'o'},
      {"link", 'a'},
  });
  return e;
}

std::expected<std::string, Problem> patient_reference(const json& body, std::string_view element) {
  const std::string name(element);
  const std::string where = "Observation." + name;
  if (!has(body, name.c_str())) return bad(where, where + " is required: {\"reference\": \"Patient/<id>\"}");
  const std::string ref = text_at(body[name], "reference");
  if (!ref.starts_with("Patient/") || ref.size() == 8 || ref.find('/', 8) != std::string::npos)
    return bad(where + ".reference",
               where + ".reference must be \"Patient/<id>\" (got \"" + ref.substr(0, 80) + "\")");
  return ref.substr(8);
}

std::expected<clinic::Observation, Problem> observation_from_fhir(const json& body,
                                                                  const std::string& clinic_id,
                                                                  const std::string& patient_id,
                                                                  const std::string& user_id,
                                                                  long long now_us) {
  if (text_at(body, "resourceType") != "Observation")
    return bad("Observation.resourceType", "resourceType must be \"Observation\"");
  if (has(body, "modifierExtension"))
    return unprocessable(
        "Observation.modifierExtension",
        "a modifier extension changes the meaning of the resource and physiokit does not know it");
  const std::string status = text_at(body, "status");
  if (status.empty()) return bad("Observation.status", "Observation.status is required");
  if (status != "final" && status != "amended" && status != "corrected")
    return unprocessable("Observation.status",
                         "only a final result is recorded (status final, amended or "
                         "corrected; got \"" +
                             status.substr(0, 40) + "\")");
  if (has(body, "component"))
    return unprocessable("Observation.component",
                         "an Observation with components is not recorded: send one Observation per measure");
  if (has(body, "dataAbsentReason"))
    return unprocessable("Observation.dataAbsentReason", "an Observation without a value is not recorded");

  // The code: the first coding physiokit records.
  const WritableCode* code = nullptr;
  if (!has(body, "code") || !body["code"].contains("coding") || !body["code"]["coding"].is_array())
    return bad("Observation.code", "Observation.code needs a coding");
  for (const auto& c : body["code"]["coding"]) {
    for (const auto& w : writable_observation_codes())
      if (text_at(c, "system") == w.system && text_at(c, "code") == w.code) code = &w;
    if (code) break;
  }
  if (!code)
    return unprocessable("Observation.code",
                         "none of the codings is a measure physiokit records; use one of: " + join_codes());

  // The value, in the code's unit.
  for (const auto& e : observation_elements())
    if (e.name.starts_with("value") && e.name != "valueQuantity" && has(body, e.name.c_str()))
      return unprocessable("Observation." + e.name,
                           code->display + " is recorded as a valueQuantity in " + code->unit);
  if (!has(body, "valueQuantity") || !body["valueQuantity"].is_object())
    return bad("Observation.valueQuantity", "Observation.valueQuantity is required");
  const auto& q = body["valueQuantity"];
  if (!q.contains("value") || !q["value"].is_number())
    return bad("Observation.valueQuantity.value", "valueQuantity.value must be a number");
  const double value = q["value"].get<double>();
  if (!std::isfinite(value))
    return bad("Observation.valueQuantity.value", "valueQuantity.value must be finite");
  if (q.contains("comparator"))
    return unprocessable("Observation.valueQuantity.comparator",
                         "a value with a comparator (<, >) is not a measurement physiokit can chart");
  if (text_at(q, "system") != kUcum || text_at(q, "code") != code->unit)
    return unprocessable(
        "Observation.valueQuantity.code",
        fmt::format("{} is recorded in UCUM \"{}\" (valueQuantity.system \"{}\", code \"{}\")", code->display,
                    code->unit, kUcum, code->unit));
  if (value < code->min || value > code->max)
    return unprocessable("Observation.valueQuantity.value",
                         fmt::format("{} {} {} is outside what a person can measure ({} to {} {}); check the "
                                     "value and its unit",
                                     code->display, value, code->unit, code->min, code->max, code->unit));
  if (code->integer && value != std::floor(value))
    return unprocessable("Observation.valueQuantity.value",
                         fmt::format("{} is a whole number (got {})", code->display, value));

  // When: a time with its zone, not in the future.
  for (const char* other : {"effectivePeriod", "effectiveTiming", "effectiveInstant"})
    if (has(body, other))
      return unprocessable(std::string("Observation.") + other,
                           "give the time of the measurement as effectiveDateTime");
  const std::string when = text_at(body, "effectiveDateTime");
  if (when.empty()) return bad("Observation.effectiveDateTime", "Observation.effectiveDateTime is required");
  const auto range = date_range(when);
  if (!range || when.find('T') == std::string::npos)
    return bad("Observation.effectiveDateTime",
               "effectiveDateTime must be a time with its zone, e.g. 2026-11-20T10:30:00+01:00 (got \"" +
                   when.substr(0, 40) + "\")");
  constexpr long long kSkewUs = 5LL * 60 * 1'000'000;
  if (range->first > now_us + kSkewUs)
    return unprocessable("Observation.effectiveDateTime", "effectiveDateTime is in the future");

  clinic::Observation o;
  o.clinic_id = clinic_id;
  o.patient_id = patient_id;
  o.code_system = code->system;
  o.code = code->code;
  o.display = code->display;
  o.value = value;
  o.unit = code->unit;
  o.effective_us = range->first;
  o.source = "manual";
  o.recorded_by = user_id;
  o.body_site = code->body_site;
  o.side = code->side;
  if (has(body, "method")) {
    o.method = text_at(body["method"], "text");
    if (o.method.empty() && body["method"].contains("coding") && body["method"]["coding"].is_array() &&
        !body["method"]["coding"].empty())
      o.method = text_at(body["method"]["coding"][0], "display");
    if (auto p = clinic::text_problem(o.method, 200); !p.empty()) return bad("Observation.method.text", p);
  }
  if (o.body_site.empty() && has(body, "bodySite")) {
    o.body_site = text_at(body["bodySite"], "text");
    if (auto p = clinic::text_problem(o.body_site, 64); !p.empty())
      return bad("Observation.bodySite.text", p);
  }
  return o;
}

std::expected<clinic::Patient, Problem> patient_from_fhir(const json& body, clinic::Patient current,
                                                          std::string_view today) {
  if (text_at(body, "resourceType") != "Patient")
    return bad("Patient.resourceType", "resourceType must be \"Patient\"");
  if (text_at(body, "id") != current.id)
    return bad("Patient.id", "Patient.id must be the id in the address (" + current.id + ")");
  if (has(body, "modifierExtension"))
    return unprocessable(
        "Patient.modifierExtension",
        "a modifier extension changes the meaning of the resource and physiokit does not know it");
  if (has(body, "active") && !body["active"].get<bool>())
    return unprocessable("Patient.active",
                         "physiokit does not deactivate a patient through FHIR: end the "
                         "episode of care in the app (or erase the record) instead");
  if ((has(body, "deceasedBoolean") && body["deceasedBoolean"].get<bool>()) || has(body, "deceasedDateTime"))
    return unprocessable("Patient.deceased[x]",
                         "physiokit does not record a death through FHIR: the clinic ends "
                         "the patient's programs and reminders in the app");
  if (has(body, "link"))
    return unprocessable("Patient.link", "merging or linking patient records is not done through FHIR");

  // Name: the official one, else the first; family and given are required as at registration.
  if (!has(body, "name") || !body["name"].is_array() || body["name"].empty())
    return bad("Patient.name", "Patient.name is required (family and given)");
  const json* name = &body["name"][0];
  for (const auto& n : body["name"])
    if (text_at(n, "use") == "official") {
      name = &n;
      break;
    }
  clinic::Patient p = std::move(current);
  p.family_name = text_at(*name, "family");
  p.given_name.clear();
  if (name->is_object() && name->contains("given") && (*name)["given"].is_array())
    for (const auto& g : (*name)["given"])
      if (g.is_string()) p.given_name += (p.given_name.empty() ? "" : " ") + g.get<std::string>();
  if (p.family_name.empty()) return bad("Patient.name.family", "Patient.name.family is required");
  if (p.given_name.empty()) return bad("Patient.name.given", "Patient.name.given is required");
  if (auto e = clinic::text_problem(p.family_name, 100); !e.empty()) return bad("Patient.name.family", e);
  if (auto e = clinic::text_problem(p.given_name, 100); !e.empty()) return bad("Patient.name.given", e);

  p.birth_date = text_at(body, "birthDate");
  if (p.birth_date.empty()) return bad("Patient.birthDate", "Patient.birthDate is required");
  if (auto e = clinic::birth_date_problem(p.birth_date, today); !e.empty())
    return bad("Patient.birthDate", e);
  p.sex = text_at(body, "gender");
  if (!p.sex.empty() && p.sex != "female" && p.sex != "male" && p.sex != "other" && p.sex != "unknown")
    return bad("Patient.gender", "gender must be female, male, other or unknown");

  // The record number: the identifier typed MR (HL7 v2 table 0203).
  p.mrn.clear();
  if (has(body, "identifier") && body["identifier"].is_array())
    for (const auto& id : body["identifier"]) {
      bool mr = false;
      if (id.is_object() && id.contains("type") && id["type"].is_object() && id["type"].contains("coding") &&
          id["type"]["coding"].is_array())
        for (const auto& c : id["type"]["coding"])
          mr |= text_at(c, "system") == "http://terminology.hl7.org/CodeSystem/v2-0203" &&
                text_at(c, "code") == "MR";
      if (mr) {
        p.mrn = text_at(id, "value");
        if (auto e = clinic::text_problem(p.mrn, 64); !e.empty()) return bad("Patient.identifier.value", e);
        break;
      }
    }

  p.email.clear();
  p.phone.clear();
  if (has(body, "telecom") && body["telecom"].is_array())
    for (const auto& t : body["telecom"]) {
      const std::string system = text_at(t, "system"), value = text_at(t, "value");
      if (system == "email" && p.email.empty()) {
        if (auto e = clinic::email_problem(value); !e.empty()) return bad("Patient.telecom.value", e);
        p.email = value;
      } else if (system == "phone" && p.phone.empty()) {
        if (auto e = clinic::text_problem(value, 40); !e.empty()) return bad("Patient.telecom.value", e);
        p.phone = value;
      }
    }

  p.language.clear();
  if (has(body, "communication") && body["communication"].is_array() && !body["communication"].empty()) {
    const auto& lang = body["communication"][0];
    if (lang.is_object() && lang.contains("language") && lang["language"].is_object() &&
        lang["language"].contains("coding") && lang["language"]["coding"].is_array() &&
        !lang["language"]["coding"].empty())
      p.language = text_at(lang["language"]["coding"][0], "code");
    if (!p.language.empty())
      if (auto e = clinic::preferred_language_problem(p.language, /*require_listed=*/false); !e.empty())
        return bad("Patient.communication.language", e);
  }

  p.time_zone.clear();
  if (has(body, "extension") && body["extension"].is_array())
    for (const auto& x : body["extension"])
      if (text_at(x, "url") == "http://hl7.org/fhir/StructureDefinition/timezone") {
        p.time_zone = text_at(x, "valueCode");
        if (auto e = clinic::time_zone_problem(p.time_zone); !e.empty()) return bad("Patient.extension", e);
      }
  return p;
}

std::optional<long long> if_match_version(std::string_view h) {
  if (h.starts_with("W/")) h.remove_prefix(2);
  if (h.size() < 3 || h.front() != '"' || h.back() != '"') return std::nullopt;
  h = h.substr(1, h.size() - 2);
  if (h.empty() || h.size() > 15) return std::nullopt;
  long long v = 0;
  for (char c : h) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace physio::fhir
