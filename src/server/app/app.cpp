#include "server/app/app.hpp"

#include <fstream>

#include <spdlog/spdlog.h>

#include "security/hash.hpp"
#include "server/app/route_table.hpp"
#include "server/auth/session_check.hpp"
#include "server/auth/smart_bearer.hpp"
#include "server/http/context.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/http_util.hpp"
#include "server/http/static_files.hpp"
#include "server/live/live_hub.hpp"
#include "server/privacy/erasure_sweep.hpp"
#include "server/record/job_watch.hpp"

namespace physio::server {
namespace {

bool is_write(std::string_view method) {
  return method != "GET" && method != "HEAD";
}

bool is_json(const net::Request& r) {
  auto ct = r.header("content-type");
  if (!ct) return false;
  const std::string_view v = *ct;
  return v.starts_with("application/json") || v.starts_with("application/fhir+json");
}

/// A route's WebSocket session, registered by the sign-in session that opened it while it is open.
class SessionBoundSocket : public net::WsSession {
 public:
  SessionBoundSocket(SocketRegistry& registry, std::string session_hash, std::string user_id,
                     std::shared_ptr<net::WsSession> inner)
      : registry_(registry),
        session_hash_(std::move(session_hash)),
        user_id_(std::move(user_id)),
        inner_(std::move(inner)) {}
  void on_open(std::shared_ptr<net::WsConnection> conn) override {
    id_ = registry_.add(session_hash_, user_id_, conn);
    inner_->on_open(std::move(conn));
  }
  void on_text(std::string_view msg) override { inner_->on_text(msg); }
  void on_binary(std::string_view msg) override { inner_->on_binary(msg); }
  void on_close() override {
    if (id_ != 0) registry_.remove(id_);
    inner_->on_close();
  }

