// Patient administration over HTTP (docs/server/patient-admin.md): the front desk changes a patient's
// contact details and communication preferences, records a consent given and withdrawn with how and
// which text, is warned before registering a person the record may already hold, and the front desk is no
// FHIR Practitioner.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class PatientAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("patient_admin");
    desk = std::make_unique<Client>(ts->port());
    ASSERT_EQ(desk->login(ts->seeded().user_email.at("front_desk")).status, 200);
  }
  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> desk;
};

TEST_F(PatientAdmin, DetailsAndPreferencesChangeWithTheVersionRead) {
  const auto& s = ts->seeded();
  const std::string path = "/api/patients/" + s.p1;
  json p = json::parse(desk->get(path).body);
  EXPECT_EQ(p["email_ok"], false);
  EXPECT_TRUE(p["preferred_contact"].is_null());
  json change = {{"version", p["version"]}, {"email", "ann.alpha@example.org"}, {"phone", "+44 7700 900123"},
                 {"language", "pt-BR"},     {"preferred_contact", "email"},     {"email_ok", true}};
  auto r = desk->request("PATCH", path, change.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  p = json::parse(r.body);
  EXPECT_EQ(p["email"], "ann.alpha@example.org");
  EXPECT_EQ(p["preferred_contact"], "email");
  EXPECT_EQ(p["email_ok"], true);
  // Kept: read again, and in FHIR the preferred telecom ranks first and the language is preferred.
  EXPECT_EQ(json::parse(desk->get(path).body)["email_ok"], true);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json fhir = json::parse(physio.get("/fhir/Patient/" + s.p1).body);
  ASSERT_EQ(fhir["telecom"].size(), 2u);
  EXPECT_EQ(fhir["telecom"][0]["system"], "email");
  EXPECT_EQ(fhir["telecom"][0]["rank"], 1);
  EXPECT_FALSE(fhir["telecom"][1].contains("rank"));
  EXPECT_EQ(fhir["communication"][0]["preferred"], true);
  // The same version again is a stale read: refused, nothing changed.
  change["phone"] = "000";
  r = desk->request("PATCH", path, change.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(json::parse(desk->get(path).body)["phone"], "+44 7700 900123");
  // Bad values name their field.
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"preferred_contact":"pigeon"})", "/preferred_contact"},
           {R"({"email_ok":"yes"})", "/email_ok"},
           {R"({"email":"not an address"})", "/email"}}) {
    r = desk->request("PATCH", path, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(json::parse(r.body)["field"], field) << r.body;
  }
}

TEST_F(PatientAdmin, ConsentsAreAddedNeverChangedAndSayWhoWhenHowAndWhichText) {
  const auto& s = ts->seeded();
  const std::string path = "/api/patients/" + s.p1 + "/consents";
  auto r = desk->request(
      "POST", path,
      R"({"kind":"visit_audio_recording","status":"given","method":"in_person_signed","text_version":"2026-03"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = desk->request(
      "POST", path,
      R"({"kind":"visit_audio_recording","status":"withdrawn","method":"phone","note":"asked by phone"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json list = json::parse(desk->get(path).body);
  // The seeded telehealth consent, then both rows of the new kind, oldest first.
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1]["kind"], "visit_audio_recording");
  EXPECT_EQ(list[1]["status"], "given");
  EXPECT_EQ(list[1]["method"], "in_person_signed");
  EXPECT_EQ(list[1]["text_version"], "2026-03");
  EXPECT_EQ(list[2]["status"], "withdrawn");
  EXPECT_EQ(list[2]["method"], "phone");
  EXPECT_TRUE(list[2]["text_version"].is_null());
  EXPECT_EQ(list[2]["recorded_by"], s.user_id.at("front_desk"));
  EXPECT_EQ(list[2]["recorded_by_name"], "front_desk");  // the login's display name
  // How is required; an unknown kind or method is refused by field.
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"kind":"telehealth","status":"given"})", "/method"},
           {R"({"kind":"tattoos","status":"given","method":"phone"})", "/kind"},
           {R"({"kind":"telehealth","status":"given","method":"telepathy"})", "/method"}}) {
    r = desk->request("POST", path, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(json::parse(r.body)["field"], field) << r.body;
  }
  // In FHIR the grantor is the patient and the text version is the policy.
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json c = json::parse(physio.get("/fhir/Consent/" + list[1]["id"].get<std::string>()).body);
  EXPECT_EQ(c["performer"][0]["reference"], "Patient/" + s.p1);
  EXPECT_EQ(c["policy"][0]["uri"], "urn:physiokit:consent-text:visit_audio_recording:2026-03");
}

