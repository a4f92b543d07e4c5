#pragma once
/// Typed operations inside one transaction. A Tx comes from `Store::write` or `Store::read` and
/// lives only for that call; every operation returns a Result and touches nothing outside the
/// transaction, so an error returned from the callback rolls all of it back.
///
/// Rules every operation follows:
///  - ids (32 hex digits) and created/updated times are assigned here on insert;
///  - every read of patient data filters by clinic_id as well as the id: a record of another clinic
///    is kNotFound, exactly like a record that does not exist;
///  - an update or lookup that matches nothing is kNotFound;
///  - a constraint violation (duplicate email, unknown patient) is kInvalidArgument.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sql/connection.hpp"

namespace physio::store {

/// One page of a keyset-paged list. `next_cursor` is empty on the last page.
template <class T>
struct Page {
  std::vector<T> items{};
  std::string next_cursor{};
};

/// Patients ordered by family name, given name, id.
struct PatientQuery {
  std::string search{};  ///< matched (case-insensitively for ASCII) inside given name, family name or MRN
  std::string cursor{};  ///< "" for the first page, else a `next_cursor` from the same query
  int limit = 50;        ///< 1..500
};

struct ObservationQuery {
  std::optional<std::string> code{};                    ///< only this code
  TimeUs from_us = std::numeric_limits<TimeUs>::min();  ///< effective_us >= from_us
  TimeUs to_us = std::numeric_limits<TimeUs>::max();    ///< effective_us < to_us
  int limit = 10000;
};

/// An audit event as the caller describes it; seq and hashes are assigned by `append_audit`.
struct AuditEventInput {
  TimeUs time_us = 0;  ///< 0: the store's clock
  std::string clinic_id{};
  std::string actor_id{};
  std::string role{};
  std::string action{};
  std::string record_type{};
  std::string record_id{};
  std::string patient_id{};
  std::string client{};
  std::string outcome = "success";
  std::string detail{};
};

/// One accepted HL7 v2 message (docs/server/hl7.md).
struct Hl7Inbound {
  std::string clinic_id{};
  std::string sender{};  ///< MSH-3^MSH-4 as received
  std::string control_id{};
  std::string message_type{};  ///< "ADT^A04"
  TimeUs received_us = 0;      ///< 0: the store's clock
  std::string message_sha256{};
  std::string record_type{};  ///< what it changed: "patient", "appointment"
  std::string record_id{};
};

/// A restriction of processing (GDPR art. 18) on one patient (docs/server/privacy.md).
struct PatientRestriction {
  std::string clinic_id{};
  std::string patient_id{};
  std::string restricted_by{};  ///< user id
  TimeUs restricted_us = 0;     ///< 0: the store's clock
  std::string reason{};
};

/// An erased patient (GDPR art. 17): the patient row stays with its identifying fields emptied.
struct PatientTombstone {
  std::string clinic_id{};
  std::string patient_id{};
  TimeUs erased_us = 0;  ///< 0: the store's clock
  std::string erased_by{};
  std::string reason{};
  std::string mrn_hash{};  ///< erasure_mrn_hash(clinic, mrn) of the record number it had ("" when none)
};

/// What `erase_patient` removed: rows per table and the files queued for deletion after commit.
struct ErasureResult {
  PatientTombstone tombstone{};
  std::vector<std::pair<std::string, std::int64_t>> rows_deleted{};  ///< table, rows
  std::vector<std::string> files{};                                  ///< paths relative to the data folder
};

/// A file of an erased record still to delete (path relative to the data folder).
struct ErasureFile {
  std::string id{};
  std::string clinic_id{};
  std::string path{};
  TimeUs queued_us = 0;
};

/// The hash under which an erased patient's record number is kept (BLAKE2b of "clinic_id|mrn").
std::string erasure_mrn_hash(std::string_view clinic_id, std::string_view mrn);

/// Which risk flags to list; every field narrows.
struct RiskFlagQuery {
  std::optional<std::string> patient_id{};
  std::optional<std::string> kind{};
  std::optional<std::string> subject_id{};
  std::vector<std::string> statuses{};  ///< empty: every status
  bool shown_only = false;              ///< leave out flags of a model in its silent period
  int limit = 2000;
};

/// Audit events newest first.
struct AuditQuery {
  std::optional<std::string> patient_id{};  ///< only events about this patient ("who opened this record")
  std::string cursor{};
  int limit = 100;  ///< 1..1000
  /// Leaves out the events whose action starts with `exclude_prefix` and ends in ".<verb>" for one of
  /// `exclude_verbs` ("fhir." with "read", "search", ...: the FHIR API's own reads, which a patient's
  /// $everything leaves out). Nothing is left out while either is empty.
  std::string exclude_prefix{};
  std::vector<std::string> exclude_verbs{};
};

class Tx {
 public:
  /// Made by Store; `clock` gives the current UTC time in microseconds.
  Tx(sql::Connection& conn, const std::function<TimeUs()>& clock) : conn_(conn), clock_(clock) {}

