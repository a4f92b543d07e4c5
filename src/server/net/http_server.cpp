// The HTTP side of the server: listening socket, one coroutine per connection, the worker pool hand-off and
// the stop sequence. WebSocket sessions live in websocket_session.cpp.
#include "server/net/server_core.hpp"  // first: it includes <utility> before any asio header

#include <algorithm>
#include <array>
#include <atomic>
#include <ctime>
#include <limits>
#include <optional>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/net/url.hpp"

namespace physio::net {
namespace detail {
namespace {

namespace beast = boost::beast;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;
// After an error response whose request body was not read, the rest is read and dropped for a while so the
// client sees the response instead of a reset.
constexpr auto kLingerTime = std::chrono::milliseconds(2000);
constexpr std::size_t kLingerBytes = std::size_t{64} << 20;
// How long stop() waits for force-closed connections to wind down before stopping the I/O threads.
constexpr auto kForceCloseWait = std::chrono::milliseconds(3000);

auto redirect(error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 64> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(text.data(), n);
}

std::string_view to_std(beast::string_view s) {
  return {s.data(), s.size()};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
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

std::string random_upload_name() {
  std::random_device rd;
  std::uint64_t a = (std::uint64_t{rd()} << 32) | rd();
  std::uint64_t b = (std::uint64_t{rd()} << 32) | rd();
  return fmt::format("upload-{:016x}{:016x}.part", a, b);
}

bool has_no_body(int status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

/// A request shared between its connection and the worker running its handler; whichever lets go last
/// deletes a body file the handler did not take.
struct PendingRequest {
  Request request;
  PendingRequest() = default;
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;
  ~PendingRequest() {
    if (!request.body_file.empty()) {
      std::error_code ec;
      std::filesystem::remove(request.body_file, ec);
    }
  }
};

enum class WorkEnd { kDone, kTimedOut, kForced };

template <class T>
struct WorkOutcome {
  WorkEnd end;
  std::optional<T> value;  ///< nullopt with kDone: the callable threw
};

/// The meeting point of a connection coroutine and a worker job. `signal` and `done` belong to the
/// connection's io_context.
template <class T>
struct WorkState {
  std::atomic<bool> abandoned{false};
  std::optional<T> result;
  asio::steady_timer* signal = nullptr;
  bool done = false;
};

enum class BodyRead { kOk, kTooLarge, kTimedOut, kMalformed, kGone, kServerError };

class HttpConnection final : public Connection, public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(ServerCore& core, tcp::socket socket, std::size_t context)
      : core_(core), socket_(std::move(socket)), deadline_(socket_.get_executor()), count_(core, context) {
    error_code ec;
    const auto endpoint = socket_.remote_endpoint(ec);
    if (!ec) {
      peer_ = endpoint.address().to_string();
      peer_is_loopback_ = endpoint.address().is_loopback();
    }
  }

  static asio::awaitable<void> run(std::shared_ptr<HttpConnection> self) {
    Registration registration(self->core_, self);
    if (self->core_.stopping.load()) self->stop_requested_ = true;
    co_await self->serve();
    self->finish();
  }

  void on_server_stop() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->stop_requested_ = true;
      error_code ec;
      if (self->idle_) self->socket_.cancel(ec);
    });
  }

