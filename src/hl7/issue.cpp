#include "hl7/issue.hpp"

#include <fmt/format.h>

namespace physio::hl7 {

int condition_code(Condition c) {
  return static_cast<int>(c);
}

std::string_view condition_text(Condition c) {
  switch (c) {
    case Condition::kSegmentSequence:
      return "Segment sequence error";
    case Condition::kRequiredFieldMissing:
      return "Required field missing";
    case Condition::kDataType:
      return "Data type error";
    case Condition::kTableValue:
      return "Table value not found";
    case Condition::kUnsupportedMessageType:
      return "Unsupported message type";
    case Condition::kUnsupportedEvent:
      return "Unsupported event code";
    case Condition::kUnsupportedProcessingId:
      return "Unsupported processing id";
    case Condition::kUnsupportedVersion:
      return "Unsupported version id";
    case Condition::kRecordLocked:
      return "Application record locked";
    case Condition::kInternal:
      return "Application internal error";
  }
  return "Application internal error";
}

std::string Location::to_string() const {
  if (segment.empty()) return "message";
  std::string out = segment;
  if (sequence > 1) out += fmt::format("[{}]", sequence);
  if (field <= 0) return out;
  out += fmt::format("-{}", field);
  if (repetition > 1) out += fmt::format("[{}]", repetition);
  if (component > 0) out += fmt::format(".{}", component);
  if (component > 0 && subcomponent > 0) out += fmt::format(".{}", subcomponent);
  return out;
}

std::string Issue::to_string() const {
  std::string place = where.to_string();
  if (where.position > 0) place += fmt::format(" (segment {})", where.position);
  return place + ": " + what;
}

Error Issue::to_error() const {
  ErrorCode code = ErrorCode::kParse;
  if (condition == Condition::kUnsupportedMessageType || condition == Condition::kUnsupportedEvent ||
      condition == Condition::kUnsupportedProcessingId || condition == Condition::kUnsupportedVersion) {
    code = ErrorCode::kUnsupported;
  } else if (condition == Condition::kInternal) {
    code = ErrorCode::kInternal;
  }
  return Error(code, to_string());
}

}  // namespace physio::hl7
