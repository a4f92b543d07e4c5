// The byte-stream server: an acceptor and one coroutine per connection on a single io_context thread.
#include "server/net/stream_server.hpp"

// Boost 1.74's asio uses std::exchange without including <utility>; with g++ 12 it must come first.
#include <utility>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include "server/net/coro.hpp"

namespace physio::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;

using detail::redirect;

struct Conn {
  explicit Conn(tcp::socket s) : socket(std::move(s)), idle(socket.get_executor()) {}
  tcp::socket socket;
  asio::steady_timer idle;
  Clock::time_point last = Clock::now();
  bool done = false;
};

class StreamServerImpl final : public StreamServer {
 public:
  StreamServerImpl(StreamServerOptions options, StreamSessionFactory factory)
      : options_(std::move(options)), factory_(std::move(factory)), acceptor_(ioc_) {}

  ~StreamServerImpl() override { stop(); }

  Status listen() {
    error_code ec;
    const auto address = asio::ip::make_address(options_.host, ec);
    if (ec)
      return fail(ErrorCode::kInvalidArgument, "'{}' is not an IP address: {}", options_.host, ec.message());
    const tcp::endpoint endpoint(address, options_.port);
    auto failed = [&](const char* step) {
      return fail(ErrorCode::kIo, "cannot listen on {}:{}: {}: {}", options_.host, options_.port, step,
                  ec.message());
    };
    if (acceptor_.open(endpoint.protocol(), ec)) return failed("socket");
    if (acceptor_.set_option(tcp::acceptor::reuse_address(true), ec)) return failed("SO_REUSEADDR");
    if (acceptor_.bind(endpoint, ec)) return failed("bind");
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec)) return failed("listen");
    port_ = acceptor_.local_endpoint(ec).port();
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
    return ok();
  }

  std::uint16_t port() const override { return port_; }
  std::size_t open_connections() const override { return open_.load(); }

  void stop() override {
    if (stopped_.exchange(true)) return;
    asio::post(ioc_, [this] {
      error_code ec;
      acceptor_.close(ec);
      const std::lock_guard lock(mu_);
      for (auto& [id, weak] : conns_)
        if (auto c = weak.lock()) {
          c->socket.close(ec);
          c->idle.cancel();
        }
    });
    // Let the coroutines see their sockets closed and end, then stop.
    for (int i = 0; i < 200 && open_.load() > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      error_code ec;
      tcp::socket socket(ioc_);
      co_await acceptor_.async_accept(socket, redirect(ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        asio::steady_timer pause(ioc_, std::chrono::milliseconds(50));  // e.g. out of descriptors
        co_await pause.async_wait(redirect(ec));
        continue;
      }
      if (open_.load() >= options_.max_connections) {
        spdlog::warn("stream server {}: connection refused: {} open (the limit)", port_, open_.load());
        socket.close(ec);
        continue;
      }
      const auto remote = socket.remote_endpoint(ec);
      const std::string peer =
          ec ? std::string("unknown") : remote.address().to_string() + ":" + std::to_string(remote.port());
      auto session = factory_(peer);
      auto conn = std::make_shared<Conn>(std::move(socket));
      std::uint64_t id = 0;
      {
        const std::lock_guard lock(mu_);
        id = next_id_++;
        conns_.emplace(id, conn);
      }
      open_.fetch_add(1);
      asio::co_spawn(ioc_, watch_idle(conn), asio::detached);
      asio::co_spawn(ioc_, serve(conn, std::move(session), id), asio::detached);
    }
  }

  asio::awaitable<void> watch_idle(std::shared_ptr<Conn> conn) {
    while (!conn->done) {
      conn->idle.expires_after(options_.idle_timeout / 4);
      error_code ec;
      co_await conn->idle.async_wait(redirect(ec));
      if (conn->done) co_return;
      if (Clock::now() - conn->last >= options_.idle_timeout) {
        conn->socket.close(ec);
        co_return;
      }
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Conn> conn, std::unique_ptr<StreamSession> session,
                              std::uint64_t id) {
    std::array<char, kReadChunk> buf{};
    for (;;) {
      error_code ec;
      const std::size_t n = co_await conn->socket.async_read_some(asio::buffer(buf), redirect(ec));
      if (ec) break;
      conn->last = Clock::now();
      StreamSession::Reply reply;
      try {
        reply = session->on_bytes(std::string_view(buf.data(), n));
      } catch (const std::exception& e) {
        spdlog::error("stream server {}: a session failed: {}", port_, e.what());
        break;
      }
      if (!reply.bytes.empty()) {
        co_await asio::async_write(conn->socket, asio::buffer(reply.bytes), redirect(ec));
        if (ec) break;
        conn->last = Clock::now();
      }
      if (reply.close) break;
    }
    conn->done = true;
    error_code ignored;
    conn->socket.shutdown(tcp::socket::shutdown_both, ignored);
    conn->socket.close(ignored);
    conn->idle.cancel();
    {
      const std::lock_guard lock(mu_);
      conns_.erase(id);
    }
    open_.fetch_sub(1);
  }

  StreamServerOptions options_;
  StreamSessionFactory factory_;
  asio::io_context ioc_{1};
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
  std::atomic<std::size_t> open_{0};
  std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<Conn>> conns_;
};

}  // namespace

Result<std::unique_ptr<StreamServer>> StreamServer::start(const StreamServerOptions& options,
                                                          StreamSessionFactory factory) {
  auto server = std::make_unique<StreamServerImpl>(options, std::move(factory));
  PHYSIO_CHECK(server->listen());
  return std::unique_ptr<StreamServer>(std::move(server));
}

}  // namespace physio::net
