// The patient record: demographics, episodes of care, consents, observations and the access log
// (appointments are the schedule context's). Every handler loads the record, authorizes on what it loaded,
// then acts.
#include <map>

#include <spdlog/spdlog.h>

#include "clinic/consents.hpp"
#include "clinic/duplicates.hpp"
#include "clinic/registration.hpp"
#include "clinic/validation.hpp"
#include "server/care/icd10_check.hpp"
#include "server/care/registration_json.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"

namespace physio::server {
namespace {

using clinic::Action;

std::vector<std::string> consent_kind_ids() {
  std::vector<std::string> out;
  for (const auto& k : clinic::consent_kinds()) out.emplace_back(k.id);
  return out;
}

std::string today() {
  return iso_date(now_us());
}

std::string str(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? std::string() : it->get<std::string>();
}

// ---- demographics --------------------------------------------------------------------------------

std::vector<FieldSpec> patient_fields(bool create) {
  return {
      {"given_name",
       FieldType::kString,
       create,
       "given name(s)",
       100,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 100); }},
      {"family_name",
       FieldType::kString,
       create,
       "family name",
       100,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 100); }},
      {"birth_date",
       FieldType::kString,
       create,
       "YYYY-MM-DD",
       10,
       {},
       [](std::string_view v) { return clinic::birth_date_problem(v, today()); }},
      {"sex",
       FieldType::kString,
       false,
       "administrative gender",
       10,
       {"female", "male", "other", "unknown"},
       nullptr},
      {"mrn",
       FieldType::kString,
       false,
       "the clinic's record number",
       64,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 64); }},
      {"email", FieldType::kString, false, "e-mail", 254, {}, clinic::email_problem},
      {"phone",
       FieldType::kString,
       false,
       "phone",
       40,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 40); }},
      {"language",
       FieldType::kString,
       false,
       "BCP 47 tag from GET /api/registration-lists",
       35,
       {},
       [](std::string_view v) { return clinic::preferred_language_problem(v); }},
      {"time_zone", FieldType::kString, false, "IANA time zone", 64, {}, clinic::time_zone_problem},
      {"preferred_contact",
       FieldType::kString,
       false,
       "how the patient prefers to be reached ('' = not said)",
       5,
       {"", "app", "email", "phone"},
       nullptr},
      {"email_ok",
       FieldType::kBoolean,
       false,
       "the patient agreed to e-mails from the clinic",
       0,
       {},
       nullptr},
      number_field("height_cm",
                   "standing height in whole centimetres, the scale of gait from video (null: not recorded)",
                   clinic::kMinHeightCm, clinic::kMaxHeightCm, FieldType::kInteger),
  };
}

void apply_patient_fields(const nlohmann::json& b, clinic::Patient& p) {
  auto set = [&](const char* k, std::string& field) {
    if (b.contains(k) && !b[k].is_null()) field = b[k].get<std::string>();
  };
  set("given_name", p.given_name);
  set("family_name", p.family_name);
  set("birth_date", p.birth_date);
  set("sex", p.sex);
  set("mrn", p.mrn);
  set("email", p.email);
  set("phone", p.phone);
  set("language", p.language);
  set("time_zone", p.time_zone);
  set("preferred_contact", p.preferred_contact);
  if (b.contains("email_ok") && b["email_ok"].is_boolean()) p.email_ok = b["email_ok"].get<bool>();
  if (b.contains("height_cm"))
    p.height_cm = b["height_cm"].is_null() ? 0 : b["height_cm"].get<std::int64_t>();
}

