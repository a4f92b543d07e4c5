#include "server/auth/jwks_source.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <spdlog/spdlog.h>

#include "server/http/http_util.hpp"

namespace physio::server {

namespace {

using json = nlohmann::json;

constexpr std::int64_t kMinLifetimeS = 5 * 60;
constexpr std::int64_t kMaxLifetimeS = 24 * 60 * 60;
constexpr std::int64_t kDefaultLifetimeS = 60 * 60;
constexpr TimeUs kRotationFetchGapUs = 60 * kUsPerSecond;
constexpr TimeUs kFailedFetchGapUs = 10 * kUsPerSecond;
constexpr TimeUs kStaleGraceUs = 24LL * 60 * 60 * kUsPerSecond;
constexpr std::size_t kMaxKeys = 20;

bool has_kid(const std::string& keys, std::string_view kid) {
  const json set = json::parse(keys, nullptr, false);
  if (!set.is_object() || !set.contains("keys")) return false;
  for (const auto& k : set["keys"])
    if (k.is_object() && k.contains("kid") && k["kid"].is_string() && k["kid"].get<std::string>() == kid)
      return true;
  return false;
}

}  // namespace

std::optional<KeySetProblem> key_set_problem(const json& set) {
  if (!set.is_object() || !set.contains("keys") || !set["keys"].is_array() || set["keys"].empty())
    return KeySetProblem{"", "a key set is a JSON object {\"keys\": [...]} with at least one key"};
  if (set["keys"].size() > kMaxKeys)
    return KeySetProblem{"/keys", "at most " + std::to_string(kMaxKeys) + " keys"};
  std::set<std::string> kids;
  for (std::size_t i = 0; i < set["keys"].size(); ++i) {
    const auto& k = set["keys"][i];
    const std::string field = "/keys/" + std::to_string(i);
    if (!k.is_object() || !k.contains("kid") || !k["kid"].is_string() ||
        k["kid"].get<std::string>().empty() || !kids.insert(k["kid"].get<std::string>()).second)
      return KeySetProblem{field + "/kid", "every key needs a kid of its own"};
    if (k.contains("d")) return KeySetProblem{field, "a public key set holds no private key (\"d\")"};
    const std::string kty = k.contains("kty") && k["kty"].is_string() ? k["kty"].get<std::string>() : "";
    if (kty != "RSA" && kty != "EC") return KeySetProblem{field + "/kty", "kty must be RSA or EC"};
  }
  return std::nullopt;
}

std::int64_t key_set_lifetime_s(const std::optional<std::string>& cache_control) {
  if (!cache_control) return kDefaultLifetimeS;
  std::string cc = *cache_control;
  for (char& c : cc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (cc.find("no-store") != std::string::npos || cc.find("no-cache") != std::string::npos)
    return kMinLifetimeS;
  // max-age=N, the directive's own name (not s-maxage).
  for (std::size_t at = cc.find("max-age"); at != std::string::npos; at = cc.find("max-age", at + 1)) {
    if (at > 0 && cc[at - 1] != ' ' && cc[at - 1] != ',') continue;
    std::size_t i = at + 7;
    while (i < cc.size() && cc[i] == ' ') ++i;
    if (i >= cc.size() || cc[i] != '=') continue;
    ++i;
    while (i < cc.size() && (cc[i] == ' ' || cc[i] == '"')) ++i;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(cc.data() + i, cc.data() + cc.size(), v);
    if (ec == std::errc::result_out_of_range) return kMaxLifetimeS;
    if (ec != std::errc() || p == cc.data() + i) continue;
    return std::clamp<std::int64_t>(v, kMinLifetimeS, kMaxLifetimeS);
  }
  return kDefaultLifetimeS;
}

JwksSource::JwksSource(Fetch fetch, Clock clock) : fetch_(std::move(fetch)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return now_us(); };
}

std::size_t JwksSource::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

Result<std::string> JwksSource::fetch_locked(const std::string& url, Entry& entry, TimeUs now) {
  entry.last_attempt_us = now;
  ++fetches_;
  auto refuse = [&](const std::string& why) {
    return std::unexpected(Error(ErrorCode::kInvalidArgument, "the key set at " + url + " " + why));
  };
  auto doc = fetch_(url);
  if (!doc) return refuse("could not be read: " + doc.error().message());
  const json set = json::parse(doc->body, nullptr, false);
  if (set.is_discarded()) return refuse("is not JSON");
  if (auto p = key_set_problem(set))
    return refuse("is not a usable key set: " + p->message +
                  (p->pointer.empty() ? "" : " (" + p->pointer + ")"));
  entry.last_error.clear();
  entry.keys = set.dump();
  entry.fetched_us = now;
  entry.expires_us = now + key_set_lifetime_s(doc->cache_control) * kUsPerSecond;
  return entry.keys;
}

Result<std::string> JwksSource::keys(const std::string& url, std::string_view kid) {
  std::lock_guard lock(mu_);
  const TimeUs now = clock_();
  Entry& entry = cache_[url];
  const bool cached = !entry.keys.empty();
  const bool fresh = cached && now < entry.expires_us;
  if (fresh && has_kid(entry.keys, kid)) return entry.keys;
  // Stale, never fetched, or the kid is missing (a rotation): fetch, but a missing kid in a fresh set
  // at most once a minute.
  if (fresh && now - entry.last_attempt_us < kRotationFetchGapUs) return entry.keys;
  // A fetch that failed a moment ago is not tried again at once: the last set, or the last reason.
  if (!entry.last_error.empty() && now - entry.last_attempt_us < kFailedFetchGapUs) {
    if (cached && now < entry.expires_us + kStaleGraceUs) return entry.keys;
    return std::unexpected(Error(ErrorCode::kInvalidArgument, entry.last_error));
  }
  auto got = fetch_locked(url, entry, now);
  if (got) return got;
  entry.last_error = got.error().message();
  if (cached && now < entry.expires_us + kStaleGraceUs) {
    spdlog::warn("SMART: {}; the set fetched {} s ago is used meanwhile", got.error().message(),
                 (now - entry.fetched_us) / kUsPerSecond);
    return entry.keys;
  }
  return got;
}

Result<std::string> JwksSource::refresh(const std::string& url) {
  std::lock_guard lock(mu_);
  Entry fresh_entry;
  auto got = fetch_locked(url, fresh_entry, clock_());
  if (!got) return got;
  // A registration's read does not open the once-a-minute window of reads for unknown kids.
  fresh_entry.last_attempt_us = 0;
  cache_[url] = fresh_entry;
  return got;
}

}  // namespace physio::server
