// Tx: live exercise sessions.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/sql/database.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::LiveSession;

Result<LiveSession> Tx::create_live_session(LiveSession s) {
  s.id = random_id();
  s.created_us = now_us();
  s.state = "open";
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO live_sessions ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kLiveSessionCols),
      {s.id, s.clinic_id, s.patient_id, s.exercise_id, s.side, s.program_id, s.started_by, s.state, s.frames,
       s.repetitions_live, s.recording_id, s.result_json, s.created_us, s.finished_us,
       s.not_counted_reason}));
  return s;
}

Result<LiveSession> Tx::get_live_session(std::string_view clinic_id, std::string_view id, bool for_update) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM live_sessions WHERE clinic_id = ? AND id = ?{}",
                                              rows::kLiveSessionCols,
                                              for_update ? sql::for_update(dialect()) : std::string_view()),
                                  {clinic_id, id}),
                      "live session", id, rows::live_session_from);
}

Result<std::optional<LiveSession>> Tx::find_live_session_by_recording(std::string_view clinic_id,
                                                                      std::string_view recording_id) {
  auto found = PHYSIO_TRY(rows::all(
      conn_.query(fmt::format("SELECT {} FROM live_sessions WHERE clinic_id = ? AND recording_id = ?",
                              rows::kLiveSessionCols),
                  {clinic_id, recording_id}),
      rows::live_session_from));
  if (found.empty() || recording_id.empty()) return std::optional<LiveSession>();
  return std::optional<LiveSession>(std::move(found.front()));
}

Result<std::vector<std::string>> Tx::mark_live_set_not_counted(std::string_view clinic_id,
                                                               std::string_view live_session_id,
                                                               std::string_view reason) {
  const std::string why = reason.empty() ? std::string("rejected by the analysis") : std::string(reason);
  // The session first (its row lock orders this against a log being written for it at the same time).
  PHYSIO_TRY(conn_.query("UPDATE live_sessions SET not_counted_reason = ? WHERE clinic_id = ? AND id = ?",
                         {why, clinic_id, live_session_id}));
  auto rs =
      PHYSIO_TRY(conn_.query("SELECT id FROM exercise_logs WHERE clinic_id = ? AND live_session_id = ? "
                             "AND not_counted_reason = '' ORDER BY id",
                             {clinic_id, live_session_id}));
  std::vector<std::string> ids;
  for (const auto& r : rs.rows) ids.push_back(r.text(0));
  // Every log of the set says the latest reason (the live analyser's, then the whole-set analysis's).
  PHYSIO_TRY(conn_.query(
      "UPDATE exercise_logs SET not_counted_reason = ? WHERE clinic_id = ? AND live_session_id = ?",
      {why, clinic_id, live_session_id}));
  return ids;
}

Result<std::vector<LiveSession>> Tx::list_live_sessions(std::string_view clinic_id,
                                                        std::string_view patient_id, int limit) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM live_sessions WHERE clinic_id = ? AND patient_id = ? "
                              "ORDER BY created_us DESC, id DESC LIMIT ?",
                              rows::kLiveSessionCols),
                  {clinic_id, patient_id, limit < 1 ? 1 : limit}),
      rows::live_session_from);
}

Status Tx::finish_live_session(const LiveSession& s) {
  return rows::changed_one(
      conn_.query("UPDATE live_sessions SET state = ?, frames = ?, repetitions_live = ?, recording_id = ?, "
                  "result_json = ?, finished_us = ? WHERE clinic_id = ? AND id = ? AND state = 'open'",
                  {s.state, s.frames, s.repetitions_live, s.recording_id, s.result_json, s.finished_us,
                   s.clinic_id, s.id}),
      "open live session", s.id);
}

}  // namespace physio::store