  sql::Dialect dialect() const { return conn_.dialect(); }
  TimeUs now_us() const { return clock_(); }
  /// The transaction's connection, for statements this interface does not cover (tools, tests).
  sql::Connection& connection() { return conn_; }

  // Clinics.
  Result<clinic::Clinic> create_clinic(clinic::Clinic clinic);
  Result<clinic::Clinic> get_clinic(std::string_view id);
  /// Writes name and delete_video_after_analysis.
  Result<clinic::Clinic> update_clinic_settings(const clinic::Clinic& clinic);

  // Users. Emails are stored and looked up lower-cased; they are unique over all clinics.
  Result<clinic::User> create_user(clinic::User user);
  Result<clinic::User> get_user(std::string_view id);
  Result<clinic::User> get_user_by_email(std::string_view email);
  Result<std::vector<clinic::User>> list_users(std::string_view clinic_id);
  Status update_password(std::string_view user_id, std::string_view password_hash);
  Status set_totp(std::string_view user_id, const std::optional<std::string>& secret, bool mfa_required);
  /// Adds one failed login; returns the new count.
  Result<std::int64_t> record_failed_login(std::string_view user_id);
  /// Failed logins back to 0 and the lock lifted.
  Status reset_failures(std::string_view user_id);
  Status set_locked(std::string_view user_id, TimeUs until_us);
  Status set_disabled(std::string_view user_id, bool disabled);

  // Auth sessions, keyed by the hash of the session token.
  Status create_session(const clinic::AuthSession& session);
  Result<clinic::AuthSession> get_session(std::string_view token_hash);
  Status touch_session(std::string_view token_hash, TimeUs last_seen_us, TimeUs expires_us);
  Status revoke_session(std::string_view token_hash);
  /// Returns how many sessions were revoked.
  Result<std::int64_t> revoke_sessions_for_user(std::string_view user_id);
  /// Deletes sessions that expired before `now_us`; returns how many.
  Result<std::int64_t> delete_expired_sessions(TimeUs now_us);

  // Patients. `version` starts at 1 and goes up by one with each update.
  Result<clinic::Patient> create_patient(clinic::Patient patient);
  Result<clinic::Patient> get_patient(std::string_view clinic_id, std::string_view id);
  /// Writes every field; `patient.version` must be the version read (else kInvalidArgument "changed
  /// since it was read"). Returns the stored record with the new version.
  Result<clinic::Patient> update_patient(const clinic::Patient& patient);
  /// The versions of a patient's demographics before the current one, newest first (each update keeps
  /// the row it replaces; migration 0023).
  Result<std::vector<clinic::Patient>> list_patient_versions(std::string_view clinic_id, std::string_view id);
  Result<Page<clinic::Patient>> list_patients(std::string_view clinic_id, const PatientQuery& query);
  Result<std::int64_t> count_patients(std::string_view clinic_id, std::string_view search = {});
  /// Patients of the clinic (not erased) who share a birth date with `p` (or the date with day and month
  /// swapped), its record number, e-mail address (case ignored) or phone number as written: the
  /// candidates clinic::possible_duplicates weighs. At most 200.
  Result<std::vector<clinic::Patient>> patients_like(std::string_view clinic_id, const clinic::Patient& p);

