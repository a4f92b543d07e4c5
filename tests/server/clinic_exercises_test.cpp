// The clinic's own exercises over the server (docs/server/clinic-exercises.md): made by a physiotherapist
// or administrator (not the front desk, not a patient), checked field by field, listed beside the library,
// prescribed, shown to the patient they are prescribed to (and no other), printed in words, retired (never
// prescribed again, still shown in the programs that name them), and another clinic's answered 404.
#include <gtest/gtest.h>

#include "exercise/patient_words.hpp"
#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

/// The strings a PDF draws with Tj (its content streams are not compressed).
std::string printed_text(const std::string& pdf) {
  std::string out;
  for (auto end = pdf.find(") Tj"); end != std::string::npos; end = pdf.find(") Tj", end + 1)) {
    const auto start = pdf.rfind('(', end);
    if (start != std::string::npos) out += pdf.substr(start + 1, end - start - 1) + "\n";
  }
  return out;
}

int exercise_audit_count(TestServer& ts, const std::string& record_id, const std::string& action) {
  store::AuditQuery q;
  q.limit = 1000;
  auto page = ts.store().read([&](store::Tx& tx) { return tx.list_audit(ts.seeded().clinic_a, q); });
  EXPECT_TRUE(page.has_value());
  int n = 0;
  for (const auto& e : page->items) n += e.record_id == record_id && e.action == action;
  return n;
}

const json* exercise_by_id(const json& list, const std::string& id) {
  for (const auto& e : list)
    if (e.value("id", "") == id) return &e;
  return nullptr;
}

