#pragma once
// Internal to server_net: one HTTP/1.1 connection of the server, split by job over
//   http_connection.cpp  its life: keep-alive loop, deadlines, stop and forced close, client address;
//   http_request.cpp     one request: head, body (memory or file), the worker pool hand-off, upgrades;
//   http_response.cpp    responses written (HEAD, files, reserved headers) and the lingering close.
// http_server.cpp accepts connections and runs the server. Includes Boost, so only this module's .cpp
// files may include it.
#include "server/net/coro.hpp"
#include "server/net/server_core.hpp"  // first: it includes <utility> before any asio header

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

namespace physio::net::detail {

namespace beast = boost::beast;
using boost::system::error_code;

inline constexpr std::size_t kReadChunk = 16 * 1024;

/// ASCII lower case (header names).
std::string lower(std::string_view s);

/// A request shared between its connection and the worker running its handler; whichever lets go last
/// deletes a body file the handler did not take.
struct PendingRequest {
  Request request;
  PendingRequest() = default;
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;
  ~PendingRequest() {
    if (!request.body_file.empty()) {
      std::error_code ec;
      std::filesystem::remove(request.body_file, ec);
    }
  }
};

enum class WorkEnd { kDone, kTimedOut, kForced };

template <class T>
struct WorkOutcome {
  WorkEnd end;
  std::optional<T> value;  ///< nullopt with kDone: the callable threw
};

/// The meeting point of a connection coroutine and a worker job. `signal` and `done` belong to the
/// connection's io_context.
template <class T>
struct WorkState {
  std::atomic<bool> abandoned{false};
  std::optional<T> result;
  asio::steady_timer* signal = nullptr;
  bool done = false;
};

enum class BodyRead { kOk, kTooLarge, kTimedOut, kMalformed, kGone, kServerError };

class HttpConnection final : public Connection, public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(ServerCore& core, tcp::socket socket, std::size_t context);

  static asio::awaitable<void> run(std::shared_ptr<HttpConnection> self);

  void on_server_stop() override;
  void force_close() override;

 private:
  // --- the connection's life (http_connection.cpp)
  // deadlines: a timer that cancels the socket's operations (the socket stays usable, e.g. for a 408)
  void arm(std::chrono::milliseconds timeout);
  void disarm();
  asio::awaitable<void> serve();
  void finish();
  std::string client_address_for(const Request& req) const;

  // --- one request (http_request.cpp)
  /// One request and its response; false when the connection is to close.
  asio::awaitable<bool> serve_one();
  asio::awaitable<bool> upgrade(http::request_parser<http::empty_body>& head_parser,
                                const std::shared_ptr<PendingRequest>& pending, bool keep_alive);

  // Work for the pool is posted by a plain function and awaited by a coroutine that takes it by reference:
  // g++ 12 destroys some prvalue arguments of coroutine calls twice, so none are passed.

  /// Runs `fn` on the worker pool; wait_work() then waits for it.
  template <class T, class F>
  std::shared_ptr<WorkState<T>> post_work(const F& fn);
  /// Waits on a timer that the job's completion cancels, so that a handler timeout or a forced close can
  /// abandon the job (its result is then dropped).
  template <class T>
  asio::awaitable<WorkOutcome<T>> wait_work(const std::shared_ptr<WorkState<T>>& state);
  asio::awaitable<bool> work_failed(WorkEnd end);

  asio::awaitable<BodyRead> read_body(http::request_parser<http::empty_body>& head_parser,
                                      const BodyPolicy& policy, bool has_body, Request& req);
  template <class Parser>
  asio::awaitable<BodyRead> read_rest(Parser& parser);

  // --- responses (http_response.cpp)
  template <class Message>
  void fill_head(Message& m, const Response& r, bool keep_alive) const;
  /// Writes a response (HEAD: the head only, with the length the body would have); false on a write error.
  asio::awaitable<bool> write_response(const Response& response, bool keep_alive);
  template <class Body>
  asio::awaitable<bool> write_message(http::response<Body>& m);
  asio::awaitable<void> reply_and_close(int status, std::string_view reason);
  /// Half-closes, then reads and drops what the client still sends (bounded), so that it reads the response
  /// rather than a connection reset.
  asio::awaitable<void> linger_close();

  ServerCore& core_;
  tcp::socket socket_;  // its executor is this connection's io_context; every member below lives on it
  asio::steady_timer deadline_;
  std::uint64_t deadline_generation_ = 0;
  bool timed_out_ = false;
  ConnectionCount count_;
  beast::flat_buffer buffer_;
  std::string peer_;
  bool peer_is_loopback_ = false;
  int version_ = 11;
  bool head_request_ = false;
  bool idle_ = false;
  bool stop_requested_ = false;
  bool forced_ = false;
  bool handed_off_ = false;
  asio::steady_timer* work_signal_ = nullptr;
};

}  // namespace physio::net::detail
