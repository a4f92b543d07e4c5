// Home exercise programs and progression over HTTP, with the physiotherapist in charge: template ->
// program -> logs with pain and effort -> review -> proposals with their numbers -> approve, edit,
// reject (one audit event each) -> the version history says who, when and why. The patient never sees
// an undecided change; automatic steps happen only within the program's bounds; bad input is a 400
// naming the field and stores nothing.
#include <gtest/gtest.h>

#include "server/http/body_schema.hpp"
#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

constexpr TimeUs kHourUs = 3'600LL * 1'000'000;

/// UTC midnight of today.
TimeUs midnight() {
  const TimeUs now = server::now_us();
  return now - now % kDayUs;
}

json dosage(int sets, int reps, const json& load = {{"kind", "none"}}) {
  return {{"sets", sets}, {"reps", reps}, {"rest_s", 60}, {"load", load}, {"days_per_week", 2}};
}

class ProgramsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("programs");
    const auto& s = ts->seeded();
    physio = std::make_unique<Client>(ts->port());
    ASSERT_EQ(physio->login(s.user_email.at("physiotherapist")).status, 200);
    patient = std::make_unique<Client>(ts->port());
    ASSERT_EQ(patient->login(s.user_email.at("patient")).status, 200);
  }

  /// A program of three exercises for `pid` started six days ago; returns its JSON.
  json make_program(const std::string& pid, const json& auto_apply = nullptr,
                    const json& prescriptions = nullptr) {
    json body = {
        {"title", "Knee, weeks 1-4"},
        {"start_date", server::iso_date(midnight() - 6 * kDayUs)},
        {"reason", "knee pain on stairs"},
        {"prescriptions", prescriptions.is_null()
                              ? json::array({{{"exercise_id", "mini_squat"},
                                              {"dosage", dosage(3, 10, {{"kind", "kg"}, {"kg", 10}})}},
                                             {{"exercise_id", "bridge"}, {"dosage", dosage(3, 10)}},
                                             {{"exercise_id", "heel_raise"}, {"dosage", dosage(3, 10)}}})
                              : prescriptions}};
    if (!auto_apply.is_null()) body["auto_apply"] = auto_apply;
    auto r = physio->request("POST", "/api/patients/" + pid + "/programs", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    json made = json::parse(r.body);
    // Made a week ago (adherence counts from the day a program was made, never from earlier start dates):
    // the week of sessions below falls inside it.
    EXPECT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
      PHYSIO_TRY(tx.connection().query("UPDATE programs SET created_us = ? WHERE id = ?",
                                       {midnight() - 7 * kDayUs, made["id"].get<std::string>()}));
      return ok();
    }));
    return made;
  }

  /// One session a day for the last six days, each with that morning's pain answer (1/10).
  void log_week(Client& c, const std::string& pid, const std::string& program_id, const std::string& exercise,
                const json& report, bool morning = true) {
    for (int k = 6; k >= 1; --k) {
      const TimeUs day = midnight() - k * kDayUs;
      if (morning) {
        auto m = c.request("POST", "/api/patients/" + pid + "/morning-pain",
                           json{{"nprs", 1}, {"at", server::iso_time(day + 7 * kHourUs)}}.dump());
        ASSERT_EQ(m.status, 201) << m.body;
      }
      json body = report;
      body["exercise_id"] = exercise;
      body["program_id"] = program_id;
      body["done"] = server::iso_time(day + 8 * kHourUs);
      auto r = c.request("POST", "/api/patients/" + pid + "/exercise-logs", body.dump());
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }

  json review(const std::string& program_id) {
    auto r = physio->request("POST", "/api/programs/" + program_id + "/review");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static const json* find_proposal(const json& review, const std::string& exercise) {
    for (const auto& p : review["proposals"])
      if (p["exercise_id"] == exercise) return &p;
    return nullptr;
  }

  /// Audit events about `record_id` with `action`.
  int audit_count(const std::string& record_id, const std::string& action) {
    const auto& s = ts->seeded();
    store::AuditQuery q;
    q.limit = 1000;
    auto page = ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, q); });
    EXPECT_TRUE(page.has_value());
    int n = 0;
    for (const auto& e : page->items) n += e.record_id == record_id && e.action == action;
    return n;
  }

  std::size_t stored(const std::string& what, const std::string& pid) {
    const auto& s = ts->seeded();
    auto n = ts->store().read([&](store::Tx& tx) -> Result<std::size_t> {
      if (what == "programs") return PHYSIO_TRY(tx.list_programs(s.clinic_a, pid)).size();
      if (what == "logs") return PHYSIO_TRY(tx.list_exercise_logs(s.clinic_a, pid)).size();
      return PHYSIO_TRY(tx.list_morning_pain(s.clinic_a, pid)).size();
    });
    EXPECT_TRUE(n.has_value());
    return n.value_or(0);
  }

  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> physio, patient;
};

