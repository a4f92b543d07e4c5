#include "hl7/header.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "hl7/datetime.hpp"

namespace physio::hl7 {
namespace {

bool is_code(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool is_ack_version(std::string_view version) {
  return std::find(std::begin(kAckVersions), std::end(kAckVersions), version) != std::end(kAckVersions);
}

std::string ack_version(std::string_view received, std::string_view fallback) {
  return std::string(is_ack_version(received) ? received : fallback);
}

HeaderParams outbound_header(const OutboundSettings& s, std::string sending_facility, std::string control_id,
                             TimeUs time_us) {
  HeaderParams h;
  h.sending_application = s.sending_application;
  h.sending_facility = std::move(sending_facility);
  h.receiving_application = s.receiving_application;
  h.receiving_facility = s.receiving_facility;
  h.control_id = std::move(control_id);
  h.time_us = time_us;
  return h;
}

Message new_message(const HeaderParams& h, std::string_view type, std::string_view trigger,
                    std::string_view structure) {
  Message m;
  Segment msh{"MSH", {}};
  msh.fields.push_back(Field{Repetition{Component{std::string(1, m.delimiters.field)}}});
  msh.fields.push_back(Field{Repetition{Component{m.delimiters.encoding_characters()}}});
  m.segments.push_back(std::move(msh));
  m.set("MSH-3", h.sending_application);
  m.set("MSH-4", h.sending_facility);
  m.set("MSH-5", h.receiving_application);
  m.set("MSH-6", h.receiving_facility);
  m.set("MSH-7", format_dtm_utc(h.time_us));
  m.set("MSH-9.1", type);
  m.set("MSH-9.2", trigger);
  if (h.version != "2.3") m.set("MSH-9.3", structure);
  m.set("MSH-10", h.control_id);
  m.set("MSH-11", h.processing_id);
  m.set("MSH-12", h.version);
  m.set("MSH-18", "UNICODE UTF-8");
  return m;
}

Hl7Result<MessageType> check_header(const Message& m) {
  const Segment* msh = m.find("MSH");
  if (msh == nullptr) {
    return issue(Location{"MSH", 1, 0, 0, 0, 0, 0}, Condition::kSegmentSequence, "no MSH segment");
  }
  MessageType t = message_type(m);
  if (t.type.empty())
    return issue(Location{"MSH", 1, 9, 0, 1}, Condition::kRequiredFieldMissing, "no message type");
  if (!is_code(t.type)) {
    return issue(Location{"MSH", 1, 9, 0, 1}, Condition::kDataType,
                 fmt::format("'{}' is not a message type", t.type));
  }
  if (t.trigger.empty()) {
    return issue(Location{"MSH", 1, 9, 0, 2}, Condition::kRequiredFieldMissing, "no trigger event");
  }
  if (!is_code(t.trigger)) {
    return issue(Location{"MSH", 1, 9, 0, 2}, Condition::kDataType,
                 fmt::format("'{}' is not a trigger event", t.trigger));
  }
  if (m.value(*msh, 10).empty()) {
    return issue(Location{"MSH", 1, 10}, Condition::kRequiredFieldMissing, "no message control id");
  }
  const std::string processing = m.value(*msh, 11);
  if (!processing.empty() && processing != "P" && processing != "T" && processing != "D") {
    return issue(Location{"MSH", 1, 11, 0, 1}, Condition::kUnsupportedProcessingId,
                 fmt::format("processing id '{}' is not P, T or D", processing));
  }
  const std::string version = m.value(*msh, 12);
  if (version.size() < 3 || version.substr(0, 2) != "2.") {
    return issue(Location{"MSH", 1, 12, 0, 1}, Condition::kUnsupportedVersion,
                 fmt::format("version '{}' is not HL7 v2.x", version));
  }
  return t;
}

}  // namespace physio::hl7
