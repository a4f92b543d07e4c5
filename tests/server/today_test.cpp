// The patient's day and the physiotherapist's caseload over HTTP: today's exercises in the patient's own
// day with the reason for each status, a log moving an exercise to "done today", the morning question
// asked once, progress and personal bests, the pain and effort after a live set, and the caseload sorting
// a patient in pain first with the numbers - each only for those allowed to see it.
#include <gtest/gtest.h>

#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class TodayApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("today");
    const auto& s = ts->seeded();
    physio = std::make_unique<Client>(ts->port());
    ASSERT_EQ(physio->login(s.user_email.at("physiotherapist")).status, 200);
    // A patient of their own with one program: squats every day, bridges 3 days a week, from today.
    auto r = physio->request("POST", "/api/patients",
                             R"({"given_name":"Rita","family_name":"Today","birth_date":"1960-05-01"})");
    ASSERT_EQ(r.status, 201) << r.body;
    pid = json::parse(r.body)["id"];
    ts->add_user(s.clinic_a, clinic::Role::kPatient, "rita@test.example", pid);
    patient = std::make_unique<Client>(ts->port());
    ASSERT_EQ(patient->login("rita@test.example").status, 200);
    const json body = {
        {"title", "Knee, weeks 1-4"},
        {"reason", "knee osteoarthritis"},
        {"prescriptions",
         {{{"exercise_id", "mini_squat"},
           {"dosage", {{"sets", 2}, {"reps", 10}, {"times_per_day", 1}, {"days_per_week", 7}}},
           {"notes", "hold the chair"}},
          {{"exercise_id", "bridge"}, {"dosage", {{"sets", 2}, {"reps", 8}, {"days_per_week", 3}}}}}}};
    r = physio->request("POST", "/api/patients/" + pid + "/programs", body.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    program_id = json::parse(r.body)["id"];
  }

  json get_ok(Client& c, const std::string& target) {
    auto r = c.get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::object();
  }

  const json* item(const json& today, const std::string& exercise) {
    for (const auto& it : today["programs"][0]["items"])
      if (it["exercise_id"] == exercise) return &it;
    return nullptr;
  }

  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> physio, patient;
  std::string pid, program_id;
};

