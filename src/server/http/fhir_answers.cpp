#include "server/http/fhir_answers.hpp"

#include "fhir/resources.hpp"
#include "measures/library.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "store/patient_registration.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using json = nlohmann::json;

}  // namespace

std::string fhir_base(const RequestContext& ctx) {
  // The configured or bound address, never the request's Host header (a client chooses that).
  std::string origin = ctx.services.public_origin();
  if (origin.empty()) origin = "http://localhost";
  return origin + "/fhir";
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

Result<std::vector<fhir::SearchItem>> load_compartment(store::Tx& tx, const clinic::Patient& p,
                                                       std::string_view type, const clinic::Principal& who,
                                                       bool without_fhir_reads) {
  using fhir::CompartmentSource;
  fhir::CompartmentRows rows;
  const auto source = fhir::source_of(type);
  if (source == CompartmentSource::kEpisodes) rows.episodes = PHYSIO_TRY(tx.list_episodes(p.clinic_id, p.id));
  if (source == CompartmentSource::kPrograms || source == CompartmentSource::kProvenance)
    rows.programs = PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id));
  if (source == CompartmentSource::kProvenance)
    for (const auto& prog : rows.programs)
      rows.program_versions[prog.id] = PHYSIO_TRY(tx.list_program_versions(p.clinic_id, prog.id));
  if (source == CompartmentSource::kObservations || source == CompartmentSource::kProvenance)
    rows.observations = PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id));
  if (source == CompartmentSource::kObservations)
    rows.morning_pain = PHYSIO_TRY(tx.list_morning_pain(p.clinic_id, p.id));
  if (source == CompartmentSource::kConsents || source == CompartmentSource::kProvenance)
    rows.consents = PHYSIO_TRY(tx.list_consents(p.clinic_id, p.id));
  if (source == CompartmentSource::kAppointments || source == CompartmentSource::kEncounters)
    rows.appointments = PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id));
  if (source == CompartmentSource::kEncounters)
    rows.live_sessions = PHYSIO_TRY(tx.list_live_sessions(p.clinic_id, p.id, 1000));
  if (type == "Patient")
    rows.registration = PHYSIO_TRY(store::get_patient_registration(tx, p.clinic_id, p.id)).details;
  if (type == "DocumentReference")
    for (const auto& u : PHYSIO_TRY(tx.list_users(p.clinic_id))) rows.user_names[u.id] = u.display_name;
  if (source == CompartmentSource::kAuditEvents) {
    // The newest events first, at most 10,000 per patient (every read of the record adds one).
    store::AuditQuery q;
    q.patient_id = p.id;
    q.limit = 1000;
    if (without_fhir_reads) {
      q.exclude_prefix = "fhir.";
      for (const auto v : fhir::audit_read_verbs()) q.exclude_verbs.emplace_back(v);
    }
    for (int pages = 0; pages < 10; ++pages) {
      auto page = PHYSIO_TRY(tx.list_audit(p.clinic_id, q));
      for (auto& e : page.items) rows.audit_events.push_back(std::move(e));
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  }
  if (source == CompartmentSource::kQuestionnaireResponses)
    rows.questionnaire_responses = PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id));
  if (source == CompartmentSource::kNotes) rows.notes = PHYSIO_TRY(tx.list_notes(p.clinic_id, p.id));
  if (source == CompartmentSource::kRiskFlags) {
    store::RiskFlagQuery q;
    q.patient_id = p.id;
    q.statuses = {"open", "accepted", "dismissed"};
    q.shown_only = true;
    rows.risk_flags = PHYSIO_TRY(tx.list_risk_flags(p.clinic_id, q));
  }
  const auto library = source == CompartmentSource::kQuestionnaireResponses
                           ? measures::default_measure_library()
                           : Result<const measures::MeasureLibrary*>(nullptr);
  return fhir::compartment_resources(p, type, rows, who, library ? *library : nullptr);
}

}  // namespace physio::server
