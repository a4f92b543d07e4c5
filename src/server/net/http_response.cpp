// Responses on an HTTP connection: the head (status, the handler's headers less the reserved and invalid
// ones, Date, keep-alive), string and file bodies, HEAD requests, error replies and the lingering close.
#include "server/net/http_connection.hpp"  // first: server_core.hpp includes <utility> before any asio header

#include <array>
#include <ctime>

#include <spdlog/spdlog.h>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http.hpp>

namespace physio::net::detail {
namespace {

// After an error response whose request body was not read, the rest is read and dropped for a while so the
// client sees the response instead of a reset.
constexpr auto kLingerTime = std::chrono::milliseconds(2000);
constexpr std::size_t kLingerBytes = std::size_t{64} << 20;

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 64> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(text.data(), n);
}

bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool is_safe_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool is_reserved(std::string_view lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" || lower_name == "connection" ||
         lower_name == "date";
}

bool has_no_body(int status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <class Message>
void HttpConnection::fill_head(Message& m, const Response& r, bool keep_alive) const {
  m.version(static_cast<unsigned>(version_));
  m.result(static_cast<unsigned>(r.status));
  for (const Header& h : r.headers) {
    const std::string name = lower(h.name);
    if (!is_token(name) || !is_safe_value(h.value)) {
      spdlog::warn("server: response header '{}' dropped (invalid characters)", name);
      continue;
    }
    if (!is_reserved(name)) m.insert(name, h.value);
  }
  m.set(http::field::date, http_date());
  m.keep_alive(keep_alive);
}

template <class Body>
asio::awaitable<bool> HttpConnection::write_message(http::response<Body>& m) {
  http::response_serializer<Body> serializer(m);
  while (!serializer.is_done()) {
    error_code ec;
    arm(core_.options.idle_timeout);  // a client that stops reading is dropped
    co_await http::async_write_some(socket_, serializer, redirect(ec));
    disarm();
    if (ec) co_return false;
  }
  co_return true;
}

asio::awaitable<bool> HttpConnection::write_response(const Response& response, bool keep_alive) {
  if (response.status < 100 || response.status > 599) {
    spdlog::error("server: handler returned status {}", response.status);
    const Response failure = error_response(500, "internal error");
    co_return co_await write_response(failure, keep_alive);
  }
  if (has_no_body(response.status)) {
    http::response<http::empty_body> m;
    fill_head(m, response, keep_alive);
    co_return co_await write_message(m);
  }
  if (!response.file.empty()) {
    http::file_body::value_type file;
    error_code ec;
    file.open(response.file.c_str(), beast::file_mode::scan, ec);
    if (ec) {
      const Response missing = error_response(404, "not found");
      co_return co_await write_response(missing, keep_alive);
    }
    if (head_request_) {
      http::response<http::empty_body> m;
      fill_head(m, response, keep_alive);
      m.content_length(file.size());
      co_return co_await write_message(m);
    }
    http::response<http::file_body> m;
    fill_head(m, response, keep_alive);
    m.content_length(file.size());
    m.body() = std::move(file);
    co_return co_await write_message(m);
  }
  if (head_request_) {
    http::response<http::empty_body> m;
    fill_head(m, response, keep_alive);
    m.content_length(response.body.size());
    co_return co_await write_message(m);
  }
  http::response<http::string_body> m;
  fill_head(m, response, keep_alive);
  m.body() = response.body;
  m.content_length(response.body.size());
  co_return co_await write_message(m);
}

asio::awaitable<void> HttpConnection::reply_and_close(int status, std::string_view reason) {
  const Response response = error_response(status, reason);
  if (co_await write_response(response, false)) co_await linger_close();
}

asio::awaitable<void> HttpConnection::linger_close() {
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec || forced_) co_return;
  arm(kLingerTime);
  std::array<char, kReadChunk> sink{};
  for (std::size_t drained = 0; drained < kLingerBytes;) {
    const std::size_t n = co_await socket_.async_read_some(asio::buffer(sink), redirect(ec));
    if (ec) break;
    drained += n;
  }
  disarm();
}

}  // namespace physio::net::detail
