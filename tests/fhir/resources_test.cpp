// Every builder's output has the elements FHIR R4 requires (min 1 in the base StructureDefinitions), ids
// that FHIR accepts, and the codes and units docs/server/fhir-mapping.md promises. The full JSON-schema
// check of every resource the running server produces is tests/fhir_conformance.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fhir/bundle.hpp"
#include "fhir/capability.hpp"
#include "fhir/codes.hpp"
#include "fhir/json_path.hpp"
#include "fhir/outcome.hpp"
#include "fhir/resources.hpp"
#include "measures/library.hpp"
#include "notes/note.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

const std::string kHex = "0123456789abcdef0123456789abcdef";
const std::string kHex2 = "fedcba9876543210fedcba9876543210";
constexpr TimeUs kT = 1'795'000'000'000'000;  // 2026-11-18

/// The required element paths of each type (R4 base definitions, cardinality 1..*).
const std::map<std::string, std::vector<std::string>>& required() {
  static const std::map<std::string, std::vector<std::string>> r = {
      {"Patient", {}},
      {"Practitioner", {}},
      {"Organization", {}},
      {"Condition", {"subject"}},
      {"Goal", {"lifecycleStatus", "description", "subject"}},
      {"CarePlan", {"status", "intent", "subject"}},
      {"Observation", {"status", "code"}},
      {"Consent", {"status", "scope", "category"}},
      {"Appointment", {"status", "participant", "participant.status"}},
      {"AuditEvent", {"type", "recorded", "agent", "agent.requestor", "source", "source.observer"}},
      {"Provenance", {"target", "recorded", "agent", "agent.who"}},
      {"Device", {}},
      {"Questionnaire", {"status", "item.linkId", "item.type"}},
      {"QuestionnaireResponse", {"status", "item.linkId", "item.answer"}},
      {"CodeSystem", {"status", "content"}},
      {"Composition", {"status", "type", "date", "author", "title", "section.title", "section.text"}},
      {"RiskAssessment", {"status", "subject"}},
  };
  return r;
}

void expect_valid(const json& r) {
  ASSERT_TRUE(r.is_object());
  const std::string type = r.value("resourceType", "");
  ASSERT_TRUE(required().contains(type)) << "unexpected type " << type;
  // FHIR id: [A-Za-z0-9\-\.]{1,64}
  const std::string id = r.value("id", std::string());
  bool id_ok = !id.empty() && id.size() <= 64;
  for (char c : id) id_ok &= std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
  EXPECT_TRUE(id_ok) << type << " id " << id;
  for (const auto& path : required().at(type))
    EXPECT_FALSE(values_at(r, path).empty()) << type << " lacks required " << path << ": " << r.dump();
  // No empty strings, arrays or objects anywhere: FHIR forbids them.
  std::function<void(const json&, const std::string&)> walk = [&](const json& n, const std::string& at) {
    if (n.is_string()) {
      EXPECT_FALSE(n.get<std::string>().empty()) << type << " empty string at " << at;
    }
    if (n.is_array() || n.is_object()) {
      EXPECT_FALSE(n.empty()) << type << " empty at " << at;
    }
    if (n.is_array())
      for (std::size_t i = 0; i < n.size(); ++i) walk(n[i], at + "[" + std::to_string(i) + "]");
    if (n.is_object())
      for (const auto& [k, v] : n.items()) walk(v, at + "." + k);
  };
  walk(r, type);
}

clinic::Observation tug() {
  clinic::Observation o;
  o.id = kHex;
  o.clinic_id = kHex2;
  o.patient_id = kHex2;
  o.recording_id = kHex;
  o.code_system = "http://loinc.org";
  o.code = "89423-8";
  o.display = "Timed Up and Go";
  o.value = 11.4;
  o.unit = "s";
  o.method = "wearable IMU";
  o.effective_us = kT;
  o.created_us = kT + 5;
  o.source = "imu";
  return o;
}

