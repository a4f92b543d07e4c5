#include "hl7/escape.hpp"

#include <fmt/format.h>

namespace physio::hl7 {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return c - 'a' + 10;
}

bool is_formatting(std::string_view body) {
  // Formatted-text commands: ".br", ".sp<n>", ".in<+/-n>", ".ti<+/-n>", ".sk<n>", ".ce", ".fi", ".nf".
  if (body.size() < 3 || body[0] != '.') return false;
  const std::string_view cmd = body.substr(1, 2);
  std::string_view arg = body.substr(3);
  const bool no_arg = cmd == "br" || cmd == "ce" || cmd == "fi" || cmd == "nf";
  if (no_arg) return arg.empty();
  if (cmd != "sp" && cmd != "in" && cmd != "ti" && cmd != "sk") return false;
  if (!arg.empty() && (arg[0] == '+' || arg[0] == '-')) arg.remove_prefix(1);
  for (char c : arg) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// "" when `body` (the text between two escape characters) is a sequence we read.
std::string body_problem(std::string_view body, char esc) {
  const std::string shown = fmt::format("{}{}{}", esc, body, esc);
  if (body.empty()) return fmt::format("empty escape '{}'", shown);
  if (body.size() == 1 && std::string_view("FSTREHN").find(body[0]) != std::string_view::npos) return "";
  if (body[0] == 'X') {
    const std::string_view hex = body.substr(1);
    if (hex.empty() || hex.size() % 2 != 0) return fmt::format("bad hex escape '{}'", shown);
    for (char c : hex) {
      if (!is_hex(c)) return fmt::format("bad hex escape '{}'", shown);
    }
    return "";
  }
  if (body[0] == 'Z') return "";
  if (body[0] == 'C' || body[0] == 'M') {
    return fmt::format("character set escape '{}' is not supported (UTF-8 only)", shown);
  }
  if (is_formatting(body)) return "";
  return fmt::format("unknown escape '{}'", shown);
}

}  // namespace

std::string escape(std::string_view plain, const Delimiters& d) {
  if (d.escape == '\0') return std::string(plain);
  std::string out;
  out.reserve(plain.size());
  const char e = d.escape;
  auto seq = [&](std::string_view body) {
    out += e;
    out += body;
    out += e;
  };
  for (char c : plain) {
    if (c == e) {
      seq("E");
    } else if (c == d.field) {
      seq("F");
    } else if (c == d.component) {
      seq("S");
    } else if (d.subcomponent != '\0' && c == d.subcomponent) {
      seq("T");
    } else if (d.repetition != '\0' && c == d.repetition) {
      seq("R");
    } else if (c == '\n') {
      seq(".br");
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f ||
               (d.truncation != '\0' && c == d.truncation)) {
      seq(fmt::format("X{:02X}", static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view encoded, const Delimiters& d) {
  if (d.escape == '\0' || encoded.find(d.escape) == std::string_view::npos) return std::string(encoded);
  std::string out;
  out.reserve(encoded.size());
  std::size_t i = 0;
  while (i < encoded.size()) {
    const char c = encoded[i];
    if (c != d.escape) {
      out += c;
      ++i;
      continue;
    }
    const std::size_t end = encoded.find(d.escape, i + 1);
    if (end == std::string_view::npos) {
      out.append(encoded.substr(i));
      break;
    }
    const std::string_view body = encoded.substr(i + 1, end - i - 1);
    const std::string_view whole = encoded.substr(i, end - i + 1);
    i = end + 1;
    if (!body_problem(body, d.escape).empty()) {
      out.append(whole);
      continue;
    }
    switch (body[0]) {
      case 'F':
        out += d.field;
        break;
      case 'S':
        out += d.component;
        break;
      case 'T':
        out += d.subcomponent;
        break;
      case 'R':
        out += d.repetition;
        break;
      case 'E':
        out += d.escape;
        break;
      case 'H':
      case 'N':
        break;
      case 'X':
        for (std::size_t k = 1; k + 1 < body.size(); k += 2) {
          out += static_cast<char>(hex_value(body[k]) * 16 + hex_value(body[k + 1]));
        }
        break;
      case 'Z':
        out.append(whole);
        break;
      default:  // formatting
        if (body.substr(1, 2) == "br" || body.substr(1, 2) == "sp") out += '\n';
        break;
    }
  }
  return out;
}

std::string escape_problem(std::string_view encoded, const Delimiters& d) {
  if (d.escape == '\0') return "";
  std::size_t i = encoded.find(d.escape);
  while (i != std::string_view::npos) {
    const std::size_t end = encoded.find(d.escape, i + 1);
    if (end == std::string_view::npos) {
      return fmt::format("unterminated escape '{}'", encoded.substr(i, 12));
    }
    std::string problem = body_problem(encoded.substr(i + 1, end - i - 1), d.escape);
    if (!problem.empty()) return problem;
    i = encoded.find(d.escape, end + 1);
  }
  return "";
}

}  // namespace physio::hl7
