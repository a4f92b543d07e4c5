#pragma once
/// Request-target parsing: the decoded path a router matches on, and query strings. Pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace physio::net {

struct Target {
  std::string path;   ///< percent-decoded
  std::string query;  ///< raw, without '?'
};

/// Splits an origin-form target ("/a%20b?x=1") into its decoded path and raw query. Errors (kInvalidArgument)
/// for a target not starting with '/', an invalid %-escape, a decoded control byte (NUL included) or a ".."
/// segment.
Result<Target> parse_target(std::string_view target);

/// Decodes %XX escapes (and '+' as a space when asked); nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

/// "a=1&b=x+y&a=2" -> {a,1},{b,"x y"},{a,2}. Empty pieces are skipped; a name without '=' has an empty value;
/// malformed escapes are kept literally.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace physio::net