TEST(Builders, EveryBuilderHasTheRequiredElements) {
  clinic::Patient p{
      kHex,     kHex2,   "Ann",           "Alpha", "1960-05-04", "female", "MRN-1", "ann@example.org",
      "+351 1", "pt-PT", "Europe/Lisbon", kT,      kT,           3};
  expect_valid(patient_resource(p));
  expect_valid(organization_resource(clinic::Clinic{kHex2, "Clinic A", kT, false}));
  clinic::User u;
  u.id = kHex;
  u.email = "physio@example.org";
  u.display_name = "Pat Physio";
  u.role = clinic::Role::kPhysiotherapist;
  expect_valid(practitioner_resource(u));
  clinic::Episode e;
  e.id = kHex;
  e.patient_id = kHex2;
  e.status = "active";
  e.icd10_code = "M17.11";
  e.condition_text = "knee OA";
  e.side = "right";
  e.onset_date = "2026-01-02";
  e.goals = "walk 2 km without pain";
  e.created_us = kT;
  expect_valid(condition_resource(e));
  ASSERT_TRUE(goal_resource(e).has_value());
  expect_valid(*goal_resource(e));
  e.goals.clear();
  EXPECT_FALSE(goal_resource(e).has_value());
  clinic::HomeProgram hp;
  hp.id = kHex;
  hp.patient_id = kHex2;
  hp.status = "active";
  hp.title = "Knee strength";
  hp.created_by = kHex2;
  hp.program_json =
      R"({"prescriptions":[{"exercise_id":"mini_squat","side":"both","dosage":{"sets":3,"reps":10,"load":{"kind":"kg","kg":10},"times_per_day":1,"days_per_week":5}}]})";
  const json cp = care_plan_resource(hp);
  expect_valid(cp);
  EXPECT_EQ(cp["activity"][0]["detail"]["description"], "3 x 10, 10 kg, once a day, 5 days a week");
  expect_valid(observation_resource(tug()));
  expect_valid(pain_observation_resource(clinic::MorningPainAnswer{kHex, kHex2, kHex2, kT, 3, kHex2, kT}));
  clinic::Consent c{kHex, kHex2, kHex2, "remote_monitoring", "given", kHex, kT, ""};
  expect_valid(consent_resource(c));
  expect_valid(consent_provenance(c));
  clinic::Appointment a{kHex, kHex2, kHex2, kHex, kT, 30, "noshow", "review", kT, kT};
  expect_valid(appointment_resource(a));
  clinic::AuditEvent ae;
  ae.seq = 42;
  ae.time_us = kT;
  ae.clinic_id = kHex2;
  ae.actor_id = kHex;
  ae.role = "physiotherapist";
  ae.action = "patient.read";
  ae.record_type = "patient";
  ae.record_id = kHex2;
  ae.patient_id = kHex2;
  ae.client = "127.0.0.1";
  ae.outcome = "success";
  expect_valid(audit_event_resource(ae));
  ae.actor_id.clear();
  ae.role.clear();
  ae.clinic_id.clear();
  ae.action = "login";
  ae.outcome = "failed";
  expect_valid(audit_event_resource(ae));
  expect_valid(program_provenance(
      hp, clinic::ProgramVersion{kHex, kHex2, kHex2, 2, "{}", "auto", kT, "rule", "auto_progression"}));
  expect_valid(observation_provenance(tug()));
  expect_valid(device_resource("0.1.0"));
  expect_valid(measures_code_system());
  auto lib = measures::default_measure_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  for (const auto& ins : (*lib)->instruments) expect_valid(questionnaire_resource(ins));
  clinic::QuestionnaireResponse qr;
  qr.id = kHex;
  qr.patient_id = kHex2;
  qr.instrument_id = "nprs";
  qr.answers_json = "[7]";
  qr.source = "staff";
  qr.entered_by = kHex;
  qr.completed_us = kT;
  auto nprs = (*lib)->find("nprs");
  ASSERT_TRUE(nprs);
  const json q = questionnaire_response_resource(qr, *nprs);
  expect_valid(q);
  EXPECT_EQ(q["questionnaire"], "http://physiokit.org/fhir/Questionnaire/nprs");
  EXPECT_EQ(q["item"][0]["linkId"], "pain");
  EXPECT_EQ(q["item"][0]["answer"][0]["valueCoding"]["code"], "7");
  EXPECT_EQ(q["author"]["reference"], "Practitioner/" + kHex);
  // A missing answer has no item; a measured value keeps its number.
  auto tug_ins = (*lib)->find("tug");
  ASSERT_TRUE(tug_ins);
  qr.instrument_id = "tug";
  qr.answers_json = "[12.5]";
  EXPECT_EQ(questionnaire_response_resource(qr, *tug_ins)["item"][0]["answer"][0]["valueDecimal"], 12.5);
  qr.answers_json = "[null]";
  EXPECT_FALSE(questionnaire_response_resource(qr, *tug_ins).contains("item"));
}