/// The 409 a registration gets when the record may already hold the person: each candidate with the
/// reasons, so the front desk can open it instead (each candidate's demographics read is audited).
net::Response duplicate_answer(RequestContext& ctx, const std::vector<clinic::DuplicateMatch>& found) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& m : found) {
    candidates.push_back(
        {{"id", m.patient.id},
         {"given_name", m.patient.given_name},
         {"family_name", m.patient.family_name},
         {"birth_date", m.patient.birth_date},
         {"mrn", m.patient.mrn.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.patient.mrn)},
         {"reasons", m.reasons}});
    ctx.audit_read("patient", m.patient.id, m.patient.id);
  }
  return json_ok(
      {{"error", "possible_duplicate"},
       {"message", found.size() == 1
                       ? "this person may already have a record; open it, or register them anyway "
                         "if they are someone else"
                       : "this person may already have a record (see the candidates); open one, or "
                         "register them anyway if they are someone else"},
       {"field", "/not_a_duplicate"},
       {"candidates", candidates}},
      409);
}

net::Response list_patients(RequestContext& ctx) {
  const auto& who = ctx.principal();
  // A patient's list is their own record only.
  if (auto d = ctx.authorize({who.clinic_id, who.patient_id}, "patient", "")) return *d;
  store::PatientQuery q;
  q.search = ctx.query("q").value_or("");
  q.cursor = ctx.query("cursor").value_or("");
  if (auto lim = ctx.query("limit")) {
    char* end = nullptr;
    const long v = std::strtol(lim->c_str(), &end, 10);
    if (end == lim->c_str() || *end != '\0' || v < 1 || v > 500)
      return api_error(400, "invalid_query", "limit must be 1-500", "limit");
    q.limit = static_cast<int>(v);
  }
  if (q.search.size() > 100)
    return api_error(400, "invalid_query", "search text must be at most 100 characters", "q");
  nlohmann::json items = nlohmann::json::array();
  std::string next;
  if (who.role == clinic::Role::kPatient) {
    auto p = ctx.services.store().read(
        [&](store::Tx& tx) { return tx.get_patient(who.clinic_id, *who.patient_id); });
    if (p) {
      items.push_back(patient_json(*p));
      ctx.audit_read("patient", p->id, p->id);
    }
  } else {
    auto page = ctx.services.store().read([&](store::Tx& tx) { return tx.list_patients(who.clinic_id, q); });
    if (!page) {
      if (page.error().code() == ErrorCode::kInvalidArgument)
        return api_error(400, "invalid_query", page.error().message(), "cursor");
      return store_error(page.error());
    }
    for (const auto& p : page->items) {
      items.push_back(patient_json(p));
      ctx.audit_read("patient", p.id, p.id);
    }
    next = page->next_cursor;
  }
  return json_ok(
      {{"items", items}, {"next_cursor", next.empty() ? nlohmann::json(nullptr) : nlohmann::json(next)}});
}

/// 409 `mrn_taken` when another patient of the clinic (not `self_id`) has `p`'s record number; checked in
/// the write's transaction, with the unique index (migration 0027) behind it.
Result<std::optional<net::Response>> mrn_taken(store::Tx& tx, const clinic::Patient& p,
                                               const std::string& self_id) {
  if (p.mrn.empty()) return std::optional<net::Response>();
  auto other = PHYSIO_TRY(tx.find_patient_by_mrn(p.clinic_id, p.mrn));
  if (!other || other->id == self_id) return std::optional<net::Response>();
  return std::optional<net::Response>(api_error(
      409, "mrn_taken",
      "the medical record number " + p.mrn +
          " is already another patient's in this clinic; check the number, or open that patient's record",
      "/mrn"));
}

