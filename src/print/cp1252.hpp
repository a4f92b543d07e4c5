#pragma once
/// Text for the PDF standard fonts, which draw Windows-1252 (WinAnsiEncoding): UTF-8 turned into it, with
/// the typographic characters people type kept (curly quotes, dashes, bullet, ellipsis, euro, degree), a
/// few common others spelled out ("→" as "->"), and anything else as "?".

#include <string>
#include <string_view>

namespace physio::print {

std::string utf8_to_cp1252(std::string_view utf8);

}  // namespace physio::print
