// Requests, keep-alive, the worker pool and stopping.
#include <sys/resource.h>

#include <fstream>
#include <future>
#include <thread>

#include "server_net/test_handler.hpp"

namespace physio::net::test {
namespace {

using std::chrono::milliseconds;

TEST_F(ServerTest, KeepAliveCarriesSeveralRequestsOnOneConnection) {
  start();
  auto c = connect();
  for (int i = 0; i < 3; ++i) {
    auto r = c.request("GET", "/hello");
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello");
    EXPECT_TRUE(r->keep_alive);
    EXPECT_TRUE(r->header("date"));
    EXPECT_EQ(r->header("content-length"), "5");
  }
  EXPECT_TRUE(c.is_open());
  EXPECT_EQ(server->open_connections(), 1u);
  c.close();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  auto c = connect();
  ASSERT_TRUE(
      c.send_raw("GET /query?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                 "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                 "GET /query?n=3 HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto a = c.read_response();
  auto b = c.read_response();
  auto d = c.read_response();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body, "n=1;");
  EXPECT_EQ(b->body, "abc");
  EXPECT_EQ(d->body, "n=3;");
}

TEST_F(ServerTest, AnswerFromTheHeadKeepsABodilessConnection) {
  start();
  auto c = connect();
  auto r = c.request("GET", "/missing/thing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"error":"no such thing"})");
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_TRUE(r->keep_alive);
  auto again = c.request("GET", "/hello");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(handler.handled.load(), 1);
}

TEST_F(ServerTest, HeadSendsTheLengthWithoutTheBody) {
  start();
  auto c = connect();
  auto r = c.request("HEAD", "/hello");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "5");
  EXPECT_EQ(r->body, "");
  auto next = c.request("GET", "/hello");  // nothing left over on the wire
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, ResponseFilesAreStreamed) {
  handler.file_to_serve = uploads / "served.bin";
  std::string content(300'000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 % 251);
  std::ofstream(handler.file_to_serve, std::ios::binary) << content;
  start();
  auto c = connect();
  auto r = c.request("GET", "/file");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, content);
  auto head = c.request("HEAD", "/file");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), std::to_string(content.size()));
  std::filesystem::remove(handler.file_to_serve);
  auto gone = c.request("GET", "/file");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST_F(ServerTest, QueryParametersAreDecoded) {
  start();
  auto r = http_request("127.0.0.1", server->port(), "GET", "/query?name=ann+lee&x=%C3%A9&name=b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "name=ann lee;x=\xC3\xA9;name=b;");
  EXPECT_FALSE(r->keep_alive);
}

TEST_F(ServerTest, HandlerExceptionGives500AndTheConnectionGoesOn) {
  start();
  auto c = connect();
  auto r = c.request("GET", "/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  auto next = c.request("GET", "/hello");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, HeadersWithLineBreaksAreDropped) {
  start();
  auto r = http_request("127.0.0.1", server->port(), "GET", "/bad-header");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->header("x-injected"));
  EXPECT_FALSE(r->header("set-cookie"));
}

TEST_F(ServerTest, ForwardedForIsUsedOnlyWhenTrusted) {
  start();
  const std::vector<Header> xff = {{"x-forwarded-for", "203.0.113.9, 198.51.100.7"}};
  auto untrusted = http_request("127.0.0.1", server->port(), "GET", "/client", xff);
  ASSERT_TRUE(untrusted);
  EXPECT_EQ(untrusted->body, "127.0.0.1");
  options.trust_forwarded_for = true;
  start();
  auto trusted = http_request("127.0.0.1", server->port(), "GET", "/client", xff);
  ASSERT_TRUE(trusted);
  EXPECT_EQ(trusted->body, "198.51.100.7");
  auto garbage =
      http_request("127.0.0.1", server->port(), "GET", "/client", {{"x-forwarded-for", "nonsense"}});
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->body, "127.0.0.1");
}

TEST_F(ServerTest, SlowHandlerDoesNotBlockOtherConnections) {
  options.worker_threads = 2;
  start();
  auto slow = std::async(std::launch::async,
                         [port = server->port()] { return http_request("127.0.0.1", port, "GET", "/slow"); });
  ASSERT_TRUE(handler.gate.wait_arrived(1));
  for (int i = 0; i < 5; ++i) {
    auto fast = http_request("127.0.0.1", server->port(), "GET", "/hello");
    ASSERT_TRUE(fast) << fast.error().to_string();
    EXPECT_EQ(fast->body, "hello");
  }
  handler.gate.open();
  auto r = slow.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "slow done");
}

