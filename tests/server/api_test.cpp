// The API as a client sees it: sign-in with a second factor, lockout, CSRF, bad input, the upload ->
// job -> observations flow, the access log, the OpenAPI document and the security headers.
#include <thread>

#include <gtest/gtest.h>

#include "hl7/parser.hpp"

#include "security/totp.hpp"
#include "server/app/openapi.hpp"
#include "server/app/route_table.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;

ServerOptionsForTest workers(int n) {
  ServerOptionsForTest o;
  o.job_workers = n;
  return o;
}

ServerOptionsForTest with_mfa() {
  ServerOptionsForTest o;
  o.mfa_for_staff = true;
  return o;
}

std::string header(const net::ClientResponse& r, const char* name) {
  auto h = r.header(name);
  return h ? std::string(*h) : std::string();
}

/// Polls a job until it is done or failed: up to 60 s (a loaded sanitizer build).
json wait_for_job(Client& c, const std::string& job_id) {
  json job;
  for (int i = 0; i < 600; ++i) {
    job = c.json(c.get("/api/jobs/" + job_id));
    if (job["state"] == "done" || job["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return job;
}

TEST(ServerApi, HealthAndSecurityHeaders) {
  auto ts = TestServer::start("api_health");
  auto r = net::http_request("127.0.0.1", ts->port(), "GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto ready = net::http_request("127.0.0.1", ts->port(), "GET", "/readyz");
  EXPECT_EQ(ready->status, 200);
  const std::string csp = header(*r, "content-security-policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(header(*r, "x-content-type-options"), "nosniff");
  EXPECT_EQ(header(*r, "referrer-policy"), "no-referrer");
}

TEST(ServerApi, SignInSetsAStrictHttpOnlyCookieAndCsrfIsRequired) {
  auto ts = TestServer::start("api_login");
  Client c(ts->port());
  auto r = c.login(ts->seeded().user_email.at("physiotherapist"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = header(r, "set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(c.json(r)["user"]["role"], "physiotherapist");
  EXPECT_FALSE(c.csrf().empty());
  // A write without the CSRF header is refused, with it accepted.
  const std::string body = R"({"given_name":"Dee","family_name":"Delta","birth_date":"1970-01-02"})";
  auto no_csrf = c.request("POST", "/api/patients", body, "application/json", false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(c.json(no_csrf)["error"], "csrf");
  auto ok = c.request("POST", "/api/patients", body);
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Without a session: 401.
  Client anon(ts->port());
  EXPECT_EQ(anon.get("/api/patients").status, 401);
  // Sign-out ends the session on the server, not only in the browser.
  const std::string old_cookie = c.cookie();
  EXPECT_EQ(c.request("POST", "/api/logout").status, 200);
  EXPECT_EQ(c.get("/api/patients").status, 401);
}

// Wrong passwords lock the account for the address they came from, not for its owner elsewhere, and an
// e-mail nobody uses is locked the same way, so the answers do not tell which accounts exist (security
// finding: anyone could lock any account, and only existing accounts were ever "locked").
TEST(ServerApi, WrongPasswordsLockTheAccountForThatAddressOnly) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) {
    st.trust_forwarded_for = true;
  };  // the test's clients are on loopback
  auto ts = TestServer::start("api_lockout", o);
  const auto email = ts->seeded().user_email.at("assistant");
  Client c(ts->port());
  auto login_from = [&](const std::string& address, const std::string& who, const std::string& password) {
    const json body = {{"email", who}, {"password", password}};
    return c.request("POST", "/api/login", body.dump(), "application/json", false,
                     {{"x-forwarded-for", address}});
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login_from("203.0.113.7", email, "wrong password!!").status, 401);
  auto locked = login_from("203.0.113.7", email, kPassword);  // the right password, too late from there
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(c.json(locked)["error"], "locked");
  // The owner, from their own address, signs in.
  auto owner = login_from("198.51.100.2", email, kPassword);
  EXPECT_EQ(owner.status, 200) << owner.body;
  // An unknown e-mail: the same answers, 401 then locked (from another address: the per-address throttle
  // allows ten failures in a burst).
  for (int i = 0; i < 5; ++i) {
    auto unknown = login_from("203.0.113.8", "nobody@test.example", "whatever password");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(c.json(unknown)["error"], "invalid_credentials");
  }
  auto unknown_locked = login_from("203.0.113.8", "nobody@test.example", "whatever password");
  EXPECT_EQ(unknown_locked.status, 429);
  EXPECT_EQ(c.json(unknown_locked)["error"], "locked");
  EXPECT_EQ(c.json(unknown_locked)["message"], c.json(locked)["message"]);
}

TEST(ServerApi, StaffEnrolAndUseATotpSecondFactor) {
  auto ts = TestServer::start("api_totp", with_mfa());
  const auto email = ts->seeded().user_email.at("physiotherapist");
  Client c(ts->port());
  auto first = c.login(email);
  ASSERT_EQ(first.status, 401);
  auto j = c.json(first);
  ASSERT_EQ(j["error"], "totp_enrollment_required") << first.body;
  const std::string secret = j["totp_secret"];
  EXPECT_NE(j["otpauth_uri"].get<std::string>().find("otpauth://totp/"), std::string::npos);
  const auto key = *security::base32_decode(secret);
  const std::int64_t now = server::now_us() / 1'000'000;
  EXPECT_EQ(c.login(email, kPassword, "000000").status, 401);
  auto enrolled = c.login(email, kPassword, security::totp(key, now));
  ASSERT_EQ(enrolled.status, 200) << enrolled.body;
  // The enrolment code is spent: replaying it at once is refused (security finding: it worked once more).
  Client replay(ts->port());
  auto replayed = replay.login(email, kPassword, security::totp(key, now));
  EXPECT_EQ(replayed.status, 401) << replayed.body;
  EXPECT_EQ(replay.json(replayed)["error"], "invalid_totp");
  // From now on a code is required, and one code works once.
  Client d(ts->port());
  EXPECT_EQ(c.json(d.login(email))["error"], "totp_required");
  const std::string code = security::totp(key, now + 30);
  EXPECT_EQ(d.login(email, kPassword, code).status, 200);
  Client e(ts->port());
  EXPECT_EQ(e.login(email, kPassword, code).status, 401);
}

TEST(ServerApi, BadInputIsA4xxNamingTheField) {
  auto ts = TestServer::start("api_bad_input");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  struct Bad {
    std::string body, field;
  };
  for (const auto& b : std::vector<Bad>{
           {"{not json", ""},
           {"[1,2]", ""},
           {R"({"given_name":"A","family_name":"B"})", "/birth_date"},
           {R"({"given_name":5,"family_name":"B","birth_date":"1990-01-01"})", "/given_name"},
           {R"({"given_name":"A","family_name":"B","birth_date":"1990-02-30"})", "/birth_date"},
           {R"({"given_name":"A","family_name":"B","birth_date":"2990-01-01"})", "/birth_date"},
           {R"({"given_name":"A","family_name":"B","birth_date":"1990-01-01","sex":"x"})", "/sex"},
           {R"({"given_name":"A","family_name":"B","birth_date":"1990-01-01","admin":true})", "/admin"},
           {R"({"given_name":"A\u0001","family_name":"B","birth_date":"1990-01-01"})", "/given_name"},
       }) {
    auto r = c.request("POST", "/api/patients", b.body);
    EXPECT_EQ(r.status, 400) << b.body;
    EXPECT_EQ(c.json(r).value("field", std::string()), b.field) << b.body << " -> " << r.body;
  }
  EXPECT_EQ(c.request("POST", "/api/patients", "a=b", "application/x-www-form-urlencoded").status, 415);
  EXPECT_EQ(c.request("POST", "/api/patients", std::string(70 * 1024, ' ')).status, 413);
  EXPECT_EQ(c.request("DELETE", "/api/patients").status, 405);
  EXPECT_EQ(c.get("/api/nothing-here").status, 404);
  EXPECT_EQ(c.get("/api/patients?limit=0").status, 400);
  EXPECT_EQ(c.get("/api/patients?cursor=forged").status, 400);
  // Nothing half-stored: the list holds only the three seeded patients of clinic A... as seen by A.
  auto list = c.json(c.get("/api/patients"));
  EXPECT_EQ(list["items"].size(), 2u);
  // The server keeps serving.
  EXPECT_EQ(c.get("/api/me").status, 200);
}

// An upload wakes the idle worker at once. Found when two servers shared one queue and the one that got
// the uploads ran none of their jobs: notify() woke the worker, which went back to sleep for the whole
// poll interval because it waited for the runner to stop only.
TEST(ServerApi, AnUploadWakesTheIdleWorkerAtOnce) {
  auto o = workers(1);
  o.idle_poll = std::chrono::minutes(10);  // only notify() can start the job within the test
  auto ts = TestServer::start("api_wake", o);
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the worker has looked once and sleeps
  auto up = c.request(
      "POST",
      "/api/patients/" + ts->seeded().p1 + "/recordings?kind=landmarks&exercise=deep_squat&name=s.csv",
      squat_landmarks_csv(), "application/octet-stream");
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string job_id = c.json(up)["job_id"];
  const json job = wait_for_job(c, job_id);
  EXPECT_EQ(job["state"], "done") << job.dump();
}

// A failed analysis is shown to the person who uploaded it, the patient too: its error names the file as it
// was uploaded and never the server's folders (security finding: job errors showed server paths).
TEST(ServerApi, AFailedAnalysisNamesTheFileNotTheServersFolders) {
  auto ts = TestServer::start("api_job_error", workers(1));
  Client c(ts->port()), patient(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(patient.login(ts->seeded().user_email.at("patient")).status, 200);
  const std::string target = "/api/patients/" + ts->seeded().p1 +
                             "/recordings?kind=landmarks&exercise=deep_squat&name=my%20squats.csv";
  // Refused at once: the answer names the file as sent, not the server's temporary file.
  auto refused = c.request("POST", target, "this is not a landmark file\n", "application/octet-stream");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.body.find(ts->data_dir().string()), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("my squats.csv"), std::string::npos) << refused.body;
  // A file that reads but cannot be analysed (a few frames, no movement): the job fails, and its error is
  // as clean.
  const std::string csv = squat_landmarks_csv();
  std::size_t end = 0;
  for (int lines = 0; lines < 6 && end != std::string::npos; ++lines) end = csv.find('\n', end + 1);
  auto up = c.request("POST", target, csv.substr(0, end + 1), "application/octet-stream");
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string job_id = c.json(up)["job_id"];
  const json job = wait_for_job(c, job_id);
  ASSERT_EQ(job["state"], "failed") << job.dump();
  const std::string error = job["error"];
  EXPECT_EQ(error.find(ts->data_dir().string()), std::string::npos) << error;
  EXPECT_EQ(error.find("/files/"), std::string::npos) << error;
  // The patient's own view of their recordings says the same.
  const auto list = patient.get("/api/patients/" + ts->seeded().p1 + "/recordings");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(ts->data_dir().string()), std::string::npos) << list.body;
}

// A clash with a stored record answers 409 in words of its own: no SQL, table or column from the database
// (security finding: "UNIQUE constraint failed: users.email" with the statement reached the caller, and
// said that another clinic already uses the address).
TEST(ServerApi, AStoreConflictNamesNoInternals) {
  auto ts = TestServer::start("api_conflict");
  Client admin(ts->port());
  ASSERT_EQ(admin.login(ts->seeded().user_email.at("admin")).status, 200);
  const json body = {{"email", ts->seeded().user_email.at("b_physio")},  // a login of the other clinic
                     {"role", "assistant"},
                     {"password", "a long enough password"}};
  auto r = admin.request("POST", "/api/staff", body.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  for (const char* internal : {"sqlite", "postgresql", "UNIQUE", "users.", "INSERT", "constraint"})
    EXPECT_EQ(r.body.find(internal), std::string::npos) << internal << " in " << r.body;
}

// A FHIR search naming a patient of another clinic finds nothing, as if the patient did not exist, and
// is in the audit trail as denied (security finding: it left no trace), without naming the patient.
TEST(ServerApi, AFhirSearchForAPatientOutOfReachIsAuditedAsDenied) {
  auto ts = TestServer::start("api_fhir_denied");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  auto r = physio.get("/fhir/Observation?patient=" + s.p3);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(physio.json(r)["total"], 0) << r.body;
  auto audit =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {.limit = 1000}); }));
  bool denied = false;
  for (const auto& e : audit.items)
    if (e.outcome == "denied" && e.record_type == "observation" &&
        e.actor_id == s.user_id.at("physiotherapist")) {
      denied = true;
      EXPECT_TRUE(e.patient_id.empty()) << "the other clinic's patient is not named";
      EXPECT_EQ(e.detail.find(s.p3), std::string::npos) << e.detail;
    }
  EXPECT_TRUE(denied) << "no denied search in the audit trail";
  // A search of the physiotherapist's own patient is audited as a read, not a denial.
  ASSERT_EQ(physio.get("/fhir/Observation?patient=" + s.p1).status, 200);
}

TEST(ServerApi, UploadRunsTheEngineAndFillsTheTimeline) {
  auto o = workers(1);
  o.tweak = [](server::Settings& st) {
    st.hl7_receiving_application = "EPIC";
    st.hl7_receiving_facility = "NORTHSIDE";
    st.hl7_mrn_authority = "EPI";
  };
  auto ts = TestServer::start("api_upload", o);
  // The patient's record number goes out with the configured assigning authority (PID-3.4).
  {
    auto p = must(ts->store().read(
        [&](store::Tx& tx) { return tx.get_patient(ts->seeded().clinic_a, ts->seeded().p1); }));
    p.mrn = "E-1001";
    must(ts->store().write([&](store::Tx& tx) { return tx.update_patient(p); }));
  }
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  const auto p1 = ts->seeded().p1;
  auto up = c.request(
      "POST", "/api/patients/" + p1 + "/recordings?kind=landmarks&exercise=deep_squat&name=squats.csv",
      squat_landmarks_csv(), "application/octet-stream");
  ASSERT_EQ(up.status, 202) << up.body;
  const std::string job_id = c.json(up)["job_id"];
  const json job = wait_for_job(c, job_id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  auto obs = c.json(c.get("/api/patients/" + p1 + "/observations?code=exercise-repetitions"));
  ASSERT_EQ(obs.size(), 1u) << obs.dump();
  EXPECT_EQ(obs[0]["value"], 3);  // the synthetic person squats three times
  EXPECT_EQ(obs[0]["unit"], "{repetitions}");
  auto recs = c.json(c.get("/api/patients/" + p1 + "/recordings"));
  bool found = false;
  for (const auto& r : recs)
    if (r["job"].is_object() && r["job"]["id"] == job_id) {
      found = true;
      EXPECT_EQ(r["summary"]["repetitions"], 3);
      ASSERT_TRUE(r["report_url"].is_string());
      auto report = c.get(r["report_url"].get<std::string>());
      EXPECT_EQ(report.status, 200);
      EXPECT_NE(report.body.find("<html"), std::string::npos);
      EXPECT_NE(header(report, "content-security-policy").find("sandbox"), std::string::npos);
      // The measures wait in the HL7 outbox as ORU^R01 for the clinic's EHR: one OBX per observation.
      const std::string rec_id = r["id"];
      auto outbox = ts->store().read(
          [&](store::Tx& tx) { return tx.list_hl7_outgoing(ts->seeded().clinic_a, "recording", rec_id); });
      ASSERT_TRUE(outbox);
      ASSERT_EQ(outbox->size(), 1u);
      EXPECT_EQ(outbox->front().message_type, "ORU^R01");
      auto oru = hl7::parse_message(outbox->front().message);
      ASSERT_TRUE(oru) << oru.error().to_string();
      auto stored = ts->store().read(
          [&](store::Tx& tx) { return tx.list_observations_for_recording(ts->seeded().clinic_a, rec_id); });
      ASSERT_TRUE(stored);
      EXPECT_EQ(oru->count("OBX"), static_cast<int>(stored->size()));
      EXPECT_EQ(oru->get("OBR-3.1"), rec_id);
      EXPECT_EQ(oru->get("PID-5.1"), "Alpha");
      // MSH-5/6 from the settings (they were empty), the MRN with its authority, local codes as 99zzz.
      EXPECT_EQ(oru->get("MSH-5"), "EPIC");
      EXPECT_EQ(oru->get("MSH-6"), "NORTHSIDE");
      EXPECT_EQ(oru->get("PID-3.1"), "E-1001");
      EXPECT_EQ(oru->get("PID-3.4"), "EPI");
      EXPECT_EQ(oru->get("PID-3.5"), "MR");
      EXPECT_EQ(oru->get("OBR-4.3"), "99PKT");
      bool reps = false;
      for (int i = 1; i <= oru->count("OBX"); ++i)
        reps |= oru->get("OBX[" + std::to_string(i) + "]-3.1") == "exercise-repetitions" &&
                oru->get("OBX[" + std::to_string(i) + "]-5") == "3";
      EXPECT_TRUE(reps) << outbox->front().message;
    }
  EXPECT_TRUE(found);
}

TEST(ServerApi, AFileThatIsNotWhatItsKindSaysIsRefusedAndNothingIsStored) {
  auto ts = TestServer::start("api_wrong_kind");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  const auto p1 = ts->seeded().p1;
  const auto before = c.json(c.get("/api/patients/" + p1 + "/recordings")).size();
  auto bad = c.request("POST", "/api/patients/" + p1 + "/recordings?kind=landmarks&exercise=deep_squat",
                       "this is not a landmark file\n1,2,3\n", "application/octet-stream");
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto video = c.request("POST", "/api/patients/" + p1 + "/recordings?kind=video&exercise=deep_squat",
                         squat_landmarks_csv(), "application/octet-stream");
  EXPECT_EQ(video.status, 422) << video.body;
  auto no_ex = c.request("POST", "/api/patients/" + p1 + "/recordings?kind=landmarks&exercise=moonwalk",
                         squat_landmarks_csv(), "application/octet-stream");
  EXPECT_EQ(no_ex.status, 400) << no_ex.body;
  EXPECT_EQ(c.json(no_ex)["field"], "exercise");
  auto no_kind = c.request("POST", "/api/patients/" + p1 + "/recordings", "x", "application/octet-stream");
  EXPECT_EQ(no_kind.status, 400);
  EXPECT_EQ(c.json(c.get("/api/patients/" + p1 + "/recordings")).size(), before);
  // No stray files left in the upload folder.
  std::size_t temp_files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(ts->data_dir() / "tmp"))
    ++temp_files;
  EXPECT_EQ(temp_files, 0u);
}

TEST(ServerApi, ThePatientPageShowsWhoOpenedTheRecord) {
  auto ts = TestServer::start("api_access_log");
  const auto& s = ts->seeded();
  Client physio(ts->port()), patient(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(physio.get("/api/patients/" + s.p1).status, 200);
  EXPECT_EQ(patient.get("/api/patients/" + s.p2).status, 404);  // denied, and audited
  auto log = patient.json(patient.get("/api/patients/" + s.p1 + "/audit"));
  bool physio_read = false;
  for (const auto& e : log["items"])
    physio_read |=
        e["action"] == "patient.read" && e["role"] == "physiotherapist" && e["outcome"] == "success";
  EXPECT_TRUE(physio_read) << log.dump();
}

TEST(ServerApi, MovingARecordToAnotherPatientIsRefused) {
  auto ts = TestServer::start("api_move");
  const auto& s = ts->seeded();
  Client c(ts->port());
  ASSERT_EQ(c.login(s.user_email.at("physiotherapist")).status, 200);
  const auto appt = s.appointment.at(s.p1);
  auto r =
      c.request("PATCH", "/api/appointments/" + appt, R"({"status":"arrived","patient_id":")" + s.p2 + "\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.json(r)["field"], "/patient_id");
  auto list = c.json(c.get("/api/patients/" + s.p1 + "/appointments"));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "booked");
}

TEST(ServerApi, SearchAndPagingStayInsideTheClinic) {
  auto ts = TestServer::start("api_paging");
  const auto& s = ts->seeded();
  Client a(ts->port()), b(ts->port());
  ASSERT_EQ(a.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(b.login(s.user_email.at("b_physio")).status, 200);
  EXPECT_EQ(a.json(a.get("/api/patients?q=Charlie"))["items"].size(), 0u);
  EXPECT_EQ(b.json(b.get("/api/patients?q=Charlie"))["items"].size(), 1u);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(b.request("POST", "/api/patients",
                        R"({"given_name":"P)" + std::to_string(i) +
                            R"(","family_name":"Zed","birth_date":"1980-01-01"})")
                  .status,
              201);
  auto page = b.json(b.get("/api/patients?limit=2"));
  ASSERT_TRUE(page["next_cursor"].is_string());
  // Clinic B's cursor means nothing in clinic A.
  auto replay = a.get("/api/patients?limit=2&cursor=" + page["next_cursor"].get<std::string>());
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.body.find("Zed"), std::string::npos);
}