  // Episodes of care, oldest first in lists.
  Result<clinic::Episode> create_episode(clinic::Episode episode);
  Result<clinic::Episode> get_episode(std::string_view clinic_id, std::string_view id);
  Result<std::vector<clinic::Episode>> list_episodes(std::string_view clinic_id, std::string_view patient_id);
  /// Every episode of the clinic, oldest first (the recovery course reads the clinic's episodes at once).
  Result<std::vector<clinic::Episode>> list_clinic_episodes(std::string_view clinic_id);
  /// Writes every field but the ids and created_us.
  Result<clinic::Episode> update_episode(const clinic::Episode& episode);

  // Consents, oldest first in lists.
  Result<clinic::Consent> create_consent(clinic::Consent consent);
  Result<clinic::Consent> get_consent(std::string_view clinic_id, std::string_view id);
  Result<std::vector<clinic::Consent>> list_consents(std::string_view clinic_id, std::string_view patient_id);
  /// Writes status, note, recorded_by and recorded_us (0: now).
  Result<clinic::Consent> update_consent(const clinic::Consent& consent);

  // Appointments, by start time in lists.
  Result<clinic::Appointment> create_appointment(clinic::Appointment appointment);
  /// An appointment from another system's history (or the demo's): booked and changed at the times it
  /// carries (0: now), so the no-show model sees the lead time the booking really had.
  Result<clinic::Appointment> import_appointment(clinic::Appointment appointment);
  Result<clinic::Appointment> get_appointment(std::string_view clinic_id, std::string_view id);
  Result<std::vector<clinic::Appointment>> list_appointments(std::string_view clinic_id,
                                                             std::string_view patient_id);
  /// Writes practitioner, start, duration, status and reason.
  Result<clinic::Appointment> update_appointment(const clinic::Appointment& appointment);

  // Recordings, newest first in lists.
  Result<clinic::Recording> create_recording(clinic::Recording recording);
  Result<clinic::Recording> get_recording(std::string_view clinic_id, std::string_view id);
  /// Deletes a recording with its jobs and measures, and queues its files (erasure_files, paths under the
  /// data folder, returned) to be deleted after the commit. kInvalidArgument (with the reason) when it is
  /// kept as evidence: a live set's recording, or one whose measures a note cites.
  Result<std::vector<ErasureFile>> delete_recording(std::string_view clinic_id, std::string_view id);
  Result<std::vector<clinic::Recording>> list_recordings(std::string_view clinic_id,
                                                         std::string_view patient_id);
  Status update_recording_result(std::string_view clinic_id, std::string_view id,
                                 std::string_view report_path, std::string_view result_json);
  Status mark_video_deleted(std::string_view clinic_id, std::string_view id);

  // Live exercise sessions, newest first in lists. A session is created "open"; finish_live_session
  // records how it ended once (state "complete" or "interrupted") and fails with kConflict afterwards.
  Result<clinic::LiveSession> create_live_session(clinic::LiveSession session);
  /// `for_update`: the row is locked until the transaction ends (PostgreSQL), ordering this transaction
  /// against one marking the set not counted.
  Result<clinic::LiveSession> get_live_session(std::string_view clinic_id, std::string_view id,
                                               bool for_update = false);
  /// The live session whose set was stored as `recording_id`, if any.
  Result<std::optional<clinic::LiveSession>> find_live_session_by_recording(std::string_view clinic_id,
                                                                            std::string_view recording_id);
  /// The engine rejected the set (live as it went, or when it analysed all of it): the session and every
  /// exercise log naming it keep `reason` (the latest) and are counted nowhere. Returns the ids of the logs
  /// that counted until now.
  Result<std::vector<std::string>> mark_live_set_not_counted(std::string_view clinic_id,
                                                             std::string_view live_session_id,
                                                             std::string_view reason);
  Result<std::vector<clinic::LiveSession>> list_live_sessions(std::string_view clinic_id,
                                                              std::string_view patient_id, int limit = 100);
  Status finish_live_session(const clinic::LiveSession& session);