TEST_F(PatientAdmin, ASecondRecordOfOnePersonIsCaughtBeforeItIsMade) {
  const auto& s = ts->seeded();
  // The seeded "Ann Alpha", born 1960-05-04, typed with a slip.
  auto r = desk->request("POST", "/api/patients",
                         R"({"given_name":"Anne","family_name":"Alpha","birth_date":"1960-05-04"})");
  ASSERT_EQ(r.status, 409) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["error"], "possible_duplicate");
  ASSERT_EQ(j["candidates"].size(), 1u);
  EXPECT_EQ(j["candidates"][0]["id"], s.p1);
  EXPECT_EQ(j["candidates"][0]["reasons"][0], "similar name and same birth date");
  // Day and month swapped.
  r = desk->request("POST", "/api/patients",
                    R"({"given_name":"Ann","family_name":"Alpha","birth_date":"1960-04-05"})");
  ASSERT_EQ(r.status, 409) << r.body;
  // Another clinic's patient is never a candidate (Cid Charlie is in clinic B).
  r = desk->request("POST", "/api/patients",
                    R"({"given_name":"Cid","family_name":"Charlie","birth_date":"1960-05-04"})");
  EXPECT_EQ(r.status, 201) << r.body;
  // A shared birth date alone is no match.
  r = desk->request("POST", "/api/patients",
                    R"({"given_name":"Zoe","family_name":"Zulu","birth_date":"1960-05-04"})");
  EXPECT_EQ(r.status, 201) << r.body;
  // Nothing was stored by the refusals; "someone else" registers them.
  const auto before = json::parse(desk->get("/api/patients?q=alpha").body)["items"].size();
  EXPECT_EQ(before, 1u);
  r = desk->request(
      "POST", "/api/patients",
      R"({"given_name":"Anne","family_name":"Alpha","birth_date":"1960-05-04","not_a_duplicate":true})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(desk->get("/api/patients?q=alpha").body)["items"].size(), 2u);
  // The same e-mail address on a different name is caught too.
  const json p2 = json::parse(desk->get("/api/patients/" + s.p2).body);
  ASSERT_EQ(desk->request("PATCH", "/api/patients/" + s.p2,
                          json{{"version", p2["version"]}, {"email", "bea@example.org"}}.dump())
                .status,
            200);
  r = desk->request(
      "POST", "/api/patients",
      R"({"given_name":"B","family_name":"Other","birth_date":"1999-01-01","email":"BEA@example.org"})");
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(json::parse(r.body)["candidates"][0]["reasons"][0], "same e-mail address");
}

TEST_F(PatientAdmin, ARecordNumberInUseIsRefusedWithWords) {
  auto make = [&](const std::string& mrn, const std::string& family) {
    json body = {{"given_name", "Mrn"},
                 {"family_name", family},
                 {"birth_date", "1960-0" + std::to_string(family.size() % 9 + 1) + "-11"},
                 {"mrn", mrn},
                 {"not_a_duplicate", true}};
    return desk->request("POST", "/api/patients", body.dump());
  };
  auto first = make("CLIN-7", "Holder");
  ASSERT_EQ(first.status, 201) << first.body;
  // Even "not a duplicate" cannot give the number to a second patient.
  auto second = make("CLIN-7", "Other");
  EXPECT_EQ(second.status, 409) << second.body;
  const json j = json::parse(second.body);
  EXPECT_EQ(j["error"], "mrn_taken");
  EXPECT_EQ(j["field"], "/mrn");
  EXPECT_NE(j["message"].get<std::string>().find("already another patient's"), std::string::npos)
      << second.body;
  // Nor a change of another patient's number; a patient keeping their own number is no clash.
  auto third = make("CLIN-8", "Third");
  ASSERT_EQ(third.status, 201) << third.body;
  const json t = json::parse(third.body);
  const std::string path = "/api/patients/" + t["id"].get<std::string>();
  auto clash = desk->request("PATCH", path, json{{"version", t["version"]}, {"mrn", "CLIN-7"}}.dump());
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(json::parse(clash.body)["error"], "mrn_taken");
  auto same =
      desk->request("PATCH", path, json{{"version", t["version"]}, {"mrn", "CLIN-8"}, {"phone", "1"}}.dump());
  EXPECT_EQ(same.status, 200) << same.body;
}

TEST_F(PatientAdmin, TheFrontDeskIsNoPractitioner) {
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  EXPECT_EQ(physio.get("/fhir/Practitioner/" + s.user_id.at("physiotherapist")).status, 200);
  EXPECT_EQ(physio.get("/fhir/Practitioner/" + s.user_id.at("assistant")).status, 200);
  EXPECT_EQ(physio.get("/fhir/Practitioner/" + s.user_id.at("front_desk")).status, 404);
  EXPECT_EQ(physio.get("/fhir/Practitioner/" + s.user_id.at("admin")).status, 404);
  const json bundle = json::parse(physio.get("/fhir/Practitioner").body);
  std::vector<std::string> ids;
  for (const auto& e : bundle["entry"]) ids.push_back(e["resource"]["id"]);
  EXPECT_NE(std::find(ids.begin(), ids.end(), s.user_id.at("physiotherapist")), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), s.user_id.at("front_desk")), ids.end());
}

}  // namespace
}  // namespace physio::test