/// A small SOAP note: one sentence per section, sources of several kinds, text that needs escaping.
notes::Note soap_note() {
  notes::Draft d;
  for (std::size_t i = 0; i < 4; ++i)
    d.sections.push_back(notes::Section{notes::kSectionCodes[i], notes::kSectionTitles[i], {}});
  d.sections[0].sentences = {{"Patient's comment after bridge on 4 Nov 2026: \"pain <5 & easing\" 'ok'",
                              {{"exercise_log", kHex}},
                              false},
                             {"Morning pain (NPRS) 3/10 on 5 Nov 2026, the only rating since 3 Nov 2026.",
                              {{"morning_pain", kHex}},
                              false}};
  d.sections[1].sentences = {{"Timed Up and Go (IMU): 11.4 s on 5 Nov 2026.",
                              {{"observation", kHex}, {"observation", kHex}, {"observation", kHex2}},
                              false}};
  d.sections[2].sentences = {
      {"No outcome measure completed since 3 Nov 2026: no change against baseline to report.", {}, false}};
  d.sections[3].sentences = {{"Next appointment: 24 Nov 2026.", {{"appointment", kHex2}}, false},
                             {"Waiting for the physiotherapist's decision.", {{"proposal", kHex}}, false}};
  return notes::new_note({kHex, kHex2, kHex2, kHex, kT, kT - 14 * 86'400 * kUsPerSecond, kT}, d);
}

TEST(Builders, RiskAssessmentCarriesTheFlagItsBasisAndTheDecision) {
  clinic::RiskFlagRow f;
  f.id = "0a1b";
  f.clinic_id = "c1";
  f.patient_id = "p1";
  f.kind = "noshow";
  f.subject_type = "appointment";
  f.subject_id = "ap1";
  f.method = "model";
  f.model = "noshow";
  f.model_version = "noshow-2026-11-25-abc";
  f.probability = 0.42;
  f.level = "moderate";
  f.body =
      R"j({"title":"Risk of not attending: 42 %","reasons":[{"text":"earlier missed appointments: 2 (raises )j"
      R"j(the risk)","direction":"raises"}],"action":"Call the patient","basis":"42 % from the model"})j";
  f.status = "open";
  f.computed_us = 1'790'000'000'000'000;
  json r = risk_assessment_resource(f);
  expect_valid(r);
  EXPECT_EQ(r["status"], "preliminary");
  EXPECT_EQ(r["subject"]["reference"], "Patient/p1");
  EXPECT_EQ(r["basis"][0]["reference"], "Appointment/ap1");
  EXPECT_DOUBLE_EQ(r["prediction"][0]["probabilityDecimal"].get<double>(), 0.42);
  EXPECT_EQ(r["prediction"][0]["qualitativeRisk"]["coding"][0]["code"], "moderate");
  EXPECT_NE(r["prediction"][0]["rationale"].get<std::string>().find("earlier missed appointments"),
            std::string::npos);
  EXPECT_EQ(r["mitigation"], "Call the patient");
  EXPECT_NE(r["method"]["text"].get<std::string>().find("noshow-2026-11-25-abc"), std::string::npos);
  EXPECT_FALSE(r.contains("note"));
  // Dismissed with a reason: cancelled, the reason in a note by the clinician; a rule has no probability.
  f.status = "dismissed";
  f.decided_by = "u1";
  f.decided_us = f.computed_us + 1;
  f.decision_reason = "moved to a video visit";
  f.method = "rule";
  f.probability.reset();
  r = risk_assessment_resource(f);
  expect_valid(r);
  EXPECT_EQ(r["status"], "cancelled");
  EXPECT_EQ(r["note"][0]["text"], "Dismissed: moved to a video visit");
  EXPECT_EQ(r["performer"]["reference"], "Practitioner/u1");
  EXPECT_FALSE(r["prediction"][0].contains("probabilityDecimal"));
  f.status = "accepted";
  EXPECT_EQ(risk_assessment_resource(f)["status"], "final");
}

