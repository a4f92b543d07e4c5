// Reading a checked body's fields (see the header).
#include "server/http/body_fields.hpp"

#include "core/civil_date.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {

using nlohmann::json;

std::string str(const json& body, const char* key, std::string fallback) {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? fallback : it->get<std::string>();
}

std::optional<double> num(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}

std::optional<TimeUs> body_time(const json& b, const char* key, std::optional<net::Response>& error) {
  const std::string text = str(b, key);
  if (text.empty()) return now_us();
  auto t = parse_iso_time(text);
  constexpr TimeUs kSlack = 5 * 60 * kUsPerSecond;
  if (!t || *t > now_us() + kSlack || *t < 946'684'800 * kUsPerSecond) {
    error = api_error(400, "invalid_body", "must be a past UTC time like 2026-11-23T09:30:00Z",
                      std::string("/") + key);
    return std::nullopt;
  }
  return t;
}

FieldSpec date_field(std::string name, std::string description) {
  FieldSpec f = text_field(std::move(name), false, std::move(description), 10);
  f.check = [](std::string_view v) -> std::string {
    return days_from_iso_date(v) ? "" : "must be a date (YYYY-MM-DD)";
  };
  return f;
}

BodyProblem field_problem(const std::string& message, const std::string& prefix) {
  const auto colon = message.find(": ");
  std::string path = colon == std::string::npos ? "" : message.substr(0, colon);
  if (path.find(' ') != std::string::npos) path.clear();
  std::string field;
  for (char c : path) {
    if (c == '.' || c == '[') {
      field += '/';
    } else if (c != ']') {
      field += c;
    }
  }
  if (!field.empty()) field = "/" + field;
  return {prefix + field, message};
}

net::Response bad_field(const BodyProblem& p) {
  return api_error(400, "invalid_body", p.message, p.field);
}

}  // namespace physio::server
