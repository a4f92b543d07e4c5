// A recording that went wrong, over HTTP: a failed analysis is tried again (once it failed, not while it
// runs or after it finished), a wrong file is deleted with its measures and files, and a recording that is
// evidence (a live set's, or one a note cites) is kept with the reason. Who may: those who upload.
#include <filesystem>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class RecordingsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ts = TestServer::start("recordings");
    physio = std::make_unique<Client>(ts->port());
    ASSERT_EQ(physio->login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  }
  /// A recording of P1 with a file on disk and a failed analysis with one measure; its id.
  std::string failed_recording(const std::string& name) {
    const auto& s = ts->seeded();
    const std::string rel = s.clinic_a + "/" + name;
    fs::create_directories(ts->data_dir() / "files" / s.clinic_a);
    {
      std::FILE* f = std::fopen((ts->data_dir() / "files" / rel).c_str(), "w");
      std::fputs("x", f);
      std::fclose(f);
    }
    auto id = ts->store().write([&](store::Tx& tx) -> Result<std::string> {
      clinic::Recording rec{.clinic_id = s.clinic_a,
                            .patient_id = s.p1,
                            .kind = "landmarks",
                            .exercise_id = "squat",
                            .original_name = name,
                            .size_bytes = 1,
                            .sha256 = std::string(64, '0'),
                            .file_path = rel};
      auto made = PHYSIO_TRY(tx.create_recording(rec));
      auto job = PHYSIO_TRY(tx.enqueue_job(s.clinic_a, made.id, 1));
      PHYSIO_TRY(tx.connection().query("UPDATE jobs SET state = 'failed', error = 'no person found' WHERE id = ?",
                                       {job.id}));
      clinic::Observation o{.clinic_id = s.clinic_a,
                            .patient_id = s.p1,
                            .recording_id = made.id,
                            .code_system = "http://loinc.org",
                            .code = "89423-8",
                            .display = "Timed Up and Go",
                            .value = 12,
                            .unit = "s",
                            .effective_us = 1'700'000'000'000'000};
      PHYSIO_TRY(tx.insert_observation(o));
      return made.id;
    });
    EXPECT_TRUE(id) << id.error().to_string();
    return id ? *id : "";
  }
  std::unique_ptr<TestServer> ts;
  std::unique_ptr<Client> physio;
};

TEST_F(RecordingsApi, AFailedAnalysisIsTriedAgainOnce) {
  const std::string id = failed_recording("retry.csv");
  auto r = physio->request("POST", "/api/recordings/" + id + "/retry", "");
  ASSERT_EQ(r.status, 202) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["state"], "queued");
  // The newest job is the new one, queued: not tried again while it waits.
  const json rec = json::parse(physio->get("/api/recordings/" + id).body);
  EXPECT_EQ(rec["job"]["id"], j["job_id"]);
  r = physio->request("POST", "/api/recordings/" + id + "/retry", "");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("queued"), std::string::npos);
  // A finished one (the seeded recording) is not retried either.
  EXPECT_EQ(physio->request("POST", "/api/recordings/" + ts->seeded().recording.at(ts->seeded().p1) + "/retry", "")
                .status,
            409);
}

TEST_F(RecordingsApi, AWrongFileIsDeletedWithItsMeasuresAndFile) {
  const auto& s = ts->seeded();
  const std::string id = failed_recording("wrong-patient.csv");
  const fs::path file = ts->data_dir() / "files" / s.clinic_a / "wrong-patient.csv";
  ASSERT_TRUE(fs::exists(file));
  auto obs = [&] { return json::parse(physio->get("/api/patients/" + s.p1 + "/observations").body).size(); };
  const auto before = obs();
  auto r = physio->request("DELETE", "/api/recordings/" + id, "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(physio->get("/api/recordings/" + id).status, 404);
  EXPECT_EQ(obs(), before - 1);
  EXPECT_FALSE(fs::exists(file));
  // Nothing left queued for the sweep.
  auto pending = ts->store().read([](store::Tx& tx) { return tx.list_pending_erasure_files(); });
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
  // In the access log.
  bool seen = false;
  const json audit = json::parse(physio->get("/api/patients/" + s.p1 + "/audit").body);
  for (const auto& e : audit["items"]) seen |= e["action"] == "recording.delete";
  EXPECT_TRUE(seen);
  // The patient and the front desk may not delete.
  const std::string other = failed_recording("other.csv");
  for (const char* who : {"patient", "front_desk"}) {
    Client c(ts->port());
    ASSERT_EQ(c.login(s.user_email.at(who)).status, 200);
    EXPECT_EQ(c.request("DELETE", "/api/recordings/" + other, "").status, 403) << who;
  }
}

TEST_F(RecordingsApi, EvidenceIsKeptWithTheReason) {
  const auto& s = ts->seeded();
  // A live set's recording.
  const std::string live_rec = failed_recording("live-set.csv");
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(tx.connection().query("UPDATE live_sessions SET recording_id = ? WHERE clinic_id = ? AND id = ?",
                                     {live_rec, s.clinic_a, s.live_session.at(s.p1)}));
    return ok();
  }));
  auto r = physio->request("DELETE", "/api/recordings/" + live_rec, "");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("live set"), std::string::npos);
  // A recording whose measure a note cites: a draft built from the visit's rows.
  const std::string cited = failed_recording("cited.csv");
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Status {
    clinic::NoteRow row{.id = "note-cites",
                        .clinic_id = s.clinic_a,
                        .patient_id = s.p1,
                        .episode_id = "",
                        .author_id = s.user_id.at("physiotherapist"),
                        .status = "draft",
                        .window_from_us = 0,
                        .window_to_us = 1,
                        .created_us = 1,
                        .updated_us = 1,
                        .signed_us = 0,
                        .version = 1,
                        .body = R"({"sources":[{"type":"recording","id":")" + cited + R"("}]})"};
    PHYSIO_TRY(tx.create_note(row));
    return ok();
  }));
  r = physio->request("DELETE", "/api/recordings/" + cited, "");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("note"), std::string::npos);
  EXPECT_EQ(physio->get("/api/recordings/" + cited).status, 200);
}

}  // namespace
}  // namespace physio::test
