// Outcome measures through the API: staff enter a baseline, the patient fills in a follow-up and the list
// flags the change against the MCID with the numbers; a single-use link is filled in without an account
// (token scope only: the form, once; used and expired 410, unknown 404, throttled like sign-in; the link
// is the actor of its audit events); bad answers name the field and write nothing; a TUG measured by an
// IMU recording joins the performance-test list.
#include <fmt/chrono.h>
#include <gtest/gtest.h>

#include "security/hash.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class QuestionnairesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start(std::string("questionnaires_") +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    physio = std::make_unique<Client>(ts->port());
    ASSERT_EQ(physio->login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  }

  std::string p1_path(const std::string& tail) const { return "/api/patients/" + ts->seeded().p1 + tail; }

  json make_link(const std::string& instrument, const std::string& extra = "") {
    auto r = physio->request("POST", p1_path("/questionnaire-links"),
                             R"({"instrument":")" + instrument + "\"" + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }

  std::vector<clinic::AuditEvent> audit_events(const std::string& action) {
    store::AuditQuery q;
    q.limit = 1000;
    auto page = ts->store().read([&](store::Tx& tx) { return tx.list_audit(ts->seeded().clinic_a, q); });
    EXPECT_TRUE(page.has_value());
    std::vector<clinic::AuditEvent> out;
    for (const auto& e : page->items)
      if (e.action == action) out.push_back(e);
    return out;
  }

  std::int64_t stored_responses() {
    auto n = ts->store().read([&](store::Tx& tx) {
      return tx.list_questionnaire_responses(ts->seeded().clinic_a, ts->seeded().p1);
    });
    EXPECT_TRUE(n.has_value());
    return n ? static_cast<std::int64_t>(n->size()) : -1;
  }

  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> physio;
};

std::string odi_answers(int each) {
  std::string a = "[";
  for (int i = 0; i < 10; ++i) a += (i ? "," : "") + std::to_string(each);
  return a + "]";
}

TEST_F(QuestionnairesApi, InstrumentsCarryTheirFormAndThresholds) {
  auto r = physio->get("/api/instruments");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  ASSERT_EQ(j["instruments"].size(), 14u);
  const json* odi = nullptr;
  for (const auto& in : j["instruments"])
    if (in["id"] == "odi") odi = &in;
  ASSERT_NE(odi, nullptr);
  EXPECT_EQ((*odi)["items"].size(), 10u);
  EXPECT_EQ((*odi)["items"][0]["options"].size(), 6u);
  EXPECT_EQ((*odi)["scores"][0]["direction"], "lower_better");
  EXPECT_EQ((*odi)["scores"][0]["mcid"]["value"], 10);
  // Signed out: no library.
  EXPECT_EQ(Client(ts->port()).get("/api/instruments").status, 401);
}