TEST(Builders, CompositionFollowsTheNotesLifecycle) {
  notes::Note n = soap_note();
  json r = composition_resource(n);
  expect_valid(r);
  EXPECT_EQ(r["status"], "preliminary");
  EXPECT_EQ(r["title"], "Progress note (draft, not signed)");
  EXPECT_EQ(r["type"]["coding"][0]["system"], "http://loinc.org");
  EXPECT_EQ(r["type"]["coding"][0]["code"], "11506-3");
  EXPECT_EQ(r["subject"]["reference"], "Patient/" + kHex2);
  EXPECT_EQ(r["author"][0]["reference"], "Practitioner/" + kHex);
  EXPECT_EQ(r["date"], instant(kT));
  EXPECT_FALSE(r.contains("attester"));
  ASSERT_EQ(r["section"].size(), 4u);
  const std::vector<std::string> codes = {"61150-9", "61149-1", "51848-0", "18776-5"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r["section"][i]["code"]["coding"][0]["code"], codes[i]);
    EXPECT_EQ(r["section"][i]["text"]["status"], "generated");
    EXPECT_TRUE(r["section"][i]["text"]["div"].get<std::string>().starts_with(
        "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>"));
  }
  // Escaped narrative, one paragraph per sentence.
  EXPECT_EQ(
      r["section"][0]["text"]["div"],
      "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Patient&#39;s comment after bridge on 4 Nov 2026: "
      "&quot;pain &lt;5 &amp; easing&quot; &#39;ok&#39;</p><p>Morning pain (NPRS) 3/10 on 5 Nov 2026, the "
      "only "
      "rating since 3 Nov 2026.</p></div>");
  // Entries: the FHIR resources the sources name, once each; exercise logs and proposals have none.
  EXPECT_EQ(r["section"][0]["entry"], json::array({{{"reference", "Observation/mp-" + kHex}}}));
  EXPECT_EQ(r["section"][1]["entry"],
            json::array({{{"reference", "Observation/" + kHex}}, {{"reference", "Observation/" + kHex2}}}));
  EXPECT_FALSE(r["section"][2].contains("entry"));
  EXPECT_EQ(r["section"][3]["entry"], json::array({{{"reference", "Appointment/" + kHex2}}}));

  ASSERT_TRUE(notes::sign(n, kHex2, kT + 60 * kUsPerSecond));
  r = composition_resource(n);
  expect_valid(r);
  EXPECT_EQ(r["status"], "final");
  EXPECT_EQ(r["title"], "Progress note");
  EXPECT_EQ(r["date"], instant(kT + 60 * kUsPerSecond));
  EXPECT_EQ(r["attester"][0]["mode"], "legal");
  EXPECT_EQ(r["attester"][0]["party"]["reference"], "Practitioner/" + kHex2);

  ASSERT_TRUE(notes::add_addendum(n, {"Knee <b>swollen</b>.", "phone call", kHex, kT + 3600 * kUsPerSecond}));
  r = composition_resource(n);
  expect_valid(r);
  EXPECT_EQ(r["status"], "amended");
  EXPECT_EQ(r["date"], instant(kT + 3600 * kUsPerSecond));
  ASSERT_EQ(r["section"].size(), 5u);
  EXPECT_EQ(r["section"][4]["title"], "Addendum");
  EXPECT_EQ(r["section"][4]["author"][0]["reference"], "Practitioner/" + kHex);
  EXPECT_NE(r["section"][4]["text"]["div"].get<std::string>().find("Knee &lt;b&gt;swollen&lt;/b&gt;."),
            std::string::npos);
}

