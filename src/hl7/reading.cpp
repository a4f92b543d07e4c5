#include "hl7/reading.hpp"

#include <fmt/format.h>

namespace physio::hl7 {

std::string trim_value(std::string text, const Location& where, Findings& f) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    if (!text.empty()) f.warn(where, Condition::kDataType, "a value of only spaces was read as empty");
    return "";
  }
  const std::size_t last = text.find_last_not_of(" \t");
  if (first == 0 && last + 1 == text.size()) return text;
  std::string out = text.substr(first, last + 1 - first);
  f.warn(where, Condition::kDataType, fmt::format("'{}': the spaces around the value were trimmed", text));
  return out;
}

std::string read_value(const Message& m, const Segment& seg, int field, int component, Findings& f, int rep,
                       int sequence) {
  const Location where{seg.name, sequence, field, rep > 1 ? rep : 0, component > 1 ? component : 0, 0, 0};
  return trim_value(m.value(seg, field, component, 1, rep), where, f);
}

}  // namespace physio::hl7