TEST_F(ProgramsApi, TemplatesAreListedAndAProgramStartsFromOne) {
  auto r = physio->get("/api/program-templates");
  ASSERT_EQ(r.status, 200);
  const auto templates = json::parse(r.body);
  bool knee = false;
  for (const auto& t : templates) knee |= t["id"] == "knee_oa" && !t["prescriptions"].empty();
  EXPECT_TRUE(knee) << r.body;

  const std::string p1 = ts->seeded().p1;
  // From the template, with the mini squat's dosage changed by the physiotherapist.
  auto made =
      physio->request("POST", "/api/patients/" + p1 + "/programs",
                      json{{"template_id", "knee_oa"},
                           {"prescriptions", {{{"exercise_id", "mini_squat"}, {"dosage", dosage(2, 8)}}}}}
                          .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto prog = json::parse(made.body);
  EXPECT_EQ(prog["version"], 1);
  EXPECT_EQ(prog["template_id"], "knee_oa");
  EXPECT_EQ(prog["title"], "Knee osteoarthritis");
  EXPECT_EQ(prog["history"][0]["by"], ts->seeded().user_id.at("physiotherapist"));
  EXPECT_EQ(prog["history"][0]["kind"], "create");
  bool changed = false;
  for (const auto& rx : prog["prescriptions"])
    if (rx["exercise_id"] == "mini_squat") changed = rx["dosage"]["reps"] == 8 && rx["dosage"]["sets"] == 2;
  EXPECT_TRUE(changed) << made.body;
  EXPECT_EQ(audit_count(prog["id"], "program.create"), 1);

  // Only the physiotherapist prescribes.
  auto denied = patient->request("POST", "/api/patients/" + p1 + "/programs", R"({"template_id":"knee_oa"})");
  EXPECT_EQ(denied.status, 403);
}

TEST_F(ProgramsApi, FullFlowWithApprovalEditRejectionAndHistory) {
  const auto& s = ts->seeded();
  const std::string p1 = s.p1;
  const std::string dr = s.user_id.at("physiotherapist");
  const json prog = make_program(p1);
  const std::string id = prog["id"];

  // A week of sessions: the squat is easy (12 in the last set twice), the bridge hurts (7/10), the heel
  // raise is easy by effort (5 repetitions in reserve). The patient logs their own sessions.
  log_week(*patient, p1, id, "mini_squat",
           {{"reps_per_set", {10, 10, 12}}, {"pain_during_nprs", 2}, {"rir", 2}, {"mean_quality", 85}});
  log_week(*patient, p1, id, "bridge",
           {{"reps_per_set", {10, 10, 10}}, {"pain_during_nprs", 7}, {"rpe", 8}, {"mean_quality", 85}},
           false);
  log_week(*patient, p1, id, "heel_raise",
           {{"reps_per_set", {10, 10, 10}}, {"pain_during_nprs", 1}, {"rir", 5}, {"mean_quality", 85}},
           false);

  const json first = review(id);
  ASSERT_EQ(first["proposals"].size(), 3u) << first.dump(1);
  EXPECT_EQ(first["version"], 1);
  EXPECT_EQ(first["adherence_session_pct"], 100.0);
  const json* squat = find_proposal(first, "mini_squat");
  const json* bridge = find_proposal(first, "bridge");
  const json* heel = find_proposal(first, "heel_raise");
  ASSERT_TRUE(squat && bridge && heel);
  EXPECT_EQ((*squat)["direction"], "progress");
  EXPECT_EQ((*squat)["state"], "pending");
  EXPECT_EQ((*squat)["proposed"]["load"]["kg"], 10.5);
  EXPECT_DOUBLE_EQ((*squat)["load_change_pct"].get<double>(), 5.0);
  EXPECT_EQ((*bridge)["direction"], "regress");
  EXPECT_EQ((*bridge)["proposed"]["reps"], 8);
  EXPECT_EQ((*heel)["direction"], "progress");
  EXPECT_EQ((*heel)["proposed"]["reps"], 12);
  // The numbers behind the votes.
  bool pain_number = false;
  for (const auto& v : (*bridge)["votes"])
    if (v["rule"] == "pain_during") pain_number = v["numbers"]["pain_during_max_nprs"] == 7.0;
  EXPECT_TRUE(pain_number) << bridge->dump(1);
  bool settled = false;
  for (const auto& v : (*squat)["votes"])
    if (v["rule"] == "pain_settled") settled = v["applicable"] == true && v["numbers"]["rise_nprs"] == 0.0;
  EXPECT_TRUE(settled) << squat->dump(1);

  // Nothing changed for the patient: their view is version 1, proposals are not theirs to see.
  auto mine = patient->get("/api/patients/" + p1 + "/programs");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body.find("proposal"), std::string::npos);
  const json mine_items = json::parse(mine.body)["items"];
  for (const auto& p : mine_items)
    if (p["id"] == id) {
      EXPECT_EQ(p["version"], 1);
    }
  EXPECT_EQ(patient->get("/api/patients/" + p1 + "/proposals").status, 403);
  auto mine_one = patient->get("/api/programs/" + id);
  ASSERT_EQ(mine_one.status, 200);
  EXPECT_EQ(json::parse(mine_one.body)["version"], 1);
  EXPECT_EQ(mine_one.body.find("proposal"), std::string::npos);
  EXPECT_EQ(patient
                ->request("POST", "/api/proposals/" + (*squat)["id"].get<std::string>() + "/decision",
                          R"({"decision":"approve"})")
                .status,
            403);
  // The physiotherapist sees three waiting.
  auto theirs = physio->get("/api/patients/" + p1 + "/proposals?state=pending");
  ASSERT_EQ(theirs.status, 200);
  int waiting = 0;
  const json their_items = json::parse(theirs.body)["items"];
  for (const auto& p : their_items) waiting += p["program_id"] == id;
  EXPECT_EQ(waiting, 3);

  // Reject the heel raise: same version.
  auto rej = physio->request("POST", "/api/proposals/" + (*heel)["id"].get<std::string>() + "/decision",
                             R"({"decision":"reject","reason":"calf still sore after walks"})");
  ASSERT_EQ(rej.status, 200) << rej.body;
  EXPECT_EQ(json::parse(rej.body)["state"], "rejected");
  EXPECT_EQ(json::parse(rej.body)["program_version"], 1);
  // Deciding twice is refused.
  EXPECT_EQ(physio
                ->request("POST", "/api/proposals/" + (*heel)["id"].get<std::string>() + "/decision",
                          R"({"decision":"approve"})")
                .status,
            409);

  // Approve the squat: version 2.
  auto app = physio->request("POST", "/api/proposals/" + (*squat)["id"].get<std::string>() + "/decision",
                             R"({"decision":"approve","reason":"two sessions at 12 without pain"})");
  ASSERT_EQ(app.status, 200) << app.body;
  EXPECT_EQ(json::parse(app.body)["state"], "approved");
  EXPECT_EQ(json::parse(app.body)["program_version"], 2);

  // The bridge's proposal was made for version 1: refused and marked stale.
  auto old = physio->request("POST", "/api/proposals/" + (*bridge)["id"].get<std::string>() + "/decision",
                             R"({"decision":"approve"})");
  EXPECT_EQ(old.status, 409) << old.body;
  auto stale = physio->get("/api/patients/" + p1 + "/proposals?state=stale");
  EXPECT_NE(stale.body.find((*bridge)["id"].get<std::string>()), std::string::npos);

  // Review again on version 2: the bridge still hurts; the squat has no sessions at its new dosage.
  const json second = review(id);
  EXPECT_EQ(find_proposal(second, "mini_squat"), nullptr);
  const json* bridge2 = find_proposal(second, "bridge");
  ASSERT_NE(bridge2, nullptr) << second.dump(1);
  EXPECT_EQ((*bridge2)["program_version"], 2);
  // The edit: fewer sets rather than fewer repetitions.
  auto edit_no_dosage =
      physio->request("POST", "/api/proposals/" + (*bridge2)["id"].get<std::string>() + "/decision",
                      R"({"decision":"edit","reason":"x"})");
  EXPECT_EQ(edit_no_dosage.status, 400);
  EXPECT_EQ(json::parse(edit_no_dosage.body)["field"], "/dosage");
  auto edit = physio->request(
      "POST", "/api/proposals/" + (*bridge2)["id"].get<std::string>() + "/decision",
      json{{"decision", "edit"}, {"reason", "two sets of ten, pain first"}, {"dosage", dosage(2, 10)}}
          .dump());
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(json::parse(edit.body)["state"], "edited");
  EXPECT_EQ(json::parse(edit.body)["program_version"], 3);

  // One audit event per decision, with its action.
  EXPECT_EQ(audit_count(id, "progression.approve"), 1);
  EXPECT_EQ(audit_count(id, "progression.edit"), 1);
  EXPECT_EQ(audit_count(id, "progression.reject"), 1);

  // The history says who, when and why; the patient now sees the approved versions.
  auto hist = patient->get("/api/programs/" + id);
  ASSERT_EQ(hist.status, 200);
  const auto h = json::parse(hist.body);
  EXPECT_EQ(h["version"], 3);
  ASSERT_EQ(h["versions"].size(), 3u);
  EXPECT_EQ(h["versions"][0]["kind"], "create");
  EXPECT_EQ(h["versions"][0]["reason"], "knee pain on stairs");
  EXPECT_EQ(h["versions"][1]["by"], dr);
  EXPECT_EQ(h["versions"][1]["kind"], "progression");
  EXPECT_EQ(h["versions"][1]["reason"], "two sessions at 12 without pain");
  EXPECT_EQ(h["versions"][2]["reason"], "two sets of ten, pain first");
  // Who by name, and what changed from the version before in words (nothing for the first).
  EXPECT_EQ(h["versions"][1]["by_name"], "physiotherapist");
  EXPECT_TRUE(h["versions"][0]["changes"].empty());
  ASSERT_EQ(h["versions"][2]["changes"].size(), 1u) << h["versions"][2].dump();
  const std::string change = h["versions"][2]["changes"][0];
  EXPECT_EQ(change.rfind("Bridge: ", 0), 0u) << change;
  EXPECT_NE(change.find("→ 2 sets of 10"), std::string::npos) << change;
  EXPECT_FALSE(h["versions"][2]["at"].get<std::string>().empty());
  for (const auto& rx : h["prescriptions"]) {
    if (rx["exercise_id"] == "mini_squat") {
      EXPECT_EQ(rx["dosage"]["load"]["kg"], 10.5);
    } else if (rx["exercise_id"] == "bridge") {
      EXPECT_EQ(rx["dosage"]["sets"], 2);
    } else {
      EXPECT_EQ(rx["dosage"]["reps"], 10);
    }
  }
}

