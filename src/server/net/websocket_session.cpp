// The WebSocket side of the server: one read loop and one write loop per connection on the connection's
// io_context (one thread), a bounded send queue that any thread may fill, and close handling with a hard
// deadline.
#include "server/net/coro.hpp"
#include "server/net/server_core.hpp"  // first: it includes <utility> before any asio header

#include <deque>
#include <functional>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace physio::net::detail {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

// After a close is requested, the socket is closed this long later at the latest (a peer that never reads
// cannot take the close frame, nor answer it).
constexpr auto kCloseGrace = std::chrono::milliseconds(2000);

/// A close frame's reason holds at most 123 bytes.
websocket::close_reason make_close_reason(std::uint16_t code, std::string_view reason) {
  websocket::close_reason r;
  r.code = code;
  reason = reason.substr(0, websocket::reason_string::max_size_n);
  r.reason.assign(reason.data(), reason.size());
  return r;
}

struct Outgoing {
  std::string data;
  bool binary = false;
};

/// What session threads and the connection's io_context share. It holds no asio object, so a session may keep
/// its WsConnection after the connection, or the whole server, is gone.
struct WsShared {
  mutable std::mutex mu;
  std::deque<Outgoing> queue;
  std::size_t queued_bytes = 0;
  std::optional<websocket::close_reason> close_request;
  bool closing = false;  ///< no more sends accepted
  bool ended = false;    ///< the socket is gone
  /// Posts a wake-up to the connection's io_context; cleared when the connection ends.
  std::function<void()> wake;
  std::size_t max_queue_bytes = 0;
  std::string client_address;

  void request_close_locked(std::uint16_t code, std::string reason) {
    if (closing || ended) return;
    closing = true;
    close_request = make_close_reason(code, reason);
    if (wake) wake();
  }
};

class WsHandle final : public WsConnection {
 public:
  explicit WsHandle(std::shared_ptr<WsShared> shared) : shared_(std::move(shared)) {}

  void send_text(std::string msg) override { enqueue(std::move(msg), false); }
  void send_binary(std::string msg) override { enqueue(std::move(msg), true); }
  void close(std::uint16_t code, std::string reason) override {
    const std::lock_guard lock(shared_->mu);
    shared_->request_close_locked(code, std::move(reason));
  }
  const std::string& client_address() const override { return shared_->client_address; }
  bool is_open() const override {
    const std::lock_guard lock(shared_->mu);
    return !shared_->closing && !shared_->ended;
  }
  std::size_t queued_bytes() const override {
    const std::lock_guard lock(shared_->mu);
    return shared_->queued_bytes;
  }

 private:
  void enqueue(std::string msg, bool binary) {
    const std::lock_guard lock(shared_->mu);
    WsShared& s = *shared_;
    if (s.closing || s.ended) return;
    if (s.queued_bytes + msg.size() > s.max_queue_bytes) {
      spdlog::warn("server: WebSocket client {} is not reading ({} bytes queued); closing it",
                   s.client_address, s.queued_bytes);
      s.queue.clear();
      s.queued_bytes = 0;
      s.request_close_locked(1008, "client not reading");
      return;
    }
    // A non-empty queue means the writer has been woken already and drains it before it waits again.
    const bool was_empty = s.queue.empty();
    s.queued_bytes += msg.size();
    s.queue.push_back({std::move(msg), binary});
    if (was_empty && s.wake) s.wake();
  }

  std::shared_ptr<WsShared> shared_;
};

class WsImpl final : public Connection, public std::enable_shared_from_this<WsImpl> {
 public:
  WsImpl(ServerCore& core, tcp::socket socket, std::shared_ptr<WsSession> session, std::string client_address,
         ConnectionCount count)
      : core_(core),
        ws_(std::move(socket)),
        wake_(ws_.get_executor()),
        hard_close_(ws_.get_executor()),
        idle_(ws_.get_executor()),
        count_(std::move(count)),
        session_(std::move(session)),
        shared_(std::make_shared<WsShared>()) {
    shared_->max_queue_bytes = core.options.ws_max_queue_bytes;
    shared_->client_address = std::move(client_address);
  }

