#include "hl7/inbound.hpp"

#include <fmt/format.h>

#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

Receipt finish(Receipt r, const ReceiveOptions& o) {
  r.ack = build_ack(r.received, r.code, r.issues, o.ours, r.warnings);
  r.ack_text = serialize(r.ack);
  return r;
}

Receipt failed(Receipt r, AckCode code, Issue i, const ReceiveOptions& o) {
  r.code = code;
  r.issues.push_back(std::move(i));
  return finish(std::move(r), o);
}

/// The rules for this sender: the options', overridden by its profile's.
ReadRules rules_for(const ReceiveOptions& o, const SenderProfile* p) {
  ReadRules rules;
  rules.local = o.local;
  rules.identifier = o.identifier;
  if (p == nullptr) return rules;
  if (!p->time_zone.empty() && o.zone_offset) rules.local = o.zone_offset(p->time_zone);
  if (!p->identifier.authority.empty() || !p->identifier.type.empty()) {
    // The sender's rule replaces the clinic's: an authority of the sender's with the clinic's type
    // would name an identifier neither meant.
    rules.identifier.authority = p->identifier.authority;
    rules.identifier.type = p->identifier.type;
  }
  if (!p->identifier.untyped_as.empty()) rules.identifier.untyped_as = p->identifier.untyped_as;
  rules.statuses = p->statuses;
  rules.units = p->units;
  return rules;
}

}  // namespace

Receipt receive(std::string_view text, const ReceiveOptions& o) {
  Receipt r;
  auto parsed = parse_message(text);
  // The header alone, to route and acknowledge a message whose body is broken.
  std::optional<Message> header;
  if (parsed) {
    header = *parsed;
  } else {
    const std::string_view first = text.substr(0, text.find_first_of("\r\n"));
    auto only_msh = parse_message(first);
    if (!only_msh) {
      r.received = salvage_ack_context(text);
      return failed(std::move(r), AckCode::kReject, parsed.error(), o);
    }
    header = std::move(*only_msh);
  }
  r.received = ack_context(*header);
  auto type = check_header(*header);
  if (!type) return failed(std::move(r), AckCode::kReject, type.error(), o);
  if (type->type != "ADT" && type->type != "SIU") {
    return failed(std::move(r), AckCode::kReject,
                  Issue{Location{"MSH", 1, 9, 0, 1}, Condition::kUnsupportedMessageType,
                        fmt::format("message type '{}' is not supported", type->type)},
                  o);
  }
  const bool supported =
      type->type == "ADT" ? adt_trigger_supported(type->trigger) : siu_action(type->trigger).has_value();
  if (!supported) {
    return failed(std::move(r), AckCode::kReject,
                  Issue{Location{"MSH", 1, 9, 0, 2}, Condition::kUnsupportedEvent,
                        fmt::format("{}^{} is not supported", type->type, type->trigger)},
                  o);
  }
  if (!parsed) return failed(std::move(r), AckCode::kError, parsed.error(), o);
  if (o.senders != nullptr)
    r.profile = o.senders->find(r.received.sending_application, r.received.sending_facility);
  const ReadRules rules = rules_for(o, r.profile);
  Findings f;
  InboundEvent event;
  if (type->type == "ADT") {
    event = map_adt(*parsed, rules, f);
  } else {
    event = map_siu(*parsed, rules, f);
  }
  r.warnings = std::move(f.warnings);
  if (!f.errors.empty()) {
    r.code = AckCode::kError;
    r.issues = std::move(f.errors);
    return finish(std::move(r), o);
  }
  r.event = std::move(event);
  r.code = AckCode::kAccept;
  return finish(std::move(r), o);
}

Message internal_error_ack(const AckContext& received, std::string_view what, const HeaderParams& ours) {
  Issue i{Location{}, Condition::kInternal, std::string(what)};
  return build_ack(received, AckCode::kError, {i}, ours);
}

}  // namespace physio::hl7