TEST_F(ProgramsApi, TheClinicianChangesAProgramWithAReason) {
  const json prog = make_program(ts->seeded().p1);
  const std::string id = prog["id"];
  auto no_reason = physio->request("POST", "/api/programs/" + id + "/versions", R"({"title":"x"})");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(json::parse(no_reason.body)["field"], "/reason");
  auto ok = physio->request(
      "POST", "/api/programs/" + id + "/versions",
      json{{"reason", "add calf work later"}, {"version", 1}, {"title", "Knee, weeks 5-8"}}.dump());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["version"], 2);
  EXPECT_EQ(audit_count(id, "program.update"), 1);
  // An edit of the version read before that is refused.
  auto late = physio->request("POST", "/api/programs/" + id + "/versions",
                              json{{"reason", "late"}, {"version", 1}}.dump());
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(patient->request("POST", "/api/programs/" + id + "/versions", R"({"reason":"mine"})").status,
            403);
}

TEST_F(ProgramsApi, AutomaticStepsOnlyWithinTheProgramsBounds) {
  const std::string p2 = ts->seeded().p2;
  const json squat_only =
      json::array({{{"exercise_id", "mini_squat"}, {"dosage", dosage(3, 10, {{"kind", "kg"}, {"kg", 10}})}}});
  const json easy = {
      {"reps_per_set", {10, 10, 12}}, {"pain_during_nprs", 2}, {"rir", 2}, {"mean_quality", 85}};

  // Within bounds (5 % of 10 % a week): applied at once as a new version by "auto".
  const json within = make_program(
      p2, {{"enabled", true}, {"max_load_change_pct_per_week", 10}, {"max_steps", 2}}, squat_only);
  log_week(*physio, p2, within["id"], "mini_squat", easy);
  const json r1 = review(within["id"]);
  ASSERT_EQ(r1["proposals"].size(), 1u) << r1.dump(1);
  EXPECT_EQ(r1["proposals"][0]["state"], "auto_applied");
  EXPECT_EQ(r1["version"], 2);
  EXPECT_EQ(audit_count(within["id"], "progression.auto_apply"), 1);
  auto h = json::parse(physio->get("/api/programs/" + within["id"].get<std::string>()).body);
  ASSERT_EQ(h["versions"].size(), 2u);
  EXPECT_EQ(h["versions"][1]["by"], "auto");
  EXPECT_EQ(h["versions"][1]["kind"], "auto_progression");
  EXPECT_EQ(h["prescriptions"][0]["dosage"]["load"]["kg"], 10.5);

  // Outside bounds (5 % > 3 %): it waits for the physiotherapist and nothing changes.
  const json outside = make_program(
      p2, {{"enabled", true}, {"max_load_change_pct_per_week", 3}, {"max_steps", 2}}, squat_only);
  log_week(*physio, p2, outside["id"], "mini_squat", easy, false);
  const json r2 = review(outside["id"]);
  ASSERT_EQ(r2["proposals"].size(), 1u) << r2.dump(1);
  EXPECT_EQ(r2["proposals"][0]["state"], "pending");
  EXPECT_NE(r2["proposals"][0]["auto_apply"].get<std::string>().find("exceed"), std::string::npos);
  EXPECT_EQ(r2["version"], 1);
  EXPECT_EQ(audit_count(outside["id"], "progression.auto_apply"), 0);
}

