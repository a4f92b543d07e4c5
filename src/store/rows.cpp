#include "store/rows.hpp"

namespace physio::store::rows {

clinic::Clinic clinic_from(const sql::Row& r) {
  return {.id = r.text(0),
          .name = r.text(1),
          .created_us = r.i64(2),
          .delete_video_after_analysis = r.boolean(3)};
}

Result<clinic::User> user_from(const sql::Row& r) {
  const auto role = clinic::role_from_string(r.text(3));
  if (!role) return fail(ErrorCode::kCorrupt, "user {} has an unknown role '{}'", r.text(0), r.text(3));
  return clinic::User{.id = r.text(0),
                      .clinic_id = r.text(1),
                      .email = r.text(2),
                      .role = *role,
                      .display_name = r.text(4),
                      .patient_id = r.opt_text(5),
                      .password_hash = r.text(6),
                      .totp_secret = r.opt_text(7),
                      .mfa_required = r.boolean(8),
                      .failed_logins = r.i64(9),
                      .locked_until_us = r.i64(10),
                      .disabled = r.boolean(11),
                      .created_us = r.i64(12)};
}

clinic::AuthSession session_from(const sql::Row& r) {
  return {.token_hash = r.text(0),
          .user_id = r.text(1),
          .clinic_id = r.text(2),
          .csrf_token = r.text(3),
          .created_us = r.i64(4),
          .expires_us = r.i64(5),
          .last_seen_us = r.i64(6),
          .revoked = r.boolean(7),
          .client = r.text(8)};
}

clinic::Patient patient_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .given_name = r.text(2),
          .family_name = r.text(3),
          .birth_date = r.text(4),
          .sex = r.text(5),
          .mrn = r.text(6),
          .email = r.text(7),
          .phone = r.text(8),
          .language = r.text(9),
          .time_zone = r.text(10),
          .created_us = r.i64(11),
          .updated_us = r.i64(12),
          .version = r.i64(13),
          .preferred_contact = r.text(15),
          .email_ok = r.i64(16) != 0,
          .height_cm = r.i64(17)};
}

clinic::Episode episode_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .status = r.text(3),
          .referral_source = r.text(4),
          .referral_date = r.text(5),
          .icd10_code = r.text(6),
          .condition_text = r.text(7),
          .side = r.text(8),
          .onset_date = r.text(9),
          .surgery_date = r.text(10),
          .goals = r.text(11),
          .created_us = r.i64(12),
          .updated_us = r.i64(13)};
}

clinic::Consent consent_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .kind = r.text(3),
          .status = r.text(4),
          .recorded_by = r.text(5),
          .recorded_us = r.i64(6),
          .note = r.text(7),
          .method = r.text(8),
          .text_version = r.text(9)};
}

clinic::Appointment appointment_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .practitioner_id = r.text(3),
          .start_us = r.i64(4),
          .duration_min = r.i64(5),
          .status = r.text(6),
          .reason = r.text(7),
          .created_us = r.i64(8),
          .updated_us = r.i64(9),
          .room = r.text(10),
          .type_code = r.text(11),
          .cancel_reason = r.text(12),
          .series_id = r.text(13),
          .booked_by = r.text(14),
          .back_entry = r.i64(15) != 0};
}

clinic::Recording recording_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .episode_id = r.opt_text(3),
          .kind = r.text(4),
          .exercise_id = r.text(5),
          .test = r.text(6),
          .original_name = r.text(7),
          .size_bytes = r.i64(8),
          .sha256 = r.text(9),
          .file_path = r.text(10),
          .report_path = r.text(11),
          .result_json = r.text(12),
          .video_deleted = r.boolean(13),
          .uploaded_by = r.text(14),
          .created_us = r.i64(15),
          .side = r.text(16),
          .height_cm = r.i64(17)};
}

clinic::LiveSession live_session_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .exercise_id = r.text(3),
          .side = r.text(4),
          .program_id = r.text(5),
          .started_by = r.text(6),
          .state = r.text(7),
          .frames = r.i64(8),
          .repetitions_live = r.i64(9),
          .recording_id = r.text(10),
          .result_json = r.text(11),
          .created_us = r.i64(12),
          .finished_us = r.i64(13),
          .not_counted_reason = r.text(14)};
}

clinic::Job job_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .recording_id = r.text(3),
          .state = r.text(4),
          .attempts = r.i64(5),
          .max_attempts = r.i64(6),
          .lease_owner = r.text(7),
          .lease_token = r.text(8),
          .lease_until_us = r.i64(9),
          .progress = r.f64(10),
          .message = r.text(11),
          .error = r.text(12),
          .created_us = r.i64(13),
          .started_us = r.i64(14),
          .finished_us = r.i64(15)};
}

clinic::Observation observation_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .recording_id = r.opt_text(3),
          .code_system = r.text(4),
          .code = r.text(5),
          .display = r.text(6),
          .value = r.f64(7),
          .unit = r.text(8),
          .method = r.text(9),
          .body_site = r.text(10),
          .side = r.text(11),
          .effective_us = r.i64(12),
          .source = r.text(13),
          .created_us = r.i64(14),
          .version = r.i64(15),
          .updated_us = r.i64(16),
          .recorded_by = r.text(17)};
}

clinic::HomeProgram program_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .title = r.text(3),
          .status = r.text(4),
          .version = r.i64(5),
          .program_json = r.text(6),
          .created_by = r.text(7),
          .created_us = r.i64(8),
          .updated_us = r.i64(9)};
}

clinic::ProgramVersion program_version_from(const sql::Row& r) {
  return {.program_id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .version = r.i64(3),
          .program_json = r.text(4),
          .by = r.text(5),
          .at_us = r.i64(6),
          .reason = r.text(7),
          .kind = r.text(8)};
}

clinic::ExerciseLog exercise_log_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .program_id = r.text(3),
          .program_version = r.i64(4),
          .exercise_id = r.text(5),
          .done_us = r.i64(6),
          .reps_per_set = r.text(7),
          .pain_during_nprs = opt_f64(r, 8),
          .rpe = opt_f64(r, 9),
          .rir = opt_f64(r, 10),
          .comment = r.text(11),
          .source = r.text(12),
          .live_session_id = r.text(13),
          .mean_quality = opt_f64(r, 14),
          .severe_cues = r.i64(15),
          .rom_deg = opt_f64(r, 16),
          .logged_by = r.text(17),
          .created_us = r.i64(18),
          .not_counted_reason = r.text(19)};
}

clinic::MorningPainAnswer morning_pain_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .at_us = r.i64(3),
          .nprs = r.f64(4),
          .recorded_by = r.text(5),
          .created_us = r.i64(6)};
}

clinic::ProgressionProposal proposal_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .program_id = r.text(3),
          .program_version = r.i64(4),
          .exercise_id = r.text(5),
          .direction = r.text(6),
          .proposal_json = r.text(7),
          .state = r.text(8),
          .decided_by = r.text(9),
          .decided_us = r.i64(10),
          .decision_reason = r.text(11),
          .created_us = r.i64(12)};
}

clinic::AuditEvent audit_from(const sql::Row& r) {
  return {.seq = r.i64(0),
          .time_us = r.i64(1),
          .clinic_id = r.text(2),
          .actor_id = r.text(3),
          .role = r.text(4),
          .action = r.text(5),
          .record_type = r.text(6),
          .record_id = r.text(7),
          .patient_id = r.text(8),
          .client = r.text(9),
          .outcome = r.text(10),
          .detail = r.text(11),
          .prev_hash = r.text(12),
          .hash = r.text(13)};
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace physio::store::rows
