#pragma once
/// The clinic server's wiring: the contexts' route tables put together, dispatch with the session and CSRF
/// checks and the body checked against the route's schema, audit of reads before the response leaves,
/// static pages, WebSocket routes, and the services contexts own (the live hub, the job watch). Owns no
/// sockets (server/net does); owns no SQL (store does); holds no route's logic (the contexts do).

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <typeindex>

#include "server/http/context.hpp"
#include "server/http/mail_outbox.hpp"
#include "server/http/routes.hpp"
#include "server/http/services.hpp"
#include "server/http/socket_registry.hpp"
#include "server/net/http.hpp"

namespace physio::server {

class JobWatch;
namespace live {
class LiveHub;
}

class App : public net::HttpHandler, public Services {
 public:
  App(Settings settings, store::Store& store, TestHooks hooks = {});
  ~App() override;

  std::variant<net::BodyPolicy, net::Response> on_head(const net::Request& head) override;
  net::Response handle(net::Request& request) override;
  std::variant<std::shared_ptr<net::WsSession>, net::Response> on_websocket(net::Request& request) override;

  const Settings& settings() const override { return settings_; }
  store::Store& store() override { return store_; }
  AuditWriter& audit() override { return audit_; }
  LoginThrottle& throttle() override { return throttle_; }
  const TestHooks& hooks() const override { return hooks_; }
  void notify_job_queued() override {
    if (on_job_queued) on_job_queued();
  }
  void notify_transcript_queued() override {
    if (on_transcript_queued) on_transcript_queued();
  }
  /// `public-url`, else the address set by `set_listen_origin`.
  std::string public_origin() const override;
  /// The address the server listens on ("http://127.0.0.1:8080"), known once it is bound: the public
  /// origin when `public-url` is not set.
  void set_listen_origin(std::string origin);
  /// Marks the server ready (/readyz) or draining.
  void set_ready(bool ready) { ready_ = ready; }
  /// Wakes local job workers after an upload (set by the job runner).
  std::function<void()> on_job_queued;
  /// Wakes the local transcription loop (set by the loop's owner).
  std::function<void()> on_transcript_queued;
  /// The live exercise sessions this server holds.
  live::LiveHub& live_hub() { return *live_hub_; }
  /// Ends open live sets (stored as interrupted) before the server stops.
  void stop_live_sessions();
  /// The open WebSockets by session (closed when their session ends).
  SocketRegistry& sockets() { return sockets_; }
  /// E-mails requests ask for (invitations, password-reset links).
  MailOutbox& mail() { return *mail_; }

 private:
  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_matched = false;  ///< some route has this path (for 405)
  };
  Match find_route(std::string_view method, std::string_view path) const;
  net::Response handle_api(net::Request& request);
  net::Response serve_static(const net::Request& request);
  void* find_service(std::type_index type) override;

  Settings settings_;
  mutable std::mutex origin_mutex_;
  std::string listen_origin_;  // guarded by origin_mutex_
  store::Store& store_;
  TestHooks hooks_;
  AuditWriter audit_;
  LoginThrottle throttle_;
  std::unique_ptr<JobWatch> job_watch_;
  std::unique_ptr<live::LiveHub> live_hub_;
  std::filesystem::path web_dir_;
  std::atomic<bool> ready_{false};
  SocketRegistry sockets_;
  std::unique_ptr<MailOutbox> mail_;
  // Every ws-session-check-seconds: the open sockets' sessions checked against the store.
  std::mutex sweep_mutex_;
  std::condition_variable sweep_wake_;
  bool sweep_stopping_ = false;
  std::thread sweeper_;
};

}  // namespace physio::server
