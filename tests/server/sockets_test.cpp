// A WebSocket lives no longer than the sign-in session that opened it (security finding M3): signing out,
// a disabled account and a session ended on another server close it with 1008 "session ended"; another
// session's socket stays open.
#include <gtest/gtest.h>

#include "server/http/socket_registry.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

/// Opens the job-progress socket of `job` with `client`'s cookie and reads its first message (the job's
/// state: the seeded jobs stay queued, so the socket stays open).
net::WsClient open_job_socket(TestServer& ts, const Client& client, const std::string& job) {
  std::vector<net::Header> h = {{"cookie", client.cookie()}};
  auto ws =
      must(net::WsClient::connect("127.0.0.1", ts.port(), "/api/jobs/" + job + "/events", h), "connect");
  auto first = ws.read();
  if (!first) throw std::runtime_error("first message: " + first.error().to_string());
  return ws;
}

void expect_closed_session_ended(net::WsClient& ws) {
  auto r = ws.read();
  ASSERT_FALSE(r) << "the socket is still open: " << r->data;
  EXPECT_EQ(ws.close_code(), 1008) << r.error().to_string();
  EXPECT_NE(r.error().to_string().find("session ended"), std::string::npos) << r.error().to_string();
}

/// Waits until the registry holds `n` sockets (registration happens on the server's I/O thread).
void wait_for_sockets(TestServer& ts, std::size_t n) {
  for (int i = 0; i < 200 && ts.app().sockets().size() != n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(ts.app().sockets().size(), n);
}

TEST(ServerSockets, SigningOutClosesThatSessionsSocketsOnly) {
  auto ts = TestServer::start("ws_logout");
  const auto& s = ts->seeded();
  Client phone(ts->port()), laptop(ts->port());
  ASSERT_EQ(phone.login(s.user_email.at("patient")).status, 200);
  ASSERT_EQ(laptop.login(s.user_email.at("patient")).status, 200);
  auto on_phone = open_job_socket(*ts, phone, s.job.at(s.p1));
  auto on_laptop = open_job_socket(*ts, laptop, s.job.at(s.p1));
  wait_for_sockets(*ts, 2);
  ASSERT_EQ(phone.request("POST", "/api/logout").status, 200);
  expect_closed_session_ended(on_phone);
  // The laptop's session goes on, and so does its socket.
  wait_for_sockets(*ts, 1);
  EXPECT_EQ(laptop.get("/api/me").status, 200);
}

TEST(ServerSockets, DisablingAnAccountClosesItsSockets) {
  auto ts = TestServer::start("ws_disable");
  const auto& s = ts->seeded();
  Client physio(ts->port()), admin(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(admin.login(s.user_email.at("admin")).status, 200);
  auto ws = open_job_socket(*ts, physio, s.job.at(s.p1));
  wait_for_sockets(*ts, 1);
  auto r = admin.request("POST", "/api/staff/" + s.user_id.at("physiotherapist") + "/disable");
  ASSERT_EQ(r.status, 200) << r.body;
  expect_closed_session_ended(ws);
}

TEST(ServerSockets, ASessionEndedElsewhereClosesWithinTheCheckPeriod) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) { st.ws_session_check_seconds = 1; };
  auto ts = TestServer::start("ws_sweep", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto ws = open_job_socket(*ts, patient, s.job.at(s.p1));
  wait_for_sockets(*ts, 1);
  // Another server (or `physio admin`) ends every session of the user in the shared store: this server
  // hears nothing of it, and its periodic check closes the socket.
  must(ts->store().write([&](store::Tx& tx) { return tx.revoke_sessions_for_user(s.user_id.at("patient")); }),
       "revoke");
  expect_closed_session_ended(ws);
  wait_for_sockets(*ts, 0);
}

}  // namespace
}  // namespace physio::test
