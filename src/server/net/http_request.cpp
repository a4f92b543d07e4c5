// One HTTP request on a connection: the head read and checked, the handler's choice of body policy on the
// worker pool, the body read into memory or a temporary file within its limits, the handler's answer, and
// WebSocket upgrades handed to websocket_session.cpp.
#include "server/net/http_connection.hpp"  // first: server_core.hpp includes <utility> before any asio header

#include <algorithm>
#include <limits>
#include <random>
#include <variant>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/net/url.hpp"

namespace physio::net::detail {
namespace {

std::string_view to_std(beast::string_view s) {
  return {s.data(), s.size()};
}

std::string random_upload_name() {
  std::random_device rd;
  std::uint64_t a = (std::uint64_t{rd()} << 32) | rd();
  std::uint64_t b = (std::uint64_t{rd()} << 32) | rd();
  return fmt::format("upload-{:016x}{:016x}.part", a, b);
}

}  // namespace

template <class T, class F>
std::shared_ptr<WorkState<T>> HttpConnection::post_work(const F& fn) {
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

template <class T>
asio::awaitable<WorkOutcome<T>> HttpConnection::wait_work(const std::shared_ptr<WorkState<T>>& state) {
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

asio::awaitable<bool> HttpConnection::work_failed(WorkEnd end) {
  if (end == WorkEnd::kTimedOut) {
    spdlog::warn("server: handler did not answer within {} ms", core_.options.handler_timeout.count());
    co_await reply_and_close(503, "the server did not answer in time");
  }
  co_return false;
}

template <class Parser>
asio::awaitable<BodyRead> HttpConnection::read_rest(Parser& parser) {
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

asio::awaitable<BodyRead> HttpConnection::read_body(http::request_parser<http::empty_body>& head_parser,
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

asio::awaitable<bool> HttpConnection::serve_one() {
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
  // Request smuggling guards (RFC 9112 6.1 and 6.3): a framing a proxy in front could read otherwise is
  // refused and the connection closed: a Transfer-Encoding other than exactly "chunked" ("chunked,
  // identity", "gzip, chunked", "identity", or the field twice), or one sent with a Content-Length.
  if (const auto te_count = head.count(http::field::transfer_encoding); te_count > 0) {
    std::string_view te_value = to_std(head[http::field::transfer_encoding]);
    while (!te_value.empty() && (te_value.front() == ' ' || te_value.front() == '\t'))
      te_value.remove_prefix(1);
    while (!te_value.empty() && (te_value.back() == ' ' || te_value.back() == '\t'))
      te_value.remove_suffix(1);
    const std::string te = lower(te_value);
    if (te_count > 1 || te != "chunked" || head.count(http::field::content_length) > 0 || version_ == 10) {
      co_await reply_and_close(400,
                               "request framing refused: Transfer-Encoding must be exactly \"chunked\", "
                               "without a Content-Length, on HTTP/1.1");
      co_return false;
    }
  }
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

asio::awaitable<bool> HttpConnection::upgrade(http::request_parser<http::empty_body>& head_parser,
                                              const std::shared_ptr<PendingRequest>& pending,
                                              bool keep_alive) {
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

}  // namespace physio::net::detail
