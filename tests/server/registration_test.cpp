// Registration for any country over HTTP (docs/server/patient-admin.md, "Registration details"): the front
// desk records an address in Portugal, an emergency contact, a GP and an insurer; bad values are refused
// naming the field; FHIR Patient carries the address, the emergency contact and the GP; a language written
// as its name is refused with its tag; the patient changes their own phone, address and agreement to
// e-mails and withdraws a consent from their own pages, and staff see it.
#include <cctype>
#include <tuple>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

class RegistrationApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("registration");
    desk = std::make_unique<Client>(ts->port());
    ASSERT_EQ(desk->login(ts->seeded().user_email.at("front_desk")).status, 200);
  }
  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> desk;
};

const json kLisbon = {{"address_lines", "Rua Augusta 100\n2.º esquerdo"},
                      {"city", "Lisboa"},
                      {"postcode", "1100-053"},
                      {"country", "PT"},
                      {"emergency_name", "Maria Silva"},
                      {"emergency_relationship", "wife"},
                      {"emergency_phone", "+351 912 345 678"},
                      {"gp_name", "Dr. Rui Costa"},
                      {"gp_practice", "USF Baixa"},
                      {"gp_phone", "+351 213 000 000"},
                      {"funder_kind", "private_insurer"},
                      {"funder_name", "Médis"},
                      {"funder_reference", "POL-12345"}};

