#include "store/transcripts.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/sql/database.hpp"

namespace physio::store {

namespace {

constexpr const char* kCols =
    "id, clinic_id, patient_id, note_id, kind, section, state, progress, error, attempts, lease_owner, "
    "lease_until_us, audio_path, audio_seconds, audio_delete_after_us, audio_deleted_us, audio_deleted_why, "
    "speakers_known, body, facts, search_text, created_by, created_us, updated_us, version";

TranscriptRow from_row(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .note_id = r.text(3),
          .kind = r.text(4),
          .section = r.text(5),
          .state = r.text(6),
          .progress = r.f64(7),
          .error = r.text(8),
          .attempts = r.i64(9),
          .lease_owner = r.text(10),
          .lease_until_us = r.i64(11),
          .audio_path = r.text(12),
          .audio_seconds = r.f64(13),
          .audio_delete_after_us = r.i64(14),
          .audio_deleted_us = r.i64(15),
          .audio_deleted_why = r.text(16),
          .speakers_known = r.boolean(17),
          .body = r.text(18),
          .facts = r.text(19),
          .search_text = r.text(20),
          .created_by = r.text(21),
          .created_us = r.i64(22),
          .updated_us = r.i64(23),
          .version = r.i64(24)};
}

std::vector<TranscriptRow> all(const sql::QueryResult& rs) {
  std::vector<TranscriptRow> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(from_row(r));
  return out;
}

Status transcript_lease_lost(std::string_view id) {
  return fail(ErrorCode::kInvalidArgument, "transcript {}: lease lost (claimed again, or the audio deleted)",
              id);
}

}  // namespace

Result<TranscriptRow> insert_transcript(Tx& tx, TranscriptRow t) {
  t.id = random_id();
  t.state = "queued";
  t.created_us = t.created_us ? t.created_us : tx.now_us();
  t.updated_us = t.created_us;
  t.version = 1;
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO transcripts (id, clinic_id, patient_id, note_id, kind, section, state, audio_path, "
      "audio_seconds, audio_delete_after_us, created_by, created_us, updated_us, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      {t.id, t.clinic_id, t.patient_id, t.note_id, t.kind, t.section, t.state, t.audio_path, t.audio_seconds,
       t.audio_delete_after_us, t.created_by, t.created_us, t.updated_us}));
  return t;
}

Result<TranscriptRow> insert_uploaded_transcript(Tx& tx, TranscriptRow t) {
  t.id = random_id();
  t.state = "done";
  t.progress = 1;
  t.audio_path.clear();
  t.created_us = t.created_us ? t.created_us : tx.now_us();
  t.updated_us = t.created_us;
  t.audio_deleted_us = t.created_us;
  t.version = 1;
  PHYSIO_TRY(
      tx.connection().query("INSERT INTO transcripts (id, clinic_id, patient_id, note_id, kind, section, "
                            "state, progress, audio_path, "
                            "audio_seconds, audio_delete_after_us, audio_deleted_us, audio_deleted_why, "
                            "speakers_known, body, facts, "
                            "search_text, created_by, created_us, updated_us, version) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                            {t.id,
                             t.clinic_id,
                             t.patient_id,
                             t.note_id,
                             t.kind,
                             t.section,
                             t.state,
                             t.progress,
                             t.audio_path,
                             t.audio_seconds,
                             t.audio_delete_after_us,
                             t.audio_deleted_us,
                             t.audio_deleted_why,
                             t.speakers_known,
                             t.body,
                             t.facts,
                             t.search_text,
                             t.created_by,
                             t.created_us,
                             t.updated_us}));
  return t;
}

Result<TranscriptRow> get_transcript(Tx& tx, std::string_view clinic_id, std::string_view id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM transcripts WHERE clinic_id = ? AND id = ?", kCols), {clinic_id, id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "no transcript {}", id);
  return from_row(rs.rows.front());
}

Result<std::vector<TranscriptRow>> list_note_transcripts(Tx& tx, std::string_view clinic_id,
                                                         std::string_view note_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM transcripts WHERE clinic_id = ? AND note_id = ? ORDER BY created_us, id",
                  kCols),
      {clinic_id, note_id}));
  return all(rs);
}

Result<std::vector<TranscriptRow>> search_patient_transcripts(Tx& tx, std::string_view clinic_id,
                                                              std::string_view patient_id,
                                                              std::string_view query, int limit) {
  std::string sql = fmt::format(
      "SELECT {} FROM transcripts WHERE clinic_id = ? AND patient_id = ? AND state = 'done'", kCols);
  std::vector<sql::Value> params{clinic_id, patient_id};
  // Every word of the query, in lower case, as a substring of the words (LIKE's wildcards escaped).
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string pattern = "%";
    for (char c : word) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    pattern += '%';
    sql += " AND search_text LIKE ? ESCAPE '\\'";
    params.emplace_back(pattern);
    word.clear();
  };
  for (char c : query) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      flush();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  flush();
  sql += " ORDER BY created_us DESC, id LIMIT ?";
  params.emplace_back(std::int64_t{std::max(1, limit)});
  auto rs = PHYSIO_TRY(tx.connection().query(sql, params));
  return all(rs);
}