 private:
  SocketRegistry& registry_;
  std::string session_hash_;
  std::string user_id_;
  std::shared_ptr<net::WsSession> inner_;
  std::uint64_t id_ = 0;
};

}  // namespace

App::App(Settings settings, store::Store& store, TestHooks hooks)
    : settings_(std::move(settings)),
      store_(store),
      hooks_(std::move(hooks)),
      audit_(store),
      job_watch_(std::make_unique<JobWatch>(store)),
      web_dir_(find_web_dir(settings_.web_dir)) {
  live::HubOptions lo;
  lo.files_dir = files_dir();
  lo.spill_dir = settings_.data_dir / "tmp" / "live";
  lo.limits.max_frame_rate = static_cast<double>(settings_.live_max_frame_rate);
  lo.limits.max_frames = static_cast<std::size_t>(settings_.live_max_set_minutes * 60 * 60);
  lo.resume_window = std::chrono::seconds(settings_.live_resume_seconds);
  live_hub_ = std::make_unique<live::LiveHub>(store, lo);
  net::SmtpServer smtp;
  smtp.host = settings_.smtp_host;
  smtp.port = static_cast<std::uint16_t>(settings_.smtp_port);
  mail_ = std::make_unique<MailOutbox>(smtp, settings_.smtp_from,
                                       public_base_url(settings_.public_url, settings_.listen, false));
  live_hub_->on_job_queued = [this] {
    if (on_job_queued) on_job_queued();
  };
  if (const auto n = live_hub_->recover(); n > 0)
    spdlog::info("live sets: {} set(s) left open by a previous run stored as interrupted", n);
  // Files of an erasure whose process stopped between the commit and their deletion.
  if (const auto n = sweep_erasure_files(store_, settings_.data_dir); n > 0)
    spdlog::info("erasure: {} file(s) of erased records deleted", n);
  sweeper_ = std::thread([this] {
    const auto period = std::chrono::seconds(settings_.ws_session_check_seconds);
    std::unique_lock lock(sweep_mutex_);
    while (!sweep_wake_.wait_for(lock, period, [this] { return sweep_stopping_; })) {
      lock.unlock();
      if (const int n = sockets_.sweep(store_, now_us()); n > 0)
        spdlog::info("WebSockets: {} closed, their sessions ended", n);
      lock.lock();
    }
  });
}

std::string App::public_origin() const {
  std::string configured = Services::public_origin();
  if (!configured.empty()) return configured;
  std::lock_guard lock(origin_mutex_);
  return listen_origin_;
}

void App::set_listen_origin(std::string origin) {
  while (origin.ends_with('/')) origin.pop_back();
  std::lock_guard lock(origin_mutex_);
  listen_origin_ = std::move(origin);
}

App::~App() {
  {
    std::lock_guard lock(sweep_mutex_);
    sweep_stopping_ = true;
  }
  sweep_wake_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
  live_hub_->stop();
  mail_.reset();  // what requests queued is sent before the server's store goes
}

void App::stop_live_sessions() {
  live_hub_->stop();
}

App::Match App::find_route(std::string_view method, std::string_view path) const {
  Match m;
  for (const auto& r : api_routes()) {
    if (r.method == "WS") continue;  // opened by on_websocket only
    std::vector<std::pair<std::string, std::string>> params;
    if (!match_pattern(r.pattern, path, params)) continue;
    m.path_matched = true;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
  }
  return m;
}

std::variant<net::BodyPolicy, net::Response> App::on_head(const net::Request& head) {
  if (head.path == "/healthz" || head.path == "/readyz") return net::BodyPolicy{0, false};
  const bool fhir = head.path.starts_with("/fhir/");
  // A browser app's CORS preflight (docs/server/smart.md, "Browser apps").
  if (head.method == "OPTIONS" && cors_path(head.path)) return cors_preflight(head);
  if (!head.path.starts_with("/api/") && !fhir && !is_oauth_path(head.path)) {
    if (head.method != "GET" && head.method != "HEAD") {
      auto r = api_error(405, "method_not_allowed", "only GET is allowed here");
      r.headers.push_back({"allow", "GET, HEAD"});
      return r;
    }
    return net::BodyPolicy{0, false};
  }
  const Match m = find_route(head.method, head.path);
  if (m.route == nullptr) {
    auto r = m.path_matched ? api_error(405, "method_not_allowed", "this path does not take " + head.method)
                            : api_error(404, "not_found", "no such API route");
    return fhir ? as_fhir_error(std::move(r)) : r;
  }
  const Route& r = *m.route;
  switch (r.body) {
    case BodyKind::kNone:
      return net::BodyPolicy{1024, false};
    case BodyKind::kJson:
      if (!is_json(head)) {
        auto refused =
            api_error(415, "unsupported_media_type",
                      fhir ? "send the body as application/fhir+json" : "send the body as application/json");
        return fhir ? as_fhir_error(std::move(refused)) : refused;
      }
      return net::BodyPolicy{r.max_body ? r.max_body : static_cast<std::uint64_t>(settings_.max_json_bytes),
                             false};
    case BodyKind::kForm: {
      auto ct = head.header("content-type");
      if (!ct || !ct->starts_with("application/x-www-form-urlencoded"))
        return oauth_error(400, "invalid_request", "send the body as application/x-www-form-urlencoded");
      return net::BodyPolicy{r.max_body ? r.max_body : 8192, false};
    }
    case BodyKind::kUpload:
      // An upload is streamed to disk, so nothing of it is read before the caller is known (security
      // finding M2): a valid session and the CSRF token, checked on the head. The role and whether the
      // record is within reach are checked (and a denial audited) once the body is in, as for every route.
      if (r.auth == AuthMode::kSession) {
        net::Request copy = head;  // the head only: no body has been read
        RequestContext ctx(*this, copy, r);
        if (auto denied = authenticate(ctx)) return *denied;
        auto sent = head.header("x-csrf-token");
        if (!sent || !security::constant_time_equal(*sent, ctx.csrf_token))
          return api_error(403, "csrf", "missing or wrong X-CSRF-Token header");
        // The record the upload is for, within reach: refused before the body is written (a signed-in
        // user's upload to another clinic's record once filled <data>/tmp before its 404).
        if (r.head_check) {
          ctx.params = m.params;
          if (auto refused = r.head_check(ctx)) {
            if (!ctx.pending_reads.empty())
              if (auto st = audit_.append(std::move(ctx.pending_reads)); !st) {
                spdlog::error("audit append failed: {}", st.error().to_string());
                return api_error(503, "audit_unavailable", "the audit trail could not be written; try again");
              }
            return *refused;
          }
        }
      }
      return net::BodyPolicy{r.max_body ? r.max_body : static_cast<std::uint64_t>(settings_.max_upload_bytes),
                             true};
  }
  return net::BodyPolicy{};
}

net::Response App::handle(net::Request& request) {
  net::Response resp;
  if (request.path == "/healthz") {
    resp = json_ok({{"status", "ok"}});
  } else if (request.path == "/readyz") {
    resp = ready_ ? json_ok({{"status", "ready"}, {"store", store_.backend_name()}})
                  : api_error(503, "not_ready", "starting or shutting down");
  } else if (request.path.starts_with("/api/")) {
    resp = handle_api(request);
  } else if (request.path.starts_with("/fhir/")) {
    resp = as_fhir_error(handle_api(request));
  } else if (is_oauth_path(request.path)) {
    resp = handle_api(request);
  } else {
    resp = serve_static(request);
  }
  // Every answer is `no-store` unless it set its own caching (static files do): API answers and the files
  // of patient data alike (bulk export NDJSON, reports, recordings), which a shared cache must never keep.
  add_security_headers(resp, true);
  add_cors_headers(request, resp);
  return resp;
}

void* App::find_service(std::type_index type) {
  if (type == std::type_index(typeid(live::LiveHub))) return live_hub_.get();
  if (type == std::type_index(typeid(JobWatch))) return job_watch_.get();
  if (type == std::type_index(typeid(SocketRegistry))) return &sockets_;
  if (type == std::type_index(typeid(MailOutbox))) return mail_.get();
  return nullptr;
}

net::Response App::handle_api(net::Request& request) {
  Match m = find_route(request.method, request.path);
  if (m.route == nullptr) return api_error(404, "not_found", "no such API route");
  const Route& route = *m.route;
  RequestContext ctx(*this, request, route);
  ctx.params = std::move(m.params);
  const auto bearer = bearer_token(request);
  if (route.auth == AuthMode::kSession && bearer && request.path.starts_with("/fhir/")) {
    // A SMART access token: the token's user, narrowed by its scopes (docs/server/smart.md). No CSRF
    // token: a bearer token is not sent by browsers on their own.
    if (auto denied = authenticate_bearer(ctx, *bearer)) return *denied;
    if (auto denied = check_smart_scope(ctx)) return *denied;
  } else if (route.auth == AuthMode::kSession) {
    if (bearer && !cookie_value(request, kSessionCookie))
      return api_error(401, "bearer_not_accepted",
                       "access tokens are accepted on /fhir/ routes only; sign in for the app's API");
    if (auto denied = authenticate(ctx)) return *denied;
    if (is_write(request.method)) {
      auto sent = request.header("x-csrf-token");
      if (!sent || !security::constant_time_equal(*sent, ctx.csrf_token))
        return api_error(403, "csrf", "missing or wrong X-CSRF-Token header");
    }
  }
  if (route.body == BodyKind::kJson) {
    if (auto problem = check_body(route.schema, request.body, ctx.body))
      return api_error(400, "invalid_body", problem->message, problem->field);
  } else if (route.body == BodyKind::kForm) {
    auto form = parse_form(request.body);
    if (!form) return oauth_error(400, "invalid_request", form.error().message());
    ctx.body = std::move(*form);
  } else if (route.body == BodyKind::kNone && request.body_size > 0) {
    return api_error(400, "unexpected_body", "this route takes no body");
  }
  net::Response resp;
  try {
    resp = route.handler(ctx);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: internal error: {}", request.method, request.path, e.what());
    resp = api_error(500, "internal", "internal error; it has been logged");
  }
  if (!ctx.pending_reads.empty()) {
    if (auto st = audit_.append(std::move(ctx.pending_reads)); !st) {
      // Without its audit event a read is not answered.
      spdlog::error("audit append failed: {}", st.error().to_string());
      return api_error(503, "audit_unavailable", "the audit trail could not be written; try again");
    }
  }
  return resp;
}

net::Response App::serve_static(const net::Request& request) {
  return static_response(web_dir_, request.path);
}

std::variant<std::shared_ptr<net::WsSession>, net::Response> App::on_websocket(net::Request& request) {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& r : api_routes())
    if (r.method == "WS" && match_pattern(r.pattern, request.path, params)) {
      route = &r;
      break;
    }
  if (route == nullptr) return api_error(404, "not_found", "no such WebSocket route");
  RequestContext ctx(*this, request, *route);
  ctx.params = std::move(params);
  if (auto denied = authenticate(ctx)) return *denied;
  // Same-origin check: a cross-site page cannot open a socket with the cookie.
  if (auto origin = request.header("origin")) {
    auto host = request.header("host");
    if (!host || (*origin != "http://" + std::string(*host) && *origin != "https://" + std::string(*host)))
      return api_error(403, "origin", "cross-origin WebSocket refused");
  }
  WsAnswer answer = api_error(500, "internal", "internal error; it has been logged");
  try {
    answer = route->ws_handler(ctx);
  } catch (const std::exception& e) {
    spdlog::error("WS {}: internal error: {}", request.path, e.what());
  }
  // The socket lives as long as its sign-in session: signing out, a password reset or a disabled account
  // closes it (docs/server/operations.md).
  if (auto* session = std::get_if<std::shared_ptr<net::WsSession>>(&answer); session && *session)
    answer = std::make_shared<SessionBoundSocket>(sockets_, ctx.session_hash, ctx.principal().user_id,
                                                  std::move(*session));
  if (!ctx.pending_reads.empty()) {
    if (auto st = audit_.append(std::move(ctx.pending_reads));
        !st && std::holds_alternative<std::shared_ptr<net::WsSession>>(answer))
      return api_error(503, "audit_unavailable", "the audit trail could not be written; try again");
  }
  return answer;
}

}  // namespace physio::server
