#pragma once
/// The key sets SMART apps register by URL (`jwks_uri`; docs/server/smart.md, "Keys by URL"): fetched,
/// checked, cached and fetched again when the app rotates its keys. The rules are here, the network is a
/// function given to the cache, so both are tested apart.
///
/// - A fetched set is kept for the `max-age` of its Cache-Control, held between 5 minutes and 24 hours
///   (1 hour without one; `no-store` or `no-cache`: 5 minutes).
/// - An assertion signed with a kid the cached set lacks makes the set fetched again at once (the app
///   rotated its keys), at most once a minute per URL, so forged kids cannot make the server hammer the app.
/// - When a fetch fails, a set fetched before is still used for up to 24 hours past its expiry (the app's
///   host being down does not lock a clinic's backend service out); without one the assertion is refused
///   naming the URL and the reason. A failed fetch is not tried again for 10 seconds.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "server/net/url_fetch.hpp"

namespace physio::server {

/// A public key set an app may register or serve: {"keys": [...]} with 1 to 20 keys, each with a kid of its
/// own, kty RSA or EC, and no private part. The problem in words and the JSON pointer of its field.
struct KeySetProblem {
  std::string pointer{};
  std::string message{};
};
std::optional<KeySetProblem> key_set_problem(const nlohmann::json& set);

/// Seconds a fetched set is kept, from its Cache-Control header (see above).
std::int64_t key_set_lifetime_s(const std::optional<std::string>& cache_control);

class JwksSource {
 public:
  using Fetch = std::function<Result<net::FetchedDocument>(const std::string& url)>;
  using Clock = std::function<TimeUs()>;

  /// `clock` empty: the server's clock (its test clock in tests).
  explicit JwksSource(Fetch fetch, Clock clock = {});

  /// The key set (JSON text) at `url` holding a key with `kid` when it can: the cached set while it is
  /// fresh and has the kid; otherwise fetched (within the rotation limit). The set returned may still lack
  /// the kid (the verifier then says so). kInvalidArgument naming the URL when no usable set can be had.
  Result<std::string> keys(const std::string& url, std::string_view kid);

  /// Fetches and checks the set now (registration), replacing what was cached; an unknown kid right after
  /// may still fetch once.
  Result<std::string> refresh(const std::string& url);

  /// How many fetches were made (for tests and the log).
  std::size_t fetches() const;

 private:
  struct Entry {
    std::string keys{};  ///< JSON text
    TimeUs fetched_us = 0;
    TimeUs expires_us = 0;
    TimeUs last_attempt_us = 0;
    std::string last_error{};  ///< why the last fetch failed; "" after a good one
  };
  Result<std::string> fetch_locked(const std::string& url, Entry& entry, TimeUs now);

  Fetch fetch_;
  Clock clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> cache_;
  std::size_t fetches_ = 0;
};

}  // namespace physio::server
