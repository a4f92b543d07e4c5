#pragma once
/// JSON request bodies checked against the route's schema before its handler runs: the wrong type, a
/// missing required field, an unknown field or a value a field rule refuses is a 400 naming the field.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace physio::server {

/// kJson: a JSON object or array passed to a domain parser (a program's prescriptions); its own check
/// function says what is wrong inside it.
enum class FieldType { kString, kInteger, kNumber, kBoolean, kJson };

/// Why a body was refused: the field's JSON path ("/birth_date") or "" for the body as a whole.
struct BodyProblem {
  std::string field;
  std::string message;
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::string description;
  std::size_t max_length = 200;     ///< strings, in bytes
  std::vector<std::string> one_of;  ///< strings: allowed values (empty: any)
  /// Strings: the problem in words, or "" (clinic/validation.hpp functions fit here).
  std::function<std::string(std::string_view)> check;
  double min = -1e300, max = 1e300;  ///< numbers and integers
  std::string json_type{};           ///< kJson: "object" or "array" ("" : either)
  /// kJson: the problem inside the value, its `field` a path below this field ("/0/dosage/reps"), or
  /// nullopt when the value is fine.
  std::function<std::optional<BodyProblem>(const nlohmann::json&)> json_check{};
};

struct BodySchema {
  std::vector<FieldSpec> fields;
};

// Field builders for route tables.
FieldSpec text_field(std::string name, bool required, std::string description, std::size_t max_length);
FieldSpec number_field(std::string name, std::string description, double min, double max,
                       FieldType type = FieldType::kNumber, bool required = false);
FieldSpec json_field(std::string name, std::string json_type, std::string description,
                     std::function<std::optional<BodyProblem>(const nlohmann::json&)> check);

/// Parses and checks `body`. Returns the object, or the first problem.
std::optional<BodyProblem> check_body(const BodySchema& schema, std::string_view body, nlohmann::json& out);

/// The schema as a JSON Schema (draft 2020-12) object, for the OpenAPI document.
nlohmann::json to_json_schema(const BodySchema& schema);

}  // namespace physio::server
