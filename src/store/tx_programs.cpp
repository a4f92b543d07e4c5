// Tx: home exercise programs and their versions, exercise logs, morning pain, progression proposals.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::ExerciseLog;
using clinic::HomeProgram;
using clinic::MorningPainAnswer;
using clinic::ProgramVersion;
using clinic::ProgressionProposal;

namespace {

Status insert_version(sql::Connection& conn, const ProgramVersion& v) {
  PHYSIO_TRY(conn.query(
      fmt::format("INSERT INTO program_versions ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kProgramVersionCols),
      {v.program_id, v.clinic_id, v.patient_id, v.version, v.program_json, v.by, v.at_us, v.reason, v.kind}));
  return ok();
}

}  // namespace

std::string Tx::new_id() const {
  return random_id();
}

Result<HomeProgram> Tx::create_program(HomeProgram p, ProgramVersion first) {
  if (p.id.empty()) p.id = random_id();
  p.created_us = now_us();
  p.updated_us = p.created_us;
  if (p.status.empty()) p.status = "active";
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO programs ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows::kProgramCols),
      {p.id, p.clinic_id, p.patient_id, p.title, p.status, p.version, p.program_json, p.created_by,
       p.created_us, p.updated_us}));
  first.program_id = p.id;
  first.clinic_id = p.clinic_id;
  first.patient_id = p.patient_id;
  first.version = p.version;
  first.program_json = p.program_json;
  if (first.at_us == 0) first.at_us = p.created_us;
  PHYSIO_CHECK(insert_version(conn_, first));
  return p;
}

Result<HomeProgram> Tx::get_program(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM programs WHERE clinic_id = ? AND id = ?", rows::kProgramCols),
                  {clinic_id, id}),
      "program", id, rows::program_from);
}

Result<std::vector<HomeProgram>> Tx::list_programs(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM programs WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY created_us, id",
                                           rows::kProgramCols),
                               {clinic_id, patient_id}),
                   rows::program_from);
}

Result<HomeProgram> Tx::update_program(const HomeProgram& p, std::int64_t expected_version,
                                       ProgramVersion next) {
  const TimeUs now = now_us();
  auto updated = PHYSIO_TRY(conn_.query(
      fmt::format("UPDATE programs SET title = ?, status = ?, version = ?, program_json = ?, updated_us = ? "
                  "WHERE clinic_id = ? AND id = ? AND version = ? RETURNING {}",
                  rows::kProgramCols),
      {p.title, p.status, p.version, p.program_json, now, p.clinic_id, p.id, expected_version}));
  if (updated.rows.empty()) {
    PHYSIO_TRY(get_program(p.clinic_id, p.id));  // kNotFound when there is no such program
    return fail(ErrorCode::kInvalidArgument, "program {} changed since it was read (expected version {})",
                p.id, expected_version);
  }
  HomeProgram stored = rows::program_from(updated.rows.front());
  next.program_id = stored.id;
  next.clinic_id = stored.clinic_id;
  next.patient_id = stored.patient_id;
  next.version = stored.version;
  next.program_json = stored.program_json;
  if (next.at_us == 0) next.at_us = now;
  PHYSIO_CHECK(insert_version(conn_, next));
  PHYSIO_TRY(mark_stale_proposals(stored.clinic_id, stored.id, stored.version));
  return stored;
}

Result<std::vector<ProgramVersion>> Tx::list_program_versions(std::string_view clinic_id,
                                                              std::string_view program_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM program_versions WHERE clinic_id = ? AND program_id = ? "
                              "ORDER BY version",
                              rows::kProgramVersionCols),
                  {clinic_id, program_id}),
      rows::program_version_from);
}

Result<ExerciseLog> Tx::insert_exercise_log(ExerciseLog l) {
  l.id = random_id();
  l.created_us = now_us();
  if (l.done_us == 0) l.done_us = l.created_us;
  if (l.reps_per_set.empty()) l.reps_per_set = "[]";
  PHYSIO_TRY(conn_.query(fmt::format("INSERT INTO exercise_logs ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     rows::kExerciseLogCols),
                         {l.id,
                          l.clinic_id,
                          l.patient_id,
                          l.program_id,
                          l.program_version,
                          l.exercise_id,
                          l.done_us,
                          l.reps_per_set,
                          rows::opt_value(l.pain_during_nprs),
                          rows::opt_value(l.rpe),
                          rows::opt_value(l.rir),
                          l.comment,
                          l.source,
                          l.live_session_id,
                          rows::opt_value(l.mean_quality),
                          l.severe_cues,
                          rows::opt_value(l.rom_deg),
                          l.logged_by,
                          l.created_us,
                          l.not_counted_reason}));
  return l;
}

Result<std::vector<ExerciseLog>> Tx::list_exercise_logs(std::string_view clinic_id,
                                                        std::string_view patient_id,
                                                        std::string_view program_id, TimeUs from_us,
                                                        TimeUs to_us, Logs which) {
  const std::string_view counted = which == Logs::kCounted ? " AND not_counted_reason = ''" : "";
  if (program_id.empty()) {
    return rows::all(
        conn_.query(fmt::format("SELECT {} FROM exercise_logs WHERE clinic_id = ? AND patient_id = ? "
                                "AND done_us >= ? AND done_us < ?{} ORDER BY done_us, id",
                                rows::kExerciseLogCols, counted),
                    {clinic_id, patient_id, from_us, to_us}),
        rows::exercise_log_from);
  }
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM exercise_logs WHERE clinic_id = ? AND patient_id = ? "
                              "AND program_id = ? AND done_us >= ? AND done_us < ?{} ORDER BY done_us, id",
                              rows::kExerciseLogCols, counted),
                  {clinic_id, patient_id, program_id, from_us, to_us}),
      rows::exercise_log_from);
}

