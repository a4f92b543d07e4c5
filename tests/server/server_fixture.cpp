#include "server_fixture.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <sodium.h>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"
#include "rehab/program.hpp"
#include "rehab/progression.hpp"
#include "security/password.hpp"

namespace physio::test {
namespace {

// The seeded users' password hash: Argon2id at libsodium's minimum cost. The server verifies whatever cost a
// stored hash names, so every sign-in of a test takes microseconds instead of an "interactive" hash (64 MiB,
// about 0.15 s here), which was a third of a typical server test. Hashes the server makes itself (new users,
// invitations, password changes) keep the interactive cost and are tested as they are.
const std::string& shared_hash() {
  static const std::string h = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium did not initialise");
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), kPassword, std::strlen(kPassword), crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0)
      throw std::runtime_error("the test password could not be hashed");
    return std::string(out.data());
  }();
  return h;
}

/// Version 1 of a two-exercise program: mini squat 3 x 10 at 10 kg, bridge 3 x 10.
rehab::Program seed_program(const std::string& id, const std::string& patient_id, const std::string& by,
                            TimeUs at) {
  rehab::Program p;
  p.id = id;
  p.patient_id = patient_id;
  p.title = "Knee strength";
  rehab::Prescription squat;
  squat.exercise_id = "mini_squat";
  squat.dosage = rehab::Dosage{3, 10, 0, 60, rehab::Load{rehab::LoadKind::kKg, 10, "", 0, 0}, 1, 5};
  rehab::Prescription bridge;
  bridge.exercise_id = "bridge";
  p.prescriptions = {squat, bridge};
  p.history = {rehab::ChangeRecord{1, by, at, "prescribed", "create", "", 0}};
  return p;
}

}  // namespace

Result<std::string> seed_program_row(store::Tx& tx, const std::string& clinic_id,
                                     const std::string& patient_id, const std::string& by) {
  const rehab::Program p = seed_program(tx.new_id(), patient_id, by, tx.now_us());
  clinic::HomeProgram row;
  row.id = p.id;
  row.clinic_id = clinic_id;
  row.patient_id = patient_id;
  row.title = p.title;
  row.version = 1;
  row.program_json = rehab::to_json(p).dump();
  row.created_by = by;
  auto made = PHYSIO_TRY(
      tx.create_program(row, clinic::ProgramVersion{.by = by, .reason = "prescribed", .kind = "create"}));
  return made.id;
}

namespace {

/// A pending "progress" proposal for the mini squat (10 -> 10.5 kg) of `program_id` at version 1.
Result<std::string> seed_proposal(store::Tx& tx, const std::string& clinic_id, const std::string& patient_id,
                                  const std::string& program_id) {
  rehab::Proposal prop;
  prop.program_id = program_id;
  prop.program_version = 1;
  prop.exercise_id = "mini_squat";
  prop.direction = rehab::Direction::kProgress;
  prop.current = rehab::Dosage{3, 10, 0, 60, rehab::Load{rehab::LoadKind::kKg, 10, "", 0, 0}, 1, 5};
  prop.proposed = prop.current;
  prop.proposed.load.kg = 10.5;
  prop.load_change_pct = 5.0;
  prop.changes = {"load 10 -> 10.5 kg (+5.0 %)"};
  prop.summary = "progress: seeded";
  clinic::ProgressionProposal row;
  row.clinic_id = clinic_id;
  row.patient_id = patient_id;
  row.program_id = program_id;
  row.program_version = 1;
  row.exercise_id = "mini_squat";
  row.direction = "progress";
  row.proposal_json = rehab::to_json(prop).dump();
  return PHYSIO_TRY(tx.create_proposal(row)).id;
}

}  // namespace

Run run(const std::string& cmd) {
  Run r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p) != nullptr) r.out += buf.data();
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string squat_landmarks_csv() {
  static const std::string csv = [] {
    kin::SyntheticOptions o;
    o.repetitions = 3;
    auto rec = kin::make_synthetic(o);
    const auto path = scratch_dir("squat_csv") / "squat.csv";
    if (auto st = kin::save_landmarks(rec.image, path); !st) throw std::runtime_error(st.error().to_string());
    return *load_file(path);
  }();
  return csv;
}

