// A patient's registration details (docs/server/patient-admin.md, "Registration details"): address,
// emergency contact, referrer, GP or family doctor, who pays. Read by whoever may read the demographics,
// changed by whoever may change them, audited with the names of the fields that changed (never their
// values); and the lists the pages choose from (countries, languages, who pays).
#include "clinic/registration.hpp"
#include "server/care/registration_json.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {
namespace {

using clinic::Action;

/// 400 naming the first field the rules between fields refuse, or nothing.
std::optional<net::Response> cross_field_problem(const clinic::Registration& r) {
  const auto problems = clinic::registration_problems(r);
  if (problems.empty()) return std::nullopt;
  const auto* f = clinic::find_registration_field(problems.front().field);
  const std::string label = f ? std::string(f->label) : problems.front().field;
  return api_error(400, "invalid_body", label + " " + problems.front().problem, "/" + problems.front().field);
}

net::Response get_registration(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto r = ctx.services.store().read(
      [&](store::Tx& tx) { return store::get_patient_registration(tx, p.clinic_id, p.id); });
  if (!r) return store_error(r.error());
  ctx.audit_read("registration", p.id, p.id);
  return json_ok(registration_json(*r));
}

net::Response put_registration(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  std::optional<net::Response> refused;
  auto saved = ctx.services.store().write([&](store::Tx& tx) -> Result<store::RegistrationRow> {
    auto row = PHYSIO_TRY(store::get_patient_registration(tx, p.clinic_id, p.id));
    const std::string changed = take_registration_fields(ctx.body, row.details);
    if ((refused = cross_field_problem(row.details))) return fail(ErrorCode::kInvalidArgument, "refused");
    PHYSIO_CHECK(
        store::put_patient_registration(tx, p.clinic_id, p.id, row.details, ctx.principal().user_id));
    auto ev = ctx.audit_event("registration", p.id, p.id);
    ev.detail = changed.empty() ? std::string("nothing changed") : "changed: " + changed;
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::get_patient_registration(tx, p.clinic_id, p.id);
  });
  if (!saved) return refused ? *refused : store_error(saved.error());
  return json_ok(registration_json(*saved));
}

net::Response get_lists(RequestContext&) {
  nlohmann::json countries = nlohmann::json::array(), languages = nlohmann::json::array(),
                 funders = nlohmann::json::array();
  for (const auto& c : clinic::countries()) countries.push_back({{"code", c.code}, {"name", c.name}});
  for (const auto& l : clinic::languages()) languages.push_back({{"tag", l.tag}, {"name", l.name}});
  for (const auto& k : clinic::funder_kinds()) funders.push_back({{"id", k.id}, {"name", k.name}});
  return json_ok({{"countries", countries}, {"languages", languages}, {"funder_kinds", funders}});
}

}  // namespace

void add_registration_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/registration-lists",
                              "What registration chooses from: countries (ISO 3166-1 alpha-2), languages "
                              "(BCP 47 tags) and who pays, each with its name",
                              std::nullopt, Target::kNone, "", get_lists));
  routes.push_back(make_route("GET", "/api/patients/{id}/registration",
                              "A patient's registration details: address, emergency contact, referrer, GP, "
                              "who pays",
                              Action::kReadDemographics, Target::kPatient, "registration.read",
                              get_registration));
  routes.push_back(with_body(
      make_route("PUT", "/api/patients/{id}/registration",
                 "Change a patient's registration details; each field optional, an empty string clears it",
                 Action::kWriteDemographics, Target::kPatient, "registration.update", put_registration),
      registration_field_specs(), 8 * 1024));
}

}  // namespace physio::server