  // Home exercise programs. A program is created at version 1 with its first version row; every change
  // is a new version: `update_program` writes the program's current JSON only when it still has
  // `expected_version` (else kInvalidArgument "changed since it was read") and appends the version row,
  // and pending proposals made for older versions become "stale" in the same transaction.
  /// A fresh record id, for a record whose own JSON names its id (a program) before it is inserted.
  std::string new_id() const;
  Result<clinic::HomeProgram> create_program(clinic::HomeProgram program, clinic::ProgramVersion first);
  Result<clinic::HomeProgram> get_program(std::string_view clinic_id, std::string_view id);
  /// Oldest first.
  Result<std::vector<clinic::HomeProgram>> list_programs(std::string_view clinic_id,
                                                         std::string_view patient_id);
  Result<clinic::HomeProgram> update_program(const clinic::HomeProgram& program,
                                             std::int64_t expected_version, clinic::ProgramVersion next);
  /// Oldest first.
  Result<std::vector<clinic::ProgramVersion>> list_program_versions(std::string_view clinic_id,
                                                                    std::string_view program_id);

  // Exercise logs and morning pain answers, oldest first in lists.
  Result<clinic::ExerciseLog> insert_exercise_log(clinic::ExerciseLog log);
  /// Which logs a list holds: the counted ones (everything that counts, charts or scores) or also the
  /// sets the engine rejected (lists shown to people, with the reason).
  enum class Logs { kCounted, kWithNotCounted };
  /// A patient's logs; `program_id` empty: all of them. done_us in [from_us, to_us).
  Result<std::vector<clinic::ExerciseLog>> list_exercise_logs(
      std::string_view clinic_id, std::string_view patient_id, std::string_view program_id = {},
      TimeUs from_us = std::numeric_limits<TimeUs>::min(), TimeUs to_us = std::numeric_limits<TimeUs>::max(),
      Logs which = Logs::kCounted);
  /// The patient's answers after a live set (pain during, RPE, RIR, comment) written onto the set's
  /// exercise log of the session's patient (a later answer corrects an earlier one); kNotFound when the
  /// live session has no log of that patient.
  Result<clinic::ExerciseLog> set_live_log_report(std::string_view clinic_id, std::string_view patient_id,
                                                  std::string_view live_session_id,
                                                  std::optional<double> pain_during_nprs,
                                                  std::optional<double> rpe, std::optional<double> rir,
                                                  std::string_view comment);
  Result<clinic::MorningPainAnswer> insert_morning_pain(clinic::MorningPainAnswer answer);
  Result<clinic::MorningPainAnswer> get_morning_pain(std::string_view clinic_id, std::string_view id);
  /// at_us in [from_us, to_us).
  Result<std::vector<clinic::MorningPainAnswer>> list_morning_pain(
      std::string_view clinic_id, std::string_view patient_id,
      TimeUs from_us = std::numeric_limits<TimeUs>::min(), TimeUs to_us = std::numeric_limits<TimeUs>::max());

  // Progression proposals. Created "pending" (or already "auto_applied"); a decision moves a pending
  // proposal once to approved/edited/rejected/stale and fails with kNotFound ("pending proposal ... not
  // found") when it is no longer pending.
  Result<clinic::ProgressionProposal> create_proposal(clinic::ProgressionProposal proposal);
  Result<clinic::ProgressionProposal> get_proposal(std::string_view clinic_id, std::string_view id);
  /// A patient's proposals, newest first; `state` empty: every state.
  Result<std::vector<clinic::ProgressionProposal>> list_proposals(std::string_view clinic_id,
                                                                  std::string_view patient_id,
                                                                  std::string_view state = {});
  /// Pending proposals of one program, oldest first.
  Result<std::vector<clinic::ProgressionProposal>> list_pending_proposals(std::string_view clinic_id,
                                                                          std::string_view program_id);
  Result<clinic::ProgressionProposal> decide_proposal(std::string_view clinic_id, std::string_view id,
                                                      std::string_view state, std::string_view decided_by,
                                                      std::string_view reason);
  /// Pending proposals of `program_id` made for a version below `current_version` become "stale";
  /// returns how many.
  Result<std::int64_t> mark_stale_proposals(std::string_view clinic_id, std::string_view program_id,
                                            std::int64_t current_version);

