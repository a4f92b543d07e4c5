// Remote therapeutic monitoring through the routes, on dates in the past so every period and month has
// ended: a patient in New York with consent, set-up on 5 January 2026 and data on real days (questionnaire
// responses entered by staff); management time across the January/February month end in the patient's
// zone; 98980 in one month and 98979 in the next, never both; the 30-day device periods (98977 with 98975,
// then 98985); a patient without consent gets no code and says why; the month lock refuses later entries
// with 409 and freezes the month; the CSV export.
#include <algorithm>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class RtmApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start(std::string("rtm_") +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    physio = std::make_unique<Client>(ts->port());
    ASSERT_EQ(physio->login(ts->seeded().user_email.at("physiotherapist")).status, 200);
    const auto& s = ts->seeded();
    auto zoned = ts->store().write([&](store::Tx& tx) -> Result<clinic::Patient> {
      auto p = PHYSIO_TRY(tx.get_patient(s.clinic_a, s.p1));
      p.time_zone = "America/New_York";
      return tx.update_patient(p);
    });
    ASSERT_TRUE(zoned) << zoned.error().to_string();
  }

  std::string path(const std::string& pid, const std::string& tail) const {
    return "/api/patients/" + pid + tail;
  }

  void consent(const std::string& pid, const std::string& at) {
    clinic::Consent c;
    c.clinic_id = ts->seeded().clinic_a;
    c.patient_id = pid;
    c.kind = "remote_monitoring";
    c.status = "given";
    c.recorded_by = ts->seeded().user_id.at("physiotherapist");
    c.recorded_us = *server::parse_iso_time(at);
    auto r = ts->store().write([&](store::Tx& tx) { return tx.create_consent(c); });
    ASSERT_TRUE(r) << r.error().to_string();
  }

  void setup(const std::string& pid, const std::string& at) {
    auto r = physio->request("POST", path(pid, "/rtm/setup"),
                             json{{"device", "physiokit web app, software"}, {"at", at}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  /// A data day: a questionnaire filled in on paper and entered with its time.
  void data_at(const std::string& pid, const std::string& at) {
    auto r = physio->request("POST", path(pid, "/questionnaire-responses"),
                             R"({"instrument":"nprs","answers":[3],"completed":")" + at + "\"}");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  net::ClientResponse entry(const std::string& pid, const std::string& start, int minutes, bool interactive) {
    return physio->request("POST", path(pid, "/rtm/time-entries"),
                           fmt::format(R"({{"start":"{}","minutes":{},"activity":"{}"{}}})", start, minutes,
                                       interactive ? "communication" : "data_review",
                                       interactive ? R"(,"interactive":true,"mode":"phone")" : ""));
  }

  json month(const std::string& pid, const std::string& m) {
    auto r = physio->get(path(pid, "/rtm?month=" + m));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static std::vector<std::string> codes(const json& list) {
    std::vector<std::string> out;
    for (const auto& c : list)
      out.push_back(c["code"].get<std::string>() + "x" + std::to_string(c["units"].get<int>()));
    return out;
  }

  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> physio;
};

TEST_F(RtmApi, TwoClocksAcrossMonthEndsAndDevicePeriods) {
  const auto& s = ts->seeded();
  consent(s.p1, "2026-01-02T15:00:00Z");
  setup(s.p1, "2026-01-05T15:00:00Z");
  // Period 0 (5 Jan - 3 Feb, New York days): 17 data days, 5-21 January (two on the 6th count once).
  for (int d = 5; d <= 21; ++d) data_at(s.p1, fmt::format("2026-01-{:02d}T16:00:00Z", d));
  data_at(s.p1, "2026-01-06T20:00:00Z");
  // Period 1 (4 Feb - 5 Mar): 3 data days.
  for (int d : {10, 11, 12}) data_at(s.p1, fmt::format("2026-02-{:02d}T16:00:00Z", d));

  // January: 12 min phone call and 10 min review at 22:00 New York time on 31 January (03:00 UTC on
  // 1 February): 22 min with an interactive communication -> 98980, not 98979.
  ASSERT_EQ(entry(s.p1, "2026-01-12T15:00:00Z", 12, true).status, 201);
  ASSERT_EQ(entry(s.p1, "2026-02-01T03:00:00Z", 10, false).status, 201);
  // February: 15 min, a call at 01:30 New York time on 1 February -> 10-19 min -> 98979 only.
  ASSERT_EQ(entry(s.p1, "2026-02-01T06:30:00Z", 15, true).status, 201);
  // March: 45 min without any interactive communication -> no management code, with the reason.
  ASSERT_EQ(entry(s.p1, "2026-03-03T15:00:00Z", 45, false).status, 201);
  // April: 60 min with a call -> 98980 + 98981 x2.
  ASSERT_EQ(entry(s.p1, "2026-04-07T15:00:00Z", 20, true).status, 201);
  ASSERT_EQ(entry(s.p1, "2026-04-08T15:00:00Z", 40, false).status, 201);

  auto jan = month(s.p1, "2026-01");
  EXPECT_EQ(jan["management"]["minutes"], 22);
  EXPECT_EQ(jan["management"]["interactive_count"], 1);
  EXPECT_EQ(codes(jan["management"]["codes"]), std::vector<std::string>{"98980x1"});
  EXPECT_FALSE(jan["management"]["provisional"]);
  EXPECT_TRUE(jan["consent"]["active"]);
  ASSERT_EQ(jan["device_periods"].size(), 1u);
  const auto& p0 = jan["device_periods"][0];
  EXPECT_EQ(p0["first_day"], "2026-01-05");
  EXPECT_EQ(p0["last_day"], "2026-02-03");
  EXPECT_EQ(p0["data_day_count"], 17);
  auto c0 = codes(p0["codes"]);
  EXPECT_NE(std::find(c0.begin(), c0.end(), "98977x1"), c0.end()) << p0.dump();
  EXPECT_NE(std::find(c0.begin(), c0.end(), "98975x1"), c0.end()) << p0.dump();
  EXPECT_EQ(std::find(c0.begin(), c0.end(), "98985x1"), c0.end()) << p0.dump();
  EXPECT_EQ(jan["entries"].size(), 2u);  // the 03:00 UTC entry is January's in New York

  auto feb = month(s.p1, "2026-02");
  EXPECT_EQ(feb["management"]["minutes"], 15);
  EXPECT_EQ(codes(feb["management"]["codes"]), std::vector<std::string>{"98979x1"});
  ASSERT_EQ(feb["device_periods"].size(), 2u);  // period 0 ends 3 Feb, period 1 starts 4 Feb
  EXPECT_EQ(feb["device_periods"][1]["data_day_count"], 3);
  EXPECT_EQ(codes(feb["device_periods"][1]["codes"]), std::vector<std::string>{"98985x1"});

  auto mar = month(s.p1, "2026-03");
  EXPECT_EQ(mar["management"]["minutes"], 45);
  EXPECT_TRUE(mar["management"]["codes"].empty());
  EXPECT_NE(mar["management"]["flags"].dump().find("interactive"), std::string::npos)
      << mar["management"].dump();

  auto apr = month(s.p1, "2026-04");
  EXPECT_EQ(codes(apr["management"]["codes"]), (std::vector<std::string>{"98980x1", "98981x2"}));
  // 98979 never comes with 98980/98981 in one month.
  for (const auto* m : {&jan, &feb, &mar, &apr}) {
    auto c = codes((*m)["management"]["codes"]);
    const bool low = std::find(c.begin(), c.end(), "98979x1") != c.end();
    const bool high =
        std::any_of(c.begin(), c.end(), [](const std::string& x) { return x.starts_with("9898"); });
    EXPECT_FALSE(low && high) << (*m)["month"];
  }
}

TEST_F(RtmApi, WithoutConsentNoCodeAndTheReason) {
  const auto& s = ts->seeded();
  setup(s.p2, "2026-01-05T15:00:00Z");
  for (int d = 5; d <= 25; ++d) data_at(s.p2, fmt::format("2026-01-{:02d}T16:00:00Z", d));
  ASSERT_EQ(entry(s.p2, "2026-01-12T15:00:00Z", 25, true).status, 201);
  auto jan = month(s.p2, "2026-01");
  EXPECT_FALSE(jan["consent"]["active"]);
  EXPECT_TRUE(jan["management"]["codes"].empty());
  EXPECT_NE(jan["management"]["flags"].dump().find("no-consent"), std::string::npos);
  ASSERT_EQ(jan["device_periods"].size(), 1u);
  EXPECT_TRUE(jan["device_periods"][0]["codes"].empty());
  EXPECT_NE(jan["device_periods"][0]["flags"].dump().find("no-consent"), std::string::npos);
  // Consent given in the middle of January: only what came after it counts.
  consent(s.p2, "2026-01-20T12:00:00Z");
  auto after = month(s.p2, "2026-01");
  EXPECT_EQ(after["device_periods"][0]["data_day_count"], 6);  // 20-25 January
  EXPECT_EQ(codes(after["device_periods"][0]["codes"]), std::vector<std::string>{"98985x1"});
  EXPECT_EQ(after["management"]["minutes"], 0);  // the call on the 12th was before consent
}

TEST_F(RtmApi, ALockedMonthRefusesEntriesAndStaysFrozen) {
  const auto& s = ts->seeded();
  consent(s.p1, "2026-01-02T15:00:00Z");
  setup(s.p1, "2026-01-05T15:00:00Z");
  ASSERT_EQ(entry(s.p1, "2026-01-12T15:00:00Z", 25, true).status, 201);
  Client assistant(ts->port());
  ASSERT_EQ(assistant.login(s.user_email.at("assistant")).status, 200);
  EXPECT_EQ(assistant.request("POST", "/api/rtm/month-lock", R"({"month":"2026-01"})").status, 403);
  auto lock = physio->request("POST", "/api/rtm/month-lock", R"({"month":"2026-01"})");
  ASSERT_EQ(lock.status, 200) << lock.body;
  EXPECT_EQ(json::parse(lock.body)["patients"], 1);
  EXPECT_EQ(physio->request("POST", "/api/rtm/month-lock", R"({"month":"2026-01"})").status, 409);
  // The month is still running: not lockable.
  auto running = physio->request("POST", "/api/rtm/month-lock", R"({"month":"2099-01"})");
  EXPECT_EQ(running.status, 409) << running.body;

  auto refused = entry(s.p1, "2026-01-20T15:00:00Z", 30, false);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("2026-01 was locked for RTM billing"), std::string::npos) << refused.body;
  // The New York evening of 31 January is January too.
  EXPECT_EQ(entry(s.p1, "2026-02-01T03:00:00Z", 5, false).status, 409);
  EXPECT_EQ(entry(s.p1, "2026-02-01T06:00:00Z", 5, false).status, 201);
  // Data arriving later (a late questionnaire dated in January) does not change the frozen month.
  data_at(s.p1, "2026-01-15T16:00:00Z");
  auto jan = month(s.p1, "2026-01");
  EXPECT_TRUE(jan["management"]["locked"]);
  EXPECT_EQ(jan["management"]["minutes"], 25);
  EXPECT_EQ(codes(jan["management"]["codes"]), std::vector<std::string>{"98980x1"});
  EXPECT_FALSE(jan["lock"].is_null());

  auto csv = physio->get("/api/rtm/export.csv?month=2026-01");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(
      csv.body.rfind(
          "patient_id,kind,period,first_day,last_day,data_days,minutes,interactive,codes,status,flags\r\n",
          0),
      0u);
  EXPECT_NE(csv.body.find(s.p1 + ",month,2026-01,2026-01-01,2026-01-31,,25,1,98980x1,locked,"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(s.p1 + ",period,0,2026-01-05,2026-02-03,"), std::string::npos) << csv.body;
  EXPECT_EQ(assistant.get("/api/rtm/export.csv?month=2026-01").status, 403);
  EXPECT_EQ(physio->get("/api/rtm/export.csv?month=2026-13").status, 400);
}

TEST_F(RtmApi, TimerAndBadInput) {
  const auto& s = ts->seeded();
  auto start = physio->request("POST", path(s.p1, "/rtm/timer/start"), R"({"activity":"data_review"})");
  ASSERT_EQ(start.status, 201) << start.body;
  EXPECT_TRUE(json::parse(start.body)["running"]);
  EXPECT_EQ(physio->request("POST", path(s.p1, "/rtm/timer/start"), R"({"activity":"data_review"})").status,
            409);
  auto now_month = json::parse(physio->get(path(s.p1, "/rtm")).body);
  EXPECT_FALSE(now_month["running_timer"].is_null());
  auto stop = physio->request("POST", path(s.p1, "/rtm/timer/stop"));
  ASSERT_EQ(stop.status, 200) << stop.body;
  EXPECT_EQ(json::parse(stop.body)["minutes"], 0);
  EXPECT_EQ(physio->request("POST", path(s.p1, "/rtm/timer/stop")).status, 409);

  struct Bad {
    std::string body, field;
  };
  for (const auto& b : std::vector<Bad>{
           {R"({"start":"2026-01-12T15:00:00Z","minutes":0,"activity":"data_review"})", "/minutes"},
           {R"({"start":"2026-01-12T15:00:00Z","minutes":601,"activity":"data_review"})", "/minutes"},
           {R"({"start":"2026-01-12T15:00:00Z","minutes":5,"activity":"gardening"})", "/activity"},
           {R"({"start":"yesterday","minutes":5,"activity":"data_review"})", "/start"},
           {R"({"start":"2999-01-01T00:00:00Z","minutes":5,"activity":"data_review"})", "/start"},
           {R"({"start":"2026-01-12T15:00:00Z","minutes":5,"activity":"communication","interactive":true})",
            "/mode"},
           {R"({"start":"2026-01-12T15:00:00Z","minutes":5,"activity":"data_review","mode":"phone"})",
            "/mode"},
       }) {
    auto r = physio->request("POST", path(s.p1, "/rtm/time-entries"), b.body);
    EXPECT_EQ(r.status, 400) << b.body << " -> " << r.body;
    EXPECT_EQ(json::parse(r.body, nullptr, false).value("field", ""), b.field) << b.body << " -> " << r.body;
  }
  EXPECT_EQ(physio->get(path(s.p1, "/rtm?month=2026-1")).status, 400);
  EXPECT_EQ(physio->request("POST", "/api/rtm/month-lock", R"({"month":"Jan"})").status, 400);
  auto entries = ts->store().read([&](store::Tx& tx) { return tx.list_rtm_time_entries(s.clinic_a, s.p1); });
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 1u);  // only the stopped timer
}

}  // namespace
}  // namespace physio::test
