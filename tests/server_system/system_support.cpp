#include "server_system/system_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::systest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Process groups of live children, for the watchdog.
std::mutex g_children_mu;
std::set<pid_t> g_children;

void register_child(pid_t pgid) {
  std::lock_guard lk(g_children_mu);
  g_children.insert(pgid);
}
void unregister_child(pid_t pgid) {
  std::lock_guard lk(g_children_mu);
  g_children.erase(pgid);
}

// Forks and execs `argv` in a new process group; the child dies with this process (PR_SET_PDEATHSIG).
// Everything the child touches between fork and exec is prepared before the fork.
pid_t fork_exec(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd, int stderr_fd,
                std::vector<int> close_in_child) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) {
    if (pid > 0) {
      ::setpgid(pid, pid);  // also in the child: whichever runs first
      register_child(pid);
    }
    return pid;
  }
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  ::signal(SIGPIPE, SIG_DFL);  // the test process ignores it; the child gets the default back
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (stdin_fd >= 0) ::dup2(stdin_fd, 0);
  if (stdout_fd >= 0) ::dup2(stdout_fd, 1);
  if (stderr_fd >= 0) ::dup2(stderr_fd, 2);
  for (int fd : close_in_child)
    if (fd > 2) ::close(fd);
  ::execv(args[0], args.data());
  ::_exit(127);
}

struct Watchdog {
  std::mutex mu;
  std::condition_variable cv;
  Clock::time_point deadline = Clock::time_point::max();
  std::string what;
  bool started = false;
};
Watchdog& watchdog() {
  static Watchdog* w = new Watchdog();  // never destroyed: its thread outlives main's statics
  return *w;
}

}  // namespace

std::string physio_exe() {
#ifdef PHYSIO_EXE
  return PHYSIO_EXE;
#else
  return "physio";
#endif
}

std::unique_ptr<Child> Child::spawn(const std::vector<std::string>& argv, const fs::path& log) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return nullptr;
  const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = fork_exec(argv, devnull, out[1], err, {});
  ::close(out[1]);
  if (err >= 0) ::close(err);
  if (devnull >= 0) ::close(devnull);
  if (pid < 0) {
    ::close(out[0]);
    return nullptr;
  }
  std::unique_ptr<Child> c(new Child());
  c->pid_ = pid;
  c->out_fd_ = out[0];
  c->log_ = log;
  return c;
}

Child::~Child() {
  kill9();
}

std::optional<std::string> Child::wait_for_line(const std::string& needle,
                                                std::chrono::milliseconds timeout) {
  const auto end = Clock::now() + timeout;
  for (;;) {
    for (std::size_t nl; (nl = out_buf_.find('\n')) != std::string::npos;) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      if (line.find(needle) != std::string::npos) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left <= 0 || out_fd_ < 0) return std::nullopt;
    pollfd p{out_fd_, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 200)));
    if (n < 0 && errno != EINTR) return std::nullopt;
    if (n <= 0) continue;
    char buf[4096];
    const ssize_t got = ::read(out_fd_, buf, sizeof buf);
    if (got <= 0) return std::nullopt;  // the process closed stdout: it ended
    out_buf_.append(buf, static_cast<std::size_t>(got));
  }
}

bool Child::running() {
  if (reaped_ || pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    ::kill(-pid_, SIGKILL);  // anything it left in its group
    unregister_child(pid_);
    return false;
  }
  return true;
}

void Child::kill9() {
  if (pid_ > 0 && !reaped_) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    unregister_child(pid_);
  }
  if (out_fd_ >= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
  }
}

int Child::terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0 || reaped_) return -1;
  ::kill(pid_, SIGTERM);
  const auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      ::kill(-pid_, SIGKILL);
      unregister_child(pid_);
      if (out_fd_ >= 0) ::close(out_fd_);
      out_fd_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  return -1;
}

std::string Child::log_tail(std::size_t bytes) const {
  std::ifstream in(log_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              std::chrono::milliseconds timeout) {
  RunResult res;
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return res;
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return res;
  const pid_t pid = fork_exec(argv, in[0], out[1], err[1], {});
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(in[1]);
    ::close(out[0]);
    ::close(err[0]);
    return res;
  }
  // Small inputs only (a password line): fits in the pipe buffer.
  if (!input.empty()) {
    const ssize_t w = ::write(in[1], input.data(), input.size());
    (void)w;
  }
  ::close(in[1]);
  const auto end = Clock::now() + timeout;
  bool out_open = true, err_open = true, timed_out = false;
  while (out_open || err_open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
    if (::poll(p, 2, static_cast<int>(std::min<long long>(left, 200))) <= 0) continue;
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
      if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = ::read(p[i].fd, buf, sizeof buf);
      if (got <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? res.out : res.err).append(buf, static_cast<std::size_t>(got));
      }
    }
  }
  ::close(out[0]);
  ::close(err[0]);
  if (timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  unregister_child(pid);
  if (!timed_out && WIFEXITED(status)) res.exit_code = WEXITSTATUS(status);
  return res;
}

