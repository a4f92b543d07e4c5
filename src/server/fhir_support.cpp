#include "server/fhir_support.hpp"

#include "notes/note.hpp"

#include "fhir/resources.hpp"
#include "measures/library.hpp"
#include "server/app.hpp"
#include "server/http_util.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using json = nlohmann::json;

bool host_ok(std::string_view h) {
  if (h.empty() || h.size() > 255) return false;
  for (char c : h)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == ':' || c == '[' || c == ']'))
      return false;
  return true;
}

}  // namespace

std::string fhir_base(const RequestContext& ctx) {
  auto host = ctx.req.header("host");
  const std::string h = host && host_ok(*host) ? std::string(*host) : std::string("localhost");
  return std::string(ctx.app.settings().secure_cookies ? "https" : "http") + "://" + h + "/fhir";
}

net::Response fhir_ok(const json& body, int status) {
  net::Response r;
  r.status = status;
  r.headers.push_back({"content-type", "application/fhir+json; charset=utf-8"});
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

net::Response fhir_problem(const fhir::Problem& p) {
  return fhir_ok(fhir::operation_outcome(p), p.status);
}

net::Response as_fhir_error(net::Response r) {
  if (r.status < 400) return r;
  for (const auto& h : r.headers)
    if (h.name == "content-type" && h.value.starts_with("application/fhir+json")) return r;
  const json body = json::parse(r.body, nullptr, false);
  fhir::Problem p;
  p.status = r.status;
  p.code = std::string(fhir::issue_code_for_status(r.status));
  p.message = body.is_object() ? body.value("message", body.value("error", std::string("error"))) : "error";
  if (body.is_object() && body.contains("field") && body["field"].is_string()) p.expression = body["field"];
  net::Response out = fhir_problem(p);
  for (const auto& h : r.headers)
    if (h.name != "content-type") out.headers.push_back(h);
  return out;
}

std::optional<Action> read_action(std::string_view type) {
  if (type == "Patient" || type == "Practitioner" || type == "Organization") return Action::kReadDemographics;
  if (type == "Appointment") return Action::kReadSchedule;
  if (type == "Consent") return Action::kReadConsent;
  if (type == "AuditEvent") return Action::kReadAccessLog;
  if (type == "Questionnaire" || type == "Device" || type == "CodeSystem") return std::nullopt;
  return Action::kReadClinical;
}

const std::vector<std::string>& compartment_types() {
  static const std::vector<std::string> types = {
      "Patient", "Condition",   "Goal",       "CarePlan",   "Observation", "QuestionnaireResponse",
      "Consent", "Appointment", "Provenance", "AuditEvent", "Composition"};
  return types;
}

Result<std::vector<fhir::SearchItem>> load_compartment(store::Tx& tx, const clinic::Patient& p,
                                                       std::string_view type, const clinic::Principal& who) {
  std::vector<fhir::SearchItem> out;
  auto add = [&](json r) { out.push_back({std::move(r), p.id}); };
  const auto may = [&](Action a) { return clinic::role_allows(who.role, a); };
  if (type == "Patient") {
    add(fhir::patient_resource(p));
  } else if (type == "Condition" || type == "Goal") {
    for (const auto& e : PHYSIO_TRY(tx.list_episodes(p.clinic_id, p.id))) {
      if (type == "Condition")
        add(fhir::condition_resource(e));
      else if (auto g = fhir::goal_resource(e))
        add(std::move(*g));
    }
  } else if (type == "CarePlan") {
    for (const auto& prog : PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id)))
      add(fhir::care_plan_resource(prog));
  } else if (type == "Observation") {
    for (const auto& o : PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id)))
      add(fhir::observation_resource(o));
    for (const auto& a : PHYSIO_TRY(tx.list_morning_pain(p.clinic_id, p.id)))
      add(fhir::pain_observation_resource(a));
  } else if (type == "Consent") {
    for (const auto& c : PHYSIO_TRY(tx.list_consents(p.clinic_id, p.id))) add(fhir::consent_resource(c));
  } else if (type == "Appointment") {
    for (const auto& a : PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id)))
      add(fhir::appointment_resource(a));
  } else if (type == "AuditEvent") {
    // The newest events first, at most 10,000 per patient (every read of the record adds one).
    store::AuditQuery q;
    q.patient_id = p.id;
    q.limit = 1000;
    for (int pages = 0; pages < 10; ++pages) {
      auto page = PHYSIO_TRY(tx.list_audit(p.clinic_id, q));
      for (const auto& e : page.items) add(fhir::audit_event_resource(e));
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  } else if (type == "Provenance") {
    if (may(Action::kReadClinical)) {
      for (const auto& prog : PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id)))
        for (const auto& v : PHYSIO_TRY(tx.list_program_versions(p.clinic_id, prog.id)))
          add(fhir::program_provenance(prog, v));
      for (const auto& o : PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id)))
        add(fhir::observation_provenance(o));
    }
    if (may(Action::kReadClinical) && may(Action::kReadConsent))
      for (const auto& c : PHYSIO_TRY(tx.list_consents(p.clinic_id, p.id))) add(fhir::consent_provenance(c));
  } else if (type == "QuestionnaireResponse") {
    const auto library = measures::default_measure_library();
    for (const auto& r : PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id))) {
      const measures::Instrument* ins = nullptr;
      if (library)
        if (auto found = (*library)->find(r.instrument_id)) ins = *found;
      add(fhir::questionnaire_response_resource(r, ins));
    }
  } else if (type == "Composition") {
    for (const auto& n : PHYSIO_TRY(tx.list_notes(p.clinic_id, p.id))) {
      if (who.role == clinic::Role::kPatient && n.status == "draft")
        continue;  // the clinician's working copy
      auto note = notes::note_from_json(n.body);
      if (!note) return std::unexpected(note.error().with_context("note " + n.id));
      add(fhir::composition_resource(*note));
    }
  }
  return out;
}

std::vector<json> provenance_for(const std::vector<fhir::SearchItem>& provenance,
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

}  // namespace physio::server
