#pragma once
/// HL7 v2 escape sequences between the escape character (shown here as '\'):
///   \F\ field   \S\ component   \T\ subcomponent   \R\ repetition   \E\ escape
///   \Xhh..\ bytes in hex        \.br\ line break (read as "\n")
///   \H\ \N\ highlighting on / off (dropped when read), other formatting commands (\.sp\ is read
///   as "\n"; \.in\ \.ti\ \.sk\ \.ce\ \.fi\ \.nf\ are dropped), \Z..\ local escapes (kept raw).
/// Character-set escapes (\C..\, \M..\) are refused: this module reads and writes UTF-8 only.
///
/// `escape` writes every delimiter, the escape character, "\n" as \.br\ and other control bytes
/// as \Xhh\, so any text survives escape -> unescape.

#include <string>
#include <string_view>

#include "hl7/message.hpp"

namespace physio::hl7 {

/// Encoded text for a leaf.
std::string escape(std::string_view plain, const Delimiters& d);
/// Plain text of an encoded leaf. Never fails: a malformed sequence is kept as written
/// (parse_message refuses such leaves, so this only matters for hand-built messages).
std::string unescape(std::string_view encoded, const Delimiters& d);
/// "" when every escape sequence in `encoded` is well formed, else the problem in words
/// ("unterminated escape '\X0D'", "unknown escape '\Q\'").
std::string escape_problem(std::string_view encoded, const Delimiters& d);

}  // namespace physio::hl7
