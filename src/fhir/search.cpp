#include "fhir/search.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "fhir/json_path.hpp"
#include "fhir/subset.hpp"
#include "security/hash.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

SearchParamDef p(std::string name, ParamType type, std::vector<std::string> paths, std::string description) {
  return {std::move(name), type, std::move(paths), std::move(description)};
}

SearchParamDef id_param() {
  return p("_id", ParamType::kToken, {"id"}, "the resource id");
}
SearchParamDef patient_param() {
  return p("patient", ParamType::kReference, {}, "the patient whose compartment the resource is in");
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

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

Problem bad(std::string_view param, std::string message) {
  return Problem{400, "invalid", std::move(message), std::string(param)};
}

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

/// A date-typed search value's prefix and its remainder.
std::pair<std::string, std::string_view> date_prefix(std::string_view v) {
  if (v.size() >= 2 && v[0] >= 'a' && v[0] <= 'z' && v[1] >= 'a' && v[1] <= 'z')
    return {std::string(v.substr(0, 2)), v.substr(2)};
  return {"eq", v};
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
          const auto have = n->is_string() ? date_range(n->get<std::string>()) : std::nullopt;
          if (want && have && date_matches(prefix, *want, *have)) return true;
          break;
        }
      }
    }
  }
  return false;
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

