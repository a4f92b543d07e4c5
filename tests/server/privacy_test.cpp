// Privacy rights through the routes (docs/server/privacy.md): the export is a ZIP holding a FHIR R4
// collection Bundle (with the audit trail), the reports and the access log, for the patient themself and the
// clinic's physiotherapist or administrator; a restriction keeps the record readable with a banner and
// refuses new processing with 409 until lifted; erasure is refused inside the retention period, and after
// it the content and files are gone, the patient answers 410, the tombstone stays and the audit chain still
// verifies; other clinics' and other patients' records are 404.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "store/audit_verify.hpp"

namespace physio::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::uint32_t le32(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint32_t le16(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}

/// The entries of a ZIP of stored entries, read through its local headers.
std::map<std::string, std::string> unzip(const std::string& z) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while (at + 30 <= z.size() && le32(z, at) == 0x04034b50) {
    EXPECT_EQ(le16(z, at + 8), 0u) << "stored entries only";
    const std::size_t size = le32(z, at + 18), name_len = le16(z, at + 26), extra = le16(z, at + 28);
    const std::string name = z.substr(at + 30, name_len);
    out[name] = z.substr(at + 30 + name_len + extra, size);
    at += 30 + name_len + extra + size;
  }
  // The central directory follows and the archive ends with its end record.
  EXPECT_EQ(le32(z, at), 0x02014b50u);
  EXPECT_EQ(le32(z, z.size() - 22), 0x06054b50u);
  EXPECT_EQ(le16(z, z.size() - 12), out.size());
  return out;
}

class PrivacyApi : public ::testing::Test {
 protected:
  void start(std::int64_t retention_years) {
    ServerOptionsForTest o;
    o.tweak = [retention_years](server::Settings& st) { st.retention_years = retention_years; };
    ts = TestServer::start(
        std::string("privacy_") + ::testing::UnitTest::GetInstance()->current_test_info()->name(), o);
  }
  std::unique_ptr<Client> as(const std::string& who) {
    auto c = std::make_unique<Client>(ts->port());
    EXPECT_EQ(c->login(ts->seeded().user_email.at(who)).status, 200) << who;
    return c;
  }
  /// A report on P1's recording, as an analysis would leave it.
  fs::path add_report(const std::string& pid) {
    const auto& s = ts->seeded();
    const std::string rec = s.recording.at(pid);
    const std::string rel = s.clinic_a + "/" + rec + "/report.html";
    fs::create_directories(ts->data_dir() / "files" / s.clinic_a / rec);
    std::ofstream(ts->data_dir() / "files" / rel) << "<html><body>Squat report</body></html>";
    auto st = ts->store().write(
        [&](store::Tx& tx) { return tx.update_recording_result(s.clinic_a, rec, rel, R"({"ok":true})"); });
    EXPECT_TRUE(st) << st.error().to_string();
    return ts->data_dir() / "files" / rel;
  }
  std::string path(const std::string& pid, const std::string& tail) { return "/api/patients/" + pid + tail; }

  std::unique_ptr<TestServer> ts;
};

