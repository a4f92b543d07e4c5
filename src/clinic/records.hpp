#pragma once
/// The clinic's records as plain structs: what the store keeps and the handlers pass around.
/// No I/O and no rules here; permissions and validation live beside this file.
///
/// Conventions shared by every record:
///  - ids are TEXT, 128 random bits as 32 lowercase hex digits, assigned by the store on insert;
///  - times are UTC microseconds (`TimeUs`); 0 means "not set" where a time is optional;
///  - calendar dates a person gives (birth, onset, referral) are "YYYY-MM-DD" strings, empty if unknown;
///  - every record that holds patient data carries `clinic_id` (the tenant) and `patient_id`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace physio::clinic {

/// The tenant: one practice.
struct Clinic {
  std::string id{};
  std::string name{};
  TimeUs created_us = 0;
  /// Delete uploaded videos once their analysis is done (keep only landmarks and reports).
  bool delete_video_after_analysis = false;
};

/// What a user does at their clinic.
enum class Role { kAdmin, kPhysiotherapist, kAssistant, kFrontDesk, kPatient };

/// "admin", "physiotherapist", "assistant", "front_desk", "patient".
std::string_view to_string(Role role);
/// The role named by `text` (exact, lower case), or nullopt.
std::optional<Role> role_from_string(std::string_view text);
/// Physiotherapists and assistants: the staff who give care (FHIR Practitioners). The front desk and
/// administrators are staff of the clinic but not practitioners.
bool is_clinician(Role role);

/// A login. Staff and patients alike; a patient's login points at their patient record.
struct User {
  std::string id{};
  std::string clinic_id{};
  std::string email{};  ///< lower-cased by the store; unique over all clinics
  Role role = Role::kPatient;
  std::string display_name{};
  std::optional<std::string> patient_id{};  ///< set for role kPatient
  std::string password_hash{};              ///< Argon2id string (libsodium crypto_pwhash_str)
  std::optional<std::string> totp_secret{};
  bool mfa_required = false;
  std::int64_t failed_logins = 0;
  TimeUs locked_until_us = 0;  ///< 0: not locked
  bool disabled = false;
  TimeUs created_us = 0;
};

/// A signed-in browser. Only a hash of the session token is stored.
struct AuthSession {
  std::string token_hash{};  ///< primary key
  std::string user_id{};
  std::string clinic_id{};
  std::string csrf_token{};
  TimeUs created_us = 0;
  TimeUs expires_us = 0;
  TimeUs last_seen_us = 0;
  bool revoked = false;
  std::string client{};  ///< address and user agent, for the audit trail and "your sessions"
};

/// A person receiving care (FHIR Patient).
struct Patient {
  std::string id{};
  std::string clinic_id{};
  std::string given_name{};
  std::string family_name{};
  std::string birth_date{};  ///< "YYYY-MM-DD"
  std::string sex{};         ///< FHIR administrative gender: "female", "male", "other", "unknown"
  std::string mrn{};         ///< the clinic's own record number
  std::string email{};
  std::string phone{};
  std::string language{};   ///< BCP 47 tag ("en", "pt-BR")
  std::string time_zone{};  ///< IANA name ("Europe/Lisbon"), for anything a person schedules
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
  std::int64_t version = 0;  ///< starts at 1; an update must name the version it read
  /// How the patient prefers to be reached: "" (not said), "app", "email", "phone".
  std::string preferred_contact{};
  /// The patient agreed to e-mails from the clinic (appointment notices, questionnaire requests, the notice
  /// that a message waits); off until they say yes. Exercise reminders keep their own channel setting.
  bool email_ok = false;
  /// Standing height in whole centimetres (kMinHeightCm..kMaxHeightCm), the scale of gait from video;
  /// 0 = not recorded.
  std::int64_t height_cm = 0;
};

/// One course of care for one condition (FHIR EpisodeOfCare + Condition + ServiceRequest).
struct Episode {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string status{};  ///< "planned", "active", "onhold", "finished", "cancelled"
  std::string referral_source{};
  std::string referral_date{};  ///< "YYYY-MM-DD"
  std::string icd10_code{};     ///< ICD-10-CM, e.g. "M17.11"
  std::string condition_text{};
  std::string side{};  ///< "left", "right", "both", ""
  std::string onset_date{};
  std::string surgery_date{};
  std::string goals{};
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
};

