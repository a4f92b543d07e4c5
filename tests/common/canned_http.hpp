#pragma once
/// A loopback HTTP server for tests of code that fetches from other servers: each connection's request head
/// is read and answered with the current canned answer (which a test may change between requests), or never
/// answered (`silent`). Plain POSIX sockets, one thread.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace physio::test {

class CannedHttpServer {
 public:
  explicit CannedHttpServer(std::string answer, bool silent = false);
  ~CannedHttpServer();
  CannedHttpServer(const CannedHttpServer&) = delete;
  CannedHttpServer& operator=(const CannedHttpServer&) = delete;

  /// "http://127.0.0.1:<port><path>"
  std::string url(const std::string& path) const;
  void set_answer(std::string answer);
  std::string last_request() const;
  int requests() const { return requests_; }

 private:
  void serve();
  mutable std::mutex mu_;
  std::string answer_;
  std::string request_;
  bool silent_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

/// An HTTP/1.1 answer with a JSON content type, Content-Length and `extra` header lines ("Name: v\r\n").
std::string http_answer(const std::string& status, const std::string& body, const std::string& extra = "");

}  // namespace physio::test
