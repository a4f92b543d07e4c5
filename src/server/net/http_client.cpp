// Blocking client calls made of asynchronous operations on a private io_context, so every call can be given
// a time limit (blocking sockets in asio cannot).
// Boost 1.74's asio uses std::exchange without including <utility>; with g++ 12 it must come first.
#include <utility>

#include "server/net/http_client.hpp"

#include <array>
#include <functional>
#include <limits>
#include <sstream>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace physio::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

beast::string_view bsv(std::string_view s) {
  return {s.data(), s.size()};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// A socket with a private io_context: each blocking call starts operations and runs the context until they
/// finish or the time limit cancels them.
class Blocking {
 public:
  explicit Blocking(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  asio::io_context ioc{1};
  std::chrono::milliseconds timeout_;

  /// Runs what was started; on timeout calls `on_timeout` (which must make the operations finish).
  template <class OnTimeout>
  bool run(OnTimeout on_timeout) {
    bool timed_out = false;
    asio::steady_timer timer(ioc, timeout_);
    timer.async_wait([&](error_code ec) {
      if (ec) return;
      timed_out = true;
      on_timeout();
    });
    pending_timer_ = &timer;
    ioc.restart();
    // The timer is cancelled by finish(), when the last operation completes.
    ioc.run();
    pending_timer_ = nullptr;
    return !timed_out;
  }
  /// Called by the last completing operation.
  void finish() {
    if (pending_timer_ != nullptr) pending_timer_->cancel();
  }

 private:
  asio::steady_timer* pending_timer_ = nullptr;
};

Result<tcp::endpoint> endpoint_for(const std::string& host, std::uint16_t port) {
  error_code ec;
  const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return fail(ErrorCode::kInvalidArgument, "'{}' is not an IP address", host);
  return tcp::endpoint(address, port);
}

Status connect_socket(Blocking& b, tcp::socket& socket, const std::string& host, std::uint16_t port) {
  const tcp::endpoint endpoint = PHYSIO_TRY(endpoint_for(host, port));
  error_code result;
  socket.async_connect(endpoint, [&](error_code ec) {
    result = ec;
    b.finish();
  });
  if (!b.run([&] {
        error_code ignored;
        socket.close(ignored);
      })) {
    return fail(ErrorCode::kIo, "connecting to {}:{}: timed out", host, port);
  }
  if (result) return fail(ErrorCode::kIo, "connecting to {}:{}: {}", host, port, result.message());
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  return ok();
}

ClientResponse to_client_response(http::response<http::string_body>&& m) {
  ClientResponse r;
  r.status = static_cast<int>(m.result_int());
  for (const auto& field : m) {
    const auto name = field.name_string();
    r.headers.push_back({lower(std::string_view(name.data(), name.size())), std::string(field.value())});
  }
  r.keep_alive = m.keep_alive();
  r.body = std::move(m.body());
  return r;
}

}  // namespace

std::optional<std::string_view> ClientResponse::header(std::string_view lower_name) const {
  for (const Header& h : headers) {
    if (h.name == lower_name) return std::string_view(h.value);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------- HTTP

struct HttpClientConnection::Impl {
  explicit Impl(std::chrono::milliseconds timeout) : blocking(timeout), socket(blocking.ioc) {}
  Blocking blocking;
  tcp::socket socket;
  beast::flat_buffer buffer;
  std::string host;
  bool open = false;

  void abort() {
    error_code ignored;
    socket.close(ignored);
    open = false;
  }
};

HttpClientConnection::HttpClientConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClientConnection::HttpClientConnection(HttpClientConnection&&) noexcept = default;
HttpClientConnection& HttpClientConnection::operator=(HttpClientConnection&&) noexcept = default;
HttpClientConnection::~HttpClientConnection() = default;

Result<HttpClientConnection> HttpClientConnection::connect(const std::string& host, std::uint16_t port,
                                                           std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>(timeout);
  PHYSIO_CHECK(connect_socket(impl->blocking, impl->socket, host, port));
  impl->host = fmt::format("{}:{}", host, port);
  impl->open = true;
  return HttpClientConnection(std::move(impl));
}

Result<ClientResponse> HttpClientConnection::request(std::string_view method, std::string_view target,
                                                     const std::vector<Header>& headers,
                                                     std::string_view body) {
  http::request<http::string_body> req;
  req.method_string(bsv(method));
  req.target(bsv(target));
  req.version(11);
  req.set(http::field::host, impl_->host);
  for (const Header& h : headers) req.insert(h.name, h.value);
  req.body() = std::string(body);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") req.prepare_payload();
  std::ostringstream out;
  out << req;
  return exchange_raw(out.str(), method == "HEAD");
}

Result<ClientResponse> HttpClientConnection::exchange_raw(std::string_view bytes, bool head_request) {
  Impl& c = *impl_;
  if (!c.open) return fail(ErrorCode::kIo, "connection to {} is closed", c.host);
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.skip(head_request);
  error_code write_ec;
  error_code read_ec;
  bool write_done = false;
  bool read_done = false;
  asio::async_write(c.socket, asio::buffer(bytes.data(), bytes.size()), [&](error_code ec, std::size_t) {
    write_ec = ec;
    write_done = true;
    if (read_done) c.blocking.finish();
  });
  http::async_read(c.socket, c.buffer, parser, [&](error_code ec, std::size_t) {
    read_ec = ec;
    read_done = true;
    if (write_done) {
      c.blocking.finish();
    } else {
      // Answered before the request was sent in full (413, 431 ...): stop sending.
      error_code ignored;
      c.socket.cancel(ignored);
    }
  });
  if (!c.blocking.run([&] { c.abort(); })) return fail(ErrorCode::kIo, "request to {}: timed out", c.host);
  if (read_ec) {
    c.abort();
    return fail(ErrorCode::kIo, "request to {}: {}", c.host, read_ec.message());
  }
  ClientResponse response = to_client_response(parser.release());
  if (write_ec || !response.keep_alive) c.open = false;
  return response;
}

Status HttpClientConnection::send_raw(std::string_view bytes) {
  Impl& c = *impl_;
  error_code result;
  asio::async_write(c.socket, asio::buffer(bytes.data(), bytes.size()), [&](error_code ec, std::size_t) {
    result = ec;
    c.blocking.finish();
  });
  if (!c.blocking.run([&] { c.abort(); })) return fail(ErrorCode::kIo, "sending to {}: timed out", c.host);
  if (result) {
    c.abort();
    return fail(ErrorCode::kIo, "sending to {}: {}", c.host, result.message());
  }
  return ok();
}

Result<ClientResponse> HttpClientConnection::read_response(bool head_request) {
  Impl& c = *impl_;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.skip(head_request);
  error_code result;
  http::async_read(c.socket, c.buffer, parser, [&](error_code ec, std::size_t) {
    result = ec;
    c.blocking.finish();
  });
  if (!c.blocking.run([&] { c.abort(); })) return fail(ErrorCode::kIo, "reading from {}: timed out", c.host);
  if (result) {
    c.abort();
    return fail(ErrorCode::kIo, "reading from {}: {}", c.host, result.message());
  }
  ClientResponse response = to_client_response(parser.release());
  if (!response.keep_alive) c.open = false;
  return response;
}

bool HttpClientConnection::wait_closed() {
  Impl& c = *impl_;
  bool closed = false;
  std::array<char, 4096> sink{};
  std::function<void()> read_more;
  read_more = [&] {
    c.socket.async_read_some(asio::buffer(sink), [&](error_code ec, std::size_t) {
      if (ec) {
        closed = ec != asio::error::operation_aborted;
        c.blocking.finish();
        return;
      }
      read_more();
    });
  };
  read_more();
  c.blocking.run([&] {
    error_code ignored;
    c.socket.cancel(ignored);
  });
  c.abort();
  return closed;
}

bool HttpClientConnection::is_open() const {
  return impl_ && impl_->open;
}

void HttpClientConnection::close() {
  if (impl_) impl_->abort();
}

Result<ClientResponse> http_request(const std::string& host, std::uint16_t port, std::string_view method,
                                    std::string_view target, const std::vector<Header>& headers,
                                    std::string_view body, std::chrono::milliseconds timeout) {
  auto connection = PHYSIO_TRY(HttpClientConnection::connect(host, port, timeout));
  auto all = headers;
  all.push_back({"connection", "close"});
  return connection.request(method, target, all, body);
}

// ----------------------------------------------------------------------------------------------- WebSocket

struct WsClient::Impl {
  explicit Impl(std::chrono::milliseconds timeout) : blocking(timeout), ws(blocking.ioc) {}
  Blocking blocking;
  websocket::stream<tcp::socket> ws;
  beast::flat_buffer buffer;
  std::string host;
  std::optional<std::uint16_t> close_code;
  bool broken = false;

  void abort() {
    error_code ignored;
    beast::get_lowest_layer(ws).close(ignored);
    broken = true;
  }
  Status check(std::string_view what, bool finished, error_code ec) {
    // A close frame that arrived counts even when the connection then failed (a reset after the frame).
    if (ws.reason().code != websocket::close_code::none)
      close_code = static_cast<std::uint16_t>(ws.reason().code);
    if (!finished) {
      abort();
      return fail(ErrorCode::kIo, "WebSocket {}: {}: timed out", host, what);
    }
    if (ec == websocket::error::closed) {
      close_code = static_cast<std::uint16_t>(ws.reason().code);
      return fail(ErrorCode::kIo, "WebSocket {}: closed: {} {}", host, ws.reason().code,
                  std::string(ws.reason().reason.data(), ws.reason().reason.size()));
    }
    if (ec) {
      abort();
      return fail(ErrorCode::kIo, "WebSocket {}: {}: {}", host, what, ec.message());
    }
    return ok();
  }
  Status write(std::string_view msg, bool binary) {
    if (broken) return fail(ErrorCode::kIo, "WebSocket {}: connection failed earlier", host);
    ws.binary(binary);
    error_code result;
    ws.async_write(asio::buffer(msg.data(), msg.size()), [&](error_code ec, std::size_t) {
      result = ec;
      blocking.finish();
    });
    const bool finished = blocking.run([&] { abort(); });
    return check("send", finished, result);
  }
};

WsClient::WsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WsClient::WsClient(WsClient&&) noexcept = default;
WsClient& WsClient::operator=(WsClient&&) noexcept = default;
WsClient::~WsClient() = default;

Result<WsClient> WsClient::connect(const std::string& host, std::uint16_t port, std::string_view target,
                                   const std::vector<Header>& headers, std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>(timeout);
  PHYSIO_CHECK(connect_socket(impl->blocking, beast::get_lowest_layer(impl->ws), host, port));
  impl->host = fmt::format("{}:{}", host, port);
  websocket::permessage_deflate deflate;
  deflate.client_enable = false;
  impl->ws.set_option(deflate);
  impl->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const Header& h : headers) req.insert(h.name, h.value);
  }));
  impl->ws.read_message_max(0);  // no limit on what the server sends
  websocket::response_type refusal;
  error_code result;
  impl->ws.async_handshake(refusal, impl->host, bsv(target), [&](error_code ec) {
    result = ec;
    impl->blocking.finish();
  });
  if (!impl->blocking.run([&] { impl->abort(); })) {
    return fail(ErrorCode::kIo, "WebSocket {}{}: handshake timed out", impl->host, target);
  }
  if (result) {
    return fail(ErrorCode::kIo, "WebSocket {}{}: upgrade refused: HTTP {} {}", impl->host, target,
                refusal.result_int(), refusal.body());
  }
  return WsClient(std::move(impl));
}

