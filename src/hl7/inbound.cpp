#include "hl7/inbound.hpp"

#include <fmt/format.h>

#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

bool adt_trigger(std::string_view t) {
  return t == "A04" || t == "A08";
}

Receipt finish(Receipt r, const ReceiveOptions& o) {
  r.ack = build_ack(r.received, r.code, r.issues, o.ours);
  r.ack_text = serialize(r.ack);
  return r;
}

Receipt failed(Receipt r, AckCode code, Issue i, const ReceiveOptions& o) {
  r.code = code;
  r.issues.push_back(std::move(i));
  return finish(std::move(r), o);
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
      type->type == "ADT" ? adt_trigger(type->trigger) : siu_action(type->trigger).has_value();
  if (!supported) {
    return failed(std::move(r), AckCode::kReject,
                  Issue{Location{"MSH", 1, 9, 0, 2}, Condition::kUnsupportedEvent,
                        fmt::format("{}^{} is not supported", type->type, type->trigger)},
                  o);
  }
  if (!parsed) return failed(std::move(r), AckCode::kError, parsed.error(), o);
  if (type->type == "ADT") {
    auto u = map_adt(*parsed, o.local);
    if (!u) return failed(std::move(r), AckCode::kError, u.error(), o);
    r.event = std::move(*u);
  } else {
    auto c = map_siu(*parsed, o.local);
    if (!c) return failed(std::move(r), AckCode::kError, c.error(), o);
    r.event = std::move(*c);
  }
  r.code = AckCode::kAccept;
  return finish(std::move(r), o);
}

Message internal_error_ack(const AckContext& received, std::string_view what, const HeaderParams& ours) {
  Issue i{Location{}, Condition::kInternal, std::string(what)};
  return build_ack(received, AckCode::kError, {i}, ours);
}

}  // namespace physio::hl7
