// The test clock through the real program (docs/server/operations.md, "A test clock"): `physio serve
// --test-clock` is refused on a public address; on loopback an administrator moves it forward, the move is
// audited, it survives a restart; without the flag the route answers 404. A separate process each time:
// test mode is per process and never off, so it cannot run inside this test binary's servers.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "core/wall_clock.hpp"
#include "server/http/http_util.hpp"
#include "server/net/http_client.hpp"
#include "server_fixture.hpp"
#include "store/store.hpp"

namespace physio::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
constexpr TimeUs kDay = 86'400 * kUsPerSecond;

std::uint16_t free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(s);
  return ntohs(a.sin_port);
}

/// `physio serve` in the background on `port`; its pid once /health answers, or -1.
int serve(const fs::path& data, std::uint16_t port, const std::string& flags) {
  const fs::path pid_file = data / "serve.pid";
  run("sh -c '" + std::string(PHYSIO_BIN) + " serve --data " + data.string() +
      " --listen 127.0.0.1:" + std::to_string(port) + " --risk-refresh false " + flags + " >> " +
      (data / "serve.log").string() + " 2>&1 & echo $! > " + pid_file.string() + "'");
  for (int i = 0; i < 200; ++i) {
    if (auto r = net::http_request("127.0.0.1", port, "GET", "/health"); r && r->status == 200) {
      auto pid = load_text_file(pid_file);
      return pid ? std::atoi(pid->c_str()) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

void stop(int pid) {
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

/// Signs in as the administrator; the cookie and CSRF headers for the next requests.
std::vector<net::Header> admin_headers(std::uint16_t port) {
  auto r = net::http_request("127.0.0.1", port, "POST", "/api/login", {{"content-type", "application/json"}},
                             R"({"email":"admin@clock.example","password":"admin password 12"})");
  if (!r || r->status != 200) return {};
  const auto cookie = r->header("set-cookie");
  const json body = json::parse(r->body, nullptr, false);
  if (!cookie || !body.contains("csrf_token")) return {};
  return {{"cookie", std::string(cookie->substr(0, cookie->find(';')))},
          {"x-csrf-token", body["csrf_token"].get<std::string>()},
          {"content-type", "application/json"}};
}

TEST(TestClock, RefusedInPublicMovedAuditedKeptAcrossARestartAbsentWithoutTheFlag) {
  const fs::path data = scratch_dir("test_clock");
  const std::string bin = PHYSIO_BIN;

  // A public address is refused, with the reason.
  auto refused = run(bin + " serve --data " + data.string() + " --listen 0.0.0.0:0 --test-clock true");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.out.find("needs a loopback --listen address"), std::string::npos) << refused.out;

  const std::string clinic =
      run(bin + " admin --data " + data.string() + " create-clinic 'Clock Clinic' | tail -1").out;
  ASSERT_FALSE(clinic.empty());
  auto made =
      run("echo 'admin password 12' | " + bin + " admin --data " + data.string() + " create-user --clinic " +
          clinic.substr(0, clinic.find('\n')) + " --role admin --email admin@clock.example --no-mfa");
  ASSERT_EQ(made.status, 0) << made.out;

  // On loopback: two days on; the server's now and offset say so, and the move is in the audit trail.
  std::uint16_t port = free_port();
  int pid = serve(data, port, "--test-clock true");
  ASSERT_GT(pid, 0) << load_text_file(data / "serve.log").value_or("");
  auto h = admin_headers(port);
  ASSERT_FALSE(h.empty());
  auto moved = net::http_request("127.0.0.1", port, "POST", "/api/test-clock", h, R"({"advance_s":172800})");
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 200) << moved->body;
  json j = json::parse(moved->body);
  EXPECT_EQ(j["offset_s"].get<std::int64_t>(), 172800);
  const auto now = server::parse_iso_time(j["now"].get<std::string>());
  ASSERT_TRUE(now);
  EXPECT_NEAR(static_cast<double>(*now - wall_clock::system_us()), 2.0 * kDay, 60.0 * kUsPerSecond);
  // Two days idle ended the session, as that much time would: sign in again. Back in time: refused,
  // naming the field; nothing moved.
  EXPECT_EQ(net::http_request("127.0.0.1", port, "GET", "/api/test-clock", h)->status, 401);
  h = admin_headers(port);
  ASSERT_FALSE(h.empty());
  auto back =
      net::http_request("127.0.0.1", port, "POST", "/api/test-clock", h, R"({"at":"2020-01-01T00:00:00Z"})");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 400);
  EXPECT_EQ(json::parse(back->body).value("field", ""), "/at");
  stop(pid);
  {  // One clock.move in the audit trail, naming where the clock went from and to.
    auto store = store::Store::open_sqlite(data);
    ASSERT_TRUE(store);
    auto rows = (*store)->read([](store::Tx& tx) {
      return tx.connection().query("SELECT detail FROM audit_events WHERE action = 'clock.move'");
    });
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->rows.size(), 1u);
    EXPECT_NE(rows->rows[0].text(0).find(" -> "), std::string::npos) << rows->rows[0].text(0);
  }

  // After a restart the offset goes on.
  port = free_port();
  pid = serve(data, port, "--test-clock true");
  ASSERT_GT(pid, 0);
  h = admin_headers(port);
  auto read = net::http_request("127.0.0.1", port, "GET", "/api/test-clock", h);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(json::parse(read->body)["offset_s"].get<std::int64_t>(), 172800);
  stop(pid);

  // Without the flag: no such route, whoever asks.
  port = free_port();
  pid = serve(data, port, "");
  ASSERT_GT(pid, 0);
  h = admin_headers(port);
  auto absent = net::http_request("127.0.0.1", port, "GET", "/api/test-clock", h);
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->status, 404);
  auto absent_move =
      net::http_request("127.0.0.1", port, "POST", "/api/test-clock", h, R"({"advance_s":60})");
  ASSERT_TRUE(absent_move);
  EXPECT_EQ(absent_move->status, 404);
  stop(pid);
}

}  // namespace
}  // namespace physio::test
