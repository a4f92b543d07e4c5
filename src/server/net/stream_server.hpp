#pragma once
/// A small TCP server for byte-stream protocols (HL7 v2 over MLLP): one I/O thread, a coroutine per
/// connection, a bounded number of connections and an idle timeout. Each connection gets its own
/// `StreamSession`, fed every chunk read; what it answers is written back before the next read, so a
/// session that blocks (a store write) holds back only its own connection's next read and others waiting
/// on the same thread. Plain C++ interface: Boost stays inside this module's .cpp files.
///
///   auto server = PHYSIO_TRY(net::StreamServer::start({.host = "127.0.0.1", .port = 2575}, factory));
///   ...
///   server->stop();

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::net {

struct StreamServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 = any free port (see port())
  std::size_t max_connections = 16;
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
};

/// One connection's protocol.
class StreamSession {
 public:
  virtual ~StreamSession() = default;
  struct Reply {
    std::string bytes;   ///< written back before the next read
    bool close = false;  ///< close the connection after writing
  };
  virtual Reply on_bytes(std::string_view chunk) = 0;
};

/// A new session per accepted connection; `peer` is "address:port".
using StreamSessionFactory = std::function<std::unique_ptr<StreamSession>(const std::string& peer)>;

class StreamServer {
 public:
  /// Binds (an kIo error naming host:port on failure) and starts the I/O thread.
  static Result<std::unique_ptr<StreamServer>> start(const StreamServerOptions& options,
                                                     StreamSessionFactory factory);
  virtual ~StreamServer() = default;
  virtual std::uint16_t port() const = 0;
  /// Stops accepting, closes every connection and joins the I/O thread. Idempotent.
  virtual void stop() = 0;
  /// Connections open now.
  virtual std::size_t open_connections() const = 0;
};

}  // namespace physio::net
