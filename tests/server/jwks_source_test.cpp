// The rules of key sets registered by URL (docs/server/smart.md, "Keys by URL"), with a scripted fetch and
// a test clock: caching by Cache-Control, fetching again on a kid the set lacks (key rotation) at most once
// a minute, the last good set kept through an outage, and what makes a set unusable.
#include "server/auth/jwks_source.hpp"

#include <gtest/gtest.h>

namespace physio::server {
namespace {

using json = nlohmann::json;
constexpr TimeUs kS = kUsPerSecond;

std::string set_of(std::initializer_list<const char*> kids) {
  json keys = json::array();
  for (const char* k : kids) keys.push_back({{"kid", k}, {"kty", "EC"}, {"crv", "P-384"}});
  return json{{"keys", keys}}.dump();
}

struct Scripted {
  std::string body = set_of({"a"});
  std::optional<std::string> cache_control{};
  bool down = false;
  int calls = 0;
  TimeUs now = 1'000'000 * kS;

  JwksSource source() {
    return JwksSource(
        [this](const std::string& url) -> Result<net::FetchedDocument> {
          ++calls;
          if (down) return std::unexpected(Error(ErrorCode::kIo, url + ": connecting: Connection refused"));
          net::FetchedDocument d;
          d.body = body;
          d.cache_control = cache_control;
          return d;
        },
        [this] { return now; });
  }
};

const std::string kUrl = "https://app.example/jwks.json";

TEST(KeySetLifetime, FromCacheControlHeldBetweenFiveMinutesAndADay) {
  EXPECT_EQ(key_set_lifetime_s(std::nullopt), 3600);
  EXPECT_EQ(key_set_lifetime_s("max-age=600"), 600);
  EXPECT_EQ(key_set_lifetime_s("public, Max-Age=7200, must-revalidate"), 7200);
  EXPECT_EQ(key_set_lifetime_s("max-age=10"), 300);
  EXPECT_EQ(key_set_lifetime_s("max-age=31536000"), 86400);
  EXPECT_EQ(key_set_lifetime_s("max-age=99999999999999999999999"), 86400);
  EXPECT_EQ(key_set_lifetime_s("no-cache"), 300);
  EXPECT_EQ(key_set_lifetime_s("no-store, max-age=9000"), 300);
  EXPECT_EQ(key_set_lifetime_s("s-maxage=9000"), 3600);
  EXPECT_EQ(key_set_lifetime_s("max-age=abc"), 3600);
  EXPECT_EQ(key_set_lifetime_s("max-age=\"900\""), 900);
}

TEST(KeySetProblem, NamesWhatMakesASetUnusable) {
  EXPECT_FALSE(key_set_problem(json::parse(set_of({"a", "b"}))));
  EXPECT_TRUE(key_set_problem(json::parse(R"({"keys": []})")));
  EXPECT_TRUE(key_set_problem(json::parse(R"([1])")));
  auto p =
      key_set_problem(json::parse(R"({"keys": [{"kid": "a", "kty": "EC"}, {"kid": "a", "kty": "EC"}]})"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->pointer, "/keys/1/kid");
  p = key_set_problem(json::parse(R"({"keys": [{"kid": "a", "kty": "RSA", "d": "secret"}]})"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->pointer, "/keys/0");
  EXPECT_NE(p->message.find("private"), std::string::npos);
  p = key_set_problem(json::parse(R"({"keys": [{"kid": "a", "kty": "oct"}]})"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->pointer, "/keys/0/kty");
  json many = json::parse(set_of({}));
  for (int i = 0; i < 21; ++i) many["keys"].push_back({{"kid", std::to_string(i)}, {"kty", "EC"}});
  EXPECT_TRUE(key_set_problem(many));
}

TEST(JwksSource, CachedForItsLifetimeThenFetchedAgain) {
  Scripted s;
  s.cache_control = "max-age=600";
  auto src = s.source();
  ASSERT_TRUE(src.keys(kUrl, "a"));
  EXPECT_EQ(s.calls, 1);
  s.now += 599 * kS;
  ASSERT_TRUE(src.keys(kUrl, "a"));
  EXPECT_EQ(s.calls, 1) << "fresh for 600 s";
  s.now += 2 * kS;
  ASSERT_TRUE(src.keys(kUrl, "a"));
  EXPECT_EQ(s.calls, 2) << "stale after 600 s";
}

TEST(JwksSource, AnUnknownKidFetchesAgainAtMostOnceAMinute) {
  Scripted s;
  auto src = s.source();
  ASSERT_TRUE(src.keys(kUrl, "a"));
  // The app rotates: its new assertions carry kid "b", which the cached set lacks.
  s.body = set_of({"b"});
  s.now += 61 * kS;
  auto got = src.keys(kUrl, "b");
  ASSERT_TRUE(got);
  EXPECT_EQ(s.calls, 2);
  EXPECT_NE(got->find("\"b\""), std::string::npos);
  // A forged kid: one fetch, then none for a minute however many assertions carry it.
  s.now += 61 * kS;
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(src.keys(kUrl, "forged"));
  EXPECT_EQ(s.calls, 3);
  s.now += 30 * kS;
  ASSERT_TRUE(src.keys(kUrl, "forged"));
  EXPECT_EQ(s.calls, 3);
  s.now += 31 * kS;
  ASSERT_TRUE(src.keys(kUrl, "forged"));
  EXPECT_EQ(s.calls, 4);
  // The known kid never fetches while the set is fresh.
  ASSERT_TRUE(src.keys(kUrl, "b"));
  EXPECT_EQ(s.calls, 4);
}

TEST(JwksSource, TheLastGoodSetOutlivesAnOutageForADay) {
  Scripted s;
  s.cache_control = "max-age=300";
  auto src = s.source();
  ASSERT_TRUE(src.keys(kUrl, "a"));
  s.down = true;
  s.now += 301 * kS;
  auto got = src.keys(kUrl, "a");
  ASSERT_TRUE(got) << "a set fetched before is used while the host is down";
  EXPECT_EQ(s.calls, 2);
  // Not tried again for 10 s after a failure.
  s.now += 5 * kS;
  ASSERT_TRUE(src.keys(kUrl, "a"));
  EXPECT_EQ(s.calls, 2);
  // A day past its expiry it is no longer used: refused naming the URL and why.
  s.now += 24 * 3600 * kS;
  got = src.keys(kUrl, "a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(got.error().message().find(kUrl), std::string::npos) << got.error().message();
  EXPECT_NE(got.error().message().find("Connection refused"), std::string::npos) << got.error().message();
  // Back up: used again.
  s.down = false;
  s.now += 11 * kS;
  ASSERT_TRUE(src.keys(kUrl, "a"));
}

TEST(JwksSource, NeverFetchedAndUnreachableOrUnusableIsRefused) {
  Scripted s;
  s.down = true;
  auto src = s.source();
  auto got = src.keys(kUrl, "a");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message().find("could not be read"), std::string::npos) << got.error().message();
  s.down = false;
  s.body = R"({"keys": [{"kid": "a", "kty": "RSA", "n": "x", "e": "AQAB", "d": "private"}]})";
  s.now += 11 * kS;
  got = src.keys(kUrl, "a");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message().find("not a usable key set"), std::string::npos) << got.error().message();
  s.body = "<html>";
  s.now += 11 * kS;
  got = src.keys(kUrl, "a");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message().find("is not JSON"), std::string::npos) << got.error().message();
}

TEST(JwksSource, RefreshReplacesTheCachedSet) {
  Scripted s;
  auto src = s.source();
  ASSERT_TRUE(src.keys(kUrl, "a"));
  s.body = set_of({"c"});
  auto got = src.refresh(kUrl);
  ASSERT_TRUE(got);
  EXPECT_EQ(s.calls, 2);
  got = src.keys(kUrl, "c");
  ASSERT_TRUE(got);
  EXPECT_EQ(s.calls, 2) << "the refreshed set is cached";
  s.down = true;
  EXPECT_FALSE(src.refresh(kUrl));
  ASSERT_TRUE(src.keys(kUrl, "c")) << "a failed refresh keeps what was cached";
  // Right after a registration's read, the app's first assertion with a new kid may read the set once.
  s.down = false;
  ASSERT_TRUE(src.refresh(kUrl));
  const int before = s.calls;
  s.body = set_of({"d"});
  auto d = src.keys(kUrl, "d");
  ASSERT_TRUE(d);
  EXPECT_EQ(s.calls, before + 1);
  EXPECT_NE(d->find("\"d\""), std::string::npos);
}

}  // namespace
}  // namespace physio::server