net::Response create_patient(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "patient", "")) return *d;
  clinic::Patient p;
  p.clinic_id = who.clinic_id;
  apply_patient_fields(ctx.body, p);
  const bool confirmed = ctx.body.value("not_a_duplicate", false);
  std::vector<clinic::DuplicateMatch> found;
  std::optional<net::Response> taken;
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Patient> {
    // A record number names one patient of the clinic: not even a confirmed "not a duplicate" reuses it.
    if (taken = PHYSIO_TRY(mrn_taken(tx, p, "")); taken)
      return fail(ErrorCode::kInvalidArgument, "mrn taken");
    // Checked in the registration's transaction: two desks registering the same person at once both see
    // the check (the second one's candidates include the first once it committed).
    if (!confirmed) {
      found = clinic::possible_duplicates(p, PHYSIO_TRY(tx.patients_like(p.clinic_id, p)));
      if (!found.empty()) return fail(ErrorCode::kInvalidArgument, "possible duplicate");
    }
    auto np = PHYSIO_TRY(tx.create_patient(p));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("patient", np.id, np.id)}));
    // The registration details given with it, in the same transaction (checked by the body schema).
    if (ctx.body.contains("registration")) {
      clinic::Registration reg;
      take_registration_fields(ctx.body["registration"], reg);
      PHYSIO_CHECK(store::put_patient_registration(tx, np.clinic_id, np.id, reg, who.user_id));
    }
    return np;
  });
  if (!created) {
    if (taken) return *taken;
    if (!found.empty()) return duplicate_answer(ctx, found);
    return store_error(created.error());
  }
  return json_ok(patient_json(*created), 201);
}

net::Response get_patient(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto restriction =
      ctx.services.store().read([&](store::Tx& tx) { return tx.get_restriction(p.clinic_id, p.id); });
  if (!restriction) return store_error(restriction.error());
  ctx.audit_read("patient", p.id, p.id);
  auto j = patient_json(p);
  j["restriction"] = restriction_of(*restriction);  // the banner of a restricted record (GDPR art. 18)
  return json_ok(j);
}

net::Response update_patient(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (ctx.body.contains("version") && ctx.body["version"].get<std::int64_t>() != p.version)
    return api_error(409, "conflict", "the record changed since you read it; reload and try again",
                     "version");
  apply_patient_fields(ctx.body, p);
  std::optional<net::Response> taken;
  auto updated = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Patient> {
    if (taken = PHYSIO_TRY(mrn_taken(tx, p, p.id)); taken)
      return fail(ErrorCode::kInvalidArgument, "mrn taken");
    auto np = PHYSIO_TRY(tx.update_patient(p));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("patient", np.id, np.id)}));
    return np;
  });
  if (!updated) return taken ? *taken : store_error(updated.error());
  return json_ok(patient_json(*updated));
}

// ---- episodes and consents (appointments: server/schedule)
// ------------------------------------------------------------

net::Response list_episodes(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto list = ctx.services.store().read([&](store::Tx& tx) { return tx.list_episodes(p.clinic_id, p.id); });
  if (!list) return store_error(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *list) out.push_back(episode_json(e));
  ctx.audit_read("episode", "", p.id);
  return json_ok(out);
}

net::Response create_episode(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  clinic::Episode e;
  e.clinic_id = p.clinic_id;
  e.patient_id = p.id;
  e.status = ctx.body.value("status", std::string("active"));
  e.icd10_code = str(ctx.body, "icd10_code");
  e.condition_text = str(ctx.body, "condition_text");
  e.side = str(ctx.body, "side");
  e.onset_date = str(ctx.body, "onset_date");
  e.surgery_date = str(ctx.body, "surgery_date");
  e.referral_source = str(ctx.body, "referral_source");
  e.referral_date = str(ctx.body, "referral_date");
  e.goals = str(ctx.body, "goals");
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Episode> {
    auto ne = PHYSIO_TRY(tx.create_episode(e));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("episode", ne.id, p.id)}));
    return ne;
  });
  if (!created) return store_error(created.error());
  return json_ok(episode_json(*created), 201);
}

net::Response list_consents(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto list = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<std::vector<clinic::Consent>, std::vector<clinic::User>>> {
        auto rows = PHYSIO_TRY(tx.list_consents(p.clinic_id, p.id));
        return std::make_pair(std::move(rows), PHYSIO_TRY(tx.list_users(p.clinic_id)));
      });
  if (!list) return store_error(list.error());
  std::map<std::string, std::string> names;
  for (const auto& u : list->second)
    names[u.id] = u.role == clinic::Role::kPatient ? "the patient" : u.display_name;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list->first) {
    auto j = consent_json(c);
    // Who recorded it, as the register shows it (a former member of staff when the login is gone).
    auto it = names.find(c.recorded_by);
    j["recorded_by_name"] = it == names.end() || it->second.empty() ? "a former member of staff" : it->second;
    out.push_back(std::move(j));
  }
  ctx.audit_read("consent", "", p.id);
  return json_ok(out);
}

