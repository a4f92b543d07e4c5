#include "clinic/access.hpp"

namespace physio::clinic {

std::string_view to_string(Action action) {
  switch (action) {
    case Action::kReadDemographics:
      return "read_demographics";
    case Action::kWriteDemographics:
      return "write_demographics";
    case Action::kReadClinical:
      return "read_clinical";
    case Action::kWriteClinical:
      return "write_clinical";
    case Action::kUploadRecording:
      return "upload_recording";
    case Action::kReadSchedule:
      return "read_schedule";
    case Action::kWriteSchedule:
      return "write_schedule";
    case Action::kManageSchedule:
      return "manage_schedule";
    case Action::kCancelAppointment:
      return "cancel_appointment";
    case Action::kReadConsent:
      return "read_consent";
    case Action::kWriteConsent:
      return "write_consent";
    case Action::kReadAccessLog:
      return "read_access_log";
    case Action::kManageStaff:
      return "manage_staff";
    case Action::kReadExerciseLibrary:
      return "read_exercise_library";
    case Action::kRecordSession:
      return "record_session";
    case Action::kReviewProgression:
      return "review_progression";
    case Action::kRecordMeasure:
      return "record_measure";
    case Action::kSendQuestionnaire:
      return "send_questionnaire";
    case Action::kRecordMonitoring:
      return "record_monitoring";
    case Action::kCloseBilling:
      return "close_billing";
    case Action::kExportRecord:
      return "export_record";
    case Action::kRestrictProcessing:
      return "restrict_processing";
    case Action::kEraseRecord:
      return "erase_record";
    case Action::kReadRiskFlags:
      return "read_risk_flags";
    case Action::kReadModels:
      return "read_models";
    case Action::kDecideRiskFlag:
      return "decide_risk_flag";
    case Action::kManageModels:
      return "manage_models";
    case Action::kReadRecovery:
      return "read_recovery";
    case Action::kMessage:
      return "message";
    case Action::kAcknowledgeAlert:
      return "acknowledge_alert";
    case Action::kManageExerciseMedia:
      return "manage_exercise_media";
    case Action::kManageClinicExercises:
      return "manage_clinic_exercises";
    case Action::kEditOwnDetails:
      return "edit_own_details";
  }
  return "unknown";
}

bool role_allows(Role role, Action action) {
  using A = Action;
  // Scheduling set-up (working hours, appointment types, the cancellation notice) is the front desk's and
  // the administrator's (settings); cancelling is the front desk's, the physiotherapist's and the patient's
  // own (the route holds a patient to the clinic's notice).
  if (action == A::kManageSchedule) return role == Role::kAdmin || role == Role::kFrontDesk;
  if (action == A::kCancelAppointment)
    return role == Role::kPhysiotherapist || role == Role::kFrontDesk || role == Role::kPatient;
  switch (role) {
    case Role::kPhysiotherapist:
      // Full clinical care, including deciding progression proposals; staff management and erasing a
      // record (irreversible, decided on the law's exceptions rather than on care) are the
      // administrator's.
      // A patient's own changes (kEditOwnDetails) are the patient's.
      return action != A::kManageStaff && action != A::kEraseRecord && action != A::kEditOwnDetails;
    case Role::kAssistant:
      // Records sessions and measures for patients; cannot change the plan of care or the schedule
      // of others, and does not manage consent.
      return action == A::kReadDemographics || action == A::kReadClinical || action == A::kUploadRecording ||
             action == A::kReadSchedule || action == A::kReadConsent || action == A::kReadExerciseLibrary ||
             action == A::kRecordSession || action == A::kRecordMeasure || action == A::kSendQuestionnaire ||
             action == A::kRecordMonitoring || action == A::kReadRiskFlags || action == A::kReadModels ||
             action == A::kReadRecovery || action == A::kAcknowledgeAlert;
    case Role::kFrontDesk:
      // Registration, scheduling, consent forms and sending questionnaire links before a visit; no
      // clinical content (they see whether a link was used, never the answers or scores).
      return action == A::kReadDemographics || action == A::kWriteDemographics ||
             action == A::kReadSchedule || action == A::kWriteSchedule || action == A::kReadConsent ||
             action == A::kWriteConsent || action == A::kSendQuestionnaire || action == A::kReadRiskFlags ||
             action == A::kDecideRiskFlag || action == A::kReadModels;
    case Role::kAdmin:
      // Staff, settings (the clinic's own exercises among them) and the access log (for privacy requests);
      // demographics to find a record;
      // no clinical content, except as the patient's own copy when answering their request (export),
      // restricting processing and erasing a record.
      return action == A::kManageStaff || action == A::kReadDemographics || action == A::kReadAccessLog ||
             action == A::kReadSchedule || action == A::kExportRecord || action == A::kRestrictProcessing ||
             action == A::kEraseRecord || action == A::kReadModels || action == A::kManageModels ||
             action == A::kManageClinicExercises;
    case Role::kPatient:
      // Their own record: read what concerns them, see who opened it, do their own exercise sessions and
      // fill in their own questionnaires, change their own contact details and consents (staff change
      // them with kWriteDemographics and kWriteConsent); nothing else is written by a patient.
      return action == A::kReadDemographics || action == A::kReadClinical || action == A::kReadSchedule ||
             action == A::kReadConsent || action == A::kReadAccessLog || action == A::kReadExerciseLibrary ||
             action == A::kRecordSession || action == A::kRecordMeasure || action == A::kExportRecord ||
             action == A::kMessage || action == A::kEditOwnDetails;
  }
  return false;
}

bool within_reach(const Principal& who, const RecordScope& where) {
  if (who.clinic_id.empty() || who.clinic_id != where.clinic_id) return false;
  if (who.compartment && where.patient_id && *where.patient_id != *who.compartment) return false;
  if (who.role == Role::kPatient) {
    // A patient reaches only records of their own compartment; clinic-wide records (staff lists,
    // other patients) are outside it.
    return who.patient_id && where.patient_id && *who.patient_id == *where.patient_id;
  }
  return true;
}

Decision decide(const Principal& who, Action action, const RecordScope& where) {
  if (!within_reach(who, where)) return Decision::kNotFound;
  if (!role_allows(who.role, action)) return Decision::kForbidden;
  return Decision::kAllow;
}

int http_status(Decision decision) {
  switch (decision) {
    case Decision::kAllow:
      return 200;
    case Decision::kNotFound:
      return 404;
    case Decision::kForbidden:
      return 403;
  }
  return 500;
}

bool sees_risk_kind(Role role, std::string_view kind) {
  switch (role) {
    case Role::kPhysiotherapist:
    case Role::kAssistant:
      return true;
    case Role::kFrontDesk:
      return kind == "noshow";
    case Role::kAdmin:
    case Role::kPatient:
      return false;
  }
  return false;
}

bool decides_risk_kind(Role role, std::string_view kind) {
  return role == Role::kPhysiotherapist || (role == Role::kFrontDesk && kind == "noshow");
}

}  // namespace physio::clinic
