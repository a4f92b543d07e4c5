// The FHIR routes added for a fuller API (docs/server/fhir.md): ETag and If-None-Match, vread and _history,
// staff search across their clinic, and $everything that holds what it references and reads the same twice;
// the clinic's site and rooms as Locations; a signed note's PDF as the Binary its DocumentReference names.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <tuple>

#include "fhir/resources.hpp"
#include "notes/note.hpp"
#include "security/random.hpp"
#include "server/http/http_util.hpp"
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

TEST(FhirBreadth, AnUpdateAnswersWithTheLocationOfTheVersionWritten) {
  auto ts = TestServer::start("fhir_put_location");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  json patient = json::parse(physio.get("/fhir/Patient/" + s.p1).body);
  patient.erase("meta");
  patient.erase("text");
  auto put = physio.request("PUT", "/fhir/Patient/" + s.p1, patient.dump(), "application/fhir+json");
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_TRUE(put.header("location"));
  const std::string location(*put.header("location"));
  const std::string version = json::parse(put.body)["meta"]["versionId"];
  EXPECT_TRUE(location.ends_with("/fhir/Patient/" + s.p1 + "/_history/" + version)) << location;
  EXPECT_EQ(physio.get(location.substr(location.find("/fhir/"))).status, 200);
}

TEST(FhirBreadth, ResourcesBuiltIntoTheServerCarryLastUpdated) {
  auto ts = TestServer::start("fhir_static_meta");
  Client physio(ts->port());
  ASSERT_EQ(physio.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  for (const char* type : {"Questionnaire", "Device", "CodeSystem"}) {
    auto r = physio.get(std::string("/fhir/") + type);
    ASSERT_EQ(r.status, 200) << type << ": " << r.body;
    const json b = json::parse(r.body);
    ASSERT_FALSE(b["entry"].empty()) << type;
    for (const auto& e : b["entry"]) {
      EXPECT_TRUE(e["resource"]["meta"].contains("lastUpdated")) << type << " " << e["resource"]["id"];
      auto one = physio.get(std::string("/fhir/") + type + "/" + e["resource"]["id"].get<std::string>());
      EXPECT_TRUE(one.header("last-modified")) << type;
    }
  }
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

// An EHR that reads a record through FHIR all day adds an audit event each time; $everything holds a
// patient's newest 10,000 events, and those reads are not among them (the store's query leaves them out),
// so the events that say what was done to the record are still there.
TEST(FhirBreadth, EverythingKeepsTheRecordsEventsBehindManyFhirReads) {
  auto ts = TestServer::start("fhir_everything_reads");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string p1 = s.p1, clinic = s.clinic_a;
  // An event of the record, then 10,050 FHIR reads of it after.
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(tx.append_audit({{.clinic_id = clinic,
                                 .action = "note.sign",
                                 .record_type = "note",
                                 .record_id = "n-1",
                                 .patient_id = p1}}));
    std::vector<store::AuditEventInput> reads(
        10'050, {.clinic_id = clinic, .action = "fhir.patient.everything", .patient_id = p1});
    PHYSIO_TRY(tx.append_audit(reads));
    return {};
  }));
  auto r = physio.get("/fhir/Patient/" + p1 + "/$everything?_type=AuditEvent&_count=500");
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = json::parse(r.body);
  bool signed_note = false;
  int events = 0;
  for (const auto& e : b["entry"]) {
    if (e["resource"]["resourceType"] != "AuditEvent") continue;  // an included Practitioner, say
    ++events;
    const auto& code = e["resource"]["subtype"][0]["code"];
    EXPECT_NE(code, "fhir.patient.everything");
    signed_note |= code == "note.sign";
  }
  EXPECT_GT(events, 0);
  EXPECT_TRUE(signed_note) << b.dump(1).substr(0, 2000);
}

/// Every "Type/id" a $everything answer holds, and the references in it that name none of them.
std::pair<std::set<std::string>, std::vector<std::string>> held_and_dangling(const json& bundle) {
  std::set<std::string> have;
  for (const auto& e : bundle["entry"])
    have.insert(e["resource"]["resourceType"].get<std::string>() + "/" +
                e["resource"]["id"].get<std::string>());
  std::vector<std::string> dangling;
  std::function<void(const json&)> walk = [&](const json& n) {
    if (n.is_array()) {
      for (const auto& x : n) walk(x);
    } else if (n.is_object()) {
      for (const auto& [k, v] : n.items()) {
        if (k == "reference" && v.is_string() && !have.contains(v.get<std::string>()))
          dangling.push_back(v.get<std::string>());
        else if (k != "text")
          walk(v);
      }
    }
  };
  for (const auto& e : bundle["entry"]) walk(e["resource"]);
  return {have, dangling};
}

