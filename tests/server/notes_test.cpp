// SOAP notes over the server (docs/server/notes.md): a draft from the patient's data with every sentence
// naming its rows, a sentence edited, the patient not seeing the draft, signing (immutable afterwards: every
// route refuses a change, and so does the store), the MDM^T02 queued for the EHR, an addendum, the FHIR
// Composition (preliminary while a draft, final once signed, amended after an addendum), audited.
#include <gtest/gtest.h>

#include "hl7/parser.hpp"
#include "server_fixture.hpp"
#include "store/clinic_payer.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;

TEST(Notes, DraftEditSignAddendumAndTheEhrSide) {
  auto ts = TestServer::start("notes");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const std::string base = "/api/patients/" + s.p1;
  // Data for the draft: a morning pain answer and an ODI.
  ASSERT_EQ(patient.request("POST", base + "/morning-pain", R"({"nprs":4})").status, 201);
  ASSERT_EQ(
      physio.request("POST", base + "/questionnaire-responses", R"({"instrument":"nprs","answers":[6]})")
          .status,
      201);

  auto r = physio.request("POST", base + "/notes", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  json note = json::parse(r.body);
  const std::string id = note["id"];
  EXPECT_EQ(note["status"], "draft");
  ASSERT_EQ(note["sections"].size(), 4u);
  bool pain_sourced = false;
  for (const auto& sec : note["sections"])
    for (const auto& sen : sec["sentences"])
      for (const auto& src : sen["sources"]) pain_sourced |= src["type"] == "morning_pain";
  EXPECT_TRUE(pain_sourced) << note.dump(1);
  EXPECT_NE(note["text"].get<std::string>().find("Draft"), std::string::npos);
  EXPECT_EQ(physio.request("POST", base + "/notes", R"({"episode_id":"nope"})").status, 400);

  // The patient does not see the draft.
  EXPECT_EQ(json::parse(patient.get(base + "/notes").body)["items"].size(), 0u);
  EXPECT_EQ(patient.get("/api/notes/" + id).status, 404);
  EXPECT_EQ(patient.get("/fhir/Composition/" + id).status, 404);
  auto fhir = physio.get("/fhir/Composition/" + id);
  ASSERT_EQ(fhir.status, 200) << fhir.body;
  EXPECT_EQ(json::parse(fhir.body)["status"], "preliminary");

  // An edit keeps the sentence's sources and marks it edited; a stale version is refused.
  const auto first_sources = note["sections"][0]["sentences"][0]["sources"];
  r = physio.request(
      "PATCH", "/api/notes/" + id,
      R"({"version":1,"section":"S","index":0,"text":"Reports less stiffness in the mornings."})");
  ASSERT_EQ(r.status, 200) << r.body;
  note = json::parse(r.body);
  EXPECT_EQ(note["version"], 2);
  EXPECT_EQ(note["sections"][0]["sentences"][0]["text"], "Reports less stiffness in the mornings.");
  EXPECT_TRUE(note["sections"][0]["sentences"][0]["edited"].get<bool>());
  EXPECT_EQ(note["sections"][0]["sentences"][0]["sources"], first_sources);
  EXPECT_EQ(physio.request("PATCH", "/api/notes/" + id, R"({"version":1,"section":"S","index":0,"text":"x"})")
                .status,
            409);
  EXPECT_EQ(physio.request("PATCH", "/api/notes/" + id, R"({"version":2,"section":"Q","index":0,"text":"x"})")
                .status,
            400);
  // Without the version read: a 400 naming it (the server compared a missing version before).
  r = physio.request("PATCH", "/api/notes/" + id, R"({"section":"S","action":"add","text":"x"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["field"], "/version") << r.body;
  EXPECT_EQ(physio.request("POST", "/api/notes/" + id + "/sign", "{}").status, 400);

  // Signing: final, immutable, and the MDM^T02 is queued.
  r = physio.request("POST", "/api/notes/" + id + "/sign", R"({"version":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  note = json::parse(r.body);
  EXPECT_EQ(note["status"], "signed");
  EXPECT_TRUE(note["signature_valid"].get<bool>());
  ASSERT_EQ(note["hl7"].size(), 1u);
  EXPECT_EQ(note["hl7"][0]["message_type"], "MDM^T02");
  r = physio.request("PATCH", "/api/notes/" + id,
                     R"({"version":3,"section":"S","index":0,"text":"changed"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("a signed note cannot be changed"), std::string::npos) << r.body;
  EXPECT_EQ(physio.request("POST", "/api/notes/" + id + "/sign", R"({"version":3})").status, 409);
  // The store holds the line too: a body with other content is refused under a signed note.
  auto stored = ts->store().read([&](store::Tx& tx) { return tx.get_note(s.clinic_a, id); });
  ASSERT_TRUE(stored);
  auto tampered = *stored;
  const auto at = tampered.body.find("Reports less stiffness");
  ASSERT_NE(at, std::string::npos);
  tampered.body.replace(at, 7, "Denies ");
  auto refused = ts->store().write([&](store::Tx& tx) { return tx.update_note(tampered); });
  EXPECT_FALSE(refused);

  auto outbox = ts->store().read([&](store::Tx& tx) { return tx.list_hl7_outgoing(s.clinic_a, "note", id); });
  ASSERT_TRUE(outbox);
  ASSERT_EQ(outbox->size(), 1u);
  auto msg = hl7::parse_message(outbox->front().message);
  ASSERT_TRUE(msg) << msg.error().to_string();
  EXPECT_NE(outbox->front().message.find("MDM^T02"), std::string::npos);
  EXPECT_NE(outbox->front().message.find("Reports less stiffness in the mornings."), std::string::npos);
  EXPECT_NE(outbox->front().message.find("TXA|1|PR|TX|"), std::string::npos) << outbox->front().message;

  // The patient now sees it; FHIR says final; an addendum makes it amended.
  EXPECT_EQ(json::parse(patient.get(base + "/notes").body)["items"].size(), 1u);
  EXPECT_EQ(json::parse(patient.get("/fhir/Composition/" + id).body)["status"], "final");
  EXPECT_EQ(
      physio.request("POST", "/api/notes/" + id + "/addenda", R"({"text":"Knee swelling resolved."})").status,
      400);
  r = physio.request("POST", "/api/notes/" + id + "/addenda",
                     R"({"text":"Knee swelling resolved.","reason":"reported by phone the next day"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "amended");
  EXPECT_EQ(json::parse(physio.get("/fhir/Composition/" + id).body)["status"], "amended");
  // The EHR gets the addendum as MDM^T06, a document of its own linked to the note (TXA-13).
  outbox = ts->store().read([&](store::Tx& tx) { return tx.list_hl7_outgoing(s.clinic_a, "note", id); });
  ASSERT_TRUE(outbox);
  ASSERT_EQ(outbox->size(), 2u);
  const auto& t06 = outbox->back().message_type == "MDM^T06" ? outbox->back() : outbox->front();
  EXPECT_EQ(t06.message_type, "MDM^T06");
  auto addendum = hl7::parse_message(t06.message);
  ASSERT_TRUE(addendum) << addendum.error().to_string();
  EXPECT_EQ(addendum->get("TXA-12.1"), id + "-A1");
  EXPECT_EQ(addendum->get("TXA-13.1"), id);
  EXPECT_NE(addendum->get("OBX-5").find("Knee swelling resolved. Reason: reported by phone the next day"),
            std::string::npos)
      << t06.message;
  auto search = json::parse(physio.get("/fhir/Composition?patient=" + s.p1).body);
  EXPECT_EQ(search["total"], 1) << search.dump();

  // Another clinic's physiotherapist and the other patient: not found.
  Client other(ts->port());
  ASSERT_EQ(other.login(s.user_email.at("b_physio")).status, 200);
  EXPECT_EQ(other.get("/api/notes/" + id).status, 404);
  Client assistant(ts->port());
  ASSERT_EQ(assistant.login(s.user_email.at("assistant")).status, 200);
  EXPECT_EQ(assistant.request("POST", base + "/notes", "{}").status, 403);

  auto audit = ts->store().read([&](store::Tx& tx) {
    return tx.list_audit(s.clinic_a, store::AuditQuery{.patient_id = s.p1, .limit = 1000});
  });
  ASSERT_TRUE(audit);
  std::map<std::string, int> n;
  for (const auto& e : audit->items)
    if (e.outcome == "success") ++n[e.action];
  EXPECT_EQ(n["note.create"], 1);
  EXPECT_EQ(n["note.update"], 1);
  EXPECT_EQ(n["note.sign"], 1);
  EXPECT_EQ(n["note.addendum"], 1);
}

// The EHR side of a signed note as configured: MSH-5/6 (they were empty), the record number with its
// assigning authority (it had none), and the author as a whole XCN (it was garbled: "Sam Rivera, PT" became
// family "PT", given "Sam Rivera,").
TEST(Notes, TheMdmCarriesTheConfiguredReceiverTheMrnAuthorityAndAWholeAuthor) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) {
    st.hl7_receiving_application = "EPIC";
    st.hl7_receiving_facility = "NORTHSIDE";
    st.hl7_mrn_authority = "EPI";
  };
  auto ts = TestServer::start("notes_mdm_header", o);
  const auto& s = ts->seeded();
  auto sam =
      must(ts->store().read([&](store::Tx& tx) { return tx.get_user(s.user_id.at("physiotherapist")); }));
  sam.id.clear();
  sam.email = "sam.rivera@test.example";
  sam.display_name = "Sam Rivera, PT";
  const std::string sam_id = must(ts->store().write([&](store::Tx& tx) { return tx.create_user(sam); })).id;
  auto p = must(ts->store().read([&](store::Tx& tx) { return tx.get_patient(s.clinic_a, s.p1); }));
  p.mrn = "E-2002";
  must(ts->store().write([&](store::Tx& tx) { return tx.update_patient(p); }));

  Client physio(ts->port());
  ASSERT_EQ(physio.login("sam.rivera@test.example").status, 200);
  auto r = physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = json::parse(r.body)["id"];
  r = physio.request("POST", "/api/notes/" + id + "/sign", R"({"version":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto outbox =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_hl7_outgoing(s.clinic_a, "note", id); }));
  ASSERT_EQ(outbox.size(), 1u);
  auto m = hl7::parse_message(outbox.front().message);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->get("MSH-5"), "EPIC");
  EXPECT_EQ(m->get("MSH-6"), "NORTHSIDE");
  EXPECT_EQ(m->get("PID-3.1"), "E-2002");
  EXPECT_EQ(m->get("PID-3.4"), "EPI");
  EXPECT_EQ(m->get("PID-3.5"), "MR");
  for (const char* field : {"TXA-5", "TXA-9", "TXA-22"}) {
    SCOPED_TRACE(field);
    const std::string f = field;
    EXPECT_EQ(m->get(f + ".1"), sam_id);
    EXPECT_EQ(m->get(f + ".2"), "Rivera");
    EXPECT_EQ(m->get(f + ".3"), "Sam");
    EXPECT_EQ(m->get(f + ".7"), "PT");
    EXPECT_EQ(m->get(f + ".9"), "PHYSIOKIT");
  }
  EXPECT_EQ(m->get("TXA-9.21"), "PT");
  EXPECT_EQ(m->get("TXA-22.23"), "PT");
}

// A progress report covers the period since the episode's last evaluation or report, not since the last
// daily note, and says so; a discharge summary covers the whole episode (notes::note_period).
TEST(Notes, EachTypeCoversItsPeriod) {
  auto ts = TestServer::start("notes-periods");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string base = "/api/patients/" + s.p1 + "/notes";
  auto make_signed = [&](const char* type) {
    auto r = physio.request("POST", base, json{{"type", type}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string id = json::parse(r.body)["id"];
    EXPECT_EQ(physio.request("POST", "/api/notes/" + id + "/sign", R"({"version":1})").status, 200);
    return id;
  };
  auto window_of = [&](const std::string& id) {
    const json list = json::parse(physio.get(base).body);
    for (const auto& n : list["items"])
      if (n["id"] == id) return n["window"];
    return json();
  };
  const std::string evaluation = make_signed("initial_evaluation");
  const std::string daily = make_signed("daily_note");
  const json evaluated = window_of(evaluation);
  EXPECT_EQ(window_of(daily)["from"], evaluated["to"]);

  auto r = physio.request("POST", base, R"({"type":"progress_report"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json report = json::parse(r.body);
  EXPECT_EQ(window_of(report["id"])["from"], evaluated["to"]);
  EXPECT_NE(window_of(report["id"])["from"], window_of(daily)["to"]);
  EXPECT_NE(report["text"].get<std::string>().find("Reporting period: "), std::string::npos)
      << report["text"];
  EXPECT_NE(report["text"].get<std::string>().find(", since the initial evaluation of "), std::string::npos)
      << report["text"];
  // A daily note drafted now starts where the last signed note ended.
  r = physio.request("POST", base, R"({"type":"daily_note"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(window_of(json::parse(r.body)["id"])["from"], window_of(daily)["to"]);
  // A discharge summary: from the episode's start, before either signed note's end.
  r = physio.request("POST", base, R"({"type":"discharge_summary"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json discharge = json::parse(r.body);
  EXPECT_EQ(window_of(discharge["id"])["from"],
            evaluated["from"]);  // the episode's start, as the first note's
  EXPECT_LT(window_of(discharge["id"])["from"].get<std::string>(), evaluated["to"].get<std::string>());
  EXPECT_NE(discharge["text"].get<std::string>().find("Episode summary: "), std::string::npos)
      << discharge["text"];
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

TEST(Notes, ATypedNoteCarriesItsLoincDocumentCodeToTheCompositionAndTheText) {
  auto ts = TestServer::start("notes-types");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string base = "/api/patients/" + s.p1 + "/notes";
  auto r = physio.request("POST", base, R"({"type":"weekly_thoughts"})");
  EXPECT_EQ(r.status, 400) << r.body;
  r = physio.request("POST", base, R"({"type":"progress_report"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json note = json::parse(r.body);
  EXPECT_EQ(note["text"].get<std::string>().rfind("Progress report\nDraft: not signed.", 0), 0u)
      << note["text"];
  const json c = json::parse(physio.get("/fhir/Composition/" + note["id"].get<std::string>()).body);
  EXPECT_EQ(c["type"]["coding"][0]["code"], "11508-9");
  EXPECT_EQ(c["type"]["coding"][0]["display"], "Physical therapy Progress note");
  EXPECT_EQ(c["title"], "Progress report (draft, not signed)");
  // Without a type: a daily treatment note (LOINC 28579-1).
  r = physio.request("POST", base, "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  const json c2 =
      json::parse(physio.get("/fhir/Composition/" + json::parse(r.body)["id"].get<std::string>()).body);
  EXPECT_EQ(c2["type"]["coding"][0]["code"], "28579-1");
  const json list = json::parse(physio.get(base).body)["items"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["type"], "Daily treatment note");
}

// Billing and re-certification lines only where the clinic's payer rules make them apply (default none:
// a clinic in Lisbon gets no US Medicare line), worded for the note's type (docs/server/notes.md).
TEST(Notes, MedicareRemindersOnlyForAClinicWithThosePayerRules) {
  auto ts = TestServer::start("notes-payer");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string base = "/api/patients/" + s.p1 + "/notes";
  auto everything = [](const json& note) {
    std::string all = note["text"].get<std::string>();
    for (const auto& c : note["checklist"]) all += "\n" + c.get<std::string>();
    return all;
  };
  auto r = physio.request("POST", base, R"({"type":"daily_note"})");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string text = everything(json::parse(r.body));
  EXPECT_EQ(text.find("certification"), std::string::npos) << text;
  EXPECT_EQ(text.find("progress report"), std::string::npos) << text;

  const std::string clinic = s.clinic_a;  // the clinic of p1
  ASSERT_TRUE(
      ts->store().write([&](store::Tx& tx) { return store::set_clinic_payer(tx, clinic, "us_medicare"); }));
  r = physio.request("POST", base, R"({"type":"daily_note"})");
  ASSERT_EQ(r.status, 201) << r.body;
  text = everything(json::parse(r.body));
  EXPECT_NE(text.find("re-certification"), std::string::npos) << text;
  r = physio.request("POST", base, R"({"type":"progress_report"})");
  ASSERT_EQ(r.status, 201) << r.body;
  text = everything(json::parse(r.body));
  EXPECT_EQ(text.find("a progress report is due within"), std::string::npos) << text;
  EXPECT_NE(text.find("This progress report starts a new reporting period"), std::string::npos) << text;
}

}  // namespace
}  // namespace physio::test
