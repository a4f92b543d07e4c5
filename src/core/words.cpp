#include "core/words.hpp"

#include <cmath>

#include <fmt/format.h>

namespace physio {

namespace {

std::string number(double v, int digits) {
  std::string s = fmt::format("{:.{}f}", v, digits < 0 ? 0 : digits);
  if (s.find('.') != std::string::npos) {
    while (s.ends_with('0')) s.pop_back();
    if (s.ends_with('.')) s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

std::string count_of(double n, std::string_view one, std::string_view many, int digits) {
  const std::string written = number(n, digits);
  const std::string plural = many.empty() ? std::string(one) + "s" : std::string(many);
  return written + " " + (written == "1" ? std::string(one) : plural);
}

std::string weeks_words(double weeks) {
  if (!std::isfinite(weeks) || weeks < 0) return "";
  if (weeks < 2.0) return count_of(std::round(weeks * 7.0), "day");
  return count_of(weeks, "week", "weeks", 1);
}

}  // namespace physio
