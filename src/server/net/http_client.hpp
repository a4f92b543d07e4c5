#pragma once
/// A small blocking HTTP/1.1 and WebSocket client for tests, benchmarks and load generation. Every call has a
/// time limit (the connection's `timeout`); a connection is used from one thread at a time. No TLS.
///
///   auto r = PHYSIO_TRY(net::http_request("127.0.0.1", port, "GET", "/health"));
///   auto c = PHYSIO_TRY(net::HttpClientConnection::connect("127.0.0.1", port));
///   auto a = PHYSIO_TRY(c.request("POST", "/echo", {{"content-type", "text/plain"}}, "hi"));  // keep-alive

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "server/net/http.hpp"

namespace physio::net {

inline constexpr std::chrono::milliseconds kClientTimeout{30'000};

struct ClientResponse {
  int status = 0;
  std::vector<Header> headers;  ///< names lower-cased
  std::string body;
  bool keep_alive = false;  ///< the server will keep the connection open

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

class HttpClientConnection {
 public:
  /// Connects to an IP address ("localhost" is 127.0.0.1). kIo error naming host:port on failure.
  static Result<HttpClientConnection> connect(const std::string& host, std::uint16_t port,
                                              std::chrono::milliseconds timeout = kClientTimeout);
  HttpClientConnection(HttpClientConnection&&) noexcept;
  HttpClientConnection& operator=(HttpClientConnection&&) noexcept;
  ~HttpClientConnection();

  /// Sends a request (Host and Content-Length added) and reads its response, which may arrive before the body
  /// has been sent in full (a 413, say).
  Result<ClientResponse> request(std::string_view method, std::string_view target,
                                 const std::vector<Header>& headers = {}, std::string_view body = {});
  /// Sends `bytes` as they are while reading one response (for malformed or hand-built requests).
  Result<ClientResponse> exchange_raw(std::string_view bytes, bool head_request = false);
  /// Sends bytes without reading anything.
  Status send_raw(std::string_view bytes);
  /// Reads one response (pipelining: send several requests, then read their responses in order).
  Result<ClientResponse> read_response(bool head_request = false);
  /// Waits until the server closes the connection; true when it did within the timeout.
  bool wait_closed();
  /// False after an error, a response without keep-alive, or close().
  bool is_open() const;
  void close();

 private:
  struct Impl;
  explicit HttpClientConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// One request on a fresh connection.
Result<ClientResponse> http_request(const std::string& host, std::uint16_t port, std::string_view method,
                                    std::string_view target, const std::vector<Header>& headers = {},
                                    std::string_view body = {},
                                    std::chrono::milliseconds timeout = kClientTimeout);

struct WsMessage {
  std::string data;
  bool binary = false;
};

class WsClient {
 public:
  /// Connects and performs the upgrade. A refused upgrade is an error whose message holds the HTTP status.
  static Result<WsClient> connect(const std::string& host, std::uint16_t port, std::string_view target,
                                  const std::vector<Header>& headers = {},
                                  std::chrono::milliseconds timeout = kClientTimeout);
  WsClient(WsClient&&) noexcept;
  WsClient& operator=(WsClient&&) noexcept;
  ~WsClient();

  Status send_text(std::string_view msg);
  Status send_binary(std::string_view msg);
  /// The next message. When the server closed the connection: a kIo error "closed: <code> <reason>", and
  /// close_code() tells the code.
  Result<WsMessage> read();
  /// Sends a close frame and waits for the server's.
  Status close(std::uint16_t code = 1000, std::string_view reason = {});
  /// The close code the server sent, once read() or close() saw it.
  std::optional<std::uint16_t> close_code() const;

 private:
  struct Impl;
  explicit WsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace physio::net
