#pragma once
/// Support for the system tests: the real `physio` binary (and haproxy) as child processes, each in its own
/// process group, killed with the group on every way out (destructor, watchdog, the test process dying:
/// PR_SET_PDEATHSIG), and a small signed-in HTTP client over net::http_request.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "server/net/http_client.hpp"

namespace physio::systest {

/// The `physio` executable under test (PHYSIO_EXE, set by tests/server_system/CMakeLists.txt).
std::string physio_exe();

/// A child process in its own process group; SIGKILLed with its group when destroyed.
class Child {
 public:
  /// Starts `argv` with stdout on a pipe (read by wait_for_line) and stderr appended to `log`.
  static std::unique_ptr<Child> spawn(const std::vector<std::string>& argv, const std::filesystem::path& log);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  /// Reads stdout until a line containing `needle`; the line, or nullopt when the process ended or
  /// `timeout` passed.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
  /// SIGKILL to the whole group, then reaps the process. Idempotent.
  void kill9();
  /// SIGTERM, then waits up to `timeout`; the exit status (as from waitpid), or -1 when it had to be killed.
  int terminate(std::chrono::milliseconds timeout);
  bool running();
  /// The last `bytes` of the log file.
  std::string log_tail(std::size_t bytes = 3000) const;

 private:
  Child() = default;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_buf_;
  std::filesystem::path log_;
  bool reaped_ = false;
};

/// Runs a command to completion (SIGKILLed after `timeout`); stdin from `input`.
struct RunResult {
  int exit_code = -1;  ///< -1: killed or did not start
  std::string out, err;
};
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// The last non-empty line of `text`.
std::string last_line(const std::string& text);

/// `physio serve` on 127.0.0.1 with a free port, readiness taken from its "listening on" line.
class Server {
 public:
  /// nullptr on failure, with `why` holding the reason and the log's tail.
  static std::unique_ptr<Server> start(const std::vector<std::string>& extra_args,
                                       const std::filesystem::path& log, std::string& why);
  std::uint16_t port() const { return port_; }
  Child& process() { return *child_; }

 private:
  std::unique_ptr<Child> child_;
  std::uint16_t port_ = 0;
};

/// A port the kernel reports free on 127.0.0.1 right now.
std::uint16_t free_loopback_port();

/// Kills every live child's group and ends the process with a message when `limit` passes. One per process;
/// calling again moves the deadline.
void arm_watchdog(std::chrono::seconds limit, const std::string& what);
void disarm_watchdog();

/// A browser-like client on 127.0.0.1:port: session cookie and CSRF token.
class Api {
 public:
  explicit Api(std::uint16_t port) : port_(port) {}
  void set_port(std::uint16_t port) { port_ = port; }
  std::uint16_t port() const { return port_; }
  /// POST /api/login; the response, with cookie and token kept on 200.
  Result<net::ClientResponse> login(const std::string& email, const std::string& password);
  Result<net::ClientResponse> request(const std::string& method, const std::string& target,
                                      const std::string& body = "",
                                      const std::string& content_type = "application/json",
                                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  Result<net::ClientResponse> get(const std::string& target) { return request("GET", target); }
  const std::string& cookie() const { return cookie_; }
  void share_session_of(const Api& other) {
    cookie_ = other.cookie_;
    csrf_ = other.csrf_;
  }

 private:
  std::uint16_t port_;
  std::string cookie_, csrf_;
};

nlohmann::json json_of(const net::ClientResponse& r);

/// A physio landmark CSV of the synthetic squatting person with `repetitions` repetitions.
std::string squat_csv(int repetitions);

/// The observations of one recording as comparable text, sorted: "code|side|body_site|method|unit|value".
std::vector<std::string> observation_keys(const nlohmann::json& observations,
                                          const std::string& recording_id);

}  // namespace physio::systest
