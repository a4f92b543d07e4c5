#pragma once
/// The server's network layer as the rest of the server sees it: plain request/response values and the
/// interfaces a handler implements. HTTP/1.1 (keep-alive, pipelining) and WebSocket; no TLS (run behind a
/// proxy such as haproxy for that). The implementation (Boost.Beast) stays inside this module's .cpp files.
///
///   class Api : public net::HttpHandler { ... };
///   Api api;
///   auto server = PHYSIO_TRY(net::HttpServer::start({.port = 8080}, api));
///   server->wait();  // another thread calls server->stop(5s)
///
/// Threads: `io_threads` run the sockets and never block, each its own event loop; a connection stays on
/// the thread that accepted it (the one holding the fewest connections then). `worker_threads` run `on_head`,
/// `handle` and `on_websocket`, which may block (database work). A slow handler therefore never stalls
/// another connection.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace physio::net {

struct Header {
  std::string name;  ///< lower-cased on input
  std::string value;
};

struct Request {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< the raw request target, "/api/patients?q=ann"
  /// The percent-decoded path, "/api/patients". Requests whose path decodes to a NUL or other control byte,
  /// holds a ".." segment or an invalid %-escape are answered 400 before any handler sees them.
  std::string path;
  std::string query;  ///< the raw query string without '?'
  std::vector<Header> headers;
  std::string body;  ///< the body when it was read into memory
  /// The body when it was streamed to a temporary file (always complete and within the limit; empty body ->
  /// empty file). The handler may rename it; otherwise it is deleted after the response.
  std::filesystem::path body_file;
  std::uint64_t body_size = 0;
  /// The peer's IP address; with ServerOptions::trust_forwarded_for and a loopback peer, the last valid
  /// X-Forwarded-For entry.
  std::string client_address;
  int http_version = 11;  ///< 10 or 11

  /// The first header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  /// Query parameters, percent-decoded ('+' as space); repeated names kept in order. Malformed escapes are
  /// kept literally.
  std::vector<std::pair<std::string, std::string>> query_params() const;
};

struct Response {
  int status = 200;
  /// Content-Type etc. The server sets Content-Length, Date and Connection itself (any given are ignored);
  /// headers whose name or value hold CR, LF or NUL are dropped.
  std::vector<Header> headers;
  std::string body;
  /// When set, the body is this file's content, streamed. A file that cannot be opened gives 404.
  std::filesystem::path file;
};

/// `{"error": reason}` with Content-Type application/json.
Response error_response(int status, std::string_view reason);
/// A response with Content-Type application/json.
Response json_response(int status, std::string body);

struct BodyPolicy {
  /// Over it: 413 with a JSON reason, then the connection is closed cleanly (the unread rest is drained
  /// briefly so the client sees the 413).
  std::uint64_t max_bytes = 1 << 20;
  bool to_file = false;  ///< stream the body into a temporary file under ServerOptions::upload_dir
};

/// One open WebSocket, handed to a WsSession. Thread-safe; usable (as a no-op) after the socket closed.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  /// Queued; never blocks the caller. When the peer does not read and the queue exceeds
  /// ServerOptions::ws_max_queue_bytes, the queue is dropped and the connection closed with 1008
  /// "client not reading".
  virtual void send_text(std::string msg) = 0;
  virtual void send_binary(std::string msg) = 0;
  /// Sends what is queued, then the close frame. The socket is closed at the latest a few seconds later.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual const std::string& client_address() const = 0;
  /// False once closing has begun (by either side).
  virtual bool is_open() const = 0;
  /// Bytes queued and not yet handed to the socket: a sender that can drop data (live views) uses it to
  /// thin its stream before the queue limit closes the connection.
  virtual std::size_t queued_bytes() const = 0;
};

/// The server side of one WebSocket. Callbacks run on the connection's I/O thread, one at a time and in
/// order: they must not block (hand slow work to another thread and reply through the WsConnection).
class WsSession {
 public:
  virtual ~WsSession() = default;
  virtual void on_open(std::shared_ptr<WsConnection> conn) = 0;
  virtual void on_text(std::string_view msg) = 0;
  virtual void on_binary(std::string_view msg) = 0;
  /// Called once, when the connection has ended for any reason (after on_open).
  virtual void on_close() = 0;
};

/// What the server calls for each request. All three run on the worker pool and may block. An exception
/// escaping any of them is logged and answered 500.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  /// After the head is read, before the body: choose the body policy, or answer at once (404, 405, 413,
  /// 415, 401 ...). A request without a body and a memory policy goes on to `handle` in the same job.
  virtual std::variant<BodyPolicy, Response> on_head(const Request& head) = 0;
  /// The complete request. Not called for a body that was cut short, too large or too slow.
  virtual Response handle(Request& request) = 0;
  /// A WebSocket upgrade request (head only): accept with a session, or refuse with a response.
  virtual std::variant<std::shared_ptr<WsSession>, Response> on_websocket(Request& request) = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";  ///< an IP address ("0.0.0.0", "::")
  std::uint16_t port = 8080;       ///< 0 = any free port (see HttpServer::port())
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t max_header_bytes = 16 * 1024;  ///< over it: 431
  /// From the first byte of a request to the end of its head (a first request: from the accept). Over it:
  /// 408 when part of a head arrived, a silent close otherwise.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{300'000};  ///< the whole body; over it: 408
  /// A keep-alive connection waiting for its next request; also a response write that makes no progress,
  /// and a WebSocket that receives nothing (a ping is sent after half of it).
  std::chrono::milliseconds idle_timeout{60'000};
  /// A handler still running after it: the client gets 503 and the connection closes; the handler's result
  /// is discarded when it finally returns.
  std::chrono::milliseconds handler_timeout{30'000};
  std::size_t max_connections = 10'000;  ///< over it: accepted, answered 503 and closed
  std::filesystem::path upload_dir;  ///< temporary files for streamed bodies (default: the system temp dir)
  std::size_t ws_max_message_bytes = 64 * 1024;  ///< a larger incoming message closes with 1009
  std::size_t ws_max_queue_bytes = 4 << 20;
  bool trust_forwarded_for = false;
};

class HttpServer {
 public:
  /// Binds (an kIo error naming host:port on failure) and starts the I/O and worker threads.
  static Result<std::unique_ptr<HttpServer>> start(const ServerOptions& options, HttpHandler& handler);
  /// Stops with a short grace if stop() was not called.
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;
  /// Graceful: stops accepting, lets in-flight requests finish (up to `grace`; each then gets
  /// Connection: close), closes idle keep-alive connections and WebSockets (1001), then closes whatever is
  /// left and joins the threads (a handler still blocking is waited for). Idempotent; any thread but an I/O
  /// or worker thread of this server.
  virtual void stop(std::chrono::milliseconds grace) = 0;
  /// Blocks until stop() has finished.
  virtual void wait() = 0;
  /// Connections currently open (HTTP and WebSocket).
  virtual std::size_t open_connections() const = 0;
};

}  // namespace physio::net
