// Live exercise sessions over the real server: the wire format, a whole set streamed and stored (the stored
// analysis equals the batch analysis of the same frames), viewers, a reconnect, an interrupted set, and
// bad input (malformed, out-of-order and foreign-token frames, a flood) that never disturbs another session.
#include <cmath>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "kinematics/synthetic.hpp"
#include "server/live/live_protocol.hpp"
#include "server/net/http_client.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;
using server::live::decode_frame;
using server::live::encode_frame;
using server::live::Frame;

kin::SyntheticRecording squats(int reps) {
  kin::SyntheticOptions o;
  o.repetitions = reps;
  o.noise = 0.001;
  return kin::make_synthetic(o);
}

std::string frame_bytes(const kin::SyntheticRecording& r, std::size_t f, std::uint32_t seq) {
  return encode_frame(seq, r.image.times()[f], r.image.frame(f), r.world.frame(f));
}

/// One device: the session created over REST and its WebSocket after the hello.
struct Device {
  std::string id, token;
  net::WsClient ws;
  json ready;
};

json post_session(Client& c, const std::string& patient, const json& body = {{"exercise", "deep_squat"}}) {
  auto r = c.request("POST", "/api/patients/" + patient + "/live-sessions", body.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return json::parse(r.body);
}

Result<net::WsClient> open_socket(TestServer& ts, const Client& c, const std::string& path) {
  return net::WsClient::connect("127.0.0.1", ts.port(), path, {{"cookie", c.cookie()}});
}

json read_json(net::WsClient& ws) {
  auto m = ws.read();
  if (!m) return json{{"type", "closed"}, {"error", m.error().to_string()}};
  return json::parse(m->data);
}

/// The next message of `type`, skipping others; "closed" when the socket ends first.
json read_until(net::WsClient& ws, const std::string& type) {
  for (;;) {
    json j = read_json(ws);
    if (j["type"] == type || j["type"] == "closed") return j;
  }
}

Device start_device(TestServer& ts, Client& c, const std::string& patient) {
  json s = post_session(c, patient);
  auto ws = open_socket(ts, c, s["device_url"]);
  if (!ws) throw std::runtime_error(ws.error().to_string());
  EXPECT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", s["token"]}}.dump()));
  Device d{s["id"], s["token"], std::move(*ws), {}};
  d.ready = read_json(d.ws);
  EXPECT_EQ(d.ready["type"], "ready") << d.ready.dump();
  return d;
}

json wait_stored(Client& c, const std::string& id) {
  for (int i = 0; i < 300; ++i) {
    auto r = c.get("/api/live-sessions/" + id);
    json j = json::parse(r.body);
    if (j["state"] != "open" &&
        (j["stored"].is_null() || j["stored"]["state"] == "done" || j["stored"]["state"] == "failed"))
      return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

TEST(LiveProtocol, FramesRoundTripAndBadFramesAreNamed) {
  std::vector<kin::Landmark> lms(33), world(33);
  for (std::size_t i = 0; i < 33; ++i) {
    lms[i] = {0.1f * static_cast<float>(i % 10), 0.5f, -0.2f, 0.9f};
    world[i] = {0.01f * static_cast<float>(i), -0.5f, 0.1f, 0.9f};
  }
  lms[3].x = std::numeric_limits<float>::infinity();
  const std::string one = encode_frame(7, 123456789, lms);
  EXPECT_EQ(one.size(), 544u);
  Frame f;
  ASSERT_TRUE(decode_frame(one, 33, false, f));
  EXPECT_EQ(f.seq, 7u);
  EXPECT_EQ(f.capture_time_us, 123456789);
  EXPECT_FLOAT_EQ(f.landmarks[5].x, lms[5].x);
  EXPECT_TRUE(f.landmarks[3].missing());  // a non-finite coordinate is a missing landmark
  const std::string two = encode_frame(8, 123490000, lms, world);
  EXPECT_EQ(two.size(), 16u + 32u * 33u);
  ASSERT_TRUE(decode_frame(two, 33, true, f));
  EXPECT_FLOAT_EQ(f.world[10].x, world[10].x);

  auto message = [&](std::string_view bytes, bool paired) {
    auto st = decode_frame(bytes, 33, paired, f);
    return st ? std::string() : st.error().message();
  };
  EXPECT_NE(message(one.substr(0, 10), false).find("shorter than its 16-byte header"), std::string::npos);
  EXPECT_NE(message(one.substr(0, 540), false).find("540 bytes: 33 landmarks need 544"), std::string::npos);
  std::string v2 = one;
  v2[0] = 2;
  EXPECT_NE(message(v2, false).find("version 2"), std::string::npos);
  EXPECT_NE(message(one, true).find("this session takes type 2"), std::string::npos);
  EXPECT_NE(message(encode_frame(1, 1, std::span(lms).first(17)), false).find("17 landmarks"),
            std::string::npos);
}

TEST(LiveSession, AWholeSetIsAnalysedLiveAndStoredLikeTheBatchPath) {
  ServerOptionsForTest o;
  o.job_workers = 1;
  auto ts = TestServer::start("live_set", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);

  const auto rec = squats(4);
  Device d = start_device(*ts, patient, s.p1);
  EXPECT_EQ(d.ready["next_seq"], 0);
  // A physiotherapist watches; the device is told.
  auto viewer = open_socket(*ts, physio, "/api/live-sessions/" + d.id + "/watch");
  ASSERT_TRUE(viewer) << viewer.error().to_string();
  EXPECT_EQ(read_json(*viewer)["type"], "watching");
  EXPECT_EQ(read_until(d.ws, "watchers")["count"], 1);

  for (std::size_t f = 0; f < rec.image.n_frames(); ++f)
    ASSERT_TRUE(d.ws.send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(d.ws.send_text(R"({"type":"end"})"));
  int reps_live = 0, acks = 0, last_next = 0;
  json done;
  for (;;) {
    json j = read_json(d.ws);
    if (j["type"] == "rep" && !j["partial"].get<bool>()) ++reps_live;
    if (j["type"] == "ack") {
      ++acks;
      EXPECT_GT(j["next_seq"].get<int>(), last_next);
      last_next = j["next_seq"];
    }
    ASSERT_NE(j["type"], "refused") << j.dump();
    if (j["type"] == "set_complete") {
      done = j;
      break;
    }
    ASSERT_NE(j["type"], "closed") << j.dump();
  }
  EXPECT_EQ(done["frames"], rec.image.n_frames());
  EXPECT_EQ(done["repetitions"], reps_live);
  EXPECT_GT(acks, 5);
  EXPECT_EQ(reps_live, 4);
  // The viewer saw the skeleton (thinned) and the same repetitions.
  int viewer_reps = 0, poses = 0;
  for (;;) {
    json j = read_json(*viewer);
    if (j["type"] == "pose") ++poses;
    if (j["type"] == "rep" && !j["partial"].get<bool>()) ++viewer_reps;
    if (j["type"] == "set_complete" || j["type"] == "closed") break;
  }
  EXPECT_EQ(viewer_reps, reps_live);
  const double seconds = rec.image.duration_s();
  EXPECT_GT(poses, 0);
  EXPECT_LE(poses, static_cast<int>(seconds * 12.0) + 2);  // at most 12 Hz

  // The stored set: the batch analysis of the same frames gives the same count.
  json stored = wait_stored(patient, d.id);
  ASSERT_FALSE(stored.is_null());
  EXPECT_EQ(stored["state"], "complete");
  EXPECT_EQ(stored["frames"], rec.image.n_frames());
  ASSERT_EQ(stored["stored"]["state"], "done") << stored.dump();
  EXPECT_EQ(stored["stored"]["valid"], true);
  auto batch = exercise::analyse_exercise(rec.world, **exercise::find_exercise("deep_squat"), {});
  ASSERT_TRUE(batch);
  EXPECT_EQ(stored["stored"]["repetitions"], batch->summary.count);
  EXPECT_EQ(stored["stored"]["difference"], batch->summary.count - reps_live);
  EXPECT_EQ(stored["live"]["repetitions"], reps_live);
  // The set is in the patient's list, and the audit trail holds its creation and storage.
  auto list = json::parse(physio.get("/api/patients/" + s.p1 + "/live-sessions").body);
  bool listed = false;
  for (const auto& it : list["items"]) listed |= it["id"] == d.id;
  EXPECT_TRUE(listed);
  auto audit = ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {}); });
  ASSERT_TRUE(audit);
  int created = 0, stored_events = 0;
  for (const auto& e : audit->items) {
    created += e.action == "live_session.create" && e.record_id == d.id;
    stored_events += e.action == "live_session.store" && e.record_id == d.id;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(stored_events, 1);
}

// A set the engine rejects when it analyses all of it is kept with the reason and counted nowhere: not in
// today's count, the week's adherence, the streak, the personal bests or the remote-monitoring data days;
// the patient and the physiotherapist see it listed as not counted, with the reason.
TEST(LiveSession, ASetTheAnalysisRejectsIsKeptWithItsReasonAndCountedNowhere) {
  ServerOptionsForTest o;
  o.job_workers = 1;
  auto ts = TestServer::start("live_rejected", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json program = {
      {"title", "Squats"},
      {"prescriptions",
       {{{"exercise_id", "deep_squat"},
         {"dosage", {{"sets", 1}, {"reps", 4}, {"times_per_day", 1}, {"days_per_week", 7}}}}}}};
  auto r = physio.request("POST", "/api/patients/" + s.p1 + "/programs", program.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string program_id = json::parse(r.body)["id"];
  const std::string base = "/api/patients/" + s.p1;
  const json before = json::parse(patient.get(base + "/today").body);

  // A third of a second of squatting: too short for one repetition, so the whole-set analysis refuses it.
  json sess = post_session(patient, s.p1, {{"exercise", "deep_squat"}, {"program_id", program_id}});
  auto ws = open_socket(*ts, patient, sess["device_url"]);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
  ASSERT_EQ(read_json(*ws)["type"], "ready");
  const auto rec = squats(3);
  for (std::size_t f = 0; f < 10; ++f)
    ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(ws->send_text(R"({"type":"end"})"));
  ASSERT_EQ(read_until(*ws, "set_complete")["type"], "set_complete");
  const std::string sid = sess["id"];
  // A client logs the set as it ends, before the analysis has decided (the server has logged it too: a set
  // of a program is a session of it); both logs then lose their count, and the set is listed once.
  r = patient.request("POST", base + "/exercise-logs",
                      json{{"exercise_id", "deep_squat"},
                           {"program_id", program_id},
                           {"source", "live"},
                           {"live_session_id", sid},
                           {"reps_per_set", {4}},
                           {"rom_deg", 119.0},
                           {"mean_quality", 95.0}}
                          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string log_id = json::parse(r.body)["id"];
  json stored = wait_stored(patient, sid);
  ASSERT_FALSE(stored.is_null());
  ASSERT_EQ(stored["stored"]["state"], "failed") << stored.dump();
  EXPECT_EQ(stored["counted"], false);
  ASSERT_TRUE(stored["not_counted_reason"].is_string()) << stored.dump();
  EXPECT_NE(stored["not_counted_reason"].get<std::string>().find("at least"), std::string::npos)
      << stored["not_counted_reason"];
  EXPECT_TRUE(stored["feedback"].is_null());  // no streak or personal best for it

  // Listed with the reason, to the patient and the physiotherapist.
  for (Client* c : {&patient, &physio}) {
    json logs = json::parse(c->get(base + "/exercise-logs").body);
    bool seen = false;
    for (const auto& l : logs["items"])
      if (l["id"] == log_id) {
        seen = true;
        EXPECT_EQ(l["counted"], false);
        EXPECT_EQ(l["not_counted_reason"], stored["not_counted_reason"]);
      }
    EXPECT_TRUE(seen);
  }
  // Counted nowhere: today, the week, the streak, the personal bests.
  json today = json::parse(patient.get(base + "/today").body);
  EXPECT_EQ(today["done"], before["done"]);
  ASSERT_EQ(today["not_counted"].size(), 1u) << today.dump();
  EXPECT_EQ(today["not_counted"][0]["id"], log_id);
  json prog;
  for (const auto& p : today["programs"])
    if (p["id"] == program_id) prog = p;
  ASSERT_FALSE(prog.is_null());
  EXPECT_EQ(prog["this_week"]["sessions_done"], 0);
  EXPECT_EQ(prog["this_week"]["sessions_logged"], 0);
  EXPECT_EQ(prog["current_streak_days"], 0);
  json progress = json::parse(patient.get(base + "/progress").body);
  for (const auto& b : progress["personal_bests"]) EXPECT_NE(b["exercise_id"], "deep_squat") << b.dump();
  // A second log naming the same set, written after the decision, is not counted either.
  r = patient.request(
      "POST", base + "/exercise-logs",
      json{{"exercise_id", "deep_squat"}, {"source", "live"}, {"live_session_id", sid}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["counted"], false);
  // The audit trail says which log stopped counting: the set's own log, as the live analyser rejected the
  // set when it ended (the logs written after it were never counted).
  auto audit = ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {}); });
  ASSERT_TRUE(audit);
  int not_counted = 0;
  for (const auto& e : audit->items)
    not_counted += e.action == "exercise_log.not_counted" && e.detail == "live session " + sid;
  EXPECT_GE(not_counted, 1);
}

TEST(LiveSession, AReconnectResumesWhereTheServerStoppedAndLosesNothing) {
  ServerOptionsForTest o;
  o.job_workers = 1;
  auto ts = TestServer::start("live_resume", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const auto rec = squats(3);
  json sess = post_session(patient, s.p1);
  const std::size_t half = rec.image.n_frames() / 2;
  {
    auto ws = open_socket(*ts, patient, sess["device_url"]);
    ASSERT_TRUE(ws);
    ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
    EXPECT_EQ(read_json(*ws)["type"], "ready");
    for (std::size_t f = 0; f < half; ++f)
      ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
    // Wait until the server has every frame so far, then drop the connection without a close.
    int next = 0;
    while (next < static_cast<int>(half)) {
      json j = read_until(*ws, "ack");
      ASSERT_EQ(j["type"], "ack");
      next = j["next_seq"];
      if (next % 15 != 0 && next < static_cast<int>(half)) continue;
      if (static_cast<std::size_t>(next) + 15 > half) break;
    }
  }  // the socket is dropped here
  // The device comes back: the server says where to resume; the device resends a little more than needed.
  auto ws = open_socket(*ts, patient, sess["device_url"]);
  ASSERT_TRUE(ws) << ws.error().to_string();
  ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
  json ready = read_json(*ws);
  ASSERT_EQ(ready["type"], "ready");
  const auto from = ready["next_seq"].get<std::size_t>();
  EXPECT_GT(from, 0u);
  EXPECT_LE(from, half);
  const std::size_t resend_from = from > 10 ? from - 10 : 0;  // duplicates are dropped, not refused
  for (std::size_t f = resend_from; f < rec.image.n_frames(); ++f)
    ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(ws->send_text(R"({"type":"end"})"));
  json done = read_until(*ws, "set_complete");
  ASSERT_EQ(done["type"], "set_complete") << done.dump();
  EXPECT_EQ(done["frames"], rec.image.n_frames());
  json stored = wait_stored(patient, sess["id"]);
  auto batch = exercise::analyse_exercise(rec.world, **exercise::find_exercise("deep_squat"), {});
  ASSERT_TRUE(batch);
  EXPECT_EQ(stored["stored"]["repetitions"], batch->summary.count);
}

TEST(LiveSession, ADeviceThatNeverReturnsIsStoredAsInterrupted) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) { st.live_resume_seconds = 5; };
  auto ts = TestServer::start("live_interrupted", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const auto rec = squats(2);
  json sess = post_session(patient, s.p1);
  {
    auto ws = open_socket(*ts, patient, sess["device_url"]);
    ASSERT_TRUE(ws);
    ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
    for (std::size_t f = 0; f < 105; ++f)
      ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
    for (int got = 0; got < 105;) {  // acknowledged every 15 frames
      json j = read_until(*ws, "ack");
      ASSERT_EQ(j["type"], "ack");
      got = j["next_seq"];
    }
  }
  json stored;
  for (int i = 0; i < 150 && (stored.is_null() || stored["state"] == "open"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored = json::parse(patient.get("/api/live-sessions/" + sess["id"].get<std::string>()).body);
  }
  EXPECT_EQ(stored["state"], "interrupted");
  EXPECT_EQ(stored["frames"], 105);
  EXPECT_FALSE(stored["recording_id"].is_null());  // what was received is kept
}

TEST(LiveSession, BadInputIsRefusedOrClosedWithAReasonAndOtherSessionsGoOn) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) { st.live_max_frame_rate = 10; };
  auto ts = TestServer::start("live_bad", o);
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const auto rec = squats(6);

  // A healthy session runs alongside everything below.
  Device good = start_device(*ts, patient, s.p1);
  ASSERT_TRUE(good.ws.send_binary(frame_bytes(rec, 0, 0)));

  // Malformed and out-of-order frames are refused with the reason and where to resume; the session goes on.
  Device d = start_device(*ts, patient, s.p1);
  ASSERT_TRUE(d.ws.send_binary("not a frame"));
  json r1 = read_until(d.ws, "refused");
  EXPECT_NE(r1["reason"].get<std::string>().find("header"), std::string::npos) << r1.dump();
  ASSERT_TRUE(d.ws.send_binary(frame_bytes(rec, 5, 5)));
  json r2 = read_until(d.ws, "refused");
  EXPECT_EQ(r2["next_seq"], 0);
  EXPECT_NE(r2["reason"].get<std::string>().find("frame 5 arrived before frame 0"), std::string::npos);
  ASSERT_TRUE(d.ws.send_binary(frame_bytes(rec, 1, 0)));
  ASSERT_TRUE(d.ws.send_binary(frame_bytes(rec, 0, 1)));  // time goes backwards
  json r3 = read_until(d.ws, "refused");
  EXPECT_NE(r3["reason"].get<std::string>().find("not after the previous frame"), std::string::npos);
  ASSERT_TRUE(d.ws.send_binary(encode_frame(1, rec.image.times()[2], rec.image.frame(2))));  // no world half
  json r4 = read_until(d.ws, "refused");
  EXPECT_NE(r4["reason"].get<std::string>().find("type 2"), std::string::npos);

  // Another session's token on this socket: closed with the reason.
  json other = post_session(patient, s.p1);
  auto foreign = open_socket(*ts, patient, other["device_url"]);
  ASSERT_TRUE(foreign);
  ASSERT_TRUE(foreign->send_text(json{{"type", "hello"}, {"token", d.token}}.dump()));
  json closed = read_json(*foreign);
  EXPECT_EQ(closed["type"], "closed");
  EXPECT_NE(closed["error"].get<std::string>().find("not the token of this session"), std::string::npos)
      << closed.dump();
  // Frames before the hello: closed.
  auto early = open_socket(*ts, patient, other["device_url"]);
  ASSERT_TRUE(early);
  ASSERT_TRUE(early->send_binary(frame_bytes(rec, 0, 0)));
  EXPECT_NE(read_json(*early)["error"].get<std::string>().find("hello"), std::string::npos);

  // A flood (far above 10 frames/s beyond the burst): the socket is closed with the reason.
  Device flood = start_device(*ts, patient, s.p1);
  bool flood_closed = false;
  std::string reason;
  for (std::uint32_t f = 0; f < 400 && !flood_closed; ++f) {
    if (!flood.ws.send_binary(frame_bytes(rec, f, f))) break;
  }
  for (;;) {
    json j = read_json(flood.ws);
    if (j["type"] == "closed") {
      reason = j["error"];
      flood_closed = true;
      break;
    }
  }
  EXPECT_TRUE(flood_closed);
  EXPECT_NE(reason.find("too many frames"), std::string::npos) << reason;

  // The healthy session was not disturbed: its frames are still taken and acknowledged.
  for (std::uint32_t f = 1; f < 15; ++f) ASSERT_TRUE(good.ws.send_binary(frame_bytes(rec, f, f)));
  json ack = read_until(good.ws, "ack");
  EXPECT_EQ(ack["next_seq"], 15) << ack.dump();
}

TEST(LiveSession, SocketsAreAuthorizedOnTheLoadedSession) {
  auto ts = TestServer::start("live_authz");
  const auto& s = ts->seeded();
  Client patient(ts->port()), patient2(ts->port()), desk(ts->port()), physio(ts->port()),
      b_physio(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  ASSERT_EQ(patient2.login(s.user_email.at("patient2")).status, 200);
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(b_physio.login(s.user_email.at("b_physio")).status, 200);
  json sess = post_session(patient, s.p1);
  const std::string id = sess["id"];
  auto status_of = [&](const Client& c, const std::string& path) {
    auto ws = open_socket(*ts, c, path);
    if (ws) return 101;
    // "upgrade refused: HTTP 404 ...": the status after "HTTP " (the path and port hold random digits that
    // may contain "404" too).
    const std::string e = ws.error().to_string();
    const auto at = e.find("HTTP ");
    return at == std::string::npos ? 0 : std::atoi(e.c_str() + at + 5);
  };
  const std::string device = "/api/live-sessions/" + id + "/device",
                    watch = "/api/live-sessions/" + id + "/watch";
  EXPECT_EQ(status_of(patient2, device), 404);  // another patient: does not exist for them
  EXPECT_EQ(status_of(b_physio, watch), 404);   // another clinic
  EXPECT_EQ(status_of(desk, watch), 403);       // front desk: no clinical content
  EXPECT_EQ(status_of(physio, device), 403);    // only whoever started it streams
  EXPECT_EQ(status_of(physio, watch), 101);     // the physiotherapist may watch
  EXPECT_EQ(status_of(physio, "/api/live-sessions/" + s.live_session.at(s.p1) + "/device"), 409);  // ended
  // Creating one: the exercise must exist, a one-sided one needs its side, front desk may not.
  EXPECT_EQ(
      patient.request("POST", "/api/patients/" + s.p1 + "/live-sessions", R"({"exercise":"nope"})").status,
      400);
  auto one_sided = patient.request("POST", "/api/patients/" + s.p1 + "/live-sessions",
                                   R"({"exercise":"standing_active_straight_leg_raise"})");
  EXPECT_EQ(one_sided.status, 400) << one_sided.body;
  EXPECT_EQ(
      desk.request("POST", "/api/patients/" + s.p1 + "/live-sessions", R"({"exercise":"deep_squat"})").status,
      403);
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

// A prescribed exercise: the live set of the program's mini squat becomes one exercise log of that program
// (what progression reads); a program of another patient, or one that does not prescribe the exercise, is
// refused before anything is stored.
TEST(LiveSession, APrescribedSetIsLoggedForItsProgram) {
  auto ts = TestServer::start("live_program");
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const std::string mine = s.program.at(s.p1);
  auto refused = [&](const json& body) {
    auto r = patient.request("POST", "/api/patients/" + s.p1 + "/live-sessions", body.dump());
    EXPECT_EQ(r.status, 400) << r.body;
    return json::parse(r.body).value("field", "");
  };
  EXPECT_EQ(refused({{"exercise", "mini_squat"}, {"program_id", s.program.at(s.p2)}}), "/program_id");
  EXPECT_EQ(refused({{"exercise", "deep_squat"}, {"program_id", mine}}), "/program_id");

  json sess = post_session(patient, s.p1, {{"exercise", "mini_squat"}, {"program_id", mine}});
  EXPECT_EQ(sess["practice"], false);
  auto ws = open_socket(*ts, patient, sess["device_url"]);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
  kin::SyntheticOptions o;
  o.repetitions = 4;
  o.depth = 0.5;
  const auto rec = kin::make_synthetic(o);
  for (std::size_t f = 0; f < rec.image.n_frames(); ++f)
    ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(ws->send_text(R"({"type":"end"})"));
  json done = read_until(*ws, "set_complete");
  ASSERT_EQ(done["type"], "set_complete") << done.dump();
  auto logs = ts->store().read([&](store::Tx& tx) { return tx.list_exercise_logs(s.clinic_a, s.p1, mine); });
  ASSERT_TRUE(logs) << logs.error().to_string();
  ASSERT_EQ(logs->size(), 1u);
  const auto& log = logs->front();
  EXPECT_EQ(log.source, "live");
  EXPECT_EQ(log.live_session_id, sess["id"]);
  EXPECT_EQ(log.exercise_id, "mini_squat");
  EXPECT_EQ(log.program_version, 1);
  EXPECT_EQ(log.reps_per_set, "[" + std::to_string(done["repetitions"].get<int>()) + "]");
  EXPECT_TRUE(log.mean_quality.has_value());
}

// Pain during the set: the patient's device sends {"type":"pain","nprs":N}; the device and a watching
// physiotherapist get it as an event, it is kept with the set's events, and the set's log takes the highest.
// Out-of-range or malformed reports are refused with a reason and the set goes on.
TEST(LiveSession, PainDuringTheSetReachesTheViewerAndTheLog) {
  auto ts = TestServer::start("live_pain");
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string mine = s.program.at(s.p1);
  json sess = post_session(patient, s.p1, {{"exercise", "mini_squat"}, {"program_id", mine}});
  const std::string id = sess["id"];
  auto ws = open_socket(*ts, patient, sess["device_url"]);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text(json{{"type", "hello"}, {"token", sess["token"]}}.dump()));
  ASSERT_EQ(read_until(*ws, "ready")["type"], "ready");
  auto viewer = open_socket(*ts, physio, "/api/live-sessions/" + id + "/watch");
  ASSERT_TRUE(viewer);
  ASSERT_EQ(read_json(*viewer)["type"], "watching");

  kin::SyntheticOptions o;
  o.repetitions = 3;
  o.depth = 0.5;
  const auto rec = kin::make_synthetic(o);
  const std::size_t half = rec.image.n_frames() / 2;
  for (std::size_t f = 0; f < half; ++f)
    ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(ws->send_text(R"({"type":"pain","nprs":3})"));
  json p1 = read_until(*ws, "pain");
  EXPECT_EQ(p1["nprs"], 3);
  EXPECT_GT(p1["t_s"].get<double>(), 0.0);
  for (const char* bad : {R"({"type":"pain","nprs":12})", R"({"type":"pain","nprs":"high"})",
                          R"({"type":"pain","nprs":2.5})", R"({"type":"pain"})"}) {
    ASSERT_TRUE(ws->send_text(bad));
    json r = read_until(*ws, "refused");
    EXPECT_NE(r.value("reason", "").find("0-10"), std::string::npos) << bad << " -> " << r.dump();
  }
  ASSERT_TRUE(ws->send_text(R"({"type":"pain","nprs":6})"));
  EXPECT_EQ(read_until(*ws, "pain")["nprs"], 6);
  for (std::size_t f = half; f < rec.image.n_frames(); ++f)
    ASSERT_TRUE(ws->send_binary(frame_bytes(rec, f, static_cast<std::uint32_t>(f))));
  ASSERT_TRUE(ws->send_text(R"({"type":"end"})"));
  json done = read_until(*ws, "set_complete");
  ASSERT_EQ(done["type"], "set_complete") << done.dump();
  EXPECT_EQ(done["frames"], rec.image.n_frames());  // the refusals did not disturb the set

  std::vector<int> seen;
  for (;;) {
    json j = read_json(*viewer);
    if (j["type"] == "pain") seen.push_back(j["nprs"]);
    if (j["type"] == "set_complete" || j["type"] == "closed") break;
  }
  EXPECT_EQ(seen, (std::vector<int>{3, 6}));
  auto logs = ts->store().read([&](store::Tx& tx) { return tx.list_exercise_logs(s.clinic_a, s.p1, mine); });
  ASSERT_TRUE(logs) << logs.error().to_string();
  ASSERT_EQ(logs->size(), 1u);
  EXPECT_EQ(logs->front().pain_during_nprs, 6.0);
  json stored = json::parse(patient.get("/api/live-sessions/" + id).body);
  int pains = 0;
  for (const auto& e : stored["live"]["events"]) pains += e["type"] == "pain";
  EXPECT_EQ(pains, 2) << stored.dump();
}

}  // namespace
}  // namespace physio::test
