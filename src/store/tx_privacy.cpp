// Tx: privacy rights (docs/server/privacy.md): restriction of processing, erasure with its tombstone, and the
// files an erasure leaves to delete after its commit.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/tx.hpp"

namespace physio::store {

std::string erasure_mrn_hash(std::string_view clinic_id, std::string_view mrn) {
  if (mrn.empty()) return "";
  return blake2b_hex(fmt::format("{}|{}", clinic_id, mrn));
}

namespace {

constexpr std::string_view kTombstoneCols = "clinic_id, patient_id, erased_us, erased_by, reason, mrn_hash";

PatientTombstone tombstone_from(const sql::Row& r) {
  return PatientTombstone{.clinic_id = r.text(0),
                          .patient_id = r.text(1),
                          .erased_us = r.i64(2),
                          .erased_by = r.text(3),
                          .reason = r.text(4),
                          .mrn_hash = r.text(5)};
}

}  // namespace

Result<std::optional<PatientRestriction>> Tx::get_restriction(std::string_view clinic_id,
                                                              std::string_view patient_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      "SELECT clinic_id, patient_id, restricted_by, restricted_us, reason FROM patient_restrictions "
      "WHERE clinic_id = ? AND patient_id = ?",
      {clinic_id, patient_id}));
  if (rs.rows.empty()) return std::optional<PatientRestriction>{};
  const auto& r = rs.rows.front();
  return std::optional<PatientRestriction>{PatientRestriction{.clinic_id = r.text(0),
                                                              .patient_id = r.text(1),
                                                              .restricted_by = r.text(2),
                                                              .restricted_us = r.i64(3),
                                                              .reason = r.text(4)}};
}

Result<PatientRestriction> Tx::put_restriction(const PatientRestriction& restriction) {
  PatientRestriction r = restriction;
  if (r.restricted_us == 0) r.restricted_us = now_us();
  auto known = PHYSIO_TRY(
      conn_.query("SELECT id FROM patients WHERE clinic_id = ? AND id = ?", {r.clinic_id, r.patient_id}));
  if (known.rows.empty()) return fail(ErrorCode::kNotFound, "patient {} not found", r.patient_id);
  PHYSIO_TRY(conn_.query(
      "INSERT INTO patient_restrictions (clinic_id, patient_id, restricted_by, restricted_us, reason) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (clinic_id, patient_id) DO UPDATE SET restricted_by = "
      "excluded.restricted_by, restricted_us = excluded.restricted_us, reason = excluded.reason",
      {r.clinic_id, r.patient_id, r.restricted_by, r.restricted_us, r.reason}));
  return r;
}

Result<bool> Tx::lift_restriction(std::string_view clinic_id, std::string_view patient_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      "DELETE FROM patient_restrictions WHERE clinic_id = ? AND patient_id = ? RETURNING patient_id",
      {clinic_id, patient_id}));
  return !rs.rows.empty();
}

Result<std::optional<PatientTombstone>> Tx::get_tombstone(std::string_view clinic_id,
                                                          std::string_view patient_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format("SELECT {} FROM patient_tombstones WHERE clinic_id = ? AND patient_id = ?", kTombstoneCols),
      {clinic_id, patient_id}));
  if (rs.rows.empty()) return std::optional<PatientTombstone>{};
  return std::optional<PatientTombstone>{tombstone_from(rs.rows.front())};
}

Result<std::optional<PatientTombstone>> Tx::find_tombstone_by_mrn(std::string_view clinic_id,
                                                                  std::string_view mrn) {
  if (mrn.empty()) return std::optional<PatientTombstone>{};
  auto rs = PHYSIO_TRY(
      conn_.query(fmt::format("SELECT {} FROM patient_tombstones WHERE clinic_id = ? AND mrn_hash = ? "
                              "ORDER BY erased_us DESC LIMIT 1",
                              kTombstoneCols),
                  {clinic_id, erasure_mrn_hash(clinic_id, mrn)}));
  if (rs.rows.empty()) return std::optional<PatientTombstone>{};
  return std::optional<PatientTombstone>{tombstone_from(rs.rows.front())};
}