  // Exercise reminders (docs/server/reminders.md). The reminder loop reads every clinic's enabled
  // preferences (like the job queue, it serves all clinics); everything else filters by clinic.
  /// nullopt when the patient never set one.
  Result<std::optional<clinic::ReminderPreference>> get_reminder_preference(std::string_view clinic_id,
                                                                            std::string_view patient_id);
  /// Inserts or replaces the patient's preference (updated_us: now).
  Result<clinic::ReminderPreference> put_reminder_preference(clinic::ReminderPreference preference);
  /// Enabled preferences of every clinic, by clinic and patient.
  Result<std::vector<clinic::ReminderPreference>> list_enabled_reminder_preferences();
  /// Claims the patient's local date by inserting the row; nullopt (and nothing written) when a row for
  /// that date exists already. The id is assigned here.
  Result<std::optional<clinic::ReminderSent>> claim_reminder_day(clinic::ReminderSent reminder);
  /// The latest sent_us of the patient's reminders; 0 when none.
  Result<TimeUs> last_reminder_sent_us(std::string_view clinic_id, std::string_view patient_id);
  Status set_reminder_email_status(std::string_view clinic_id, std::string_view id, std::string_view status);
  /// Newest first.
  Result<std::vector<clinic::ReminderSent>> list_reminders_sent(std::string_view clinic_id,
                                                                std::string_view patient_id, int limit = 30);
  // SOAP notes (docs/server/notes.md).
  /// Inserts a note (its id, version 1 and times as given; the id is assigned when empty).
  Result<clinic::NoteRow> create_note(clinic::NoteRow note);
  Result<clinic::NoteRow> get_note(std::string_view clinic_id, std::string_view id);
  /// A patient's notes, newest first.
  Result<std::vector<clinic::NoteRow>> list_notes(std::string_view clinic_id, std::string_view patient_id);
  /// The latest signed (or amended) note of the patient, by the end of its data window; nullopt when none.
  Result<std::optional<clinic::NoteRow>> last_signed_note(std::string_view clinic_id,
                                                          std::string_view patient_id);
  /// Saves a note read at `note.version` (the stored version becomes version + 1). kInvalidArgument when
  /// it changed since it was read, or when the stored note is signed and the new body changes its
  /// signed content (only addenda may follow a signature: the store holds that line too).
  Result<clinic::NoteRow> update_note(const clinic::NoteRow& note);
  Result<clinic::Hl7Outgoing> queue_hl7(clinic::Hl7Outgoing message);
  /// The outgoing messages about a record, oldest first.
  Result<std::vector<clinic::Hl7Outgoing>> list_hl7_outgoing(std::string_view clinic_id,
                                                             std::string_view record_type,
                                                             std::string_view record_id);
  /// Messages not yet acknowledged and tried fewer than `max_attempts` times, every clinic, oldest first.
  Result<std::vector<clinic::Hl7Outgoing>> pending_hl7(int limit, int max_attempts = 10);
  Status mark_hl7_attempt(std::string_view id, TimeUs sent_us, std::string_view ack_code,
                          std::string_view error);

  // HL7 v2 inbound (docs/server/hl7.md).
  /// The patient with this record number (MRN) in the clinic; nullopt when none; kInvalidArgument when
  /// several have it.
  Result<std::optional<clinic::Patient>> find_patient_by_mrn(std::string_view clinic_id,
                                                             std::string_view mrn);
  /// Logs an accepted message; false (nothing written) when this sender's control id is logged already.
  Result<bool> claim_hl7_message(const Hl7Inbound& message);
  Status set_hl7_message_record(std::string_view clinic_id, std::string_view sender,
                                std::string_view control_id, std::string_view record_type,
                                std::string_view record_id);
  Result<std::optional<Hl7Inbound>> get_hl7_message(std::string_view clinic_id, std::string_view sender,
                                                    std::string_view control_id);
  /// Another system's id of a record (`system`: that system's name, e.g. the HL7 sender).
  Result<std::optional<std::string>> find_external_id(std::string_view clinic_id, std::string_view system,
                                                      std::string_view record_type,
                                                      std::string_view external_id);
  Status put_external_id(std::string_view clinic_id, std::string_view system, std::string_view record_type,
                         std::string_view external_id, std::string_view record_id);

