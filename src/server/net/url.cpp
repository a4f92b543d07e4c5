#include "server/net/url.hpp"

namespace physio::net {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<Target> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return fail(ErrorCode::kInvalidArgument, "request target must start with '/'");
  }
  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  Target out;
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  auto decoded = percent_decode(raw_path, false);
  if (!decoded) return fail(ErrorCode::kInvalidArgument, "invalid %-escape in the request path");
  for (const char c : *decoded) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      return fail(ErrorCode::kInvalidArgument, "control character in the request path");
  }
  // Segments are checked after decoding, so "%2e%2e" and "..%2f" are caught as well.
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "..") return fail(ErrorCode::kInvalidArgument, "'..' in the request path");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  out.path = std::move(*decoded);
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  auto decode = [](std::string_view s) {
    auto d = percent_decode(s, true);
    if (d) return std::move(*d);
    std::string literal(s);
    for (char& c : literal) {
      if (c == '+') c = ' ';
    }
    return literal;
  };
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(decode(piece), std::string());
      } else {
        out.emplace_back(decode(piece.substr(0, eq)), decode(piece.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace physio::net
