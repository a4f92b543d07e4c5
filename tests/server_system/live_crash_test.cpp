// A server killed with SIGKILL in the middle of a live set: the frames it had acknowledged are on disk
// (live_spill.hpp), and the next start stores them as an interrupted set with its recording, so a dropped
// server loses nothing the device was told was safe.
#include <csignal>
#include <thread>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "kinematics/synthetic.hpp"
#include "server/live/live_protocol.hpp"
#include "server/net/http_client.hpp"
#include "system_support.hpp"

namespace physio::systest {
namespace {

namespace fs = std::filesystem;
constexpr const char* kCrashEmail = "live@crash.example";
constexpr const char* kCrashPassword = "a long enough password";

TEST(LiveCrash, AKilledServerStoresTheAcknowledgedFramesAtItsNextStart) {
  ::signal(SIGPIPE, SIG_IGN);
  arm_watchdog(std::chrono::seconds(240), "LiveCrash test");
  const fs::path data = test::scratch_dir("live_crash") / "data";
  const fs::path log = data.parent_path() / "server.log";
  const auto clinic =
      run({physio_exe(), "admin", "--data", data.string(), "create-clinic", "Live Crash Clinic"});
  ASSERT_EQ(clinic.exit_code, 0) << clinic.err;
  const auto user =
      run({physio_exe(), "admin", "--data", data.string(), "create-user", "--clinic", last_line(clinic.out),
           "--role", "physiotherapist", "--email", kCrashEmail, "--no-mfa"},
          std::string(kCrashPassword) + "\n");
  ASSERT_EQ(user.exit_code, 0) << user.err;
  const std::vector<std::string> args = {"--data", data.string(),   "--secure-cookies",
                                         "false",  "--job-workers", "1"};
  std::string why;
  auto server = Server::start(args, log, why);
  ASSERT_TRUE(server) << why;
  Api api(server->port());
  auto login = api.login(kCrashEmail, kCrashPassword);
  ASSERT_TRUE(login && login->status == 200);
  auto patient = api.request("POST", "/api/patients",
                             R"({"given_name":"Ana","family_name":"Live","birth_date":"1970-05-05"})");
  ASSERT_TRUE(patient && patient->status == 201) << (patient ? patient->body : patient.error().to_string());
  const std::string pid = json_of(*patient)["id"];
  auto created =
      api.request("POST", "/api/patients/" + pid + "/live-sessions", R"({"exercise":"deep_squat"})");
  ASSERT_TRUE(created && created->status == 201) << (created ? created->body : created.error().to_string());
  const auto session = json_of(*created);

  kin::SyntheticOptions so;
  so.repetitions = 3;
  const auto rec = kin::make_synthetic(so);
  auto ws = net::WsClient::connect("127.0.0.1", server->port(), session["device_url"].get<std::string>(),
                                   {{"cookie", api.cookie()}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  ASSERT_TRUE(ws->send_text(nlohmann::json{{"type", "hello"}, {"token", session["token"]}}.dump()));
  constexpr std::uint32_t kFrames = 150;
  for (std::uint32_t f = 0; f < kFrames; ++f)
    ASSERT_TRUE(ws->send_binary(
        server::live::encode_frame(f, rec.image.times()[f], rec.image.frame(f), rec.world.frame(f))));
  for (int acked = 0; acked < static_cast<int>(kFrames);) {
    auto m = ws->read();
    ASSERT_TRUE(m) << m.error().to_string();
    const auto j = nlohmann::json::parse(m->data);
    if (j["type"] == "ack") acked = j["next_seq"];
  }
  server->process().kill9();  // no goodbye: the set is still open in the database

  server = Server::start(args, log, why);
  ASSERT_TRUE(server) << why;
  api.set_port(server->port());
  nlohmann::json stored;
  for (int i = 0; i < 100; ++i) {
    auto r = api.get("/api/live-sessions/" + session["id"].get<std::string>());
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : r.error().to_string());
    stored = json_of(*r);
    if (stored["state"] != "open" && !stored["stored"].is_null() && stored["stored"]["state"] == "done")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(stored["state"], "interrupted") << stored.dump();
  EXPECT_EQ(stored["frames"], kFrames);
  EXPECT_FALSE(stored["recording_id"].is_null());
  EXPECT_EQ(stored["stored"]["state"], "done") << stored.dump();
  EXPECT_TRUE(fs::is_empty(data / "tmp" / "live"));
  disarm_watchdog();
}

}  // namespace
}  // namespace physio::systest
