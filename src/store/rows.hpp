#pragma once
/// Internal to the store: column lists and row <-> record mapping shared by the tx_*.cpp files.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "store/sql/value.hpp"

namespace physio::store::rows {

inline constexpr std::string_view kClinicCols = "id, name, created_us, delete_video_after_analysis";
inline constexpr std::string_view kUserCols =
    "id, clinic_id, email, role, display_name, patient_id, password_hash, totp_secret, mfa_required, "
    "failed_logins, locked_until_us, disabled, created_us";
inline constexpr std::string_view kSessionCols =
    "token_hash, user_id, clinic_id, csrf_token, created_us, expires_us, last_seen_us, revoked, client";
inline constexpr std::string_view kPatientCols =
    "id, clinic_id, given_name, family_name, birth_date, sex, mrn, email, phone, language, time_zone, "
    "created_us, updated_us, version, sort_name, preferred_contact, email_ok, height_cm";
inline constexpr std::string_view kEpisodeCols =
    "id, clinic_id, patient_id, status, referral_source, referral_date, icd10_code, condition_text, side, "
    "onset_date, surgery_date, goals, created_us, updated_us";
inline constexpr std::string_view kConsentCols =
    "id, clinic_id, patient_id, kind, status, recorded_by, recorded_us, note, method, text_version";
inline constexpr std::string_view kAppointmentCols =
    "id, clinic_id, patient_id, practitioner_id, start_us, duration_min, status, reason, created_us, "
    "updated_us, room, type_code, cancel_reason, series_id, booked_by, back_entry";
inline constexpr std::string_view kRecordingCols =
    "id, clinic_id, patient_id, episode_id, kind, exercise_id, test, original_name, size_bytes, sha256, "
    "file_path, report_path, result_json, video_deleted, uploaded_by, created_us, side, height_cm";
inline constexpr std::string_view kLiveSessionCols =
    "id, clinic_id, patient_id, exercise_id, side, program_id, started_by, state, frames, repetitions_live, "
    "recording_id, result_json, created_us, finished_us, not_counted_reason";
inline constexpr std::string_view kProgramCols =
    "id, clinic_id, patient_id, title, status, version, program_json, created_by, created_us, updated_us";
inline constexpr std::string_view kProgramVersionCols =
    "program_id, clinic_id, patient_id, version, program_json, by_user, at_us, reason, kind";
inline constexpr std::string_view kExerciseLogCols =
    "id, clinic_id, patient_id, program_id, program_version, exercise_id, done_us, reps_per_set, "
    "pain_during_nprs, rpe, rir, comment, source, live_session_id, mean_quality, severe_cues, rom_deg, "
    "logged_by, created_us, not_counted_reason";
inline constexpr std::string_view kMorningPainCols =
    "id, clinic_id, patient_id, at_us, nprs, recorded_by, created_us";
inline constexpr std::string_view kProposalCols =
    "id, clinic_id, patient_id, program_id, program_version, exercise_id, direction, proposal_json, state, "
    "decided_by, decided_us, decision_reason, created_us";
inline constexpr std::string_view kJobCols =
    "id, clinic_id, patient_id, recording_id, state, attempts, max_attempts, lease_owner, lease_token, "
    "lease_until_us, progress, message, error, created_us, started_us, finished_us";
inline constexpr std::string_view kObservationCols =
    "id, clinic_id, patient_id, recording_id, code_system, code, display, value, unit, method, body_site, "
    "side, effective_us, source, created_us, version, updated_us, recorded_by";
inline constexpr std::string_view kAuditCols =
    "seq, time_us, clinic_id, actor_id, role, action, record_type, record_id, patient_id, client, outcome, "
    "detail, prev_hash, hash";

clinic::Clinic clinic_from(const sql::Row& r);
Result<clinic::User> user_from(const sql::Row& r);
clinic::AuthSession session_from(const sql::Row& r);
clinic::Patient patient_from(const sql::Row& r);
clinic::Episode episode_from(const sql::Row& r);
clinic::Consent consent_from(const sql::Row& r);
clinic::Appointment appointment_from(const sql::Row& r);
clinic::Recording recording_from(const sql::Row& r);
clinic::Job job_from(const sql::Row& r);
clinic::LiveSession live_session_from(const sql::Row& r);
clinic::Observation observation_from(const sql::Row& r);
clinic::HomeProgram program_from(const sql::Row& r);
clinic::ProgramVersion program_version_from(const sql::Row& r);
clinic::ExerciseLog exercise_log_from(const sql::Row& r);
clinic::MorningPainAnswer morning_pain_from(const sql::Row& r);
clinic::ProgressionProposal proposal_from(const sql::Row& r);

/// NULL for an absent number.
inline sql::Value opt_value(const std::optional<double>& v) {
  return v ? sql::Value(*v) : sql::Value(nullptr);
}
/// nullopt for NULL.
inline std::optional<double> opt_f64(const sql::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.f64(i);
}
clinic::AuditEvent audit_from(const sql::Row& r);

/// The single row of `result`, mapped; kNotFound "<what> <id> not found" when there is none.
template <class F>
auto single(Result<sql::QueryResult> result, std::string_view what, std::string_view id, F map)
    -> Result<std::remove_cvref_t<decltype(map(std::declval<const sql::Row&>()))>> {
  if (!result) return std::unexpected(std::move(result).error());
  if (result->rows.empty()) return fail(ErrorCode::kNotFound, "{} {} not found", what, id);
  return map(result->rows.front());
}

/// Every row of `result`, mapped.
template <class F>
auto all(Result<sql::QueryResult> result, F map)
    -> Result<std::vector<std::remove_cvref_t<decltype(map(std::declval<const sql::Row&>()))>>> {
  if (!result) return std::unexpected(std::move(result).error());
  std::vector<std::remove_cvref_t<decltype(map(std::declval<const sql::Row&>()))>> out;
  out.reserve(result->rows.size());
  for (const auto& r : result->rows) out.push_back(map(r));
  return out;
}

/// kNotFound unless the statement changed a row.
inline Status changed_one(Result<sql::QueryResult> result, std::string_view what, std::string_view id) {
  if (!result) return std::unexpected(std::move(result).error());
  if (result->affected == 0) return fail(ErrorCode::kNotFound, "{} {} not found", what, id);
  return ok();
}

/// Lower-cases ASCII letters; other bytes (UTF-8 included) are kept as they are.
std::string ascii_lower(std::string_view s);

/// The LIKE pattern matching `text` anywhere, with \ escaping % _ and \ (use ESCAPE '\').
std::string like_contains(std::string_view text);

}  // namespace physio::store::rows
