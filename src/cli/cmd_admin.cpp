// physio admin --data DIR ...: clinics, logins, migrations, backups, from the shell of the machine
// that holds the data (no server needed; safe while the server runs: every step is one transaction).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/server_common.hpp"
#include "clinic/validation.hpp"
#include "security/password.hpp"
#include "store/clinic_payer.hpp"

namespace physio::cli {
namespace {

struct AdminArgs {
  std::string data = "data";
  std::string postgres;
  std::string name, clinic, role, email, display_name, patient, file;
  std::string given, family, birth_date;
  bool no_mfa = false;
  bool delete_video = false;
  std::string payer;
};

Result<std::string> read_password_stdin() {
  std::string line;
  if (!std::getline(std::cin, line))
    return fail(ErrorCode::kInvalidArgument, "give the password on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (auto p = security::password_problem(line); !p.empty())
    return fail(ErrorCode::kInvalidArgument, "the password {}", p);
  return line;
}

int with_store(const AdminArgs& a, const std::function<int(store::Store&)>& f) {
  auto s = open_store(a.data, a.postgres);
  if (!s) return report_error(s.error());
  if (auto st = (*s)->migrate(); !st) return report_error(st.error().with_context("migrating the store"));
  return f(**s);
}

int create_clinic(const AdminArgs& a) {
  if (auto p = clinic::text_problem(a.name, 200); !p.empty() || a.name.empty())
    return report_error(
        Error(ErrorCode::kInvalidArgument, "NAME " + (p.empty() ? std::string("must not be empty") : p)));
  if (auto p = store::payer_problem(a.payer); !p.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "--payer " + p));
  return with_store(a, [&](store::Store& s) {
    clinic::Clinic c;
    c.name = a.name;
    c.delete_video_after_analysis = a.delete_video;
    auto r = s.write([&](store::Tx& tx) -> Result<clinic::Clinic> {
      auto made = PHYSIO_TRY(tx.create_clinic(c));
      PHYSIO_TRY(store::set_clinic_payer(tx, made.id, a.payer));
      return made;
    });
    if (!r) return report_error(r.error());
    std::fprintf(stderr, "created clinic '%s'\n", r->name.c_str());
    std::printf("%s\n", r->id.c_str());
    return 0;
  });
}

int set_payer(const AdminArgs& a) {
  if (auto p = store::payer_problem(a.payer); !p.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "--payer " + p));
  return with_store(a, [&](store::Store& s) {
    auto r = s.write([&](store::Tx& tx) -> Result<clinic::Clinic> {
      auto c = PHYSIO_TRY(tx.get_clinic(a.clinic));
      PHYSIO_TRY(store::set_clinic_payer(tx, c.id, a.payer));
      store::AuditEventInput e;
      e.clinic_id = c.id;
      e.actor_id = "admin-cli";
      e.role = "system";
      e.action = "clinic.payer";
      e.record_type = "clinic";
      e.record_id = c.id;
      e.detail = a.payer.empty() ? "none" : a.payer;
      e.client = "physio admin";
      PHYSIO_CHECK(tx.append_audit({e}));
      return c;
    });
    if (!r) return report_error(r.error());
    std::fprintf(stderr, "clinic '%s': payer rules %s\n", r->name.c_str(),
                 a.payer.empty() ? "none" : a.payer.c_str());
    return 0;
  });
}

int create_user(const AdminArgs& a) {
  auto role = clinic::role_from_string(a.role);
  if (!role)
    return report_error(
        Error(ErrorCode::kInvalidArgument,
              "--role '" + a.role + "': expected admin, physiotherapist, assistant, front_desk or patient"));
  if (auto p = clinic::email_problem(a.email); !p.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "--email " + p));
  if (*role == clinic::Role::kPatient && a.patient.empty())
    return report_error(
        Error(ErrorCode::kInvalidArgument, "--patient: a patient login names its patient record"));
  if (*role != clinic::Role::kPatient && !a.patient.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "--patient is only for --role patient"));
  auto password = read_password_stdin();
  if (!password) return report_error(password.error());
  auto hash = security::hash_password(*password);
  if (!hash) return report_error(hash.error());
  return with_store(a, [&](store::Store& s) {
    clinic::User u;
    u.clinic_id = a.clinic;
    u.role = *role;
    u.email = a.email;
    u.display_name = a.display_name;
    u.password_hash = *hash;
    if (!a.patient.empty()) u.patient_id = a.patient;
    u.mfa_required = *role != clinic::Role::kPatient && !a.no_mfa;
    auto r = s.write([&](store::Tx& tx) -> Result<clinic::User> {
      PHYSIO_TRY(tx.get_clinic(a.clinic));
      if (u.patient_id) PHYSIO_TRY(tx.get_patient(a.clinic, *u.patient_id));
      return tx.create_user(u);
    });
    if (!r) return report_error(r.error());
    std::fprintf(stderr, "created %s login %s%s\n", a.role.c_str(), r->email.c_str(),
                 r->mfa_required ? " (second factor set up at first sign-in)" : "");
    std::printf("%s\n", r->id.c_str());
    return 0;
  });
}