const std::vector<ResourceTypeDef>& resource_types() {
  using T = ParamType;
  static const std::vector<ResourceTypeDef> types = [] {
    std::vector<ResourceTypeDef> all = {
        {"Patient",
         false,
         {id_param(), p("identifier", T::kToken, {"identifier"}, "record number (system|value)"),
          p("name", T::kString, {"name.family", "name.given", "name.text"}, "any part of the name"),
          p("family", T::kString, {"name.family"}, "family name"),
          p("given", T::kString, {"name.given"}, "given name"),
          p("birthdate", T::kDate, {"birthDate"}, "date of birth"),
          p("gender", T::kToken, {"gender"}, "administrative gender")},
         {},
         "name.family"},
        {"Practitioner",
         false,
         {id_param(), p("name", T::kString, {"name.text"}, "the name"),
          p("email", T::kToken, {"telecom.value"}, "e-mail address"),
          p("active", T::kToken, {"active"}, "true or false")},
         {},
         ""},
        {"Organization", false, {id_param(), p("name", T::kString, {"name"}, "the clinic's name")}, {}, ""},
        {"Location",
         false,
         {id_param(), p("name", T::kString, {"name"}, "the site's or room's name"),
          p("organization", T::kReference, {"managingOrganization"}, "Organization/<clinic id>"),
          p("partof", T::kReference, {"partOf"}, "Location/<site id>: the rooms of the site")},
         {},
         ""},
        {"Condition",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("code", T::kToken, {"code"}, "ICD-10-CM code (http://hl7.org/fhir/sid/icd-10-cm|M17.11)"),
          p("clinical-status", T::kToken, {"clinicalStatus"}, "active, resolved, inactive"),
          p("category", T::kToken, {"category"}, "problem-list-item"),
          p("onset-date", T::kDate, {"onsetDateTime"}, "onset date"),
          p("recorded-date", T::kDate, {"recordedDate"}, "when it was recorded")},
         {"Condition:patient", "Condition:subject"},
         "recordedDate"},
        {"Goal",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("lifecycle-status", T::kToken, {"lifecycleStatus"},
            "planned, active, on-hold, completed, cancelled")},
         {"Goal:patient", "Goal:subject"},
         ""},
        {"CarePlan",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("status", T::kToken, {"status"}, "active, completed"), p("intent", T::kToken, {"intent"}, "plan"),
          p("date", T::kDate, {"created"}, "when the program was created"),
          p("author", T::kReference, {"author"}, "who prescribed it (Practitioner/<id>)")},
         {"CarePlan:patient", "CarePlan:subject"},
         "created"},
        {"Observation",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("code", T::kToken, {"code"}, "LOINC or local code (http://loinc.org|89423-8)"),
          p("category", T::kToken, {"category"}, "exam, activity, therapy, survey"),
          p("date", T::kDate, {"effectiveDateTime"},
            "when it was measured (prefixes eq, ne, lt, le, gt, ge, sa, eb, ap)"),
          p("status", T::kToken, {"status"}, "final"),
          p("performer", T::kReference, {"performer"}, "who entered it (Practitioner/<id>, Patient/<id>)"),
          p("device", T::kReference, {"device"}, "the analysis software (Device/physiokit)")},
         {"Observation:patient", "Observation:subject"},
         "effectiveDateTime"},
        {"Questionnaire",
         false,
         {id_param(), p("name", T::kString, {"name"}, "computable name"),
          p("title", T::kString, {"title"}, "title"), p("status", T::kToken, {"status"}, "active"),
          p("url", T::kUri, {"url"}, "canonical URL")},
         {},
         ""},
        {"QuestionnaireResponse",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("questionnaire", T::kReference, {"questionnaire"}, "the Questionnaire's canonical URL or id"),
          p("authored", T::kDate, {"authored"}, "when it was answered"),
          p("status", T::kToken, {"status"}, "completed, in-progress")},
         {"QuestionnaireResponse:patient", "QuestionnaireResponse:subject"},
         "authored"},
        {"Composition",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("type", T::kToken, {"type"}, "LOINC document type"),
          p("date", T::kDate, {"date"}, "composition date"),
          p("status", T::kToken, {"status"}, "preliminary, final, amended"),
          p("author", T::kReference, {"author"}, "who wrote it (Practitioner/<id>)")},
         {"Composition:patient", "Composition:subject"},
         "date"},
        {"Appointment",
         true,
         {id_param(), patient_param(),
          p("actor", T::kReference, {"participant.actor"}, "Patient/<id> or Practitioner/<id>"),
          p("practitioner", T::kReference, {"participant.actor"}, "Practitioner/<id>"),
          p("date", T::kDate, {"start"}, "start of the appointment"),
          p("status", T::kToken, {"status"}, "booked, arrived, fulfilled, cancelled, noshow")},
         {"Appointment:patient"},
         "start"},
        {"RiskAssessment",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("date", T::kDate, {"occurrenceDateTime"}, "when the risk was computed"),
          p("status", T::kToken, {"status"}, "preliminary (open), final (accepted), cancelled (dismissed)"),
          p("code", T::kToken, {"code"}, "noshow, dropout, fall (urn:physiokit:risk-kind)")},
         {"RiskAssessment:patient", "RiskAssessment:subject"},
         "occurrenceDateTime"},
        {"Consent",
         true,
         {id_param(), patient_param(), p("status", T::kToken, {"status"}, "active, inactive"),
          p("category", T::kToken, {"category"},
            "telehealth, remote_monitoring, data_use (or LOINC 59284-0)"),
          p("date", T::kDate, {"dateTime"}, "when it was recorded")},
         {"Consent:patient"},
         "dateTime"},
        {"AuditEvent",
         true,
         {id_param(), patient_param(), p("date", T::kDate, {"recorded"}, "when it happened"),
          p("action", T::kToken, {"action"}, "C, R, U, D, E"),
          p("subtype", T::kToken, {"subtype"}, "the audit action (patient.read)"),
          p("outcome", T::kToken, {"outcome"}, "0 success, 4 denied, 8 failed"),
          p("entity", T::kReference, {"entity.what"}, "the record it is about")},
         {"AuditEvent:patient"},
         ""},
        {"Provenance",
         true,
         {id_param(), patient_param(), p("target", T::kReference, {"target"}, "the resource it is about"),
          p("recorded", T::kDate, {"recorded"}, "when it was recorded"),
          p("agent", T::kReference, {"agent.who"}, "who or what made it")},
         {"Provenance:patient"},
         "recorded"},
        {"PractitionerRole",
         false,
         {id_param(), p("practitioner", T::kReference, {"practitioner"}, "Practitioner/<id>"),
          p("organization", T::kReference, {"organization"}, "Organization/<id>"),
          p("role", T::kToken, {"code"}, "physiotherapist, assistant"),
          p("active", T::kToken, {"active"}, "true or false")},
         {},
         ""},
        {"Encounter",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("date", T::kDate, {"period.start"}, "when it started"),
          p("status", T::kToken, {"status"}, "arrived, in-progress, finished"),
          p("class", T::kToken, {"class"}, "AMB (a visit), VR (a live session at home)"),
          p("appointment", T::kReference, {"appointment"}, "Appointment/<id>"),
          p("practitioner", T::kReference, {"participant.individual"}, "Practitioner/<id>"),
          p("location", T::kReference, {"location.location"}, "Location/<id>: the visits in that room")},
         {"Encounter:patient", "Encounter:subject"},
         "period.start"},
        {"DocumentReference",
         true,
         {id_param(), patient_param(), p("subject", T::kReference, {"subject"}, "Patient/<id>"),
          p("type", T::kToken, {"type"}, "LOINC document type"),
          p("date", T::kDate, {"date"}, "when it was signed"), p("status", T::kToken, {"status"}, "current"),
          p("author", T::kReference, {"author"}, "Practitioner/<id>")},
         {"DocumentReference:patient", "DocumentReference:subject"},
         "date"},
        {"Device", false, {id_param(), p("status", T::kToken, {"status"}, "active")}, {}, ""},
        {"CodeSystem",
         false,
         {id_param(), p("url", T::kUri, {"url"}, "canonical URL"),
          p("status", T::kToken, {"status"}, "active")},
         {},
         ""},
    };
    for (auto& t : all)
      t.params.push_back(p("_lastUpdated", T::kDate, {"meta.lastUpdated"},
                           "when the resource last changed (prefixes eq, ne, lt, le, gt, ge, sa, eb, ap)"));
    return all;
  }();
  return types;
}

