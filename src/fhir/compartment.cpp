// A patient's compartment as FHIR resources (see the header).
#include "fhir/compartment.hpp"

#include <set>

#include "fhir/resources.hpp"
#include "notes/note.hpp"
#include "notes/text.hpp"

namespace physio::fhir {

using clinic::Action;
using json = nlohmann::json;

std::optional<Action> read_action(std::string_view type) {
  if (type == "Patient" || type == "Practitioner" || type == "Organization" || type == "Location")
    return Action::kReadDemographics;
  if (type == "Appointment") return Action::kReadSchedule;
  if (type == "Consent") return Action::kReadConsent;
  if (type == "AuditEvent") return Action::kReadAccessLog;
  if (type == "RiskAssessment") return Action::kReadRiskFlags;
  if (type == "PractitionerRole") return Action::kReadDemographics;
  if (type == "Questionnaire" || type == "Device" || type == "CodeSystem") return std::nullopt;
  return Action::kReadClinical;
}

const std::vector<std::string>& compartment_types() {
  static const std::vector<std::string> types = {
      "Patient",          "Condition",   "Goal",       "CarePlan",   "Observation", "QuestionnaireResponse",
      "Consent",          "Appointment", "Provenance", "AuditEvent", "Composition", "Encounter",
      "DocumentReference"};
  return types;
}

CompartmentSource source_of(std::string_view type) {
  if (type == "Condition" || type == "Goal") return CompartmentSource::kEpisodes;
  if (type == "CarePlan") return CompartmentSource::kPrograms;
  if (type == "Observation") return CompartmentSource::kObservations;
  if (type == "Consent") return CompartmentSource::kConsents;
  if (type == "Appointment") return CompartmentSource::kAppointments;
  if (type == "AuditEvent") return CompartmentSource::kAuditEvents;
  if (type == "Provenance") return CompartmentSource::kProvenance;
  if (type == "QuestionnaireResponse") return CompartmentSource::kQuestionnaireResponses;
  if (type == "Composition") return CompartmentSource::kNotes;
  if (type == "RiskAssessment") return CompartmentSource::kRiskFlags;
  if (type == "Encounter") return CompartmentSource::kEncounters;
  if (type == "DocumentReference") return CompartmentSource::kNotes;
  return CompartmentSource::kNone;
}

Result<std::vector<SearchItem>> compartment_resources(const clinic::Patient& p, std::string_view type,
                                                      const CompartmentRows& rows,
                                                      const clinic::Principal& who,
                                                      const measures::MeasureLibrary* measures) {
  std::vector<SearchItem> out;
  auto add = [&](json r) { out.push_back({std::move(r), p.id}); };
  const auto may = [&](Action a) { return clinic::role_allows(who.role, a); };
  if (type == "Patient") {
    add(rows.registration ? patient_resource(p, *rows.registration) : patient_resource(p));
  } else if (type == "Condition" || type == "Goal") {
    for (const auto& e : rows.episodes) {
      if (type == "Condition")
        add(condition_resource(e));
      else if (auto g = goal_resource(e))
        add(std::move(*g));
    }
  } else if (type == "CarePlan") {
    for (const auto& prog : rows.programs) add(care_plan_resource(prog));
  } else if (type == "Observation") {
    for (const auto& o : rows.observations) add(observation_resource(o));
    for (const auto& a : rows.morning_pain) add(pain_observation_resource(a));
  } else if (type == "Consent") {
    for (const auto& c : rows.consents) add(consent_resource(c));
  } else if (type == "Appointment") {
    for (const auto& a : rows.appointments) add(appointment_resource(a));
  } else if (type == "RiskAssessment") {
    // Shown flags of the kinds the role sees (the front desk: no-show only); resolved ones are history.
    for (const auto& f : rows.risk_flags)
      if (f.shown && f.status != "resolved" && clinic::sees_risk_kind(who.role, f.kind))
        add(risk_assessment_resource(f));
  } else if (type == "AuditEvent") {
    for (const auto& e : rows.audit_events) add(audit_event_resource(e));
  } else if (type == "Provenance") {
    if (may(Action::kReadClinical)) {
      for (const auto& prog : rows.programs)
        if (auto v = rows.program_versions.find(prog.id); v != rows.program_versions.end())
          for (const auto& version : v->second) add(program_provenance(prog, version));
      for (const auto& o : rows.observations) add(observation_provenance(o));
    }
    if (may(Action::kReadClinical) && may(Action::kReadConsent))
      for (const auto& c : rows.consents) add(consent_provenance(c));
  } else if (type == "QuestionnaireResponse") {
    for (const auto& r : rows.questionnaire_responses) {
      const measures::Instrument* ins = nullptr;
      if (measures != nullptr)
        if (auto found = measures->find(r.instrument_id)) ins = *found;
      add(questionnaire_response_resource(r, ins));
    }
  } else if (type == "Encounter") {
    for (const auto& a : rows.appointments)
      if (auto e = encounter_resource(a)) add(std::move(*e));
    for (const auto& ls : rows.live_sessions) add(encounter_resource(ls));
  } else if (type == "DocumentReference") {
    for (const auto& n : rows.notes) {
      if (n.status == "draft") continue;  // a document is what was signed
      auto note = notes::note_from_json(n.body);
      if (!note) return std::unexpected(note.error().with_context("note " + n.id));
      if (!note->signature) continue;
      add(document_reference_resource(*note, notes::plain_text(*note, rows.user_names), n.clinic_id));
    }
  } else if (type == "Composition") {
    for (const auto& n : rows.notes) {
      if (who.role == clinic::Role::kPatient && n.status == "draft")
        continue;  // the clinician's working copy
      auto note = notes::note_from_json(n.body);
      if (!note) return std::unexpected(note.error().with_context("note " + n.id));
      add(composition_resource(*note));
    }
  }
  return out;
}

const std::vector<std::string>& supporting_types() {
  static const std::vector<std::string> types = {"Practitioner", "Organization", "Device", "Location"};
  return types;
}

namespace {

void collect_references(const json& node, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const auto& v : node) collect_references(v, out);
  } else if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "reference" && v.is_string())
        out.push_back(v.get<std::string>());
      else if (k != "text" || !v.is_object() || !v.contains("div"))
        collect_references(v, out);
    }
  }
}

}  // namespace