  // Privacy rights (docs/server/privacy.md).
  /// The patient's restriction of processing; nullopt when none.
  Result<std::optional<PatientRestriction>> get_restriction(std::string_view clinic_id,
                                                            std::string_view patient_id);
  /// Restricts processing, or replaces the reason, who and when of the restriction in force.
  Result<PatientRestriction> put_restriction(const PatientRestriction& restriction);
  /// Lifts the restriction; false when there was none.
  Result<bool> lift_restriction(std::string_view clinic_id, std::string_view patient_id);
  /// The patient's tombstone; nullopt when the patient was not erased.
  Result<std::optional<PatientTombstone>> get_tombstone(std::string_view clinic_id,
                                                        std::string_view patient_id);
  /// The tombstone of an erased patient who had record number `mrn`; nullopt when none ("" never matches).
  Result<std::optional<PatientTombstone>> find_tombstone_by_mrn(std::string_view clinic_id,
                                                                std::string_view mrn);
  /// The latest time of the patient's clinical content (recordings, observations, episodes, programs,
  /// exercise logs, pain answers, outcome measures, live sessions, notes, past appointments, RTM time);
  /// 0 when there is none. Retention periods run from it.
  Result<TimeUs> last_clinical_activity_us(std::string_view clinic_id, std::string_view patient_id);
  /// Why the patient cannot be erased now ("" when nothing is running): an analysis job holding a lease
  /// or an open live session.
  Result<std::string> erasure_blocker(std::string_view clinic_id, std::string_view patient_id);
  /// Erases the patient: deletes their clinical content (notes and their HL7 messages too) and the rows
  /// naming files, empties the patient row's identifying fields, disables their login, writes the
  /// tombstone and queues the files (erasure_files) in this transaction. Kept: the patient row (emptied),
  /// consents, locked RTM months' results, HL7 message log entries and other systems' ids, the audit trail.
  /// kInvalidArgument when already erased.
  Result<ErasureResult> erase_patient(const PatientTombstone& tombstone);
  /// Files queued by erasures and not yet deleted, oldest first.
  Result<std::vector<ErasureFile>> list_pending_erasure_files(int limit = 1000);
  Status mark_erasure_file_done(std::string_view id);

  /// The patient's private calendar address: only the token's SHA-256 (hex) is kept, one per patient;
  /// a new one replaces the old.
  Status put_calendar_feed(const clinic::CalendarFeed& feed);
  /// Whether the patient has a calendar address now (nullopt: none).
  Result<std::optional<clinic::CalendarFeed>> get_calendar_feed(std::string_view clinic_id,
                                                                std::string_view patient_id);
  /// The feed a token's hash names (any clinic: the token is the only credential); kNotFound if none.
  Result<clinic::CalendarFeed> find_calendar_feed(std::string_view token_hash);
  /// Removes the patient's calendar address; whether there was one.
  Result<bool> delete_calendar_feed(std::string_view clinic_id, std::string_view patient_id);

  // Outcome-measure responses and single-use links (docs/server/questionnaires.md). The caller scores
  // the answers (measures::score) before the insert; the store keeps answers and scores as given.
  /// Inserts a response (id and created_us assigned here; completed_us 0: now).
  Result<clinic::QuestionnaireResponse> insert_questionnaire_response(clinic::QuestionnaireResponse response);
  Result<clinic::QuestionnaireResponse> get_questionnaire_response(std::string_view clinic_id,
                                                                   std::string_view id);
  /// A patient's responses by completed time, oldest first; `instrument_id` empty: every instrument.
  Result<std::vector<clinic::QuestionnaireResponse>> list_questionnaire_responses(
      std::string_view clinic_id, std::string_view patient_id, std::string_view instrument_id = {});
  /// Every response of the clinic filed under an episode, oldest first.
  Result<std::vector<clinic::QuestionnaireResponse>> list_clinic_episode_responses(
      std::string_view clinic_id);
  /// Inserts a link (id and created_us assigned here; used_us and response_id start empty).
  Result<clinic::QuestionnaireLink> create_questionnaire_link(clinic::QuestionnaireLink link);
  /// The link whose token hashes to `token_sha256`, in whichever clinic: the token is the credential.
  Result<clinic::QuestionnaireLink> get_questionnaire_link_by_token(std::string_view token_sha256);
  /// A patient's links, newest first.
  Result<std::vector<clinic::QuestionnaireLink>> list_questionnaire_links(std::string_view clinic_id,
                                                                          std::string_view patient_id);
  /// Uses the link and inserts `response` (source "link", clinic, patient, instrument and episode taken
  /// from the link) in this transaction. nullopt, and nothing written, when the link was used already or
  /// has expired at now_us(): of two submissions racing on one token exactly one is stored.
  Result<std::optional<clinic::QuestionnaireResponse>> use_questionnaire_link(
      std::string_view link_id, clinic::QuestionnaireResponse response);

