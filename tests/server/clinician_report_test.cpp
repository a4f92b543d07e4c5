// The clinician report over HTTP (docs/server/api.md, "The clinician report"): a physiotherapist and an
// assistant get it as a sandboxed HTML page that links back to the patient's page and compares the earlier
// recordings of the same exercise; the patient keeps their own report and is refused the clinician's; the
// front desk gets neither; every opening is audited.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

class ClinicianReportApi : public ::testing::Test {
 protected:
  void SetUp() override { ts = TestServer::start("clinician-report"); }
  std::unique_ptr<Client> as(const std::string& who) {
    auto c = std::make_unique<Client>(ts->port());
    EXPECT_EQ(c->login(ts->seeded().user_email.at(who)).status, 200) << who;
    return c;
  }
  /// A second analysed squat recording of P1, after the seeded one; its id.
  std::string later_recording() {
    const auto& s = ts->seeded();
    auto id = ts->store().write([&](store::Tx& tx) -> Result<std::string> {
      clinic::Recording rec{.clinic_id = s.clinic_a,
                            .patient_id = s.p1,
                            .kind = "video",
                            .exercise_id = "squat",
                            .original_name = "squat-2.mp4",
                            .size_bytes = 1,
                            .sha256 = std::string(64, '1'),
                            .file_path = s.clinic_a + "/squat-2.mp4"};
      auto made = PHYSIO_TRY(tx.create_recording(rec));
      PHYSIO_CHECK(tx.update_recording_result(
          s.clinic_a, made.id, "",
          R"({"rate_hz":30,"n_frames":300,"summary":{"count":4,"mean_rom_deg":82.5,"best_rom_deg":90,"score":77},)"
          R"("reps":[{"partial":false,"start_frame":3,"end_frame":60,"rom_deg":82,"duration_s":1.9,)"
          R"("peak_velocity_dps":110,"score":77,"violations":[{"cue":"Knees out","severity":"low","frame":33,"t_s":1.1}]}]})"));
      return made.id;
    });
    EXPECT_TRUE(id) << id.error().to_string();
    return id ? *id : "";
  }
  std::unique_ptr<TestServer> ts;
};

TEST_F(ClinicianReportApi, ClinicianSeesItPatientKeepsTheirsFrontDeskNeither) {
  const auto& s = ts->seeded();
  const std::string seeded = "/api/recordings/" + s.recording.at(s.p1);
  const std::string later = later_recording();
  auto physio = as("physiotherapist");
  auto r = physio->get("/api/recordings/" + later + "/clinician-report");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html; charset=utf-8");
  EXPECT_NE(std::string(r.header("content-security-policy").value_or("")).find("sandbox"), std::string::npos);
  EXPECT_EQ(r.header("cache-control").value_or(""), "no-store");
  EXPECT_NE(r.body.find("<h1>Clinician report: "), std::string::npos) << r.body.substr(0, 600);
  EXPECT_NE(r.body.find("<a href=\"/patients/" + s.p1 + "\">Back to "), std::string::npos);
  EXPECT_NE(r.body.find("Knees out (low: frame 33, 1.1 s)"), std::string::npos);
  EXPECT_NE(r.body.find("30.0 frames/s"), std::string::npos);
  EXPECT_NE(r.body.find("(this recording)"), std::string::npos) << "the seeded squat is the earlier one";
  EXPECT_EQ(physio->get(seeded + "/clinician-report").status, 200);
  EXPECT_EQ(as("assistant")->get(seeded + "/clinician-report").status, 200);

  auto patient = as("patient");
  EXPECT_EQ(patient->get(seeded + "/report").status, 200);
  EXPECT_EQ(patient->get(seeded + "/clinician-report").status, 403);
  EXPECT_EQ(as("front_desk")->get(seeded + "/clinician-report").status, 403);
  // Another clinic's physiotherapist: the recording does not exist for them.
  EXPECT_EQ(as("b_physio")->get(seeded + "/clinician-report").status, 404);

  auto audit = ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {}); });
  ASSERT_TRUE(audit);
  int opened = 0, denied = 0;
  for (const auto& e : audit->items) {
    if (e.action != "clinician_report.read") continue;
    (e.outcome == "denied" ? denied : opened) += 1;
  }
  EXPECT_EQ(opened, 3);
  EXPECT_EQ(denied, 2);
}

TEST_F(ClinicianReportApi, NoAnalysisNoReport) {
  const auto& s = ts->seeded();
  auto id = ts->store().write([&](store::Tx& tx) -> Result<std::string> {
    clinic::Recording rec{.clinic_id = s.clinic_a,
                          .patient_id = s.p1,
                          .kind = "video",
                          .exercise_id = "squat",
                          .original_name = "waiting.mp4",
                          .size_bytes = 1,
                          .sha256 = std::string(64, '2'),
                          .file_path = s.clinic_a + "/waiting.mp4"};
    auto made = PHYSIO_TRY(tx.create_recording(rec));
    return made.id;
  });
  ASSERT_TRUE(id);
  auto r = as("physiotherapist")->get("/api/recordings/" + *id + "/clinician-report");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("no exercise analysis"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace physio::test