std::vector<std::string> unresolved_references(const std::vector<const json*>& resources) {
  std::set<std::string> have;
  for (const json* r : resources)
    have.insert(r->value("resourceType", std::string()) + "/" + r->value("id", std::string()));
  std::vector<std::string> refs;
  for (const json* r : resources) collect_references(*r, refs);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto& ref : refs)
    if (!ref.starts_with("#") && !have.contains(ref) && seen.insert(ref).second)
      out.push_back(std::move(ref));
  return out;
}

bool records_a_fhir_read(const json& r) {
  if (r.value("resourceType", std::string()) != "AuditEvent" || r.value("action", std::string()) != "R")
    return false;
  const auto sub = r.find("subtype");
  if (sub == r.end() || !sub->is_array()) return false;
  for (const auto& c : *sub)
    if (c.value("code", std::string()).starts_with("fhir.")) return true;
  return false;
}

std::vector<json> provenance_for(const std::vector<SearchItem>& provenance,
                                 const std::vector<const json*>& targets) {
  std::vector<json> out;
  for (const auto& pr : provenance) {
    bool hit = false;
    for (const auto& t : pr.resource["target"]) {
      const std::string ref = t.value("reference", std::string());
      for (const json* r : targets)
        hit |= ref == r->value("resourceType", std::string()) + "/" + r->value("id", std::string());
    }
    if (hit) out.push_back(pr.resource);
  }
  return out;
}

}  // namespace physio::fhir
