// FHIR search: the query parsed and checked (parse_search), and one page of the matches with paging cursors
// bound to the query and the caller (select_page). What each type is searched by is in search_types.cpp,
// matching and ordering in search_match.cpp.
#include "fhir/search.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "fhir/json_path.hpp"
#include "fhir/search_detail.hpp"
#include "fhir/subset.hpp"
#include "security/hash.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;
using search_detail::date_prefix;
using search_detail::lower;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto i = s.find(sep, start);
    out.emplace_back(s.substr(start, i == std::string_view::npos ? std::string_view::npos : i - start));
    if (i == std::string_view::npos) break;
    start = i + 1;
  }
  return out;
}

Problem bad_param(std::string_view param, std::string message) {
  return Problem{400, "invalid", std::move(message), std::string(param)};
}

// ---- cursors ----------------------------------------------------------------------------------------

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64url(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out += kB64[(n >> s) & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    if (i + 1 < in.size()) out += kB64[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unb64url(std::string_view in) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* at = std::find(kB64, kB64 + 64, c);
    if (at == kB64 + 64) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(at - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string cursor_check(const SearchQuery& q, std::string_view binding, std::string_view key) {
  std::string text = "fhir-search-v1\n" + std::string(binding) + "\n" + q.type->name + "\n";
  for (const auto& [k, v] : q.canonical) text += k + "=" + v + "\n";
  text += key;
  return security::blake2b_hex(text).substr(0, 24);
}

}  // namespace

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::expected<SearchQuery, Problem> parse_search(
    const ResourceTypeDef& type, const std::vector<std::pair<std::string, std::string>>& params,
    bool lenient) {
  SearchQuery q;
  q.type = &type;
  bool have_count = false, have_cursor = false;
  for (const auto& [raw_name, value] : params) {
    if (raw_name.size() > 64)
      return std::unexpected(bad_param(raw_name.substr(0, 64), "parameter name too long"));
    if (value.size() > 1000)
      return std::unexpected(bad_param(raw_name, raw_name + ": value longer than 1000 characters"));
    if (raw_name != "_cursor") q.canonical.emplace_back(raw_name, value);
    if (raw_name == "_count") {
      if (have_count) return std::unexpected(bad_param("_count", "_count given twice"));
      have_count = true;
      int n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1)
        return std::unexpected(bad_param("_count", "_count must be a whole number from 1 to " +
                                                       std::to_string(kMaxCount) + ", got '" + value + "'"));
      q.count = std::min(n, kMaxCount);
      continue;
    }
    if (raw_name == "_cursor") {
      if (have_cursor || value.empty())
        return std::unexpected(bad_param("_cursor", "_cursor must be given once, not empty"));
      have_cursor = true;
      q.cursor = value;
      continue;
    }
    if (raw_name == "_format") {
      if (value != "json" && value != "application/json" && value != "application/fhir+json")
        return std::unexpected(
            Problem{406, "not-supported", "only JSON is served (_format=json)", "_format"});
      continue;
    }
    if (raw_name == "_sort") {
      if (!q.sort_path.empty() || value.empty() || value.find(',') != std::string::npos)
        return std::unexpected(bad_param("_sort",
                                         "_sort takes one element, given once (_lastUpdated, _id or a date "
                                         "parameter; - for descending), got '" +
                                             value + "'"));
      const bool desc = value.starts_with('-');
      const std::string key = desc ? value.substr(1) : value;
      std::string path;
      if (key == "_lastUpdated") path = "meta.lastUpdated";
      if (key == "_id") path = "id";
      for (const auto& d : type.params)
        if (d.name == key && d.type == ParamType::kDate && !d.paths.empty()) path = d.paths.front();
      if (path.empty()) {
        std::string known = "_lastUpdated, _id";
        for (const auto& d : type.params)
          if (d.type == ParamType::kDate && d.name != "_lastUpdated") known += ", " + d.name;
        return std::unexpected(bad_param(
            "_sort", "_sort '" + key + "' is not a sort of " + type.name + "; supported: " + known));
      }
      q.sort_path = path;
      q.sort_descending = desc;
      continue;
    }
    if (raw_name == "_summary") {
      if (!q.summary.empty() || !is_summary_mode(value))
        return std::unexpected(
            bad_param("_summary",
                      "_summary is one of true, text, data, count, false, given once; got '" + value + "'"));
      q.summary = value;
      continue;
    }
    if (raw_name == "_elements") {
      for (auto& e : split(value, ',')) {
        if (e.empty() || e.find('.') != std::string::npos)
          return std::unexpected(
              bad_param("_elements", "_elements lists top-level element names, got '" + value + "'"));
        q.elements.push_back(std::move(e));
      }
      continue;
    }
    if (raw_name == "_revinclude") {
      if (value != "Provenance:target")
        return std::unexpected(
            bad_param("_revinclude", "_revinclude supports only Provenance:target, got '" + value + "'"));
      q.revinclude_provenance = true;
      continue;
    }
    if (raw_name == "_include") {
      // <Type>:patient / :subject (the patient), or any other reference parameter of the type.
      const SearchParamDef* ref = nullptr;
      if (value.starts_with(type.name + ":"))
        for (const auto& d : type.params)
          if (d.type == ParamType::kReference && d.name == value.substr(type.name.size() + 1)) ref = &d;
      if (ref == nullptr) {
        std::string known;
        for (const auto& d : type.params)
          if (d.type == ParamType::kReference)
            known += (known.empty() ? "" : ", ") + type.name + ":" + d.name;
        return std::unexpected(bad_param("_include", "_include '" + value + "' is not supported on " +
                                                         type.name +
                                                         (known.empty() ? "" : "; supported: " + known)));
      }
      if (ref->name == "patient" || ref->name == "subject")
        q.include_patient = true;
      else
        q.include_refs.push_back(ref);
      continue;
    }
    const auto colon = raw_name.find(':');
    const std::string name = raw_name.substr(0, colon);
    const std::string modifier = colon == std::string::npos ? "" : raw_name.substr(colon + 1);
    const SearchParamDef* def = nullptr;
    for (const auto& d : type.params)
      if (d.name == name) def = &d;
    if (def == nullptr && lenient) {
      q.ignored.push_back(raw_name);
      q.canonical.pop_back();
      continue;
    }
    if (def == nullptr) {
      std::string known;
      for (const auto& d : type.params) known += (known.empty() ? "" : ", ") + d.name;
      return std::unexpected(bad_param(raw_name, "unknown search parameter '" + name + "' for " + type.name +
                                                     "; supported: " + known +
                                                     ", _count, _sort, _summary, _elements, _revinclude" +
                                                     (type.includes.empty() ? "" : ", _include")));
    }
    if (!modifier.empty()) {
      const bool ok = def->type == ParamType::kString && (modifier == "exact" || modifier == "contains");
      if (!ok)
        return std::unexpected(
            bad_param(raw_name, "modifier ':" + modifier + "' is not supported on '" + name + "'"));
    }
    Criterion c{def, modifier, split(value, ',')};
    for (const auto& v : c.values) {
      if (v.empty()) return std::unexpected(bad_param(raw_name, name + ": empty value"));
      if (def->type == ParamType::kDate) {
        const auto [prefix, rest] = date_prefix(v);
        static const std::vector<std::string> kPrefixes = {"eq", "ne", "lt", "le", "gt",
                                                           "ge", "sa", "eb", "ap"};
        if (std::find(kPrefixes.begin(), kPrefixes.end(), prefix) == kPrefixes.end())
          return std::unexpected(bad_param(
              raw_name, name + ": unknown prefix '" + prefix + "' (eq, ne, lt, le, gt, ge, sa, eb, ap)"));
        if (!date_range(rest))
          return std::unexpected(bad_param(
              raw_name, name + ": '" + std::string(rest) +
                            "' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a zone)"));
      }
      if (def->type == ParamType::kReference && def->name == "patient") {
        const auto slash = v.rfind('/');
        if (slash != std::string::npos && v.substr(0, slash) != "Patient")
          return std::unexpected(
              bad_param(raw_name, "patient: expected Patient/<id> or <id>, got '" + v + "'"));
        q.patient_ids.push_back(slash == std::string::npos ? v : v.substr(slash + 1));
      }
    }
    q.criteria.push_back(std::move(c));
  }
  std::sort(q.canonical.begin(), q.canonical.end());
  return q;
}

std::expected<Page, Problem> select_page(const SearchQuery& q, const std::vector<SearchItem>& items,
                                         std::string_view binding) {
  // A cursor is the sort key of the last entry of the previous page (next) or of the first entry of the
  // next page, marked "p" (previous), with a check binding it to the query and the caller.
  std::string after;
  bool before = false;
  if (!q.cursor.empty()) {
    before = q.cursor.starts_with('p');
    const std::string_view body = std::string_view(q.cursor).substr(before ? 1 : 0);
    const auto dot = body.rfind('.');
    auto key = dot == std::string::npos ? std::nullopt : unb64url(body.substr(0, dot));
    if (!key || key->empty() || body.substr(dot + 1) != cursor_check(q, binding, (before ? "p" : "") + *key))
      return std::unexpected(
          Problem{400, "invalid",
                  "_cursor is not a paging cursor of this search for this user; follow the "
                  "next link of the previous page as it is",
                  "_cursor"});
    after = *key;
  }
  const bool desc = q.sort_descending;
  const auto less = [desc](const std::string& a, const std::string& b) { return desc ? b < a : a < b; };
  std::vector<std::pair<std::string, const SearchItem*>> hits;
  for (const auto& it : items)
    if (matches(q, it)) hits.emplace_back(sort_key(*q.type, it.resource, q.sort_path), &it);
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) { return less(a.first, b.first); });
  Page page;
  page.total = hits.size();
  const auto count = static_cast<std::size_t>(q.count);
  std::size_t start = 0;
  if (!after.empty() && !before)
    start = static_cast<std::size_t>(
        std::upper_bound(hits.begin(), hits.end(), after,
                         [&](const std::string& k, const auto& h) { return less(k, h.first); }) -
        hits.begin());
  if (!after.empty() && before) {
    const auto end = static_cast<std::size_t>(
        std::lower_bound(hits.begin(), hits.end(), after,
                         [&](const auto& h, const std::string& k) { return less(h.first, k); }) -
        hits.begin());
    start = end > count ? end - count : 0;
  }
  for (std::size_t i = start; i < hits.size() && page.items.size() < count; ++i)
    page.items.push_back(hits[i].second);
  const auto used = start + page.items.size();
  if (used < hits.size() && !page.items.empty()) {
    const std::string last = hits[used - 1].first;
    page.next_cursor = b64url(last) + "." + cursor_check(q, binding, last);
  }
  if (start > 0 && start < hits.size()) {
    const std::string first = hits[start].first;
    page.prev_cursor = "p" + b64url(first) + "." + cursor_check(q, binding, "p" + first);
  }
  return page;
}

}  // namespace physio::fhir
