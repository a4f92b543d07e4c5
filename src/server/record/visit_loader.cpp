// Loading a visit's rows for the SOAP draft (see the header; the rules are notes/visit.hpp's).
#include "server/record/visit_loader.hpp"

#include <cctype>
#include <set>

#include "exercise/library.hpp"
#include "measures/library.hpp"
#include "notes/note.hpp"
#include "notes/visit.hpp"
#include "store/clinic_payer.hpp"

namespace physio::server {

std::string exercise_display_name(const std::string& id) {
  auto lib = exercise::default_library();
  if (!lib) return id;
  auto ex = (*lib)->find(id);
  if (!ex) return id;
  std::string n = (*ex)->name;
  if (!n.empty()) n[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(n[0])));
  return n;
}

Result<notes::VisitInput> gather_visit(store::Tx& tx, const clinic::Patient& p,
                                       const std::optional<clinic::Episode>& chosen, TimeUs now,
                                       std::string_view note_type) {
  notes::VisitRows rows;
  rows.patient = p;
  rows.now = now;
  rows.all_episodes = PHYSIO_TRY(tx.list_episodes(p.clinic_id, p.id));
  rows.episode = chosen ? chosen : notes::latest_active_episode(rows.all_episodes);
  // The signed notes and their types: a progress report covers the period since the last report or
  // evaluation, a discharge summary the whole episode (notes::note_period).
  std::vector<notes::SignedNoteRef> signed_notes;
  for (const auto& n : PHYSIO_TRY(tx.list_notes(p.clinic_id, p.id))) {
    if (n.status == "draft") continue;
    auto parsed = notes::note_from_json(n.body);
    signed_notes.push_back(
        {n.id, parsed ? parsed->header.type : std::string(), n.episode_id, n.window_to_us});
  }
  rows.period = notes::note_period(note_type, now, signed_notes, rows.episode);
  rows.from = rows.period.from_us;

  rows.morning_pain = PHYSIO_TRY(tx.list_morning_pain(p.clinic_id, p.id, rows.from, now));
  rows.exercise_logs = PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id, {}, rows.from, now));
  rows.questionnaire_responses = PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id));
  for (auto& row : PHYSIO_TRY(tx.list_programs(p.clinic_id, p.id))) {
    if (row.status != "active") {
      // One ended in the window is named in the draft (its sessions may be in the window); no logs needed.
      if (row.status == "ended" && row.updated_us >= rows.from) rows.programs.push_back({std::move(row), {}});
      continue;
    }
    auto logs = PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id, row.id));
    rows.programs.push_back({std::move(row), std::move(logs)});
  }
  rows.observations = PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id));
  rows.proposals = PHYSIO_TRY(tx.list_proposals(p.clinic_id, p.id, ""));
  rows.appointments = PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id));
  // The live sessions of the window's live sets and of the window's measures from recordings: a set's
  // figures are then given once, and a live set's measures named as a live session's.
  std::set<std::string> seen;
  for (const auto& l : rows.exercise_logs) {
    if (l.live_session_id.empty() || !seen.insert(l.live_session_id).second) continue;
    auto s = tx.get_live_session(p.clinic_id, l.live_session_id);
    if (s)
      rows.live_sessions.push_back(std::move(*s));
    else if (s.error().code() != ErrorCode::kNotFound)
      return std::unexpected(s.error());
  }
  std::set<std::string> recordings;
  for (const auto& o : rows.observations)
    if (o.recording_id && o.effective_us >= rows.from && o.effective_us <= now)
      recordings.insert(*o.recording_id);
  for (const auto& r : recordings) {
    auto s = PHYSIO_TRY(tx.find_live_session_by_recording(p.clinic_id, r));
    if (s && seen.insert(s->id).second) rows.live_sessions.push_back(std::move(*s));
  }

  auto measures = measures::default_measure_library();
  auto visit = notes::assemble_visit(rows, measures ? *measures : nullptr, exercise_display_name);
  // Billing and re-certification lines only where the clinic's payer rules make them apply.
  visit.payer = PHYSIO_TRY(store::get_clinic_payer(tx, p.clinic_id));
  visit.note_type = std::string(note_type);  // its period, wording and reminders are the type's
  return visit;
}

}  // namespace physio::server