TEST_F(PrivacyApi, ExportIsAZipWithTheBundleTheReportsAndTheAccessLog) {
  start(10);
  const auto& s = ts->seeded();
  add_report(s.p1);
  // Three more recordings: a sensor file whose name tries to leave the archive's folder, one whose name
  // holds ".." inside it (once a 500, "zip: bad entry name"), and a video deleted after its analysis
  // (listed, not included). Names in the archive come from ids, never from the names uploaded.
  std::string odd_id, video_id, dots_id;
  {
    const std::string rel = s.clinic_a + "/odd.csv";
    std::ofstream(ts->data_dir() / "files" / rel) << "t,ax\n0,1\n";
    auto made = ts->store().write([&](store::Tx& tx) -> Result<std::pair<std::string, std::string>> {
      clinic::Recording odd{};
      odd.clinic_id = s.clinic_a;
      odd.patient_id = s.p1;
      odd.kind = "imu";
      odd.original_name = "../../etc/.hidden walk?.csv";
      odd.size_bytes = 9;
      odd.sha256 = std::string(64, '1');
      odd.file_path = rel;
      auto a = PHYSIO_TRY(tx.create_recording(odd));
      clinic::Recording video = odd;
      video.kind = "video";
      video.original_name = "squat.mp4";
      video.file_path = s.clinic_a + "/gone.mp4";
      auto b = PHYSIO_TRY(tx.create_recording(video));
      PHYSIO_CHECK(tx.mark_video_deleted(s.clinic_a, b.id));
      clinic::Recording dots = odd;
      dots.kind = "landmarks";
      dots.original_name = "squat..take2.json";
      dots.file_path = s.clinic_a + "/dots.json";
      auto d = PHYSIO_TRY(tx.create_recording(dots));
      dots_id = d.id;
      return std::make_pair(a.id, b.id);
    });
    ASSERT_TRUE(made) << made.error().to_string();
    odd_id = made->first;
    video_id = made->second;
    std::ofstream(ts->data_dir() / "files" / s.clinic_a / "dots.json") << "{}";
  }
  auto physio = as("physiotherapist");
  ASSERT_EQ(physio->get(path(s.p1, "")).status, 200);  // one access for the log
  auto r = physio->get(path(s.p1, "/export"));
  ASSERT_EQ(r.status, 200) << r.body;
  bool zip_type = false;
  for (const auto& h : r.headers) zip_type |= h.name == "content-type" && h.value == "application/zip";
  EXPECT_TRUE(zip_type);
  auto files = unzip(r.body);
  for (const char* name : {"patient.json", "access-log.csv", "manifest.json", "README.txt", "messages.json"})
    EXPECT_TRUE(files.contains(name)) << name;
  EXPECT_TRUE(files.contains("reports/" + s.recording.at(s.p1) + ".html"));
  EXPECT_NE(files["reports/" + s.recording.at(s.p1) + ".html"].find("Squat report"), std::string::npos);
  // The original recordings, byte for byte, each in its own folder with a name that stays inside it.
  const std::string squat = "recordings/" + s.recording.at(s.p1) + "/recording.csv";
  ASSERT_TRUE(files.contains(squat));
  EXPECT_EQ(files[squat], squat_landmarks_csv());
  EXPECT_EQ(files["recordings/" + odd_id + "/recording.csv"], "t,ax\n0,1\n");
  EXPECT_EQ(files["recordings/" + dots_id + "/recording.json"], "{}");
  for (const auto& [name, data] : files) EXPECT_EQ(name.find(".."), std::string::npos) << name;
  const json listed = json::parse(files["manifest.json"])["recordings"];
  ASSERT_EQ(listed.size(), 4u);
  for (const auto& item : listed) {
    if (item["recording"] == dots_id) {
      EXPECT_EQ(item["name"], "squat..take2.json");
    }
    if (item["recording"] == video_id) {
      EXPECT_FALSE(item.contains("file"));
      EXPECT_NE(item["not_included"].get<std::string>().find("deleted after its analysis"),
                std::string::npos);
    } else {
      EXPECT_TRUE(item.contains("file")) << item.dump();
      EXPECT_EQ(item["sha256"].get<std::string>().size(), 64u);
    }
  }

  // The Bundle: a collection whose entries each carry a resource with its type and a fullUrl.
  const json b = json::parse(files["patient.json"]);
  EXPECT_EQ(b["resourceType"], "Bundle");
  EXPECT_EQ(b["type"], "collection");
  ASSERT_TRUE(b["entry"].is_array());
  std::map<std::string, int> types;
  for (const auto& e : b["entry"]) {
    ASSERT_TRUE(e.contains("fullUrl"));
    ASSERT_TRUE(e["resource"].contains("resourceType"));
    types[e["resource"]["resourceType"].get<std::string>()]++;
  }
  EXPECT_EQ(types["Patient"], 1);
  for (const char* t : {"Observation", "Consent", "Appointment", "AuditEvent", "Condition", "CarePlan"})
    EXPECT_GT(types[t], 0) << t;
  // Nothing of another patient.
  EXPECT_EQ(files["patient.json"].find(s.p2), std::string::npos);
  EXPECT_NE(files["access-log.csv"].find("patient.read"), std::string::npos);
  EXPECT_EQ(json::parse(files["manifest.json"])["patient_id"], s.p1);

  // The patient for themself; the administrator answering the request (the same clinical content, although
  // an administrator does not read clinical records otherwise).
  auto own = as("patient")->get(path(s.p1, "/export"));
  ASSERT_EQ(own.status, 200);
  auto admin = as("admin")->get(path(s.p1, "/export"));
  ASSERT_EQ(admin.status, 200);
  EXPECT_NE(unzip(admin.body)["patient.json"].find("\"Observation\""), std::string::npos);
  // Refused: another patient's record (404), another clinic's (404), roles without the right (403).
  EXPECT_EQ(as("patient")->get(path(s.p2, "/export")).status, 404);
  EXPECT_EQ(as("b_physio")->get(path(s.p1, "/export")).status, 404);
  EXPECT_EQ(as("assistant")->get(path(s.p1, "/export")).status, 403);
  EXPECT_EQ(as("front_desk")->get(path(s.p1, "/export")).status, 403);

  // Audited, with what went out.
  auto events = ts->store().read([&](store::Tx& tx) {
    store::AuditQuery q;
    q.patient_id = s.p1;
    return tx.list_audit(s.clinic_a, q);
  });
  ASSERT_TRUE(events);
  int exports = 0;
  for (const auto& e : events->items) exports += e.action == "patient.export" && e.outcome == "success";
  EXPECT_EQ(exports, 3);
}

