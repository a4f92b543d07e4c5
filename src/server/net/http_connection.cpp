// One HTTP connection's life: the keep-alive loop waiting for each request, the deadline timer, the
// server's stop and forced close, and the client's address. Requests: http_request.cpp; responses:
// http_response.cpp.
#include "server/net/http_connection.hpp"  // first: server_core.hpp includes <utility> before any asio header

#include <boost/asio/post.hpp>

namespace physio::net::detail {

HttpConnection::HttpConnection(ServerCore& core, tcp::socket socket, std::size_t context)
    : core_(core), socket_(std::move(socket)), deadline_(socket_.get_executor()), count_(core, context) {
  error_code ec;
  const auto endpoint = socket_.remote_endpoint(ec);
  if (!ec) {
    peer_ = endpoint.address().to_string();
    peer_is_loopback_ = endpoint.address().is_loopback();
  }
}

asio::awaitable<void> HttpConnection::run(std::shared_ptr<HttpConnection> self) {
  Registration registration(self->core_, self);
  if (self->core_.stopping.load()) self->stop_requested_ = true;
  co_await self->serve();
  self->finish();
}

void HttpConnection::on_server_stop() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->stop_requested_ = true;
    error_code ec;
    if (self->idle_) self->socket_.cancel(ec);
  });
}

void HttpConnection::force_close() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->forced_ = true;
    error_code ec;
    self->socket_.close(ec);
    if (self->work_signal_ != nullptr) self->work_signal_->cancel();
  });
}

void HttpConnection::arm(std::chrono::milliseconds timeout) {
  timed_out_ = false;
  const std::uint64_t generation = ++deadline_generation_;
  deadline_.expires_after(timeout);
  deadline_.async_wait([self = shared_from_this(), generation](error_code ec) {
    if (ec || generation != self->deadline_generation_) return;
    self->timed_out_ = true;
    error_code ignored;
    self->socket_.cancel(ignored);
  });
}

void HttpConnection::disarm() {
  ++deadline_generation_;
  deadline_.cancel();
}

asio::awaitable<void> HttpConnection::serve() {
  const ServerOptions& opt = core_.options;
  for (bool first = true;; first = false) {
    if (buffer_.size() == 0) {
      // Idle: waiting for the first byte of the next request (the only state stop() interrupts).
      if (stop_requested_ || forced_) co_return;
      idle_ = true;
      arm(first ? opt.header_timeout : opt.idle_timeout);
      error_code ec;
      const std::size_t n = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), redirect(ec));
      disarm();
      idle_ = false;
      if (ec) co_return;
      buffer_.commit(n);
    }
    if (!co_await serve_one()) co_return;
  }
}

void HttpConnection::finish() {
  if (handed_off_) return;
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

std::string HttpConnection::client_address_for(const Request& req) const {
  if (!core_.options.trust_forwarded_for || !peer_is_loopback_) return peer_;
  std::string_view last;
  for (const Header& h : req.headers) {
    if (h.name != "x-forwarded-for") continue;
    std::string_view list = h.value;
    const std::size_t comma = list.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? list : list.substr(comma + 1);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    last = entry;
  }
  if (last.empty()) return peer_;
  error_code ec;
  const auto address = asio::ip::make_address(std::string(last), ec);
  return ec ? peer_ : address.to_string();
}

}  // namespace physio::net::detail