Result<std::optional<TranscriptRow>> claim_transcript(Tx& tx, std::string_view owner, TimeUs lease_us,
                                                      int max_attempts) {
  const TimeUs now = tx.now_us();
  PHYSIO_TRY(tx.connection().query(
      "UPDATE transcripts SET state = 'failed', lease_owner = '', lease_until_us = 0, updated_us = ?, "
      "error = 'the recognition stopped (the server was restarted during it) and was tried as often as "
      "allowed' "
      "WHERE state = 'recognising' AND lease_until_us < ? AND attempts >= ?",
      {now, now, max_attempts}));
  const std::string sql = fmt::format(
      "UPDATE transcripts SET state = 'recognising', attempts = attempts + 1, lease_owner = ?, "
      "lease_until_us = ?, progress = 0, updated_us = ? "
      "WHERE id = (SELECT id FROM transcripts WHERE (state = 'queued' OR (state = 'recognising' AND "
      "lease_until_us < ?)) AND attempts < ? AND audio_path <> '' ORDER BY created_us, id LIMIT 1{}) "
      "RETURNING {}",
      sql::for_update_skip_locked(tx.dialect()), kCols);
  auto rs = PHYSIO_TRY(tx.connection().query(sql, {owner, now + lease_us, now, now, max_attempts}));
  if (rs.rows.empty()) return std::optional<TranscriptRow>();
  return std::optional<TranscriptRow>(from_row(rs.rows.front()));
}

Status transcript_progress(Tx& tx, std::string_view id, std::string_view owner, double progress,
                           TimeUs lease_us) {
  const TimeUs now = tx.now_us();
  auto rs = PHYSIO_TRY(
      tx.connection().query("UPDATE transcripts SET progress = ?, lease_until_us = ?, updated_us = ? "
                            "WHERE id = ? AND lease_owner = ? AND state = 'recognising'",
                            {std::clamp(progress, 0.0, 1.0), now + lease_us, now, id, owner}));
  if (rs.affected == 0) return transcript_lease_lost(id);
  return ok();
}

Status finish_transcript(Tx& tx, std::string_view id, std::string_view owner, std::string_view body,
                         std::string_view facts, std::string_view search_text, bool speakers_known) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE transcripts SET state = 'done', progress = 1, error = '', lease_owner = '', lease_until_us = "
      "0, "
      "body = ?, facts = ?, search_text = ?, speakers_known = ?, updated_us = ?, version = version + 1 "
      "WHERE id = ? AND lease_owner = ? AND state = 'recognising'",
      {body, facts, search_text, speakers_known, tx.now_us(), id, owner}));
  if (rs.affected == 0) return transcript_lease_lost(id);
  return ok();
}

Status fail_transcript(Tx& tx, std::string_view id, std::string_view owner, std::string_view error) {
  std::string sql =
      "UPDATE transcripts SET state = 'failed', error = ?, lease_owner = '', lease_until_us = 0, "
      "updated_us = ?, version = version + 1 WHERE id = ? AND state IN ('queued', 'recognising')";
  std::vector<sql::Value> params{error, tx.now_us(), id};
  if (!owner.empty()) {
    sql += " AND lease_owner = ?";
    params.emplace_back(owner);
  }
  auto rs = PHYSIO_TRY(tx.connection().query(sql, params));
  if (rs.affected == 0) return transcript_lease_lost(id);
  return ok();
}

Result<TranscriptRow> save_transcript_facts(Tx& tx, const TranscriptRow& row, std::int64_t version) {
  const TimeUs now = tx.now_us();
  auto rs = PHYSIO_TRY(
      tx.connection().query("UPDATE transcripts SET facts = ?, updated_us = ?, version = version + 1 "
                            "WHERE clinic_id = ? AND id = ? AND version = ?",
                            {row.facts, now, row.clinic_id, row.id, version}));
  if (rs.affected == 0)
    return fail(ErrorCode::kInvalidArgument,
                "the suggestions changed since they were read (version {}); reload and decide again",
                version);
  TranscriptRow out = row;
  out.updated_us = now;
  out.version = version + 1;
  return out;
}

Status audio_due_now(Tx& tx, std::string_view clinic_id, std::string_view note_id, std::string_view why) {
  const TimeUs now = tx.now_us();
  PHYSIO_TRY(tx.connection().query(
      "UPDATE transcripts SET audio_delete_after_us = ?, audio_deleted_why = ?, updated_us = ? "
      "WHERE clinic_id = ? AND note_id = ? AND audio_path <> '' AND audio_delete_after_us > ?",
      {now, why, now, clinic_id, note_id, now}));
  return ok();
}

Result<std::vector<TranscriptRow>> due_audio(Tx& tx, TimeUs now, int limit) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM transcripts WHERE audio_path <> '' AND audio_delete_after_us <= ? "
                  "ORDER BY audio_delete_after_us, id LIMIT ?",
                  kCols),
      {now, limit}));
  return all(rs);
}

Result<std::vector<TranscriptRow>> visit_audio_held(Tx& tx, int limit) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM transcripts WHERE audio_path <> '' AND kind = 'visit' "
                  "ORDER BY created_us, id LIMIT ?",
                  kCols),
      {limit}));
  return all(rs);
}

Status mark_audio_deleted(Tx& tx, std::string_view id, std::string_view why, TimeUs now) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE transcripts SET state = CASE WHEN state IN ('queued', 'recognising') THEN 'failed' ELSE state "
      "END, error = CASE WHEN state IN ('queued', 'recognising') THEN ? ELSE error END, lease_owner = '', "
      "lease_until_us = 0, audio_path = '', audio_deleted_us = ?, audio_deleted_why = ?, updated_us = ?, "
      "version = version + 1 WHERE id = ? AND audio_path <> ''",
      {why, now, why, now, id}));
  return ok();
}

Result<std::int64_t> delete_old_transcripts(Tx& tx, TimeUs before_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "DELETE FROM transcripts WHERE created_us < ? AND audio_path = '' AND note_id IN (SELECT id FROM notes "
      "WHERE notes.clinic_id = transcripts.clinic_id AND status <> 'draft') RETURNING id",
      {before_us}));
  return static_cast<std::int64_t>(rs.rows.size());
}

}  // namespace physio::store