TEST_F(QuestionnairesApi, ChangeAgainstBaselineIsFlaggedWithTheNumbers) {
  const auto& s = ts->seeded();
  // Staff enter the intake ODI from paper, dated 30 days ago: 4 of 5 on every section = 80 %.
  const std::string earlier = [] {
    auto t = std::chrono::system_clock::now() - std::chrono::hours(24 * 30);
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
  }();
  auto base = physio->request(
      "POST", p1_path("/questionnaire-responses"),
      R"({"instrument":"odi","answers":)" + odi_answers(4) + R"(,"completed":")" + earlier + "\"}");
  ASSERT_EQ(base.status, 201) << base.body;
  auto bj = json::parse(base.body);
  EXPECT_EQ(bj["source"], "staff");
  EXPECT_EQ(bj["scores"]["total"], 80.0);
  EXPECT_TRUE(bj["change"].is_null());  // it is the baseline

  // The patient fills in the follow-up on their own page: 2 of 5 = 40 %, 40 points better.
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto follow = patient.request("POST", p1_path("/questionnaire-responses"),
                                R"({"instrument":"odi","answers":)" + odi_answers(2) + "}");
  ASSERT_EQ(follow.status, 201) << follow.body;
  auto fj = json::parse(follow.body);
  EXPECT_EQ(fj["source"], "patient");
  ASSERT_FALSE(fj["change"].is_null());
  const auto& c = fj["change"]["scores"][0];
  EXPECT_EQ(fj["change"]["baseline_id"], bj["id"]);
  EXPECT_EQ(c["baseline"], 80.0);
  EXPECT_EQ(c["current"], 40.0);
  EXPECT_EQ(c["change"], -40.0);
  EXPECT_EQ(c["mcid"], 10.0);
  EXPECT_EQ(c["flag"], "improved");
  EXPECT_TRUE(c["flagged"]);
  EXPECT_NE(c["mcid_source"].get<std::string>().find("Ostelo"), std::string::npos);
  EXPECT_NE(c["text"].get<std::string>().find("80 % -> 40 %: 40 % better; passes the MCID of 10"),
            std::string::npos)
      << c["text"];

  // The list: newest first, both with scores, unit and direction.
  auto list = physio->get(p1_path("/questionnaire-responses"));
  ASSERT_EQ(list.status, 200);
  auto lj = json::parse(list.body)["responses"];
  ASSERT_EQ(lj.size(), 2u);
  EXPECT_EQ(lj[0]["id"], fj["id"]);
  EXPECT_EQ(lj[0]["score_details"][0]["unit"], "%");
  EXPECT_EQ(lj[0]["score_details"][0]["direction"], "lower_better");
  EXPECT_EQ(lj[1]["completed"].get<std::string>().substr(0, 19), earlier.substr(0, 19));
  // A patient cannot backdate; nobody can date the future.
  auto backdated = patient.request("POST", p1_path("/questionnaire-responses"),
                                   R"({"instrument":"nprs","answers":[3],"completed":")" + earlier + "\"}");
  EXPECT_EQ(backdated.status, 400);
  EXPECT_EQ(json::parse(backdated.body)["field"], "/completed");
  auto future = physio->request("POST", p1_path("/questionnaire-responses"),
                                R"({"instrument":"nprs","answers":[3],"completed":"2999-01-01T00:00:00Z"})");
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(stored_responses(), 2);
  EXPECT_EQ(audit_events("questionnaire_response.create").size(), 2u);
  EXPECT_GE(audit_events("questionnaire_response.read").size(), 1u);
}

