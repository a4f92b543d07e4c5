// Malformed, oversized and slow request heads.
#include "server_net/test_handler.hpp"

namespace physio::net::test {
namespace {

using std::chrono::milliseconds;

TEST_F(ServerTest, OversizedHeadGets431AndIsClosed) {
  start();
  auto c = connect();
  auto r = c.request("GET", "/hello", {{"x-big", std::string(8000, 'a')}});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 431);
  EXPECT_FALSE(r->keep_alive);
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST_F(ServerTest, MalformedRequestGets400AndIsClosed) {
  start();
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                          "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"}) {
    expect_400_and_closed(bad);
  }
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST_F(ServerTest, AmbiguousFramingIsRefused) {
  // Request smuggling: anything but exactly "chunked" as the transfer coding, or chunked with a length.
  start();
  for (const char* bad :
       {"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
        "chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: "
        "chunked\r\n\r\n0\r\n\r\n"}) {
    expect_400_and_closed(bad);
  }
  EXPECT_EQ(handler.handled.load(), 0);
  // Exactly "chunked" (any case, spaces around) is served.
  auto c = connect();
  auto ok = c.exchange_raw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:  Chunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, UnsafePathsGet400) {
  start();
  for (const char* target : {"/a/../etc/passwd", "/a/%2e%2e/b", "/a%00b", "/a%zz", "*"}) {
    auto r = http_request("127.0.0.1", server->port(), "GET", target);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status, 400) << target;
  }
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST_F(ServerTest, SlowHeadIsAnswered408AndDropped) {
  options.header_timeout = milliseconds(300);
  start();
  auto c = connect();
  ASSERT_TRUE(c.send_raw("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // and never the blank line
  auto r = c.read_response();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(c.wait_closed());
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, SilentConnectionIsClosedWithoutAnswer) {
  options.header_timeout = milliseconds(300);
  start();
  auto c = connect();
  EXPECT_TRUE(c.wait_closed());
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  options.idle_timeout = milliseconds(300);
  start();
  auto c = connect();
  ASSERT_TRUE(c.request("GET", "/hello"));
  EXPECT_TRUE(c.wait_closed());
}

}  // namespace
}  // namespace physio::net::test