std::unique_ptr<TestServer> TestServer::start(const std::string& name, ServerOptionsForTest o) {
  auto t = std::unique_ptr<TestServer>(new TestServer());
  t->data_ = scratch_dir("server_" + name);
  t->store_ = must(o.postgres_url.empty() ? store::Store::open_sqlite(t->data_)
                                          : store::Store::open_postgres(o.postgres_url),
                   "opening the store");
  if (auto st = t->store_->migrate(); !st) throw std::runtime_error(st.error().to_string());
  server::Settings s;
  s.data_dir = t->data_;
  s.secure_cookies = false;
  s.job_workers = o.job_workers;
  if (o.tweak) o.tweak(s);
  t->app_ = std::make_unique<server::App>(s, *t->store_, o.hooks);
  std::filesystem::create_directories(t->data_ / "tmp");
  if (o.job_workers > 0) {
    jobs::JobRunnerOptions jo;
    jo.workers = o.job_workers;
    jo.files_dir = t->app_->files_dir();
    jo.owner = "test";
    jo.models_dir = s.models_dir;
    jo.idle_poll = o.idle_poll;
    jo.hl7 = server::hl7_outbound(s);
    t->runner_ = std::make_unique<jobs::JobRunner>(*t->store_, jo);
    t->app_->on_job_queued = [r = t->runner_.get()] { r->notify(); };
  }
  net::ServerOptions no;
  no.port = 0;
  no.upload_dir = t->data_ / "tmp";
  no.worker_threads = 4;
  no.trust_forwarded_for = t->app_->settings().trust_forwarded_for;
  t->http_ = must(net::HttpServer::start(no, *t->app_), "starting the server");
  t->app_->set_listen_origin("http://127.0.0.1:" + std::to_string(t->http_->port()));
  t->app_->set_ready(true);
  t->seed(o.mfa_for_staff);
  return t;
}

TestServer::~TestServer() {
  if (http_) http_->stop(std::chrono::milliseconds(2000));
  if (runner_) runner_->stop();
  app_.reset();
}

std::string TestServer::add_user(const std::string& clinic_id, clinic::Role role, const std::string& email,
                                 std::optional<std::string> patient_id, bool mfa) {
  clinic::User u;
  u.clinic_id = clinic_id;
  u.role = role;
  u.email = email;
  u.display_name = email.substr(0, email.find('@'));
  u.password_hash = shared_hash();
  u.patient_id = std::move(patient_id);
  u.mfa_required = mfa;
  return must(store_->write([&](store::Tx& tx) { return tx.create_user(u); }), "creating a user").id;
}

