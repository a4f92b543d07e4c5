#pragma once
/// The clinic server's request handling: route dispatch, sessions and CSRF, body checks, audit, static
/// pages and WebSocket job updates. Owns no sockets (server/net does); owns no SQL (store does).

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "server/audit_writer.hpp"
#include "server/login_throttle.hpp"
#include "server/net/http.hpp"
#include "server/routes.hpp"
#include "server/settings.hpp"
#include "store/store.hpp"

namespace physio::server {

class JobWatch;
namespace live {
class LiveHub;
}

/// Set only by tests: disables the authorization check of one route, to show that the authorization
/// matrix catches a handler without its check. Never reachable from configuration.
struct TestHooks {
  std::string skip_authorization_for;  ///< "GET /api/patients/{id}"
};

class App : public net::HttpHandler {
 public:
  App(Settings settings, store::Store& store, TestHooks hooks = {});
  ~App() override;

  std::variant<net::BodyPolicy, net::Response> on_head(const net::Request& head) override;
  net::Response handle(net::Request& request) override;
  std::variant<std::shared_ptr<net::WsSession>, net::Response> on_websocket(net::Request& request) override;

  const Settings& settings() const { return settings_; }
  store::Store& store() { return store_; }
  AuditWriter& audit() { return audit_; }
  LoginThrottle& throttle() { return throttle_; }
  const TestHooks& hooks() const { return hooks_; }
  /// Where uploaded files and reports live: <data>/files.
  std::filesystem::path files_dir() const { return settings_.data_dir / "files"; }
  /// Marks the server ready (/readyz) or draining.
  void set_ready(bool ready) { ready_ = ready; }
  /// Wakes local job workers after an upload (set by the job runner).
  std::function<void()> on_job_queued;
  /// The live exercise sessions this server holds.
  live::LiveHub& live_hub() { return *live_hub_; }
  /// Ends open live sets (stored as interrupted) before the server stops.
  void stop_live_sessions();

  /// The session of the request, if valid: fills ctx.who, session hash and CSRF token.
  std::optional<net::Response> authenticate(RequestContext& ctx);

 private:
  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_matched = false;  ///< some route has this path (for 405)
  };
  Match find_route(std::string_view method, std::string_view path) const;
  net::Response handle_api(net::Request& request);
  net::Response serve_static(const net::Request& request);
  std::variant<std::shared_ptr<net::WsSession>, net::Response> open_job_events(RequestContext& ctx);
  std::variant<std::shared_ptr<net::WsSession>, net::Response> open_live_socket(RequestContext& ctx,
                                                                                bool device);

  Settings settings_;
  store::Store& store_;
  TestHooks hooks_;
  AuditWriter audit_;
  LoginThrottle throttle_;
  std::unique_ptr<JobWatch> job_watch_;
  std::unique_ptr<live::LiveHub> live_hub_;
  std::filesystem::path web_dir_;
  std::atomic<bool> ready_{false};
};

}  // namespace physio::server
