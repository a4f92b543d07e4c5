#include "core/markup.hpp"

namespace physio {

std::string escape_markup(std::string_view text, MarkupText mode) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (mode == MarkupText::kHtml || static_cast<unsigned char>(c) >= 0x20 || c == '\t')
          out += c;
        else if (c == '\n' || c == '\r')
          out += ' ';
    }
  }
  return out;
}

}  // namespace physio
