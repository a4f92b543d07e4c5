#pragma once
/// `Message` -> text: segments each followed by CR, delimiters from `Message::delimiters`, leaves
/// written as stored (they are already encoded). For a message that parse_message produced from
/// CR-terminated text, serialize gives that text back exactly.

#include <string>

#include "hl7/message.hpp"

namespace physio::hl7 {

std::string serialize(const Message& m);
/// One segment without its CR.
std::string serialize_segment(const Segment& s, const Delimiters& d);
/// One field (repetitions, components, subcomponents).
std::string serialize_field(const Field& f, const Delimiters& d);

}  // namespace physio::hl7
