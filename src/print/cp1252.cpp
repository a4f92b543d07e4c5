#include "print/cp1252.hpp"

#include <cstdint>

namespace physio::print {
namespace {

/// Windows-1252 bytes 0x80-0x9F and the code points they draw.
struct Extra {
  char32_t cp;
  unsigned char byte;
};
constexpr Extra kExtras[] = {{0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
                             {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
                             {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
                             {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
                             {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
                             {0x017E, 0x9E}, {0x0178, 0x9F}};

/// Decodes one UTF-8 sequence at `i`; U+FFFD for a broken one (advancing one byte).
char32_t next(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b >> 6) != 0x2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

}  // namespace

std::string utf8_to_cp1252(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next(utf8, i);
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    bool done = false;
    for (const auto& e : kExtras)
      if (e.cp == cp) {
        out.push_back(static_cast<char>(e.byte));
        done = true;
        break;
      }
    if (done) continue;
    if (cp == 0x2192)
      out += "->";
    else if (cp == 0x2190)
      out += "<-";
    else if (cp == 0x2264)
      out += "<=";
    else if (cp == 0x2265)
      out += ">=";
    else if (cp == 0x2212)
      out += "-";
    else
      out += "?";
  }
  return out;
}

}  // namespace physio::print