TEST(FhirBreadth, TheSiteAndTheRoomsOfAppointmentsAreLocations) {
  auto ts = TestServer::start("fhir_locations");
  const auto& s = ts->seeded();
  // A visit of P1 that happened in "Room 7" (an Encounter) and a booking of P2 in the gym.
  const TimeUs now = server::now_us();
  for (const auto& [pid, room, status] : {std::tuple{s.p1, "Room 7", "fulfilled"}, {s.p2, "Gym", "booked"}}) {
    clinic::Appointment a;
    a.clinic_id = s.clinic_a;
    a.patient_id = pid;
    a.practitioner_id = s.user_id.at("physiotherapist");
    a.start_us = now - 86'400'000'000LL;
    a.duration_min = 30;
    a.status = status;
    a.room = room;
    a.created_us = now - 2 * 86'400'000'000LL;
    must(ts->store().write([&](store::Tx& tx) { return tx.import_appointment(a); }));
  }
  const std::string room7 = fhir::room_location_id(s.clinic_a, "Room 7");
  const std::string gym = fhir::room_location_id(s.clinic_a, "Gym");
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);

  auto all = physio.get("/fhir/Location");
  ASSERT_EQ(all.status, 200) << all.body;
  std::set<std::string> ids;
  const json all_body = json::parse(all.body);
  for (const auto& e : all_body["entry"]) ids.insert(e["resource"]["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{s.clinic_a, room7, gym})) << all.body;
  auto rooms = physio.get("/fhir/Location?partof=Location/" + s.clinic_a + "&name=room");
  ASSERT_EQ(rooms.status, 200) << rooms.body;
  EXPECT_EQ(json::parse(rooms.body)["total"], 1);
  auto one = physio.get("/fhir/Location/" + room7);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json::parse(one.body)["name"], "Room 7");
  EXPECT_TRUE(one.header("etag"));
  // Another clinic's site, an unknown room, a room id of the other clinic: the same 404.
  EXPECT_EQ(physio.get("/fhir/Location/" + s.clinic_b).status, 404);
  EXPECT_EQ(physio.get("/fhir/Location/" + fhir::room_location_id(s.clinic_a, "Room 8")).status, 404);
  EXPECT_EQ(physio.get("/fhir/Location/" + fhir::room_location_id(s.clinic_b, "Room 7")).status, 404);
  // The clinic's places are not in a patient's compartment.
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(patient.get("/fhir/Location/" + room7).status, 404);

  // $everything of P1 holds the room its visit was in, the site the room is part of and the clinic, and
  // nothing dangles; P2's booking in the gym is not P1's.
  auto ev = physio.get("/fhir/Patient/" + s.p1 + "/$everything?_count=500");
  ASSERT_EQ(ev.status, 200) << ev.body;
  const json everything = json::parse(ev.body);
  const auto [have, dangling] = held_and_dangling(everything);
  EXPECT_TRUE(have.contains("Location/" + room7));
  EXPECT_TRUE(have.contains("Location/" + s.clinic_a));
  EXPECT_TRUE(have.contains("Organization/" + s.clinic_a));
  EXPECT_FALSE(have.contains("Location/" + gym));
  EXPECT_TRUE(dangling.empty()) << dangling.front();
  int encounters_in_room = 0;
  for (const auto& e : everything["entry"])
    if (e["resource"]["resourceType"] == "Encounter" && e["resource"].contains("location"))
      encounters_in_room += e["resource"]["location"][0]["location"]["reference"] == "Location/" + room7;
  EXPECT_EQ(encounters_in_room, 1);
  auto visits = physio.get("/fhir/Encounter?location=Location/" + room7 + "&_include=Encounter:location");
  ASSERT_EQ(visits.status, 200) << visits.body;
  const json vb = json::parse(visits.body);
  EXPECT_EQ(vb["total"], 1);
  int included_rooms = 0;
  for (const auto& e : vb["entry"])
    included_rooms += e["search"]["mode"] == "include" && e["resource"]["id"] == room7;
  EXPECT_EQ(included_rooms, 1) << "only the room itself is included, not the site it is part of";
  EXPECT_EQ(vb["entry"].size(), 2u) << visits.body;
  // The Appointment names the room among its participants; _include brings it.
  auto inc = physio.get("/fhir/Appointment?patient=" + s.p2 + "&_include=Appointment:actor&_count=500");
  ASSERT_EQ(inc.status, 200) << inc.body;
  EXPECT_NE(inc.body.find("\"id\":\"" + gym + "\""), std::string::npos) << inc.body;
}

