#include "server/net/url.hpp"

#include <gtest/gtest.h>

#include "server/net/http.hpp"

namespace physio::net {
namespace {

TEST(ParseTarget, SplitsAndDecodesThePath) {
  auto t = parse_target("/api/patients%20x?q=ann%20b&x=1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/patients x");
  EXPECT_EQ(t->query, "q=ann%20b&x=1");
  auto bare = parse_target("/");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->path, "/");
  EXPECT_EQ(bare->query, "");
}

TEST(ParseTarget, RejectsUnsafePaths) {
  for (const char* bad : {"", "api", "http://x/a", "/a/../b", "/..", "/a/%2e%2e/b", "/a/..%2fb", "/a%00b",
                          "/a%0ab", "/a%zz", "/a%4", "/a%"}) {
    EXPECT_FALSE(parse_target(bad)) << bad;
  }
  for (const char* good : {"/a..b", "/a/...", "/.well-known/x", "/a%2Fb", "/%7e"}) {
    EXPECT_TRUE(parse_target(good)) << good;
  }
}

TEST(ParseQuery, DecodesPlusAndKeepsRepeatsInOrder) {
  const auto p = parse_query("a=1&b=x+y%21&a=2&&flag&c=%zz");
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1], (std::pair<std::string, std::string>{"b", "x y!"}));
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"a", "2"}));
  EXPECT_EQ(p[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(p[4], (std::pair<std::string, std::string>{"c", "%zz"}));
}

TEST(Request, HeaderLookupAndQueryParams) {
  Request r;
  r.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  r.query = "q=ann+lee";
  EXPECT_EQ(r.header("x-a"), "1");
  EXPECT_FALSE(r.header("missing"));
  ASSERT_EQ(r.query_params().size(), 1u);
  EXPECT_EQ(r.query_params()[0].second, "ann lee");
}

TEST(ErrorResponse, IsEscapedJson) {
  const Response r = error_response(400, "bad \"x\"\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":"bad \"x\"\n"})");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].value, "application/json");
}

}  // namespace
}  // namespace physio::net