TEST(ServerApi, ARecordingOfWalkingIsMeasuredAsGaitOrRefusedWithTheReason) {
  auto ts = TestServer::start("api_gait_upload", workers(1));
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("physiotherapist")).status, 200);
  const std::string base = "/api/patients/" + ts->seeded().p1 + "/recordings?";
  // A video or landmark file is of an exercise or of walking; no other test.
  auto bad = c.request("POST", base + "kind=video&test=tug&name=walk.mp4", "x", "application/octet-stream");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(c.json(bad)["field"], "test") << bad.body;
  bad = c.request("POST", base + "kind=landmarks&test=gait&exercise=deep_squat&name=s.csv",
                  squat_landmarks_csv(), "application/octet-stream");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(c.json(bad)["field"], "test") << bad.body;
  // Squats uploaded as walking: taken, then refused by the engine with its reason.
  auto up = c.request("POST", base + "kind=landmarks&test=gait&name=squats.csv", squat_landmarks_csv(),
                      "application/octet-stream");
  ASSERT_EQ(up.status, 202) << up.body;
  const json job = wait_for_job(c, c.json(up)["job_id"]);
  ASSERT_EQ(job["state"], "failed") << job.dump();
  EXPECT_NE(job["error"].get<std::string>().find("not a recording of walking across the view"),
            std::string::npos)
      << job.dump();
}