int create_patient(const AdminArgs& a) {
  for (auto [flag, v] : {std::pair{"--given", a.given}, {"--family", a.family}})
    if (v.empty())
      return report_error(Error(ErrorCode::kInvalidArgument, std::string(flag) + " must not be empty"));
  if (auto p = clinic::date_problem(a.birth_date); !p.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "--birth-date " + p));
  return with_store(a, [&](store::Store& s) {
    clinic::Patient p;
    p.clinic_id = a.clinic;
    p.given_name = a.given;
    p.family_name = a.family;
    p.birth_date = a.birth_date;
    auto r = s.write([&](store::Tx& tx) -> Result<clinic::Patient> {
      PHYSIO_TRY(tx.get_clinic(a.clinic));
      auto np = PHYSIO_TRY(tx.create_patient(p));
      store::AuditEventInput e;
      e.clinic_id = np.clinic_id;
      e.actor_id = "admin-cli";
      e.role = "system";
      e.action = "patient.create";
      e.record_type = "patient";
      e.record_id = np.id;
      e.patient_id = np.id;
      e.client = "physio admin";
      PHYSIO_CHECK(tx.append_audit({e}));
      return np;
    });
    if (!r) return report_error(r.error());
    std::printf("%s\n", r->id.c_str());
    return 0;
  });
}

int reset_password(const AdminArgs& a) {
  auto password = read_password_stdin();
  if (!password) return report_error(password.error());
  auto hash = security::hash_password(*password);
  if (!hash) return report_error(hash.error());
  return with_store(a, [&](store::Store& s) {
    auto st = s.write([&](store::Tx& tx) -> Status {
      auto u = PHYSIO_TRY(tx.get_user_by_email(a.email));
      PHYSIO_CHECK(tx.update_password(u.id, *hash));
      PHYSIO_CHECK(tx.reset_failures(u.id));
      PHYSIO_CHECK(tx.revoke_sessions_for_user(u.id));
      if (u.mfa_required) PHYSIO_CHECK(tx.set_totp(u.id, std::nullopt, true));
      return ok();
    });
    if (!st) return report_error(st.error().with_context("--email " + a.email));
    std::fprintf(stderr,
                 "password reset for %s; sessions ended; second factor set up again at next sign-in\n",
                 a.email.c_str());
    return 0;
  });
}

}  // namespace

void add_admin_command(CLI::App& app) {
  auto a = std::make_shared<AdminArgs>();
  auto* sub = app.add_subcommand("admin", "Administer a clinic store: clinics, logins, migrations, backups");
  sub->add_option("--data", a->data, "Data directory (SQLite store)")->capture_default_str();
  sub->add_option("--postgres", a->postgres, "PostgreSQL URL instead of the SQLite store");
  sub->require_subcommand(1, 1);

  auto* cc = sub->add_subcommand("create-clinic", "Create a clinic; prints its id as the last line");
  cc->add_option("name", a->name, "The clinic's name")->required();
  cc->add_flag("--delete-video-after-analysis", a->delete_video,
               "Keep landmarks and results, delete uploaded videos");
  cc->add_option("--payer", a->payer,
                 "Payer rules of its notes: us_medicare (progress-report and re-certification reminders), "
                 "or none (the default)");
  cc->callback([a] { set_exit(create_clinic(*a)); });

  auto* sp = sub->add_subcommand("set-payer", "Set a clinic's payer rules (docs/server/notes.md)");
  sp->add_option("--clinic", a->clinic, "Clinic id")->required();
  sp->add_option("--payer", a->payer, "us_medicare, or empty for none")->required();
  sp->callback([a] { set_exit(set_payer(*a)); });

  auto* cu = sub->add_subcommand("create-user",
                                 "Create a login; the password is read from standard input; prints the id");
  cu->add_option("--clinic", a->clinic, "Clinic id")->required();
  cu->add_option("--role", a->role, "admin|physiotherapist|assistant|front_desk|patient")->required();
  cu->add_option("--email", a->email, "E-mail (the login name)")->required();
  cu->add_option("--name", a->display_name, "Name shown to others");
  cu->add_option("--patient", a->patient, "For --role patient: the patient record id");
  cu->add_flag("--no-mfa", a->no_mfa, "Staff without a second factor (tests only)");
  cu->callback([a] { set_exit(create_user(*a)); });

  auto* cp = sub->add_subcommand("create-patient", "Register a patient; prints the id");
  cp->add_option("--clinic", a->clinic, "Clinic id")->required();
  cp->add_option("--given", a->given, "Given name")->required();
  cp->add_option("--family", a->family, "Family name")->required();
  cp->add_option("--birth-date", a->birth_date, "YYYY-MM-DD")->required();
  cp->callback([a] { set_exit(create_patient(*a)); });

  auto* rp = sub->add_subcommand("reset-password",
                                 "Set a new password (from standard input) and end the login's sessions");
  rp->add_option("--email", a->email, "The login's e-mail")->required();
  rp->callback([a] { set_exit(reset_password(*a)); });

  auto* mg = sub->add_subcommand("migrate", "Apply schema migrations (the server also does this at start)");
  mg->callback([a] {
    set_exit(with_store(*a, [](store::Store& s) {
      std::fprintf(stderr, "store (%s) is at the latest schema\n", s.backend_name().c_str());
      return 0;
    }));
  });

  auto* bk = sub->add_subcommand("backup", "Copy the SQLite store consistently into FILE (while it runs)");
  bk->add_option("file", a->file, "Backup file")->required();
  bk->callback([a] {
    set_exit(with_store(*a, [a](store::Store& s) {
      if (auto st = s.backup(a->file); !st) return report_error(st.error());
      std::fprintf(stderr, "backup written: %s\n", a->file.c_str());
      return 0;
    }));
  });

  auto* rs = sub->add_subcommand("restore",
                                 "Replace the SQLite store's content with a backup FILE (server stopped)");
  rs->add_option("file", a->file, "Backup file")->required();
  rs->callback([a] {
    set_exit(with_store(*a, [a](store::Store& s) {
      if (auto st = s.restore(a->file); !st) return report_error(st.error());
      std::fprintf(stderr, "restored from %s\n", a->file.c_str());
      return 0;
    }));
  });
}

}  // namespace physio::cli