TEST_F(ServerTest, HandlerTimeoutAnswers503) {
  options.handler_timeout = milliseconds(200);
  start();
  auto r = http_request("127.0.0.1", server->port(), "GET", "/slow");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_FALSE(r->keep_alive);
  handler.gate.open();  // the abandoned handler returns; its result is dropped
  auto next = http_request("127.0.0.1", server->port(), "GET", "/hello");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequestsAndClosesIdleOnes) {
  start();
  const std::uint16_t port = server->port();
  auto idle = connect();
  ASSERT_TRUE(idle.request("GET", "/hello"));
  auto in_flight =
      std::async(std::launch::async, [port] { return http_request("127.0.0.1", port, "GET", "/slow"); });
  ASSERT_TRUE(handler.gate.wait_arrived(1));

  auto stopping = std::async(std::launch::async, [this] { server->stop(std::chrono::seconds(20)); });
  // Once the listener is closed the stop is under way; only then may the handler finish.
  EXPECT_TRUE(
      wait_until([port] { return !HttpClientConnection::connect("127.0.0.1", port, milliseconds(2000)); }));
  EXPECT_TRUE(idle.wait_closed());  // the idle keep-alive connection is closed at once
  handler.gate.open();
  auto r = in_flight.get();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_FALSE(r->keep_alive);
  stopping.get();
  EXPECT_EQ(server->open_connections(), 0u);
  server->wait();  // returns at once: stopped
}

TEST_F(ServerTest, TwoHundredConcurrentConnections) {
  options.worker_threads = 4;
  start();
  constexpr int kConnections = 200;
  // Each client connection holds a few descriptors (socket, epoll, eventfd, timerfd).
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 4096 && files.rlim_max > files.rlim_cur) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 4096);
    setrlimit(RLIMIT_NOFILE, &files);
  }
  std::vector<HttpClientConnection> clients;
  clients.reserve(kConnections);
  for (int i = 0; i < kConnections; ++i) clients.push_back(connect());
  // Requests from 4 threads over all the open connections.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kConnections; i += 4) {
        auto r = clients[static_cast<std::size_t>(i)].request("POST", "/echo", {}, std::to_string(i));
        if (r && r->status == 200 && r->body == std::to_string(i)) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kConnections);
  EXPECT_EQ(server->open_connections(), static_cast<std::size_t>(kConnections));
  clients.clear();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, OverMaxConnectionsTheNextOneGets503) {
  options.max_connections = 2;
  start();
  auto a = connect();
  auto b = connect();
  ASSERT_TRUE(a.request("GET", "/hello"));
  ASSERT_TRUE(b.request("GET", "/hello"));
  auto c = connect();
  auto r = c.read_response();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 503);
  a.close();
  ASSERT_TRUE(wait_until([&] { return server->open_connections() < 2; }));
  auto d = http_request("127.0.0.1", server->port(), "GET", "/hello");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200);
}

TEST_F(ServerTest, BindFailureNamesHostAndPort) {
  start();
  ServerOptions same = options;
  same.port = server->port();
  TestHandler other;
  auto second = HttpServer::start(same, other);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), ErrorCode::kIo);
  EXPECT_NE(second.error().message().find(fmt::format("127.0.0.1:{}", same.port)), std::string::npos)
      << second.error().message();
}

}  // namespace
}  // namespace physio::net::test
