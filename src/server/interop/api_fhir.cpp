// The FHIR R4 API: the CapabilityStatement, read by id and search for every resource type
// (docs/server/fhir.md). Each handler loads the record, authorizes it like the app does (a record of another
// clinic or patient is 404), maps it with the fhir module and audits the read.
#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>

#include "fhir/bundle.hpp"
#include "fhir/capability.hpp"
#include "fhir/codes.hpp"
#include "fhir/json_path.hpp"
#include "fhir/resources.hpp"
#include "measures/library.hpp"
#include "notes/note.hpp"
#include "notes/text.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/interop/fhir_routes.hpp"
#include "server/interop/fhir_supporting.hpp"
#include "server/interop/routes.hpp"
#include "store/patient_registration.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using json = nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

struct Loaded {
  json resource;
  clinic::RecordScope scope;
  Action action = Action::kReadClinical;
  /// Within reach, but of a kind the caller's role does not see (a clinical risk flag for the front desk):
  /// answered 404 after the permission check, like a record that does not exist.
  bool hidden = false;
};

/// Loads `type`/`id` in the caller's clinic; nullopt when there is no such record there.
Result<std::optional<Loaded>> load_by_id(store::Tx& tx, const clinic::Principal& who, const std::string& type,
                                         const std::string& id) {
  using R = std::optional<Loaded>;
  const auto& clinic = who.clinic_id;
  auto found = [](auto r) { return r.has_value(); };
  auto missing = [](const Error& e) { return e.code() == ErrorCode::kNotFound; };
  auto act = [&](std::string_view t) { return fhir::read_action(t).value_or(Action::kReadDemographics); };
#define PHYSIO_FHIR_GET(expr)                       \
  auto got = (expr);                                \
  if (!found(got)) {                                \
    if (missing(got.error())) return R{};           \
    return std::unexpected(std::move(got).error()); \
  }
  if (type == "Patient") {
    PHYSIO_FHIR_GET(tx.get_patient(clinic, id));
    const auto reg = PHYSIO_TRY(store::get_patient_registration(tx, got->clinic_id, got->id));
    return R{Loaded{fhir::patient_resource(*got, reg.details), {got->clinic_id, got->id}, act(type)}};
  }
  if (type == "Practitioner") {
    PHYSIO_FHIR_GET(tx.get_user(id));
    // Only the staff who give care are Practitioners; the front desk and administrators are not.
    if (got->clinic_id != clinic || !clinic::is_clinician(got->role)) return R{};
    return R{Loaded{fhir::practitioner_resource(*got), {got->clinic_id, std::nullopt}, act(type)}};
  }
  if (type == "PractitionerRole") {
    PHYSIO_FHIR_GET(tx.get_user(id));
    if (got->clinic_id != clinic || !clinic::is_clinician(got->role)) return R{};
    return R{Loaded{fhir::practitioner_role_resource(*got), {got->clinic_id, std::nullopt}, act(type)}};
  }
  if (type == "Encounter") {
    // A live session's id, or a visit's (the appointment's id) when it happened.
    auto ls = tx.get_live_session(clinic, id);
    if (ls) return R{Loaded{fhir::encounter_resource(*ls), {ls->clinic_id, ls->patient_id}, act(type)}};
    if (ls.error().code() != ErrorCode::kNotFound) return std::unexpected(ls.error());
    PHYSIO_FHIR_GET(tx.get_appointment(clinic, id));
    auto e = fhir::encounter_resource(*got);
    if (!e) return R{};
    return R{Loaded{std::move(*e), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "DocumentReference") {
    PHYSIO_FHIR_GET(tx.get_note(clinic, id));
    if (got->status == "draft") return R{};  // a document is what was signed
    auto note = notes::note_from_json(got->body);
    if (!note) return std::unexpected(note.error().with_context("note " + got->id));
    if (!note->signature) return R{};
    std::map<std::string, std::string> names;
    for (const auto& u : PHYSIO_TRY(tx.list_users(clinic))) names[u.id] = u.display_name;
    return R{Loaded{fhir::document_reference_resource(*note, notes::plain_text(*note, names), got->clinic_id),
                    {got->clinic_id, got->patient_id},
                    act(type)}};
  }
  if (type == "Location") {
    // The clinic's site (the clinic's id) or a room its appointments name.
    if (id != clinic && !id.starts_with("room-")) return R{};
    for (auto& l : PHYSIO_TRY(clinic_locations(tx, clinic)))
      if (l.value("id", std::string()) == id)
        return R{Loaded{std::move(l), {clinic, std::nullopt}, act(type)}};
    return R{};
  }
  if (type == "Organization") {
    if (id != clinic) return R{};
    PHYSIO_FHIR_GET(tx.get_clinic(id));
    return R{Loaded{fhir::organization_resource(*got), {got->id, std::nullopt}, act(type)}};
  }
  if (type == "Condition" || type == "Goal") {
    PHYSIO_FHIR_GET(tx.get_episode(clinic, id));
    auto r =
        type == "Condition" ? std::optional<json>(fhir::condition_resource(*got)) : fhir::goal_resource(*got);
    if (!r) return R{};
    return R{Loaded{std::move(*r), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "CarePlan") {
    PHYSIO_FHIR_GET(tx.get_program(clinic, id));
    return R{Loaded{fhir::care_plan_resource(*got), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "Observation") {
    if (id.starts_with("mp-")) {
      PHYSIO_FHIR_GET(tx.get_morning_pain(clinic, id.substr(3)));
      return R{Loaded{fhir::pain_observation_resource(*got), {got->clinic_id, got->patient_id}, act(type)}};
    }
    PHYSIO_FHIR_GET(tx.get_observation(clinic, id));
    return R{Loaded{fhir::observation_resource(*got), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "QuestionnaireResponse") {
    PHYSIO_FHIR_GET(tx.get_questionnaire_response(clinic, id));
    const measures::Instrument* ins = nullptr;
    if (auto lib = measures::default_measure_library())
      if (auto hit = (*lib)->find(got->instrument_id)) ins = *hit;
    return R{Loaded{
        fhir::questionnaire_response_resource(*got, ins), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "Consent") {
    PHYSIO_FHIR_GET(tx.get_consent(clinic, id));
    return R{Loaded{fhir::consent_resource(*got), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "Appointment") {
    PHYSIO_FHIR_GET(tx.get_appointment(clinic, id));
    return R{Loaded{fhir::appointment_resource(*got), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "RiskAssessment") {
    PHYSIO_FHIR_GET(tx.get_risk_flag(clinic, id));
    // A silent model's flag or a resolved one does not exist for anyone; a kind the role does not see is
    // hidden after the permission check.
    if (!got->shown || got->status == "resolved") return R{};
    return R{Loaded{fhir::risk_assessment_resource(*got),
                    {got->clinic_id, got->patient_id},
                    act(type),
                    !clinic::sees_risk_kind(who.role, got->kind)}};
  }
  if (type == "Composition") {
    PHYSIO_FHIR_GET(tx.get_note(clinic, id));
    // A draft is the physiotherapist's working copy: not the patient's to read.
    if (who.role == clinic::Role::kPatient && got->status == "draft") return R{};
    auto note = notes::note_from_json(got->body);
    if (!note) return std::unexpected(note.error().with_context("note " + got->id));
    return R{Loaded{fhir::composition_resource(*note), {got->clinic_id, got->patient_id}, act(type)}};
  }
  if (type == "AuditEvent") {
    std::int64_t seq = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), seq);
    if (ec != std::errc() || end != id.data() + id.size() || seq < 1) return R{};
    PHYSIO_FHIR_GET(tx.get_audit_event(clinic, seq));
    std::optional<std::string> pid;
    if (!got->patient_id.empty()) pid = got->patient_id;
    return R{Loaded{fhir::audit_event_resource(*got), {got->clinic_id, pid}, act(type)}};
  }
  if (type == "Provenance") {
    const auto pid = fhir::parse_provenance_id(id);
    if (!pid) return R{};
    using K = fhir::ProvenanceId::Kind;
    if (pid->kind == K::kConsent) {
      PHYSIO_FHIR_GET(tx.get_consent(clinic, pid->record_id));
      return R{
          Loaded{fhir::consent_provenance(*got), {got->clinic_id, got->patient_id}, Action::kReadClinical}};
    }
    if (pid->kind == K::kObservation) {
      PHYSIO_FHIR_GET(tx.get_observation(clinic, pid->record_id));
      return R{Loaded{
          fhir::observation_provenance(*got), {got->clinic_id, got->patient_id}, Action::kReadClinical}};
    }
    PHYSIO_FHIR_GET(tx.get_program(clinic, pid->record_id));
    for (const auto& v : PHYSIO_TRY(tx.list_program_versions(clinic, got->id)))
      if (v.version == pid->version)
        return R{Loaded{
            fhir::program_provenance(*got, v), {got->clinic_id, got->patient_id}, Action::kReadClinical}};
    return R{};
  }
#undef PHYSIO_FHIR_GET
  return R{};
}

/// Resources that are the same for every signed-in user: instruments, the software Device, the CodeSystem.
Result<std::vector<json>> static_resources(std::string_view type) {
  std::vector<json> out;
  if (type == "Questionnaire") {
    const auto* lib = PHYSIO_TRY(measures::default_measure_library());
    for (const auto& ins : lib->instruments) out.push_back(fhir::questionnaire_resource(ins));
  } else if (type == "Device") {
    out.push_back(fhir::device_resource(PHYSIO_VERSION_STRING));
  } else if (type == "CodeSystem") {
    out.push_back(fhir::measures_code_system());
    out.push_back(fhir::roles_code_system());
  }
  // Built into the server, they change only with it: last updated when this server's copy was made (its
  // first use since start), so that every resource carries meta.lastUpdated and Last-Modified.
  static const std::string made = fhir::instant(now_us());
  for (auto& r : out)
    if (!r.contains("meta") || !r["meta"].contains("lastUpdated")) r["meta"]["lastUpdated"] = made;
  return out;
}

/// The version a resource is at: meta.versionId, "1" for a resource that does not count its versions.
std::string version_of(const json& r) {
  if (r.contains("meta") && r["meta"].contains("versionId") && r["meta"]["versionId"].is_string())
    return r["meta"]["versionId"].get<std::string>();
  return "1";
}

/// An RFC 7231 HTTP-date of a FHIR instant ("Tue, 24 Nov 2026 10:15:00 GMT"); "" when there is none.
std::string http_date(const json& r) {
  if (!r.contains("meta") || !r["meta"].contains("lastUpdated")) return {};
  const auto range = fhir::date_range(r["meta"]["lastUpdated"].get<std::string>());
  if (!range) return {};
  const std::time_t secs = static_cast<std::time_t>(range->first / kUsPerSecond);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

/// A read's answer: the resource with ETag W/"<version>" and Last-Modified; 304 when If-None-Match names
/// the version the client already holds.
net::Response versioned_ok(RequestContext& ctx, const json& r) {
  const std::string etag = "W/\"" + version_of(r) + "\"";
  const std::string modified = http_date(r);
  net::Response out;
  if (const auto inm = ctx.req.header("if-none-match");
      inm && (*inm == etag || *inm == etag.substr(2) || *inm == "*")) {
    out.status = 304;
  } else {
    out = fhir_ok(r);
  }
  out.headers.push_back({"etag", etag});
  if (!modified.empty()) out.headers.push_back({"last-modified", modified});
  return out;
}

/// The versions of `type`/`id` that are kept, newest first: a Patient's every version of its demographics
/// (since the store kept them, migration 0023), a CarePlan's every version (its program as it was), any
/// other resource its current one.
Result<std::vector<json>> versions_of(store::Tx& tx, const clinic::Principal& who, const std::string& type,
                                      const json& current) {
  std::vector<json> out{current};
  if (type == "Patient") {
    for (const auto& p :
         PHYSIO_TRY(tx.list_patient_versions(who.clinic_id, current.value("id", std::string()))))
      out.push_back(fhir::patient_resource(p));
    return out;
  }
  if (type != "CarePlan") return out;
  const std::string id = current.value("id", std::string());
  auto prog = PHYSIO_TRY(tx.get_program(who.clinic_id, id));
  auto versions = PHYSIO_TRY(tx.list_program_versions(who.clinic_id, id));
  std::sort(versions.begin(), versions.end(),
            [](const auto& a, const auto& b) { return a.version > b.version; });
  for (const auto& v : versions) {
    if (v.version >= prog.version) continue;
    clinic::HomeProgram old = prog;
    old.program_json = v.program_json;
    old.version = v.version;
    old.updated_us = v.at_us;
    out.push_back(fhir::care_plan_resource(old));
  }
  return out;
}

enum class ReadKind { kRead, kVread, kHistory };

/// vread: the kept version the path names (404 for one that is not kept); _history: a history Bundle of
/// every kept version, newest first.
net::Response answer_versions(RequestContext& ctx, const std::string& type, ReadKind kind,
                              const std::vector<json>& versions) {
  if (kind == ReadKind::kRead) return versioned_ok(ctx, versions.front());
  if (kind == ReadKind::kVread) {
    const std::string vid = ctx.param("vid");
    for (const auto& v : versions)
      if (version_of(v) == vid) return versioned_ok(ctx, v);
    return fhir_problem({404, "not-found",
                         "version " + vid + " of this " + type +
                             " is not kept (kept: " + std::to_string(versions.size()) +
                             " version(s), the newest " + version_of(versions.front()) + ")",
                         ""});
  }
  json entries = json::array();
  const std::string base = fhir_base(ctx);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const auto& v = versions[i];
    const std::string url = type + "/" + v.value("id", std::string());
    const bool first = i + 1 == versions.size() && version_of(v) == "1";
    json e = {{"fullUrl", base + "/" + url},
              {"resource", v},
              {"request", {{"method", first ? "POST" : "PUT"}, {"url", first ? type : url}}},
              {"response",
               {{"status", first ? "201 Created" : "200 OK"}, {"etag", "W/\"" + version_of(v) + "\""}}}};
    if (v.contains("meta") && v["meta"].contains("lastUpdated"))
      e["response"]["lastModified"] = v["meta"]["lastUpdated"];
    entries.push_back(std::move(e));
  }
  json b = {{"resourceType", "Bundle"},
            {"type", "history"},
            {"total", versions.size()},
            {"link", json::array({{{"relation", "self"},
                                   {"url", base + "/" + type + "/" +
                                               versions.front().value("id", std::string()) + "/_history"}}})},
            {"entry", entries}};
  return fhir_ok(b);
}

net::Response read_handler(RequestContext& ctx, const std::string& type, ReadKind kind = ReadKind::kRead) {
  const std::string id = ctx.param("id");
  const std::string record_type = lower(type);
  if (!fhir::read_action(type)) {
    auto all = static_resources(type);
    if (!all) return store_error(all.error());
    for (auto& r : *all)
      if (r["id"] == id) return answer_versions(ctx, type, kind, {r});
    return as_fhir_error(not_found_answer(type));
  }
  const auto& who = ctx.principal();
  TimeUs erased_us = 0;  // an erased patient (docs/server/privacy.md): 410 Gone
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<std::optional<Loaded>> {
    auto l = PHYSIO_TRY(load_by_id(tx, who, type, id));
    if (l && type == "Patient")
      if (auto t = PHYSIO_TRY(tx.get_tombstone(who.clinic_id, id))) erased_us = t->erased_us;
    return l;
  });
  if (!loaded) return store_error(loaded.error());
  if (!*loaded) {
    ctx.pending_reads.push_back(ctx.audit_event(record_type, "", "", "denied"));
    return as_fhir_error(not_found_answer(type));
  }
  auto& l = **loaded;
  if (auto d = ctx.authorize(l.action, l.scope, record_type, id)) return as_fhir_error(std::move(*d));
  if (l.hidden) {
    ctx.pending_reads.push_back(ctx.audit_event(record_type, id, l.scope.patient_id.value_or(""), "denied"));
    return as_fhir_error(not_found_answer(type));
  }
  if (erased_us != 0) {
    ctx.pending_reads.push_back(ctx.audit_event(record_type, id, id, "gone"));
    return fhir_problem(
        {410, "deleted", "this patient's record was erased on " + iso_time(erased_us).substr(0, 10), ""});
  }
  ctx.audit_read(record_type, id, l.scope.patient_id.value_or(""));
  if (kind == ReadKind::kRead) return versioned_ok(ctx, l.resource);
  auto versions =
      ctx.services.store().read([&](store::Tx& tx) { return versions_of(tx, who, type, l.resource); });
  if (!versions) return store_error(versions.error());
  return answer_versions(ctx, type, kind, *versions);
}

net::Response search_handler(RequestContext& ctx, const fhir::ResourceTypeDef& def) {
  const auto prefer = ctx.req.header("prefer");
  const bool lenient = prefer && prefer->find("handling=lenient") != std::string_view::npos;
  auto q = fhir::parse_search(def, ctx.req.query_params(), lenient);
  if (!q) return fhir_problem(q.error());
  const auto& who = ctx.principal();
  const std::string record_type = lower(def.name);
  std::vector<fhir::SearchItem> items;
  std::vector<fhir::SearchItem> provenance;
  std::map<std::string, json> patients;  // loaded and authorized, by id
  const auto action = fhir::read_action(def.name);
  if (!action) {
    auto all = static_resources(def.name);
    if (!all) return store_error(all.error());
    for (auto& r : *all) items.push_back({std::move(r), ""});
  } else if (def.name == "Practitioner" || def.name == "Organization" || def.name == "PractitionerRole" ||
             def.name == "Location") {
    if (auto d = ctx.authorize(*action, {who.clinic_id, std::nullopt}, record_type, ""))
      return as_fhir_error(*d);
    auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<std::vector<fhir::SearchItem>> {
      std::vector<fhir::SearchItem> out;
      if (def.name == "Organization") {
        out.push_back({fhir::organization_resource(PHYSIO_TRY(tx.get_clinic(who.clinic_id))), ""});
      } else if (def.name == "Location") {
        for (auto& l : PHYSIO_TRY(clinic_locations(tx, who.clinic_id))) out.push_back({std::move(l), ""});
      } else {
        for (const auto& u : PHYSIO_TRY(tx.list_users(who.clinic_id)))
          if (clinic::is_clinician(u.role))
            out.push_back({def.name == "Practitioner" ? fhir::practitioner_resource(u)
                                                      : fhir::practitioner_role_resource(u),
                           ""});
      }
      return out;
    });
    if (!loaded) return store_error(loaded.error());
    items = std::move(*loaded);
  } else {
    // The patient compartment: a patient's own; for staff the patients named by `patient` (Patient: the
    // clinic).
    if (auto d = ctx.authorize(*action, {who.clinic_id, who.patient_id}, record_type, ""))
      return as_fhir_error(*d);
    // A patient searches their own compartment; staff the patients `patient` (or `subject`) names, else
    // every patient of their clinic.
    std::vector<std::string> ids;
    if (who.role == clinic::Role::kPatient) {
      ids.push_back(*who.patient_id);
    } else if (def.name != "Patient") {
      ids = q->patient_ids;
      for (const auto& c : q->criteria)
        if (ids.empty() && c.def->name == "subject")
          for (const auto& v : c.values)
            if (v.starts_with("Patient/")) ids.push_back(v.substr(8));
    }
    int refused = 0;  // patients named in the search but unknown or outside the caller's reach
    auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Status {
      // The store may run this again after a transient conflict: start from nothing each time.
      items.clear();
      provenance.clear();
      patients.clear();
      refused = 0;
      std::vector<clinic::Patient> list;
      if (ids.empty()) {
        store::PatientQuery pq;
        pq.limit = 500;
        while (true) {
          auto page = PHYSIO_TRY(tx.list_patients(who.clinic_id, pq));
          for (auto& p : page.items) list.push_back(std::move(p));
          if (page.next_cursor.empty()) break;
          pq.cursor = page.next_cursor;
        }
      } else {
        for (const auto& id : ids) {
          auto p = tx.get_patient(who.clinic_id, id);
          // An erased patient: nothing left to find.
          if (p && PHYSIO_TRY(tx.get_tombstone(p->clinic_id, p->id))) continue;
          if (p)
            list.push_back(std::move(*p));
          else if (p.error().code() != ErrorCode::kNotFound)
            return std::unexpected(p.error());
          else
            ++refused;
        }
      }
      for (const auto& p : list) {
        // A patient outside the caller's reach contributes nothing, exactly like one that does not exist.
        if (clinic::decide(who, *action, {p.clinic_id, p.id}) != clinic::Decision::kAllow) {
          if (!ids.empty()) ++refused;
          continue;
        }
        if (clinic::role_allows(who.role, Action::kReadDemographics))
          patients[p.id] = fhir::patient_resource(p);
        for (auto& it : PHYSIO_TRY(load_compartment(tx, p, def.name, who))) items.push_back(std::move(it));
        if (q->revinclude_provenance)
          for (auto& it : PHYSIO_TRY(load_compartment(tx, p, "Provenance", who)))
            provenance.push_back(std::move(it));
      }
      return ok();
    });
    if (!loaded) return store_error(loaded.error());
    // A search naming patients it may not see is answered like one naming nobody, and audited as denied
    // (security finding: it left no trace), without naming them.
    if (refused > 0) {
      auto e = ctx.audit_event(record_type, "", "", "denied");
      e.detail =
          fmt::format("{} patient(s) named in the search unknown or outside the caller's reach", refused);
      ctx.pending_reads.push_back(std::move(e));
    }
  }
  auto page = fhir::select_page(*q, items, who.user_id + "|" + who.clinic_id);
  if (!page) return fhir_problem(page.error());
  std::vector<json> included;
  std::vector<const json*> targets;
  std::set<std::string> page_patients;
  for (const auto* it : page->items) {
    targets.push_back(&it->resource);
    if (!it->patient_id.empty()) page_patients.insert(it->patient_id);
  }
  if (q->revinclude_provenance) included = fhir::provenance_for(provenance, targets);
  if (q->include_patient)
    for (const auto& pid : page_patients)
      if (auto it = patients.find(pid); it != patients.end()) included.push_back(it->second);
  if (!q->include_refs.empty()) {
    // The resources the page's matches reference by the _include parameters: patients already loaded,
    // the Practitioners, Organization and Device of the clinic.
    std::vector<std::string> refs;
    for (const auto* it : page->items)
      for (const auto* param : q->include_refs)
        for (const auto& path : param->paths)
          for (const auto* v : fhir::values_at(it->resource, path))
            if (v->is_object() && v->contains("reference") && (*v)["reference"].is_string())
              refs.push_back((*v)["reference"].get<std::string>());
    std::set<std::string> done;
    std::vector<std::string> supporting;
    for (const auto& ref : refs) {
      if (!done.insert(ref).second) continue;
      if (ref.starts_with("Patient/")) {
        if (auto it = patients.find(ref.substr(8)); it != patients.end()) included.push_back(it->second);
      } else {
        supporting.push_back(ref);
      }
    }
    auto more = ctx.services.store().read([&](store::Tx& tx) {
      return supporting_resources(tx, who.clinic_id, supporting, fhir::supporting_types(), {}, false);
    });
    if (!more) return store_error(more.error());
    for (auto& r : *more) included.push_back(std::move(r));
  }
  if (action)
    for (const auto& pid : page_patients) ctx.audit_read(record_type, "", pid);
  auto bundle = fhir::searchset(*q, *page, included, {fhir_base(ctx), def.name}, fhir::instant(now_us()));
  if (!q->ignored.empty()) {
    // Prefer: handling=lenient: the parameters left out, said in an OperationOutcome entry.
    std::string names;
    for (const auto& n : q->ignored) names += (names.empty() ? "" : ", ") + n;
    json oo = fhir::operation_outcome(
        {200, "not-supported", "parameters ignored (Prefer: handling=lenient): " + names, q->ignored.front()},
        "warning");
    oo["id"] = "ignored-parameters";
    bundle["entry"].push_back({{"resource", oo}, {"search", {{"mode", "outcome"}}}});
  }
  return fhir_ok(bundle);
}

net::Response metadata(RequestContext& ctx) {
  return fhir_ok(fhir::capability_statement(fhir_base(ctx), PHYSIO_VERSION_STRING, iso_date(now_us())));
}

Target read_target(std::string_view type) {
  if (type == "Patient") return Target::kPatient;
  if (type == "Practitioner" || type == "PractitionerRole") return Target::kStaff;
  if (type == "Encounter") return Target::kLiveSession;
  if (type == "DocumentReference") return Target::kNote;
  if (type == "Organization" || type == "Location") return Target::kOrganization;
  if (type == "Condition" || type == "Goal") return Target::kEpisode;
  if (type == "CarePlan") return Target::kProgram;
  if (type == "Observation") return Target::kObservation;
  if (type == "Consent") return Target::kConsent;
  if (type == "QuestionnaireResponse") return Target::kQuestionnaireResponse;
  if (type == "Appointment") return Target::kAppointment;
  if (type == "AuditEvent") return Target::kAuditEvent;
  if (type == "Provenance") return Target::kProvenance;
  if (type == "Composition") return Target::kNote;
  if (type == "RiskAssessment") return Target::kRiskFlag;
  return Target::kFhirStatic;
}

/// The query parameters a search on `def` takes (fhir::parse_search): its own, then the result parameters.
std::vector<QueryParam> search_query(const fhir::ResourceTypeDef& def) {
  std::vector<QueryParam> q;
  for (const auto& p : def.params) q.push_back({p.name, p.description});
  q.push_back({"_count", "entries per page, 1 to 500 (default 50)", "integer"});
  q.push_back({"_cursor", "the paging cursor of a next link"});
  std::string values;
  for (const auto& p : def.params)
    if (p.type == fhir::ParamType::kReference)
      values += (values.empty() ? "" : ", ") + def.name + ":" + p.name;
  if (!values.empty()) q.push_back({"_include", "also return the referenced resource: " + values});
  q.push_back({"_revinclude", "Provenance:target: also return each match's Provenance"});
  q.push_back({"_sort", "_lastUpdated, _id or a date parameter; -name for descending"});
  q.push_back({"_summary", "true, text, data, count or false"});
  q.push_back({"_elements", "the top-level elements to return, comma-separated"});
  q.push_back({"_format", "json (only JSON is served)"});
  return q;
}

}  // namespace

void add_fhir_routes(RouteTable& routes) {
  const std::size_t first = routes.size();
  Route meta = make_route("GET", "/fhir/metadata", "FHIR CapabilityStatement", std::nullopt, Target::kNone,
                          "", metadata);
  meta.auth = AuthMode::kPublic;
  routes.push_back(std::move(meta));
  // Before the reads: "/fhir/Patient/$export" would otherwise match "/fhir/Patient/{id}".
  add_fhir_export_routes(routes);
  add_fhir_everything_route(routes);
  add_fhir_write_routes(routes);
  add_fhir_binary_route(routes);
  for (const auto& def : fhir::resource_types()) {
    const auto action = fhir::read_action(def.name);
    const std::string lname = lower(def.name);
    Target search_target = Target::kNone;
    if (action)
      search_target = def.name == "Practitioner" || def.name == "Organization" ||
                              def.name == "PractitionerRole" || def.name == "Location"
                          ? Target::kClinic
                          : Target::kPatientList;
    routes.push_back(with_query(make_route("GET", "/fhir/" + def.name, "FHIR search " + def.name, action,
                                           search_target, action ? "fhir." + lname + ".search" : "",
                                           [&def](RequestContext& ctx) { return search_handler(ctx, def); }),
                                search_query(def)));
    const std::string type = def.name;
    routes.push_back(make_route("GET", "/fhir/" + def.name + "/{id}", "FHIR read " + def.name, action,
                                read_target(def.name), action ? "fhir." + lname + ".read" : "",
                                [type](RequestContext& ctx) { return read_handler(ctx, type); }));
    routes.push_back(
        make_route("GET", "/fhir/" + def.name + "/{id}/_history", "FHIR history of a " + def.name, action,
                   read_target(def.name), action ? "fhir." + lname + ".history" : "",
                   [type](RequestContext& ctx) { return read_handler(ctx, type, ReadKind::kHistory); }));
    routes.push_back(make_route(
        "GET", "/fhir/" + def.name + "/{id}/_history/{vid}", "FHIR read of one version of a " + def.name,
        action, read_target(def.name), action ? "fhir." + lname + ".vread" : "",
        [type](RequestContext& ctx) { return read_handler(ctx, type, ReadKind::kVread); }));
  }
  // Every FHIR answer, OperationOutcomes included, is application/fhir+json (fhir_answers.cpp), but for
  // what a route says it answers instead (a bulk export's NDJSON files).
  for (std::size_t i = first; i < routes.size(); ++i)
    if (routes[i].produces == "application/json") routes[i].produces = "application/fhir+json";
}

}  // namespace physio::server