TEST_F(ProgramsApi, ALogNamesOnlyALiveSessionOfItsOwnPatient) {
  // Security finding M1: a log could be bound to another patient's live session, whose report then landed
  // on it. Another patient's session, and one that does not exist, are refused alike; the own one is taken.
  const auto& s = ts->seeded();
  const auto logs_before = stored("logs", s.p1);
  auto log_naming = [&](const std::string& session) {
    return patient->request(
        "POST", "/api/patients/" + s.p1 + "/exercise-logs",
        json{{"exercise_id", "bridge"}, {"source", "live"}, {"live_session_id", session}}.dump());
  };
  auto other = log_naming(s.live_session.at(s.p2));
  EXPECT_EQ(other.status, 400) << other.body;
  EXPECT_EQ(json::parse(other.body)["field"], "/live_session_id");
  auto unknown = log_naming("no-such-session");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(json::parse(unknown.body)["message"].get<std::string>().find(s.live_session.at(s.p2)),
            std::string::npos);
  EXPECT_EQ(stored("logs", s.p1), logs_before);
  auto own = log_naming(s.live_session.at(s.p1));
  EXPECT_EQ(own.status, 201) << own.body;
}

TEST_F(ProgramsApi, BadInputNamesTheFieldAndStoresNothing) {
  const std::string p1 = ts->seeded().p1;
  const auto programs_before = stored("programs", p1);
  auto unknown = physio->request(
      "POST", "/api/patients/" + p1 + "/programs",
      json{{"prescriptions", {{{"exercise_id", "moonwalk"}, {"dosage", dosage(3, 10)}}}}}.dump());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["field"], "/prescriptions/0/exercise_id") << unknown.body;
  auto range = physio->request(
      "POST", "/api/patients/" + p1 + "/programs",
      json{{"prescriptions", {{{"exercise_id", "bridge"}, {"dosage", dosage(3, 0)}}}}}.dump());
  EXPECT_EQ(range.status, 400);
  EXPECT_EQ(json::parse(range.body)["field"], "/prescriptions/0/dosage/reps") << range.body;
  auto no_template =
      physio->request("POST", "/api/patients/" + p1 + "/programs", R"({"template_id":"nope"})");
  EXPECT_EQ(no_template.status, 400);
  EXPECT_EQ(json::parse(no_template.body)["field"], "/template_id");
  EXPECT_EQ(stored("programs", p1), programs_before);

  const json prog = make_program(p1);
  const auto logs_before = stored("logs", p1);
  auto pain = patient->request("POST", "/api/patients/" + p1 + "/exercise-logs",
                               R"({"exercise_id":"bridge","pain_during_nprs":11})");
  EXPECT_EQ(pain.status, 400);
  EXPECT_EQ(json::parse(pain.body)["field"], "/pain_during_nprs");
  auto rir = patient->request("POST", "/api/patients/" + p1 + "/exercise-logs",
                              R"({"exercise_id":"bridge","rir":-1})");
  EXPECT_EQ(json::parse(rir.body)["field"], "/rir");
  auto ex =
      patient->request("POST", "/api/patients/" + p1 + "/exercise-logs", R"({"exercise_id":"moonwalk"})");
  EXPECT_EQ(ex.status, 400);
  EXPECT_EQ(json::parse(ex.body)["field"], "/exercise_id");
  auto reps = patient->request("POST", "/api/patients/" + p1 + "/exercise-logs",
                               R"({"exercise_id":"bridge","reps_per_set":[10,"ten"]})");
  EXPECT_EQ(reps.status, 400);
  EXPECT_EQ(json::parse(reps.body)["field"], "/reps_per_set/1");
  EXPECT_EQ(stored("logs", p1), logs_before);
  const auto pain_before = stored("morning", p1);
  auto morning = patient->request("POST", "/api/patients/" + p1 + "/morning-pain", R"({"nprs":11})");
  EXPECT_EQ(morning.status, 400);
  EXPECT_EQ(json::parse(morning.body)["field"], "/nprs");
  EXPECT_EQ(stored("morning", p1), pain_before);

  // A good log without a program goes to the active program prescribing the exercise.
  auto good = patient->request("POST", "/api/patients/" + p1 + "/exercise-logs",
                               R"({"exercise_id":"heel_raise","reps_per_set":[10,10],"rpe":4})");
  ASSERT_EQ(good.status, 201) << good.body;
  EXPECT_EQ(json::parse(good.body)["program_id"], prog["id"]);
}