Status WsClient::send_text(std::string_view msg) {
  return impl_->write(msg, false);
}
Status WsClient::send_binary(std::string_view msg) {
  return impl_->write(msg, true);
}

Result<WsMessage> WsClient::read() {
  Impl& c = *impl_;
  if (c.broken) return fail(ErrorCode::kIo, "WebSocket {}: connection failed earlier", c.host);
  c.buffer.clear();
  error_code result;
  c.ws.async_read(c.buffer, [&](error_code ec, std::size_t) {
    result = ec;
    c.blocking.finish();
  });
  const bool finished = c.blocking.run([&] { c.abort(); });
  PHYSIO_CHECK(c.check("read", finished, result));
  const auto data = c.buffer.cdata();
  return WsMessage{std::string(static_cast<const char*>(data.data()), data.size()), !c.ws.got_text()};
}

Status WsClient::close(std::uint16_t code, std::string_view reason) {
  Impl& c = *impl_;
  if (c.broken) return fail(ErrorCode::kIo, "WebSocket {}: connection failed earlier", c.host);
  error_code result;
  websocket::close_reason frame;
  frame.code = code;
  reason = reason.substr(0, websocket::reason_string::max_size_n);
  frame.reason.assign(reason.data(), reason.size());
  c.ws.async_close(frame, [&](error_code ec) {
    result = ec;
    c.blocking.finish();
  });
  const bool finished = c.blocking.run([&] { c.abort(); });
  return c.check("close", finished, result);
}

std::optional<std::uint16_t> WsClient::close_code() const {
  return impl_->close_code;
}

}  // namespace physio::net
