// The HTTP server: listening socket, the accept loop spreading connections over the I/O threads (a short
// 503 over max_connections), the worker pool and the stop sequence. One connection: http_connection.hpp;
// WebSocket sessions live in websocket_session.cpp.
#include "server/net/http_connection.hpp"  // first: server_core.hpp includes <utility> before any asio header

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace physio::net {
namespace detail {
namespace {

using Clock = std::chrono::steady_clock;

// How long stop() waits for force-closed connections to wind down before stopping the I/O threads.
constexpr auto kForceCloseWait = std::chrono::milliseconds(3000);

/// Over max_connections: a short 503 written without waiting (a fresh socket's send buffer is empty).
void reject_busy(tcp::socket& socket) {
  static constexpr std::string_view kBody = "{\"error\":\"too many connections\"}";
  const std::string reply = fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
      "Connection: close\r\n\r\n{}",
      kBody.size(), kBody);
  error_code ec;
  socket.non_blocking(true, ec);
  socket.send(asio::buffer(reply), 0, ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

asio::awaitable<void> accept_loop(ServerCore& core, tcp::acceptor& acceptor) {
  for (;;) {
    const std::size_t context = core.least_loaded_context();
    tcp::socket socket(core.contexts[context]->ioc.get_executor());
    error_code ec;
    co_await acceptor.async_accept(socket, redirect(ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of descriptors, say: back off briefly instead of spinning.
      spdlog::warn("server: accept failed: {}", ec.message());
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(redirect(ec));
      continue;
    }
    if (core.stopping.load()) {
      socket.close(ec);
      continue;
    }
    if (core.open_connections() >= core.options.max_connections) {
      reject_busy(socket);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    const auto executor = socket.get_executor();
    auto connection = std::make_shared<HttpConnection>(core, std::move(socket), context);
    asio::co_spawn(executor, HttpConnection::run(std::move(connection)), log_exception("connection"));
  }
}

class ServerImpl final : public HttpServer {
 public:
  ServerImpl(const ServerOptions& options, HttpHandler& handler)
      : core_(options, handler), acceptor_(core_.contexts.front()->ioc.get_executor()) {}

  ~ServerImpl() override { stop(std::chrono::milliseconds(1000)); }

  Status listen() {
    const ServerOptions& opt = core_.options;
    error_code ec;
    auto address = asio::ip::make_address(opt.host == "localhost" ? "127.0.0.1" : opt.host, ec);
    if (ec) return fail(ErrorCode::kInvalidArgument, "server host '{}' is not an IP address", opt.host);
    const tcp::endpoint endpoint(address, opt.port);
    auto failed = [&](std::string_view step) {
      return fail(ErrorCode::kIo, "cannot listen on {}:{}: {}: {}", opt.host, opt.port, step, ec.message());
    };
    if (acceptor_.open(endpoint.protocol(), ec)) return failed("socket");
    if (acceptor_.set_option(tcp::acceptor::reuse_address(true), ec)) return failed("SO_REUSEADDR");
    if (acceptor_.bind(endpoint, ec)) return failed("bind");
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec)) return failed("listen");
    port_ = acceptor_.local_endpoint(ec).port();
    return ok();
  }

  void start_threads() {
    asio::co_spawn(acceptor_.get_executor(), accept_loop(core_, acceptor_), log_exception("accept loop"));
    for (auto& context : core_.contexts) {
      io_threads_.emplace_back([&ioc = context->ioc] {
        for (;;) {
          try {
            ioc.run();
            return;
          } catch (const std::exception& e) {
            spdlog::error("server: I/O thread: {}", e.what());
          } catch (...) {
            spdlog::error("server: I/O thread: unknown exception");
          }
        }
      });
    }
  }

  std::uint16_t port() const override { return port_; }
  std::size_t open_connections() const override { return core_.open_connections(); }

  void stop(std::chrono::milliseconds grace) override {
    const std::lock_guard call_lock(stop_call_mu_);
    {
      const std::lock_guard lock(done_mu_);
      if (stopped_) return;
    }
    core_.stopping.store(true);
    asio::post(acceptor_.get_executor(), [this] {
      error_code ec;
      acceptor_.close(ec);
    });
    for (const auto& connection : core_.live_connections()) connection->on_server_stop();
    if (!core_.wait_for_no_connections(Clock::now() + grace)) {
      spdlog::warn("server: {} connection(s) still open after the grace period; closing them",
                   core_.open_connections());
      for (const auto& connection : core_.live_connections()) connection->force_close();
      core_.wait_for_no_connections(Clock::now() + kForceCloseWait);
    }
    for (auto& context : core_.contexts) context->ioc.stop();
    for (auto& t : io_threads_) {
      if (t.joinable()) t.join();
    }
    core_.workers.join();  // abandoned jobs skip their handler; one already running is waited for
    {
      const std::lock_guard lock(done_mu_);
      stopped_ = true;
    }
    done_cv_.notify_all();
  }

  void wait() override {
    std::unique_lock lock(done_mu_);
    done_cv_.wait(lock, [this] { return stopped_; });
  }

 private:
  ServerCore core_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> io_threads_;
  std::mutex stop_call_mu_;
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  bool stopped_ = false;
};

int worker_count(const ServerOptions& options) {
  return std::max(1, options.worker_threads);
}

}  // namespace

ServerCore::ServerCore(const ServerOptions& opts, HttpHandler& h)
    : options(opts), handler(h), workers(static_cast<std::size_t>(worker_count(opts))) {
  const int n = std::max(1, opts.io_threads);
  for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<IoContext>());
}

void ServerCore::connection_closed(std::size_t context) {
  contexts[context]->connections.fetch_sub(1);
  const std::lock_guard lock(mu_);
  if (open_.fetch_sub(1) == 1) none_open_.notify_all();
}

std::size_t ServerCore::least_loaded_context() const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < contexts.size(); ++i)
    if (contexts[i]->connections.load() < contexts[best]->connections.load()) best = i;
  return best;
}

bool ServerCore::wait_for_no_connections(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return none_open_.wait_until(lock, deadline, [this] { return open_.load() == 0; });
}

std::uint64_t ServerCore::add(std::weak_ptr<Connection> connection) {
  const std::lock_guard lock(mu_);
  const std::uint64_t id = next_id_++;
  registry_.emplace(id, std::move(connection));
  return id;
}

void ServerCore::remove(std::uint64_t id) {
  const std::lock_guard lock(mu_);
  registry_.erase(id);
}

std::vector<std::shared_ptr<Connection>> ServerCore::live_connections() {
  const std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> out;
  out.reserve(registry_.size());
  for (const auto& [id, weak] : registry_) {
    if (auto strong = weak.lock()) out.push_back(std::move(strong));
  }
  return out;
}

}  // namespace detail

Result<std::unique_ptr<HttpServer>> HttpServer::start(const ServerOptions& options, HttpHandler& handler) {
  ServerOptions opts = options;
  std::error_code ec;
  if (opts.upload_dir.empty()) opts.upload_dir = std::filesystem::temp_directory_path(ec);
  std::filesystem::create_directories(opts.upload_dir, ec);
  if (ec) {
    return fail(ErrorCode::kIo, "cannot create the upload folder {}: {}", opts.upload_dir.string(),
                ec.message());
  }
  auto server = std::make_unique<detail::ServerImpl>(opts, handler);
  PHYSIO_CHECK(server->listen());
  server->start_threads();
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace physio::net