TEST(Builders, ObservationsUseLoincAndUcum) {
  const json r = observation_resource(tug());
  EXPECT_EQ(r["code"]["coding"][0]["system"], "http://loinc.org");
  EXPECT_EQ(r["code"]["coding"][0]["code"], "89423-8");
  EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
  EXPECT_EQ(r["valueQuantity"]["code"], "s");
  EXPECT_EQ(r["category"][0]["coding"][0]["code"], "exam");
  const json pain =
      pain_observation_resource(clinic::MorningPainAnswer{kHex, kHex2, kHex2, kT, 4, kHex2, kT});
  EXPECT_EQ(pain["id"], "mp-" + kHex);
  EXPECT_EQ(pain["code"]["coding"][0]["code"], "72514-3");
  EXPECT_EQ(pain["category"][0]["coding"][0]["code"], "survey");
  // The best knee-flexion range of one side also carries LOINC's active range code for that side.
  auto rom = tug();
  rom.code_system = std::string(kMeasuresSystem);
  rom.code = "exercise-rom-best";
  rom.display = "Deep squat: best range of motion (left_knee_flexion)";
  rom.unit = "deg";
  rom.side = "left";
  const json k = observation_resource(rom);
  ASSERT_EQ(k["code"]["coding"].size(), 2u);
  EXPECT_EQ(k["code"]["coding"][1]["code"], "41343-5");
  EXPECT_EQ(k["bodySite"]["coding"][0]["code"], "82169009");
  rom.display = "Deep squat: best range of motion (right_knee_flexion)";  // as stored before the words
  EXPECT_EQ(observation_resource(rom)["code"]["coding"][1]["code"], "41347-6");
  rom.display = "Deep squat: best range of motion (right knee flexion)";
  EXPECT_EQ(observation_resource(rom)["code"]["coding"][1]["code"], "41347-6");
  rom.display = "Deep squat: best range of motion (left knee flexion)";
  EXPECT_EQ(observation_resource(rom)["code"]["coding"][1]["code"], "41343-5");
  rom.display = "Deep squat: best range of motion (mean of left and right knee flexion)";
  EXPECT_EQ(observation_resource(rom)["code"]["coding"].size(), 1u) << "both sides: no one-sided LOINC code";
  rom.code = "exercise-rom-mean";  // a mean over repetitions is not LOINC's active range
  EXPECT_EQ(observation_resource(rom)["code"]["coding"].size(), 1u);
  rom.code = "gait-cadence";
  EXPECT_EQ(observation_resource(rom)["category"][0]["coding"][0]["code"], "activity");
}

TEST(Builders, LocalCodeSystemCoversEveryLocalCodeTheEngineWrites) {
  const json cs = measures_code_system();
  EXPECT_EQ(cs["url"], std::string(kMeasuresSystem));
  std::set<std::string> codes;
  for (const auto& c : cs["concept"]) codes.insert(c["code"].get<std::string>());
  EXPECT_EQ(cs["count"], codes.size());
  for (const char* c :
       {"exercise-repetitions", "exercise-rom-mean", "exercise-rom-best", "exercise-quality-score",
        "gait-speed", "gait-cadence", "gait-stride-length", "gait-step-length", "gait-stride-time",
        "gait-step-time", "gait-stance", "gait-step-time-asymmetry", "sit-to-stand-transfers",
        "five-times-sit-to-stand", "sway-rms-acceleration"})
    EXPECT_TRUE(codes.contains(c)) << c;
}

TEST(Builders, ProvenanceIdsRoundTrip) {
  auto cp = parse_provenance_id("cp-" + kHex + "-12");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->kind, ProvenanceId::Kind::kProgramVersion);
  EXPECT_EQ(cp->record_id, kHex);
  EXPECT_EQ(cp->version, 12);
  EXPECT_EQ(parse_provenance_id("cs-" + kHex)->kind, ProvenanceId::Kind::kConsent);
  EXPECT_EQ(parse_provenance_id("ob-" + kHex)->kind, ProvenanceId::Kind::kObservation);
  for (const std::string& bad :
       std::vector<std::string>{"", "cp-", "cp-" + kHex, "cp-" + kHex + "-0", "cp-" + kHex + "-x", "cs-XYZ",
                                "zz-" + kHex, "ob-" + kHex + "-1", "cs-../etc"})
    EXPECT_FALSE(parse_provenance_id(bad)) << bad;
  EXPECT_EQ(questionnaire_id("koos_jr"), "koos-jr");
  EXPECT_EQ(instrument_id("koos-jr"), "koos_jr");
}