net::Response create_consent(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  clinic::Consent c;
  c.clinic_id = p.clinic_id;
  c.patient_id = p.id;
  c.kind = ctx.body["kind"].get<std::string>();
  c.status = ctx.body["status"].get<std::string>();
  c.note = str(ctx.body, "note");
  c.method = ctx.body["method"].get<std::string>();
  c.text_version = str(ctx.body, "text_version");
  c.recorded_by = ctx.principal().user_id;
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Consent> {
    auto nc = PHYSIO_TRY(tx.create_consent(c));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("consent", nc.id, p.id)}));
    return nc;
  });
  if (!created) return store_error(created.error());
  return json_ok(consent_json(*created), 201);
}

// ---- observations and the access log -------------------------------------------------------------

net::Response list_observations(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  store::ObservationQuery q;
  if (auto code = ctx.query("code")) q.code = *code;
  auto list =
      ctx.services.store().read([&](store::Tx& tx) { return tx.list_observations(p.clinic_id, p.id, q); });
  if (!list) return store_error(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : *list) out.push_back(observation_json(o));
  ctx.audit_read("observation", "", p.id);
  return json_ok(out);
}

net::Response list_access_log(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  store::AuditQuery q;
  q.patient_id = p.id;
  q.cursor = ctx.query("cursor").value_or("");
  auto page = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<store::Page<clinic::AuditEvent>, std::vector<clinic::User>>> {
        auto events = PHYSIO_TRY(tx.list_audit(p.clinic_id, q));
        auto users = PHYSIO_TRY(tx.list_users(p.clinic_id));
        return std::make_pair(std::move(events), std::move(users));
      });
  if (!page) {
    if (page.error().code() == ErrorCode::kInvalidArgument)
      return api_error(400, "invalid_query", page.error().message(), "cursor");
    return store_error(page.error());
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : page->first.items) {
    std::string actor = e.actor_id;
    for (const auto& u : page->second)
      if (u.id == e.actor_id) actor = u.display_name.empty() ? u.email : u.display_name;
    items.push_back({{"time", iso_time(e.time_us)},
                     {"actor", actor},
                     {"role", e.role},
                     {"action", e.action},
                     {"record_type", e.record_type},
                     {"outcome", e.outcome},
                     {"client", e.client}});
  }
  ctx.audit_read("audit", "", p.id);
  const auto& next = page->first.next_cursor;
  return json_ok(
      {{"items", items}, {"next_cursor", next.empty() ? nlohmann::json(nullptr) : nlohmann::json(next)}});
}

Route route(std::string method, std::string pattern, std::string summary, Action action, Target target,
            std::string audit, std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), action, target,
                    std::move(audit), std::move(fn));
}

Route with_body(Route r, std::vector<FieldSpec> fields) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  return r;
}

}  // namespace