Result<TimeUs> Tx::last_clinical_activity_us(std::string_view clinic_id, std::string_view patient_id) {
  // Each source's latest time; appointments count once they have started and were not cancelled.
  static const std::pair<std::string_view, std::string_view> kSources[] = {
      {"recordings", "created_us"},
      {"observations", "effective_us"},
      {"episodes", "created_us"},
      {"program_versions", "at_us"},
      {"exercise_logs", "done_us"},
      {"morning_pain", "at_us"},
      {"questionnaire_responses", "completed_us"},
      {"live_sessions", "created_us"},
      {"rtm_time_entries", "start_us"},
      {"notes", "created_us"},
      {"messages", "created_us"}};
  TimeUs latest = 0;
  for (const auto& [table, column] : kSources) {
    auto rs = PHYSIO_TRY(
        conn_.query(fmt::format("SELECT COALESCE(MAX({}), 0) FROM {} WHERE clinic_id = ? AND patient_id = ?",
                                column, table),
                    {clinic_id, patient_id}));
    if (!rs.rows.empty() && !rs.rows.front().is_null(0)) latest = std::max(latest, rs.rows.front().i64(0));
  }
  auto rs = PHYSIO_TRY(conn_.query(
      "SELECT COALESCE(MAX(start_us), 0) FROM appointments WHERE clinic_id = ? AND patient_id = ? AND "
      "start_us <= ? AND status <> 'cancelled'",
      {clinic_id, patient_id, now_us()}));
  if (!rs.rows.empty() && !rs.rows.front().is_null(0)) latest = std::max(latest, rs.rows.front().i64(0));
  return latest;
}

Result<std::string> Tx::erasure_blocker(std::string_view clinic_id, std::string_view patient_id) {
  auto jobs =
      PHYSIO_TRY(conn_.query("SELECT id FROM jobs WHERE clinic_id = ? AND patient_id = ? AND state = "
                             "'running' AND lease_until_us >= ? "
                             "LIMIT 1",
                             {clinic_id, patient_id, now_us()}));
  if (!jobs.rows.empty())
    return fmt::format(
        "an analysis of one of the patient's recordings is running (job {}); try again when it ends",
        jobs.rows.front().text(0));
  auto speech = PHYSIO_TRY(conn_.query(
      "SELECT id FROM transcripts WHERE clinic_id = ? AND patient_id = ? AND state = 'recognising' AND "
      "lease_until_us >= ? LIMIT 1",
      {clinic_id, patient_id, now_us()}));
  if (!speech.rows.empty())
    return fmt::format("a visit recording of the patient is being recognised ({}); try again when it ends",
                       speech.rows.front().text(0));
  auto live = PHYSIO_TRY(conn_.query(
      "SELECT id FROM live_sessions WHERE clinic_id = ? AND patient_id = ? AND state = 'open' LIMIT 1",
      {clinic_id, patient_id}));
  if (!live.rows.empty())
    return fmt::format("the patient's live session {} is open; end it first", live.rows.front().text(0));
  return std::string();
}

