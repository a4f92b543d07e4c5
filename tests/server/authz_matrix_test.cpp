// The authorization matrix, generated from the route table (WebSocket routes included): every route x
// every role x (own record,
// another patient's record in the same clinic, a record of another clinic), with the outcome the role
// table predicts (clinic::decide). A route added without a sample request here fails the test, so no
// route escapes its rows. A second test removes one handler's check and shows the matrix catch it.
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "scribe/speech/wav.hpp"

#include "clinic/access.hpp"
#include "notes/note.hpp"
#include "security/random.hpp"
#include "server/app/route_table.hpp"
#include "server/http/http_util.hpp"
#include "server/net/http_client.hpp"
#include "server_fixture.hpp"
#include "store/clinic_exercises.hpp"
#include "store/smart.hpp"

namespace physio::test {
namespace {

using server::Route;
using server::Target;

struct Sample {
  std::string query;  ///< appended to the path
  std::string body;   ///< JSON or upload bytes
  std::string content_type = "application/json";
  std::vector<net::Header> headers{};
};

// A valid request for every route that takes input. `n` makes bodies unique where the store needs it.
std::optional<Sample> sample_for(const Route& r, int n) {
  const std::string key = r.method + " " + r.pattern;
  if (key == "GET /fhir/Patient/$export" || key == "GET /fhir/Group/{id}/$export")
    return Sample{"", "", "application/json", {{"prefer", "respond-async"}}};
  if (key == "GET /api/model-card") return Sample{"?name=noshow", ""};  // the fixture's silent version 1
  if (key == "GET /api/calendar")
    return Sample{"?from=2027-01-11&to=2027-01-17", ""};  // the seeded bookings' week
  if (key == "DELETE /api/patients/{id}/questionnaire-schedules") return Sample{"?instrument=psfs", ""};
  if (r.body == server::BodyKind::kNone) return Sample{};
  if (key == "POST /api/patients/{id}/caseload-alerts")  // a snooze needs no open alert; 5 days ahead
    return Sample{"", R"({"kind":"missed_sessions","action":"snoozed","note":"on holiday","until":")" +
                          server::iso_date(server::now_us() + 5 * 86'400'000'000LL) + R"("})"};
  if (key == "POST /api/patients/{id}/appointments") {
    // An hour of its own per request (bookings that overlap are refused), with the clinic's physiotherapist
    // ("{physio}": the front desk names the clinician).
    return Sample{"", fmt::format(R"({{"start":"{:04}-{:02}-{:02}T{:02}:00:00Z","duration_min":30,)"
                                  R"("practitioner_id":"{{physio}}","room":"Room 1"}})",
                                  2031 + n / 8064, 1 + n / 672 % 12, 1 + n / 24 % 28, n % 24)};
  }
  if (key == "POST /api/rtm/month-lock")  // a month of its own per request: a month locks once
    return Sample{"", R"({"month":")" + std::to_string(2000 + n % 25) + R"(-01"})"};
  static const std::map<std::string, std::string> json = {
      // The same person registered once per allowed case: said to be someone else each time.
      {"POST /api/patients",
       R"({"given_name":"New","family_name":"Person","birth_date":"1990-01-01","not_a_duplicate":true})"},
      {"PATCH /api/patients/{id}", R"({"phone":"+351 210 000 000"})"},
      {"PUT /api/patients/{id}/registration",
       R"({"city":"Lisboa","country":"PT","emergency_name":"Maria","emergency_phone":"+351 912 345 678"})"},
      {"PUT /api/patients/{id}/own-details", R"({"phone":"+351 912 345 678","city":"Porto"})"},
      {"POST /api/patients/{id}/own-consents", R"({"kind":"data_use","status":"given"})"},
      {"POST /api/patients/{id}/episodes",
       R"({"icd10_code":"M17.11","side":"right","condition_text":"knee OA"})"},
      {"PATCH /api/appointments/{id}", R"({"reason":"matrix"})"},
      {"POST /api/appointments/{id}/cancel", R"({"reason":"matrix"})"},
      {"POST /api/appointments/{id}/cancel-series", R"({"reason":"matrix"})"},
      {"POST /api/patients/{id}/online-bookings",
       R"({"start":"2040-01-05T10:00:00Z","practitioner_id":"{physio}","type":"follow_up"})"},
      {"PUT /api/closures", R"({"days":[{"date":"2040-12-25","reason":"Christmas Day"}]})"},
      {"PUT /api/staff/{id}/working-hours", R"({"week":[{"weekday":0,"start":"09:00","end":"17:00"}]})"},
      {"PUT /api/appointment-types",
       R"({"types":[{"code":"follow_up","name":"Follow-up","duration_min":30}]})"},
      {"PUT /api/schedule-settings", R"({"time_zone":"UTC","cancel_notice_hours":24})"},
      {"PUT /api/clinic", R"({"phone":"+351 210 000 000","emergency_number":"112"})"},
      {"PUT /api/patients/{id}/waitlist", R"({"note":"mornings"})"},
      {"POST /api/patients/{id}/consents",
       R"({"kind":"data_use","status":"given","method":"in_person_signed"})"},
      {"POST /api/patients/{id}/messages", R"({"body":"How is the knee today?"})"},
      {"POST /api/staff/{id}/reset-password", R"({"password":"another long password"})"},
      {"POST /api/patients/{id}/live-sessions", R"({"exercise":"deep_squat"})"},
      {"POST /api/patients/{id}/live-framing",
       R"({"exercise":"deep_squat","frames":[{"t_ms":0,"landmarks":null}]})"},
      {"POST /api/patients/{id}/programs", R"({"template_id":"knee_oa"})"},
      {"POST /api/programs/{id}/versions", R"({"reason":"matrix edit","title":"Edited program"})"},
      {"POST /api/patients/{id}/exercise-logs",
       R"({"exercise_id":"mini_squat","reps_per_set":[10,10,10],"pain_during_nprs":2,"rpe":5})"},
      {"POST /api/patients/{id}/morning-pain", R"({"nprs":2})"},
      {"PUT /api/patients/{id}/reminder-settings", R"({"local_time":"08:00","in_app":true})"},
      {"POST /api/proposals/{id}/decision", R"({"decision":"approve","reason":"matrix"})"},
      {"POST /api/live-sessions/{id}/report", R"({"pain_during_nprs":2,"rpe":5,"comment":"fine"})"},
      {"POST /api/patients/{id}/questionnaire-responses", R"({"instrument":"nprs","answers":[3]})"},
      {"POST /api/patients/{id}/questionnaire-links", R"({"instrument":"odi"})"},
      {"PUT /api/patients/{id}/questionnaire-schedules", R"({"instrument":"psfs","every_weeks":2})"},
      {"POST /api/patients/{id}/rtm/setup", R"({"device":"physiokit web app, software"})"},
      {"POST /api/patients/{id}/rtm/time-entries",
       R"({"start":"2026-02-10T10:00:00Z","minutes":12,"activity":"data_review"})"},
      {"POST /api/patients/{id}/rtm/timer/start", R"({"activity":"data_review"})"},
      {"POST /api/patients/{id}/notes", R"({})"},
      {"PATCH /api/notes/{id}", R"({"version":1,"action":"add","section":"P","text":"Matrix sentence."})"},
      {"POST /api/notes/{id}/sign", R"({"version":1})"},
      {"POST /api/notes/{id}/addenda", R"({"text":"Matrix addendum.","reason":"matrix"})"},
      {"POST /api/notes/{id}/suggestions",
       R"({"version":1,"transcript_id":"none","index":0,"action":"accept"})"},
      {"POST /api/patients/{id}/restriction", R"({"reason":"matrix"})"},
      {"POST /api/patients/{id}/erasure", R"({"reason":"matrix"})"},
      {"POST /api/flags/{id}/decision", R"({"decision":"accept","reason":"matrix"})"},
      {"POST /api/models/train", R"({"name":"noshow"})"},
      {"POST /api/models/activate", R"({"name":"noshow","version":1})"},
      // SMART apps (docs/server/smart.md); "matrix-app" is registered by run_matrix.
      {"POST /api/smart/apps",
       R"({"name":"Matrix app","kind":"public","redirect_uris":["https://app.example/cb"],)"
       R"("launch_url":"https://app.example/launch","scopes":"launch openid fhirUser patient/*.rs"})"},
      {"PATCH /api/smart/apps/{id}", R"({"disabled":true})"},
      {"POST /api/patients/{id}/smart-launch", R"({"client_id":"matrix-app"})"},
      {"POST /api/smart/authorization", R"({"request":"none","allow":false})"},
      {"POST /api/smart/grants/revoke", R"({"client_id":"matrix-app"})"},
      {"POST /api/test-clock", R"({"advance_s":60})"},
  };
  // FHIR writes: "{id}" is the case's record, "{patient}" its patient (the matrix fills them in).
  static const std::string observation =
      R"({"resourceType":"Observation","status":"final",)"
      R"("code":{"coding":[{"system":"http://loinc.org","code":"89423-8"}]},)"
      R"("subject":{"reference":"Patient/{patient}"},"effectiveDateTime":"2026-11-18T10:30:00Z",)"
      R"("valueQuantity":{"value":12.5,"unit":"s","system":"http://unitsofmeasure.org","code":"s"}})";
  if (key == "POST /fhir/Observation") return Sample{"", observation, "application/fhir+json"};
  if (key == "PUT /fhir/Observation/{id}")
    return Sample{"", R"({"id":"{id}",)" + observation.substr(1), "application/fhir+json"};
  if (key == "PUT /fhir/Patient/{id}")
    return Sample{"",
                  R"({"resourceType":"Patient","id":"{id}","name":[{"family":"Fresh","given":["Target"]}],)"
                  R"("birthDate":"1980-01-01"})",
                  "application/fhir+json"};
  if (key == "POST /api/clinic-exercises" || key == "PUT /api/clinic-exercises/{id}")  // names are unique
    return Sample{"",
                  R"({"name":"Matrix exercise )" + std::to_string(n) +
                      R"(","steps":["Stand tall.","Hold the stretch."],"position":"standing","kind":"hold",)"
                      R"("hold_s":30})"};
  if (key == "POST /api/staff/invite")
    return Sample{"", R"({"email":"invited)" + std::to_string(n) + R"(@test.example","role":"assistant"})"};
  if (key == "POST /api/staff")
    return Sample{"", R"({"email":"new)" + std::to_string(n) +
                          R"(@test.example","role":"assistant","password":"a long enough password"})"};
  if (key == "POST /api/patients/{id}/recordings")
    return Sample{"?kind=landmarks&exercise=deep_squat&name=squat.csv", squat_landmarks_csv(),
                  "application/octet-stream"};
  if (key == "POST /api/exercises/{id}/video")  // the start of an MP4 file: its "ftyp" box
    return Sample{"",
                  std::string("\0\0\0\x18"
                              "ftypisom\0\0\x02\0isomiso2",
                              24),
                  "video/mp4"};
  if (key == "POST /api/notes/{id}/transcript")
    return Sample{"?format=webvtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Patient>my knee hurts\n",
                  "text/vtt"};
  if (key == "POST /api/notes/{id}/audio") {
    // One second of a tone: a dictation needs no consent.
    scribe::speech::Audio a;
    a.rate_hz = 16000;
    a.channels.emplace_back(16000);
    for (std::size_t i = 0; i < a.channels[0].size(); ++i)
      a.channels[0][i] = static_cast<std::int16_t>(i % 40 < 20 ? 6000 : -6000);
    return Sample{"?kind=dictation&section=S", scribe::speech::encode_wav(a), "audio/wav"};
  }
  if (auto it = json.find(key); it != json.end()) return Sample{"", it->second};
  return std::nullopt;
}

