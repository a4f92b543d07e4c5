// Builders of the administrative resources: Patient, Organization, Practitioner, Consent, Appointment.
#include "fhir/resources.hpp"

#include <fmt/format.h>

#include "fhir/codes.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

}  // namespace

json patient_resource(const clinic::Patient& p) {
  json r = {{"resourceType", "Patient"},
            {"id", p.id},
            {"meta", {{"versionId", std::to_string(p.version)}, {"lastUpdated", instant(p.updated_us)}}},
            {"active", true},
            {"managingOrganization", reference("Organization", p.clinic_id)}};
  json name = {{"use", "official"}};
  if (!p.family_name.empty()) name["family"] = p.family_name;
  if (!p.given_name.empty()) name["given"] = json::array({p.given_name});
  r["name"] = json::array({name});
  if (!p.birth_date.empty()) r["birthDate"] = p.birth_date;
  if (!p.sex.empty()) r["gender"] = p.sex;
  json ids = json::array();
  if (!p.mrn.empty())
    ids.push_back({{"use", "usual"},
                   {"type", concept_of(coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"),
                                       "Medical record number")},
                   {"system", fmt::format("urn:physiokit:clinic:{}:mrn", p.clinic_id)},
                   {"value", p.mrn}});
  ids.push_back({{"system", fmt::format("{}:patient", kRecordIdSystem)}, {"value", p.id}});
  r["identifier"] = ids;
  json telecom = json::array();
  // The way the patient prefers to be reached ranks first.
  if (!p.email.empty()) {
    telecom.push_back({{"system", "email"}, {"value", p.email}});
    if (p.preferred_contact == "email") telecom.back()["rank"] = 1;
  }
  if (!p.phone.empty()) {
    telecom.push_back({{"system", "phone"}, {"value", p.phone}});
    if (p.preferred_contact == "phone") telecom.back()["rank"] = 1;
  }
  if (!telecom.empty()) r["telecom"] = telecom;
  if (!p.language.empty())
    r["communication"] =
        json::array({{{"language", concept_of(coding("urn:ietf:bcp:47", p.language))}, {"preferred", true}}});
  if (!p.time_zone.empty())
    r["extension"] = json::array(
        {{{"url", "http://hl7.org/fhir/StructureDefinition/timezone"}, {"valueCode", p.time_zone}}});
  return with_narrative(std::move(r));
}

json patient_resource(const clinic::Patient& p, const clinic::Registration& reg) {
  json r = patient_resource(p);
  r.erase("text");  // the narrative is made again below, with the address
  json address = {{"use", "home"}, {"type", "postal"}};
  json lines = json::array();
  for (std::size_t at = 0; at <= reg.address_lines.size() && !reg.address_lines.empty();) {
    const auto nl = reg.address_lines.find('\n', at);
    auto line = reg.address_lines.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  if (!lines.empty()) address["line"] = lines;
  if (!reg.city.empty()) address["city"] = reg.city;
  if (!reg.region.empty()) address["state"] = reg.region;
  if (!reg.postcode.empty()) address["postalCode"] = reg.postcode;
  if (!reg.country.empty()) address["country"] = reg.country;  // ISO 3166-1 alpha-2, as FHIR recommends
  if (address.size() > 2) r["address"] = json::array({address});
  if (!reg.emergency_name.empty()) {
    json relationship =
        concept_of(coding("http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact"));
    if (!reg.emergency_relationship.empty()) relationship["text"] = reg.emergency_relationship;
    json contact = {{"relationship", json::array({relationship})}, {"name", {{"text", reg.emergency_name}}}};
    if (!reg.emergency_phone.empty())
      contact["telecom"] = json::array({{{"system", "phone"}, {"value", reg.emergency_phone}}});
    r["contact"] = json::array({contact});
  }
  if (!reg.gp_name.empty() || !reg.gp_practice.empty()) {
    std::string display = reg.gp_name;
    if (!reg.gp_practice.empty()) display += (display.empty() ? "" : ", ") + reg.gp_practice;
    r["generalPractitioner"] = json::array({{{"display", display}}});
  }
  return with_narrative(std::move(r));
}

json organization_resource(const clinic::Clinic& c) {
  return with_narrative(
      json{{"resourceType", "Organization"},
           {"id", c.id},
           {"meta", meta(c.created_us)},
           {"active", true},
           {"type", json::array({concept_of(coding("http://terminology.hl7.org/CodeSystem/organization-type",
                                                   "prov", "Healthcare Provider"))})},
           {"name", c.name}});
}

json practitioner_resource(const clinic::User& u) {
  json r = {
      {"resourceType", "Practitioner"},
      {"id", u.id},
      {"meta", meta(u.created_us)},
      {"active", !u.disabled},
      {"identifier", json::array({{{"system", fmt::format("{}:user", kRecordIdSystem)}, {"value", u.id}}})},
      {"telecom", json::array({{{"system", "email"}, {"value", u.email}, {"use", "work"}}})}};
  if (!u.display_name.empty()) r["name"] = json::array({{{"text", u.display_name}}});
  return with_narrative(std::move(r));
}
json consent_resource(const clinic::Consent& c) {
  const bool privacy = c.kind == "data_use";
  json r = {{"resourceType", "Consent"},
            {"id", c.id},
            {"meta", meta(c.recorded_us)},
            {"status", c.status == "given" ? "active" : "inactive"},
            {"scope", concept_of(coding("http://terminology.hl7.org/CodeSystem/consentscope",
                                        privacy ? "patient-privacy" : "treatment"))},
            {"category",
             json::array(
                 {concept_of(coding(kLoinc, "59284-0", "Consent Document")),
                  concept_of(coding("http://physiokit.org/fhir/CodeSystem/consent-kinds", c.kind), c.kind)})},
            {"patient", reference("Patient", c.patient_id)},
            {"dateTime", instant(c.recorded_us)},
            {"organization", json::array({reference("Organization", c.clinic_id)})},
            {"policyRule", concept_of(coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                             c.status == "given" ? "OPTIN" : "OPTOUT"))},
            {"provision", {{"type", c.status == "given" ? "permit" : "deny"}}}};
  // The performer is the grantor: the patient (whoever recorded it is in the audit trail). The text they
  // were shown is the policy.
  r["performer"] = json::array({reference("Patient", c.patient_id)});
  if (!c.text_version.empty())
    r["policy"] =
        json::array({{{"uri", fmt::format("urn:physiokit:consent-text:{}:{}", c.kind, c.text_version)}}});
  return with_narrative(std::move(r));
}

json appointment_resource(const clinic::Appointment& a) {
  json participants = json::array({{{"actor", reference("Patient", a.patient_id)}, {"status", "accepted"}}});
  if (!a.practitioner_id.empty())
    participants.push_back({{"actor", reference("Practitioner", a.practitioner_id)}, {"status", "accepted"}});
  if (!a.room.empty())
    participants.push_back(
        {{"actor", reference("Location", room_location_id(a.clinic_id, a.room))}, {"status", "accepted"}});
  json r = {{"resourceType", "Appointment"},
            {"id", a.id},
            {"meta", meta(a.updated_us ? a.updated_us : a.created_us)},
            {"status", a.status},
            {"start", instant(a.start_us)},
            {"end", instant(a.start_us + a.duration_min * 60 * kUsPerSecond)},
            {"minutesDuration", a.duration_min},
            {"created", instant(a.created_us)},
            {"participant", participants}};
  if (!a.reason.empty()) r["description"] = a.reason;
  return with_narrative(std::move(r));
}

}  // namespace physio::fhir
