// One GET to another server, as a coroutine on a private io_context that is given the whole time limit.
// Boost 1.74's asio uses std::exchange without including <utility>; with g++ 12 it must come first.
#include <utility>

#include "server/net/url_fetch.hpp"

#include <cctype>
#include <charconv>

#include <openssl/ssl.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include "server/net/coro.hpp"

namespace physio::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

Error refused(std::string why) {
  return Error(ErrorCode::kInvalidArgument, std::move(why));
}

bool is_literal_loopback(const std::string& host) {
  error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

using detail::redirect;

/// The exchange's outcome, filled by the coroutine.
struct Exchange {
  error_code ec{};
  std::string step{};
  http::response<http::string_body> response{};
  bool done = false;
};

template <class Stream>
asio::awaitable<void> get(Stream& stream, const FetchUrl& u, std::size_t max_body, Exchange& out) {
  http::request<http::empty_body> req{http::verb::get, u.target, 11};
  const bool default_port = u.port == (u.tls ? 443 : 80);
  const std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  req.set(http::field::host, default_port ? host : host + ":" + std::to_string(u.port));
  req.set(http::field::accept, "application/json, application/jwk-set+json");
  req.set(http::field::user_agent, "physiokit");
  req.set(http::field::connection, "close");
  out.step = "sending the request";
  co_await http::async_write(stream, req, redirect(out.ec));
  if (out.ec) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  out.step = "reading the answer";
  // The length is checked here as well as by the parser's limit, and the body as it grows (an answer
  // without a length, or chunked): memory stays within the cap plus one read.
  co_await http::async_read_header(stream, buffer, parser, redirect(out.ec));
  if (out.ec) co_return;
  if (parser.content_length() && *parser.content_length() > max_body) {
    out.ec = http::error::body_limit;
    co_return;
  }
  while (!parser.is_done()) {
    co_await http::async_read_some(stream, buffer, parser, redirect(out.ec));
    if (out.ec) co_return;
    if (parser.get().body().size() > max_body) {
      out.ec = http::error::body_limit;
      co_return;
    }
  }
  out.response = parser.release();
  out.done = true;
}

asio::awaitable<void> exchange(asio::io_context& ioc, ssl::context* tls, const FetchUrl& u,
                               std::size_t max_body, Exchange& out, tcp::socket*& socket_out) {
  tcp::resolver resolver(ioc);
  out.step = "looking up " + u.host;
  const auto endpoints = co_await resolver.async_resolve(u.host, std::to_string(u.port), redirect(out.ec));
  if (out.ec) co_return;
  if (tls == nullptr) {
    tcp::socket socket(ioc);
    socket_out = &socket;
    out.step = "connecting";
    co_await asio::async_connect(socket, endpoints, redirect(out.ec));
    if (!out.ec) co_await get(socket, u, max_body, out);
    socket_out = nullptr;
    co_return;
  }
  ssl::stream<tcp::socket> stream(ioc, *tls);
  socket_out = &stream.next_layer();
  out.step = "connecting";
  co_await asio::async_connect(stream.next_layer(), endpoints, redirect(out.ec));
  if (!out.ec) {
    error_code not_ip;
    asio::ip::make_address(u.host, not_ip);
    // Server Name Indication for host names (RFC 6066 forbids it for addresses).
    // (SSL_set_tlsext_host_name is a macro with a C cast; the call it stands for.)
    if (not_ip)
      SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(u.host.c_str()));
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(u.host));
    out.step = "the TLS handshake";
    co_await stream.async_handshake(ssl::stream_base::client, redirect(out.ec));
    if (!out.ec) co_await get(stream, u, max_body, out);
  }
  socket_out = nullptr;
}

}  // namespace

Result<FetchUrl> parse_fetch_url(std::string_view url) {
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return std::unexpected(refused("a URL holds no spaces or control characters"));
  FetchUrl u;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    u.tls = false;
    u.port = 80;
    rest = url.substr(7);
  } else {
    return std::unexpected(refused("the URL must start with https://"));
  }
  if (rest.find('#') != std::string_view::npos)
    return std::unexpected(refused("a URL here has no #fragment"));
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (u.target.front() == '?') u.target = "/" + u.target;
  if (authority.find('@') != std::string_view::npos)
    return std::unexpected(refused("a URL here carries no user name or password"));
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected(refused("an IPv6 address needs its ']'"));
    u.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::unexpected(refused("unexpected text after the IPv6 address"));
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (u.host.empty()) return std::unexpected(refused("the URL has no host"));
  for (char& c : u.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return std::unexpected(refused("the port '" + std::string(port_text) + "' is not a port number"));
    u.port = static_cast<std::uint16_t>(port);
  }
  if (!u.tls && !is_literal_loopback(u.host))
    return std::unexpected(
        refused("the URL must be https (http only on a loopback address such as 127.0.0.1 or [::1])"));
  return u;
}

Result<FetchedDocument> fetch_url(std::string_view url, const FetchOptions& options) {
  const std::string where(url);
  auto u = parse_fetch_url(url);
  if (!u) return std::unexpected(Error(ErrorCode::kInvalidArgument, where + ": " + u.error().message()));
  auto fail = [&](std::string why) {
    return std::unexpected(Error(ErrorCode::kIo, where + ": " + std::move(why)));
  };
  std::optional<ssl::context> tls;
  if (u->tls) {
    tls.emplace(ssl::context::tls_client);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    error_code ec;
    tls->set_default_verify_paths(ec);
    if (!options.ca_file.empty()) {
      tls->load_verify_file(options.ca_file.string(), ec);
      if (ec) return fail("cannot read the trust anchors " + options.ca_file.string() + ": " + ec.message());
    }
  }
  asio::io_context ioc{1};
  Exchange out;
  tcp::socket* socket = nullptr;
  asio::co_spawn(ioc, exchange(ioc, tls ? &*tls : nullptr, *u, options.max_body, out, socket),
                 [](std::exception_ptr) {});
  ioc.run_for(options.timeout);
  if (!ioc.stopped()) {
    // The limit passed: close the socket so the coroutine finishes with an error, then let it.
    if (socket != nullptr) {
      error_code ignored;
      socket->close(ignored);
    }
    ioc.run_for(std::chrono::seconds(1));
    ioc.stop();
    return fail("no answer within " + std::to_string(options.timeout.count()) + " ms (" + out.step + ")");
  }
  if (out.ec == http::error::body_limit)
    return fail("the answer is longer than " + std::to_string(options.max_body / 1024) + " KiB");
  if (out.ec) return fail(out.step + ": " + out.ec.message());
  if (!out.done) return fail(out.step + ": the exchange did not finish");
  const int status = static_cast<int>(out.response.result_int());
  if (status >= 300 && status < 400)
    return fail("answered " + std::to_string(status) + " (a redirect; redirects are not followed)");
  if (status != 200) return fail("answered " + std::to_string(status));
  FetchedDocument doc;
  doc.body = std::move(out.response.body());
  if (auto it = out.response.find(http::field::content_type); it != out.response.end())
    doc.content_type = std::string(it->value());
  if (auto it = out.response.find(http::field::cache_control); it != out.response.end())
    doc.cache_control = std::string(it->value());
  return doc;
}

}  // namespace physio::net