Result<ErasureResult> Tx::erase_patient(const PatientTombstone& tombstone) {
  ErasureResult out;
  out.tombstone = tombstone;
  if (out.tombstone.erased_us == 0) out.tombstone.erased_us = now_us();
  const std::string clinic = tombstone.clinic_id;
  const std::string patient = tombstone.patient_id;
  auto row =
      PHYSIO_TRY(conn_.query("SELECT mrn FROM patients WHERE clinic_id = ? AND id = ?", {clinic, patient}));
  if (row.rows.empty()) return fail(ErrorCode::kNotFound, "patient {} not found", patient);
  if (PHYSIO_TRY(get_tombstone(clinic, patient)))
    return fail(ErrorCode::kInvalidArgument, "patient {} was erased already", patient);
  out.tombstone.mrn_hash = erasure_mrn_hash(clinic, row.rows.front().text(0));

  // The files, named before their rows go: uploads, reports, each recording's folder (landmarks of a
  // video), and the frames a live session spilled to disk.
  auto recs = PHYSIO_TRY(
      conn_.query("SELECT id, file_path, report_path FROM recordings WHERE clinic_id = ? AND patient_id = ?",
                  {clinic, patient}));
  for (const auto& r : recs.rows) {
    if (!r.text(1).empty()) out.files.push_back("files/" + r.text(1));
    if (!r.text(2).empty()) out.files.push_back("files/" + r.text(2));
    out.files.push_back(fmt::format("files/{}/{}", clinic, r.text(0)));
  }
  // Visit recordings and dictations still held (docs/server/visit-capture.md).
  auto audio = PHYSIO_TRY(conn_.query(
      "SELECT audio_path FROM transcripts WHERE clinic_id = ? AND patient_id = ? AND audio_path <> ''",
      {clinic, patient}));
  for (const auto& r : audio.rows) out.files.push_back("files/" + r.text(0));
  auto live = PHYSIO_TRY(
      conn_.query("SELECT id FROM live_sessions WHERE clinic_id = ? AND patient_id = ?", {clinic, patient}));
  for (const auto& r : live.rows) out.files.push_back(fmt::format("tmp/live/{}.frames", r.text(0)));

  // The HL7 messages of the patient's notes and recordings (MDM^T02/T06 and ORU^R01 carry the name), sent
  // or waiting.
  {
    auto rs =
        PHYSIO_TRY(conn_.query("DELETE FROM hl7_outbox WHERE clinic_id = ? AND (record_id IN (SELECT id FROM "
                               "notes WHERE clinic_id = ? "
                               "AND patient_id = ?) OR record_id IN (SELECT id FROM recordings WHERE "
                               "clinic_id = ? AND patient_id = ?)) "
                               "RETURNING id",
                               {clinic, clinic, patient, clinic, patient}));
    out.rows_deleted.emplace_back("hl7_outbox", static_cast<std::int64_t>(rs.rows.size()));
  }
  // The appointment e-mails' claims name the appointments (no patient column): gone with them.
  {
    auto rs =
        PHYSIO_TRY(conn_.query("DELETE FROM appointment_notices WHERE clinic_id = ? AND appointment_id IN "
                               "(SELECT id FROM appointments "
                               "WHERE clinic_id = ? AND patient_id = ?) RETURNING appointment_id",
                               {clinic, clinic, patient}));
    out.rows_deleted.emplace_back("appointment_notices", static_cast<std::int64_t>(rs.rows.size()));
  }
  // Children before parents: jobs and observations name recordings; recordings, questionnaires and links
  // name episodes; versions, logs and proposals name programs.
  static const std::string_view kTables[] = {"risk_flags",
                                             "jobs",
                                             "observations",
                                             "proposals",
                                             "exercise_logs",
                                             "morning_pain",
                                             "program_versions",
                                             "programs",
                                             "live_sessions",
                                             "recordings",
                                             "questionnaire_responses",
                                             "questionnaire_sends",
                                             "questionnaire_schedules",
                                             "questionnaire_links",
                                             "reminder_settings",
                                             "reminders_sent",
                                             "calendar_feeds",
                                             "waitlist_offers",
                                             "appointment_series",
                                             "appointments",
                                             "waiting_list",
                                             "episodes",
                                             "rtm_time_entries",
                                             "rtm_setups",
                                             "notes",
                                             "messages",
                                             "caseload_acks",
                                             "transcripts",
                                             "patient_restrictions",
                                             "patient_registration",
                                             "patient_versions"};
  for (const auto table : kTables) {
    auto rs = PHYSIO_TRY(conn_.query(
        fmt::format("DELETE FROM {} WHERE clinic_id = ? AND patient_id = ? RETURNING patient_id", table),
        {clinic, patient}));
    out.rows_deleted.emplace_back(std::string(table), static_cast<std::int64_t>(rs.rows.size()));
  }

  // The patient row stays (consents, locked RTM months, logins and the audit trail refer to it) without
  // anything that identifies the person; language and time zone stay to read the kept billing months.
  PHYSIO_TRY(conn_.query(
      "UPDATE patients SET given_name = '', family_name = '', birth_date = '', sex = '', mrn = "
      "'', email = '', "
      "phone = '', preferred_contact = '', email_ok = 0, height_cm = 0, sort_name = '', search_text = '', "
      "updated_us = ?, version = version + 1 "
      "WHERE clinic_id = ? AND id = ?",
      {out.tombstone.erased_us, clinic, patient}));
  // Their login: disabled, signed out, its e-mail address replaced by one that cannot receive mail.
  PHYSIO_TRY(
      conn_.query("DELETE FROM auth_sessions WHERE user_id IN (SELECT id FROM users WHERE clinic_id = ? AND "
                  "patient_id = ?)",
                  {clinic, patient}));
  PHYSIO_TRY(conn_.query(
      "UPDATE users SET email = 'erased-' || id || '@erased.invalid', display_name = '', password_hash = '', "
      "totp_secret = NULL, disabled = 1 WHERE clinic_id = ? AND patient_id = ?",
      {clinic, patient}));

  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO patient_tombstones ({}) VALUES (?, ?, ?, ?, ?, ?)", kTombstoneCols),
      {clinic, patient, out.tombstone.erased_us, out.tombstone.erased_by, out.tombstone.reason,
       out.tombstone.mrn_hash}));
  for (const auto& path : out.files)
    PHYSIO_TRY(conn_.query("INSERT INTO erasure_files (id, clinic_id, path, queued_us) VALUES (?, ?, ?, ?)",
                           {random_id(), clinic, path, out.tombstone.erased_us}));
  return out;
}

Result<std::vector<ErasureFile>> Tx::list_pending_erasure_files(int limit) {
  auto rs =
      PHYSIO_TRY(conn_.query("SELECT id, clinic_id, path, queued_us FROM erasure_files WHERE done_us = 0 "
                             "ORDER BY queued_us, id LIMIT ?",
                             {std::int64_t{std::max(1, limit)}}));
  std::vector<ErasureFile> out;
  for (const auto& r : rs.rows)
    out.push_back(
        ErasureFile{.id = r.text(0), .clinic_id = r.text(1), .path = r.text(2), .queued_us = r.i64(3)});
  return out;
}

Status Tx::mark_erasure_file_done(std::string_view id) {
  auto rs = PHYSIO_TRY(
      conn_.query("UPDATE erasure_files SET done_us = ? WHERE id = ? RETURNING id", {now_us(), id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "erasure file {} not found", id);
  return ok();
}

}  // namespace physio::store
