// Scripted WebSocket clients on C++20 coroutines: one writer and one reader per connection. Each thread runs
// its own io_context and a connection lives on one of them, so no strand is needed and an executor is a plain
// pointer (no allocation per operation): the load generator takes as little of the machine as it can.
#include "server/net/ws_player.hpp"
#include "server/net/server_core.hpp"  // first: it includes <utility> before any asio header

#include <algorithm>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include "server/net/coro.hpp"

namespace physio::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

using detail::redirect;

struct Player {
  const WsScript& script;
  WsPlayResult& result;
  Clock::time_point t0;
  websocket::stream<tcp::socket> ws;
  asio::steady_timer timer;
  bool reader_done = false;
  asio::steady_timer reader_wait;

  Player(asio::any_io_executor ex, const WsScript& s, WsPlayResult& r, Clock::time_point start)
      : script(s), result(r), t0(start), ws(ex), timer(ex), reader_wait(ex) {}
};

asio::awaitable<void> read_loop(std::shared_ptr<Player> p) {
  beast::flat_buffer buffer;
  for (;;) {
    error_code ec;
    co_await p->ws.async_read(buffer, redirect(ec));
    if (ec) {
      if (ec == websocket::error::closed) {
        p->result.close_code = static_cast<std::uint16_t>(p->ws.reason().code);
        p->result.close_reason = std::string(p->ws.reason().reason.c_str());
      }
      break;
    }
    const auto data = buffer.cdata();
    p->result.received.push_back(
        {Clock::now(), std::string(static_cast<const char*>(data.data()), data.size()), !p->ws.got_text()});
    buffer.consume(buffer.size());
  }
  p->reader_done = true;
  p->reader_wait.cancel();
}

asio::awaitable<void> play(std::shared_ptr<Player> p, std::string host, std::uint16_t port) {
  error_code ec;
  const auto start = p->t0 + p->script.start;
  p->timer.expires_at(start);
  co_await p->timer.async_wait(redirect(ec));
  auto& sock = beast::get_lowest_layer(p->ws);
  // g++ 12 mishandles temporaries inside a co_await expression: every argument is a named local.
  const std::string address = host == "localhost" ? std::string("127.0.0.1") : host;
  const tcp::endpoint endpoint(asio::ip::make_address(address, ec), port);
  co_await sock.async_connect(endpoint, redirect(ec));
  if (ec) {
    p->result.error = "connect " + host + ":" + std::to_string(port) + ": " + ec.message();
    co_return;
  }
  sock.set_option(tcp::no_delay(true), ec);
  // Frame masks from the fast generator: a test client needs no unpredictable masks.
  p->ws.secure_prng(false);
  p->ws.set_option(
      websocket::stream_base::decorator([headers = p->script.headers](websocket::request_type& req) {
        for (const auto& h : headers) req.set(h.name, h.value);
      }));
  websocket::response_type res;
  const std::string host_header = host + ":" + std::to_string(port);
  const std::string target = p->script.target;
  co_await p->ws.async_handshake(res, host_header, target, redirect(ec));
  if (ec) {
    p->result.error =
        "upgrade " + p->script.target + ": HTTP " + std::to_string(res.result_int()) + " " + res.body();
    co_return;
  }
  asio::co_spawn(p->ws.get_executor(), read_loop(p), asio::detached);
  for (const auto& m : p->script.messages) {
    if (p->reader_done) break;
    p->timer.expires_at(start + m.at);
    co_await p->timer.async_wait(redirect(ec));
    p->ws.binary(m.binary);
    const auto buffer = asio::buffer(*m.data);
    co_await p->ws.async_write(buffer, redirect(ec));
    if (ec) break;
    p->result.sent_at.push_back(Clock::now());
  }
  if (!p->reader_done) {
    p->reader_wait.expires_after(p->script.linger);
    co_await p->reader_wait.async_wait(redirect(ec));
  }
  if (!p->reader_done) {
    const websocket::close_reason normal(websocket::close_code::normal);
    co_await p->ws.async_close(normal, redirect(ec));
    error_code ignored;
    sock.close(ignored);
  }
}

}  // namespace

std::vector<WsPlayResult> play_websockets(const std::string& host, std::uint16_t port,
                                          const std::vector<WsScript>& scripts, int threads) {
  std::vector<WsPlayResult> results(scripts.size());
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int t = 0; t < std::max(1, threads); ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
  const auto t0 = Clock::now() + std::chrono::milliseconds(50);
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    auto& ioc = *contexts[i % contexts.size()];
    auto p = std::make_shared<Player>(ioc.get_executor(), scripts[i], results[i], t0);
    asio::co_spawn(p->ws.get_executor(), play(p, host, port), asio::detached);
  }
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < contexts.size(); ++t) pool.emplace_back([&ioc = *contexts[t]] { ioc.run(); });
  contexts.front()->run();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace physio::net