TEST(ClinicExercises, MadeByTheClinicPrescribedPrintedAndRetired) {
  auto ts = TestServer::start("clinic-exercises");
  const auto& s = ts->seeded();
  Client physio(ts->port()), admin(ts->port()), desk(ts->port()), patient(ts->port()), patient2(ts->port()),
      other(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(admin.login(s.user_email.at("admin")).status, 200);
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  ASSERT_EQ(patient2.login(s.user_email.at("patient2")).status, 200);
  ASSERT_EQ(other.login(s.user_email.at("b_physio")).status, 200);

  const json hold = {{"name", "Lying hamstring stretch with a towel"},
                     {"steps",
                      {"Lie on your back with a towel around one foot.",
                       "Lift the leg with the knee straight until you feel a stretch.", "Hold, then lower."}},
                     {"position", "lying_supine"},
                     {"kind", "hold"},
                     {"hold_s", 30},
                     {"cautions", "Stretch gently: a pull, never pain."}};
  // Refused: the front desk and patients; a position not in the list; a hold on a repetition exercise; a
  // measured-like of the other kind; a step with a line break.
  EXPECT_EQ(desk.request("POST", "/api/clinic-exercises", hold.dump()).status, 403);
  EXPECT_EQ(patient.request("POST", "/api/clinic-exercises", hold.dump()).status, 403);
  json bad = hold;
  bad["position"] = "upside_down";
  EXPECT_EQ(physio.request("POST", "/api/clinic-exercises", bad.dump()).status, 400);
  bad = hold;
  bad["kind"] = "repetitions";
  auto r = physio.request("POST", "/api/clinic-exercises", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("/hold_s"), std::string::npos) << r.body;
  bad = hold;
  bad["measured_like"] = "mini_squat";
  r = physio.request("POST", "/api/clinic-exercises", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("/measured_like"), std::string::npos) << r.body;
  bad = hold;
  bad["steps"] = {"one\ntwo"};
  EXPECT_EQ(physio.request("POST", "/api/clinic-exercises", bad.dump()).status, 400);

  // A hold: its default dose is holds of seconds, not sets of ten holds.
  r = physio.request("POST", "/api/clinic-exercises", hold.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const json h = json::parse(r.body);
  const std::string hold_id = h["id"];
  EXPECT_EQ(hold_id.rfind("c-", 0), 0u);
  EXPECT_EQ(h["dosage_words"], "3 holds of 30 s, once a day, every day");
  EXPECT_EQ(h["position_words"], "Lying on your back");
  EXPECT_EQ(h["measured_words"], "Not measured by the camera: the patient logs it by hand.");
  EXPECT_EQ(exercise_audit_count(*ts, hold_id, "clinic_exercise.create"), 1);
  EXPECT_EQ(physio.request("POST", "/api/clinic-exercises", hold.dump()).status, 409) << "the name is taken";

  // Repetitions, made by the administrator, measured like the mini squat.
  const json reps = {
      {"name", "Step-up onto the bottom stair"},
      {"steps", {"Stand facing the bottom stair, holding the rail.", "Step up and down slowly."}},
      {"position", "standing"},
      {"kind", "repetitions"},
      {"measured_like", "mini_squat"}};
  r = admin.request("POST", "/api/clinic-exercises", reps.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const json rp = json::parse(r.body);
  const std::string reps_id = rp["id"];
  EXPECT_EQ(rp["dosage_words"], "3 sets of 10, once a day, every day");
  EXPECT_EQ(rp["measured_words"], "Measured by the camera like the mini squat (knee flexion).");

  // Listed for those who manage them, and beside the library for the clinic's staff; another clinic sees
  // neither and its edits are 404.
  auto listed = physio.json(physio.get("/api/clinic-exercises"));
  EXPECT_EQ(listed["items"].size(), 2u);
  EXPECT_EQ(desk.get("/api/clinic-exercises").status, 403);
  auto lib = physio.json(physio.get("/api/exercises"));
  ASSERT_NE(exercise_by_id(lib, hold_id), nullptr);
  EXPECT_TRUE((*exercise_by_id(lib, hold_id))["clinic"].get<bool>());
  EXPECT_FALSE((*exercise_by_id(lib, hold_id))["measured"].get<bool>());
  EXPECT_TRUE((*exercise_by_id(lib, reps_id))["measured"].get<bool>());
  EXPECT_FALSE((*exercise_by_id(lib, "mini_squat"))["clinic"].get<bool>());
  EXPECT_EQ(exercise_by_id(other.json(other.get("/api/exercises")), hold_id), nullptr);
  EXPECT_EQ(other.request("PUT", "/api/clinic-exercises/" + hold_id, hold.dump()).status, 404);
  EXPECT_EQ(other.request("POST", "/api/clinic-exercises/" + hold_id + "/retire", "").status, 404);
  // A patient reads only what is prescribed to them: nothing yet.
  EXPECT_EQ(exercise_by_id(patient.json(patient.get("/api/exercises")), hold_id), nullptr);

  // Edited: the steps change, audited.
  json edited = hold;
  edited["steps"].push_back("Repeat with the other leg.");
  r = physio.request("PUT", "/api/clinic-exercises/" + hold_id, edited.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["steps"].size(), 4u);
  EXPECT_EQ(exercise_audit_count(*ts, hold_id, "clinic_exercise.update"), 1);

  // Prescribed with a library exercise; the patient sees it (with its steps) on Today and in the list, the
  // other patient does not.
  const json program = {
      {"title", "Hamstrings"},
      {"prescriptions",
       {{{"exercise_id", hold_id}, {"dosage", {{"sets", 1}, {"reps", 3}, {"hold_s", 30}, {"rest_s", 30}}}},
        {{"exercise_id", "heel_slide"}, {"dosage", {{"sets", 3}, {"reps", 10}}}}}}};
  r = physio.request("POST", "/api/patients/" + s.p1 + "/programs", program.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string program_id = json::parse(r.body)["id"];
  const json mine = patient.json(patient.get("/api/exercises"));
  ASSERT_NE(exercise_by_id(mine, hold_id), nullptr);
  EXPECT_EQ((*exercise_by_id(mine, hold_id))["steps"].size(), 4u);
  EXPECT_EQ(exercise_by_id(mine, reps_id), nullptr) << "not prescribed to this patient";
  EXPECT_EQ(exercise_by_id(patient2.json(patient2.get("/api/exercises")), hold_id), nullptr);
  const json today = patient.json(patient.get("/api/patients/" + s.p1 + "/today"));
  EXPECT_NE(today.dump().find(hold_id), std::string::npos) << today.dump().substr(0, 400);
  // Logged by hand (it is not measured by the camera: a live session is refused in words).
  r = patient.request("POST", "/api/patients/" + s.p1 + "/exercise-logs",
                      json{{"exercise_id", hold_id}, {"reps_per_set", {3}}, {"pain_during_nprs", 1}}.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  r = patient.request("POST", "/api/patients/" + s.p1 + "/live-sessions", json{{"exercise", hold_id}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("not measured by the camera"), std::string::npos) << r.body;

  // Measured like the mini squat: a live set of the step-up runs under its own id.
  r = patient.request("POST", "/api/patients/" + s.p1 + "/live-sessions", json{{"exercise", reps_id}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["exercise_id"], reps_id) << r.body;

  // A picture (PNG) for the clinic's exercise, not for a library one; the patient it is prescribed to sees
  // it, another patient does not.
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  png.append(64, 'x');
  r = physio.request("POST", "/api/exercises/" + hold_id + "/video", png, "image/png");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["media_type"], "image/png");
  EXPECT_EQ(physio.request("POST", "/api/exercises/mini_squat/video", png, "image/png").status, 415);
  r = patient.get("/api/exercises/" + hold_id + "/video");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, png);
  EXPECT_EQ(patient2.get("/api/exercises/" + hold_id + "/video").status, 404);
  EXPECT_EQ((*exercise_by_id(patient.json(patient.get("/api/exercises")), hold_id))["media_type"],
            "image/png");

  // Printed like a library exercise: name, dose, steps, the position in words; no internal words anywhere.
  r = patient.get("/api/programs/" + program_id + "/print");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  const std::string text = printed_text(r.body);
  EXPECT_NE(text.find("Lying hamstring stretch with a towel"), std::string::npos) << text;
  EXPECT_NE(text.find("3 holds of 30 s"), std::string::npos) << text;
  EXPECT_NE(text.find("Lift the leg with the knee straight"), std::string::npos) << text;
  EXPECT_NE(text.find("Starting position: Lying on your back"), std::string::npos) << text;
  EXPECT_EQ(text.find("lying_supine"), std::string::npos) << text;
  for (const auto& w : exercise::internal_words(text)) ADD_FAILURE() << "internal word in the PDF: " << w;

  // Retired: kept in the program (readable, printable, the version can be changed around it), not newly
  // prescribed, not edited.
  r = physio.request("POST", "/api/clinic-exercises/" + hold_id + "/retire", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body)["retired"].get<bool>());
  EXPECT_EQ(exercise_audit_count(*ts, hold_id, "clinic_exercise.retire"), 1);
  EXPECT_EQ(physio.request("PUT", "/api/clinic-exercises/" + hold_id, hold.dump()).status, 409);
  r = physio.request("POST", "/api/patients/" + s.p2 + "/programs", program.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("retired"), std::string::npos) << r.body;
  EXPECT_TRUE((*exercise_by_id(patient.json(patient.get("/api/exercises")), hold_id))["retired"].get<bool>());
  EXPECT_EQ(patient.get("/api/programs/" + program_id + "/print").status, 200);
  const json current = physio.json(physio.get("/api/programs/" + program_id));
  r = physio.request(
      "POST", "/api/programs/" + program_id + "/versions",
      json{{"reason", "a new title"}, {"title", "Hamstrings, week 2"}, {"version", current["version"]}}
          .dump());
  EXPECT_EQ(r.status, 201) << r.body;
}

// Every exercise a patient may read, the library's and a clinic's own, is in their words (position, steps,
// cues, caution), and so is the printed program of a library exercise that starts lying on the back.
TEST(ClinicExercises, PatientFacingTextHasNoInternalWords) {
  auto ts = TestServer::start("clinic-exercise-words");
  const auto& s = ts->seeded();
  Client physio(ts->port()), patient(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto r = physio.request(
      "POST", "/api/clinic-exercises",
      json{{"name", "Wall sit"},
           {"steps", {"Stand with your back against a wall.", "Slide down a little and hold."}},
           {"position", "standing"},
           {"kind", "hold"},
           {"measured_like", "calf_stretch_hold"}}
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = json::parse(r.body)["id"];
  r = physio.request(
      "POST", "/api/patients/" + s.p1 + "/programs",
      json{{"prescriptions",
            {{{"exercise_id", id}, {"dosage", {{"sets", 1}, {"reps", 3}, {"hold_s", 30}}}},
             {{"exercise_id", "bridge"}, {"dosage", {{"sets", 3}, {"reps", 10}}}},
             {{"exercise_id", "seated_knee_extension"}, {"dosage", {{"sets", 3}, {"reps", 10}}}}}}}
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string program_id = json::parse(r.body)["id"];
  int clinic_seen = 0;
  for (const auto& e : physio.json(physio.get("/api/exercises"))) {
    std::vector<std::string> texts = {e["name"], e["description"], e["position_words"],
                                      e["contraindications"]};
    for (const auto& c : e["cues"]) texts.push_back(c["text"]);
    if (e.contains("steps"))
      for (const auto& st : e["steps"]) texts.push_back(st);
    if (e.contains("measured_words")) texts.push_back(e["measured_words"]);
    for (const auto& t : texts)
      for (const auto& w : exercise::internal_words(t))
        ADD_FAILURE() << e["id"].get<std::string>() << ": '" << w << "' in: " << t;
    clinic_seen += e["clinic"].get<bool>();
  }
  EXPECT_EQ(clinic_seen, 1);
  r = patient.get("/api/programs/" + program_id + "/print");
  ASSERT_EQ(r.status, 200);
  const std::string text = printed_text(r.body);
  EXPECT_NE(text.find("Starting position: Lying on your back"), std::string::npos) << text;
  EXPECT_EQ(text.find("ACL"), std::string::npos) << "a caution for one condition shown to every patient";
  for (const auto& w : exercise::internal_words(text)) ADD_FAILURE() << "internal word in the PDF: " << w;
}

}  // namespace
}  // namespace physio::test