std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  const auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

std::unique_ptr<Server> Server::start(const std::vector<std::string>& extra_args, const fs::path& log,
                                      std::string& why) {
  std::vector<std::string> argv = {physio_exe(), "serve", "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  {
    std::ofstream mark(log, std::ios::app);
    mark << "==== physio serve started by the test\n";
  }
  auto child = Child::spawn(argv, log);
  if (!child) {
    why = "fork failed";
    return nullptr;
  }
  // The ASan build is slow to start on a loaded machine.
  auto line = child->wait_for_line("listening on http://127.0.0.1:", std::chrono::seconds(90));
  if (!line) {
    child->kill9();
    why = "physio serve did not report listening; its log ends:\n" + child->log_tail();
    return nullptr;
  }
  const auto at = line->find("127.0.0.1:") + 10;
  const int port = std::atoi(line->c_str() + at);
  if (port <= 0 || port > 65535) {
    why = "cannot read the port from: " + *line;
    return nullptr;
  }
  auto s = std::unique_ptr<Server>(new Server());
  s->child_ = std::move(child);
  s->port_ = static_cast<std::uint16_t>(port);
  return s;
}

std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

void arm_watchdog(std::chrono::seconds limit, const std::string& what) {
  auto& w = watchdog();
  std::lock_guard lk(w.mu);
  w.deadline = Clock::now() + limit;
  w.what = what;
  if (!w.started) {
    w.started = true;
    std::thread([&w] {
      std::unique_lock lk2(w.mu);
      for (;;) {
        if (w.cv.wait_until(lk2, w.deadline) == std::cv_status::timeout && Clock::now() >= w.deadline) break;
      }
      std::fprintf(stderr, "watchdog: %s ran past its time limit; killing its processes\n", w.what.c_str());
      {
        std::lock_guard lk3(g_children_mu);
        for (pid_t g : g_children) ::kill(-g, SIGKILL);
      }
      std::fflush(stderr);
      ::_exit(3);
    }).detach();
  }
  w.cv.notify_all();
}

void disarm_watchdog() {
  auto& w = watchdog();
  std::lock_guard lk(w.mu);
  w.deadline = Clock::time_point::max();
  w.cv.notify_all();
}

Result<net::ClientResponse> Api::login(const std::string& email, const std::string& password) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto r = net::http_request("127.0.0.1", port_, "POST", "/api/login", {{"content-type", "application/json"}},
                             body.dump(), std::chrono::seconds(30));
  if (r && r->status == 200) {
    for (const auto& h : r->headers)
      if (h.name == "set-cookie" && h.value.starts_with("physio_session="))
        cookie_ = h.value.substr(0, h.value.find(';'));
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    if (j.is_object() && j.contains("csrf_token")) csrf_ = j["csrf_token"].get<std::string>();
  }
  return r;
}

Result<net::ClientResponse> Api::request(const std::string& method, const std::string& target,
                                         const std::string& body, const std::string& content_type,
                                         std::chrono::milliseconds timeout) {
  std::vector<net::Header> h;
  if (!cookie_.empty()) h.push_back({"cookie", cookie_});
  if (method != "GET" && !csrf_.empty()) h.push_back({"x-csrf-token", csrf_});
  if (!body.empty() || method == "POST" || method == "PATCH") h.push_back({"content-type", content_type});
  return net::http_request("127.0.0.1", port_, method, target, h, body, timeout);
}

nlohmann::json json_of(const net::ClientResponse& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

std::string squat_csv(int repetitions) {
  kin::SyntheticOptions o;
  o.repetitions = repetitions;
  auto rec = kin::make_synthetic(o);
  const auto path =
      fs::temp_directory_path() / fmt::format("physio-systest-{}-{}.csv", ::getpid(), repetitions);
  if (auto st = kin::save_landmarks(rec.image, path); !st) throw std::runtime_error(st.error().to_string());
  auto text = load_file(path);
  fs::remove(path);
  if (!text) throw std::runtime_error(text.error().to_string());
  return *text;
}

std::vector<std::string> observation_keys(const nlohmann::json& observations,
                                          const std::string& recording_id) {
  std::vector<std::string> out;
  if (!observations.is_array()) return out;
  for (const auto& o : observations) {
    if (!o.contains("recording_id") || o["recording_id"].is_null() || o["recording_id"] != recording_id)
      continue;
    auto s = [&](const char* k) {
      return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
    };
    out.push_back(fmt::format("{}|{}|{}|{}|{}|{:.6g}", s("code"), s("side"), s("body_site"), s("method"),
                              s("unit"), o.value("value", 0.0)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace physio::systest