/// A consent given or withdrawn (FHIR Consent).
struct Consent {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string kind{};         ///< one of clinic::consent_kinds() ("telehealth", "visit_audio_recording", ...)
  std::string status{};       ///< "given", "withdrawn"
  std::string recorded_by{};  ///< user id
  TimeUs recorded_us = 0;
  std::string note{};
  /// How it was given or withdrawn: "in_person_signed", "in_person_verbal", "phone", "online"; "" for rows
  /// recorded before this was asked.
  std::string method{};
  std::string text_version{};  ///< the version of the consent text the patient was shown ("" = not recorded)
};

/// A booked visit (FHIR Appointment).
struct Appointment {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string practitioner_id{};  ///< user id
  TimeUs start_us = 0;
  std::int64_t duration_min = 0;
  std::string status{};  ///< "booked", "arrived", "fulfilled", "cancelled", "noshow"
  std::string reason{};
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
  std::string room{};           ///< "" = none given
  std::string type_code{};      ///< the clinic's appointment type ("" = none)
  std::string cancel_reason{};  ///< why it was cancelled (or moved away from a time)
  std::string series_id{};      ///< the weekly series it belongs to; "" = a single booking
  std::string booked_by{};      ///< user id; "" for bookings older than the field
  bool back_entry = false;      ///< entered after the fact with a start in the past (audited)
};

/// An uploaded video, landmark file or IMU file and what its analysis produced.
struct Recording {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::optional<std::string> episode_id{};
  std::string kind{};  ///< "video", "landmarks", "imu"
  std::string exercise_id{};
  std::string test{};  ///< the functional test for IMU files ("tug", "sit_to_stand"), else ""
  std::string original_name{};
  std::int64_t size_bytes = 0;
  std::string sha256{};       ///< of the uploaded file, lowercase hex
  std::string file_path{};    ///< relative to the data directory
  std::string report_path{};  ///< relative to the data directory; "" until analysed
  std::string result_json{};  ///< the analysis summary; "" until analysed
  bool video_deleted = false;
  std::string uploaded_by{};  ///< user id
  TimeUs created_us = 0;
  std::string side{};  ///< exercise side given with the recording ("left", "right"); "" = the analysis picks
  /// A walk's scale: the person's height given with the upload, cm; 0 = none given (the analysis then
  /// uses the patient's recorded height).
  std::int64_t height_cm = 0;
};

/// An analysis job for one recording, claimed by workers under a lease.
struct Job {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string recording_id{};
  std::string state{};        ///< "queued", "running", "done", "failed"
  std::int64_t attempts = 0;  ///< claims so far
  std::int64_t max_attempts = 3;
  std::string lease_owner{};  ///< worker name while running
  std::string lease_token{};  ///< fresh random value per claim; proves the lease
  TimeUs lease_until_us = 0;
  double progress = 0.0;  ///< 0..1
  std::string message{};  ///< the worker's latest progress text
  std::string error{};    ///< the last failure
  TimeUs created_us = 0;
  TimeUs started_us = 0;   ///< first claim
  TimeUs finished_us = 0;  ///< done or failed for good
};

/// One live exercise session: landmarks streamed from the patient's device (the video stays there),
/// analysed as they arrive, then the whole set re-analysed and stored as a landmark recording.
struct LiveSession {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string exercise_id{};
  std::string side{};                 ///< "left", "right" or "" (bilateral exercises)
  std::string program_id{};           ///< the home program it belongs to; "" for a practice session
  std::string started_by{};           ///< user id (the patient, or staff supervising)
  std::string state{};                ///< "open", "complete", "interrupted"
  std::int64_t frames = 0;            ///< frames received
  std::int64_t repetitions_live = 0;  ///< complete repetitions shown during the session
  std::int64_t repetitions = -1;  ///< complete repetitions of the stored (whole-set) analysis; -1 until then
  std::string recording_id{};     ///< the stored landmarks and their analysis; "" until stored
  std::string result_json{};      ///< live events, the stored analysis' summary and their differences
  TimeUs created_us = 0;
  TimeUs finished_us = 0;
  /// Why the engine rejected the set when it analysed all of it ("" = accepted or not analysed yet); its
  /// exercise log is then counted nowhere.
  std::string not_counted_reason{};
};