TEST_F(TodayApi, TodayShowsWhatIsDueAndWhyAndALogMovesItToDone) {
  json t = get_ok(*patient, "/api/patients/" + pid + "/today");
  EXPECT_EQ(t["date"], server::iso_date(server::now_us()));  // the patient has no zone: UTC
  ASSERT_EQ(t["programs"].size(), 1u);
  ASSERT_NE(item(t, "mini_squat"), nullptr);
  EXPECT_EQ((*item(t, "mini_squat"))["status"], "due");
  EXPECT_EQ((*item(t, "mini_squat"))["why"], "Every day");
  EXPECT_EQ((*item(t, "mini_squat"))["notes"], "hold the chair");
  EXPECT_EQ((*item(t, "mini_squat"))["dosage"]["reps"], 10);
  // Three a week from today: due today only when today is one of the week's last three days.
  EXPECT_EQ(t["due"].get<int>(), (*item(t, "bridge"))["status"] == "due" ? 2 : 1);
  EXPECT_TRUE(t["morning_pain"]["asked"].get<bool>());
  EXPECT_TRUE(t["morning_pain"]["answer"].is_null());

  auto r =
      patient->request("POST", "/api/patients/" + pid + "/exercise-logs",
                       R"({"exercise_id":"mini_squat","reps_per_set":[10,9],"pain_during_nprs":3,"rpe":6})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = patient->request("POST", "/api/patients/" + pid + "/morning-pain", R"({"nprs":2})");
  ASSERT_EQ(r.status, 201) << r.body;
  t = get_ok(*patient, "/api/patients/" + pid + "/today");
  EXPECT_EQ((*item(t, "mini_squat"))["status"], "done_today");
  EXPECT_EQ((*item(t, "mini_squat"))["done_today"], 1);
  EXPECT_EQ(t["programs"][0]["items"].back()["exercise_id"], "mini_squat");  // done goes last
  EXPECT_EQ(t["morning_pain"]["answer"]["nprs"], 2.0);
  EXPECT_EQ(t["programs"][0]["this_week"]["sessions_done"], 1);

  // The lists behind the clinician's charts.
  const json logs = get_ok(*physio, "/api/patients/" + pid + "/exercise-logs");
  ASSERT_EQ(logs["items"].size(), 1u);
  EXPECT_EQ(logs["items"][0]["reps_per_set"], json::array({10, 9}));
  EXPECT_EQ(logs["items"][0]["pain_during_nprs"], 3.0);
  EXPECT_EQ(get_ok(*physio, "/api/patients/" + pid + "/morning-pain")["items"].size(), 1u);
  const json p = get_ok(*patient, "/api/patients/" + pid + "/progress?weeks=2");
  ASSERT_EQ(p["programs"].size(), 1u);
  EXPECT_LE(p["programs"][0]["weeks"].size(), 2u);
  ASSERT_EQ(p["personal_bests"].size(), 1u);
  EXPECT_EQ(p["personal_bests"][0]["reps"], 19);
}

TEST_F(TodayApi, OnlyThoseAllowedSeeTheDayAndBadWindowsNameTheParameter) {
  const auto& s = ts->seeded();
  Client other(ts->port());
  ASSERT_EQ(other.login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(other.get("/api/patients/" + pid + "/today").status, 404);
  EXPECT_EQ(other.get("/api/patients/" + pid + "/exercise-logs").status, 404);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.get("/api/patients/" + pid + "/today").status, 403);
  EXPECT_EQ(desk.get("/api/caseload").status, 403);
  EXPECT_EQ(patient->get("/api/caseload").status, 404);
  auto r = patient->get("/api/patients/" + pid + "/exercise-logs?from=yesterday");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "from");
  r = patient->get("/api/patients/" + pid + "/progress?weeks=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "weeks");
}

TEST_F(TodayApi, TheCaseloadPutsThePatientInPainFirstWithTheNumbers) {
  const std::string done = server::iso_time(server::now_us() - kDayUs);
  auto r = patient->request(
      "POST", "/api/patients/" + pid + "/exercise-logs",
      json{{"exercise_id", "mini_squat"}, {"reps_per_set", {10, 10}}, {"pain_during_nprs", 7}, {"done", done}}
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const json c = get_ok(*physio, "/api/caseload");
  ASSERT_FALSE(c["items"].empty());
  const json& first = c["items"][0];
  EXPECT_EQ(first["patient_id"], pid);
  ASSERT_FALSE(first["reasons"].empty());
  EXPECT_EQ(first["reasons"][0]["kind"], "pain_high");
  EXPECT_EQ(
      first["reasons"][0]["text"],
      "pain during exercise up to 7/10 in the last 7 days (alert above 5/10); at the stop level (7/10 or "
      "more): the patient was told to stop for the day and that you have been told");
  EXPECT_EQ(first["reasons"][0]["stop_level"], true);
  EXPECT_EQ(first["rank"], 0);
  EXPECT_EQ(first["unread_messages"], 1);  // the automatic alert in the patient's conversation
  EXPECT_GE(first["score"].get<int>(), 100);
  // The day's order: by rank, then by need.
  for (std::size_t i = 1; i < c["items"].size(); ++i) {
    const auto& a = c["items"][i - 1];
    const auto& b = c["items"][i];
    EXPECT_TRUE(a["rank"].get<int>() < b["rank"].get<int>() ||
                (a["rank"] == b["rank"] && a["score"].get<int>() >= b["score"].get<int>()))
        << a.dump() << " before " << b.dump();
  }
  // Another clinic's patients never appear.
  for (const auto& it : c["items"]) EXPECT_NE(it["patient_id"], ts->seeded().p3);
  // Each patient listed is in the audit trail ("who opened this record").
  const json audit = get_ok(*physio, "/api/patients/" + pid + "/audit");
  bool seen = false;
  for (const auto& e : audit["items"]) seen |= e["action"] == "caseload.read";
  EXPECT_TRUE(seen);
}

TEST_F(TodayApi, ACaseloadAlertIsAcknowledgedWithAReasonAndComesBackWhenItsNumbersChange) {
  const auto log_pain = [&](int nprs, TimeUs ago) {
    auto r = patient->request("POST", "/api/patients/" + pid + "/exercise-logs",
                              json{{"exercise_id", "mini_squat"},
                                   {"reps_per_set", {10, 10}},
                                   {"pain_during_nprs", nprs},
                                   {"done", server::iso_time(server::now_us() - ago)}}
                                  .dump());
    ASSERT_EQ(r.status, 201) << r.body;
  };
  log_pain(7, kDayUs);
  const std::string path = "/api/patients/" + pid + "/caseload-alerts";
  auto reasons_of = [&](const char* list) {
    std::vector<std::string> kinds;
    const json c = get_ok(*physio, "/api/caseload");
    for (const auto& it : c["items"])
      if (it["patient_id"] == pid)
        for (const auto& x : it[list]) kinds.push_back(x["kind"]);
    return kinds;
  };
  ASSERT_EQ(reasons_of("reasons").front(), "pain_high");
  // A reason is required, and only an open alert can be acknowledged.
  auto r = physio->request("POST", path, R"({"kind":"pain_high","action":"acknowledged","note":"  "})");
  EXPECT_EQ(r.status, 400) << r.body;
  r = physio->request("POST", path, R"({"kind":"rom_falling","action":"acknowledged","note":"seen"})");
  EXPECT_EQ(r.status, 409) << r.body;
  r = physio->request(
      "POST", path,
      R"({"kind":"pain_high","action":"acknowledged","note":"called her: knee sore, dose halved"})");
  ASSERT_EQ(r.status, 201) << r.body;
  // Held: listed apart with who and why, and no longer in the patient's score; its automatic message in the
  // conversation is dealt with too, while a message the patient wrote stays unread.
  json c = get_ok(*physio, "/api/caseload");
  for (const auto& it : c["items"]) {
    if (it["patient_id"] != pid) continue;
    EXPECT_EQ(it["unread_messages"], 0);
    for (const auto& x : it["reasons"]) EXPECT_NE(x["kind"], "pain_high");
    ASSERT_EQ(it["held"].size(), 1u);
    EXPECT_EQ(it["held"][0]["kind"], "pain_high");
    EXPECT_EQ(it["held"][0]["note"], "called her: knee sore, dose halved");
    EXPECT_EQ(it["held"][0]["by"], "physiotherapist");
    EXPECT_LT(it["score"].get<int>(), 100);
  }
  ASSERT_EQ(patient->request("POST", "/api/patients/" + pid + "/messages", R"({"body":"still sore"})").status,
            201);
  c = get_ok(*physio, "/api/caseload");
  for (const auto& it : c["items"]) {
    if (it["patient_id"] != pid) continue;
    EXPECT_EQ(it["unread_messages"], 1);
  }
  // New pain, new numbers: the alert is open again at once.
  log_pain(9, kDayUs / 2);
  EXPECT_EQ(reasons_of("reasons").front(), "pain_high");
  EXPECT_TRUE(reasons_of("held").empty());
  // A snooze needs a date after today and at most 30 days ahead; the patient and the front desk cannot.
  r = physio->request("POST", path, R"({"kind":"missed_sessions","action":"snoozed","note":"away"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "/until");
  r = physio->request("POST", path,
                      json{{"kind", "missed_sessions"},
                           {"action", "snoozed"},
                           {"note", "away"},
                           {"until", server::iso_date(server::now_us() + 40 * kDayUs)}}
                          .dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      patient->request("POST", path, R"({"kind":"pain_high","action":"acknowledged","note":"fine"})").status,
      403);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(ts->seeded().user_email.at("front_desk")).status, 200);
  EXPECT_EQ(
      desk.request("POST", path, R"({"kind":"pain_high","action":"acknowledged","note":"fine"})").status,
      403);
  // The decision is in the record's access log.
  bool seen = false;
  const json audit = get_ok(*physio, "/api/patients/" + pid + "/audit");
  for (const auto& e : audit["items"]) seen |= e["action"] == "caseload_alert.create";
  EXPECT_TRUE(seen);
}

TEST_F(TodayApi, PainAndEffortAfterALiveSetGoOntoItsLog) {
  const auto& s = ts->seeded();
  Client p1(ts->port());
  ASSERT_EQ(p1.login(s.user_email.at("patient")).status, 200);
  const std::string sid = s.live_session.at(s.p1);
  auto r = p1.request("POST", "/api/live-sessions/" + sid + "/report",
                      R"({"pain_during_nprs":4,"rpe":7,"comment":"knee ok"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string log_id = json::parse(r.body)["exercise_log_id"];
  // A correction keeps one log.
  r = p1.request("POST", "/api/live-sessions/" + sid + "/report", R"({"pain_during_nprs":3})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["exercise_log_id"], log_id);
  const json logs = get_ok(p1, "/api/patients/" + s.p1 + "/exercise-logs");
  int found = 0;
  for (const auto& l : logs["items"])
    if (l["live_session_id"] == sid) {
      ++found;
      EXPECT_EQ(l["pain_during_nprs"], 3.0);
    }
  EXPECT_EQ(found, 1);
  r = p1.request("POST", "/api/live-sessions/" + sid + "/report", R"({"pain_during_nprs":11})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "/pain_during_nprs");
  // Another patient's set is not found.
  EXPECT_EQ(
      p1.request("POST", "/api/live-sessions/" + s.live_session.at(s.p2) + "/report", R"({"rpe":2})").status,
      404);
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

TEST_F(TodayApi, TheCaseloadCarriesTheClinicsFigures) {
  const auto& s = ts->seeded();
  // Two visits due last week for P1: one kept, one missed.
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
    for (const char* status : {"fulfilled", "noshow"}) {
      clinic::Appointment a{.clinic_id = s.clinic_a,
                            .patient_id = s.p1,
                            .practitioner_id = s.user_id.at("physiotherapist"),
                            .start_us = server::now_us() - 7 * kDayUs,
                            .duration_min = 30,
                            .status = status};
      PHYSIO_TRY(tx.create_appointment(a));
    }
    return ok();
  }));
  const json c = get_ok(*physio, "/api/caseload");
  ASSERT_TRUE(c.contains("figures")) << c.dump();
  const json& f = c["figures"];
  int with_program = 0;
  for (const auto& it : c["items"]) with_program += it["active_programs"].get<int>() > 0;
  EXPECT_EQ(f["active_patients"], with_program);
  EXPECT_EQ(f["missed_visits"]["kept"], 1);
  EXPECT_EQ(f["missed_visits"]["missed"], 1);
  EXPECT_EQ(f["missed_visits"]["missed_pct"], 50.0);
  EXPECT_EQ(f["adherence"]["days"], 28);
  const int banded =
      f["adherence"]["below_25_pct"].get<int>() + f["adherence"]["from_25_to_50_pct"].get<int>() +
      f["adherence"]["from_50_to_80_pct"].get<int>() + f["adherence"]["from_80_pct"].get<int>();
  EXPECT_EQ(banded, f["adherence"]["programs"]);
  EXPECT_TRUE(f["outcomes"].is_array());
}

}  // namespace
}  // namespace physio::test