TEST_F(PrivacyApi, RestrictionKeepsTheRecordReadableAndStopsNewProcessing) {
  start(10);
  const auto& s = ts->seeded();
  auto physio = as("physiotherapist");
  EXPECT_EQ(physio->request("POST", path(s.p1, "/restriction"), R"({"reason":" "})").status, 400);
  auto set = physio->request("POST", path(s.p1, "/restriction"),
                             R"x({"reason":"accuracy contested (art. 18(1)(a))"})x");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(physio->json(set)["restricted"], true);

  // Reads go on, with the banner in the patient's JSON.
  auto got = physio->get(path(s.p1, ""));
  ASSERT_EQ(got.status, 200);
  const json p = physio->json(got);
  ASSERT_TRUE(p["restriction"].is_object());
  EXPECT_NE(p["restriction"]["banner"].get<std::string>().find("accuracy contested"), std::string::npos);
  EXPECT_TRUE(physio->json(physio->get(path(s.p2, "")))["restriction"].is_null());
  EXPECT_EQ(physio->get(path(s.p1, "/recordings")).status, 200);

  // New processing: refused with the reason.
  auto upload =
      physio->request("POST", path(s.p1, "/recordings?kind=landmarks&exercise=deep_squat&name=s.csv"),
                      squat_landmarks_csv(), "application/octet-stream");
  EXPECT_EQ(upload.status, 409) << upload.body;
  EXPECT_NE(upload.body.find("restricted"), std::string::npos);
  EXPECT_NE(upload.body.find("accuracy contested"), std::string::npos);
  EXPECT_EQ(physio->request("POST", path(s.p1, "/questionnaire-links"), R"({"instrument":"odi"})").status,
            409);
  EXPECT_EQ(physio->request("POST", path(s.p1, "/live-sessions"), R"({"exercise":"deep_squat"})").status,
            409);
  EXPECT_EQ(physio
                ->request("POST", path(s.p1, "/rtm/time-entries"),
                          R"({"start":"2026-02-10T10:00:00Z","minutes":12,"activity":"data_review"})")
                .status,
            409);
  EXPECT_EQ(physio->request("POST", path(s.p1, "/rtm/timer/start"), R"({"activity":"data_review"})").status,
            409);
  // Another patient is untouched.
  EXPECT_EQ(physio->request("POST", path(s.p2, "/questionnaire-links"), R"({"instrument":"odi"})").status,
            201);
  // Who may restrict: not the assistant (403), not another clinic (404), not the patient (403).
  EXPECT_EQ(as("assistant")->request("POST", path(s.p2, "/restriction"), R"({"reason":"x"})").status, 403);
  EXPECT_EQ(as("b_physio")->request("POST", path(s.p2, "/restriction"), R"({"reason":"x"})").status, 404);
  EXPECT_EQ(as("patient")->request("POST", path(s.p1, "/restriction"), R"({"reason":"x"})").status, 403);

  // Lifted (audited): processing resumes.
  auto lift = as("admin")->request("DELETE", path(s.p1, "/restriction"));
  ASSERT_EQ(lift.status, 200) << lift.body;
  EXPECT_EQ(physio->json(lift)["lifted"], true);
  EXPECT_TRUE(physio->json(physio->get(path(s.p1, "")))["restriction"].is_null());
  EXPECT_EQ(physio->request("POST", path(s.p1, "/questionnaire-links"), R"({"instrument":"odi"})").status,
            201);
  auto events = ts->store().read([&](store::Tx& tx) {
    store::AuditQuery q;
    q.patient_id = s.p1;
    return tx.list_audit(s.clinic_a, q);
  });
  ASSERT_TRUE(events);
  int restrict_events = 0, lift_events = 0;
  for (const auto& e : events->items) {
    restrict_events += e.action == "patient.restrict" && e.outcome == "success";
    lift_events += e.action == "patient.restriction_lift" && e.outcome == "success";
  }
  EXPECT_EQ(restrict_events, 1);
  EXPECT_EQ(lift_events, 1);
}