void add_patient_routes(RouteTable& routes) {
  routes.push_back(
      with_query(route("GET", "/api/patients", "List and search patients (keyset paging: q, cursor, limit)",
                       Action::kReadDemographics, Target::kPatientList, "patient.search", list_patients),
                 {{"q", "search text: name, record number, birth date"},
                  {"cursor", "the next_cursor of the previous page"},
                  {"limit", "patients per page", "integer"}}));
  auto reg = patient_fields(true);
  reg.push_back(
      {"not_a_duplicate",
       FieldType::kBoolean,
       false,
       "register even though the record may hold the person (the 409 possible_duplicate listed them)",
       0,
       {},
       nullptr});
  reg.push_back(json_field("registration", "object",
                           "the registration details (the fields of PUT /api/patients/{id}/registration)",
                           registration_object_problem));
  routes.push_back(
      with_body(route("POST", "/api/patients",
                      "Register a patient (409 possible_duplicate with the candidates unless "
                      "not_a_duplicate is true)",
                      Action::kWriteDemographics, Target::kClinic, "patient.create", create_patient),
                reg));
  routes.push_back(route("GET", "/api/patients/{id}", "A patient's demographics", Action::kReadDemographics,
                         Target::kPatient, "patient.read", get_patient));
  auto upd = patient_fields(false);
  upd.push_back({"version",
                 FieldType::kInteger,
                 false,
                 "the version read; refused if it changed since",
                 0,
                 {},
                 nullptr,
                 1,
                 1e15});
  routes.push_back(
      with_body(route("PATCH", "/api/patients/{id}", "Change a patient's details", Action::kWriteDemographics,
                      Target::kPatient, "patient.update", update_patient),
                upd));
  routes.push_back(route("GET", "/api/patients/{id}/episodes", "A patient's episodes of care",
                         Action::kReadClinical, Target::kPatient, "episode.read", list_episodes));
  routes.push_back(with_body(
      route("POST", "/api/patients/{id}/episodes",
            "Open an episode of care (condition, ICD-10-CM, side, dates)", Action::kWriteClinical,
            Target::kPatient, "episode.create", create_episode),
      {icd10_code_field(),
       {"condition_text",
        FieldType::kString,
        false,
        "the condition in words",
        500,
        {},
        [](std::string_view v) { return clinic::text_problem(v, 500); }},
       {"side", FieldType::kString, false, "body side", 10, {"left", "right", "bilateral", "none"}, nullptr},
       {"status",
        FieldType::kString,
        false,
        "episode status",
        12,
        {"planned", "active", "onhold", "finished", "cancelled"},
        nullptr},
       {"onset_date", FieldType::kString, false, "YYYY-MM-DD", 10, {}, clinic::date_problem},
       {"surgery_date", FieldType::kString, false, "YYYY-MM-DD", 10, {}, clinic::date_problem},
       {"referral_source",
        FieldType::kString,
        false,
        "who referred",
        200,
        {},
        [](std::string_view v) { return clinic::text_problem(v, 200); }},
       {"referral_date", FieldType::kString, false, "YYYY-MM-DD", 10, {}, clinic::date_problem},
       {"goals", FieldType::kString, false, "goals in words", 2000, {}, [](std::string_view v) {
          return clinic::text_problem(v, 2000, true);
        }}}));
  routes.push_back(route("GET", "/api/patients/{id}/consents", "A patient's consents", Action::kReadConsent,
                         Target::kPatient, "consent.read", list_consents));
  routes.push_back(with_body(
      route("POST", "/api/patients/{id}/consents", "Record a consent given or withdrawn",
            Action::kWriteConsent, Target::kPatient, "consent.create", create_consent),
      {{"kind", FieldType::kString, true, "what the consent covers", 32, consent_kind_ids(), nullptr},
       {"status", FieldType::kString, true, "given or withdrawn", 10, {"given", "withdrawn"}, nullptr},
       {"method",
        FieldType::kString,
        true,
        "how it was given or withdrawn",
        20,
        {"in_person_signed", "in_person_verbal", "phone", "online"},
        nullptr},
       {"text_version",
        FieldType::kString,
        false,
        "the version of the consent text shown",
        40,
        {},
        [](std::string_view v) { return clinic::text_problem(v, 40); }},
       {"note", FieldType::kString, false, "note", 500, {}, [](std::string_view v) {
          return clinic::text_problem(v, 500, true);
        }}}));
  routes.push_back(with_query(
      route("GET", "/api/patients/{id}/observations", "A patient's measurements over time (code filter)",
            Action::kReadClinical, Target::kPatient, "observation.read", list_observations),
      {{"code", "only measurements with this code"}}));
  routes.push_back(
      with_query(route("GET", "/api/patients/{id}/audit", "Who opened or changed this patient's record",
                       Action::kReadAccessLog, Target::kPatient, "audit.read", list_access_log),
                 {{"cursor", "the next_cursor of the previous page"}}));
}

}  // namespace physio::server