struct Case {
  std::string label;  ///< "own", "same clinic", "other clinic"
  std::string id;
  clinic::RecordScope scope;
  std::optional<int> expected{};  ///< when the role table alone does not say (a bulk export is its starter's)
};

/// A finished bulk export started by `email`; its job id. Of the Patient resources only: who may read,
/// cancel or download a job does not depend on what it holds, and a whole export grows with the audit
/// trail the matrix itself writes (every patient's AuditEvents), which made these jobs half the matrix's
/// time.
std::string export_of(TestServer& ts, const std::string& email) {
  Client c(ts.port());
  if (c.login(email).status != 200) return "login-failed";
  auto r = c.request("GET", "/fhir/Patient/$export?_type=Patient", "", "application/json", true,
                     {{"prefer", "respond-async"}});
  std::string loc;
  for (const auto& h : r.headers)
    if (h.name == "content-location") loc = h.value;
  const auto at = loc.find("/fhir/");
  if (r.status != 202 || at == std::string::npos) return "kick-off-failed";
  int polls = 0;
  while (polls++ < 100 && c.get(loc.substr(at)).status == 202)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return loc.substr(loc.rfind('/') + 1);
}

/// A note of the patient's, signed or a draft; its id.
std::string seed_note(TestServer& ts, const std::string& clinic_id, const std::string& patient_id,
                      bool is_signed) {
  const TimeUs now = server::now_us();
  const std::string author = clinic_id == ts.seeded().clinic_a ? ts.seeded().user_id.at("physiotherapist")
                                                               : ts.seeded().user_id.at("b_physio");
  notes::NoteHeader h{security::random_id(), patient_id, "", author, now, now - 86'400'000'000LL, now, ""};
  notes::Draft d;
  for (int i = 0; i < 4; ++i)
    d.sections.push_back({notes::kSectionCodes[i], notes::kSectionTitles[i], {{"No data.", {}, false}}});
  auto note = notes::new_note(h, d);
  if (is_signed && !notes::sign(note, author, now)) return "sign-failed";
  clinic::NoteRow row{.id = h.id,
                      .clinic_id = clinic_id,
                      .patient_id = patient_id,
                      .episode_id = "",
                      .author_id = author,
                      .status = is_signed ? "signed" : "draft",
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

std::vector<Case> cases_for(const Route& r, TestServer& ts, const clinic::Principal& who, int& n) {
  const auto& s = ts.seeded();
  auto by_patient = [&](const std::map<std::string, std::string>& m) {
    return std::vector<Case>{{"own", m.at(s.p1), {s.clinic_a, s.p1}},
                             {"same clinic", m.at(s.p2), {s.clinic_a, s.p2}},
                             {"other clinic", m.at(s.p3), {s.clinic_b, s.p3}}};
  };
  // The exercise library is the same for everyone signed in: its figures and the clinic's videos are named
  // by exercise id.
  if (r.pattern.starts_with("/api/exercises/{id}/"))
    return {{"library exercise", "deep_squat", {who.clinic_id, who.patient_id}}};
  // The clinic's own exercises: a fresh one per case (editing or retiring changes it), the caller's clinic's
  // and another clinic's.
  if (r.pattern.starts_with("/api/clinic-exercises/{id}")) {
    auto fresh = [&](const std::string& clinic_id) {
      const std::string id = "c-matrix-" + std::to_string(++n);
      auto made = ts.store().write([&](store::Tx& tx) {
        return store::create_clinic_exercise(tx, {.clinic_id = clinic_id,
                                                  .id = id,
                                                  .name = "Matrix seeded " + id,
                                                  .steps = {"Stand tall."},
                                                  .position = "standing",
                                                  .kind = "repetitions",
                                                  .default_sets = 3,
                                                  .default_reps = 10,
                                                  .created_by = "matrix",
                                                  .updated_by = "matrix"});
      });
      return made ? id : std::string("insert-failed");
    };
    return {{"own clinic", fresh(s.clinic_a), {s.clinic_a, who.patient_id}},
            {"other clinic", fresh(s.clinic_b), {s.clinic_b, std::nullopt}}};
  }
  switch (r.target) {
    case Target::kNone:
      return {{"none", "", {who.clinic_id, who.patient_id}}};
    case Target::kClinic:
      // The test clock's routes exist only under `serve --test-clock` (never in this server): 404 for
      // every role, as for a route that does not exist.
      if (r.pattern == "/api/test-clock") return {{"clinic", "", {s.clinic_a, std::nullopt}, 404}};
      return {{"clinic", "", {s.clinic_a, std::nullopt}}};
    case Target::kPatientList:
      return {{"list", "", {s.clinic_a, who.patient_id}}};
    case Target::kPatient: {
      // Restricting or erasing a seeded patient would change what the later routes may do with them: staff
      // (who may be allowed) get fresh patients without clinical content, one per case; a patient's own
      // request is refused whatever the target, so they aim at the seeded ones.
      if ((r.pattern.ends_with("/erasure") || r.pattern.ends_with("/restriction") ||
           r.pattern == "/fhir/Patient/{id}") &&
          r.method != "GET" && who.role != clinic::Role::kPatient) {
        auto fresh = [&](const std::string& clinic_id) {
          auto p = ts.store().write([&](store::Tx& tx) {
            return tx.create_patient({.clinic_id = clinic_id,
                                      .given_name = "Fresh",
                                      .family_name = "Target" + std::to_string(++n),
                                      .birth_date = "1980-01-01"});
          });
          return p ? p->id : std::string("insert-failed");
        };
        const std::string own = fresh(s.clinic_a), same = fresh(s.clinic_a), other = fresh(s.clinic_b);
        return {{"fresh", own, {s.clinic_a, own}},
                {"fresh, same clinic", same, {s.clinic_a, same}},
                {"fresh, other clinic", other, {s.clinic_b, other}}};
      }
      std::map<std::string, std::string> ids = {{s.p1, s.p1}, {s.p2, s.p2}, {s.p3, s.p3}};
      return by_patient(ids);
    }
    case Target::kRecording: {
      // Deleting or retrying changes the recording: each case gets a fresh one whose analysis failed.
      if (r.method == "DELETE" || r.pattern.ends_with("/retry")) {
        auto fresh = [&](const std::string& clinic_id, const std::string& patient_id) {
          auto id = ts.store().write([&](store::Tx& tx) -> Result<std::string> {
            clinic::Recording rec{.clinic_id = clinic_id,
                                  .patient_id = patient_id,
                                  .kind = "landmarks",
                                  .exercise_id = "squat",
                                  .original_name = "wrong.csv",
                                  .size_bytes = 1,
                                  .sha256 = std::string(64, '0'),
                                  .file_path = clinic_id + "/matrix-" + std::to_string(++n) + ".csv"};
            auto made = PHYSIO_TRY(tx.create_recording(rec));
            auto job = PHYSIO_TRY(tx.enqueue_job(clinic_id, made.id, 1));
            PHYSIO_TRY(tx.connection().query(
                "UPDATE jobs SET state = 'failed', error = 'matrix' WHERE id = ?", {job.id}));
            return made.id;
          });
          return id ? *id : std::string("insert-failed");
        };
        const std::string own = fresh(s.clinic_a, s.p1), same = fresh(s.clinic_a, s.p2),
                          other = fresh(s.clinic_b, s.p3);
        return {{"own", own, {s.clinic_a, s.p1}},
                {"same clinic", same, {s.clinic_a, s.p2}},
                {"other clinic", other, {s.clinic_b, s.p3}}};
      }
      return by_patient(s.recording);
    }
    case Target::kJob:
      return by_patient(s.job);
    case Target::kAppointment: {
      if (!r.pattern.ends_with("/cancel") && !r.pattern.ends_with("/cancel-series"))
        return by_patient(s.appointment);
      // Cancelling is final: a fresh booking per case, far enough ahead for a patient's own cancellation
      // (for the series route, a visit of a series of its own).
      std::map<std::string, std::string> ids;
      for (const auto& [cl, pid] : {std::pair{s.clinic_a, s.p1}, {s.clinic_a, s.p2}, {s.clinic_b, s.p3}}) {
        auto a = ts.store().write([&](store::Tx& tx) {
          return tx.create_appointment(
              {.clinic_id = cl,
               .patient_id = pid,
               .practitioner_id = s.user_id.at(cl == s.clinic_a ? "physiotherapist" : "b_physio"),
               .start_us = 1'900'000'000'000'000 + ++n * 3'600'000'000LL,
               .duration_min = 30,
               .status = "booked",
               .series_id =
                   r.pattern.ends_with("/cancel-series") ? "matrix-series-" + std::to_string(n) : ""});
        });
        ids[pid] = a ? a->id : "insert-failed";
      }
      return by_patient(ids);
    }
    case Target::kLiveSession:
      return by_patient(s.live_session);
    case Target::kProgram:
      return by_patient(s.program);
    case Target::kProposal:
      return by_patient(s.proposal);
    case Target::kEpisode:
      return by_patient(s.episode);
    case Target::kObservation: {
      if (r.method == "GET") return by_patient(s.observation);
      // A correction needs an entered observation (not one measured from a recording): fresh ones.
      std::map<std::string, std::string> ids;
      for (const auto& [cl, pid] : {std::pair{s.clinic_a, s.p1}, {s.clinic_a, s.p2}, {s.clinic_b, s.p3}}) {
        auto o = ts.store().write([&](store::Tx& tx) {
          return tx.insert_observation(
              {.clinic_id = cl,
               .patient_id = pid,
               .code_system = "http://loinc.org",
               .code = "89423-8",
               .display = "Timed Up and Go",
               .value = 11.0,
               .unit = "s",
               .effective_us = server::now_us() - 3'600'000'000LL,
               .source = "manual",
               .recorded_by = s.user_id.at(cl == s.clinic_a ? "physiotherapist" : "b_physio")});
        });
        ids[pid] = o ? o->id : "insert-failed";
      }
      return by_patient(ids);
    }
    case Target::kBodySubject:
      return by_patient({{s.p1, s.p1}, {s.p2, s.p2}, {s.p3, s.p3}});
    case Target::kQuestionnaireResponse: {
      // One filled-in NPRS per patient, made here rather than in the shared fixture (other suites count
      // them).
      static std::map<const TestServer*, std::map<std::string, std::string>> made;
      auto& ids = made[&ts];
      if (ids.empty())
        for (const auto& [cl, pid] : {std::pair{s.clinic_a, s.p1}, {s.clinic_a, s.p2}, {s.clinic_b, s.p3}}) {
          clinic::QuestionnaireResponse q;
          q.clinic_id = cl;
          q.patient_id = pid;
          q.instrument_id = "nprs";
          q.answers_json = "[3]";
          q.scores_json =
              R"({"instrument":"nprs","scores":{"total":3},"missing":[],"valid":true,"reason":null})";
          q.valid = true;
          q.source = "patient";
          auto inserted =
              ts.store().write([&](store::Tx& tx) { return tx.insert_questionnaire_response(q); });
          ids[pid] = inserted ? inserted->id : "insert-failed";
        }
      return by_patient(ids);
    }
    case Target::kNote: {
      // A fresh note per case (signing or editing changes it): a draft to edit or sign, a signed one to
      // read or add to.
      const bool want_signed = r.method == "GET" || r.pattern.ends_with("/addenda");
      std::map<std::string, std::string> ids;
      for (const auto& [cl, pid] : {std::pair{s.clinic_a, s.p1}, {s.clinic_a, s.p2}, {s.clinic_b, s.p3}})
        ids[pid] = seed_note(ts, cl, pid, want_signed);
      return by_patient(ids);
    }
    case Target::kConsent:
      return by_patient(s.consent);
    case Target::kRiskFlag:
      return by_patient(s.risk_flag);
    case Target::kAuditEvent:
      return by_patient(s.audit_seq);
    case Target::kProvenance: {
      std::map<std::string, std::string> ids;
      for (const auto& [pid, oid] : s.observation) ids[pid] = "ob-" + oid;
      return by_patient(ids);
    }
    case Target::kOrganization:
      return {{"own clinic", s.clinic_a, {s.clinic_a, std::nullopt}},
              {"other clinic", s.clinic_b, {s.clinic_b, std::nullopt}}};
    case Target::kFhirStatic: {
      const std::string id = r.pattern.starts_with("/fhir/Questionnaire/") ? "nprs"
                             : r.pattern.starts_with("/fhir/Device/")      ? "physiokit"
                                                                           : "measures";
      return {{"published", id, {who.clinic_id, who.patient_id}}};
    }
    case Target::kExportJob: {
      // The caller's own export (when their role may start one), another user's in the clinic, another
      // clinic's.
      const std::string suffix = r.pattern.starts_with("/fhir/$export-file/") ? "-0" : "";
      std::vector<Case> out;
      std::string own_email;
      for (const auto& [key, id] : s.user_id)
        if (id == who.user_id) own_email = s.user_email.at(key);
      if (clinic::role_allows(who.role, clinic::Action::kReadClinical))
        out.push_back({"own", export_of(ts, own_email) + suffix, {}, 200});
      const std::string other = who.role == clinic::Role::kPhysiotherapist ? "assistant" : "physiotherapist";
      out.push_back({"same clinic", export_of(ts, s.user_email.at(other)) + suffix, {}, 404});
      out.push_back({"other clinic", export_of(ts, s.user_email.at("b_physio")) + suffix, {}, 404});
      return out;
    }
    case Target::kSmartApp: {
      // A fresh app per case (disabling or deleting changes it).
      auto fresh = [&](const std::string& clinic_id) {
        const std::string id = "matrix-app-" + std::to_string(++n);
        auto st = ts.store().write([&](store::Tx& tx) {
          return store::insert_smart_client(tx, {.id = id,
                                                 .clinic_id = clinic_id,
                                                 .name = "Matrix app",
                                                 .kind = "public",
                                                 .redirect_uris = R"(["https://app.example/cb"])",
                                                 .launch_url = "https://app.example/launch",
                                                 .scopes = "launch patient/*.rs",
                                                 .jwks = "",
                                                 .disabled = false,
                                                 .created_by = "matrix",
                                                 .created_us = server::now_us()});
        });
        return st ? id : std::string("insert-failed");
      };
      return {{"same clinic", fresh(s.clinic_a), {s.clinic_a, std::nullopt}},
              {"other clinic", fresh(s.clinic_b), {s.clinic_b, std::nullopt}}};
    }
    case Target::kStaff: {
      // Fresh logins, so a reset or disable in one case leaves the others' callers untouched.
      const std::string own = ts.add_user(s.clinic_a, clinic::Role::kAssistant,
                                          "staff-a" + std::to_string(++n) + "@test.example");
      const std::string other = ts.add_user(s.clinic_b, clinic::Role::kAssistant,
                                            "staff-b" + std::to_string(++n) + "@test.example");
      return {{"same clinic", own, {s.clinic_a, std::nullopt}},
              {"other clinic", other, {s.clinic_b, std::nullopt}}};
    }
  }
  return {};
}

std::string fill(const std::string& pattern, const std::string& id) {
  std::string out = pattern;
  if (auto i = out.find("{id}"); i != std::string::npos) out.replace(i, 4, id);
  return out;
}

struct Role {
  std::string key;
  clinic::Principal who;
};

struct Tally {
  int cases = 0, allowed = 0, not_found = 0, forbidden = 0;
  std::set<std::string> compared_404, differing_404;  ///< routes whose "not yours" met a made-up id
};

/// Runs the matrix for `routes` (all when empty); returns one line per mismatch.
std::vector<std::string> run_matrix(TestServer& ts, const std::set<std::string>& only = {},
                                    Tally* tally = nullptr) {
  const auto& s = ts.seeded();
  std::vector<Role> roles;
  for (const auto& [key, role] :
       std::vector<std::pair<std::string, clinic::Role>>{{"admin", clinic::Role::kAdmin},
                                                         {"physiotherapist", clinic::Role::kPhysiotherapist},
                                                         {"assistant", clinic::Role::kAssistant},
                                                         {"front_desk", clinic::Role::kFrontDesk},
                                                         {"patient", clinic::Role::kPatient}}) {
    clinic::Principal p{s.user_id.at(key), s.clinic_a, role, std::nullopt};
    if (role == clinic::Role::kPatient) p.patient_id = s.p1;
    roles.push_back({key, p});
  }
  std::vector<std::string> problems;
  int n = 0;
  // The app an EHR launch names (POST /api/patients/{id}/smart-launch).
  (void)ts.store().write([&](store::Tx& tx) -> Status {
    if (store::get_smart_client(tx, "matrix-app")) return ok();
    return store::insert_smart_client(tx, {.id = "matrix-app",
                                           .clinic_id = s.clinic_a,
                                           .name = "Matrix app",
                                           .kind = "public",
                                           .redirect_uris = R"(["https://app.example/cb"])",
                                           .launch_url = "https://app.example/launch",
                                           .scopes = "launch patient/*.rs",
                                           .jwks = "",
                                           .disabled = false,
                                           .created_by = "matrix",
                                           .created_us = server::now_us()});
  });
  std::map<std::string, std::unique_ptr<Client>> sessions;
  for (const auto& r : server::api_routes()) {
    const std::string key = r.method + " " + r.pattern;
    if (!only.empty() && !only.contains(key)) continue;
    if (r.auth == server::AuthMode::kPublic) continue;
    for (const auto& role : roles) {
      // One session per role, reused while it holds: a sign-in is an Argon2id hash (64 MiB), and one per
      // route and role was most of this test's time. A route that ends the session (sign-out, a password
      // reset, a disabled user) is followed by a fresh sign-in.
      auto& held = sessions[role.key];
      if (!held || !held->still_signed_in()) {
        held = std::make_unique<Client>(ts.port());
        if (held->login(s.user_email.at(role.key)).status != 200) {
          problems.push_back("cannot sign in as " + role.key);
          held.reset();
          continue;
        }
      }
      Client& c = *held;
      for (const auto& cs : cases_for(r, ts, role.who, n)) {
        auto sample = sample_for(r, ++n);
        if (!sample) {
          problems.push_back(key + ": no sample request in the matrix (add one)");
          break;
        }
        int expected = 200;
        if (r.action) expected = clinic::http_status(clinic::decide(role.who, *r.action, cs.scope));
        if (cs.expected) expected = *cs.expected;
        // A subject out of reach is an unknown reference, answered exactly like one that does not exist.
        if (r.target == Target::kBodySubject && expected == 404) expected = 422;
        std::string body = sample->body;
        for (const auto& [token, value] : {std::pair<std::string, std::string>{"{id}", cs.id},
                                           {"{patient}", cs.scope.patient_id.value_or("")},
                                           {"{physio}", s.user_id.at("physiotherapist")}})
          for (auto at = body.find(token); at != std::string::npos; at = body.find(token, at + value.size()))
            body.replace(at, token.size(), value);
        // Staff search a FHIR compartment type one patient at a time: name the clinic's first patient.
        std::string query = sample->query;
        if (r.target == Target::kPatientList && r.pattern.starts_with("/fhir/") &&
            r.pattern != "/fhir/Patient" && !r.pattern.ends_with("$export"))
          query = "?patient=" + s.p1;
        net::ClientResponse resp;
        if (r.method == "WS") {
          // A WebSocket route: the upgrade is answered 101 (counted as 200) or refused with a status.
          auto ws = net::WsClient::connect("127.0.0.1", ts.port(), fill(r.pattern, cs.id),
                                           {{"cookie", c.cookie()}});
          resp.status = 200;
          if (!ws) {
            const std::string text = ws.error().to_string();
            const auto at = text.find("upgrade refused: HTTP ");
            resp.status = at == std::string::npos ? 0 : std::atoi(text.c_str() + at + 22);
            resp.body = text;
          }
        } else {
          std::string target = fill(r.pattern, cs.id);
          if (const auto at = target.find("/_history/{vid}"); at != std::string::npos) {
            // A FHIR vread names the version the record is at now, as the caller reads it ("1" when the
            // read is refused: the vread must then be refused the same way).
            std::string vid = "1";
            const auto now = c.request("GET", target.substr(0, at), "", "application/json", true);
            const auto j = nlohmann::json::parse(now.body, nullptr, false);
            if (now.status == 200 && j.is_object() && j.contains("meta") && j["meta"].contains("versionId"))
              vid = j["meta"]["versionId"].get<std::string>();
            target.replace(at + 10, 5, vid);
          }
          resp = c.request(r.method, target + query, body, sample->content_type, true, sample->headers);
        }
        if (tally) {
          ++tally->cases;
          (expected == 200                      ? tally->allowed
           : expected == 404 || expected == 422 ? tally->not_found
                                                : tally->forbidden)++;
        }
        bool ok = expected == 200 ? (resp.status >= 200 && resp.status < 300) : resp.status == expected;
        // A live session's sockets, once authorized, also answer for the session's own state: 409 when it
        // has ended or is held by another server, and 403 on the device stream for anyone but its starter.
        // Training is authorized, then refused for the clinic's too-short history ("not assessed").
        if (key == "POST /api/models/train" && expected == 200)
          ok |= resp.status == 422 && resp.body.find("not assessed") != std::string::npos;
        // An authorized booking reaches the clinic's online rules, off in the fixture: 409
        // online_booking_off.
        if (key == "POST /api/patients/{id}/online-bookings" && expected == 200)
          ok |= resp.status == 409 && resp.body.find("online_booking_off") != std::string::npos;
        // Past authorization: the matrix's note has no recording, so naming none (400) or a missing one
        // (404 with the recording's words) is what an allowed caller gets.
        if (key == "GET /api/notes/{id}/audio" && expected == 200) ok |= resp.status == 400;
        // Past authorization: the matrix's patient has not agreed to the visit being recorded.
        if (key == "POST /api/notes/{id}/transcript" && expected == 200)
          ok |= resp.status == 409 && resp.body.find("consent_required") != std::string::npos;
        // Past authorization: the matrix names no pending app authorization.
        if (key.ends_with(" /api/smart/authorization") && expected == 200)
          ok |= resp.status == 404 && resp.body.find("no such authorization request") != std::string::npos;
        // Past authorization: this server sends no e-mail, the seeded patients have no e-mail address, and
        // the matrix's logins have no second factor for recovery codes to stand in for.
        if ((key == "POST /api/patients/{id}/invite" || key == "POST /api/staff/invite") && expected == 200)
          ok |= (resp.status == 422 && resp.body.find("\"no_email") != std::string::npos) ||
                (resp.status == 409 && resp.body.find("email_off") != std::string::npos);
        if (key == "POST /api/me/recovery-codes" && expected == 200)
          ok |= resp.status == 409 && resp.body.find("no_second_factor") != std::string::npos;
        if (key == "POST /api/notes/{id}/suggestions" && expected == 200)
          ok |= resp.status == 404 && resp.body.find("no transcript") != std::string::npos;
        if (r.method == "WS" && expected == 200 && r.target == Target::kLiveSession)
          ok |= resp.status == 409 || (r.pattern.ends_with("/device") && resp.status == 403);
        // "Not yours" and "not there" are one answer: the same status and the same bytes for a record out of
        // reach and for a made-up id (the id itself aside), so a 404 never says which it was.
        if (r.method != "WS" && expected == 404 && resp.status == 404 && !cs.id.empty() &&
            r.pattern.find("{id}") != std::string::npos) {
          const std::string made_up = security::random_id();
          std::string other_body = body;
          for (auto at = other_body.find(cs.id); at != std::string::npos; at = other_body.find(cs.id, at))
            other_body.replace(at, cs.id.size(), made_up);
          std::string target = fill(r.pattern, made_up);
          if (const auto at = target.find("/_history/{vid}"); at != std::string::npos)
            target.replace(at + 10, 5, "1");
          const auto none =
              c.request(r.method, target + query, other_body, sample->content_type, true, sample->headers);
          auto neutral = [](std::string text, const std::string& id) {
            for (auto at = text.find(id); !id.empty() && at != std::string::npos; at = text.find(id, at))
              text.replace(at, id.size(), "{id}");
            return text;
          };
          const std::string yours = neutral(resp.body, cs.id), there = neutral(none.body, made_up);
          if (tally) tally->compared_404.insert(key);
          if (none.status != resp.status || yours != there) {
            if (tally) tally->differing_404.insert(key);
            problems.push_back(fmt::format("{} as {} on {}: not yours {} '{}', not there {} '{}'", key,
                                           role.key, cs.label, resp.status, yours.substr(0, 160), none.status,
                                           there.substr(0, 160)));
          }
        }
        if (!ok)
          problems.push_back(fmt::format("{} as {} on {}: got {}, expected {} ({})", key, role.key, cs.label,
                                         resp.status, expected == 200 ? "2xx" : std::to_string(expected),
                                         resp.body.substr(0, 160)));
        // A refused answer never carries the record.
        if (!ok || expected != 200) {
          for (const char* secret : {"Bravo", "Charlie"})
            if (resp.status >= 400 && resp.body.find(secret) != std::string::npos)
              problems.push_back(key + " as " + role.key + ": refusal leaks a name");
        }
        if (r.pattern == "/api/logout" && resp.status == 200) c.login(s.user_email.at(role.key));
      }
    }
  }
  return problems;
}

TEST(AuthorizationMatrix, EveryRouteEveryRoleEveryReachHasNoLeak) {
  auto ts = TestServer::start("authz_matrix");
  Tally t;
  const auto problems = run_matrix(*ts, {}, &t);
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_TRUE(problems.empty());
  // The matrix exercised every kind of outcome (a matrix that only ever expects 404 proves little).
  std::printf("authorization matrix: %d cases: %d allowed, %d not found, %d forbidden\n", t.cases, t.allowed,
              t.not_found, t.forbidden);
  std::printf("404 for a record out of reach vs a made-up id: %zu routes compared, %zu differ\n",
              t.compared_404.size(), t.differing_404.size());
  for (const auto& k : t.differing_404) std::printf("  differs: %s\n", k.c_str());
  EXPECT_GT(t.compared_404.size(), 20u);
  EXPECT_GT(t.cases, 200);
  EXPECT_GT(t.allowed, 40);
  EXPECT_GT(t.not_found, 40);
  EXPECT_GT(t.forbidden, 20);
}

TEST(AuthorizationMatrix, CatchesAHandlerWhoseCheckWasRemoved) {
  // The check of "GET /api/patients/{id}" is switched off (a test-only hook): a patient can then read
  // another patient of the same clinic, and the matrix must say so.
  server::TestHooks hooks;
  hooks.skip_authorization_for = "GET /api/patients/{id}";
  ServerOptionsForTest o;
  o.hooks = hooks;
  auto ts = TestServer::start("authz_matrix_removed", o);
  const auto problems = run_matrix(*ts, {"GET /api/patients/{id}"});
  ASSERT_FALSE(problems.empty()) << "the matrix did not notice the missing check";
  bool found = false;
  for (const auto& p : problems)
    found |= p.find("as patient on same clinic: got 200, expected 404") != std::string::npos;
  EXPECT_TRUE(found) << problems.front();
}

TEST(AuthorizationMatrix, EveryRouteHasASampleAndAnAuditEventWhenItTouchesPatients) {
  for (const auto& r : server::api_routes()) {
    if (r.auth == server::AuthMode::kPublic) continue;
    EXPECT_TRUE(sample_for(r, 0).has_value()) << r.method << " " << r.pattern << " has no matrix sample";
    const bool patient_data =
        r.target == Target::kPatient || r.target == Target::kRecording || r.target == Target::kJob ||
        r.target == Target::kAppointment || r.target == Target::kLiveSession ||
        r.target == Target::kProgram || r.target == Target::kProposal || r.target == Target::kPatientList ||
        r.target == Target::kEpisode || r.target == Target::kObservation || r.target == Target::kConsent ||
        r.target == Target::kAuditEvent || r.target == Target::kQuestionnaireResponse ||
        r.target == Target::kProvenance || r.target == Target::kExportJob || r.target == Target::kNote ||
        r.target == Target::kRiskFlag || r.target == Target::kBodySubject || r.pattern == "/api/patients";
    if (patient_data) {
      EXPECT_FALSE(r.audit_event.empty()) << r.method << " " << r.pattern << " has no audit event";
    }
    // Published resources (instruments, the software Device, the CodeSystem) are the same for everyone.
    if (r.auth == server::AuthMode::kSession && r.target != Target::kNone &&
        r.target != Target::kFhirStatic) {
      EXPECT_TRUE(r.action.has_value()) << r.method << " " << r.pattern << " names no permission";
    }
    if (r.body != server::BodyKind::kNone) {
      EXPECT_TRUE(r.body == server::BodyKind::kUpload || !r.schema.fields.empty());
    }
  }
}

}  // namespace
}  // namespace physio::test
