#pragma once
// Internal to server_net: what the HTTP and WebSocket translation units of the server share. Includes Boost,
// so only this module's .cpp files may include it.

// Boost 1.74's asio uses std::exchange without including <utility>; with g++ 12 it must come first.
#include <utility>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "server/net/http.hpp"

namespace physio::net::detail {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

/// A live connection as the server sees it while stopping. Both calls may come from any thread.
class Connection {
 public:
  virtual ~Connection() = default;
  /// Finish what is in flight, then close; close at once when idle.
  virtual void on_server_stop() = 0;
  /// Close now.
  virtual void force_close() = 0;
};

/// State shared by the acceptor and every connection of one server.
class ServerCore {
  // Declared before the io_context: connections still pending when it is destroyed unregister on the way out.
  std::atomic<std::size_t> open_{0};
  std::mutex mu_;
  std::condition_variable none_open_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> registry_;

 public:
  ServerCore(const ServerOptions& options, HttpHandler& handler);

  /// One io_context per I/O thread, run by that thread alone. A connection lives on one of them for its whole
  /// life, so its handlers never run concurrently (no strand) and its executor is a plain pointer: no
  /// allocation or shared reference count per socket operation, no hand-over between threads.
  struct IoContext {
    std::atomic<std::size_t> connections{0};  // before ioc: connections destroyed with it still count down
    asio::io_context ioc{1};
    // Keeps run() going while the context has nothing to do (until stop()).
    asio::executor_work_guard<asio::io_context::executor_type> busy{ioc.get_executor()};
  };

  const ServerOptions options;
  HttpHandler& handler;
  std::vector<std::unique_ptr<IoContext>> contexts;  ///< [io_threads]
  asio::thread_pool workers;
  std::atomic<bool> stopping{false};

  std::size_t open_connections() const { return open_.load(); }
  void connection_opened(std::size_t context) {
    open_.fetch_add(1);
    contexts[context]->connections.fetch_add(1);
  }
  void connection_closed(std::size_t context);
  /// The context holding the fewest connections (where the next accepted one goes).
  std::size_t least_loaded_context() const;
  /// Blocks until no connection is open or `deadline`; true when none is.
  bool wait_for_no_connections(std::chrono::steady_clock::time_point deadline);

  std::uint64_t add(std::weak_ptr<Connection> connection);
  void remove(std::uint64_t id);
  /// The connections still alive (strong references, taken under the registry lock).
  std::vector<std::shared_ptr<Connection>> live_connections();
};

/// Counts one open connection (of the server and of its io_context) for its lifetime; moved along when an
/// HTTP connection becomes a WebSocket.
class ConnectionCount {
 public:
  ConnectionCount(ServerCore& core, std::size_t context) : core_(&core), context_(context) {
    core.connection_opened(context);
  }
  ConnectionCount(ConnectionCount&& other) noexcept
      : core_(std::exchange(other.core_, nullptr)), context_(other.context_) {}
  ConnectionCount& operator=(ConnectionCount&&) = delete;
  ConnectionCount(const ConnectionCount&) = delete;
  ~ConnectionCount() {
    if (core_ != nullptr) core_->connection_closed(context_);
  }

 private:
  ServerCore* core_;
  std::size_t context_;
};

/// Keeps a connection in the server's registry (what stop() reaches) for its lifetime.
class Registration {
 public:
  Registration(ServerCore& core, std::weak_ptr<Connection> connection)
      : core_(core), id_(core.add(std::move(connection))) {}
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration() { core_.remove(id_); }

 private:
  ServerCore& core_;
  std::uint64_t id_;
};

/// Takes over an upgraded socket (its executor is the connection's io_context) and runs the WebSocket on it.
void start_websocket(ServerCore& core, tcp::socket socket, http::request<http::empty_body> upgrade,
                     std::shared_ptr<WsSession> session, std::string client_address, ConnectionCount count);

}  // namespace physio::net::detail
