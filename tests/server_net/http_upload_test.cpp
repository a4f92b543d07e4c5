// Request bodies: in memory, streamed to files, too large, cut short, and Expect: 100-continue.
#include "server_net/test_handler.hpp"

namespace physio::net::test {
namespace {

std::string chunked(const std::string& data, std::size_t chunk) {
  std::string out;
  for (std::size_t at = 0; at < data.size(); at += chunk) {
    const std::size_t n = std::min(chunk, data.size() - at);
    out += fmt::format("{:x}\r\n", n) + data.substr(at, n) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST_F(ServerTest, BodyInMemoryIsEchoed) {
  start();
  auto c = connect();
  const std::string body(100'000, 'b');
  auto r = c.request("POST", "/echo", {{"content-type", "text/plain"}}, body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, body);
  EXPECT_EQ(r->header("x-body-size"), "100000");
}

TEST_F(ServerTest, UploadIsStreamedToAFileThatIsDeletedAfterTheResponse) {
  start();
  auto c = connect();
  const std::string body(700'000, 'u');
  auto r = c.request("POST", "/upload", {}, body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"size":700000})");
  {
    const std::lock_guard lock(handler.mu);
    EXPECT_TRUE(handler.last_upload_existed);
    EXPECT_EQ(handler.last_upload.parent_path(), uploads);
  }
  // The connection is still usable: the next response comes after the file of the previous one is gone.
  ASSERT_TRUE(c.request("GET", "/hello"));
  EXPECT_EQ(count_files(uploads), 0u);
}

TEST_F(ServerTest, ChunkedUploadIsAccepted) {
  start();
  auto c = connect();
  const std::string data(50'000, 'c');
  auto r = c.exchange_raw("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          chunked(data, 7000));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->body, R"({"size":50000})");
}

TEST_F(ServerTest, DeclaredOversizedUploadGets413BeforeTheBody) {
  start();
  auto c = connect();
  auto r = c.request("POST", "/upload", {}, std::string(3 << 20, 'x'));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("error"), std::string::npos);
  EXPECT_FALSE(r->keep_alive);
  c.close();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
  EXPECT_EQ(handler.uploads_handled.load(), 0);
  EXPECT_EQ(count_files(uploads), 0u);
}

TEST_F(ServerTest, ChunkedOversizedUploadGets413AndItsFileIsRemoved) {
  start();
  auto c = connect();
  auto r = c.exchange_raw("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          chunked(std::string(3 << 20, 'x'), 64 * 1024));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 413);
  c.close();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
  EXPECT_EQ(handler.uploads_handled.load(), 0);
  EXPECT_EQ(count_files(uploads), 0u);
}

TEST_F(ServerTest, OversizedMemoryBodyGets413) {
  start();
  auto r = http_request("127.0.0.1", server->port(), "POST", "/echo", {}, std::string((1 << 20) + 1, 'm'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(handler.handled.load(), 0);
}

TEST_F(ServerTest, TruncatedUploadNeverReachesTheHandlerAndLeavesNoFile) {
  start();
  auto c = connect();
  ASSERT_TRUE(c.send_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                         std::string(30'000, 't')));
  // The server has created the file once the handler's on_head ran and the body started to arrive; the
  // client then goes away.
  c.close();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
  EXPECT_EQ(handler.uploads_handled.load(), 0);
  EXPECT_EQ(count_files(uploads), 0u);
}

TEST_F(ServerTest, SlowBodyGets408AndLeavesNoFile) {
  options.body_timeout = std::chrono::milliseconds(300);
  start();
  auto c = connect();
  ASSERT_TRUE(c.send_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc"));
  auto r = c.read_response();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 408);
  c.close();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
  EXPECT_EQ(handler.uploads_handled.load(), 0);
  EXPECT_EQ(count_files(uploads), 0u);
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheFinalAnswer) {
  start();
  auto c = connect();
  ASSERT_TRUE(
      c.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_response();
  ASSERT_TRUE(interim) << interim.error().to_string();
  EXPECT_EQ(interim->status, 100);
  auto r = c.exchange_raw("hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
}

TEST_F(ServerTest, ExpectContinueRefusedFromTheHeadClosesWithoutTheBody) {
  start();
  auto c = connect();
  auto r = c.exchange_raw(
      "POST /missing HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\nExpect: 100-continue\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_FALSE(r->keep_alive);
}

}  // namespace
}  // namespace physio::net::test