TEST_F(QuestionnairesApi, BadAnswersNameTheFieldAndWriteNothing) {
  struct Bad {
    std::string body;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {R"({"instrument":"odi","answers":[1,1,7,1,1,1,1,1,1,1]})", "/answers/2"},    // not an option
      {R"({"instrument":"odi","answers":[1,1,1]})", "/answers"},                    // too few
      {R"({"instrument":"odi","answers":[1,"x",1,1,1,1,1,1,1,1]})", "/answers/1"},  // not a number
      {R"({"instrument":"odi","answers":[null,null,null,null,null,null,null,null,null,null]})", "/answers"},
      {R"({"instrument":"nope","answers":[1]})", "/instrument"},
      {R"({"answers":[1]})", "/instrument"},
      {R"({"instrument":"nprs","answers":[3],"extra":1})", "/extra"},
      {R"({"instrument":"tug","answers":[-4]})", "/answers/0"},
      {R"({"instrument":"nprs","answers":[3],"episode_id":"not-an-episode"})", "/episode_id"},
  };
  for (const auto& c : cases) {
    auto r = physio->request("POST", p1_path("/questionnaire-responses"), c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_EQ(j.value("field", ""), c.field) << c.body << " -> " << r.body;
  }
  // Another patient's episode is not this patient's.
  const auto& s = ts->seeded();
  auto ep = ts->store().write([&](store::Tx& tx) {
    return tx.create_episode({.clinic_id = s.clinic_a, .patient_id = s.p2, .status = "active"});
  });
  ASSERT_TRUE(ep);
  auto r = physio->request("POST", p1_path("/questionnaire-responses"),
                           R"({"instrument":"nprs","answers":[3],"episode_id":")" + ep->id + "\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(stored_responses(), 0);
}

TEST_F(QuestionnairesApi, ALinkIsFilledInOnceWithoutAnAccount) {
  const auto& s = ts->seeded();
  auto link = make_link("nprs");
  const std::string token = link["token"];
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(link["path"], "/q/" + token);
  EXPECT_EQ(link["status"], "open");
  // Only the hash is stored.
  auto stored =
      ts->store().read([&](store::Tx& tx) { return tx.list_questionnaire_links(s.clinic_a, s.p1); });
  ASSERT_TRUE(stored && stored->size() == 1u);
  EXPECT_EQ(stored->front().token_sha256, security::sha256_hex(token));
  // The list never shows the token again.
  auto links = physio->get(p1_path("/questionnaire-links"));
  ASSERT_EQ(links.status, 200);
  EXPECT_EQ(links.body.find(token), std::string::npos);

  Client anon(ts->port());
  auto form = anon.get("/api/q/" + token);
  ASSERT_EQ(form.status, 200) << form.body;
  auto fj = json::parse(form.body);
  EXPECT_EQ(fj["instrument"]["id"], "nprs");
  EXPECT_EQ(fj["clinic"], "Clinic A");
  for (const char* secret : {"Ann", "Alpha", "1960", s.p1.c_str()})
    EXPECT_EQ(form.body.find(secret), std::string::npos) << "the public form names the patient: " << secret;

  // A wrong answer is refused and the link stays usable.
  auto bad = anon.request("POST", "/api/q/" + token, R"({"answers":[11]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["field"], "/answers/0");
  auto ok = anon.request("POST", "/api/q/" + token, R"({"answers":[6]})");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.body.find("\"total\""), std::string::npos);  // the patient is not shown the score
  // Second use and a later look: 410, nothing more stored.
  auto again = anon.request("POST", "/api/q/" + token, R"({"answers":[2]})");
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(anon.get("/api/q/" + token).status, 410);
  EXPECT_EQ(stored_responses(), 1);

  // Staff see it with source "link", and the link as used.
  auto list = json::parse(physio->get(p1_path("/questionnaire-responses")).body)["responses"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["source"], "link");
  EXPECT_EQ(list[0]["scores"]["total"], 6.0);
  EXPECT_EQ(list[0]["entered_by"], link["id"]);
  auto lj = json::parse(physio->get(p1_path("/questionnaire-links")).body)["links"];
  EXPECT_EQ(lj[0]["status"], "used");

  // The link is the actor of its audit events.
  // One successful submission; the refused second one is audited as denied.
  std::vector<clinic::AuditEvent> submitted, refused;
  for (const auto& e : audit_events("questionnaire_link.submit"))
    (e.outcome == "success" ? submitted : refused).push_back(e);
  ASSERT_EQ(submitted.size(), 1u);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].actor_id, link["id"]);
  EXPECT_EQ(submitted[0].actor_id, link["id"]);
  EXPECT_EQ(submitted[0].role, "questionnaire_link");
  EXPECT_EQ(submitted[0].patient_id, s.p1);
  EXPECT_EQ(submitted[0].record_id, list[0]["id"]);
  EXPECT_GE(audit_events("questionnaire_link.open").size(), 2u);  // the open and the refused look
  EXPECT_EQ(audit_events("questionnaire_link.create").size(), 1u);
}

TEST_F(QuestionnairesApi, ExpiredAndUnknownLinksAndTokenScope) {
  const auto& s = ts->seeded();
  auto link = make_link("odi", R"(,"expires_days":2)");
  const std::string token = link["token"];
  Client anon(ts->port());
  // Unknown: 404, the same answer for a token that was never issued and for garbage.
  EXPECT_EQ(anon.get("/api/q/" + std::string(43, 'A')).status, 404);
  EXPECT_EQ(anon.request("POST", "/api/q/nothing", R"({"answers":[1]})").status, 404);
  // Expired (the clock moved past it): 410 with the same message as a used link.
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(tx.connection().query("UPDATE questionnaire_links SET expires_us = ? WHERE id = ?",
                                     {tx.now_us() - kDayUs, link["id"].get<std::string>()}));
    return ok();
  }));
  auto gone = anon.request("POST", "/api/q/" + token, R"({"answers":)" + odi_answers(1) + "}");
  EXPECT_EQ(gone.status, 410);
  EXPECT_NE(gone.body.find("has been used or has expired"), std::string::npos);
  EXPECT_EQ(stored_responses(), 0);
  // The token is no session: used as the session cookie it opens nothing.
  auto as_cookie = net::http_request("127.0.0.1", ts->port(), "GET", "/api/patients/" + s.p1,
                                     {{"cookie", "physio_session=" + token}}, "");
  ASSERT_TRUE(as_cookie);
  EXPECT_EQ(as_cookie->status, 401);
  // Links are made only for a known instrument and within the server's limit (7 days by default).
  EXPECT_EQ(
      physio->request("POST", p1_path("/questionnaire-links"), R"({"instrument":"odi","expires_days":8})")
          .status,
      400);
  EXPECT_EQ(physio->request("POST", p1_path("/questionnaire-links"), R"({"instrument":"zzz"})").status, 400);
}