TEST(BodySchema, JsonFieldsAreCheckedAndDescribed) {
  server::BodySchema schema;
  server::FieldSpec f;
  f.name = "items";
  f.type = server::FieldType::kJson;
  f.json_type = "array";
  f.json_check = [](const json& v) -> std::optional<server::BodyProblem> {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (!v[i].is_number()) return server::BodyProblem{"/" + std::to_string(i), "must be a number"};
    return std::nullopt;
  };
  schema.fields.push_back(f);
  json out;
  EXPECT_FALSE(server::check_body(schema, R"({"items":[1,2]})", out));
  auto p = server::check_body(schema, R"({"items":[1,"x"]})", out);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "/items/1");
  p = server::check_body(schema, R"({"items":{"a":1}})", out);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "/items");
  EXPECT_EQ(server::to_json_schema(schema)["properties"]["items"]["type"], "array");
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

TEST_F(ProgramsApi, TheProgramPrintsAsAPdfForThePatientAndTheirClinicians) {
  const auto& s = ts->seeded();
  const json prog = make_program(s.p1);
  const std::string path = "/api/programs/" + prog["id"].get<std::string>() + "/print";
  auto r = patient->get(path);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  std::string type, disposition;
  for (const auto& h : r.headers) {
    if (h.name == "content-type") type = h.value;
    if (h.name == "content-disposition") disposition = h.value;
  }
  EXPECT_EQ(type, "application/pdf");
  EXPECT_NE(disposition.find("attachment"), std::string::npos);
  EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);
  // Each exercise by its library name with the dosage in words; the patient's name.
  EXPECT_NE(r.body.find("(1. Mini squat)"), std::string::npos);
  EXPECT_NE(r.body.find("(3 sets of 10, 10 kg, once a day, 2 days a week)"), std::string::npos);
  EXPECT_NE(r.body.find("(For Ann Alpha)"), std::string::npos);
  EXPECT_NE(r.body.find("(Page 1 of "), std::string::npos);
  EXPECT_EQ(audit_count(prog["id"], "program.print"), 1);
  // The front desk reads no clinical content; another patient's program is not found.
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.get(path).status, 403);
  Client other(ts->port());
  ASSERT_EQ(other.login(s.user_email.at("patient2")).status, 200);
  EXPECT_EQ(other.get(path).status, 404);
}

}  // namespace
}  // namespace physio::test
