// Patient/{id}/$everything: the patient and every resource of their compartment the caller's role may
// read, as one paged searchset (_count, _type, _since), each page authorized again.
#include <set>

#include "fhir/bundle.hpp"
#include "fhir/compartment.hpp"
#include "fhir/resources.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/interop/fhir_routes.hpp"
#include "server/interop/fhir_supporting.hpp"

namespace physio::server {
namespace {

using json = nlohmann::json;

const fhir::ResourceTypeDef& everything_def() {
  static const fhir::ResourceTypeDef def = {
      "everything",
      true,
      {{"_type", fhir::ParamType::kToken, {"resourceType"}, "resource types to include, comma-separated"},
       {"_since",
        fhir::ParamType::kDate,
        {"meta.lastUpdated"},
        "only resources changed at or after this instant"}},
      {},
      ""};
  return def;
}

net::Response everything(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return as_fhir_error(std::move(*d));
  auto params = ctx.req.query_params();
  for (auto& [k, v] : params)
    if (k == "_since" && !v.empty() && v[0] >= '0' && v[0] <= '9') v = "ge" + v;
  auto q = fhir::parse_search(everything_def(), params);
  if (!q) return fhir_problem(q.error());
  for (const auto& c : q->criteria)
    if (c.def->name == "_type")
      for (const auto& t : c.values)
        if (!fhir::find_type(t))
          return fhir_problem(
              {400, "invalid", "_type: '" + t + "' is not a resource type this server serves", "_type"});
  const auto& who = ctx.principal();
  auto items = ctx.services.store().read([&](store::Tx& tx) -> Result<std::vector<fhir::SearchItem>> {
    std::vector<fhir::SearchItem> out;
    for (const auto& type : fhir::compartment_types()) {
      const auto action = fhir::read_action(type);
      if (action && !clinic::role_allows(who.role, *action)) continue;
      for (auto& it : PHYSIO_TRY(load_compartment(tx, p, type, who, true)))
        if (!fhir::records_a_fhir_read(it.resource)) out.push_back(std::move(it));
    }
    return out;
  });
  if (!items) return store_error(items.error());
  auto page = fhir::select_page(*q, *items, who.user_id + "|" + who.clinic_id);
  if (!page) return fhir_problem(page.error());
  // The Practitioners, the Organization and the Device this page references, as included entries: every
  // page is self-contained.
  std::vector<const json*> on_page;
  for (const auto* it : page->items) on_page.push_back(&it->resource);
  const auto refs = fhir::unresolved_references(on_page);
  auto included = ctx.services.store().read(
      [&](store::Tx& tx) { return supporting_resources(tx, p.clinic_id, refs, fhir::supporting_types()); });
  if (!included) return store_error(included.error());
  std::set<std::string> types;
  for (const auto* it : page->items) types.insert(it->resource["resourceType"].get<std::string>());
  for (const auto& t : types) {
    std::string record_type = t;
    for (auto& c : record_type)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    ctx.audit_read(record_type, "", p.id);
  }
  auto bundle = fhir::searchset(*q, *page, *included, {fhir_base(ctx), "Patient/" + p.id + "/$everything"},
                                fhir::instant(now_us()));
  return fhir_ok(bundle);
}

}  // namespace

void add_fhir_everything_route(RouteTable& routes) {
  routes.push_back(with_query(
      make_route("GET", "/fhir/Patient/{id}/$everything",
                 "Everything in a patient's record the caller may read, paged (_count, _type, _since)",
                 clinic::Action::kReadDemographics, Target::kPatient, "fhir.patient.everything", everything),
      {{"_count", "entries per page, 1 to 500 (default 50)", "integer"},
       {"_cursor", "the paging cursor of a next link"},
       {"_type", "only these resource types, comma-separated"},
       {"_since", "only resources changed since this FHIR instant"}}));
}

}  // namespace physio::server
