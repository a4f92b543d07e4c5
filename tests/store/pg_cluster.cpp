#include "store/pg_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/postgres/pg_connection.hpp"

namespace physio::store::testing {
namespace {

namespace fs = std::filesystem;

int run(const std::string& cmd) {
  return std::system(cmd.c_str());
}

// A port the kernel says is free right now (a race with other processes is possible; start retries).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

PgCluster* g_cluster = nullptr;

// Stops the cluster when the test program ends normally.
class StopAtEnd : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_cluster != nullptr) g_cluster->stop();
  }
};
[[maybe_unused]] const auto* const g_env = ::testing::AddGlobalTestEnvironment(new StopAtEnd);

}  // namespace

PgCluster* PgCluster::get(std::string& skip_reason) {
  static std::mutex mutex;
  static std::string failure;
  static bool tried = false;
  static std::unique_ptr<PgCluster> shared;
  std::lock_guard lock(mutex);
  if (!tried) {
    tried = true;
    const char* state = std::getenv("PHYSIO_PG_CLUSTER_STATE");
    if (state != nullptr && fs::exists(state)) shared = attach(state);
    if (shared) return shared.get();  // owned by the ctest fixture: never stopped here
    auto own = start_new(static_cast<int>(::getpid()), failure);
    g_cluster = own.release();
  }
  if (shared) return shared.get();
  skip_reason = failure;
  return g_cluster;
}

std::unique_ptr<PgCluster> PgCluster::start_new(int owner_pid, std::string& why) {
  std::unique_ptr<PgCluster> c(new PgCluster());
  why = c->start(owner_pid);
  if (!why.empty()) {
    c->stop();
    return nullptr;
  }
  return c;
}

std::unique_ptr<PgCluster> PgCluster::attach(const std::string& state_file) {
  std::ifstream in(state_file);
  std::unique_ptr<PgCluster> c(new PgCluster());
  int root = 0;
  if (!(in >> c->port_ >> c->dir_ >> c->bin_ >> root)) return nullptr;
  c->as_postgres_ = root != 0 ? "runuser -u postgres -- " : "";
  return c;
}

bool PgCluster::save(const std::string& state_file) const {
  std::ofstream out(state_file);
  out << port_ << '\n' << dir_ << '\n' << bin_ << '\n' << (as_postgres_.empty() ? 0 : 1) << '\n';
  return static_cast<bool>(out);
}

std::string PgCluster::start(int owner_pid) {
  const char* env_bin = std::getenv("PHYSIO_PG_BIN");
  bin_ = env_bin != nullptr ? env_bin : "/usr/lib/postgresql/15/bin";
  if (!fs::exists(fs::path(bin_) / "initdb") || !fs::exists(fs::path(bin_) / "pg_ctl")) {
    return fmt::format(
        "PostgreSQL server binaries not found in {} (scripts/install-deps.sh installs postgresql-15)", bin_);
  }
  const bool root = ::geteuid() == 0;
  as_postgres_ = root ? "runuser -u postgres -- " : "";

  // initdb takes about a second; its output is cached per user and copied for each process.
  const fs::path tmp = fs::temp_directory_path();
  const fs::path tmpl = tmp / fmt::format("physio-pg15-template-{}", ::geteuid());
  if (!fs::exists(tmpl / "PG_VERSION")) {
    const fs::path building = tmp / fmt::format("physio-pg15-template-{}.{}", ::geteuid(), ::getpid());
    fs::create_directories(building);
    if (root) run(fmt::format("chown postgres:postgres '{}'", building.string()));
    if (run(fmt::format(
            "{}{}/initdb -D '{}/data' -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null 2>&1",
            as_postgres_, bin_, building.string())) != 0) {
      run(fmt::format("rm -rf '{}'", building.string()));
      return "initdb failed";
    }
    std::error_code ec;
    fs::rename(building / "data", tmpl, ec);  // another process may have won the race: fine
    run(fmt::format("rm -rf '{}'", building.string()));
    if (!fs::exists(tmpl / "PG_VERSION")) return "initdb template missing";
  }

  dir_ = (tmp / fmt::format("physio-pg-{}-{}", ::getpid(), std::rand())).string();
  fs::create_directories(dir_);
  if (root) run(fmt::format("chown postgres:postgres '{}'", dir_));
  if (run(fmt::format("{}cp -a '{}' '{}/data' && {}chmod 700 '{}/data'", as_postgres_, tmpl.string(), dir_,
                      as_postgres_, dir_)) != 0) {
    return "copying the cluster template failed";
  }
  // If this process dies without cleaning up (a crash, an abort under ASan), the watchdog stops the
  // server and removes its files.
  run(
      fmt::format("setsid sh -c 'while kill -0 {} 2>/dev/null; do sleep 0.5; done; "
                  "{}{}/pg_ctl -D \"{}/data\" stop -m immediate >/dev/null 2>&1; rm -rf \"{}\"' "
                  "</dev/null >/dev/null 2>&1 &",
                  owner_pid, as_postgres_, bin_, dir_, dir_));
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    if (port_ == 0) continue;
    const int rc =
        run(fmt::format("{}{}/pg_ctl -D '{}/data' -l '{}/pg.log' -w -t 30 start -o \"-c "
                        "listen_addresses=127.0.0.1 -p {} -k {} "
                        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c "
                        "max_connections=60\" >/dev/null 2>&1",
                        as_postgres_, bin_, dir_, dir_, port_, dir_));
    if (rc == 0) return "";
  }
  std::ifstream log(dir_ + "/pg.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  return "the PostgreSQL test cluster did not start: " + text.substr(0, 400);
}

std::string PgCluster::create_database() {
  const std::string name = fmt::format("t{}_{}", ::getpid(), ++next_db_);
  auto admin =
      postgres::PgConnection::open(fmt::format("postgresql://postgres@127.0.0.1:{}/postgres", port_), 10);
  if (!admin) {
    ADD_FAILURE() << admin.error().to_string();
    return "";
  }
  if (auto s = (*admin)->exec("CREATE DATABASE " + name); !s) ADD_FAILURE() << s.error().to_string();
  return fmt::format("postgresql://postgres@127.0.0.1:{}/{}", port_, name);
}

void PgCluster::stop() {
  if (dir_.empty()) return;
  run(fmt::format("{}{}/pg_ctl -D '{}/data' stop -m immediate >/dev/null 2>&1", as_postgres_, bin_, dir_));
  run(fmt::format("rm -rf '{}'", dir_));
  dir_.clear();
}

}  // namespace physio::store::testing
