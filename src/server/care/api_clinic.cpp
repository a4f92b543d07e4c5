// The clinic's own words to its patients (docs/server/clinic-contact.md): its name, address, telephone and
// emergency numbers. Everyone signed in at the clinic reads them (the pages a patient opens say them); the
// administrator sets them, audited with what changed.
#include "clinic/clinic_contact.hpp"
#include "clinic/validation.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "store/clinic_contact.hpp"

namespace physio::server {
namespace {

using clinic::Action;

nlohmann::json contact_json(const store::ClinicContactRow& r) {
  return {{"name", r.contact.name},
          {"address", r.contact.address},
          {"phone", r.contact.phone},
          {"emergency_number", r.contact.emergency_number},
          {"updated", r.updated_us == 0 ? nlohmann::json(nullptr) : nlohmann::json(iso_time(r.updated_us))}};
}

net::Response get_contact(RequestContext& ctx) {
  const auto& who = ctx.principal();
  auto r = ctx.services.store().read([&](store::Tx& tx) { return store::get_clinic_contact(tx, who.clinic_id); });
  if (!r) return store_error(r.error());
  return json_ok(contact_json(*r));
}

net::Response put_contact(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "clinic", "")) return *d;
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Result<store::ClinicContactRow> {
    auto row = PHYSIO_TRY(store::get_clinic_contact(tx, who.clinic_id));
    auto c = row.contact;
    std::string changed;
    auto take = [&](const char* field, std::string& into) {
      if (!ctx.body.contains(field)) return;
      std::string v = ctx.body[field].get<std::string>();
      if (v == into) return;
      into = std::move(v);
      changed += changed.empty() ? field : std::string(", ") + field;
    };
    take("name", c.name);
    take("address", c.address);
    take("phone", c.phone);
    take("emergency_number", c.emergency_number);
    PHYSIO_CHECK(store::put_clinic_contact(tx, who.clinic_id, c, who.user_id));
    auto ev = ctx.audit_event("clinic", who.clinic_id, "");
    ev.detail = changed.empty() ? std::string("nothing changed") : "changed: " + changed;
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::get_clinic_contact(tx, who.clinic_id);
  });
  if (!st) return store_error(st.error());
  return json_ok(contact_json(*st));
}

}  // namespace

void add_clinic_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/clinic",
                              "The caller's clinic as its patients read it: name, address, telephone and "
                              "emergency numbers (empty when not set)",
                              std::nullopt, Target::kNone, "", get_contact));
  auto put = make_route("PUT", "/api/clinic",
                        "Set the clinic's name, address, telephone number and emergency number (the "
                        "administrator); each field optional, an empty string clears it",
                        Action::kManageStaff, Target::kClinic, "clinic.update", put_contact);
  put.body = BodyKind::kJson;
  put.max_body = 2 * 1024;
  put.schema.fields = {
      {"name", FieldType::kString, false, "the clinic's name as patients read it", 120, {},
       [](std::string_view v) { return v.empty() ? std::string("must not be empty") : clinic::text_problem(v, 120); }},
      {"address", FieldType::kString, false, "postal address, lines separated by newlines",
       clinic::kMaxAddressChars, {},
       [](std::string_view v) { return clinic::text_problem(v, clinic::kMaxAddressChars, true); }},
      {"phone", FieldType::kString, false, "the number patients phone (at least 6 digits)",
       clinic::kMaxPhoneChars, {}, [](std::string_view v) { return clinic::phone_number_problem(v, 6); }},
      {"emergency_number", FieldType::kString, false,
       "the emergency number of the clinic's country patients are told to call (112, 999, 911, ...)",
       clinic::kMaxPhoneChars, {}, [](std::string_view v) { return clinic::phone_number_problem(v, 3); }},
  };
  routes.push_back(std::move(put));
}

}  // namespace physio::server