/// A home exercise program (FHIR CarePlan). `program_json` is the current version in the rehab
/// module's JSON (prescriptions with dosage, automatic-step bounds, history); every change is a new
/// version, kept in `ProgramVersion`.
struct HomeProgram {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string title{};
  std::string status{};  ///< "active", "ended"
  std::int64_t version = 1;
  std::string program_json{};
  std::string created_by{};  ///< user id
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
};

/// One version of a program as it was: append-only.
struct ProgramVersion {
  std::string program_id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::int64_t version = 0;
  std::string program_json{};
  std::string by{};  ///< user id; "auto" for an automatic step within the program's bounds
  TimeUs at_us = 0;
  std::string reason{};
  std::string kind{};  ///< "create", "edit", "progression", "auto_progression"
};

/// A patient's report of one exercise session (done by hand or live).
struct ExerciseLog {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string program_id{};          ///< "" for a practice session outside a program
  std::int64_t program_version = 0;  ///< the program version in force when it was done
  std::string exercise_id{};
  TimeUs done_us = 0;
  std::string reps_per_set{};                ///< JSON array of whole numbers, "[10,10,8]"
  std::optional<double> pain_during_nprs{};  ///< 0-10
  std::optional<double> rpe{};               ///< CR-10, 0-10
  std::optional<double> rir{};               ///< repetitions in reserve, 0-10
  std::string comment{};
  std::string source{};  ///< "manual", "live"
  std::string live_session_id{};
  std::optional<double> mean_quality{};  ///< 0-100
  std::int64_t severe_cues = 0;
  std::optional<double> rom_deg{};
  std::string logged_by{};  ///< user id
  TimeUs created_us = 0;
  /// Why the set is counted nowhere (the engine rejected it when it analysed the whole set); "" = counted.
  std::string not_counted_reason{};
};

/// The daily morning pain question.
struct MorningPainAnswer {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  TimeUs at_us = 0;
  double nprs = 0.0;  ///< 0-10
  std::string recorded_by{};
  TimeUs created_us = 0;
};

/// A progression proposal for one prescription and what the physiotherapist decided.
struct ProgressionProposal {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string program_id{};
  std::int64_t program_version = 0;  ///< the version it was made for
  std::string exercise_id{};
  std::string direction{};      ///< "progress", "regress", "hold"
  std::string proposal_json{};  ///< the rehab module's proposal: votes, numbers, dosages
  std::string state{};          ///< "pending", "approved", "edited", "rejected", "auto_applied", "stale"
  std::string decided_by{};
  TimeUs decided_us = 0;
  std::string decision_reason{};
  TimeUs created_us = 0;
};

/// When a patient wants to be reminded to exercise (docs/server/reminders.md).
struct ReminderPreference {
  std::string clinic_id{};
  std::string patient_id{};
  bool enabled = true;
  std::string local_time = "08:00";  ///< "HH:MM" on the patient's own clock
  std::string time_zone{};           ///< IANA name
  bool in_app = true;                ///< channels
  bool email = false;
  std::string updated_by{};
  TimeUs updated_us = 0;
};

/// A SOAP note as stored (docs/server/notes.md): `body` is notes::note_to_json; the other columns repeat
/// what lists and authorization need.
struct NoteRow {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string episode_id{};  ///< "" when none
  std::string author_id{};
  std::string status{};  ///< "draft", "signed", "amended"
  TimeUs window_from_us = 0;
  TimeUs window_to_us = 0;
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
  TimeUs signed_us = 0;  ///< 0 for a draft
  std::int64_t version = 1;
  std::string body{};
};

/// An HL7 message waiting for (or delivered to) the clinic's EHR.
struct Hl7Outgoing {
  std::string id{};
  std::string clinic_id{};
  std::string record_type{};  ///< "note"
  std::string record_id{};
  std::string message_type{};  ///< "MDM^T02"
  std::string control_id{};
  std::string message{};
  TimeUs created_us = 0;
  TimeUs sent_us = 0;  ///< 0 until acknowledged
  std::string ack_code{};
  std::int64_t attempts = 0;
  std::string last_error{};
};

