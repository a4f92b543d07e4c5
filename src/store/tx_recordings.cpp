// Tx: recordings and the observations measured from them.
#include <cmath>

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Observation;
using clinic::Recording;

Result<Recording> Tx::create_recording(Recording r) {
  r.id = random_id();
  r.created_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO recordings ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kRecordingCols),
      {r.id, r.clinic_id, r.patient_id, r.episode_id, r.kind, r.exercise_id, r.test, r.original_name,
       r.size_bytes, r.sha256, r.file_path, r.report_path, r.result_json, r.video_deleted, r.uploaded_by,
       r.created_us, r.side, r.height_cm}));
  return r;
}

Result<Recording> Tx::get_recording(std::string_view clinic_id, std::string_view id) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM recordings WHERE clinic_id = ? AND id = ?",
                                              rows::kRecordingCols),
                                  {clinic_id, id}),
                      "recording", id, rows::recording_from);
}

Result<std::vector<Recording>> Tx::list_recordings(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM recordings WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY created_us DESC, id DESC",
                                           rows::kRecordingCols),
                               {clinic_id, patient_id}),
                   rows::recording_from);
}

Status Tx::update_recording_result(std::string_view clinic_id, std::string_view id,
                                   std::string_view report_path, std::string_view result_json) {
  return rows::changed_one(
      conn_.query("UPDATE recordings SET report_path = ?, result_json = ? WHERE clinic_id = ? AND id = ?",
                  {report_path, result_json, clinic_id, id}),
      "recording", id);
}

Status Tx::mark_video_deleted(std::string_view clinic_id, std::string_view id) {
  return rows::changed_one(
      conn_.query("UPDATE recordings SET video_deleted = 1 WHERE clinic_id = ? AND id = ?", {clinic_id, id}),
      "recording", id);
}

Result<Observation> Tx::insert_observation(Observation o) {
  if (!std::isfinite(o.value)) {
    return fail(ErrorCode::kInvalidArgument, "observation {}: value must be finite", o.code);
  }
  o.id = random_id();
  o.created_us = now_us();
  o.version = 1;
  o.updated_us = 0;
  PHYSIO_TRY(conn_.query(
      fmt::format(
          "INSERT INTO observations ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          rows::kObservationCols),
      {o.id, o.clinic_id, o.patient_id, o.recording_id, o.code_system, o.code, o.display, o.value, o.unit,
       o.method, o.body_site, o.side, o.effective_us, o.source, o.created_us, o.version, o.updated_us,
       o.recorded_by}));
  return o;
}

Result<Observation> Tx::update_observation(const Observation& o) {
  if (!std::isfinite(o.value)) {
    return fail(ErrorCode::kInvalidArgument, "observation {}: value must be finite", o.code);
  }
  const auto current = PHYSIO_TRY(get_observation(o.clinic_id, o.id));
  // A measurement made from a recording changes only by analysing the recording again; and no
  // observation ever moves to another patient (the update names no patient at all).
  if (current.recording_id || current.recorded_by.empty()) {
    return fail(ErrorCode::kUnsupported,
                "observation {} was measured from a recording; it is not corrected in place", o.id);
  }
  if (o.patient_id != current.patient_id) {
    return fail(ErrorCode::kInvalidArgument, "observation {} belongs to another patient", o.id);
  }
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format("UPDATE observations SET code_system = ?, code = ?, display = ?, value = ?, unit = ?, "
                  "method = ?, body_site = ?, side = ?, effective_us = ?, updated_us = ?, "
                  "version = version + 1 WHERE clinic_id = ? AND id = ? AND version = ? RETURNING {}",
                  rows::kObservationCols),
      {o.code_system, o.code, o.display, o.value, o.unit, o.method, o.body_site, o.side, o.effective_us,
       now_us(), o.clinic_id, o.id, o.version}));
  if (!rs.rows.empty()) return rows::observation_from(rs.rows.front());
  return fail(ErrorCode::kInvalidArgument,
              "observation {} was changed since it was read (version {}, now {})", o.id, o.version,
              current.version);
}

