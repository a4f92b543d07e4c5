// FHIR writes (docs/server/fhir.md, "Writes"): Observation create, update of an entered Observation,
// Patient update. Authorization is decided on the record before the change and on the change itself:
// a create is authorized on the patient its subject names (one out of reach is refused exactly like one
// that does not exist), and an update never moves a record to another patient, whoever that patient is
// (the leak HAPI FHIR's issue #667 describes). The mapping is the fhir module's (fhir/input.hpp).
#include "fhir/input.hpp"
#include "fhir/resources.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/interop/fhir_routes.hpp"
#include "store/patient_registration.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using json = nlohmann::json;

constexpr std::uint64_t kMaxResourceBody = 64 * 1024;

/// The body schema of a write: the R4 resource's top-level elements, typed; resourceType required.
std::vector<FieldSpec> resource_fields(const std::vector<fhir::Element>& elements, const std::string& type) {
  std::vector<FieldSpec> out;
  for (const auto& e : elements) {
    FieldSpec f;
    f.name = e.name;
    f.description = type + "." + e.name + " (FHIR R4)";
    f.max_length = 4096;
    switch (e.json_type) {
      case 's':
        f.type = FieldType::kString;
        break;
      case 'b':
        f.type = FieldType::kBoolean;
        break;
      case 'i':
        f.type = FieldType::kInteger;
        break;
      default:
        f.type = FieldType::kJson;
        f.json_type = e.json_type == 'a' ? "array" : "object";
    }
    if (e.name == "resourceType") {
      f.required = true;
      f.one_of = {type};
    }
    out.push_back(std::move(f));
  }
  return out;
}

/// The If-Match version, nullopt without the header; a malformed one is a 400.
std::optional<net::Response> read_if_match(RequestContext& ctx, std::optional<long long>& version) {
  const auto h = ctx.req.header("if-match");
  if (!h) return std::nullopt;
  version = fhir::if_match_version(*h);
  if (!version)
    return fhir_problem({400, "invalid", "If-Match must name a version: W/\"<versionId>\"", "If-Match"});
  return std::nullopt;
}

net::Response written(RequestContext& ctx, const json& resource, const std::string& type,
                      const std::string& id, std::int64_t version, int status) {
  const bool minimal = ctx.req.header("prefer").value_or("").find("return=minimal") != std::string_view::npos;
  net::Response r = minimal ? net::Response{} : fhir_ok(resource, status);
  r.status = status;
  const std::string at = fhir_base(ctx) + "/" + type + "/" + id + "/_history/" + std::to_string(version);
  // A create and an update both name the version written (FHIR http: Location on create and update);
  // an update also keeps Content-Location, which it answered with before.
  r.headers.push_back({"location", at});
  if (status != 201) r.headers.push_back({"content-location", at});
  r.headers.push_back({"etag", "W/\"" + std::to_string(version) + "\""});
  return r;
}

/// A patient named by a subject who is out of reach answers exactly as one that does not exist.
net::Response subject_unknown(const std::string& id) {
  return fhir_problem({422, "not-found",
                       "Observation.subject: no such patient (Patient/" + id.substr(0, 64) + ")",
                       "Observation.subject"});
}

net::Response create_observation(RequestContext& ctx) {
  auto pid = fhir::patient_reference(ctx.body, "subject");
  if (!pid) return fhir_problem(pid.error());
  clinic::Patient p;
  if (auto d = load_patient_id(ctx, *pid, p, Action::kWriteClinical))
    return d->status == 404 ? subject_unknown(*pid) : as_fhir_error(std::move(*d));
  if (auto r = refuse_if_restricted(ctx, p, "a new observation")) return as_fhir_error(std::move(*r));
  auto o = fhir::observation_from_fhir(ctx.body, p.clinic_id, p.id, ctx.principal().user_id, now_us());
  if (!o) return fhir_problem(o.error());
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Observation> {
    auto stored = PHYSIO_TRY(tx.insert_observation(*o));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("observation", stored.id, p.id)}));
    return stored;
  });
  if (!made) return as_fhir_error(store_error(made.error()));
  return written(ctx, fhir::observation_resource(*made), "Observation", made->id, made->version, 201);
}

