#include "notes/wording.hpp"

#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace physio::notes {

double rounded(double v, int decimals) {
  if (!std::isfinite(v)) return v;
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

std::string number(double v, int decimals) {
  // Halves away from zero, as a person rounds (3.25 -> 3.3), not to the even digit.
  std::string s = fmt::format("{:.{}f}", rounded(v, decimals), decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string nprs(double v) {
  return number(v, 1) + "/10";
}

std::string percent_of(int done, int total) {
  if (total <= 0) return "0 %";
  return number(100.0 * done / total, 0) + " %";
}

namespace {
/// The decimals measured() writes a unit with.
int measured_decimals(std::string_view unit) {
  if (unit == "s" || unit == "cm" || unit == "kg") return 1;
  if (unit == "m/s" || unit == "m") return 2;
  if (unit == "m/s2") return 3;
  if (unit == "deg" || unit == "/min" || unit == "%" || unit == "{#}" || unit == "{score}") return 0;
  if (unit.size() > 2 && unit.front() == '{' && unit.back() == '}') return 0;
  return 2;
}
}  // namespace

double as_measured(double v, std::string_view unit) {
  return rounded(v, measured_decimals(unit));
}

namespace {
std::string points(double v) {
  const std::string n = number(v, 1);
  return n + (n == "1" ? " point" : " points");
}
}  // namespace

std::string measured(double v, std::string_view unit, std::string_view code) {
  const std::string n = number(v, measured_decimals(unit));
  if (unit == "deg") return n + "°";
  if (unit == "m/s2") return n + " m/s²";
  if (unit == "/min") return n + "/min";
  if (unit == "{#}") return n + (code == "66247-8" ? " stands" : " (count)");
  if (unit == "{score}") return n + " points";
  if (unit.size() > 2 && unit.front() == '{' && unit.back() == '}')
    return n + " " + std::string(unit.substr(1, unit.size() - 2));
  if (unit.empty()) return n + " (no unit recorded)";
  return n + " " + std::string(unit);
}

std::string score_value(double v, std::string_view unit) {
  if (unit == "%") return number(v, 1) + " %";
  if (unit == "points" || unit.empty()) return points(v);
  if (unit == "s") return number(v, 2) + " s";
  if (unit == "m/s") return number(v, 2) + " m/s";
  return number(v, 1) + " " + std::string(unit);
}

std::string score_difference(double v, std::string_view unit) {
  if (unit == "%") return points(v);
  return score_value(v, unit);
}

std::string join_words(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string words_of_id(std::string_view id) {
  std::string s(id);
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string method_in_words(std::string_view method) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"landmark file", "uploaded motion capture"}, {"video pose estimation (BlazePose)", "video"}};
  for (const auto& [stored, words] : kWords)
    if (method.starts_with(stored) &&
        (method.size() == stored.size() || method.substr(stored.size()).starts_with(",")))
      return std::string(words) + std::string(method.substr(stored.size()));
  return std::string(method);
}

}  // namespace physio::notes