TEST_F(QuestionnairesApi, FrontDeskSendsALinkButReadsNoAnswers) {
  Client desk(ts->port());
  ASSERT_EQ(desk.login(ts->seeded().user_email.at("front_desk")).status, 200);
  auto r = desk.request("POST", p1_path("/questionnaire-links"), R"({"instrument":"lefs"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(desk.get(p1_path("/questionnaire-links")).status, 200);
  EXPECT_EQ(desk.get(p1_path("/questionnaire-responses")).status, 403);
  EXPECT_EQ(
      desk.request("POST", p1_path("/questionnaire-responses"), R"({"instrument":"nprs","answers":[2]})")
          .status,
      403);
}

TEST_F(QuestionnairesApi, GuessingTokensIsThrottledLikeSignIn) {
  Client anon(ts->port());
  int throttled = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = anon.get("/api/q/guess" + std::to_string(i));
    if (r.status == 429)
      ++throttled;
    else
      EXPECT_EQ(r.status, 404);
  }
  EXPECT_GE(throttled, 1);
  // A real token from the same address now waits too.
  auto link = make_link("nprs");
  EXPECT_EQ(anon.get("/api/q/" + link["token"].get<std::string>()).status, 429);
}

TEST_F(QuestionnairesApi, ImuPerformanceTestsJoinTheList) {
  const auto& s = ts->seeded();
  auto insert_tug = [&](double seconds, TimeUs at) {
    clinic::Observation o;
    o.clinic_id = s.clinic_a;
    o.patient_id = s.p1;
    o.recording_id = ts->seeded().recording.at(s.p1);
    o.code_system = "http://loinc.org";
    o.code = "89423-8";
    o.display = "Timed Up and Go";
    o.value = seconds;
    o.unit = "s";
    o.method = "IMU, lower back";
    o.effective_us = at;
    o.source = "imu";
    auto r = ts->store().write([&](store::Tx& tx) { return tx.insert_observation(o); });
    ASSERT_TRUE(r) << r.error().to_string();
  };
  const TimeUs now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  insert_tug(14.2, now - 20 * kDayUs);
  insert_tug(11.5, now - 2 * kDayUs);
  // A TUG entered by hand between them (stopwatch).
  auto manual = physio->request("POST", p1_path("/questionnaire-responses"),
                                R"({"instrument":"tug","answers":[12.6]})");
  ASSERT_EQ(manual.status, 201) << manual.body;
  auto list = json::parse(physio->get(p1_path("/questionnaire-responses?instrument=tug")).body)["responses"];
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["source"], "staff");  // newest: entered now
  EXPECT_EQ(list[1]["source"], "imu");
  EXPECT_EQ(list[1]["method"], "IMU, lower back");
  EXPECT_EQ(list[1]["scores"]["total"], 11.5);
  EXPECT_EQ(list[2]["scores"]["total"], 14.2);
  EXPECT_TRUE(list[2]["change"].is_null());  // the IMU TUG 20 days ago is the baseline
  const auto& c = list[1]["change"]["scores"][0];
  EXPECT_EQ(c["flag"], "no_mcid");
  EXPECT_EQ(c["mdc"], 1.14);
  EXPECT_TRUE(c["beyond_mdc"]);
  bool steadi = false;
  for (const auto& line : list[2]["interpretation"])
    steadi |=
        line.get<std::string>().find("at or above the STEADI fall-risk cut-off 12 s") != std::string::npos;
  EXPECT_TRUE(steadi) << list[2]["interpretation"];
  EXPECT_EQ(physio->get(p1_path("/questionnaire-responses?instrument=nope")).status, 400);
}

}  // namespace
}  // namespace physio::test
