#include "hl7/event_time.hpp"

#include <fmt/format.h>

namespace physio::hl7 {

Hl7Result<TimeUs> read_time(const Message& m, const Segment& seg, int field, int component,
                            const LocalOffset& local) {
  const std::string text = m.value(seg, field, component);
  if (text.empty()) return TimeUs{0};
  auto t = parse_dtm(text);
  if (!t) {
    return issue(Location{seg.name, 1, field, 0, component > 1 ? component : 0, 0, 0}, Condition::kDataType,
                 fmt::format("'{}' is not a DTM", text));
  }
  return to_utc_us(*t, local);
}

TimeUs read_time(const Message& m, const Segment& seg, int field, int component, const LocalOffset& local,
                 Findings& f, int sequence) {
  const Location where{seg.name, sequence, field, 0, component > 1 ? component : 0, 0, 0};
  const std::string text = trim_value(m.value(seg, field, component), where, f);
  if (text.empty()) return 0;
  auto t = parse_dtm(text);
  if (!t) {
    f.error(where, Condition::kDataType, fmt::format("'{}' is not a DTM", text));
    return 0;
  }
  return to_utc_us(*t, local);
}

}  // namespace physio::hl7
