// Matching a resource against a search's criteria, dates as ranges, and the order of the results
// (search.hpp: matches, date_range, sort_key).
#include "fhir/search.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "fhir/json_path.hpp"
#include "fhir/search_detail.hpp"
#include "fhir/subset.hpp"

namespace physio::fhir {

using json = nlohmann::json;
using search_detail::date_prefix;
using search_detail::lower;

std::string search_detail::lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

namespace {

// ---- dates ----------------------------------------------------------------------------------------

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

constexpr long long kUsPerDay = 86'400'000'000LL;

}  // namespace

/// A date-typed search value's prefix and its remainder.
std::pair<std::string, std::string_view> search_detail::date_prefix(std::string_view v) {
  if (v.size() >= 2 && v[0] >= 'a' && v[0] <= 'z' && v[1] >= 'a' && v[1] <= 'z')
    return {std::string(v.substr(0, 2)), v.substr(2)};
  return {"eq", v};
}

namespace {

/// A Period's range: from its start's first instant to its end's last; a missing end is open (still going),
/// a missing start unbounded before; nullopt for anything that is not a Period with a start or an end.
std::optional<std::pair<long long, long long>> period_range(const json& node) {
  if (!node.is_object() || (!node.contains("start") && !node.contains("end"))) return std::nullopt;
  constexpr long long kOpen = std::numeric_limits<long long>::max() / 4;
  std::pair<long long, long long> out{-kOpen, kOpen};
  if (node.contains("start")) {
    const auto r = node["start"].is_string() ? date_range(node["start"].get<std::string>()) : std::nullopt;
    if (!r) return std::nullopt;
    out.first = r->first;
  }
  if (node.contains("end")) {
    const auto r = node["end"].is_string() ? date_range(node["end"].get<std::string>()) : std::nullopt;
    if (!r) return std::nullopt;
    out.second = r->second;
  }
  return out;
}

bool date_matches(std::string_view prefix, std::pair<long long, long long> want,
                  std::pair<long long, long long> have) {
  if (prefix == "eq") return have.first >= want.first && have.second <= want.second;
  if (prefix == "ne") return !(have.first >= want.first && have.second <= want.second);
  if (prefix == "lt") return have.first < want.first;
  if (prefix == "le") return have.first < want.second;
  if (prefix == "gt") return have.second > want.second;
  if (prefix == "ge") return have.second > want.first;
  if (prefix == "sa") return have.first >= want.second;
  if (prefix == "eb") return have.second <= want.first;
  // Approximately: the requested range widened by a day on each side overlaps the value's.
  if (prefix == "ap") return have.first < want.second + kUsPerDay && have.second > want.first - kUsPerDay;
  return false;
}

// ---- tokens, strings, references ------------------------------------------------------------------

bool token_matches(std::string_view value, const json& node) {
  std::optional<std::string_view> system;
  std::string_view code = value;
  if (const auto bar = value.find('|'); bar != std::string_view::npos) {
    system = value.substr(0, bar);
    code = value.substr(bar + 1);
  }
  auto one = [&](const json& sys, const json& c) {
    const std::string s = sys.is_string() ? sys.get<std::string>() : std::string();
    const std::string v = c.is_string()    ? c.get<std::string>()
                          : c.is_boolean() ? (c.get<bool>() ? "true" : "false")
                                           : std::string();
    if (system && *system != s) return false;
    return code.empty() ? system.has_value() : v == code;
  };
  if (node.is_string() || node.is_boolean()) {
    // A code-typed element has its system implied by its value set: only the code is compared.
    const std::string v = node.is_string() ? node.get<std::string>() : (node.get<bool>() ? "true" : "false");
    return !code.empty() && v == code;
  }
  if (!node.is_object()) return false;
  if (node.contains("coding")) {
    for (const auto& c : node["coding"])
      if (c.is_object() && one(c.value("system", json()), c.value("code", json()))) return true;
    return false;
  }
  if (node.contains("code")) return one(node.value("system", json()), node["code"]);
  if (node.contains("value")) return one(node.value("system", json()), node["value"]);
  return false;
}

bool string_matches(std::string_view modifier, std::string_view value, const json& node) {
  if (!node.is_string()) return false;
  const std::string have = node.get<std::string>();
  if (modifier == "exact") return have == value;
  const std::string h = lower(have), w = lower(value);
  if (modifier == "contains") return h.find(w) != std::string::npos;
  return h.starts_with(w);
}

bool reference_matches(std::string_view value, const json& node) {
  std::string ref;
  if (node.is_string())
    ref = node.get<std::string>();
  else if (node.is_object() && node.contains("reference") && node["reference"].is_string())
    ref = node["reference"].get<std::string>();
  if (ref.empty()) return false;
  if (value.find('/') != std::string_view::npos)
    return ref == value || ref.ends_with("/" + std::string(value));
  const auto slash = ref.rfind('/');
  return (slash == std::string::npos ? ref : ref.substr(slash + 1)) == value;
}

bool criterion_matches(const Criterion& c, const SearchItem& item) {
  const auto& def = *c.def;
  if (def.name == "patient") {
    for (const auto& v : c.values) {
      const auto slash = v.rfind('/');
      if ((slash == std::string::npos ? v : v.substr(slash + 1)) == item.patient_id) return true;
    }
    return false;
  }
  std::vector<const json*> nodes;
  for (const auto& path : def.paths) {
    auto more = values_at(item.resource, path);
    nodes.insert(nodes.end(), more.begin(), more.end());
  }
  for (const auto& v : c.values) {
    for (const json* n : nodes) {
      switch (def.type) {
        case ParamType::kToken:
          if (token_matches(v, *n)) return true;
          break;
        case ParamType::kString:
          if (string_matches(c.modifier, v, *n)) return true;
          break;
        case ParamType::kUri:
          if (n->is_string() && n->get<std::string>() == v) return true;
          break;
        case ParamType::kReference:
          if (reference_matches(v, *n)) return true;
          break;
        case ParamType::kDate: {
          const auto [prefix, rest] = date_prefix(v);
          const auto want = date_range(rest);
          const auto have = n->is_string() ? date_range(n->get<std::string>()) : period_range(*n);
          if (want && have && date_matches(prefix, *want, *have)) return true;
          break;
        }
      }
    }
  }
  return false;
}

}  // namespace

std::optional<std::pair<long long, long long>> date_range(std::string_view s) {
  int y = 0, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || y < 1) return std::nullopt;
  if (s.size() == 4) {
    const long long a = days_from_civil(y, 1, 1) * kUsPerDay;
    return std::pair{a, days_from_civil(y + 1, 1, 1) * kUsPerDay};
  }
  if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2, mo) || mo < 1 || mo > 12) return std::nullopt;
  if (s.size() == 7) {
    const long long a = days_from_civil(y, static_cast<unsigned>(mo), 1) * kUsPerDay;
    return std::pair{a, a + days_in_month(y, static_cast<unsigned>(mo)) * kUsPerDay};
  }
  if (s.size() < 10 || s[7] != '-' || !digits(s, 8, 2, d) ||
      !is_valid_date(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)))
    return std::nullopt;
  const long long day = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kUsPerDay;
  if (s.size() == 10) return std::pair{day, day + kUsPerDay};
  if (s[10] != 'T' || !digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi) ||
      h > 23 || mi > 59)
    return std::nullopt;
  std::size_t pos = 16;
  long long precision_us = 60'000'000;
  long long frac_us = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec) || sec > 60) return std::nullopt;
    pos += 3;
    precision_us = 1'000'000;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      long long scale = 100'000;
      std::size_t n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac_us += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
        ++n;
      }
      if (n == 0) return std::nullopt;
      precision_us = n >= 6 ? 1 : std::max(1LL, scale * 10);
    }
  }
  long long offset_us = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 14 || om > 59)
      return std::nullopt;
    offset_us = (oh * 3600LL + om * 60LL) * 1'000'000LL * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;  // a time needs its zone
  }
  if (pos != s.size()) return std::nullopt;
  const long long t = day + ((h * 60LL + mi) * 60LL + sec) * 1'000'000LL + frac_us - offset_us;
  return std::pair{t, t + precision_us};
}

bool matches(const SearchQuery& q, const SearchItem& item) {
  for (const auto& c : q.criteria)
    if (!criterion_matches(c, item)) return false;
  return true;
}

std::string sort_key(const ResourceTypeDef& type, const json& resource, std::string_view path) {
  std::string key;
  const std::string_view by = path.empty() ? std::string_view(type.sort_path) : path;
  if (!by.empty()) {
    auto v = values_at(resource, by);
    // A Period sorts by its start.
    if (!v.empty() && v.front()->is_object() && v.front()->contains("start")) v = {&(*v.front())["start"]};
    if (!v.empty() && v.front()->is_string()) {
      const auto r = date_range(v.front()->get<std::string>());
      key = r ? fmt::format("{:020d}", r->first + 9'000'000'000'000'000'000LL / 2)
              : lower(v.front()->get<std::string>());
    }
  }
  const std::string id = resource.value("id", std::string());
  const bool numeric =
      !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  // The type last: a Condition and a Goal made from one episode share an id.
  return key + "|" + (numeric ? std::string(20 - std::min<std::size_t>(20, id.size()), '0') + id : id) + "|" +
         resource.value("resourceType", std::string());
}

}  // namespace physio::fhir
