// The printable home program: GET /api/programs/{id}/print answers the program as a PDF the patient takes
// home (print/program_pdf.hpp; docs/server/printed-program.md): each exercise from the library with the
// dosage in words, side, target, how to do it, what to watch for and the physiotherapist's notes.
#include <cmath>
#include <map>

#include "exercise/library.hpp"
#include "exercise/patient_words.hpp"
#include "illustrate/figure_spec.hpp"
#include "notes/dates.hpp"
#include "print/program_pdf.hpp"
#include "rehab/pain_advice.hpp"
#include "rehab/program.hpp"
#include "rehab/program_diff.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/program_access.hpp"
#include "server/rehab/routes.hpp"
#include "store/clinic_contact.hpp"
#include "store/clinic_exercises.hpp"

namespace physio::server {
namespace {

constexpr std::size_t kMaxCues = 3;

std::string side_line(rehab::Side s) {
  switch (s) {
    case rehab::Side::kLeft:
      return "Left side";
    case rehab::Side::kRight:
      return "Right side";
    case rehab::Side::kBoth:
      break;
  }
  return "";
}

/// "Bend the knee to 90°": the library's primary angle in words when the prescription sets a target.
std::string target_line(const rehab::Prescription& rx) {
  if (!rx.target_rom_deg) return "";
  return fmt::format("Target range: {}\u00b0", static_cast<long long>(std::llround(*rx.target_rom_deg)));
}

print::PrintedExercise printed(const rehab::Prescription& rx,
                               const std::vector<store::ClinicExerciseRow>& clinic_exercises) {
  print::PrintedExercise e;
  e.dosage = rehab::dosage_words(rx.dosage);
  if (!e.dosage.empty())
    e.dosage[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(e.dosage[0])));
  e.side = side_line(rx.side);
  e.target = target_line(rx);
  e.notes = rx.notes;
  auto ex = exercise::find_exercise(rx.exercise_id);
  if (!ex) {
    // The clinic's own exercise (docs/server/clinic-exercises.md): its name, steps, position and caution.
    e.name = rx.exercise_id;
    for (const auto& c : clinic_exercises) {
      if (c.id != rx.exercise_id) continue;
      e.name = c.name;
      e.description = steps_text(c);
      e.position = std::string(exercise::position_words(c.position));
      e.stop_if = c.cautions;
    }
    return e;
  }
  const exercise::Exercise& x = **ex;
  e.name = x.name;
  e.description = x.description;
  e.position = std::string(exercise::position_words(x.position));
  for (const auto& rule : x.rules) {
    if (e.watch_for.size() >= kMaxCues) break;
    if (!rule.cue.empty()) e.watch_for.push_back(rule.cue);
  }
  e.stop_if = x.contraindications;
  // The figure shows the prescribed side working (a one-sided exercise is drawn for the right unless told).
  if (auto dir = exercise::default_library_dir()) {
    if (auto fig = illustrate::load_figure_spec(illustrate::figures_dir_beside(*dir), x.id)) {
      const bool want_left = rx.side == rehab::Side::kLeft;
      e.figure = want_left != fig->working_left && x.laterality == exercise::Laterality::kUnilateral
                     ? illustrate::mirrored(*fig)
                     : *fig;
    }
  }
  return e;
}

net::Response print_program(RequestContext& ctx) {
  clinic::HomeProgram row;
  if (auto d = load_program(ctx, row)) return *d;
  auto program = rehab::program_of(row);
  if (!program) return store_error(program.error());
  struct Loaded {
    clinic::Patient patient;
    clinic::ClinicContact clinic;
    std::map<std::string, std::string> people;
    std::vector<store::ClinicExerciseRow> exercises;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    l.patient = PHYSIO_TRY(tx.get_patient(row.clinic_id, row.patient_id));
    l.clinic = PHYSIO_TRY(store::get_clinic_contact(tx, row.clinic_id)).contact;
    for (const auto& u : PHYSIO_TRY(tx.list_users(row.clinic_id))) l.people[u.id] = u.display_name;
    l.exercises = PHYSIO_TRY(store::list_clinic_exercises(tx, row.clinic_id));
    return l;
  });
  if (!loaded) return store_error(loaded.error());
  print::PrintedProgram doc;
  const auto& contact = loaded->clinic;
  doc.clinic = contact.name;
  {
    // The address on one line, then the number to phone.
    std::string address;
    for (char ch : contact.address) address += ch == '\n' ? std::string(", ") : std::string(1, ch);
    doc.clinic_contact = address;
    if (!contact.phone.empty())
      doc.clinic_contact += (address.empty() ? "" : " · ") + std::string("Telephone ") + contact.phone;
  }
  doc.patient = loaded->patient.given_name + " " + loaded->patient.family_name;
  doc.title = program->title;
  if (!program->history.empty()) {
    const auto& h = program->history.back();
    auto who = loaded->people.find(h.by);
    doc.version_line =
        fmt::format("Version {} of {}{}", program->version, notes::note_date_of(h.at_us),
                    h.by == "auto" ? ", an automatic step within the limits your physiotherapist set"
                    : who != loaded->people.end() && !who->second.empty() ? ", by " + who->second
                                                                          : std::string());
  }
  doc.printed_on = notes::note_date_of(now_us());
  doc.pain_advice = fmt::format(
      "Pain up to {:g}/10 during or after the exercises is acceptable. Above {:g}/10, do less next time and "
      "tell "
      "your physiotherapist. From {:g}/10, stop for the day and {}. In an emergency, {}.",
      rehab::kPainTooHighNprs, rehab::kPainTooHighNprs, rehab::kPainStopNprs,
      clinic::phone_the_clinic(contact), clinic::call_emergency(contact));
  for (const auto& rx : program->prescriptions) doc.exercises.push_back(printed(rx, loaded->exercises));
  auto pdf = print::program_pdf(doc);
  if (!pdf) {
    if (pdf.error().code() == ErrorCode::kInvalidArgument)
      return api_error(409, "conflict", "the program has no exercise to print");
    return api_error(500, "internal", "the program could not be printed");
  }
  ctx.audit_read("program", row.id, row.patient_id);
  net::Response resp;
  resp.body = std::move(*pdf);
  resp.headers.push_back({"content-type", "application/pdf"});
  resp.headers.push_back({"content-disposition", "attachment; filename=\"home-exercise-program.pdf\""});
  resp.headers.push_back({"cache-control", "no-store"});
  return resp;
}

}  // namespace

void add_program_print_route(RouteTable& routes) {
  routes.push_back(
      answering(make_route("GET", "/api/programs/{id}/print",
                           "The home program as a PDF to take home: each exercise with its dosage, how to do "
                           "it, what to watch for and the physiotherapist's notes",
                           clinic::Action::kReadClinical, Target::kProgram, "program.print", print_program),
                "application/pdf"));
}

}  // namespace physio::server
