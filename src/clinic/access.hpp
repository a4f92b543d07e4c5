#pragma once
/// Who may do what: the rules a clinic manager would recognise, as pure functions.
///
/// Two questions, always asked about the record the handler actually loaded (never about request
/// parameters):
///   1. Is the record within the caller's reach? Same clinic, and for a patient their own
///      compartment. Outside it the record "does not exist" for the caller: 404, so ids of other
///      clinics or other patients cannot be probed.
///   2. Does the caller's role allow the action? A record within reach whose action the role lacks
///      answers 403 ("front desk staff cannot read clinical records").

#include <optional>
#include <string>
#include <string_view>

#include "clinic/records.hpp"

namespace physio::clinic {

/// Actions a route performs on a record. Each maps to the roles that may perform it (role_allows).
enum class Action {
  kReadDemographics,   ///< patient list, search, name, birth date, contact
  kWriteDemographics,  ///< register a patient, change their details
  kReadClinical,       ///< episodes, recordings, observations, reports, job results
  kWriteClinical,      ///< episodes of care, conditions, goals
  kUploadRecording,    ///< upload a recording for analysis
  kReadSchedule,       ///< appointments
  kWriteSchedule,      ///< book, move, cancel, mark arrived/no-show
  kManageSchedule,     ///< working hours, appointment types, the clinic's scheduling settings
  kCancelAppointment,  ///< cancel a booking (a patient their own, within the clinic's notice)
  kReadConsent,
  kWriteConsent,
  kReadAccessLog,  ///< who opened a patient's record
  kManageStaff,    ///< staff logins (list, add, reset, disable) and the clinic's name and contact
  kReadExerciseLibrary,
  kRecordSession,      ///< exercise sessions: start a live session, log one by hand, report pain and effort
  kReviewProgression,  ///< see progression proposals and approve, edit or reject them
  kRecordMeasure,      ///< fill in an outcome measure: a questionnaire or a performance test result
  kSendQuestionnaire,  ///< send a single-use questionnaire link and see whether it was used
  kRecordMonitoring,   ///< remote therapeutic monitoring: set-up, management time, interactive communications
  kCloseBilling,       ///< lock a month for RTM billing and export the clinic's RTM CSV
  kExportRecord,       ///< a patient's full record as a file (GDPR art. 15 access, art. 20 portability)
  kRestrictProcessing,  ///< restrict a patient's processing and lift it (GDPR art. 18)
  kEraseRecord,         ///< erase a patient's record (GDPR art. 17); irreversible
  kReadRiskFlags,       ///< risk flags (which kinds a role sees: sees_risk_kind)
  kReadModels,          ///< the clinic's prediction models: versions, figures, drift, cards
  kDecideRiskFlag,      ///< accept or dismiss a risk flag with a reason (which kinds: decides_risk_kind)
  kManageModels,        ///< train a clinic's prediction model now, activate a version or roll back
  kReadRecovery,        ///< a patient's recovery course: expected visits to goal, outcome track (clinicians)
  kMessage,           ///< read and write the secure conversation between a patient and their physiotherapists
  kAcknowledgeAlert,  ///< acknowledge or snooze a caseload alert with a reason (clinicians)
  kManageExerciseMedia,    ///< the clinic's demonstration videos of library exercises (physiotherapists)
  kManageClinicExercises,  ///< create, edit and retire the clinic's own exercises (physiotherapists,
                           ///< administrators)
  kEditOwnDetails,  ///< a patient changes their own contact details and gives or withdraws their own consents
};

std::string_view to_string(Action action);

/// The signed-in caller.
struct Principal {
  std::string user_id;
  std::string clinic_id;
  Role role = Role::kPatient;
  std::optional<std::string> patient_id;  ///< set for patients: their own record
  /// Set for a SMART token whose permission comes from a patient/ scope: only this patient's records are
  /// within reach (records of no patient are unaffected). Narrows, never widens (docs/server/smart.md).
  std::optional<std::string> compartment{};
};

/// Where a loaded record sits: its clinic and, when it belongs to one, its patient.
struct RecordScope {
  std::string clinic_id;
  std::optional<std::string> patient_id;
};

enum class Decision { kAllow, kNotFound, kForbidden };

/// True when `role` may perform `action` on a record within its reach.
bool role_allows(Role role, Action action);

/// True when the record is within the caller's reach (clinic; patient compartment for patients).
bool within_reach(const Principal& who, const RecordScope& where);

/// The decision for `who` performing `action` on the record at `where`.
Decision decide(const Principal& who, Action action, const RecordScope& where);

/// Which kinds of risk flag ("noshow", "dropout", "fall") a role sees: physiotherapists and assistants all of
/// them; the front desk only no-show flags (schedule data, no clinical content); administrators and
/// patients none (administrators see the models' figures and cards only).
bool sees_risk_kind(Role role, std::string_view kind);

/// Which kinds a role may accept or dismiss: physiotherapists any; the front desk no-show flags.
bool decides_risk_kind(Role role, std::string_view kind);

/// HTTP status for a decision: 200, 404, 403.
int http_status(Decision decision);

}  // namespace physio::clinic