TEST(ServerApi, OpenApiDocumentNamesEveryRoute) {
  auto ts = TestServer::start("api_openapi");
  auto r = net::http_request("127.0.0.1", ts->port(), "GET", "/api/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::size_t ops = 0;
  for (const auto& route : server::api_routes()) {
    std::string m = route.method == "WS" ? "get" : route.method;  // a socket is documented as its upgrade
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    EXPECT_TRUE(doc["paths"].contains(route.pattern) && doc["paths"][route.pattern].contains(m))
        << route.method << " " << route.pattern;
    ++ops;
  }
  std::size_t documented = 0;
  for (const auto& [path, methods] : doc["paths"].items()) documented += methods.size();
  EXPECT_EQ(documented, ops);
}

// What Redocly's recommended rules asked for (no servers, public routes without `security: []`), and the
// query parameters and response schemas that were not described.
TEST(ServerApi, OpenApiDocumentDescribesServersSecurityQueriesAndAnswers) {
  const json doc = server::openapi_document();
  ASSERT_TRUE(doc.contains("servers"));
  ASSERT_EQ(doc["servers"].size(), 1u);
  EXPECT_EQ(doc["servers"][0]["url"], "/");
  for (const auto& route : server::api_routes()) {
    std::string m = route.method == "WS" ? "get" : route.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    const json& op = doc["paths"][route.pattern][m];
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_TRUE(op.contains("security"));
    EXPECT_EQ(op["security"].empty(), route.auth == server::AuthMode::kPublic);
    std::size_t queries = 0;
    const json params = op.value("parameters", json::array());
    for (const auto& p : params) queries += p["in"] == "query" ? 1u : 0u;
    EXPECT_EQ(queries, route.query.size());
    if (route.method != "WS") {
      EXPECT_TRUE(op["responses"]["200"]["content"].contains(route.produces));
    }
    const std::string ref = op["responses"]["400"]["content"].begin().value()["schema"]["$ref"];
    // FHIR answers errors as OperationOutcome, the Binary's PDF route too; the JSON discovery documents
    // under /fhir/ answer like the app.
    const bool fhir_errors = route.produces == "application/fhir+json" ||
                             (route.pattern.starts_with("/fhir/") && route.produces != "application/json");
    EXPECT_EQ(ref, fhir_errors ? "#/components/schemas/OperationOutcome" : "#/components/schemas/Error");
  }
  // /fhir/ takes a SMART bearer token as well as the session; the OAuth token endpoint may answer 401; a bulk
  // export is accepted with 202.
  EXPECT_EQ(doc["components"]["securitySchemes"]["smart"]["scheme"], "bearer");
  std::size_t fhir_ops = 0, fhir_bearer = 0;
  for (const auto& route : server::api_routes()) {
    if (!route.pattern.starts_with("/fhir/") || route.auth == server::AuthMode::kPublic) continue;
    std::string m = route.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    ++fhir_ops;
    for (const auto& alt : doc["paths"][route.pattern][m]["security"])
      fhir_bearer += alt.contains("smart") ? 1u : 0u;
  }
  EXPECT_GT(fhir_ops, 50u);
  EXPECT_EQ(fhir_bearer, fhir_ops);
  EXPECT_TRUE(doc["paths"]["/oauth/token"]["post"]["responses"].contains("401"));
  EXPECT_TRUE(doc["paths"]["/fhir/Patient/$export"]["get"]["responses"].contains("202"));
  EXPECT_TRUE(doc["paths"]["/fhir/Group/{id}/$export"]["get"]["responses"].contains("202"));
  const json& binary = doc["paths"]["/fhir/Binary/{id}"]["get"];
  EXPECT_TRUE(binary["responses"]["200"]["content"].contains("application/pdf"));
  EXPECT_EQ(binary["responses"]["404"]["content"]["application/fhir+json"]["schema"]["$ref"],
            "#/components/schemas/OperationOutcome");
  auto query_names = [&](const std::string& path) {
    std::vector<std::string> names;
    for (const auto& p : doc["paths"][path]["get"]["parameters"])
      if (p["in"] == "query") names.push_back(p["name"]);
    return names;
  };
  EXPECT_EQ(query_names("/api/patients"), (std::vector<std::string>{"q", "cursor", "limit"}));
  EXPECT_EQ(query_names("/api/calendar"), (std::vector<std::string>{"from", "to", "clinician"}));
  const auto obs = query_names("/fhir/Observation");
  EXPECT_NE(std::find(obs.begin(), obs.end(), "patient"), obs.end());
  EXPECT_NE(std::find(obs.begin(), obs.end(), "_count"), obs.end());
  EXPECT_EQ(doc["paths"]["/api/login"]["post"]["security"], json::array());
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

// A handler reading a query parameter its route does not declare is a bug the tests catch (the document
// would not list it).
TEST(ServerApi, AnUndeclaredQueryParameterIsABug) {
  auto ts = TestServer::start("api_query_declared");
  server::Route route =
      server::make_route("GET", "/x", "x", std::nullopt, server::Target::kNone, "", nullptr);
  route.query = {{"a", "declared"}};
  net::Request req;
  req.query = "a=1&b=2";
  server::RequestContext ctx(ts->app(), req, route);
  EXPECT_EQ(ctx.query("a"), std::optional<std::string>("1"));
  EXPECT_THROW((void)ctx.query("b"), std::logic_error);
}

TEST(ServerApi, TheExerciseLibraryNamesTheCameraViewsOfEachExercise) {
  auto ts = TestServer::start("api_exercises");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("patient")).status, 200);
  const json lib = c.json(c.get("/api/exercises"));
  ASSERT_TRUE(lib.is_array());
  bool squat = false;
  for (std::size_t i = 0; i < lib.size(); ++i) {
    const json& ex = lib[i];
    ASSERT_TRUE(ex["views"].is_array()) << ex["id"];
    ASSERT_FALSE(ex["views"].empty()) << ex["id"];
    EXPECT_EQ(ex["views"][0], ex["view"]) << ex["id"] << ": the preferred view first";
    EXPECT_TRUE(ex["views_reason"].is_string()) << ex["id"];
    if (ex["id"] == "deep_squat") {
      squat = true;
      EXPECT_EQ(ex["views"], json::array({"side", "front"}));
      EXPECT_NE(ex["views_reason"].get<std::string>().find("front"), std::string::npos);
    }
  }
  EXPECT_TRUE(squat);
}