Result<std::vector<Observation>> Tx::list_observations(std::string_view clinic_id,
                                                       std::string_view patient_id,
                                                       const ObservationQuery& q) {
  const int limit = q.limit < 1 ? 1 : q.limit;
  if (q.code) {
    return rows::all(
        conn_.query(fmt::format("SELECT {} FROM observations WHERE clinic_id = ? AND patient_id = ? "
                                "AND code = ? AND effective_us >= ? AND effective_us < ? "
                                "ORDER BY effective_us, id LIMIT ?",
                                rows::kObservationCols),
                    {clinic_id, patient_id, *q.code, q.from_us, q.to_us, limit}),
        rows::observation_from);
  }
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM observations WHERE clinic_id = ? AND patient_id = ? "
                              "AND effective_us >= ? AND effective_us < ? "
                              "ORDER BY effective_us, id LIMIT ?",
                              rows::kObservationCols),
                  {clinic_id, patient_id, q.from_us, q.to_us, limit}),
      rows::observation_from);
}

Result<std::vector<Observation>> Tx::list_observations_for_recording(std::string_view clinic_id,
                                                                     std::string_view recording_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM observations WHERE clinic_id = ? AND recording_id = ? "
                              "ORDER BY effective_us, id",
                              rows::kObservationCols),
                  {clinic_id, recording_id}),
      rows::observation_from);
}

Result<std::vector<ErasureFile>> Tx::delete_recording(std::string_view clinic_id, std::string_view id) {
  const auto rec = PHYSIO_TRY(get_recording(clinic_id, id));
  // Kept as evidence: a live set's recording (its session, count and logs refer to it) and a recording
  // whose analysis a note cites.
  auto live = PHYSIO_TRY(
      conn_.query("SELECT id FROM live_sessions WHERE clinic_id = ? AND recording_id = ?", {clinic_id, id}));
  if (!live.rows.empty())
    return fail(ErrorCode::kInvalidArgument,
                "the recording of a live set is kept with the set; a set the analysis rejected is already "
                "counted nowhere");
  std::vector<std::string> cited{std::string(id)};
  auto obs = PHYSIO_TRY(
      conn_.query("SELECT id FROM observations WHERE clinic_id = ? AND recording_id = ?", {clinic_id, id}));
  for (const auto& r : obs.rows) cited.push_back(r.text(0));
  for (const auto& c : cited) {
    auto notes = PHYSIO_TRY(conn_.query(
        "SELECT COUNT(*) FROM notes WHERE clinic_id = ? AND patient_id = ? AND body LIKE ? ESCAPE '\\'",
        {clinic_id, rec.patient_id, rows::like_contains(c)}));
    if (notes.rows.front().i64(0) > 0)
      return fail(ErrorCode::kInvalidArgument,
                  "a note cites this recording's measures; it is kept as the note's evidence");
  }
  PHYSIO_TRY(conn_.query("DELETE FROM jobs WHERE clinic_id = ? AND recording_id = ?", {clinic_id, id}));
  PHYSIO_TRY(
      conn_.query("DELETE FROM observations WHERE clinic_id = ? AND recording_id = ?", {clinic_id, id}));
  PHYSIO_TRY(conn_.query("DELETE FROM recordings WHERE clinic_id = ? AND id = ?", {clinic_id, id}));
  // The files go after the commit; queued here so that a crash in between still deletes them at start.
  std::vector<std::string> paths;
  if (!rec.file_path.empty() && !rec.video_deleted) paths.push_back("files/" + rec.file_path);
  if (!rec.report_path.empty()) paths.push_back("files/" + rec.report_path);
  std::vector<ErasureFile> files;
  const TimeUs now = now_us();
  for (const auto& f : paths) {
    ErasureFile e{random_id(), std::string(clinic_id), f, now};
    PHYSIO_TRY(conn_.query("INSERT INTO erasure_files (id, clinic_id, path, queued_us) VALUES (?, ?, ?, ?)",
                           {e.id, e.clinic_id, e.path, e.queued_us}));
    files.push_back(std::move(e));
  }
  return files;
}

}  // namespace physio::store