Result<ExerciseLog> Tx::set_live_log_report(std::string_view clinic_id, std::string_view patient_id,
                                            std::string_view live_session_id,
                                            std::optional<double> pain_during_nprs, std::optional<double> rpe,
                                            std::optional<double> rir, std::string_view comment) {
  // The session's own patient's log only: a log of another patient naming the session is never touched.
  auto logs = PHYSIO_TRY(rows::all(
      conn_.query(fmt::format("SELECT {} FROM exercise_logs WHERE clinic_id = ? AND patient_id = ? AND "
                              "live_session_id = ? ORDER BY created_us, id",
                              rows::kExerciseLogCols),
                  {clinic_id, patient_id, live_session_id}),
      rows::exercise_log_from));
  if (logs.empty() || live_session_id.empty())
    return fail(ErrorCode::kNotFound, "no exercise log for live session {}", live_session_id);
  ExerciseLog l = logs.front();
  l.pain_during_nprs = pain_during_nprs;
  l.rpe = rpe;
  l.rir = rir;
  l.comment = std::string(comment);
  PHYSIO_TRY(
      conn_.query("UPDATE exercise_logs SET pain_during_nprs = ?, rpe = ?, rir = ?, comment = ? WHERE "
                  "clinic_id = ? AND id = ?",
                  {rows::opt_value(l.pain_during_nprs), rows::opt_value(l.rpe), rows::opt_value(l.rir),
                   l.comment, clinic_id, l.id}));
  return l;
}

Result<MorningPainAnswer> Tx::insert_morning_pain(MorningPainAnswer a) {
  a.id = random_id();
  a.created_us = now_us();
  if (a.at_us == 0) a.at_us = a.created_us;
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO morning_pain ({}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows::kMorningPainCols),
      {a.id, a.clinic_id, a.patient_id, a.at_us, a.nprs, a.recorded_by, a.created_us}));
  return a;
}

Result<std::vector<MorningPainAnswer>> Tx::list_morning_pain(std::string_view clinic_id,
                                                             std::string_view patient_id, TimeUs from_us,
                                                             TimeUs to_us) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM morning_pain WHERE clinic_id = ? AND patient_id = ? "
                              "AND at_us >= ? AND at_us < ? ORDER BY at_us, id",
                              rows::kMorningPainCols),
                  {clinic_id, patient_id, from_us, to_us}),
      rows::morning_pain_from);
}

Result<ProgressionProposal> Tx::create_proposal(ProgressionProposal p) {
  p.id = random_id();
  p.created_us = now_us();
  if (p.state.empty()) p.state = "pending";
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO proposals ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kProposalCols),
      {p.id, p.clinic_id, p.patient_id, p.program_id, p.program_version, p.exercise_id, p.direction,
       p.proposal_json, p.state, p.decided_by, p.decided_us, p.decision_reason, p.created_us}));
  return p;
}

Result<ProgressionProposal> Tx::get_proposal(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM proposals WHERE clinic_id = ? AND id = ?", rows::kProposalCols),
                  {clinic_id, id}),
      "proposal", id, rows::proposal_from);
}

Result<std::vector<ProgressionProposal>> Tx::list_proposals(std::string_view clinic_id,
                                                            std::string_view patient_id,
                                                            std::string_view state) {
  if (state.empty()) {
    return rows::all(
        conn_.query(fmt::format("SELECT {} FROM proposals WHERE clinic_id = ? AND patient_id = ? "
                                "ORDER BY created_us DESC, id DESC",
                                rows::kProposalCols),
                    {clinic_id, patient_id}),
        rows::proposal_from);
  }
  return rows::all(conn_.query(fmt::format("SELECT {} FROM proposals WHERE clinic_id = ? AND patient_id = ? "
                                           "AND state = ? ORDER BY created_us DESC, id DESC",
                                           rows::kProposalCols),
                               {clinic_id, patient_id, state}),
                   rows::proposal_from);
}

Result<std::vector<ProgressionProposal>> Tx::list_pending_proposals(std::string_view clinic_id,
                                                                    std::string_view program_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM proposals WHERE clinic_id = ? AND program_id = ? "
                                           "AND state = 'pending' ORDER BY created_us, id",
                                           rows::kProposalCols),
                               {clinic_id, program_id}),
                   rows::proposal_from);
}

Result<ProgressionProposal> Tx::decide_proposal(std::string_view clinic_id, std::string_view id,
                                                std::string_view state, std::string_view decided_by,
                                                std::string_view reason) {
  return rows::single(
      conn_.query(fmt::format("UPDATE proposals SET state = ?, decided_by = ?, decided_us = ?, "
                              "decision_reason = ? WHERE clinic_id = ? AND id = ? AND state = 'pending' "
                              "RETURNING {}",
                              rows::kProposalCols),
                  {state, decided_by, now_us(), reason, clinic_id, id}),
      "pending proposal", id, rows::proposal_from);
}

Result<std::int64_t> Tx::mark_stale_proposals(std::string_view clinic_id, std::string_view program_id,
                                              std::int64_t current_version) {
  auto r = PHYSIO_TRY(conn_.query(
      "UPDATE proposals SET state = 'stale', decided_us = ? WHERE clinic_id = ? AND program_id = ? "
      "AND state = 'pending' AND program_version < ?",
      {now_us(), clinic_id, program_id, current_version}));
  return r.affected;
}

}  // namespace physio::store