  // Remote therapeutic monitoring (docs/server/rtm.md): set-ups, staff time and month locks.
  Result<clinic::RtmSetup> create_rtm_setup(clinic::RtmSetup setup);
  /// Oldest first.
  Result<std::vector<clinic::RtmSetup>> list_rtm_setups(std::string_view clinic_id,
                                                        std::string_view patient_id);
  /// Patients of the clinic with at least one set-up, by id.
  Result<std::vector<std::string>> list_rtm_patient_ids(std::string_view clinic_id);
  /// Inserts an entry (id and created_us assigned here); minutes unset starts a timer, kInvalidArgument
  /// when this staff member already has one running for the patient.
  Result<clinic::RtmTimeEntry> insert_rtm_time_entry(clinic::RtmTimeEntry entry);
  /// The staff member's running timer for the patient, if any.
  Result<std::optional<clinic::RtmTimeEntry>> running_rtm_timer(std::string_view clinic_id,
                                                                std::string_view patient_id,
                                                                std::string_view staff_id);
  /// Stops a running timer with its whole minutes; kNotFound when it is not running.
  Result<clinic::RtmTimeEntry> stop_rtm_timer(std::string_view clinic_id, std::string_view id,
                                              std::int64_t minutes);
  /// By start time.
  Result<std::vector<clinic::RtmTimeEntry>> list_rtm_time_entries(std::string_view clinic_id,
                                                                  std::string_view patient_id);
  Result<std::optional<clinic::RtmMonthLock>> get_rtm_month_lock(std::string_view clinic_id,
                                                                 std::string_view month);
  /// Inserts the lock and each patient's frozen result (patient id, JSON); kInvalidArgument when the
  /// month is locked already.
  Status lock_rtm_month(const clinic::RtmMonthLock& lock,
                        const std::vector<std::pair<std::string, std::string>>& results);
  /// The frozen results of a locked month: (patient id, JSON), by patient id.
  Result<std::vector<std::pair<std::string, std::string>>> list_rtm_month_results(std::string_view clinic_id,
                                                                                  std::string_view month);

  // Observations, by effective time in lists. Values must be finite.
  Result<clinic::Observation> insert_observation(clinic::Observation observation);
  /// Corrects an entered observation (recorded_by set, no recording): code, value, unit, method, site,
  /// side and time. `observation.version` must be the version read (else kInvalidArgument "changed since
  /// it was read"); its patient must be the stored one (kInvalidArgument); a measurement made from a
  /// recording is kUnsupported. Returns the stored record with the new version.
  Result<clinic::Observation> update_observation(const clinic::Observation& observation);
  Result<clinic::Observation> get_observation(std::string_view clinic_id, std::string_view id);
  Result<std::vector<clinic::Observation>> list_observations(std::string_view clinic_id,
                                                             std::string_view patient_id,
                                                             const ObservationQuery& query = {});
  Result<std::vector<clinic::Observation>> list_observations_for_recording(std::string_view clinic_id,
                                                                           std::string_view recording_id);