TEST_F(RegistrationApi, TheFrontDeskRecordsDetailsOfAnyCountry) {
  const auto& s = ts->seeded();
  const std::string path = "/api/patients/" + s.p1 + "/registration";
  json none = json::parse(desk->get(path).body);
  EXPECT_EQ(none["country"], "");
  EXPECT_TRUE(none["updated"].is_null());
  auto r = desk->request("PUT", path, kLisbon.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json got = json::parse(desk->get(path).body);
  for (const auto& [k, v] : kLisbon.items()) EXPECT_EQ(got[k], v) << k;
  EXPECT_FALSE(got["updated"].is_null());
  // Only what is sent changes; "" clears.
  r = desk->request("PUT", path, R"({"region":"Lisboa","gp_phone":""})");
  ASSERT_EQ(r.status, 200) << r.body;
  got = json::parse(r.body);
  EXPECT_EQ(got["region"], "Lisboa");
  EXPECT_EQ(got["gp_phone"], "");
  EXPECT_EQ(got["city"], "Lisboa");
  // The lists the pages choose from.
  const json lists = json::parse(desk->get("/api/registration-lists").body);
  EXPECT_EQ(lists["countries"].size(), 249u);
  bool portugal = false;
  for (const auto& c : lists["countries"]) portugal |= c["code"] == "PT" && c["name"] == "Portugal";
  EXPECT_TRUE(portugal);
  EXPECT_EQ(lists["funder_kinds"].size(), 5u);
  EXPECT_GT(lists["languages"].size(), 60u);
}

TEST_F(RegistrationApi, RegisteredWithTheDetailsInOneStepOrNotAtAll) {
  json body = {{"given_name", "Rita"},
               {"family_name", "Lopes"},
               {"birth_date", "1970-03-04"},
               {"language", "pt-PT"},
               {"registration", kLisbon}};
  // A bad detail: refused naming the field inside the details, and no patient was registered.
  body["registration"]["emergency_phone"] = "912 345 678";
  auto r = desk->request("POST", "/api/patients", body.dump());
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["field"], "/registration/emergency_phone");
  EXPECT_EQ(json::parse(desk->get("/api/patients?q=Lopes").body)["items"].size(), 0u);
  body["registration"]["emergency_phone"] = "+351 912 345 678";
  r = desk->request("POST", "/api/patients", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = json::parse(r.body)["id"];
  const json got = json::parse(desk->get("/api/patients/" + id + "/registration").body);
  EXPECT_EQ(got["country"], "PT");
  EXPECT_EQ(got["funder_reference"], "POL-12345");
}

TEST_F(RegistrationApi, AnEpisodesCodeIsFromTheSearchableList) {
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json found = json::parse(physio.get("/api/icd10?q=knee&limit=50").body);
  EXPECT_EQ(found["system_name"], "ICD-10-CM");
  ASSERT_FALSE(found["items"].empty());
  bool m17 = false;
  for (const auto& i : found["items"]) {
    std::string t = i["title"].get<std::string>();
    for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(t.find("knee"), std::string::npos) << i.dump();
    m17 |= i["code"] == "M17.11";
  }
  EXPECT_TRUE(m17) << found.dump();
  EXPECT_EQ(physio.get("/api/icd10?q=knee&limit=0").status, 400);
  const std::string path = "/api/patients/" + s.p1 + "/episodes";
  auto r = physio.request("POST", path, R"({"icd10_code":"M17.11","condition_text":"Knee OA"})");
  EXPECT_EQ(r.status, 201) << r.body;
  // Well formed but not in the list, and an injury without its 7th character: refused naming the field.
  for (const char* code : {"M99.99", "S83.511"}) {
    r = physio.request("POST", path, std::string(R"({"icd10_code":")") + code + R"(","condition_text":"x"})");
    ASSERT_EQ(r.status, 400) << code;
    EXPECT_EQ(json::parse(r.body)["field"], "/icd10_code");
    EXPECT_NE(r.body.find("ICD-10-CM"), std::string::npos) << r.body;
  }
}

TEST_F(RegistrationApi, BadValuesAreRefusedNamingTheField) {
  const auto& s = ts->seeded();
  const std::string path = "/api/patients/" + s.p1 + "/registration";
  for (const auto& [body, field, words] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {R"({"emergency_name":"Maria","emergency_phone":"912 345 678"})", "/emergency_phone",
            "Emergency contact's phone must be a phone number in international form"},
           {R"({"country":"Portugal"})", "/country", "Country must be a country code from the list"},
           {R"({"funder_kind":"insurance"})", "/funder_kind", "Who pays must be one of"},
           {R"({"funder_reference":"POL-1"})", "/funder_kind", "Who pays is needed"},
           {R"({"emergency_phone":"+351 912 345 678"})", "/emergency_name",
            "Emergency contact's name is needed"},
           {R"({"city":")" + std::string(101, 'a') + R"("})", "/city", "at most 100"},
           {R"({"insurer":"x"})", "/insurer", "unknown field"}}) {
    auto r = desk->request("PUT", path, body);
    ASSERT_EQ(r.status, 400) << body;
    const json e = json::parse(r.body);
    EXPECT_EQ(e["field"], field) << body;
    EXPECT_NE(e["message"].get<std::string>().find(words), std::string::npos) << e["message"];
  }
  // Nothing was half-written.
  EXPECT_EQ(json::parse(desk->get(path).body)["updated"], nullptr);
  // A language written as its name: refused with the tag to write.
  auto r = desk->request("PATCH", "/api/patients/" + s.p1, R"({"language":"English"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "/language");
  EXPECT_NE(r.body.find("write en for English"), std::string::npos) << r.body;
  EXPECT_EQ(desk->request("PATCH", "/api/patients/" + s.p1, R"({"language":"pt-PT"})").status, 200);
  // The assistant may read the details, not change them.
  Client assistant(ts->port());
  ASSERT_EQ(assistant.login(s.user_email.at("assistant")).status, 200);
  EXPECT_EQ(assistant.get(path).status, 200);
  EXPECT_EQ(assistant.request("PUT", path, R"({"city":"Porto"})").status, 403);
}

TEST_F(RegistrationApi, FhirPatientCarriesAddressEmergencyContactAndGp) {
  const auto& s = ts->seeded();
  ASSERT_EQ(desk->request("PUT", "/api/patients/" + s.p1 + "/registration", kLisbon.dump()).status, 200);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json p = json::parse(physio.get("/fhir/Patient/" + s.p1).body);
  ASSERT_EQ(p["address"].size(), 1u) << p.dump();
  EXPECT_EQ(p["address"][0]["line"], json::array({"Rua Augusta 100", "2.º esquerdo"}));
  EXPECT_EQ(p["address"][0]["city"], "Lisboa");
  EXPECT_EQ(p["address"][0]["postalCode"], "1100-053");
  EXPECT_EQ(p["address"][0]["country"], "PT");
  ASSERT_EQ(p["contact"].size(), 1u);
  EXPECT_EQ(p["contact"][0]["relationship"][0]["coding"][0]["system"],
            "http://terminology.hl7.org/CodeSystem/v2-0131");
  EXPECT_EQ(p["contact"][0]["relationship"][0]["coding"][0]["code"], "C");
  EXPECT_EQ(p["contact"][0]["relationship"][0]["text"], "wife");
  EXPECT_EQ(p["contact"][0]["name"]["text"], "Maria Silva");
  EXPECT_EQ(p["contact"][0]["telecom"][0]["value"], "+351 912 345 678");
  EXPECT_EQ(p["generalPractitioner"][0]["display"], "Dr. Rui Costa, USF Baixa");
  EXPECT_FALSE(p.dump().find("POL-12345") != std::string::npos) << "who pays is not on Patient";
  // $everything (and so the patient's export) carries the same Patient.
  const json all = json::parse(physio.get("/fhir/Patient/" + s.p1 + "/$everything").body);
  bool found = false;
  for (const auto& e : all["entry"])
    if (e["resource"]["resourceType"] == "Patient") {
      found = true;
      EXPECT_EQ(e["resource"]["address"][0]["country"], "PT") << e.dump();
      EXPECT_EQ(e["resource"]["contact"][0]["name"]["text"], "Maria Silva");
    }
  EXPECT_TRUE(found) << all.dump().substr(0, 400);
  // A FHIR PUT of the demographics neither changes nor clears them, and answers them as a read does.
  json put = p;
  put.erase("address");
  put.erase("contact");
  auto w = physio.request("PUT", "/fhir/Patient/" + s.p1, put.dump(), "application/fhir+json");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(json::parse(w.body)["address"][0]["country"], "PT");
  EXPECT_EQ(json::parse(physio.get("/fhir/Patient/" + s.p1).body)["contact"][0]["name"]["text"],
            "Maria Silva");
}

TEST_F(RegistrationApi, ThePatientChangesTheirOwnContactDetailsAndConsents) {
  const auto& s = ts->seeded();
  Client me(ts->port());
  ASSERT_EQ(me.login(s.user_email.at("patient")).status, 200);
  // The desk records an e-mail the patient agreed to.
  ASSERT_EQ(desk->request("PATCH", "/api/patients/" + s.p1, R"({"email":"ann@example.org","email_ok":true})")
                .status,
            200);
  const std::string own = "/api/patients/" + s.p1 + "/own-details";
  auto r = me.request("PUT", own,
                      R"({"phone":"+351 936 000 111","city":"Porto","country":"PT","emergency_name":"João",)"
                      R"("emergency_phone":"+351 912 000 222","email_ok":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  // The staff's view shows the change; e-mails are no longer agreed to (reminders and notices stop).
  const json p = json::parse(desk->get("/api/patients/" + s.p1).body);
  EXPECT_EQ(p["phone"], "+351 936 000 111");
  EXPECT_EQ(p["email_ok"], false);
  const json reg = json::parse(desk->get("/api/patients/" + s.p1 + "/registration").body);
  EXPECT_EQ(reg["city"], "Porto");
  EXPECT_EQ(reg["emergency_name"], "João");
  // Their own record only; what only staff change is not theirs to send.
  EXPECT_EQ(
      me.request("PUT", "/api/patients/" + s.p2 + "/own-details", R"({"phone":"+351 936 000 111"})").status,
      404);
  r = me.request("PUT", own, R"({"funder_kind":"self_pay"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "/funder_kind");
  EXPECT_EQ(me.request("PUT", "/api/patients/" + s.p1 + "/registration", R"({"city":"Faro"})").status, 403);
  r = me.request("PUT", own, R"({"phone":"936 000 111"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "/phone");
  EXPECT_NE(r.body.find("Phone must be a phone number in international form"), std::string::npos) << r.body;
  // Staff do not use the patient's route.
  EXPECT_EQ(desk->request("PUT", own, R"({"phone":"+351 936 000 111"})").status, 403);

  // The seeded telehealth consent is given; the patient withdraws it online.
  r = me.request("POST", "/api/patients/" + s.p1 + "/own-consents",
                 R"({"kind":"telehealth","status":"withdrawn"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["method"], "online");
  const json consents = json::parse(desk->get("/api/patients/" + s.p1 + "/consents").body);
  json latest;
  for (const auto& c : consents)
    if (c["kind"] == "telehealth" && (latest.is_null() || c["recorded"] >= latest["recorded"])) latest = c;
  EXPECT_EQ(latest["status"], "withdrawn");
  EXPECT_EQ(latest["recorded_by_name"], "the patient");
  EXPECT_EQ(me.request("POST", "/api/patients/" + s.p1 + "/own-consents",
                       R"({"kind":"marketing","status":"given"})")
                .status,
            400);
  // Both changes are in the access log, as the patient's (read by the physiotherapist).
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const json log = json::parse(physio.get("/api/patients/" + s.p1 + "/audit").body);
  ASSERT_TRUE(log.contains("items")) << log.dump();
  int self_update = 0, self_consent = 0;
  for (const auto& e : log["items"]) {
    self_update += e["action"] == "patient.self_update" && e["role"] == "patient";
    self_consent += e["action"] == "consent.self" && e["role"] == "patient";
  }
  EXPECT_GE(self_update, 1);
  EXPECT_EQ(self_consent, 1);
}

}  // namespace
}  // namespace physio::test
