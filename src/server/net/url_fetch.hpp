#pragma once
/// Reads one small document from another server: a GET of an `https://` URL (or `http://` on a literal
/// loopback address, 127.0.0.0/8 or [::1], where no network is crossed), blocking, with one time limit over
/// name lookup, connection, TLS handshake and reading, and a cap on the body. TLS 1.2 or later; the peer's
/// certificate is verified against the system's trust store (plus `ca_file` when given) and its name against
/// the URL's host (SNI sent). Redirects are not followed. Used for the key sets (JWKS) SMART apps register
/// by URL (docs/server/smart.md).
///
///   auto doc = PHYSIO_TRY(net::fetch_url("https://app.example/jwks.json", {}));

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::net {

struct FetchOptions {
  std::chrono::milliseconds timeout{5'000};  ///< the whole exchange
  std::size_t max_body = 64 * 1024;          ///< a longer body is refused
  std::filesystem::path ca_file{};           ///< extra trust anchors (PEM), beside the system's
};

struct FetchedDocument {
  std::string body{};
  std::string content_type{};
  std::optional<std::string> cache_control{};  ///< the header as sent
};

struct FetchUrl {
  bool tls = true;
  std::string host{};  ///< without brackets for IPv6
  std::uint16_t port = 443;
  std::string target{};  ///< path and query, "/" when empty
};

/// Splits and checks a URL this client may fetch: `https://host[:port]/path` or `http://` on a literal
/// loopback address. kInvalidArgument with the reason (no user info, no fragment, no spaces or controls).
Result<FetchUrl> parse_fetch_url(std::string_view url);

/// GETs `url`. A status other than 200, a redirect, a body over the cap, a certificate that does not verify
/// or name the host, or the time limit: a kIo error naming the URL and the reason.
Result<FetchedDocument> fetch_url(std::string_view url, const FetchOptions& options);

}  // namespace physio::net