const ResourceTypeDef* find_type(std::string_view name) {
  for (const auto& t : resource_types())
    if (t.name == name) return &t;
  return nullptr;
}

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
    if (raw_name.size() > 64) return std::unexpected(bad(raw_name.substr(0, 64), "parameter name too long"));
    if (value.size() > 1000)
      return std::unexpected(bad(raw_name, raw_name + ": value longer than 1000 characters"));
    if (raw_name != "_cursor") q.canonical.emplace_back(raw_name, value);
    if (raw_name == "_count") {
      if (have_count) return std::unexpected(bad("_count", "_count given twice"));
      have_count = true;
      int n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1)
        return std::unexpected(bad("_count", "_count must be a whole number from 1 to " +
                                                 std::to_string(kMaxCount) + ", got '" + value + "'"));
      q.count = std::min(n, kMaxCount);
      continue;
    }
    if (raw_name == "_cursor") {
      if (have_cursor || value.empty())
        return std::unexpected(bad("_cursor", "_cursor must be given once, not empty"));
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
        return std::unexpected(bad("_sort",
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
        return std::unexpected(
            bad("_sort", "_sort '" + key + "' is not a sort of " + type.name + "; supported: " + known));
      }
      q.sort_path = path;
      q.sort_descending = desc;
      continue;
    }
    if (raw_name == "_summary") {
      if (!q.summary.empty() || !is_summary_mode(value))
        return std::unexpected(
            bad("_summary",
                "_summary is one of true, text, data, count, false, given once; got '" + value + "'"));
      q.summary = value;
      continue;
    }
    if (raw_name == "_elements") {
      for (auto& e : split(value, ',')) {
        if (e.empty() || e.find('.') != std::string::npos)
          return std::unexpected(
              bad("_elements", "_elements lists top-level element names, got '" + value + "'"));
        q.elements.push_back(std::move(e));
      }
      continue;
    }
    if (raw_name == "_revinclude") {
      if (value != "Provenance:target")
        return std::unexpected(
            bad("_revinclude", "_revinclude supports only Provenance:target, got '" + value + "'"));
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
        return std::unexpected(bad("_include", "_include '" + value + "' is not supported on " + type.name +
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
      return std::unexpected(bad(raw_name, "unknown search parameter '" + name + "' for " + type.name +
                                               "; supported: " + known +
                                               ", _count, _sort, _summary, _elements, _revinclude" +
                                               (type.includes.empty() ? "" : ", _include")));
    }
    if (!modifier.empty()) {
      const bool ok = def->type == ParamType::kString && (modifier == "exact" || modifier == "contains");
      if (!ok)
        return std::unexpected(
            bad(raw_name, "modifier ':" + modifier + "' is not supported on '" + name + "'"));
    }
    Criterion c{def, modifier, split(value, ',')};
    for (const auto& v : c.values) {
      if (v.empty()) return std::unexpected(bad(raw_name, name + ": empty value"));
      if (def->type == ParamType::kDate) {
        const auto [prefix, rest] = date_prefix(v);
        static const std::vector<std::string> kPrefixes = {"eq", "ne", "lt", "le", "gt",
                                                           "ge", "sa", "eb", "ap"};
        if (std::find(kPrefixes.begin(), kPrefixes.end(), prefix) == kPrefixes.end())
          return std::unexpected(
              bad(raw_name, name + ": unknown prefix '" + prefix + "' (eq, ne, lt, le, gt, ge, sa, eb, ap)"));
        if (!date_range(rest))
          return std::unexpected(
              bad(raw_name, name + ": '" + std::string(rest) +
                                "' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a zone)"));
      }
      if (def->type == ParamType::kReference && def->name == "patient") {
        const auto slash = v.rfind('/');
        if (slash != std::string::npos && v.substr(0, slash) != "Patient")
          return std::unexpected(bad(raw_name, "patient: expected Patient/<id> or <id>, got '" + v + "'"));
        q.patient_ids.push_back(slash == std::string::npos ? v : v.substr(slash + 1));
      }
    }
    q.criteria.push_back(std::move(c));
  }
  std::sort(q.canonical.begin(), q.canonical.end());
  return q;
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
