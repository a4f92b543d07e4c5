// physio demo-clinic --data DIR: a demo clinic to look around in. Staff and patients with generated
// passwords, and for each patient four weekly squat sessions (the synthetic person going deeper each
// week) analysed by the same job workers the server runs, so the timeline has results and charts.
// Idempotent: a second run prints the logins of the clinic it made the first time.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/demo_programs.hpp"
#include "cli/demo_recovery.hpp"
#include "cli/demo_schedule.hpp"
#include "cli/server_common.hpp"
#include "core/civil_date.hpp"
#include "core/file_io.hpp"
#include "exercise/library.hpp"
#include "insight/insight.hpp"
#include "jobs/job_runner.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"
#include "rehab/calendar.hpp"
#include "rehab/files.hpp"
#include "risk/synthetic.hpp"
#include "security/password.hpp"
#include "security/random.hpp"
#include "store/messages.hpp"
#include "store/patient_registration.hpp"
#include "store/questionnaire_schedules.hpp"

namespace physio::cli {
namespace {

namespace fs = std::filesystem;

struct DemoLogin {
  std::string role, email, password, note;
};

std::string new_password() {
  // 4 groups of 4 from an alphabet without look-alikes: easy to type, ~80 bits.
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  const auto bytes = security::random_bytes(16);
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(kAlphabet[bytes[i] % (sizeof kAlphabet - 1)]);
  }
  return out;
}

constexpr TimeUs kDemoDayUs = 24 * 3600 * kUsPerSecond;

/// The demo clinic's earlier patients and two years of their appointments (synthetic: risk::synthetic),
/// so its no-show model has a history to learn from; the model and its card say the data is synthetic.
Status seed_appointment_history(store::Store& st, const std::string& clinic_id, const std::string& physio_id,
                                TimeUs now) {
  // Given names by the sex recorded beside them (even: male, odd: female), so a record never reads
  // "Ana ..., male".
  static constexpr const char* kGiven[] = {"Ben",   "Ana",   "David", "Chloe", "Farid", "Elena", "Hugo",
                                           "Grace", "Jonas", "Ines",  "Luca",  "Kemi",  "Nuno",  "Mei",
                                           "Pedro", "Olga",  "Sven",  "Rosa",  "Umar",  "Tara"};
  static constexpr const char* kFamily[] = {"Almeida", "Brown",  "Costa", "Dubois", "Evans", "Ferreira",
                                            "Garcia",  "Hansen", "Ito",   "Jensen", "Khan",  "Lopes"};
  std::vector<std::string> ids;
  for (int i = 0; i < 160; ++i) {
    clinic::Patient p;
    p.clinic_id = clinic_id;
    p.given_name = kGiven[i % 20];
    p.family_name = kFamily[(i / 20 + i * 7) % 12];
    p.birth_date = iso_date_from_days(days_from_civil(1940 + (i * 13) % 62, static_cast<unsigned>(1 + i % 12),
                                                      static_cast<unsigned>(1 + (i * 5) % 28)));
    p.sex = i % 2 ? "female" : "male";
    p.language = "en";
    p.time_zone = "Europe/Lisbon";
    p.mrn = fmt::format("DEMO-{:04d}", 1000 + i);
    auto made = PHYSIO_TRY(st.write([&](store::Tx& tx) { return tx.create_patient(p); }));
    ids.push_back(made.id);
  }
  risk::SyntheticHistoryOptions o;
  o.seed = 2026;
  o.from_us = now - 730 * kDemoDayUs;
  o.to_us = now + 14 * kDemoDayUs;
  o.now_us = now;
  // The history's coming visits obey the booking rules like every other booking: one that would double-book
  // the physiotherapist (or a patient) is left out.
  const auto existing = PHYSIO_TRY(st.read([&](store::Tx& tx) {
    return tx.list_clinic_appointments(clinic_id, o.from_us - kDemoDayUs, o.to_us + kDemoDayUs);
  }));
  const auto appointments =
      cli::keep_bookable(existing, risk::synthetic_appointments(clinic_id, ids, physio_id, o));
  PHYSIO_TRY(st.write([&](store::Tx& tx) -> Status {
    for (const auto& a : appointments) PHYSIO_TRY(tx.import_appointment(a));
    return ok();
  }));
  // Their episodes and outcome measures, for the recovery course, and their home programs with exercise
  // logs, for the drop-out model (synthetic too).
  PHYSIO_TRY(cli::seed_recovery_history(st, clinic_id, physio_id, appointments, now, 2026));
  return cli::seed_program_history(st, clinic_id, physio_id, appointments, now, 2026);
}

/// A knee program for `patient_id` prescribed `days_ago` with nothing logged since (the drop-out rule's
/// case), and a Timed Up and Go and chair stand for a patient over 65 (the fall rules' case).
Status seed_risk_cases(store::Store& st, const clinic::Patient& quiet, const clinic::Patient& older,
                       const std::string& physio_id, TimeUs now) {
  const auto root = PHYSIO_TRY(exercise::default_library_dir()).parent_path();
  const auto ids = PHYSIO_TRY(rehab::load_exercise_ids(root / "exercises"));
  const auto templates = PHYSIO_TRY(rehab::load_program_templates(root / "programs", ids));
  const rehab::ProgramTemplate* knee = nullptr;
  for (const auto& t : templates)
    if (t.id == "acl_early") knee = &t;
  if (knee == nullptr) return fail(ErrorCode::kNotFound, "data/programs has no acl_early template");
  const TimeUs at = now - 20 * kDemoDayUs;
  return st.write([&](store::Tx& tx) -> Status {
    rehab::Program p =
        rehab::program_from_template(*knee, "", quiet.id, physio_id, at, iso_date_from_days(at / kDemoDayUs));
    p.id = tx.new_id();
    clinic::HomeProgram row;
    row.id = p.id;
    row.clinic_id = quiet.clinic_id;
    row.patient_id = quiet.id;
    row.title = p.title;
    row.version = p.version;
    row.program_json = rehab::to_json(p).dump();
    row.created_by = physio_id;
    const auto& h = p.history.back();
    auto made = PHYSIO_TRY(tx.create_program(
        row, clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
    PHYSIO_TRY(tx.connection().query("UPDATE programs SET created_us = ? WHERE id = ?", {at, made.id}));
    for (auto [code, display, value, unit] : {std::tuple{"89423-8", "Timed Up and Go", 14.2, "s"},
                                              std::tuple{"66247-8", "30-second chair stand", 8.0, "{#}"}}) {
      PHYSIO_TRY(tx.insert_observation({.clinic_id = older.clinic_id,
                                        .patient_id = older.id,
                                        .code_system = "http://loinc.org",
                                        .code = code,
                                        .display = display,
                                        .value = value,
                                        .unit = unit,
                                        .effective_us = now - 3 * kDemoDayUs,
                                        .source = "manual",
                                        .recorded_by = physio_id}));
    }
    return ok();
  });
}

int run_demo_clinic(const fs::path& data, const fs::path& models) {
  const fs::path logins_file = data / "demo-logins.txt";
  std::error_code ec;
  if (fs::exists(logins_file, ec)) {
    auto text = load_file(logins_file);
    if (!text) return report_error(text.error());
    std::fputs(text->c_str(), stdout);
    return 0;
  }
  fs::create_directories(data, ec);
  auto store = open_store(data, "");
  if (!store) return report_error(store.error());
  store::Store& st = **store;
  if (auto m = st.migrate(); !m) return report_error(m.error());

  const TimeUs now = st.now_us();
  std::vector<DemoLogin> logins;
  auto fail_with = [](Error e) { return report_error(e.with_context("creating the demo clinic")); };

  clinic::Clinic c;
  c.name = "physiokit Demo Clinic";
  auto cl = st.write([&](store::Tx& tx) { return tx.create_clinic(c); });
  if (!cl) return fail_with(cl.error());

  auto add_user = [&](clinic::Role role, const std::string& email, const std::string& name, bool mfa,
                      std::optional<std::string> patient, const std::string& note) -> Status {
    DemoLogin l{std::string(clinic::to_string(role)), email, new_password(), note};
    clinic::User u;
    u.clinic_id = cl->id;
    u.role = role;
    u.email = email;
    u.display_name = name;
    u.password_hash = PHYSIO_TRY(security::hash_password(l.password));
    u.mfa_required = mfa;
    u.patient_id = std::move(patient);
    PHYSIO_TRY(st.write([&](store::Tx& tx) { return tx.create_user(u); }));
    logins.push_back(std::move(l));
    return ok();
  };
  if (auto s = add_user(clinic::Role::kPhysiotherapist, "physio@demo.physiokit.org", "Sam Rivera, PT", false,
                        std::nullopt, "second factor off for the demo");
      !s)
    return fail_with(s.error());
  if (auto s = add_user(clinic::Role::kAdmin, "admin@demo.physiokit.org", "Alex Admin", true, std::nullopt,
                        "sets up a TOTP authenticator at first sign-in, as all staff do in a real clinic");
      !s)
    return fail_with(s.error());
  if (auto s = add_user(clinic::Role::kFrontDesk, "desk@demo.physiokit.org", "Dana Desk", false, std::nullopt,
                        "registration and appointments; no clinical content");
      !s)
    return fail_with(s.error());
  if (auto s = add_user(clinic::Role::kPhysiotherapist, "lee@demo.physiokit.org", "Lee Park, PT", false,
                        std::nullopt, "a second physiotherapist, for the clinic calendar");
      !s)
    return fail_with(s.error());

  struct DemoPatient {
    const char* given;
    const char* family;
    const char* birth;
    const char* icd;
    const char* condition;
    const char* side;
  };
  const DemoPatient patients[] = {
      {"Maria", "Santos", "1958-03-14", "M17.11", "Unilateral primary osteoarthritis, right knee", "right"},
      {"John", "Okafor", "1987-09-02", "S83.511A",
       "Sprain of anterior cruciate ligament of right knee, initial encounter", "right"},
  };
  const fs::path tmp = data / "tmp";
  fs::create_directories(tmp, ec);
  int pi = 0;
  std::vector<clinic::Patient> demo_patients;
  std::string demo_physio_id;
  for (const auto& dp : patients) {
    ++pi;
    clinic::Patient p;
    p.clinic_id = cl->id;
    p.given_name = dp.given;
    p.family_name = dp.family;
    p.birth_date = dp.birth;
    p.language = "en";
    p.time_zone = "Europe/Lisbon";
    p.mrn = "DEMO-00" + std::to_string(pi);
    const std::string physio_id = [&] {
      auto u = st.read([&](store::Tx& tx) { return tx.get_user_by_email("physio@demo.physiokit.org"); });
      return u ? u->id : std::string();
    }();
    auto made = st.write([&](store::Tx& tx) -> Result<clinic::Patient> {
      auto np = PHYSIO_TRY(tx.create_patient(p));
      clinic::Episode e;
      e.clinic_id = np.clinic_id;
      e.patient_id = np.id;
      e.status = "active";
      e.icd10_code = dp.icd;
      e.condition_text = dp.condition;
      e.side = dp.side;
      e.goals = "Squat to a chair height without pain; climb stairs step over step.";
      // The second patient's knee program was prescribed 20 days ago (seed_risk_cases): his episode was
      // referred the day before, so its notes cover the program (a discharge summary is the whole episode).
      if (pi == 2) e.referral_date = iso_date_from_days((now - 21 * kDemoDayUs) / kDemoDayUs);
      PHYSIO_TRY(tx.create_episode(e));
      // The first patient's registration details: an address in Lisbon, whom to call, her GP and who pays
      // (docs/server/patient-admin.md, "Registration details").
      if (pi == 1) {
        clinic::Registration reg;
        reg.address_lines = "Rua dos Fanqueiros 12, 3.º direito";
        reg.city = "Lisboa";
        reg.postcode = "1100-231";
        reg.country = "PT";
        reg.emergency_name = "Ana Santos";
        reg.emergency_relationship = "daughter";
        reg.emergency_phone = "+351 912 000 101";
        reg.gp_name = "Dr. Rui Costa";
        reg.gp_practice = "USF Baixa";
        reg.funder_kind = "national_health_service";
        reg.funder_name = "SNS";
        PHYSIO_TRY(store::put_patient_registration(tx, np.clinic_id, np.id, reg, physio_id));
      }
      // The first patient also agreed to visits being recorded (docs/server/visit-capture.md).
      std::vector<const char*> kinds{"telehealth", "remote_monitoring"};
      if (pi == 1) kinds.push_back("visit_audio_recording");
      for (const char* kind : kinds) {
        clinic::Consent k;
        k.clinic_id = np.clinic_id;
        k.patient_id = np.id;
        k.kind = kind;
        k.status = "given";
        k.recorded_by = physio_id;
        k.method = "in_person_signed";
        k.text_version = "2026-01";
        PHYSIO_TRY(tx.create_consent(k));
      }
      clinic::Appointment a;
      a.clinic_id = np.clinic_id;
      a.patient_id = np.id;
      a.practitioner_id = physio_id;
      // A weekday, 10:30 or 11:30: both may fall on the same Monday (made on a Thursday or Friday), so the
      // two 45-minute visits with the same physiotherapist never overlap whatever day the demo is made.
      a.start_us = cli::demo_slot(now, 2 + pi, 10 * 60 + 30 + 60 * pi);
      a.duration_min = 45;
      a.status = "booked";
      a.reason = "Review of the home programme";
      PHYSIO_TRY(tx.create_appointment(a));
      return np;
    });
    if (!made) return fail_with(made.error());
    demo_patients.push_back(*made);
    demo_physio_id = physio_id;
    std::string given_lower = dp.given;
    for (auto& ch : given_lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto s = add_user(clinic::Role::kPatient, given_lower + "@demo.physiokit.org",
                          std::string(dp.given) + " " + dp.family, false, made->id,
                          "patient: sees only their own record");
        !s)
      return fail_with(s.error());

    // A short conversation with the physiotherapist (Maria): a question, the answer read, a new message.
    if (pi == 1) {
      const std::string patient_user = [&] {
        auto u =
            st.read([&](store::Tx& tx) { return tx.get_user_by_email(given_lower + "@demo.physiokit.org"); });
        return u ? u->id : std::string();
      }();
      struct DemoMessage {
        bool from_patient;
        TimeUs ago_us;
        const char* body;
      };
      const DemoMessage conversation[] = {
          {true, 26 * 3600 * kUsPerSecond,
           "My knee felt stiff this morning after yesterday's squats. Is that normal, or should I do fewer?"},
          {false, 25 * 3600 * kUsPerSecond,
           "Some stiffness the next morning is expected and should ease within an hour of moving. Keep the "
           "same "
           "number; if the morning pain is above 5 out of 10, do the bridges only that day and tell me."},
          {true, 3 * 3600 * kUsPerSecond, "Thank you. It eased after breakfast today."},
      };
      for (const auto& m : conversation) {
        st.set_clock([t = now - m.ago_us] { return t; });
        auto sent = st.write([&](store::Tx& tx) -> Status {
          auto sm =
              PHYSIO_TRY(store::insert_message(tx, {.clinic_id = cl->id,
                                                    .patient_id = made->id,
                                                    .sender_id = m.from_patient ? patient_user : physio_id,
                                                    .from_patient = m.from_patient,
                                                    .body = m.body}));
          // Each side read what came before it answered.
          PHYSIO_TRY(store::mark_messages_read(tx, cl->id, made->id, m.from_patient,
                                               m.from_patient ? patient_user : physio_id, sm.created_us));
          return ok();
        });
        if (!sent) return fail_with(sent.error());
      }
    }

    // Four weekly squat sessions, each a little deeper: the chart shows the range improving.
    for (int week = 0; week < 4; ++week) {
      kin::SyntheticOptions so;
      so.repetitions = 6 + week;
      so.depth = 0.55 + 0.12 * week + 0.03 * pi;
      so.noise = 0.002;
      so.seed = static_cast<std::uint64_t>(pi * 10 + week);
      auto rec = kin::make_synthetic(so);
      kin::LandmarkFile lf;
      lf.landmarks = rec.image;
      lf.world = rec.world;
      lf.format = "physio-json";
      const std::string name = "squats-week" + std::to_string(week + 1) + ".plmk";
      const fs::path rel = fs::path(cl->id) / (security::random_id() + ".plmk");
      fs::create_directories(data / "files" / cl->id, ec);
      if (auto s = kin::save_landmark_file(lf, data / "files" / rel); !s) return fail_with(s.error());
      const TimeUs when = now - (3 - week) * 7 * 24 * 3600 * kUsPerSecond - 2 * 3600 * kUsPerSecond;
      st.set_clock([when] { return when; });
      auto queued = st.write([&](store::Tx& tx) -> Status {
        clinic::Recording r;
        r.clinic_id = cl->id;
        r.patient_id = made->id;
        r.kind = "landmarks";
        r.exercise_id = "deep_squat";
        r.original_name = name;
        r.size_bytes = static_cast<std::int64_t>(fs::file_size(data / "files" / rel));
        r.sha256 = std::string(64, '0');
        r.file_path = rel.string();
        r.uploaded_by = physio_id;
        auto nr = PHYSIO_TRY(tx.create_recording(r));
        PHYSIO_TRY(tx.enqueue_job(nr.clinic_id, nr.id, 3));
        return ok();
      });
      if (!queued) return fail_with(queued.error());
    }
  }
  st.set_clock([] {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  });
  // Analyse them now with the server's own workers, so the timeline is filled on first sign-in.
  jobs::JobRunnerOptions jo;
  jo.workers = 0;
  jo.files_dir = data / "files";
  jo.models_dir = models;
  jo.owner = "demo-clinic";
  jobs::JobRunner runner(st, jo);
  int analysed = 0;
  while (runner.run_one()) ++analysed;

  // Predictions: a synthetic appointment history, a quiet program and an older patient's tests; the
  // clinic's no-show model trained on that history (shown at once: no silent period in the demo), then
  // the first scoring.
  if (auto s = seed_appointment_history(st, cl->id, demo_physio_id, now); !s) return fail_with(s.error());
  if (auto s = seed_risk_cases(st, demo_patients.at(1), demo_patients.at(0), demo_physio_id, now); !s)
    return fail_with(s.error());
  if (auto s = seed_slow_recovery(st, demo_patients.at(0), demo_physio_id, now, 8); !s)
    return fail_with(s.error());
  // The calendar: types, working hours, two weeks of bookings with clinicians and rooms, a waiting list.
  {
    auto staff = st.read([&](store::Tx& tx) { return tx.list_users(cl->id); });
    if (!staff) return fail_with(staff.error());
    std::string lee, desk;
    for (const auto& u : *staff) {
      if (u.email == "lee@demo.physiokit.org") lee = u.id;
      if (u.email == "desk@demo.physiokit.org") desk = u.id;
    }
    if (auto s = seed_demo_schedule(st, cl->id, demo_physio_id, lee, desk, demo_patients, now); !s)
      return fail_with(s.error());
  }
  // A scheduled questionnaire (docs/server/questionnaire-schedules.md): John's KOOS JR every 2 weeks from
  // the coming Monday and at discharge.
  {
    store::QuestionnaireScheduleRow q;
    q.clinic_id = cl->id;
    q.patient_id = demo_patients.at(1).id;
    q.instrument_id = "koos_jr";
    q.every_weeks = 2;
    const std::int64_t today = now / (86'400LL * kUsPerSecond);
    q.from_date = rehab::format_date(today + 7 - rehab::iso_weekday(today));
    q.at_discharge = true;
    q.created_by = q.updated_by = demo_physio_id;
    q.created_us = q.updated_us = now;
    if (auto s = st.write([&](store::Tx& tx) { return store::insert_questionnaire_schedule(tx, q); }); !s)
      return fail_with(s.error());
  }
  insight::RefreshOptions ro;
  ro.synthetic_data = true;
  ro.silent_days = 0;
  auto refreshed = insight::refresh_clinic(st, cl->id, st.now_us(), ro);
  if (!refreshed) return fail_with(refreshed.error());

  std::string text = "Demo clinic: " + c.name + " (" + std::to_string(analysed) + " recordings analysed; " +
                     std::to_string(refreshed->flags_open) + " risk flags, no-show model " +
                     refreshed->noshow + ", drop-out model " + refreshed->dropout +
                     ", both trained on synthetic data)\n";
  for (const auto& l : logins)
    text += fmt::format("  {:<16} {:<28} password {}   ({})\n", l.role, l.email, l.password, l.note);
  if (auto s = save_file_atomic(logins_file, text); !s) return report_error(s.error());
  ::chmod(logins_file.c_str(), 0600);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void add_demo_clinic_command(CLI::App& app) {
  struct Args {
    std::string data = "out/clinic";
    std::string models;
  };
  auto a = std::make_shared<Args>();
  auto* sub = app.add_subcommand(
      "demo-clinic",
      "Create (once) a demo clinic with staff, patients and analysed recordings; print the logins");
  sub->add_option("--data", a->data, "Data directory of the demo clinic")->capture_default_str();
  sub->add_option("--models", a->models, "Folder with the BlazePose models");
  sub->callback([a] { set_exit(run_demo_clinic(a->data, a->models)); });
}

}  // namespace physio::cli