/// A patient's private calendar address for the reminder feed (the token itself is shown once).
struct CalendarFeed {
  std::string token_hash{};  ///< SHA-256 of the token, hex
  std::string clinic_id{};
  std::string patient_id{};
  std::string created_by{};
  TimeUs created_us = 0;
};

/// One reminder sent: at most one per patient and local date (the row is the claim on the day), and the
/// in-app message the patient's page lists.
struct ReminderSent {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string local_date{};  ///< "YYYY-MM-DD" in the patient's zone
  TimeUs occurrence_us = 0;  ///< the chosen local time that day, in UTC
  TimeUs sent_us = 0;        ///< when the day was claimed
  std::string channels{};    ///< "in_app", "email", "in_app,email"
  std::string message{};
  std::string email_status{};  ///< "", "sent", "failed: <reason>", "no address", "e-mail off"
};

/// One filled-in outcome measure: a questionnaire or a performance test (FHIR QuestionnaireResponse, its
/// scores as Observations), docs/server/questionnaires.md.
struct QuestionnaireResponse {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::optional<std::string> episode_id{};
  std::string instrument_id{};       ///< data/measures id ("odi", "tug")
  std::string instrument_version{};  ///< the instrument file's "version" when it was scored
  std::string answers_json{};        ///< JSON array in the published item order; null for a missing item
  /// The scoring engine's output, as `physio measures score` prints it:
  /// {"instrument", "scores": {id: value|null}, "missing": [...], "valid", "reason"}.
  std::string scores_json{};
  bool valid = false;        ///< at least one score computed
  std::string source{};      ///< "patient" (their own page), "staff" (on their behalf), "link"
  std::string entered_by{};  ///< user id; for source "link" the link's id
  std::string link_id{};     ///< the link it came through; "" otherwise
  TimeUs completed_us = 0;   ///< when it was filled in (the score's effective time)
  TimeUs created_us = 0;
};

/// A single-use, expiring link to fill in one instrument without an account. Only the SHA-256 of the
/// token is stored; the token itself is shown once, to the staff member who made the link.
struct QuestionnaireLink {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::optional<std::string> episode_id{};
  std::string instrument_id{};
  std::string token_sha256{};  ///< lowercase hex
  std::string created_by{};    ///< user id
  TimeUs created_us = 0;
  TimeUs expires_us = 0;
  TimeUs used_us = 0;         ///< 0: not used yet
  std::string response_id{};  ///< the response it filled in; "" until used
};

/// The set-up and education that starts a patient's remote therapeutic monitoring (CPT 98975); the
/// 30-day device periods count from its local day (docs/server/rtm.md).
struct RtmSetup {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  TimeUs at_us = 0;
  std::string staff_id{};  ///< who set up and educated
  std::string device{};    ///< device or software and its regulatory status, in words
  std::string note{};
  TimeUs created_us = 0;
};

/// Staff time on a patient's remote monitoring: a manual entry, or a timer (minutes unset while it
/// runs). An interactive communication with the patient or caregiver is an entry marked interactive.
struct RtmTimeEntry {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string staff_id{};
  TimeUs start_us = 0;
  std::optional<std::int64_t> minutes{};  ///< whole minutes; nullopt while a timer runs
  std::string activity{};                 ///< "data_review", "program_change", "communication", ...
  bool interactive = false;               ///< real-time interactive communication
  std::string mode{};                     ///< interactive only: "phone", "video", "in_person"
  std::string note{};
  std::string source{};  ///< "manual", "timer"
  std::string created_by{};
  TimeUs created_us = 0;
};

/// A calendar month of the clinic closed for RTM billing: no new entries, results frozen.
struct RtmMonthLock {
  std::string clinic_id{};
  std::string month{};  ///< "YYYY-MM"
  std::string locked_by{};
  TimeUs locked_us = 0;
};

