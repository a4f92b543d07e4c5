#include "fhir/bundle.hpp"

#include "fhir/subset.hpp"

namespace physio::fhir {
namespace {

nlohmann::json entry(const SearchLinks& links, const nlohmann::json& resource, std::string_view mode) {
  return {{"fullUrl", links.base + "/" + resource.value("resourceType", std::string()) + "/" +
                          resource.value("id", std::string())},
          {"resource", resource},
          {"search", {{"mode", mode}}}};
}

}  // namespace

std::string query_string(const SearchQuery& q, std::string_view cursor) {
  std::string out;
  for (const auto& [k, v] : q.canonical) {
    out += out.empty() ? "" : "&";
    out += url_encode(k) + "=" + url_encode(v);
  }
  if (!cursor.empty()) out += (out.empty() ? "" : "&") + std::string("_cursor=") + url_encode(cursor);
  return out;
}

nlohmann::json searchset(const SearchQuery& q, const Page& page, const std::vector<nlohmann::json>& included,
                         const SearchLinks& links, std::string_view last_updated) {
  const std::string url = links.base + "/" + links.path;
  auto with_query = [&](std::string_view cursor) {
    const std::string qs = query_string(q, cursor);
    return qs.empty() ? url : url + "?" + qs;
  };
  nlohmann::json link = nlohmann::json::array({{{"relation", "self"}, {"url", with_query(q.cursor)}}});
  if (!page.next_cursor.empty())
    link.push_back({{"relation", "next"}, {"url", with_query(page.next_cursor)}});
  if (!page.prev_cursor.empty())
    link.push_back({{"relation", "previous"}, {"url", with_query(page.prev_cursor)}});
  if (!q.cursor.empty()) link.push_back({{"relation", "first"}, {"url", with_query({})}});
  nlohmann::json entries = nlohmann::json::array();
  if (q.summary != "count") {
    for (const auto* it : page.items)
      entries.push_back(entry(links, subset(it->resource, q.summary, q.elements), "match"));
    for (const auto& r : included) entries.push_back(entry(links, r, "include"));
  }
  nlohmann::json b = {{"resourceType", "Bundle"},
                      {"meta", {{"lastUpdated", last_updated}}},
                      {"type", "searchset"},
                      {"total", page.total},
                      {"link", link}};
  if (!entries.empty()) b["entry"] = entries;
  return b;
}

}  // namespace physio::fhir