  // The analysis job queue. Workers hold a job under a lease: each claim issues a fresh random
  // lease_token, and heartbeat/complete/fail succeed only with the current token while the job is
  // running, so at most one run of a job succeeds. A lost lease is kNotFound ("lease not held").
  /// Queues a job for a recording (its patient taken from the recording).
  Result<clinic::Job> enqueue_job(std::string_view clinic_id, std::string_view recording_id,
                                  std::int64_t max_attempts = 3);
  Result<clinic::Job> get_job(std::string_view clinic_id, std::string_view id);
  /// The oldest queued job, or a running one whose lease expired; nullopt when there is none. A
  /// job whose lease expired after its last allowed attempt becomes failed instead.
  Result<std::optional<clinic::Job>> claim_next_job(std::string_view owner, TimeUs lease_duration_us);
  /// Records progress (0..1) and extends the lease by the claim's duration.
  Status heartbeat_job(std::string_view job_id, std::string_view lease_token, double progress,
                       std::string_view message);
  Status complete_job(std::string_view job_id, std::string_view lease_token);
  /// Records `error`; the job goes back to the queue when `retry` and attempts remain, else fails.
  Status fail_job(std::string_view job_id, std::string_view lease_token, std::string_view error, bool retry);
  /// Newest first.
  Result<std::vector<clinic::Job>> list_jobs(std::string_view clinic_id, std::string_view patient_id);

  // Predictions (docs/server/risk.md): model versions, flags and drift figures.
  /// Every clinic's id, oldest first (the nightly scoring goes through them).
  Result<std::vector<std::string>> list_clinic_ids();
  /// The clinic's appointments starting in [from_us, to_us), by start time.
  Result<std::vector<clinic::Appointment>> list_clinic_appointments(std::string_view clinic_id,
                                                                    TimeUs from_us, TimeUs to_us);
  /// Stores a new version of `model.name` (version = the last + 1) with the given status.
  Result<clinic::RiskModelRow> insert_risk_model(clinic::RiskModelRow model);
  /// The clinic's versions of `name` (every model when empty), newest version first.
  Result<std::vector<clinic::RiskModelRow>> list_risk_models(std::string_view clinic_id,
                                                             std::string_view name);
  /// Sets a version's status ("silent", "active", "retired"); kNotFound when it is not the clinic's.
  Result<clinic::RiskModelRow> set_risk_model_status(std::string_view clinic_id, std::string_view id,
                                                     std::string_view status, std::string_view by,
                                                     TimeUs silent_until_us);
  /// Inserts the flag, or updates the clinic's flag of the same kind and subject (keeping its id and
  /// created time); returns the stored row.
  Result<clinic::RiskFlagRow> put_risk_flag(clinic::RiskFlagRow flag);
  Result<clinic::RiskFlagRow> get_risk_flag(std::string_view clinic_id, std::string_view id);
  /// Flags by need (highest first), then id.
  Result<std::vector<clinic::RiskFlagRow>> list_risk_flags(std::string_view clinic_id,
                                                           const RiskFlagQuery& query);
  /// Records a decision ("accepted" or "dismissed") with who, when and why.
  Result<clinic::RiskFlagRow> decide_risk_flag(std::string_view clinic_id, std::string_view id,
                                               std::string_view status, std::string_view by,
                                               std::string_view reason);
  Result<clinic::RiskDriftRow> put_risk_drift(clinic::RiskDriftRow drift);
  /// The clinic's drift figures for `model`, newest month first.
  Result<std::vector<clinic::RiskDriftRow>> list_risk_drift(std::string_view clinic_id,
                                                            std::string_view model);

  // The audit trail (audit_chain.hpp). Appends lock the chain head until the transaction ends.
  /// Appends `events` in order; returns them with seq, prev_hash and hash.
  Result<std::vector<clinic::AuditEvent>> append_audit(const std::vector<AuditEventInput>& events);
  Result<Page<clinic::AuditEvent>> list_audit(std::string_view clinic_id, const AuditQuery& query);
  /// One event of the clinic's trail by its sequence number.
  Result<clinic::AuditEvent> get_audit_event(std::string_view clinic_id, std::int64_t seq);

 private:
  sql::Connection& conn_;
  const std::function<TimeUs()>& clock_;
};

}  // namespace physio::store