void TestServer::seed(bool mfa_for_staff) {
  auto& s = seeded_;
  auto clinic = [&](const char* name) {
    clinic::Clinic c;
    c.name = name;
    return must(store_->write([&](store::Tx& tx) { return tx.create_clinic(c); }), "clinic").id;
  };
  s.clinic_a = clinic("Clinic A");
  s.clinic_b = clinic("Clinic B");
  auto patient = [&](const std::string& clinic_id, const char* given, const char* family) {
    clinic::Patient p;
    p.clinic_id = clinic_id;
    p.given_name = given;
    p.family_name = family;
    p.birth_date = "1960-05-04";
    return must(store_->write([&](store::Tx& tx) { return tx.create_patient(p); }), "patient").id;
  };
  s.p1 = patient(s.clinic_a, "Ann", "Alpha");
  s.p2 = patient(s.clinic_a, "Bea", "Bravo");
  s.p3 = patient(s.clinic_b, "Cid", "Charlie");
  auto user = [&](const std::string& key, const std::string& clinic_id, clinic::Role role,
                  std::optional<std::string> pid = std::nullopt) {
    const std::string email = key + "@test.example";
    s.user_email[key] = email;
    s.user_id[key] = add_user(clinic_id, role, email, pid, mfa_for_staff && role != clinic::Role::kPatient);
  };
  user("admin", s.clinic_a, clinic::Role::kAdmin);
  user("physiotherapist", s.clinic_a, clinic::Role::kPhysiotherapist);
  user("assistant", s.clinic_a, clinic::Role::kAssistant);
  user("front_desk", s.clinic_a, clinic::Role::kFrontDesk);
  user("patient", s.clinic_a, clinic::Role::kPatient, s.p1);
  user("patient2", s.clinic_a, clinic::Role::kPatient, s.p2);
  user("b_physio", s.clinic_b, clinic::Role::kPhysiotherapist);
  user("b_patient", s.clinic_b, clinic::Role::kPatient, s.p3);

  // Each patient: a landmark recording with its (finished) job and report, an appointment, a consent.
  const std::string csv = squat_landmarks_csv();
  for (const auto& [clinic_id, pid] : {std::pair{s.clinic_a, s.p1}, {s.clinic_a, s.p2}, {s.clinic_b, s.p3}}) {
    const auto rel = std::filesystem::path(clinic_id) / (pid + ".csv");
    std::filesystem::create_directories(app_->files_dir() / clinic_id);
    (void)save_file_atomic(app_->files_dir() / rel, csv);
    const auto report_rel = std::filesystem::path(clinic_id) / (pid + "-report.html");
    (void)save_file_atomic(app_->files_dir() / report_rel,
                           "<!doctype html><title>report</title><p>report " + pid);
    clinic::Recording r;
    r.clinic_id = clinic_id;
    r.patient_id = pid;
    r.kind = "landmarks";
    r.exercise_id = "squat";
    r.original_name = "squat.csv";
    r.size_bytes = static_cast<std::int64_t>(csv.size());
    r.sha256 = std::string(64, '0');
    r.file_path = rel.string();
    auto made = must(store_->write([&](store::Tx& tx) -> Result<std::pair<clinic::Recording, clinic::Job>> {
      auto rec = PHYSIO_TRY(tx.create_recording(r));
      PHYSIO_CHECK(
          tx.update_recording_result(clinic_id, rec.id, report_rel.string(), R"({"summary":{"count":3}})"));
      auto job = PHYSIO_TRY(tx.enqueue_job(clinic_id, rec.id, 3));
      clinic::Appointment a;
      a.clinic_id = clinic_id;
      a.patient_id = pid;
      a.practitioner_id =
          clinic_id == s.clinic_a ? s.user_id.at("physiotherapist") : s.user_id.at("b_physio");
      a.start_us = 1'800'000'000'000'000;
      a.duration_min = 30;
      a.status = "booked";
      auto appt = PHYSIO_TRY(tx.create_appointment(a));
      s.appointment[pid] = appt.id;
      // An open no-show flag on it, as the predictions job would store it (shown, undecided).
      clinic::RiskFlagRow flag{.clinic_id = clinic_id,
                               .patient_id = pid,
                               .kind = "noshow",
                               .subject_type = "appointment",
                               .subject_id = appt.id,
                               .method = "model",
                               .model = "noshow",
                               .model_version = "noshow-test",
                               .probability = 0.42,
                               .level = "moderate",
                               .need = 0.42,
                               .body =
                                   R"({"title":"Risk of not attending: 42 %","reasons":[],"action":"Call",)"
                                   R"("basis":"test","card":"noshow"})",
                               .inputs_hash = "0000000000000001",
                               .status = "open"};
      s.risk_flag[pid] = PHYSIO_TRY(tx.put_risk_flag(flag)).id;
      if (pid == s.p1 || pid == s.p3) {  // one no-show model version per clinic, to activate
        PHYSIO_TRY(tx.insert_risk_model({.clinic_id = clinic_id,
                                         .name = "noshow",
                                         .label = "noshow-test",
                                         .status = "silent",
                                         .model_json = "{}",
                                         .card_markdown = "# Test model card\n",
                                         .changed_by = "system"}));
      }
      clinic::Consent c;
      c.clinic_id = clinic_id;
      c.patient_id = pid;
      c.kind = "telehealth";
      c.status = "given";
      s.consent[pid] = PHYSIO_TRY(tx.create_consent(c)).id;
      clinic::Episode ep;
      ep.clinic_id = clinic_id;
      ep.patient_id = pid;
      ep.status = "active";
      ep.icd10_code = "M17.11";
      ep.condition_text = "knee osteoarthritis";
      ep.side = "right";
      ep.onset_date = "2025-09-01";
      ep.goals = "walk 2 km without pain";
      s.episode[pid] = PHYSIO_TRY(tx.create_episode(ep)).id;
      clinic::Observation ob;
      ob.clinic_id = clinic_id;
      ob.patient_id = pid;
      ob.recording_id = rec.id;
      // Postural sway: a measure no outcome-measure instrument takes up, so the questionnaire lists stay as
      // their tests expect.
      ob.code_system = "http://physiokit.org/fhir/CodeSystem/measures";
      ob.code = "sway-rms-acceleration";
      ob.display = "Postural sway, RMS trunk acceleration";
      ob.value = 0.12;
      ob.unit = "m/s2";
      ob.method = "wearable IMU";
      ob.effective_us = 1'748'736'000'000'000;  // 2025-06-01, before any scenario's months
      ob.source = "imu";
      s.observation[pid] = PHYSIO_TRY(tx.insert_observation(ob)).id;
      store::AuditEventInput ev;
      ev.clinic_id = clinic_id;
      ev.action = "patient.update";
      ev.record_type = "patient";
      ev.record_id = pid;
      ev.patient_id = pid;
      ev.actor_id = clinic_id == s.clinic_a ? s.user_id.at("physiotherapist") : s.user_id.at("b_physio");
      ev.role = "physiotherapist";
      ev.client = "127.0.0.1";
      s.audit_seq[pid] = std::to_string(PHYSIO_TRY(tx.append_audit({ev})).front().seq);
      clinic::LiveSession ls;
      ls.clinic_id = clinic_id;
      ls.patient_id = pid;
      ls.exercise_id = "deep_squat";
      ls.started_by = clinic_id == s.clinic_a ? s.user_id.at("physiotherapist") : s.user_id.at("b_physio");
      auto live = PHYSIO_TRY(tx.create_live_session(ls));
      live.state = "complete";
      live.finished_us = live.created_us + 1;
      PHYSIO_CHECK(tx.finish_live_session(live));
      s.live_session[pid] = live.id;
      const std::string physio =
          clinic_id == s.clinic_a ? s.user_id.at("physiotherapist") : s.user_id.at("b_physio");
      s.program[pid] = PHYSIO_TRY(seed_program_row(tx, clinic_id, pid, physio));
      const std::string other_program = PHYSIO_TRY(seed_program_row(tx, clinic_id, pid, physio));
      s.proposal[pid] = PHYSIO_TRY(seed_proposal(tx, clinic_id, pid, other_program));
      return std::make_pair(rec, job);
    }),
                     "recording");
    s.recording[pid] = made.first.id;
    s.job[pid] = made.second.id;
  }
}