TEST(ServerApi, TheTimelineSaysWhichMovementsWereNotCountedAndWhy) {
  clinic::Recording rec;
  rec.id = "r1";
  rec.result_json = json{{"summary", {{"count", 2}, {"partial_count", 1}}},
                         {"reps",
                          {{{"index", 1}, {"partial", false}, {"start_s", 0.6}, {"end_s", 3.8}},
                           {{"index", 0},
                            {"partial", true},
                            {"start_s", 10.2},
                            {"end_s", 12.8},
                            {"not_counted_reason", "the recording ends before it is complete"}}}}}
                        .dump();
  const json j = server::recording_json(rec, nullptr);
  ASSERT_TRUE(j["summary"]["not_counted"].is_array()) << j.dump();
  ASSERT_EQ(j["summary"]["not_counted"].size(), 1u);
  EXPECT_EQ(j["summary"]["not_counted"][0]["reason"], "the recording ends before it is complete");
  EXPECT_EQ(j["summary"]["not_counted"][0]["start_s"], 10.2);
  EXPECT_EQ(j["summary"]["not_counted"][0]["end_s"], 12.8);
  // Every movement counted: no list.
  rec.result_json = json{{"summary", {{"count", 1}}}, {"reps", {{{"index", 1}, {"partial", false}}}}}.dump();
  EXPECT_FALSE(server::recording_json(rec, nullptr)["summary"].contains("not_counted"));
}

TEST(ServerApi, JobProgressOverWebSocketOnlyWithinReach) {
  auto ts = TestServer::start("api_ws");
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  std::vector<net::Header> h = {{"cookie", patient.cookie()}};
  auto own = net::WsClient::connect("127.0.0.1", ts->port(), "/api/jobs/" + s.job.at(s.p1) + "/events", h);
  ASSERT_TRUE(own) << own.error().to_string();
  auto msg = own->read();
  ASSERT_TRUE(msg) << msg.error().to_string();
  EXPECT_EQ(json::parse(msg->data)["id"], s.job.at(s.p1));
  auto other = net::WsClient::connect("127.0.0.1", ts->port(), "/api/jobs/" + s.job.at(s.p2) + "/events", h);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().to_string().find("404"), std::string::npos);
  auto other_clinic =
      net::WsClient::connect("127.0.0.1", ts->port(), "/api/jobs/" + s.job.at(s.p3) + "/events", h);
  EXPECT_FALSE(other_clinic);
  auto anonymous = net::WsClient::connect("127.0.0.1", ts->port(), "/api/jobs/" + s.job.at(s.p1) + "/events");
  EXPECT_FALSE(anonymous);
}

}  // namespace
}  // namespace physio::test