  void force_close() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->forced_ = true;
      error_code ec;
      self->socket_.close(ec);
      if (self->work_signal_ != nullptr) self->work_signal_->cancel();
    });
  }

 private:
  // --- deadlines: a timer that cancels the socket's operations (the socket stays usable, e.g. for a 408)
  void arm(std::chrono::milliseconds timeout) {
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
  void disarm() {
    ++deadline_generation_;
    deadline_.cancel();
  }

  asio::awaitable<void> serve() {
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

  /// One request and its response; false when the connection is to close.
  asio::awaitable<bool> serve_one() {
    const ServerOptions& opt = core_.options;
    http::request_parser<http::empty_body> head_parser;
    head_parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(opt.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // The BodyPolicy sets the limit later. (boost::none would reject any Content-Length in Beast 1.74.)
    head_parser.body_limit(std::numeric_limits<std::uint64_t>::max());

    error_code ec;
    arm(opt.header_timeout);
    co_await http::async_read_header(socket_, buffer_, head_parser, redirect(ec));
    disarm();
    if (ec) {
      if (forced_) co_return false;
      if (timed_out_) {
        co_await reply_and_close(408, "request head not received in time");
      } else if (ec == http::error::header_limit) {
        co_await reply_and_close(431, "request head too large");
      } else if (ec != http::error::end_of_stream && ec != http::error::partial_message &&
                 ec != asio::error::operation_aborted && ec != asio::error::connection_reset) {
        spdlog::debug("server: malformed request from {}: {}", peer_, ec.message());
        co_await reply_and_close(400, "malformed request");
      }
      co_return false;
    }

    auto& head = head_parser.get();
    version_ = head.version() == 10 ? 10 : 11;
    auto pending = std::make_shared<PendingRequest>();
    Request& req = pending->request;
    req.method = std::string(head.method_string());
    req.target = std::string(head.target());
    req.http_version = version_;
    for (const auto& field : head) {
      req.headers.push_back({lower(to_std(field.name_string())), std::string(to_std(field.value()))});
    }
    req.client_address = client_address_for(req);
    head_request_ = head.method() == http::verb::head;
    auto target = parse_target(req.target);
    if (!target) {
      co_await reply_and_close(400, target.error().message());
      co_return false;
    }
    req.path = std::move(target->path);
    req.query = std::move(target->query);
    const bool keep_alive = head.keep_alive();
    const bool has_body = !head_parser.is_done();

    if (beast::websocket::is_upgrade(head)) co_return co_await upgrade(head_parser, pending, keep_alive);

    // A request without a body and a memory policy needs a single worker job: on_head, then handle.
    HttpHandler& handler = core_.handler;
    auto head_job = [&handler, pending, has_body]() -> std::variant<BodyPolicy, Response> {
      auto choice = handler.on_head(pending->request);
      if (const auto* policy = std::get_if<BodyPolicy>(&choice); policy && !has_body && !policy->to_file) {
        return handler.handle(pending->request);
      }
      return choice;
    };
    auto head_state = post_work<std::variant<BodyPolicy, Response>>(head_job);
    auto first = co_await wait_work(head_state);
    if (first.end != WorkEnd::kDone) co_return co_await work_failed(first.end);
    if (!first.value) {
      const bool keep = keep_alive && !has_body && !stop_requested_;
      const Response failure = error_response(500, "internal error");
      if (!co_await write_response(failure, keep)) co_return false;
      if (!keep) co_await linger_close();
      co_return keep;
    }
    if (auto* answer = std::get_if<Response>(&*first.value)) {
      // Answered from the head: a body still on the wire means the connection cannot be reused.
      const bool keep = keep_alive && !has_body && !stop_requested_;
      if (!co_await write_response(*answer, keep)) co_return false;
      if (has_body) co_await linger_close();
      co_return keep;
    }
    const BodyPolicy policy = std::get<BodyPolicy>(*first.value);

    const std::string too_large = fmt::format("request body larger than {} bytes", policy.max_bytes);
    if (const auto length = head_parser.content_length(); length && *length > policy.max_bytes) {
      co_await reply_and_close(413, too_large);
      co_return false;
    }
    if (has_body && version_ == 11) {
      const auto expect = head[http::field::expect];
      if (beast::iequals(expect, "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        arm(opt.idle_timeout);
        co_await asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()), redirect(ec));
        disarm();
        if (ec) co_return false;
      }
    }

    switch (co_await read_body(head_parser, policy, has_body, req)) {
      case BodyRead::kOk:
        break;
      case BodyRead::kTooLarge:
        co_await reply_and_close(413, too_large);
        co_return false;
      case BodyRead::kTimedOut:
        co_await reply_and_close(408, "request body not received in time");
        co_return false;
      case BodyRead::kMalformed:
        co_await reply_and_close(400, "malformed request body");
        co_return false;
      case BodyRead::kServerError:
        co_await reply_and_close(500, "cannot store the request body");
        co_return false;
      case BodyRead::kGone:
        co_return false;
    }

    auto handle_job = [&handler, pending] { return handler.handle(pending->request); };
    auto handle_state = post_work<Response>(handle_job);
    auto handled = co_await wait_work(handle_state);
    if (handled.end != WorkEnd::kDone) co_return co_await work_failed(handled.end);
    const bool keep = keep_alive && !stop_requested_;
    if (!handled.value) {
      const Response failure = error_response(500, "internal error");
      co_return co_await write_response(failure, keep) && keep;
    }
    co_return co_await write_response(*handled.value, keep) && keep;
  }

  asio::awaitable<bool> upgrade(http::request_parser<http::empty_body>& head_parser,
                                const std::shared_ptr<PendingRequest>& pending, bool keep_alive) {
    HttpHandler& handler = core_.handler;
    auto job = [&handler, pending] { return handler.on_websocket(pending->request); };
    auto state = post_work<std::variant<std::shared_ptr<WsSession>, Response>>(job);
    auto outcome = co_await wait_work(state);
    if (outcome.end != WorkEnd::kDone) co_return co_await work_failed(outcome.end);
    if (!outcome.value) {
      co_await reply_and_close(500, "internal error");
      co_return false;
    }
    if (auto* refusal = std::get_if<Response>(&*outcome.value)) {
      const bool keep = keep_alive && !stop_requested_;
      co_return co_await write_response(*refusal, keep) && keep;
    }
    auto session = std::get<std::shared_ptr<WsSession>>(std::move(*outcome.value));
    if (!session) {
      co_await reply_and_close(500, "internal error");
      co_return false;
    }
    if (stop_requested_) {
      co_await reply_and_close(503, "server stopping");
      co_return false;
    }
    start_websocket(core_, std::move(socket_), head_parser.release(), std::move(session),
                    pending->request.client_address, std::move(count_));
    handed_off_ = true;
    co_return false;
  }

  // Work for the pool is posted by a plain function and awaited by a coroutine that takes it by reference:
  // g++ 12 destroys some prvalue arguments of coroutine calls twice, so none are passed.

  /// Runs `fn` on the worker pool; wait_work() then waits for it.
  template <class T, class F>
  std::shared_ptr<WorkState<T>> post_work(const F& fn) {
    auto state = std::make_shared<WorkState<T>>();
    asio::post(core_.workers, [state, fn, ex = socket_.get_executor()]() mutable {
      if (!state->abandoned.load()) {
        try {
          state->result.emplace(fn());
        } catch (const std::exception& e) {
          spdlog::error("server: handler failed: {}", e.what());
        } catch (...) {
          spdlog::error("server: handler failed with an unknown exception");
        }
      }
      asio::post(ex, [state] {
        if (state->abandoned.load()) return;
        state->done = true;
        state->signal->cancel();
      });
    });
    return state;
  }

  /// Waits on a timer that the job's completion cancels, so that a handler timeout or a forced close can
  /// abandon the job (its result is then dropped).
  template <class T>
  asio::awaitable<WorkOutcome<T>> wait_work(const std::shared_ptr<WorkState<T>>& state) {
    asio::steady_timer signal(socket_.get_executor(), core_.options.handler_timeout);
    state->signal = &signal;
    work_signal_ = &signal;
    error_code ec;
    co_await signal.async_wait(redirect(ec));
    work_signal_ = nullptr;
    if (state->done) co_return WorkOutcome<T>{WorkEnd::kDone, std::move(state->result)};
    state->abandoned.store(true);
    co_return WorkOutcome<T>{forced_ ? WorkEnd::kForced : WorkEnd::kTimedOut, std::nullopt};
  }

  asio::awaitable<bool> work_failed(WorkEnd end) {
    if (end == WorkEnd::kTimedOut) {
      spdlog::warn("server: handler did not answer within {} ms", core_.options.handler_timeout.count());
      co_await reply_and_close(503, "the server did not answer in time");
    }
    co_return false;
  }

  asio::awaitable<BodyRead> read_body(http::request_parser<http::empty_body>& head_parser,
                                      const BodyPolicy& policy, bool has_body, Request& req) {
    if (policy.to_file) {
      std::filesystem::path path = core_.options.upload_dir / random_upload_name();
      http::request_parser<http::file_body> parser(std::move(head_parser));
      parser.body_limit(policy.max_bytes);
      error_code ec;
      parser.get().body().open(path.c_str(), beast::file_mode::write_new, ec);
      if (ec) {
        spdlog::error("server: cannot create {}: {}", path.string(), ec.message());
        co_return BodyRead::kServerError;
      }
      req.body_file = path;  // from here on the file is deleted unless the handler takes it
      const BodyRead result = has_body ? co_await read_rest(parser) : BodyRead::kOk;
      parser.get().body().close();
      if (result == BodyRead::kOk) {
        std::error_code size_ec;
        req.body_size = std::filesystem::file_size(path, size_ec);
      }
      co_return result;
    }
    if (!has_body) co_return BodyRead::kOk;
    http::request_parser<http::string_body> parser(std::move(head_parser));
    parser.body_limit(policy.max_bytes);
    const BodyRead result = co_await read_rest(parser);
    if (result == BodyRead::kOk) {
      req.body = std::move(parser.get().body());
      req.body_size = req.body.size();
    }
    co_return result;
  }

  template <class Parser>
  asio::awaitable<BodyRead> read_rest(Parser& parser) {
    error_code ec;
    arm(core_.options.body_timeout);
    co_await http::async_read(socket_, buffer_, parser, redirect(ec));
    disarm();
    if (!ec) co_return BodyRead::kOk;
    if (forced_) co_return BodyRead::kGone;
    if (timed_out_) co_return BodyRead::kTimedOut;
    if (ec == http::error::body_limit) co_return BodyRead::kTooLarge;
    if (ec == http::error::partial_message || ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      co_return BodyRead::kGone;
    }
    spdlog::debug("server: malformed request body from {}: {}", peer_, ec.message());
    co_return BodyRead::kMalformed;
  }

  template <class Message>
  void fill_head(Message& m, const Response& r, bool keep_alive) const {
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

  /// Writes a response (HEAD: the head only, with the length the body would have); false on a write error.
  asio::awaitable<bool> write_response(const Response& response, bool keep_alive) {
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

  template <class Body>
  asio::awaitable<bool> write_message(http::response<Body>& m) {
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

  asio::awaitable<void> reply_and_close(int status, std::string_view reason) {
    const Response response = error_response(status, reason);
    if (co_await write_response(response, false)) co_await linger_close();
  }

  /// Half-closes, then reads and drops what the client still sends (bounded), so that it reads the response
  /// rather than a connection reset.
  asio::awaitable<void> linger_close() {
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

  void finish() {
    if (handed_off_) return;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  std::string client_address_for(const Request& req) const {
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

  ServerCore& core_;
  tcp::socket socket_;  // its executor is this connection's io_context; every member below lives on it
  asio::steady_timer deadline_;
  std::uint64_t deadline_generation_ = 0;
  bool timed_out_ = false;
  ConnectionCount count_;
  beast::flat_buffer buffer_;
  std::string peer_;
  bool peer_is_loopback_ = false;
  int version_ = 11;
  bool head_request_ = false;
  bool idle_ = false;
  bool stop_requested_ = false;
  bool forced_ = false;
  bool handed_off_ = false;
  asio::steady_timer* work_signal_ = nullptr;
};

auto log_exception(const char* what) {
  return [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("server: {} failed: {}", what, ex.what());
    } catch (...) {
      spdlog::error("server: {} failed", what);
    }
  };
}

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