/// A note of `patient_id` in clinic A by its physiotherapist, signed (with one addendum) or a draft.
std::string note_for_pdf(TestServer& ts, const std::string& patient_id, bool is_signed) {
  const auto& s = ts.seeded();
  const TimeUs now = server::now_us();
  const std::string author = s.user_id.at("physiotherapist");
  notes::NoteHeader h{security::random_id(),  patient_id, "",          author, now,
                      now - 86'400'000'000LL, now,        "daily_note"};
  notes::Draft d;
  for (int i = 0; i < 4; ++i)
    d.sections.push_back({notes::kSectionCodes[i], notes::kSectionTitles[i], {{"No data.", {}, false}}});
  d.sections[0].sentences[0].text = "Knee pain 4/10 on the stairs since Monday.";
  auto note = notes::new_note(h, d);
  if (is_signed) {
    if (!notes::sign(note, author, now)) return "sign-failed";
    if (!notes::add_addendum(note, {"Pain was 5/10, not 4/10.", "the patient called", author, now + 1000}))
      return "addendum-failed";
  }
  clinic::NoteRow row{.id = h.id,
                      .clinic_id = s.clinic_a,
                      .patient_id = patient_id,
                      .episode_id = "",
                      .author_id = author,
                      .status = is_signed ? "amended" : "draft",
                      .window_from_us = h.window_from_us,
                      .window_to_us = h.window_to_us,
                      .created_us = now,
                      .updated_us = now,
                      .signed_us = is_signed ? now : 0,
                      .version = 1,
                      .body = notes::note_to_json(note)};
  auto made = ts.store().write([&](store::Tx& tx) { return tx.create_note(row); });
  return made ? made->id : "insert-failed";
}

TEST(FhirBreadth, ASignedNoteIsAPdfBinaryReadLikeTheNote) {
  auto ts = TestServer::start("fhir_note_pdf");
  const auto& s = ts->seeded();
  const std::string id = note_for_pdf(*ts, s.p1, true);
  const std::string draft = note_for_pdf(*ts, s.p1, false);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  auto dr = physio.get("/fhir/DocumentReference/" + id);
  ASSERT_EQ(dr.status, 200) << dr.body;
  const json doc = json::parse(dr.body);
  ASSERT_EQ(doc["content"].size(), 2u);
  EXPECT_EQ(doc["content"][1]["attachment"]["url"], "Binary/" + id);

  // The PDF itself by default (a browser's Accept), the Binary resource when FHIR is asked for.
  auto pdf =
      physio.request("GET", "/fhir/" + doc["content"][1]["attachment"]["url"].get<std::string>(), "",
                     "application/json", true, {{"accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  ASSERT_TRUE(pdf.header("content-type"));
  EXPECT_EQ(*pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  // The content stream as libharu writes it ('/' escaped as \057).
  EXPECT_NE(pdf.body.find("(Knee pain 4\\05710 on the stairs since Monday.)"), std::string::npos);
  EXPECT_NE(pdf.body.find("(Reason: the patient called)"), std::string::npos);
  auto bin = physio.request("GET", "/fhir/Binary/" + id, "", "application/json", true,
                            {{"accept", "application/fhir+json"}});
  ASSERT_EQ(bin.status, 200) << bin.body.substr(0, 300);
  const json b = json::parse(bin.body);
  EXPECT_EQ(b["resourceType"], "Binary");
  EXPECT_EQ(b["contentType"], "application/pdf");
  EXPECT_EQ(b["securityContext"]["reference"], "DocumentReference/" + id);
  EXPECT_TRUE(b["data"].get<std::string>().starts_with("JVBERi0"));  // "%PDF-" in base64
  EXPECT_EQ(physio.get("/fhir/Binary/" + id + "?_format=json").status, 200);

  // A draft is no document; the patient reads their own; the front desk reads no clinical record.
  EXPECT_EQ(physio.get("/fhir/Binary/" + draft).status, 404);
  EXPECT_EQ(physio.get("/fhir/Binary/" + fhir::room_location_id(s.clinic_a, "x")).status, 404);
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(patient.get("/fhir/Binary/" + id).status, 200);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.get("/fhir/Binary/" + id).status, 403);
  Client other(ts->port());
  ASSERT_EQ(other.login(s.user_email.at("b_physio")).status, 200);
  EXPECT_EQ(other.get("/fhir/Binary/" + id).status, 404);

  // Audited as a read of the note's PDF, with the patient.
  auto audit =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {.limit = 1000}); }));
  int reads = 0;
  for (const auto& e : audit.items)
    reads +=
        e.action == "fhir.binary.read" && e.record_id == id && e.patient_id == s.p1 && e.outcome == "success";
  EXPECT_EQ(reads, 4);
}

}  // namespace
}  // namespace physio::test
