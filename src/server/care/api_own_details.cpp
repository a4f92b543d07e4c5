// What a patient changes themself from their own pages (docs/server/patient-admin.md, "From the patient's
// pages"): their phone, e-mail, agreement to e-mails, address and emergency contact, and their consents
// given or withdrawn online. Their own record only (clinic::Action::kEditOwnDetails is the patient's; another
// record is not found); each change audited with the names of the fields that changed. A withdrawal takes
// effect at once: what a consent gates reads the register when it acts.
#include "clinic/consents.hpp"
#include "clinic/registration.hpp"
#include "clinic/validation.hpp"
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

const std::vector<std::string>& own_registration_fields() {
  static const std::vector<std::string> names = {
      "address_lines",          "city",           "region", "postcode", "country", "emergency_name",
      "emergency_relationship", "emergency_phone"};
  return names;
}

net::Response put_own_details(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  std::optional<net::Response> refused;
  auto saved = ctx.services.store().write(
      [&](store::Tx& tx) -> Result<std::pair<clinic::Patient, store::RegistrationRow>> {
        std::string changed;
        auto note = [&](const char* name) { changed += changed.empty() ? name : std::string(", ") + name; };
        auto np = p;
        for (const auto& [key, member] :
             {std::pair{"phone", &clinic::Patient::phone}, {"email", &clinic::Patient::email}}) {
          if (!ctx.body.contains(key)) continue;
          auto v = ctx.body[key].get<std::string>();
          if (v != np.*member) {
            np.*member = std::move(v);
            note(key);
          }
        }
        if (ctx.body.contains("email_ok") && ctx.body["email_ok"].get<bool>() != np.email_ok) {
          np.email_ok = ctx.body["email_ok"].get<bool>();
          note("email_ok");
        }
        if (np.email_ok && np.email.empty()) {
          refused = api_error(400, "invalid_body", "E-mail is needed to agree to e-mails from the clinic",
                              "/email");
          return fail(ErrorCode::kInvalidArgument, "refused");
        }
        if (np.preferred_contact == "email" && np.email.empty()) np.preferred_contact.clear();
        if (np.preferred_contact == "phone" && np.phone.empty()) np.preferred_contact.clear();
        auto row = PHYSIO_TRY(store::get_patient_registration(tx, p.clinic_id, p.id));
        const auto reg_changed = take_registration_fields(ctx.body, row.details, own_registration_fields());
        if (!reg_changed.empty()) changed += (changed.empty() ? "" : ", ") + reg_changed;
        if (auto problems = clinic::registration_problems(row.details); !problems.empty()) {
          const auto* f = clinic::find_registration_field(problems.front().field);
          refused =
              api_error(400, "invalid_body",
                        (f ? std::string(f->label) : problems.front().field) + " " + problems.front().problem,
                        "/" + problems.front().field);
          return fail(ErrorCode::kInvalidArgument, "refused");
        }
        if (np.phone != p.phone || np.email != p.email || np.email_ok != p.email_ok ||
            np.preferred_contact != p.preferred_contact)
          np = PHYSIO_TRY(tx.update_patient(np));
        if (!reg_changed.empty())
          PHYSIO_CHECK(
              store::put_patient_registration(tx, p.clinic_id, p.id, row.details, ctx.principal().user_id));
        auto ev = ctx.audit_event("patient", p.id, p.id);
        ev.detail = changed.empty() ? std::string("nothing changed") : "changed by the patient: " + changed;
        PHYSIO_CHECK(tx.append_audit({ev}));
        return std::make_pair(np, PHYSIO_TRY(store::get_patient_registration(tx, p.clinic_id, p.id)));
      });
  if (!saved) return refused ? *refused : store_error(saved.error());
  return json_ok(
      {{"patient", patient_json(saved->first)}, {"registration", registration_json(saved->second)}});
}

net::Response post_own_consent(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  clinic::Consent c;
  c.clinic_id = p.clinic_id;
  c.patient_id = p.id;
  c.kind = ctx.body["kind"].get<std::string>();
  c.status = ctx.body["status"].get<std::string>();
  c.method = "online";
  c.recorded_by = ctx.principal().user_id;
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Consent> {
    auto nc = PHYSIO_TRY(tx.create_consent(c));
    auto ev = ctx.audit_event("consent", nc.id, p.id);
    ev.detail = c.kind + " " + c.status + " by the patient";
    PHYSIO_CHECK(tx.append_audit({ev}));
    return nc;
  });
  if (!created) return store_error(created.error());
  return json_ok(consent_json(*created), 201);
}

std::vector<std::string> own_consent_kinds() {
  std::vector<std::string> out;
  for (const auto& k : clinic::consent_kinds()) out.emplace_back(k.id);
  return out;
}

}  // namespace

void add_own_details_routes(RouteTable& routes) {
  auto fields = registration_field_specs(own_registration_fields());
  fields.push_back({"phone",
                    FieldType::kString,
                    false,
                    "the patient's phone, in international form (\"\" clears it)",
                    clinic::kMaxPhoneChars,
                    {},
                    [](std::string_view v) {
                      auto p = clinic::e164_phone_problem(v);
                      return p.empty() ? p : "Phone " + p;
                    }});
  fields.push_back({"email",
                    FieldType::kString,
                    false,
                    "the patient's e-mail (\"\" clears it)",
                    254,
                    {},
                    [](std::string_view v) {
                      auto p = clinic::email_problem(v);
                      return p.empty() ? p : "E-mail " + p;
                    }});
  fields.push_back({"email_ok",
                    FieldType::kBoolean,
                    false,
                    "the patient agrees to e-mails from the clinic (false stops them at once)",
                    0,
                    {},
                    nullptr});
  routes.push_back(with_body(
      make_route("PUT", "/api/patients/{id}/own-details",
                 "The patient changes their own phone, e-mail, agreement to e-mails, address and emergency "
                 "contact; each field optional",
                 Action::kEditOwnDetails, Target::kPatient, "patient.self_update", put_own_details),
      fields, 4 * 1024));
  routes.push_back(with_body(
      make_route(
          "POST", "/api/patients/{id}/own-consents",
          "The patient gives or withdraws one of their own consents online (recorded as method online)",
          Action::kEditOwnDetails, Target::kPatient, "consent.self", post_own_consent),
      {{"kind", FieldType::kString, true, "what the consent covers", 32, own_consent_kinds(), nullptr},
       {"status", FieldType::kString, true, "given or withdrawn", 10, {"given", "withdrawn"}, nullptr}},
      1024));
}

}  // namespace physio::server
