#include "server/care/registration_json.hpp"

#include <algorithm>

#include "server/http/http_util.hpp"

namespace physio::server {
namespace {

bool allowed_name(const std::vector<std::string>& names, std::string_view n) {
  return names.empty() || std::find(names.begin(), names.end(), n) != names.end();
}

}  // namespace

nlohmann::json registration_json(const store::RegistrationRow& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : clinic::registration_fields()) j[std::string(f.name)] = r.details.*(f.member);
  j["updated"] = r.updated_us == 0 ? nlohmann::json(nullptr) : nlohmann::json(iso_time(r.updated_us));
  return j;
}

std::vector<FieldSpec> registration_field_specs(const std::vector<std::string>& names) {
  std::vector<FieldSpec> out;
  for (const auto& f : clinic::registration_fields()) {
    if (!allowed_name(names, f.name)) continue;
    FieldSpec s;
    s.name = std::string(f.name);
    s.type = FieldType::kString;
    s.required = false;
    s.description = std::string(f.label) + " (\"\" clears it)";
    // The check below says a too-long value with the field's name; the schema only bounds the body.
    s.max_length = std::max<std::size_t>(f.max_chars, 64);
    const clinic::RegistrationField* field = &f;
    // The message names the field in words ("Emergency contact's phone must be ..."); `field` names it too.
    s.check = [field](std::string_view v) {
      auto p = clinic::registration_field_problem(*field, v);
      return p.empty() ? p : std::string(field->label) + " " + p;
    };
    out.push_back(std::move(s));
  }
  return out;
}

std::string take_registration_fields(const nlohmann::json& body, clinic::Registration& r,
                                     const std::vector<std::string>& allowed) {
  std::string changed;
  for (const auto& f : clinic::registration_fields()) {
    const std::string name(f.name);
    if (!allowed_name(allowed, name) || !body.contains(name) || body[name].is_null()) continue;
    std::string v = body[name].get<std::string>();
    if (v == r.*(f.member)) continue;
    r.*(f.member) = std::move(v);
    changed += changed.empty() ? name : ", " + name;
  }
  return changed;
}

std::optional<BodyProblem> registration_object_problem(const nlohmann::json& j) {
  if (!j.is_object()) return BodyProblem{"", "must be a JSON object"};
  for (const auto& [key, value] : j.items()) {
    const auto* f = clinic::find_registration_field(key);
    if (!f) return BodyProblem{"/" + key, "unknown field"};
    if (!value.is_string()) return BodyProblem{"/" + key, std::string(f->label) + " must be a string"};
    const auto& v = value.get_ref<const std::string&>();
    if (v.size() > f->max_chars)
      return BodyProblem{"/" + key, std::string(f->label) + " must be at most " +
                                        std::to_string(f->max_chars) + " characters"};
    if (auto p = clinic::registration_field_problem(*f, v); !p.empty())
      return BodyProblem{"/" + key, std::string(f->label) + " " + p};
  }
  clinic::Registration r;
  take_registration_fields(j, r);
  if (auto problems = clinic::registration_problems(r); !problems.empty()) {
    const auto* f = clinic::find_registration_field(problems.front().field);
    return BodyProblem{"/" + problems.front().field,
                       (f ? std::string(f->label) : problems.front().field) + " " + problems.front().problem};
  }
  return std::nullopt;
}

}  // namespace physio::server
