#include "cli/demo_programs.hpp"

#include <algorithm>
#include <map>

#include "core/civil_date.hpp"
#include "exercise/library.hpp"
#include "rehab/files.hpp"
#include "risk/synthetic.hpp"

namespace physio::cli {

Status seed_program_history(store::Store& store, const std::string& clinic_id, const std::string& physio_id,
                            const std::vector<clinic::Appointment>& appointments, TimeUs now, unsigned seed) {
  const auto root = PHYSIO_TRY(exercise::default_library_dir()).parent_path();
  const auto ids = PHYSIO_TRY(rehab::load_exercise_ids(root / "exercises"));
  const auto templates = PHYSIO_TRY(rehab::load_program_templates(root / "programs", ids));
  if (templates.empty()) return fail(ErrorCode::kNotFound, "data/programs has no template");
  std::map<std::string, TimeUs> first_visit;
  for (const auto& a : appointments)
    if (a.status == "fulfilled" && a.start_us <= now) {
      auto [it, added] = first_visit.emplace(a.patient_id, a.start_us);
      if (!added) it->second = std::min(it->second, a.start_us);
    }
  // A program from the first visit, and a second one 26 weeks later (a new episode) when that is at least
  // two weeks ago.
  std::vector<std::pair<std::string, TimeUs>> starts;
  for (const auto& [patient, first] : first_visit) {
    starts.emplace_back(patient, first);
    const TimeUs second = first + 182 * 86'400 * kUsPerSecond;
    if (second < now - 14 * 86'400 * kUsPerSecond) starts.emplace_back(patient, second);
  }
  const auto histories = risk::synthetic_programs(starts, now, seed);
  // The template for the condition of the episode the program falls in (a knee program for knee
  // osteoarthritis, not heel slides for low back pain); the next in turn for a program outside any episode.
  auto template_for = [&](store::Tx& tx, const std::string& patient, TimeUs at,
                          std::size_t& turn) -> Result<const rehab::ProgramTemplate*> {
    const auto episodes = PHYSIO_TRY(tx.list_episodes(clinic_id, patient));
    std::string wanted;
    TimeUs latest = 0;
    for (const auto& e : episodes)
      if (e.created_us <= at + 86'400 * kUsPerSecond && e.created_us >= latest) {
        latest = e.created_us;
        wanted = e.icd10_code.starts_with("M17")   ? "knee_oa"
                 : e.icd10_code.starts_with("M54") ? "low_back_pain"
                                                   : "";
      }
    if (!wanted.empty())
      for (const auto& t : templates)
        if (t.id == wanted) return &t;
    return &templates[turn++ % templates.size()];
  };
  return store.write([&](store::Tx& tx) -> Status {
    std::size_t n = 0;
    for (const auto& h : histories) {
      const auto& t = *PHYSIO_TRY(template_for(tx, h.patient_id, h.started_us, n));
      rehab::Program p =
          rehab::program_from_template(t, "", h.patient_id, physio_id, h.started_us,
                                       iso_date_from_days(h.started_us / (86'400 * kUsPerSecond)));
      p.id = tx.new_id();
      clinic::HomeProgram row;
      row.id = p.id;
      row.clinic_id = clinic_id;
      row.patient_id = h.patient_id;
      row.title = p.title;
      row.version = p.version;
      row.program_json = rehab::to_json(p).dump();
      row.created_by = physio_id;
      const auto& first = p.history.back();
      auto made = PHYSIO_TRY(tx.create_program(
          row, clinic::ProgramVersion{
                   .by = first.by, .at_us = first.at_us, .reason = first.reason, .kind = first.kind}));
      PHYSIO_TRY(tx.connection().query("UPDATE programs SET created_us = ?, updated_us = ? WHERE id = ?",
                                       {h.started_us, h.started_us, made.id}));
      if (h.ended_us)
        PHYSIO_TRY(tx.connection().query("UPDATE programs SET status = 'ended', updated_us = ? WHERE id = ?",
                                         {*h.ended_us, made.id}));
      const std::string exercise = p.prescriptions.empty() ? "" : p.prescriptions.front().exercise_id;
      auto pain = h.pain.begin();
      for (TimeUs at : h.logs) {
        clinic::ExerciseLog l;
        l.clinic_id = clinic_id;
        l.patient_id = h.patient_id;
        l.program_id = made.id;
        l.program_version = 1;
        l.exercise_id = exercise;
        l.done_us = at;
        l.reps_per_set = "[10,10,10]";
        l.source = "manual";
        l.logged_by = "synthetic";
        l.created_us = at;
        // The generator's pain answers fall on days with exercise: each goes with its day's log.
        while (pain != h.pain.end() && pain->first < at) ++pain;
        if (pain != h.pain.end() && pain->first == at) l.pain_during_nprs = pain->second;
        PHYSIO_TRY(tx.insert_exercise_log(l));
      }
    }
    return ok();
  });
}

}  // namespace physio::cli
