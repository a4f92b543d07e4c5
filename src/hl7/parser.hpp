#pragma once
/// Text -> `Message`. Reads HL7 v2.x as it arrives from real systems:
///  - segments end with CR (the standard), LF or CRLF; empty lines are skipped;
///  - the delimiters are read from MSH-1 and MSH-2 (1 to 5 encoding characters, distinct, printable,
///    not letters or digits), never assumed;
///  - every segment name is three characters ([A-Z][A-Z0-9][A-Z0-9]); Z-segments are kept like any
///    other; a field separator must follow the name unless the segment has no fields;
///  - every escape sequence is checked (escape.hpp); leaves keep their encoded text.
/// The first segment must be MSH; a second MSH (a batch) is refused.
///
/// Errors name the place and the segment's position: "PID-3 (segment 3): unknown escape '\Q\'",
/// "MSH-2 (segment 1): encoding characters '^^~\&' repeat '^'". An Issue's location is exact
/// enough for ERR-2 (segment, occurrence, field, repetition, component, subcomponent).

#include <string_view>

#include "hl7/issue.hpp"
#include "hl7/message.hpp"

namespace physio::hl7 {

Hl7Result<Message> parse_message(std::string_view text);

/// The delimiters declared by an MSH segment's first characters ("MSH|^~\&|..."), checked.
Hl7Result<Delimiters> parse_delimiters(std::string_view msh_line);

}  // namespace physio::hl7