  static asio::awaitable<void> run(std::shared_ptr<WsImpl> self, http::request<http::empty_body> upgrade) {
    Registration registration(self->core_, self);
    // Runs however the coroutine ends (also when the io_context is destroyed with it suspended).
    struct Ender {
      WsImpl& impl;
      ~Ender() { impl.end(); }
    } ender{*self};
    {
      const std::lock_guard lock(self->shared_->mu);
      self->shared_->wake = [weak = std::weak_ptr<WsImpl>(self), ex = self->ws_.get_executor()] {
        asio::post(ex, [weak] {
          if (auto s = weak.lock()) s->kick();
        });
      };
    }
    co_await self->serve(upgrade);
  }

  void on_server_stop() override {
    const std::lock_guard lock(shared_->mu);
    shared_->request_close_locked(1001, "server stopping");
  }

  void force_close() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      error_code ec;
      beast::get_lowest_layer(self->ws_).close(ec);
    });
  }

 private:
  asio::awaitable<void> serve(const http::request<http::empty_body>& upgrade) {
    const ServerOptions& opt = core_.options;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = opt.header_timeout;
    // Idle connections are watched by idle_watch(): beast's own idle timeout re-arms its timer (a wait
    // cancelled, its handler run, a new wait queued) for every message read.
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    websocket::permessage_deflate deflate;
    deflate.server_enable = false;
    deflate.client_enable = false;
    ws_.set_option(deflate);
    ws_.read_message_max(opt.ws_max_message_bytes);

    error_code ec;
    co_await ws_.async_accept(upgrade, redirect(ec));
    if (ec) co_return;
    opened_ = true;
    ws_.control_callback([this](websocket::frame_type, beast::string_view) { ++received_; });
    call_session([&] { session_->on_open(std::make_shared<WsHandle>(shared_)); });
    if (core_.stopping.load()) on_server_stop();
    asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), log_exception("WebSocket writer"));
    asio::co_spawn(ws_.get_executor(), idle_watch(shared_from_this()), log_exception("WebSocket idle watch"));

    beast::flat_buffer buffer;
    for (;;) {
      co_await ws_.async_read(buffer, redirect(ec));
      if (ec) break;
      ++received_;
      const auto data = buffer.cdata();
      const std::string_view msg(static_cast<const char*>(data.data()), data.size());
      if (ws_.got_text()) {
        call_session([&] { session_->on_text(msg); });
      } else {
        call_session([&] { session_->on_binary(msg); });
      }
      buffer.consume(buffer.size());
    }
    if (ec != websocket::error::closed && ec != asio::error::operation_aborted) {
      spdlog::debug("server: WebSocket {} ended: {}", shared_->client_address, ec.message());
    }
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<WsImpl> self) {
    WsShared& shared = *self->shared_;
    for (;;) {
      std::optional<Outgoing> next;
      std::optional<websocket::close_reason> close;
      {
        const std::lock_guard lock(shared.mu);
        if (!shared.queue.empty()) {
          next = std::move(shared.queue.front());
          shared.queue.pop_front();
          shared.queued_bytes -= next->data.size();
        } else if (shared.close_request) {
          close = std::move(shared.close_request);
          shared.close_request.reset();
        }
      }
      if (self->ended_) co_return;
      error_code ec;
      if (next) {
        self->ws_.binary(next->binary);
        co_await self->ws_.async_write(asio::buffer(next->data), redirect(ec));
        if (ec) co_return;
        continue;
      }
      if (close) {
        co_await self->ws_.async_close(*close, redirect(ec));
        co_return;
      }
      self->wake_.expires_at(asio::steady_timer::time_point::max());
      co_await self->wake_.async_wait(redirect(ec));
    }
  }

  /// Nothing received (messages, pings, pongs) for half the idle timeout: a ping; for all of it: the
  /// connection is closed, as beast's keep-alive pings do, but looked at four times per idle timeout rather
  /// than re-armed on every message (so each step comes up to a quarter of the timeout late).
  static asio::awaitable<void> idle_watch(std::shared_ptr<WsImpl> self) {
    const auto quarter = self->core_.options.idle_timeout / 4;
    std::uint64_t seen = self->received_;
    int quiet = 0;  // quarters in a row without anything received
    for (;;) {
      error_code ec;
      self->idle_.expires_after(quarter);
      co_await self->idle_.async_wait(redirect(ec));
      if (ec || self->ended_) co_return;
      if (self->received_ != seen) {
        seen = self->received_;
        quiet = 0;
        continue;
      }
      if (++quiet == 2) self->ws_.async_ping({}, [keep = self](error_code) {});
      if (quiet < 4) continue;
      spdlog::debug("server: WebSocket {} idle; closing it", self->shared_->client_address);
      beast::get_lowest_layer(self->ws_).close(ec);
      co_return;
    }
  }

  /// On the connection's io_context: something was queued or a close was requested.
  void kick() {
    if (ended_) return;
    wake_.cancel();
    bool closing = false;
    {
      const std::lock_guard lock(shared_->mu);
      closing = shared_->closing;
    }
    if (closing && !hard_close_armed_) {
      hard_close_armed_ = true;
      hard_close_.expires_after(kCloseGrace);
      hard_close_.async_wait([self = shared_from_this()](error_code ec) {
        if (ec) return;
        error_code ignored;
        beast::get_lowest_layer(self->ws_).close(ignored);
      });
    }
  }

  template <class F>
  void call_session(F f) {
    try {
      f();
    } catch (const std::exception& e) {
      spdlog::error("server: WebSocket session failed: {}", e.what());
      on_failure();
    } catch (...) {
      spdlog::error("server: WebSocket session failed with an unknown exception");
      on_failure();
    }
  }

  void on_failure() {
    const std::lock_guard lock(shared_->mu);
    shared_->request_close_locked(1011, "internal error");
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    {
      const std::lock_guard lock(shared_->mu);
      shared_->ended = true;
      shared_->closing = true;
      shared_->wake = nullptr;
      shared_->queue.clear();
      shared_->queued_bytes = 0;
    }
    error_code ec;
    wake_.cancel();
    hard_close_.cancel();
    idle_.cancel();
    beast::get_lowest_layer(ws_).close(ec);
    if (opened_) call_session([&] { session_->on_close(); });
    session_.reset();  // the session may hold its WsConnection: let go of it here, not in a cycle
  }

  ServerCore& core_;
  websocket::stream<tcp::socket>
      ws_;  // its executor is the connection's io_context; the members below live on it
  asio::steady_timer wake_;
  asio::steady_timer hard_close_;
  asio::steady_timer idle_;
  std::uint64_t received_ = 0;  ///< messages and control frames read so far
  bool hard_close_armed_ = false;
  bool opened_ = false;
  bool ended_ = false;
  ConnectionCount count_;
  std::shared_ptr<WsSession> session_;
  std::shared_ptr<WsShared> shared_;
};

}  // namespace

void start_websocket(ServerCore& core, tcp::socket socket, http::request<http::empty_body> upgrade,
                     std::shared_ptr<WsSession> session, std::string client_address, ConnectionCount count) {
  const auto executor = socket.get_executor();
  auto impl = std::make_shared<WsImpl>(core, std::move(socket), std::move(session), std::move(client_address),
                                       std::move(count));
  asio::co_spawn(executor, WsImpl::run(std::move(impl), std::move(upgrade)), log_exception("WebSocket"));
}

}  // namespace physio::net::detail
