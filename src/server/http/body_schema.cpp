#include "server/http/body_schema.hpp"

#include <cmath>

#include <fmt/format.h>

namespace physio::server {

FieldSpec text_field(std::string name, bool required, std::string description, std::size_t max_length) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kString;
  f.required = required;
  f.description = std::move(description);
  f.max_length = max_length;
  return f;
}

FieldSpec number_field(std::string name, std::string description, double min, double max, FieldType type,
                       bool required) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.required = required;
  f.description = std::move(description);
  f.min = min;
  f.max = max;
  return f;
}

FieldSpec json_field(std::string name, std::string json_type, std::string description,
                     std::function<std::optional<BodyProblem>(const nlohmann::json&)> check) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kJson;
  f.description = std::move(description);
  f.json_type = std::move(json_type);
  f.json_check = std::move(check);
  return f;
}

std::optional<BodyProblem> check_body(const BodySchema& schema, std::string_view body, nlohmann::json& out) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return BodyProblem{"", "the body is not valid JSON"};
  if (!j.is_object()) return BodyProblem{"", "the body must be a JSON object"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const auto& f : schema.fields) known |= f.name == it.key();
    if (!known) return BodyProblem{"/" + it.key(), "unknown field"};
  }
  for (const auto& f : schema.fields) {
    const std::string path = "/" + f.name;
    auto it = j.find(f.name);
    if (it == j.end() || it->is_null()) {
      if (f.required) return BodyProblem{path, "is required"};
      continue;
    }
    switch (f.type) {
      case FieldType::kString: {
        if (!it->is_string()) return BodyProblem{path, "must be a string"};
        const auto& s = it->get_ref<const std::string&>();
        if (s.size() > f.max_length)
          return BodyProblem{path, fmt::format("must be at most {} characters", f.max_length)};
        if (f.required && s.empty()) return BodyProblem{path, "must not be empty"};
        if (!f.one_of.empty()) {
          bool ok = false;
          std::string list;
          for (const auto& v : f.one_of) {
            ok |= v == s;
            list += (list.empty() ? "" : ", ") + v;
          }
          if (!ok) return BodyProblem{path, "must be one of: " + list};
        }
        if (f.check && !s.empty()) {
          if (auto p = f.check(s); !p.empty()) return BodyProblem{path, p};
        }
        break;
      }
      case FieldType::kInteger: {
        if (!it->is_number_integer()) return BodyProblem{path, "must be a whole number"};
        const auto v = static_cast<double>(it->get<std::int64_t>());
        if (v < f.min || v > f.max)
          return BodyProblem{path, fmt::format("must be between {} and {}", f.min, f.max)};
        break;
      }
      case FieldType::kNumber: {
        if (!it->is_number()) return BodyProblem{path, "must be a number"};
        const double v = it->get<double>();
        if (!std::isfinite(v) || v < f.min || v > f.max)
          return BodyProblem{path, fmt::format("must be between {} and {}", f.min, f.max)};
        break;
      }
      case FieldType::kBoolean:
        if (!it->is_boolean()) return BodyProblem{path, "must be true or false"};
        break;
      case FieldType::kJson: {
        if (f.json_type == "object" && !it->is_object()) return BodyProblem{path, "must be a JSON object"};
        if (f.json_type == "array" && !it->is_array()) return BodyProblem{path, "must be a JSON array"};
        if (f.json_type.empty() && !it->is_object() && !it->is_array())
          return BodyProblem{path, "must be a JSON object or array"};
        if (f.json_check) {
          if (auto p = f.json_check(*it)) return BodyProblem{path + p->field, p->message};
        }
        break;
      }
    }
  }
  out = std::move(j);
  return std::nullopt;
}

nlohmann::json to_json_schema(const BodySchema& schema) {
  nlohmann::json props = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const auto& f : schema.fields) {
    nlohmann::json p;
    switch (f.type) {
      case FieldType::kString:
        p["type"] = "string";
        p["maxLength"] = f.max_length;
        if (!f.one_of.empty()) p["enum"] = f.one_of;
        break;
      case FieldType::kInteger:
        p["type"] = "integer";
        break;
      case FieldType::kNumber:
        p["type"] = "number";
        break;
      case FieldType::kBoolean:
        p["type"] = "boolean";
        break;
      case FieldType::kJson:
        if (f.json_type.empty())
          p["type"] = nlohmann::json::array({"object", "array"});
        else
          p["type"] = f.json_type;
        break;
    }
    if (!f.description.empty()) p["description"] = f.description;
    props[f.name] = p;
    if (f.required) required.push_back(f.name);
  }
  return {{"type", "object"}, {"properties", props}, {"required", required}, {"additionalProperties", false}};
}

}  // namespace physio::server
