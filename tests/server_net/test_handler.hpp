#pragma once
/// A small HttpHandler and WebSocket sessions for the server_net tests, and a fixture that runs a server on
/// a free port.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "server/net/http.hpp"
#include "server/net/http_client.hpp"

namespace physio::net::test {

/// Polls `pred` until it holds or `limit` passes (a wait for an event, never a timing assertion).
template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit = std::chrono::milliseconds(20'000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

/// A gate a handler blocks on until the test opens it.
class Gate {
 public:
  void arrive() {
    std::unique_lock lock(mu_);
    ++arrived_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  bool wait_arrived(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return arrived_ >= n; });
  }
  void open() {
    const std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
};

/// Sends back what it receives; "flood" starts a thread that sends 64 KiB messages until the connection
/// closes.
class EchoSession : public WsSession {
 public:
  ~EchoSession() override;
  void on_open(std::shared_ptr<WsConnection> conn) override;
  void on_text(std::string_view msg) override;
  void on_binary(std::string_view msg) override;
  void on_close() override;

  bool wait_closed();
  std::shared_ptr<WsConnection> connection();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<WsConnection> conn_;
  bool closed_ = false;
  std::thread flood_;
};

/// Routes:
///   GET  /hello          "hello"
///   POST /echo           the body back (memory, 1 MiB)
///   POST /upload         body to a file (1 MiB); answers {"size":N} and records the file seen
///   GET  /slow           blocks on `gate`
///   GET  /throw          throws
///   GET  /client         the client address
///   GET  /query          "name=value;" per query parameter
///   GET  /file           the content of `file_to_serve`
///   /missing*            404 from on_head
///   WS   /ws/echo        an EchoSession (kept in `sessions`)
class TestHandler : public HttpHandler {
 public:
  std::variant<BodyPolicy, Response> on_head(const Request& head) override;
  Response handle(Request& request) override;
  std::variant<std::shared_ptr<WsSession>, Response> on_websocket(Request& request) override;

  std::atomic<int> handled{0};
  std::atomic<int> uploads_handled{0};
  Gate gate;
  std::filesystem::path file_to_serve;
  std::mutex mu;
  std::vector<std::shared_ptr<EchoSession>> sessions;
  std::filesystem::path last_upload;
  bool last_upload_existed = false;

  std::shared_ptr<EchoSession> session(std::size_t i);
};

std::size_t count_files(const std::filesystem::path& dir);

/// A server with a TestHandler on a free port; `options` may be adjusted before start().
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  /// Starts (or restarts) the server with `options`.
  void start();
  HttpClientConnection connect();
  /// Sends `raw` on a new connection: the answer must be 400 and the connection closed.
  void expect_400_and_closed(const char* raw) {
    auto c = connect();
    auto r = c.exchange_raw(raw);
    ASSERT_TRUE(r) << r.error().to_string() << " for " << raw;
    EXPECT_EQ(r->status, 400) << raw;
    EXPECT_FALSE(r->keep_alive);
    EXPECT_TRUE(c.wait_closed());
  }

  ServerOptions options;
  TestHandler handler;
  std::unique_ptr<HttpServer> server;
  std::filesystem::path uploads;
};

}  // namespace physio::net::test
