// FHIR writes read into records (src/fhir/input.hpp): what is kept, and every refusal naming its element.
#include <gtest/gtest.h>

#include "fhir/input.hpp"
#include "fhir/resources.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

constexpr long long kNow = 1'795'000'000'000'000LL;  // 2026-11-18T...Z
constexpr long long kUs = 1'000'000LL;

json tug(double seconds) {
  json j = json::parse(R"({
    "resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://example.org/ehr", "code": "TUG1"},
                        {"system": "http://loinc.org", "code": "89423-8"}]},
    "subject": {"reference": "Patient/p1"},
    "effectiveDateTime": "2026-11-18T10:30:00+01:00",
    "valueQuantity": {"value": 0, "unit": "s", "system": "http://unitsofmeasure.org", "code": "s"},
    "method": {"text": "stopwatch, 3 m line, own chair"},
    "note": [{"text": "used a stick"}]
  })");
  j["valueQuantity"]["value"] = seconds;
  return j;
}

Problem refusal(const json& body) {
  auto r = observation_from_fhir(body, "c1", "p1", "u1", kNow);
  EXPECT_FALSE(r.has_value()) << body.dump();
  return r ? Problem{} : r.error();
}

TEST(FhirInput, AnObservationBecomesAnEnteredMeasurement) {
  auto o = observation_from_fhir(tug(12.5), "c1", "p1", "u1", kNow);
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->code_system, "http://loinc.org");  // the first coding physiokit records, not the EHR's own
  EXPECT_EQ(o->code, "89423-8");
  EXPECT_EQ(o->value, 12.5);
  EXPECT_EQ(o->unit, "s");
  EXPECT_EQ(o->patient_id, "p1");
  EXPECT_EQ(o->clinic_id, "c1");
  EXPECT_EQ(o->recorded_by, "u1");
  EXPECT_EQ(o->source, "manual");
  EXPECT_EQ(o->method, "stopwatch, 3 m line, own chair");
  // 10:30 at +01:00 is 09:30 UTC.
  EXPECT_EQ(o->effective_us % (86'400 * kUs), (9 * 3600 + 30 * 60) * kUs);
  EXPECT_FALSE(o->recording_id);
}

TEST(FhirInput, SideSpecificCodesStoreTheirSideAndTheResourceRoundTrips) {
  json j = tug(0);
  j["code"] = {{"coding", {{{"system", "http://loinc.org"}, {"code", "41347-6"}}}}};
  j["valueQuantity"] = {
      {"value", 118}, {"unit", "degrees"}, {"system", "http://unitsofmeasure.org"}, {"code", "deg"}};
  auto o = observation_from_fhir(j, "c1", "p1", "u1", kNow);
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->side, "right");
  EXPECT_EQ(o->body_site, "knee");
  o->id = "o1";
  o->created_us = kNow;
  const json r = observation_resource(*o);
  EXPECT_EQ(r["status"], "final");
  EXPECT_EQ(r["meta"]["versionId"], "1");
  EXPECT_EQ(r["performer"][0]["reference"], "Practitioner/u1");
  EXPECT_FALSE(r.contains("device"));  // entered by a person, not measured by physiokit
  EXPECT_EQ(r["bodySite"]["coding"][0]["code"], "6757004");
  o->version = 2;
  o->updated_us = kNow + 5;
  EXPECT_EQ(observation_resource(*o)["status"], "amended");
}

TEST(FhirInput, ValuesInTheWrongUnitOrOutsideWhatAPersonCanMeasureAreRefused) {
  // TUG in minutes.
  json minutes = tug(0.2);
  minutes["valueQuantity"]["code"] = "min";
  auto p = refusal(minutes);
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(p.expression, "Observation.valueQuantity.code");
  EXPECT_NE(p.message.find("\"s\""), std::string::npos) << p.message;
  // A TUG of 12 minutes in seconds is no TUG.
  p = refusal(tug(720));
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(p.expression, "Observation.valueQuantity.value");
  EXPECT_NE(p.message.find("1 to 600 s"), std::string::npos) << p.message;
  // Pain is a whole number from 0 to 10.
  json pain = tug(0);
  pain["code"]["coding"] = {{{"system", "http://loinc.org"}, {"code", "72514-3"}}};
  pain["valueQuantity"] = {{"value", 4.5}, {"system", "http://unitsofmeasure.org"}, {"code", "{score}"}};
  p = refusal(pain);
  EXPECT_EQ(p.expression, "Observation.valueQuantity.value");
  pain["valueQuantity"]["value"] = 4;
  EXPECT_TRUE(observation_from_fhir(pain, "c1", "p1", "u1", kNow));
  json nan = tug(0);
  nan["valueQuantity"]["value"] = "12";
  EXPECT_EQ(refusal(nan).status, 400);
  json cmp = tug(12);
  cmp["valueQuantity"]["comparator"] = ">";
  EXPECT_EQ(refusal(cmp).expression, "Observation.valueQuantity.comparator");
}