net::Response update_observation(RequestContext& ctx) {
  const std::string id = ctx.param("id");
  const auto& who = ctx.principal();
  std::optional<long long> expected;
  if (auto bad = read_if_match(ctx, expected)) return *bad;
  // The stored record first: its patient decides who may change it.
  std::optional<clinic::Observation> stored;
  std::optional<clinic::MorningPainAnswer> pain;
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Status {
    stored.reset();
    pain.reset();
    if (id.starts_with("mp-")) {
      auto a = tx.get_morning_pain(who.clinic_id, id.substr(3));
      if (a)
        pain = std::move(*a);
      else if (a.error().code() != ErrorCode::kNotFound)
        return std::unexpected(a.error());
      return ok();
    }
    auto o = tx.get_observation(who.clinic_id, id);
    if (o)
      stored = std::move(*o);
    else if (o.error().code() != ErrorCode::kNotFound)
      return std::unexpected(o.error());
    return ok();
  });
  if (!loaded) return as_fhir_error(store_error(loaded.error()));
  if (!stored && !pain) {
    ctx.pending_reads.push_back(ctx.audit_event("observation", "", "", "denied"));
    return as_fhir_error(not_found_answer("observation"));
  }
  const std::string patient_id = stored ? stored->patient_id : pain->patient_id;
  if (auto d = ctx.authorize({who.clinic_id, patient_id}, "observation", id))
    return as_fhir_error(std::move(*d));
  if (ctx.body.value("id", std::string()) != id)
    return fhir_problem(
        {400, "invalid", "Observation.id must be the id in the address (" + id + ")", "Observation.id"});
  // The subject never changes: whether the new one exists, is in reach or not, the answer is the same.
  auto pid = fhir::patient_reference(ctx.body, "subject");
  if (!pid) return fhir_problem(pid.error());
  if (*pid != patient_id) {
    auto e = ctx.audit_event("observation", id, patient_id, "denied");
    e.detail = "update would change the subject";
    ctx.pending_reads.push_back(std::move(e));
    return fhir_problem(
        {422, "business-rule",
         "Observation.subject cannot change: this Observation belongs to Patient/" + patient_id +
             ". To record the measurement for another patient, create a new Observation there.",
         "Observation.subject"});
  }
  if (pain || stored->recording_id || stored->recorded_by.empty())
    return fhir_problem(
        {422, "business-rule",
         pain ? "a morning pain answer is the patient's own report; it is not changed through FHIR"
              : "this Observation was measured by physiokit from a recording; it changes only when the "
                "recording "
                "is analysed again",
         "Observation"});
  if (expected && *expected != stored->version)
    return fhir_problem({412, "conflict",
                         "the Observation is at version " + std::to_string(stored->version) + ", not " +
                             std::to_string(*expected) + "; read it again",
                         "If-Match"});
  clinic::Patient p;
  if (auto d = load_patient_id(ctx, patient_id, p)) return as_fhir_error(std::move(*d));
  if (auto r = refuse_if_restricted(ctx, p, "a change to an observation"))
    return as_fhir_error(std::move(*r));
  auto next =
      fhir::observation_from_fhir(ctx.body, stored->clinic_id, patient_id, stored->recorded_by, now_us());
  if (!next) return fhir_problem(next.error());
  next->id = stored->id;
  next->version = stored->version;
  auto saved = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Observation> {
    auto o = PHYSIO_TRY(tx.update_observation(*next));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("observation", o.id, patient_id)}));
    return o;
  });
  if (!saved) return as_fhir_error(store_error(saved.error()));
  return written(ctx, fhir::observation_resource(*saved), "Observation", saved->id, saved->version, 200);
}

net::Response update_patient(RequestContext& ctx) {
  std::optional<long long> expected;
  if (auto bad = read_if_match(ctx, expected)) return *bad;
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return as_fhir_error(std::move(*d));
  if (expected && *expected != p.version)
    return fhir_problem({412, "conflict",
                         "the Patient is at version " + std::to_string(p.version) + ", not " +
                             std::to_string(*expected) + "; read it again",
                         "If-Match"});
  auto next = fhir::patient_from_fhir(ctx.body, p, iso_date(now_us()));
  if (!next) return fhir_problem(next.error());
  clinic::Registration registration;  // kept as it is: answered as a read would show it
  auto saved = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Patient> {
    auto np = PHYSIO_TRY(tx.update_patient(*next));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("patient", np.id, np.id)}));
    registration = PHYSIO_TRY(store::get_patient_registration(tx, np.clinic_id, np.id)).details;
    return np;
  });
  if (!saved) return as_fhir_error(store_error(saved.error()));
  return written(ctx, fhir::patient_resource(*saved, registration), "Patient", saved->id, saved->version,
                 200);
}

}  // namespace

void add_fhir_write_routes(RouteTable& routes) {
  routes.push_back(with_body(
      make_route("POST", "/fhir/Observation",
                 "FHIR create Observation: a measurement entered by staff or the clinic's EHR",
                 Action::kWriteClinical, Target::kBodySubject, "fhir.observation.create", create_observation),
      resource_fields(fhir::observation_elements(), "Observation"), kMaxResourceBody));
  routes.push_back(with_body(
      make_route("PUT", "/fhir/Observation/{id}", "FHIR update Observation: correct an entered measurement",
                 Action::kWriteClinical, Target::kObservation, "fhir.observation.update", update_observation),
      resource_fields(fhir::observation_elements(), "Observation"), kMaxResourceBody));
  routes.push_back(with_body(
      make_route("PUT", "/fhir/Patient/{id}", "FHIR update Patient: the clinic's demographics of a patient",
                 Action::kWriteDemographics, Target::kPatient, "fhir.patient.update", update_patient),
      resource_fields(fhir::patient_elements(), "Patient"), kMaxResourceBody));
}

}  // namespace physio::server