TEST(Builders, CapabilityStatementListsEveryTypeAndOperation) {
  const json cs = capability_statement("http://h/fhir", "0.1.0", "2026-11-24");
  EXPECT_EQ(cs["fhirVersion"], "4.0.1");
  EXPECT_EQ(cs["kind"], "instance");
  std::set<std::string> types;
  for (const auto& r : cs["rest"][0]["resource"]) types.insert(r["type"].get<std::string>());
  for (const char* t : {"Patient", "Practitioner", "Organization", "Condition", "CarePlan", "Goal",
                        "Observation", "Questionnaire", "QuestionnaireResponse", "Composition", "Appointment",
                        "Consent", "AuditEvent", "Provenance", "Device", "Group", "RiskAssessment"})
    EXPECT_TRUE(types.contains(t)) << t;
  const auto& patient = cs["rest"][0]["resource"][0];
  EXPECT_EQ(patient["type"], "Patient");
  EXPECT_EQ(patient["operation"].size(), 2u);
  const json oo = operation_outcome({400, "invalid", "bad", "_count"});
  EXPECT_EQ(oo["issue"][0]["expression"][0], "_count");
  EXPECT_EQ(issue_code_for_status(404), "not-found");
  EXPECT_EQ(issue_code_for_status(401), "login");
}

TEST(Builders, EverySearchParameterNamesItsR4Definition) {
  // Against R4's search-parameters.json (ids copied by hand from the specification): the shared ones,
  // a type's own, and the three this server defines itself.
  const json cs = capability_statement("http://h/fhir", "0.1.0", "2026-11-24");
  std::map<std::string, std::string> got;
  std::vector<std::string> own;
  for (const auto& r : cs["rest"][0]["resource"]) {
    if (!r.contains("searchParam")) continue;
    for (const auto& p : r["searchParam"]) {
      const std::string key = r["type"].get<std::string>() + "." + p["name"].get<std::string>();
      if (p.contains("definition"))
        got[key] = p["definition"].get<std::string>();
      else if (p["name"] != "_count")
        own.push_back(key);
    }
  }
  const std::string sp = "http://hl7.org/fhir/SearchParameter/";
  const std::map<std::string, std::string> expected = {
      {"Patient._id", "Resource-id"},
      {"Observation._lastUpdated", "Resource-lastUpdated"},
      {"Patient.identifier", "Patient-identifier"},
      {"Patient.family", "individual-family"},
      {"Patient.birthdate", "individual-birthdate"},
      {"Practitioner.email", "individual-email"},
      {"Observation.patient", "clinical-patient"},
      {"Observation.subject", "Observation-subject"},
      {"Observation.date", "clinical-date"},
      {"Observation.code", "clinical-code"},
      {"CarePlan.date", "clinical-date"},
      {"Condition.clinical-status", "Condition-clinical-status"},
      {"Appointment.patient", "Appointment-patient"},
      {"QuestionnaireResponse.patient", "QuestionnaireResponse-patient"},
      {"AuditEvent.patient", "AuditEvent-patient"},
      {"Provenance.target", "Provenance-target"},
      {"DocumentReference.type", "clinical-type"},
      {"DocumentReference.date", "DocumentReference-date"},
      {"Composition.date", "clinical-date"},
      {"Encounter.class", "Encounter-class"},
      {"PractitionerRole.role", "PractitionerRole-role"},
      {"CodeSystem.url", "conformance-url"},
      {"Questionnaire.url", "Questionnaire-url"},
  };
  for (const auto& [key, id] : expected) EXPECT_EQ(got[key], sp + id) << key;
  EXPECT_EQ(own,
            (std::vector<std::string>{"CarePlan.author", "RiskAssessment.status", "RiskAssessment.code"}));
  for (const auto& [key, url] : got) EXPECT_TRUE(url.starts_with(sp)) << key << " " << url;
}

}  // namespace
}  // namespace physio::fhir