TEST(FhirInput, WhatCannotBeRecordedFaithfullyIsRefusedNamingTheElement) {
  struct Case {
    const char* element;
    json value;
    const char* expression;
    int status;
  };
  const std::vector<Case> cases = {
      {"status", "preliminary", "Observation.status", 422},
      {"status", nullptr, "Observation.status", 400},
      {"code", json{{"coding", {{{"system", "http://loinc.org"}, {"code", "8867-4"}}}}}, "Observation.code",
       422},
      {"code", json{{"text", "TUG"}}, "Observation.code", 400},
      {"modifierExtension", json::array({{{"url", "http://example.org/x"}, {"valueBoolean", true}}}),
       "Observation.modifierExtension", 422},
      {"component", json::array({json::object()}), "Observation.component", 422},
      {"dataAbsentReason", json{{"text", "refused"}}, "Observation.dataAbsentReason", 422},
      {"valueString", "12 s", "Observation.valueString", 422},
      {"effectivePeriod", json{{"start", "2026-11-18T10:00:00Z"}}, "Observation.effectivePeriod", 422},
      {"effectiveDateTime", "2026-11-18", "Observation.effectiveDateTime", 400},
      {"effectiveDateTime", "yesterday", "Observation.effectiveDateTime", 400},
      {"effectiveDateTime", "2027-01-01T10:00:00Z", "Observation.effectiveDateTime", 422},
      {"resourceType", "Patient", "Observation.resourceType", 400},
  };
  for (const auto& c : cases) {
    json j = tug(12);
    if (c.value.is_null())
      j.erase(c.element);
    else
      j[c.element] = c.value;
    const auto p = refusal(j);
    EXPECT_EQ(p.expression, c.expression) << c.element << ": " << p.message;
    EXPECT_EQ(p.status, c.status) << c.element << ": " << p.message;
    EXPECT_FALSE(p.message.empty());
  }
}

TEST(FhirInput, TheSubjectIsAPatientReference) {
  EXPECT_EQ(*patient_reference(tug(1), "subject"), "p1");
  for (const char* ref :
       {"Group/g1", "Patient/", "Patient/a/_history/2", "http://other/fhir/Patient/p1", ""}) {
    json j = tug(1);
    j["subject"] = {{"reference", ref}};
    auto r = patient_reference(j, "subject");
    ASSERT_FALSE(r) << ref;
    EXPECT_EQ(r.error().expression, "Observation.subject.reference");
  }
  json none = tug(1);
  none.erase("subject");
  EXPECT_EQ(patient_reference(none, "subject").error().expression, "Observation.subject");
}

clinic::Patient stored() {
  return {.id = "p1",
          .clinic_id = "c1",
          .given_name = "Ana",
          .family_name = "Silva",
          .birth_date = "1960-02-03",
          .sex = "female",
          .mrn = "MRN-1",
          .email = "ana@example.org",
          .phone = "+351 210 000 000",
          .language = "pt",
          .time_zone = "Europe/Lisbon",
          .created_us = kNow,
          .updated_us = kNow,
          .version = 3};
}

TEST(FhirInput, APatientUpdateReplacesWhatTheClinicStoresAndRoundTrips) {
  // What the server serves, changed by the client, comes back the same.
  json r = patient_resource(stored());
  r["name"][0]["family"] = "Silva Santos";
  r["telecom"][1]["value"] = "+351 210 111 111";
  r["address"] = json::array({{{"city", "Lisboa"}}});  // not stored, not refused
  auto p = patient_from_fhir(r, stored(), "2026-11-24");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->family_name, "Silva Santos");
  EXPECT_EQ(p->given_name, "Ana");
  EXPECT_EQ(p->phone, "+351 210 111 111");
  EXPECT_EQ(p->mrn, "MRN-1");
  EXPECT_EQ(p->language, "pt");
  EXPECT_EQ(p->time_zone, "Europe/Lisbon");
  EXPECT_EQ(p->version, 3);
  EXPECT_EQ(patient_resource(*p)["name"], r["name"]);
  // Replace: what is left out is cleared.
  r.erase("telecom");
  r.erase("extension");
  p = patient_from_fhir(r, stored(), "2026-11-24");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->email, "");
  EXPECT_EQ(p->phone, "");
  EXPECT_EQ(p->time_zone, "");
}

TEST(FhirInput, PatientUpdatesThatNeedTheClinicsOwnStepsAreRefused) {
  const json base = patient_resource(stored());
  struct Case {
    const char* element;
    json value;
    const char* expression;
    int status;
  };
  const std::vector<Case> cases = {
      {"id", "p2", "Patient.id", 400},
      {"active", false, "Patient.active", 422},
      {"deceasedBoolean", true, "Patient.deceased[x]", 422},
      {"deceasedDateTime", "2026-11-01", "Patient.deceased[x]", 422},
      {"link", json::array({{{"other", {{"reference", "Patient/p9"}}}, {"type", "replaced-by"}}}),
       "Patient.link", 422},
      {"birthDate", "2030-01-01", "Patient.birthDate", 400},
      {"birthDate", nullptr, "Patient.birthDate", 400},
      {"gender", "f", "Patient.gender", 400},
      {"name", json::array({{{"given", {"Ana"}}}}), "Patient.name.family", 400},
      {"telecom", json::array({{{"system", "email"}, {"value", "not an address"}}}), "Patient.telecom.value",
       400},
      {"extension",
       json::array(
           {{{"url", "http://hl7.org/fhir/StructureDefinition/timezone"}, {"valueCode", "Mars Base/.."}}}),
       "Patient.extension", 400},
  };
  for (const auto& c : cases) {
    json j = base;
    if (c.value.is_null())
      j.erase(c.element);
    else
      j[c.element] = c.value;
    auto p = patient_from_fhir(j, stored(), "2026-11-24");
    ASSERT_FALSE(p) << c.element;
    EXPECT_EQ(p.error().expression, c.expression) << c.element << ": " << p.error().message;
    EXPECT_EQ(p.error().status, c.status) << c.element;
  }
}

TEST(FhirInput, IfMatchNamesAVersion) {
  EXPECT_EQ(if_match_version("W/\"3\""), 3);
  EXPECT_EQ(if_match_version("\"12\""), 12);
  for (const char* bad : {"3", "W/3", "\"\"", "\"a\"", "W/\"1234567890123456\"", ""})
    EXPECT_FALSE(if_match_version(bad)) << bad;
}

}  // namespace
}  // namespace physio::fhir
