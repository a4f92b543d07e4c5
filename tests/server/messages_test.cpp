// Secure messages over HTTP: a patient and their physiotherapist write to each other, each sees when the
// other read what they wrote, every message and reading is audited; nobody else reads the conversation
// (another patient, the front desk, an assistant, another clinic), and bad messages are refused by field.
#include <map>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class MessagesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("messages");
    const auto& s = ts->seeded();
    base = "/api/patients/" + s.p1 + "/messages";
    for (const char* who : {"patient", "physiotherapist"}) {
      auto c = std::make_unique<Client>(ts->port());
      ASSERT_EQ(c->login(s.user_email.at(who)).status, 200) << who;
      clients[who] = std::move(c);
    }
  }
  json list(const std::string& who) {
    auto r = clients.at(who)->get(base);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  std::unique_ptr<TestServer> ts;
  std::map<std::string, std::unique_ptr<Client>> clients;
  std::string base;
};

TEST_F(MessagesApi, PatientAndPhysiotherapistWriteAndSeeWhenTheOtherRead) {
  auto r = clients["patient"]->request("POST", base,
                                       R"({"body":"My knee swelled after the squats.\nShould I stop?"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json sent = json::parse(r.body);
  EXPECT_EQ(sent["from_patient"], true);
  EXPECT_TRUE(sent["read"].is_null());
  // The physiotherapist has one unread message; opening the conversation marks it read.
  json l = list("physiotherapist");
  EXPECT_EQ(l["unread"], 1);
  ASSERT_EQ(l["items"].size(), 1u);
  EXPECT_EQ(l["items"][0]["body"], "My knee swelled after the squats.\nShould I stop?");
  EXPECT_EQ(list("patient")["unread"], 0);  // their own message is not "new" to them
  r = clients["physiotherapist"]->request("POST", base + "/read", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["marked_read"], 1);
  l = list("patient");
  EXPECT_FALSE(l["items"][0]["read"].is_null());  // the read receipt
  // The answer, then the patient's unread count and receipt the other way.
  r = clients["physiotherapist"]->request("POST", base, R"({"body":"Rest it today; do the bridges only."})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["from_patient"], false);
  l = list("patient");
  EXPECT_EQ(l["unread"], 1);
  ASSERT_EQ(l["items"].size(), 2u);
  EXPECT_FALSE(l["items"][1]["sender"].get<std::string>().empty());
  EXPECT_TRUE(l["items"][1]["read"].is_null());
  // Writing back reads what came before.
  ASSERT_EQ(clients["patient"]->request("POST", base, R"({"body":"Thank you."})").status, 201);
  l = list("physiotherapist");
  EXPECT_FALSE(l["items"][1]["read"].is_null());
  // Every message and every reading is in the audit trail.
  auto audit = ts->store().read([&](store::Tx& tx) { return tx.list_audit(ts->seeded().clinic_a, {}); });
  ASSERT_TRUE(audit);
  int created = 0, marked = 0, reads = 0;
  for (const auto& e : audit->items) {
    created += e.action == "message.create";
    marked += e.action == "message.mark_read";
    reads += e.action == "message.read";
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(marked, 1);
  EXPECT_GE(reads, 4);
}

TEST_F(MessagesApi, NobodyElseReadsOrWritesTheConversation) {
  const auto& s = ts->seeded();
  ASSERT_EQ(clients["patient"]->request("POST", base, R"({"body":"private"})").status, 201);
  // Another patient of the clinic and another clinic: the record does not exist for them.
  for (const char* who : {"patient2", "b_physio", "b_patient"}) {
    Client c(ts->port());
    ASSERT_EQ(c.login(s.user_email.at(who)).status, 200);
    EXPECT_EQ(c.get(base).status, 404) << who;
    EXPECT_EQ(c.request("POST", base, R"({"body":"hello"})").status, 404) << who;
    EXPECT_EQ(c.request("POST", base + "/read", "").status, 404) << who;
  }
  // Staff of the clinic who are not the patient's physiotherapists: forbidden.
  for (const char* who : {"front_desk", "assistant", "admin"}) {
    Client c(ts->port());
    ASSERT_EQ(c.login(s.user_email.at(who)).status, 200);
    EXPECT_EQ(c.get(base).status, 403) << who;
    EXPECT_EQ(c.request("POST", base, R"({"body":"hello"})").status, 403) << who;
  }
  // Still one message, still unread by the physiotherapist.
  EXPECT_EQ(list("physiotherapist")["unread"], 1);
}

// docs/metrics/caseload.md, "Pain advice": above 5/10 the patient is told to take it easier; from 7/10 to
// stop and whom to contact, and the physiotherapist finds an automatic alert in the conversation at once.
TEST_F(MessagesApi, HighPainIsAnsweredWithAdviceAndAlertsThePhysiotherapistAtOnce) {
  const std::string pid = ts->seeded().p1;
  auto log = [&](int nprs) {
    auto r = clients["patient"]->request(
        "POST", "/api/patients/" + pid + "/exercise-logs",
        json{{"exercise_id", "mini_squat"}, {"reps_per_set", {10}}, {"pain_during_nprs", nprs}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  };
  EXPECT_TRUE(log(4)["advice"].is_null());
  json a = log(6)["advice"];
  ASSERT_TRUE(a.is_object());
  EXPECT_EQ(a["stop"], false);
  EXPECT_EQ(list("physiotherapist")["unread"], 0);  // no alert below 7
  a = log(8)["advice"];
  ASSERT_TRUE(a.is_object());
  EXPECT_EQ(a["stop"], true);
  EXPECT_NE(a["text"].get<std::string>().find("has been told"), std::string::npos);
  json l = list("physiotherapist");
  EXPECT_EQ(l["unread"], 1);
  ASSERT_EQ(l["items"].size(), 1u);
  EXPECT_EQ(l["items"][0]["sender"], "Automatic alert");
  EXPECT_EQ(l["items"][0]["automatic"], true);
  EXPECT_NE(l["items"][0]["body"].get<std::string>().find("pain 8/10 during mini squat"), std::string::npos)
      << l["items"][0]["body"];
  // The morning question too.
  auto r = clients["patient"]->request("POST", "/api/patients/" + pid + "/morning-pain", R"({"nprs":9})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["advice"]["stop"], true);
  EXPECT_EQ(list("physiotherapist")["unread"], 2);
  auto audit = ts->store().read([&](store::Tx& tx) { return tx.list_audit(ts->seeded().clinic_a, {}); });
  ASSERT_TRUE(audit);
  int alerts = 0;
  for (const auto& e : audit->items) alerts += e.action == "message.pain_alert";
  EXPECT_EQ(alerts, 2);
}

TEST_F(MessagesApi, BadMessagesAreRefusedByField) {
  auto& c = *clients["patient"];
  for (const std::string body : {R"({"body":"   \n "})", R"({"body":""})", R"({})", R"({"body":42})"}) {
    auto r = c.request("POST", base, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_NE(r.body.find("body"), std::string::npos) << r.body;
  }
  const json too_long = {{"body", std::string(4001, 'a')}};
  auto r = c.request("POST", base, too_long.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  r = c.request("POST", base, json{{"body", std::string("a\0b", 3)}}.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(list("physiotherapist")["items"].empty());
}

}  // namespace
}  // namespace physio::test