net::ClientResponse Client::login(const std::string& email, const std::string& password,
                                  const std::string& totp) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  if (!totp.empty()) body["totp"] = totp;
  auto r = net::http_request("127.0.0.1", port_, "POST", "/api/login", {{"content-type", "application/json"}},
                             body.dump());
  if (!r) throw std::runtime_error(r.error().to_string());
  if (r->status == 200) {
    for (const auto& h : r->headers)
      if (h.name == "set-cookie") cookie_ = h.value.substr(0, h.value.find(';'));
    csrf_ = nlohmann::json::parse(r->body)["csrf_token"].get<std::string>();
  }
  return *r;
}

bool Client::still_signed_in() {
  if (cookie_.empty()) return false;
  const auto r = request("GET", "/api/me");
  if (r.status != 200) return false;
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("csrf_token") || !j["csrf_token"].is_string()) return false;
  csrf_ = j["csrf_token"].get<std::string>();
  return true;
}

net::ClientResponse Client::request(const std::string& method, const std::string& target,
                                    const std::string& body, const std::string& content_type, bool with_csrf,
                                    const std::vector<net::Header>& extra_headers) {
  std::vector<net::Header> h = extra_headers;
  if (!cookie_.empty()) h.push_back({"cookie", cookie_});
  if (with_csrf && !csrf_.empty()) h.push_back({"x-csrf-token", csrf_});
  if (!body.empty() || method == "POST" || method == "PATCH") h.push_back({"content-type", content_type});
  auto r = net::http_request("127.0.0.1", port_, method, target, h, body);
  if (!r) throw std::runtime_error(r.error().to_string());
  return *r;
}

nlohmann::json Client::json(const net::ClientResponse& r) const {
  return nlohmann::json::parse(r.body, nullptr, false);
}

}  // namespace physio::test
