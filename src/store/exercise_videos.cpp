#include "store/exercise_videos.hpp"

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/sql/value.hpp"

namespace physio::store {
namespace {

constexpr const char* kColumns =
    "clinic_id, exercise_id, file_path, media_type, size_bytes, sha256, uploaded_by, uploaded_us";

ExerciseVideoRow row_of(const sql::Row& r) {
  return {.clinic_id = r.text(0),
          .exercise_id = r.text(1),
          .file_path = r.text(2),
          .media_type = r.text(3),
          .size_bytes = r.i64(4),
          .sha256 = r.text(5),
          .uploaded_by = r.text(6),
          .uploaded_us = r.i64(7)};
}

Result<ErasureFile> queue_file(Tx& tx, std::string_view clinic_id, const std::string& rel, TimeUs now) {
  ErasureFile e{random_id(), std::string(clinic_id), "files/" + rel, now};
  PHYSIO_TRY(
      tx.connection().query("INSERT INTO erasure_files (id, clinic_id, path, queued_us) VALUES (?, ?, ?, ?)",
                            {e.id, e.clinic_id, e.path, e.queued_us}));
  return e;
}

}  // namespace

Result<std::optional<ExerciseVideoRow>> get_exercise_video(Tx& tx, std::string_view clinic_id,
                                                           std::string_view exercise_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM exercise_videos WHERE clinic_id = ? AND exercise_id = ?", kColumns),
      {clinic_id, exercise_id}));
  if (rs.rows.empty()) return std::optional<ExerciseVideoRow>{};
  return std::optional<ExerciseVideoRow>{row_of(rs.rows.front())};
}

Result<std::vector<ExerciseVideoRow>> list_exercise_videos(Tx& tx, std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM exercise_videos WHERE clinic_id = ? ORDER BY exercise_id", kColumns),
      {clinic_id}));
  std::vector<ExerciseVideoRow> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(row_of(r));
  return out;
}

Result<std::optional<ErasureFile>> put_exercise_video(Tx& tx, const ExerciseVideoRow& v) {
  auto old = PHYSIO_TRY(get_exercise_video(tx, v.clinic_id, v.exercise_id));
  std::optional<ErasureFile> queued;
  if (old) {
    PHYSIO_TRY(tx.connection().query("DELETE FROM exercise_videos WHERE clinic_id = ? AND exercise_id = ?",
                                     {v.clinic_id, v.exercise_id}));
    if (old->file_path != v.file_path)
      queued = PHYSIO_TRY(queue_file(tx, v.clinic_id, old->file_path, v.uploaded_us));
  }
  PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO exercise_videos ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kColumns),
      {v.clinic_id, v.exercise_id, v.file_path, v.media_type, v.size_bytes, v.sha256, v.uploaded_by,
       v.uploaded_us}));
  return queued;
}

Result<std::optional<ErasureFile>> delete_exercise_video(Tx& tx, std::string_view clinic_id,
                                                         std::string_view exercise_id, TimeUs now_us) {
  auto old = PHYSIO_TRY(get_exercise_video(tx, clinic_id, exercise_id));
  if (!old) return std::optional<ErasureFile>{};
  PHYSIO_TRY(tx.connection().query("DELETE FROM exercise_videos WHERE clinic_id = ? AND exercise_id = ?",
                                   {clinic_id, exercise_id}));
  return std::optional<ErasureFile>{PHYSIO_TRY(queue_file(tx, clinic_id, old->file_path, now_us))};
}

}  // namespace physio::store
