// The condition's code from a searchable list (docs/server/api.md, GET /api/icd10): the episode form types
// words or the start of a code and chooses from ICD-10-CM codes of data/coding/icd10cm.json (its source and
// release are in the file and in the answer). The same list checks the code an episode is opened with
// (icd10_code_problem): a code not in it is refused with a 400 naming the field.
#include "billing/icd10_search.hpp"
#include "clinic/validation.hpp"
#include "server/care/icd10_check.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {
namespace {

net::Response search(RequestContext& ctx) {
  const std::string q = ctx.query("q").value_or("");
  if (q.size() > 100)
    return api_error(400, "invalid_query", "search text must be at most 100 characters", "q");
  std::size_t limit = 20;
  if (auto lim = ctx.query("limit")) {
    char* end = nullptr;
    const long v = std::strtol(lim->c_str(), &end, 10);
    if (end == lim->c_str() || *end != '\0' || v < 1 || v > 100)
      return api_error(400, "invalid_query", "limit must be 1-100", "limit");
    limit = static_cast<std::size_t>(v);
  }
  auto catalog = billing::default_icd10_catalog();
  if (!catalog) return store_error(catalog.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : billing::search_icd10(**catalog, q, limit))
    items.push_back({{"code", m.code}, {"title", m.title}});
  return json_ok({{"system", "http://hl7.org/fhir/sid/icd-10-cm"},
                  {"system_name", "ICD-10-CM"},
                  {"version", (*catalog)->version},
                  {"items", items}});
}

}  // namespace

std::string icd10_code_problem(std::string_view code) {
  auto catalog = billing::default_icd10_catalog();
  if (!catalog) return "cannot be checked: the ICD-10-CM list is missing (" + catalog.error().message() + ")";
  auto v = billing::validate_icd10(**catalog, code);
  if (v) return {};
  std::string why = v.error().message();
  if (const auto at = why.find(" (data/"); at != std::string::npos) why.erase(at, why.find(')', at) + 1 - at);
  return "is not a complete ICD-10-CM code of the list (" + why + "); search the list by words or code";
}

FieldSpec icd10_code_field() {
  return {"icd10_code",
          FieldType::kString,
          false,
          "ICD-10-CM code, complete, from the list GET /api/icd10 searches",
          8,
          {},
          [](std::string_view v) {
            auto p = clinic::icd10cm_problem(v);
            return p.empty() ? icd10_code_problem(v) : p;
          }};
}

void add_icd10_routes(RouteTable& routes) {
  routes.push_back(with_query(
      make_route(
          "GET", "/api/icd10",
          "Search ICD-10-CM codes by words or the start of a code (complete codes only, with their titles)",
          std::nullopt, Target::kNone, "", search),
      {{"q", "words of the title (\"knee\") or the start of a code (\"M17\")"},
       {"limit", "codes at most (1-100, default 20)", "integer"}}));
}

}  // namespace physio::server
