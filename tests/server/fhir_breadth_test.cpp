// The FHIR routes added for a fuller API (docs/server/fhir.md): ETag and If-None-Match, vread and _history,
// staff search across their clinic, and $everything that holds what it references and reads the same twice.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;

TEST(FhirBreadth, ReadsCarryTheirVersionAndAnUnchangedOneIs304) {
  auto ts = TestServer::start("fhir_versions");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  auto r = physio.get("/fhir/Patient/" + s.p1);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string v = json::parse(r.body)["meta"]["versionId"];
  ASSERT_TRUE(r.header("etag"));
  EXPECT_EQ(*r.header("etag"), "W/\"" + v + "\"");
  EXPECT_TRUE(r.header("last-modified"));
  auto same = physio.request("GET", "/fhir/Patient/" + s.p1, "", "application/json", true,
                             {{"if-none-match", "W/\"" + v + "\""}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(physio.get("/fhir/Patient/" + s.p1 + "/_history/" + v).status, 200);
  EXPECT_EQ(physio.get("/fhir/Patient/" + s.p1 + "/_history/99").status, 404);
  auto h = physio.get("/fhir/CarePlan/" + s.program.at(s.p1) + "/_history");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(json::parse(h.body)["type"], "history");
  // Out of reach: the same 404 as for a record that does not exist.
  EXPECT_EQ(physio.get("/fhir/Patient/" + s.p3 + "/_history/1").status, 404);
  EXPECT_EQ(physio.get("/fhir/Patient/" + s.p3 + "/_history").status, 404);
}

TEST(FhirBreadth, StaffSearchTheirClinicWithoutPatientAndAPatientOnlyThemself) {
  auto ts = TestServer::start("fhir_clinic_search");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  auto r = physio.get("/fhir/Appointment?_count=500");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> subjects;
  for (const auto& e : json::parse(r.body).value("entry", json::array()))
    for (const auto& p : e["resource"]["participant"])
      if (p["actor"]["reference"].get<std::string>().starts_with("Patient/"))
        subjects.insert(p["actor"]["reference"].get<std::string>().substr(8));
  EXPECT_TRUE(subjects.contains(s.p1) && subjects.contains(s.p2)) << r.body;
  EXPECT_FALSE(subjects.contains(s.p3)) << "never another clinic's patient";
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto own = patient.get("/fhir/Appointment?_count=500");
  ASSERT_EQ(own.status, 200) << own.body;
  for (const auto& e : json::parse(own.body).value("entry", json::array()))
    EXPECT_EQ(e["resource"]["participant"][0]["actor"]["reference"], "Patient/" + s.p1);
  // Strict handling names an unknown parameter; lenient leaves it out.
  auto strict = physio.get("/fhir/Appointment?colour=red");
  EXPECT_EQ(strict.status, 400);
  EXPECT_NE(strict.body.find("colour"), std::string::npos);
  auto lenient = physio.request("GET", "/fhir/Appointment?colour=red", "", "application/json", true,
                                {{"prefer", "handling=lenient"}});
  EXPECT_EQ(lenient.status, 200) << lenient.body;
}

TEST(FhirBreadth, EverythingHoldsWhatItReferencesAndReadsTheSameTwice) {
  auto ts = TestServer::start("fhir_everything_closed");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string url = "/fhir/Patient/" + s.p1 + "/$everything?_count=500";
  auto first = physio.get(url);
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = physio.get(url);
  const json a = json::parse(first.body), b = json::parse(second.body);
  EXPECT_EQ(a["total"], b["total"]) << "reading $everything changed what it reads";
  EXPECT_EQ(a["entry"].size(), b["entry"].size());
  std::set<std::string> have;
  for (const auto& e : a["entry"])
    have.insert(e["resource"]["resourceType"].get<std::string>() + "/" +
                e["resource"]["id"].get<std::string>());
  std::function<void(const json&)> check = [&](const json& n) {
    if (n.is_array()) {
      for (const auto& x : n) check(x);
    } else if (n.is_object()) {
      for (const auto& [k, v] : n.items()) {
        if (k == "reference" && v.is_string())
          EXPECT_TRUE(have.contains(v.get<std::string>())) << "dangling " << v.get<std::string>();
        else if (k != "text")
          check(v);
      }
    }
  };
  for (const auto& e : a["entry"]) check(e["resource"]);
  for (const auto& e : a["entry"])
    EXPECT_TRUE(e["resource"].contains("text")) << e["resource"]["resourceType"];
}

}  // namespace
}  // namespace physio::test