TEST_F(PrivacyApi, ErasureIsRefusedInsideTheRetentionPeriodNamingTheRule) {
  start(10);
  const auto& s = ts->seeded();
  auto admin = as("admin");
  auto r = admin->request("POST", path(s.p1, "/erasure"), R"({"reason":"patient's request"})");
  ASSERT_EQ(r.status, 409) << r.body;
  const json j = admin->json(r);
  EXPECT_EQ(j["rule"], "retention-years");
  EXPECT_NE(j["message"].get<std::string>().find("10 years"), std::string::npos);
  EXPECT_TRUE(j.contains("erasable_from"));
  EXPECT_EQ(admin->get(path(s.p1, "")).status, 200);  // nothing happened
}

TEST_F(PrivacyApi, ErasureRemovesContentAndFilesAndLeavesATombstone) {
  start(0);
  const auto& s = ts->seeded();
  const fs::path report = add_report(s.p1);
  auto rec =
      ts->store().read([&](store::Tx& tx) { return tx.get_recording(s.clinic_a, s.recording.at(s.p1)); });
  ASSERT_TRUE(rec);
  const fs::path upload = ts->data_dir() / "files" / rec->file_path;
  fs::create_directories(upload.parent_path());
  std::ofstream(upload) << "frames";
  ASSERT_TRUE(fs::exists(upload));

  // Who may: the administrator alone, in their own clinic.
  EXPECT_EQ(as("physiotherapist")->request("POST", path(s.p1, "/erasure"), R"({"reason":"x"})").status, 403);
  EXPECT_EQ(as("patient")->request("POST", path(s.p1, "/erasure"), R"({"reason":"x"})").status, 403);
  auto admin = as("admin");
  EXPECT_EQ(admin->request("POST", path(s.p3, "/erasure"), R"({"reason":"x"})").status, 404);
  EXPECT_EQ(admin->request("POST", path(s.p1, "/erasure"), "{}").status, 400);

  auto r =
      admin->request("POST", path(s.p1, "/erasure"), R"x({"reason":"patient's request, art. 17(1)(a)"})x");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = admin->json(r);
  EXPECT_EQ(j["erased"], true);
  EXPECT_GE(j["rows_deleted"]["recordings"].get<int>(), 1);
  EXPECT_FALSE(fs::exists(report));
  EXPECT_FALSE(fs::exists(upload));

  // The record answers 410 Gone; the list no longer has it; the patient cannot sign in.
  auto physio = as("physiotherapist");
  EXPECT_EQ(physio->get(path(s.p1, "")).status, 410);
  EXPECT_EQ(physio->get(path(s.p1, "/recordings")).status, 410);
  EXPECT_EQ(physio->get("/fhir/Patient/" + s.p1).status, 410);
  EXPECT_EQ(physio->get("/api/recordings/" + s.recording.at(s.p1)).status, 404);
  EXPECT_EQ(physio->get(path(s.p2, "")).status, 200);
  EXPECT_EQ(physio->get("/api/patients").body.find(s.p1), std::string::npos);
  EXPECT_NE(Client(ts->port()).login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(admin->request("POST", path(s.p1, "/erasure"), R"({"reason":"again"})").status, 410);

  // Kept: the tombstone, the consent, the audit trail (still a valid chain, the erasure in it).
  auto t = ts->store().read([&](store::Tx& tx) { return tx.get_tombstone(s.clinic_a, s.p1); });
  ASSERT_TRUE(t && t->has_value());
  EXPECT_EQ((*t)->erased_by, s.user_id.at("admin"));
  EXPECT_EQ((*t)->reason, "patient's request, art. 17(1)(a)");
  auto consents = ts->store().read([&](store::Tx& tx) { return tx.list_consents(s.clinic_a, s.p1); });
  ASSERT_TRUE(consents);
  EXPECT_FALSE(consents->empty());
  auto chain = store::verify_audit_chain(ts->store());
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->ok) << chain->what;
  auto events = ts->store().read([&](store::Tx& tx) {
    store::AuditQuery q;
    q.patient_id = s.p1;
    return tx.list_audit(s.clinic_a, q);
  });
  ASSERT_TRUE(events);
  bool erased_event = false;
  for (const auto& e : events->items) erased_event |= e.action == "patient.erase" && e.outcome == "success";
  EXPECT_TRUE(erased_event);
  EXPECT_TRUE(ts->store().read([&](store::Tx& tx) { return tx.list_pending_erasure_files(); })->empty());
}

}  // namespace
}  // namespace physio::test