/// One measured value (FHIR Observation).
struct Observation {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::optional<std::string> recording_id{};
  std::string code_system{};  ///< "http://loinc.org", "urn:physiokit:measure", ...
  std::string code{};
  std::string display{};
  double value = 0.0;
  std::string unit{};  ///< UCUM ("deg", "s", "m/s", "/min")
  std::string method{};
  std::string body_site{};
  std::string side{};
  TimeUs effective_us = 0;
  std::string source{};  ///< what produced it ("pose", "imu", "manual")
  TimeUs created_us = 0;
  std::int64_t version = 1;   ///< 1, then +1 per correction (only entered observations are corrected)
  TimeUs updated_us = 0;      ///< the last correction; 0 when never corrected
  std::string recorded_by{};  ///< the user who entered it; "" for measurements made from a recording
};

/// One entry of the append-only, hash-chained audit trail (FHIR AuditEvent).
/// Empty strings mean "none" (a failed login has no actor id, a settings change no patient).
struct AuditEvent {
  std::int64_t seq = 0;  ///< 1, 2, 3 ... without gaps
  TimeUs time_us = 0;
  std::string clinic_id{};
  std::string actor_id{};
  std::string role{};
  std::string action{};  ///< "read", "create", "update", "delete", "login", "export", ...
  std::string record_type{};
  std::string record_id{};
  std::string patient_id{};
  std::string client{};
  std::string outcome{};  ///< "success", "denied", "failed"
  std::string detail{};
  std::string prev_hash{};  ///< hash of event seq-1 (64 hex digits; zeros before the first)
  std::string hash{};       ///< BLAKE2b-256(prev_hash bytes || canonical(event)), 64 hex digits
};

/// One version of a prediction model a clinic trained (docs/server/risk.md). Its flags are computed but not
/// shown while it is "silent" (until `silent_until_us`); "active" is the version that scores; earlier ones
/// are "retired" and can be activated again (rollback).
struct RiskModelRow {
  std::string id{};
  std::string clinic_id{};
  std::string name{};        ///< "noshow"
  std::int64_t version = 0;  ///< 1, 2, ... per clinic and model
  std::string label{};       ///< the model file's version string ("noshow-2026-11-25-9f3a21c0")
  std::string status{};      ///< "silent", "active", "retired"
  TimeUs trained_us = 0;
  TimeUs silent_until_us = 0;
  std::string model_json{};     ///< predict::model_to_json, with its validation on the later period
  std::string card_markdown{};  ///< the model card generated from the training run
  std::string changed_by{};     ///< the user who last changed its status; "system" for the nightly job
  TimeUs changed_us = 0;
};

/// A risk flag: what a model or a published rule found about an appointment, a program or a patient, and
/// what the clinician decided about it. One row per kind and subject, updated by each scoring.
struct RiskFlagRow {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string kind{};          ///< "noshow", "dropout", "fall", "recovery"
  std::string subject_type{};  ///< "appointment", "program", "patient", "episode"
  std::string subject_id{};
  std::string method{};                 ///< "model" or "rule"
  std::string model{};                  ///< the model's or rule set's name ("noshow", "steadi")
  std::string model_version{};          ///< the model version's label; "" for rules
  std::optional<double> probability{};  ///< calibrated risk, 0-1 (models only)
  std::string level{};                  ///< "high", "moderate", "low"
  double need = 0.0;                    ///< sort key, 0-1: higher first
  std::string body{};                   ///< JSON: summary, reasons, action, basis (risk::flag_body_json)
  std::string
      inputs_hash{};     ///< of the inputs it was computed from: a decision holds while they are unchanged
  std::string status{};  ///< "open", "accepted", "dismissed", "resolved"
  bool shown = true;     ///< false while its model is in its silent period
  std::string decided_by{};
  TimeUs decided_us = 0;
  std::string decision_reason{};
  TimeUs computed_us = 0;
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
};

/// A model's figures for one month of outcomes that arrived after its flags (drift monitoring).
struct RiskDriftRow {
  std::string clinic_id{};
  std::string model{};
  std::string month{};    ///< "2026-10"
  std::string figures{};  ///< JSON: cases, events, auc, brier, observed/expected, input shift, alerts
  bool alert = false;
  TimeUs computed_us = 0;
};

}  // namespace physio::clinic
