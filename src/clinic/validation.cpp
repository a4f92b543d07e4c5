#include "clinic/validation.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::clinic {
namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (const char c : s) v = v * 10 + (c - '0');
  return v;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80)
      n = 0;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
      n = 1;
    else if ((c & 0xF0) == 0xE0)
      n = 2;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
      n = 3;
    else
      return false;
    if (n > 0 && i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

std::string date_problem(std::string_view v) {
  constexpr const char* kMsg = "must be a date YYYY-MM-DD";
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return kMsg;
  if (!digits(v.substr(0, 4)) || !digits(v.substr(5, 2)) || !digits(v.substr(8, 2))) return kMsg;
  const int y = to_int(v.substr(0, 4)), m = to_int(v.substr(5, 2)), d = to_int(v.substr(8, 2));
  if (y < 1900 || y > 2200) return "must be a date between 1900 and 2200";
  if (m < 1 || m > 12) return "month must be 01-12";
  const int max_d = static_cast<int>(days_in_month(y, static_cast<unsigned>(m)));
  if (d < 1 || d > max_d) return fmt::format("day must be 01-{:02d} in that month", max_d);
  return {};
}

std::string birth_date_problem(std::string_view v, std::string_view today) {
  if (auto p = date_problem(v); !p.empty()) return p;
  if (v > today) return "must not be in the future";
  return {};
}

std::string email_problem(std::string_view v) {
  constexpr const char* kMsg = "must be an e-mail address like name@example.org";
  if (v.empty() || v.size() > 254) return kMsg;
  const auto at = v.find('@');
  if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos) return kMsg;
  const auto domain = v.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return kMsg;
  for (const char c : v)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"') return kMsg;
  return {};
}

std::string icd10cm_problem(std::string_view v) {
  constexpr const char* kMsg = "must be an ICD-10-CM code like M17.11";
  if (v.size() < 3 || v.size() > 8) return kMsg;
  if (!std::isupper(static_cast<unsigned char>(v[0]))) return kMsg;
  if (!std::isdigit(static_cast<unsigned char>(v[1]))) return kMsg;
  if (!std::isdigit(static_cast<unsigned char>(v[2])) && !std::isupper(static_cast<unsigned char>(v[2])))
    return kMsg;
  if (v.size() == 3) return {};
  if (v[3] != '.' || v.size() < 5) return kMsg;
  for (const char c : v.substr(4))
    if (!std::isdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c)))
      return kMsg;
  return {};
}

std::string time_zone_problem(std::string_view v) {
  constexpr const char* kMsg = "must be an IANA time zone like Europe/Lisbon";
  if (v.empty() || v.size() > 64 || v.front() == '/' || v.back() == '/') return kMsg;
  if (v.find("..") != std::string_view::npos) return kMsg;
  for (const char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+')
      return kMsg;
  return {};
}

std::string language_problem(std::string_view v) {
  constexpr const char* kMsg = "must be a language tag like en or pt-BR";
  if (v.size() < 2 || v.size() > 35) return kMsg;
  for (const char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return kMsg;
  if (!std::isalpha(static_cast<unsigned char>(v[0]))) return kMsg;
  return {};
}

std::string text_problem(std::string_view v, std::size_t max_chars, bool multiline) {
  if (v.size() > max_chars) return fmt::format("must be at most {} characters", max_chars);
  if (!valid_utf8(v)) return "must be valid UTF-8 text";
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      if (multiline && (c == '\n' || c == '\t' || c == '\r')) continue;
      return "must not contain control characters";
    }
  }
  return {};
}

std::string enum_problem(std::string_view v, std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (const auto a : allowed) {
    if (v == a) return {};
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return "must be one of: " + list;
}

std::string height_cm_problem(std::string_view v, std::int64_t& cm) {
  const std::string range =
      fmt::format("must be a height in whole centimetres, {}-{}", kMinHeightCm, kMaxHeightCm);
  if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string_view::npos) return range;
  std::int64_t n = 0;
  for (const char c : v) n = n * 10 + (c - '0');
  if (n < kMinHeightCm || n > kMaxHeightCm) return range;
  cm = n;
  return {};
}

}  // namespace physio::clinic
