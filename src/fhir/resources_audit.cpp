// Builders of who did what: AuditEvent (one audit trail entry), Provenance (a program version, a consent,
// an observation) and the Device that computes observations.
#include "fhir/resources.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fhir/codes.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

constexpr std::string_view kReadVerbs[] = {"read",       "search",   "watch", "calendar", "export",
                                           "everything", "download", "vread", "history"};

std::string_view audit_verb(std::string_view action) {
  // The audit trail's action names end in what was done ("patient.read", "program.create").
  const auto dot = action.rfind('.');
  const std::string_view verb = dot == std::string_view::npos ? action : action.substr(dot + 1);
  if (std::find(std::begin(kReadVerbs), std::end(kReadVerbs), verb) != std::end(kReadVerbs)) return "R";
  if (verb == "create" || verb == "upload" || verb == "connect") return "C";
  if (verb == "update" || verb == "approve" || verb == "edit" || verb == "reject" || verb == "decision" ||
      verb == "auto_apply" || verb == "review")
    return "U";
  if (verb == "delete" || verb == "disable") return "D";
  return "E";
}

}  // namespace

std::span<const std::string_view> audit_read_verbs() {
  return kReadVerbs;
}

std::string_view fhir_type_of_record(std::string_view t) {
  if (t == "patient") return "Patient";
  if (t == "episode") return "Condition";
  if (t == "appointment") return "Appointment";
  if (t == "consent") return "Consent";
  if (t == "program") return "CarePlan";
  if (t == "observation") return "Observation";
  if (t == "user" || t == "staff") return "Practitioner";
  if (t == "clinic") return "Organization";
  return {};
}

json audit_event_resource(const clinic::AuditEvent& e) {
  const bool login = e.action.starts_with("login") || e.action.starts_with("session.");
  json type =
      login ? coding("http://dicom.nema.org/resources/ontology/DCM", "110114", "User Authentication")
            : coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
  std::string outcome = "0";
  if (e.outcome == "denied") outcome = "4";
  if (e.outcome == "failed") outcome = "8";
  json agent = {{"requestor", true}};
  if (!e.role.empty()) agent["role"] = json::array({{{"text", e.role}}});
  if (!e.actor_id.empty()) {
    // A clinician is a Practitioner; a patient, the front desk, an administrator or the system is named by
    // their login's identifier.
    const auto role = clinic::role_from_string(e.role);
    if (role && clinic::is_clinician(*role))
      agent["who"] = reference("Practitioner", e.actor_id);
    else
      agent["who"] = {
          {"identifier", {{"system", fmt::format("{}:user", kRecordIdSystem)}, {"value", e.actor_id}}}};
  } else {
    agent["who"] = {{"display", "unauthenticated client"}};
  }
  if (!e.client.empty()) agent["network"] = {{"address", e.client}, {"type", "2"}};
  json r = {{"resourceType", "AuditEvent"},
            {"id", std::to_string(e.seq)},
            {"meta", meta(e.time_us)},
            {"type", type},
            {"subtype", json::array({coding(kAuditActionsSystem, e.action)})},
            {"action", audit_verb(e.action)},
            {"recorded", instant(e.time_us)},
            {"outcome", outcome},
            {"agent", json::array({agent})},
            {"source",
             {{"site", "physiokit"},
              {"observer", e.clinic_id.empty() ? json{{"display", "physiokit server"}}
                                               : reference("Organization", e.clinic_id)}}}};
  if (!e.detail.empty()) r["outcomeDesc"] = e.detail;
  json entities = json::array();
  if (!e.record_type.empty() || !e.record_id.empty()) {
    const auto type_name = fhir_type_of_record(e.record_type);
    json what;
    if (!type_name.empty() && is_hex_id(e.record_id))
      what = reference(type_name, e.record_id);
    else if (!e.record_id.empty())
      what = {{"identifier",
               {{"system", fmt::format("{}:{}", kRecordIdSystem, e.record_type)}, {"value", e.record_id}}}};
    json ent = {
        {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")}};
    if (!what.is_null()) ent["what"] = what;
    if (!e.record_type.empty()) ent["name"] = e.record_type;
    entities.push_back(ent);
  }
  if (!e.patient_id.empty())
    entities.push_back(
        {{"what", reference("Patient", e.patient_id)},
         {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person")},
         {"role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")}});
  if (!entities.empty()) r["entity"] = entities;
  return with_narrative(std::move(r));
}

namespace {

json provenance_base(std::string id, json target, TimeUs recorded, std::string_view activity) {
  return {
      {"resourceType", "Provenance"},
      {"id", std::move(id)},
      {"meta", meta(recorded)},
      {"target", json::array({std::move(target)})},
      {"recorded", instant(recorded)},
      {"activity", concept_of(coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", activity))}};
}

json agent(std::string_view type, json who) {
  return {
      {"type", concept_of(coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", type))},
      {"who", std::move(who)}};
}

}  // namespace

json program_provenance(const clinic::HomeProgram& p, const clinic::ProgramVersion& v) {
  json r = provenance_base(fmt::format("cp-{}-{}", p.id, v.version), reference("CarePlan", p.id), v.at_us,
                           v.kind == "create" ? "CREATE" : "UPDATE");
  r["agent"] =
      json::array({v.by == "auto" || v.by.empty() ? agent("assembler", reference("Device", "physiokit"))
                                                  : agent("author", reference("Practitioner", v.by))});
  std::string why = fmt::format("version {} ({})", v.version, v.kind);
  if (!v.reason.empty()) why += ": " + v.reason;
  r["reason"] = json::array({{{"text", why}}});
  return with_narrative(std::move(r));
}

json consent_provenance(const clinic::Consent& c) {
  json r = provenance_base("cs-" + c.id, reference("Consent", c.id), c.recorded_us, "CREATE");
  r["agent"] =
      json::array({c.recorded_by.empty() ? agent("author", reference("Organization", c.clinic_id))
                                         : agent("author", reference("Practitioner", c.recorded_by))});
  return with_narrative(std::move(r));
}

json observation_provenance(const clinic::Observation& o) {
  json r = provenance_base("ob-" + o.id, reference("Observation", o.id), o.created_us, "CREATE");
  r["agent"] = json::array({agent("assembler", reference("Device", "physiokit"))});
  if (o.recording_id)
    r["entity"] = json::array(
        {{{"role", "source"},
          {"what",
           {{"identifier",
             {{"system", fmt::format("{}:recording", kRecordIdSystem)}, {"value", *o.recording_id}}},
            {"display", "the recording the measure was computed from"}}}}});
  return with_narrative(std::move(r));
}

json device_resource(std::string_view version) {
  return with_narrative(
      json{{"resourceType", "Device"},
           {"id", "physiokit"},
           {"status", "active"},
           {"manufacturer", "physiokit"},
           {"deviceName",
            json::array({{{"name", "physiokit movement analysis"}, {"type", "user-friendly-name"}}})},
           {"type",
            {{"text",
              "Software that computes movement measures from recordings: BlazePose pose estimation of "
              "video, landmark-file analysis and wearable IMU analysis. The camera or sensor that "
              "captured a recording is not recorded."}}},
           {"version", json::array({{{"value", version}}})}});
}

}  // namespace physio::fhir
