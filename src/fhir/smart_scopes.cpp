#include "fhir/smart_scopes.hpp"

#include <algorithm>
#include <set>

namespace physio::fhir {

namespace {

constexpr std::string_view kAll = "cruds";

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool valid_type(std::string_view t) {
  if (t == "*") return true;
  if (t.empty() || t.size() > 64 || t[0] < 'A' || t[0] > 'Z') return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

/// `perms` is a non-empty subsequence of "cruds" (each letter at most once, in that order).
bool valid_perms(std::string_view p) {
  if (p.empty()) return false;
  std::size_t at = 0;
  for (char c : p) {
    const auto pos = kAll.find(c, at);
    if (pos == std::string_view::npos) return false;
    at = pos + 1;
  }
  return true;
}

/// True when `outer` allows everything `inner` asks.
bool covers(const ResourceScope& outer, const ResourceScope& inner) {
  if (outer.context != inner.context) return false;
  if (outer.type != "*" && outer.type != inner.type) return false;
  return std::all_of(inner.perms.begin(), inner.perms.end(),
                     [&](char c) { return outer.perms.find(c) != std::string::npos; });
}

/// The scopes that are not resource scopes and are understood.
bool known_word(std::string_view w) {
  return w == "openid" || w == "fhirUser" || w == "profile" || w == "launch" || w == "launch/patient" ||
         w == "offline_access" || w == "online_access";
}

std::string type_words(std::string_view type) {
  if (type == "*") return "all records";
  if (type == "Observation") return "observations (measurements and test results)";
  if (type == "Condition") return "conditions (diagnoses)";
  if (type == "Patient") return "demographics (name, birth date, contact)";
  if (type == "CarePlan") return "exercise programmes";
  if (type == "Goal") return "goals";
  if (type == "Appointment") return "appointments";
  if (type == "Consent") return "consents";
  if (type == "QuestionnaireResponse") return "questionnaire answers";
  if (type == "Composition") return "clinical notes";
  if (type == "AuditEvent") return "access log";
  if (type == "Provenance") return "record provenance";
  return std::string(type) + " records";
}

std::string perm_words(std::string_view perms) {
  std::vector<std::string> parts;
  if (perms.find('c') != std::string_view::npos) parts.push_back("create");
  if (perms.find('r') != std::string_view::npos) parts.push_back("read");
  if (perms.find('u') != std::string_view::npos) parts.push_back("update");
  if (perms.find('d') != std::string_view::npos) parts.push_back("delete");
  if (perms.find('s') != std::string_view::npos) parts.push_back("search");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  if (!out.empty()) out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace

std::optional<ResourceScope> parse_resource_scope(std::string_view s) {
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  ResourceScope out;
  const auto ctx = s.substr(0, slash);
  if (ctx == "patient")
    out.context = ScopeContext::kPatient;
  else if (ctx == "user")
    out.context = ScopeContext::kUser;
  else if (ctx == "system")
    out.context = ScopeContext::kSystem;
  else
    return std::nullopt;
  const auto rest = s.substr(slash + 1);
  if (rest.find('?') != std::string_view::npos) return std::nullopt;
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto type = rest.substr(0, dot);
  const auto perms = rest.substr(dot + 1);
  if (!valid_type(type)) return std::nullopt;
  out.type = std::string(type);
  // v1 forms, mapped to v2 (SMART App Launch 2.x, "Scopes for requesting clinical data", v1 compatibility).
  if (perms == "read")
    out.perms = "rs";
  else if (perms == "write")
    out.perms = "cud";
  else if (perms == "*")
    out.perms = "cruds";
  else if (valid_perms(perms))
    out.perms = std::string(perms);
  else
    return std::nullopt;
  return out;
}

std::string to_string(const ResourceScope& s) {
  const char* ctx = s.context == ScopeContext::kPatient ? "patient"
                    : s.context == ScopeContext::kUser  ? "user"
                                                        : "system";
  return std::string(ctx) + "/" + s.type + "." + s.perms;
}

std::string grant_scopes(std::string_view requested, std::string_view registered, bool backend) {
  std::vector<ResourceScope> allowed;
  std::set<std::string> allowed_words;
  for (auto w : words(registered)) {
    if (auto r = parse_resource_scope(w))
      allowed.push_back(*r);
    else
      allowed_words.insert(std::string(w));
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto keep = [&](std::string s) {
    if (seen.insert(s).second) out.push_back(std::move(s));
  };
  for (auto w : words(requested)) {
    if (auto r = parse_resource_scope(w)) {
      if (backend != (r->context == ScopeContext::kSystem)) continue;
      const bool ok =
          std::any_of(allowed.begin(), allowed.end(), [&](const auto& a) { return covers(a, *r); });
      if (ok) keep(to_string(*r));
      continue;
    }
    // Backend clients have no user: only system/ scopes.
    if (backend || !known_word(w)) continue;
    if (!allowed_words.contains(std::string(w)) && w != "openid" && w != "fhirUser" && w != "launch" &&
        w != "launch/patient" && w != "online_access")
      continue;  // offline_access and profile only when registered
    keep(std::string(w));
  }
  std::string joined;
  for (const auto& s : out) joined += (joined.empty() ? "" : " ") + s;
  return joined;
}

std::optional<std::string> narrow_scopes(std::string_view asked, std::string_view granted) {
  std::vector<ResourceScope> resources;
  std::set<std::string> others;
  for (auto w : words(granted)) {
    if (auto r = parse_resource_scope(w))
      resources.push_back(*r);
    else
      others.insert(std::string(w));
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto w : words(asked)) {
    std::string kept;
    if (auto r = parse_resource_scope(w)) {
      if (std::none_of(resources.begin(), resources.end(), [&](const auto& a) { return covers(a, *r); }))
        return std::nullopt;
      kept = to_string(*r);
    } else {
      if (!others.contains(std::string(w))) return std::nullopt;
      kept = std::string(w);
    }
    if (seen.insert(kept).second) out.push_back(std::move(kept));
  }
  std::string joined;
  for (const auto& s : out) joined += (joined.empty() ? "" : " ") + s;
  return joined;
}

bool has_scope(std::string_view granted, std::string_view word) {
  const auto ws = words(granted);
  return std::find(ws.begin(), ws.end(), word) != ws.end();
}

ScopeDecision scope_allows(std::string_view granted, std::string_view type, char interaction) {
  bool patient = false;
  for (auto w : words(granted)) {
    auto r = parse_resource_scope(w);
    if (!r || (r->type != "*" && r->type != type) || r->perms.find(interaction) == std::string::npos)
      continue;
    if (r->context != ScopeContext::kPatient) return ScopeDecision::kAnyPatient;
    patient = true;
  }
  return patient ? ScopeDecision::kLaunchPatient : ScopeDecision::kDenied;
}

bool needs_patient(std::string_view granted) {
  for (auto w : words(granted))
    if (auto r = parse_resource_scope(w); r && r->context == ScopeContext::kPatient) return true;
  return false;
}

std::string describe_scope(std::string_view scope, std::string_view patient_words) {
  if (scope == "openid" || scope == "fhirUser") return "Know who you are (your name and role)";
  if (scope == "profile") return "";
  if (scope == "launch" || scope == "launch/patient") return "Know which patient is open";
  if (scope == "offline_access") return "Stay connected after you log out (until you revoke it)";
  if (scope == "online_access") return "Stay connected while you are logged in";
  auto r = parse_resource_scope(scope);
  if (!r) return "";
  if (r->context == ScopeContext::kUser)
    return perm_words(r->perms) + " " + type_words(r->type) + " of every patient you may see";
  if (r->context == ScopeContext::kSystem)
    return perm_words(r->perms) + " the whole clinic's " + type_words(r->type);
  return perm_words(r->perms) + " " + std::string(patient_words) + " " + type_words(r->type);
}

}  // namespace physio::fhir
