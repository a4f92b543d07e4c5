// The role table as a clinic manager would state it, and reach: other clinics and other patients'
// records are invisible (404), a role's missing permission on a visible record is 403.
#include "clinic/access.hpp"

#include <gtest/gtest.h>

namespace physio::clinic {
namespace {

Principal staff(Role r) {
  return {"u1", "c1", r, std::nullopt};
}
Principal patient(const std::string& pid) {
  return {"u2", "c1", Role::kPatient, pid};
}

TEST(Access, RoleTable) {
  using A = Action;
  // physiotherapist: everything clinical, no staff management
  for (A a :
       {A::kReadDemographics, A::kWriteDemographics, A::kReadClinical, A::kWriteClinical, A::kUploadRecording,
        A::kReadSchedule, A::kWriteSchedule, A::kReadConsent, A::kWriteConsent, A::kReadAccessLog})
    EXPECT_TRUE(role_allows(Role::kPhysiotherapist, a)) << to_string(a);
  EXPECT_FALSE(role_allows(Role::kPhysiotherapist, A::kManageStaff));
  // assistant: records and reads, never changes the plan of care
  EXPECT_TRUE(role_allows(Role::kAssistant, A::kUploadRecording));
  EXPECT_TRUE(role_allows(Role::kAssistant, A::kReadClinical));
  EXPECT_FALSE(role_allows(Role::kAssistant, A::kWriteClinical));
  EXPECT_FALSE(role_allows(Role::kAssistant, A::kWriteDemographics));
  // front desk: registration and schedule, no clinical content
  EXPECT_TRUE(role_allows(Role::kFrontDesk, A::kWriteDemographics));
  EXPECT_TRUE(role_allows(Role::kFrontDesk, A::kWriteSchedule));
  EXPECT_FALSE(role_allows(Role::kFrontDesk, A::kReadClinical));
  EXPECT_FALSE(role_allows(Role::kFrontDesk, A::kUploadRecording));
  // admin: staff and the access log, no clinical content
  EXPECT_TRUE(role_allows(Role::kAdmin, A::kManageStaff));
  EXPECT_TRUE(role_allows(Role::kAdmin, A::kReadAccessLog));
  EXPECT_FALSE(role_allows(Role::kAdmin, A::kReadClinical));
  EXPECT_FALSE(role_allows(Role::kAdmin, A::kWriteDemographics));
  // patient: reads own and does their own exercise sessions; writes nothing else
  EXPECT_TRUE(role_allows(Role::kPatient, A::kReadClinical));
  EXPECT_TRUE(role_allows(Role::kPatient, A::kRecordSession));
  EXPECT_TRUE(role_allows(Role::kAssistant, A::kRecordSession));
  EXPECT_FALSE(role_allows(Role::kFrontDesk, A::kRecordSession));
  EXPECT_FALSE(role_allows(Role::kAdmin, A::kRecordSession));
  EXPECT_FALSE(role_allows(Role::kPatient, A::kWriteDemographics));
  EXPECT_FALSE(role_allows(Role::kPatient, A::kUploadRecording));
  EXPECT_FALSE(role_allows(Role::kPatient, A::kManageStaff));
}

TEST(Access, OnlyThePhysiotherapistDecidesProgression) {
  // Proposals change the plan of care: the physiotherapist sees and decides them; the patient never
  // sees an undecided change, the assistant records sessions but does not change dosage.
  EXPECT_TRUE(role_allows(Role::kPhysiotherapist, Action::kReviewProgression));
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kReviewProgression)) << to_string(r);
  EXPECT_EQ(decide(patient("p1"), Action::kReviewProgression, {"c1", std::string("p1")}),
            Decision::kForbidden);
  EXPECT_EQ(decide(patient("p1"), Action::kReviewProgression, {"c1", std::string("p2")}),
            Decision::kNotFound);
  EXPECT_EQ(decide(staff(Role::kPhysiotherapist), Action::kReviewProgression, {"c2", std::string("p1")}),
            Decision::kNotFound);
  EXPECT_EQ(to_string(Action::kReviewProgression), "review_progression");
}

TEST(Access, OutcomeMeasuresAndQuestionnaireLinks) {
  // Filling in a measure: the clinicians and the patient for themself; front desk and admin do not.
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kPatient})
    EXPECT_TRUE(role_allows(r, Action::kRecordMeasure)) << to_string(r);
  for (Role r : {Role::kFrontDesk, Role::kAdmin})
    EXPECT_FALSE(role_allows(r, Action::kRecordMeasure)) << to_string(r);
  // Sending a link: front desk too (intake forms before a visit), never the patient or the admin; front
  // desk still cannot read what came back.
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk})
    EXPECT_TRUE(role_allows(r, Action::kSendQuestionnaire)) << to_string(r);
  for (Role r : {Role::kPatient, Role::kAdmin})
    EXPECT_FALSE(role_allows(r, Action::kSendQuestionnaire)) << to_string(r);
  EXPECT_FALSE(role_allows(Role::kFrontDesk, Action::kReadClinical));
  EXPECT_EQ(decide(patient("p1"), Action::kRecordMeasure, {"c1", std::string("p1")}), Decision::kAllow);
  EXPECT_EQ(decide(patient("p1"), Action::kRecordMeasure, {"c1", std::string("p2")}), Decision::kNotFound);
  EXPECT_EQ(to_string(Action::kRecordMeasure), "record_measure");
  EXPECT_EQ(to_string(Action::kSendQuestionnaire), "send_questionnaire");
}

TEST(Access, RemoteMonitoringAndItsBilling) {
  // Management time and set-up: the clinicians; closing a month and the billing export: the
  // physiotherapist, who signs for the codes.
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant})
    EXPECT_TRUE(role_allows(r, Action::kRecordMonitoring)) << to_string(r);
  for (Role r : {Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kRecordMonitoring)) << to_string(r);
  EXPECT_TRUE(role_allows(Role::kPhysiotherapist, Action::kCloseBilling));
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kCloseBilling)) << to_string(r);
  EXPECT_EQ(to_string(Action::kRecordMonitoring), "record_monitoring");
  EXPECT_EQ(to_string(Action::kCloseBilling), "close_billing");
}

TEST(Access, PrivacyRights) {
  // Export (art. 15/20): the patient for themself, the physiotherapist and the administrator who answers
  // privacy requests; not assistants or front desk.
  for (Role r : {Role::kPhysiotherapist, Role::kAdmin, Role::kPatient})
    EXPECT_TRUE(role_allows(r, Action::kExportRecord)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kFrontDesk})
    EXPECT_FALSE(role_allows(r, Action::kExportRecord)) << to_string(r);
  // Restriction (art. 18): physiotherapist and administrator.
  for (Role r : {Role::kPhysiotherapist, Role::kAdmin})
    EXPECT_TRUE(role_allows(r, Action::kRestrictProcessing)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kRestrictProcessing)) << to_string(r);
  // Erasure (art. 17): the administrator alone.
  EXPECT_TRUE(role_allows(Role::kAdmin, Action::kEraseRecord));
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kEraseRecord)) << to_string(r);
  // A patient exports only their own record; an administrator only their clinic's.
  EXPECT_EQ(decide(patient("p1"), Action::kExportRecord, {"c1", std::string("p1")}), Decision::kAllow);
  EXPECT_EQ(decide(patient("p1"), Action::kExportRecord, {"c1", std::string("p2")}), Decision::kNotFound);
  EXPECT_EQ(decide(staff(Role::kAdmin), Action::kEraseRecord, {"c2", std::string("p1")}),
            Decision::kNotFound);
  EXPECT_EQ(to_string(Action::kExportRecord), "export_record");
  EXPECT_EQ(to_string(Action::kRestrictProcessing), "restrict_processing");
  EXPECT_EQ(to_string(Action::kEraseRecord), "erase_record");
}

TEST(Access, RiskFlagsAndModels) {
  // Flags: staff who care for or schedule patients (the kinds each role sees are sees_risk_kind); the models'
  // figures and cards also the administrator; neither a patient.
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk})
    EXPECT_TRUE(role_allows(r, Action::kReadRiskFlags)) << to_string(r);
  for (Role r : {Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kReadRiskFlags)) << to_string(r);
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk, Role::kAdmin})
    EXPECT_TRUE(role_allows(r, Action::kReadModels)) << to_string(r);
  EXPECT_FALSE(role_allows(Role::kPatient, Action::kReadModels));
  // Deciding: the physiotherapist, and the front desk for no-show flags; not assistants or administrators.
  for (Role r : {Role::kPhysiotherapist, Role::kFrontDesk})
    EXPECT_TRUE(role_allows(r, Action::kDecideRiskFlag)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kDecideRiskFlag)) << to_string(r);
  // Training, go-live and rollback: the physiotherapist and the administrator.
  for (Role r : {Role::kPhysiotherapist, Role::kAdmin})
    EXPECT_TRUE(role_allows(r, Action::kManageModels)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kManageModels)) << to_string(r);
  EXPECT_EQ(decide(staff(Role::kFrontDesk), Action::kDecideRiskFlag, {"c2", std::string("p1")}),
            Decision::kNotFound);
  // The kinds: the front desk sees and decides no-show flags only; an administrator sees none.
  EXPECT_TRUE(sees_risk_kind(Role::kPhysiotherapist, "fall"));
  EXPECT_TRUE(sees_risk_kind(Role::kAssistant, "dropout"));
  EXPECT_TRUE(sees_risk_kind(Role::kFrontDesk, "noshow"));
  EXPECT_FALSE(sees_risk_kind(Role::kFrontDesk, "fall"));
  EXPECT_FALSE(sees_risk_kind(Role::kFrontDesk, "dropout"));
  EXPECT_FALSE(sees_risk_kind(Role::kAdmin, "noshow"));
  EXPECT_FALSE(sees_risk_kind(Role::kPatient, "noshow"));
  EXPECT_TRUE(decides_risk_kind(Role::kPhysiotherapist, "fall"));
  EXPECT_TRUE(decides_risk_kind(Role::kFrontDesk, "noshow"));
  EXPECT_FALSE(decides_risk_kind(Role::kFrontDesk, "dropout"));
  EXPECT_FALSE(decides_risk_kind(Role::kAssistant, "noshow"));
  EXPECT_EQ(to_string(Action::kReadRiskFlags), "read_risk_flags");
  EXPECT_EQ(to_string(Action::kReadModels), "read_models");
  EXPECT_EQ(to_string(Action::kDecideRiskFlag), "decide_risk_flag");
  EXPECT_EQ(to_string(Action::kManageModels), "manage_models");
}

TEST(Access, OtherClinicIsNotFoundForEveryRole) {
  const RecordScope other{"c2", std::string("p1")};
  for (Role r : {Role::kAdmin, Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk})
    EXPECT_EQ(decide(staff(r), Action::kReadDemographics, other), Decision::kNotFound);
  EXPECT_EQ(decide(patient("p1"), Action::kReadDemographics, other), Decision::kNotFound);
}

TEST(Access, PatientCompartment) {
  EXPECT_EQ(decide(patient("p1"), Action::kReadClinical, {"c1", std::string("p1")}), Decision::kAllow);
  EXPECT_EQ(decide(patient("p1"), Action::kReadClinical, {"c1", std::string("p2")}), Decision::kNotFound);
  // A clinic-wide record (no patient) is outside a patient's compartment.
  EXPECT_EQ(decide(patient("p1"), Action::kReadDemographics, {"c1", std::nullopt}), Decision::kNotFound);
  // Own record, action not allowed: forbidden, not hidden (they know it exists).
  EXPECT_EQ(decide(patient("p1"), Action::kWriteClinical, {"c1", std::string("p1")}), Decision::kForbidden);
  // A patient login without a patient record reaches nothing.
  Principal broken{"u3", "c1", Role::kPatient, std::nullopt};
  EXPECT_EQ(decide(broken, Action::kReadClinical, {"c1", std::string("p1")}), Decision::kNotFound);
}

TEST(Access, MissingRoleOnVisibleRecordIsForbidden) {
  EXPECT_EQ(decide(staff(Role::kFrontDesk), Action::kReadClinical, {"c1", std::string("p1")}),
            Decision::kForbidden);
  EXPECT_EQ(http_status(Decision::kForbidden), 403);
  EXPECT_EQ(http_status(Decision::kNotFound), 404);
  Principal nobody{"u", "", Role::kPhysiotherapist, std::nullopt};
  EXPECT_EQ(decide(nobody, Action::kReadClinical, {"", std::nullopt}), Decision::kNotFound);
}

TEST(Access, SchedulingSetUpIsTheFrontDesksAndCancellingThePatientsToo) {
  for (Role r : {Role::kAdmin, Role::kFrontDesk})
    EXPECT_TRUE(role_allows(r, Action::kManageSchedule)) << to_string(r);
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kManageSchedule)) << to_string(r);
  for (Role r : {Role::kPhysiotherapist, Role::kFrontDesk, Role::kPatient})
    EXPECT_TRUE(role_allows(r, Action::kCancelAppointment)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kAdmin})
    EXPECT_FALSE(role_allows(r, Action::kCancelAppointment)) << to_string(r);
  // A patient cancels only within their own compartment.
  EXPECT_EQ(decide(patient("p1"), Action::kCancelAppointment, {"c1", std::string("p2")}),
            Decision::kNotFound);
  EXPECT_EQ(decide(patient("p1"), Action::kCancelAppointment, {"c1", std::string("p1")}), Decision::kAllow);
  EXPECT_EQ(to_string(Action::kManageSchedule), "manage_schedule");
  EXPECT_EQ(to_string(Action::kCancelAppointment), "cancel_appointment");
}

TEST(Access, TheRecoveryCourseIsForClinicians) {
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant})
    EXPECT_TRUE(role_allows(r, Action::kReadRecovery)) << to_string(r);
  for (Role r : {Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kReadRecovery)) << to_string(r);
  EXPECT_EQ(to_string(Action::kReadRecovery), "read_recovery");
}

TEST(Access, CaseloadAlertsAreAcknowledgedByClinicians) {
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant})
    EXPECT_TRUE(role_allows(r, Action::kAcknowledgeAlert)) << to_string(r);
  for (Role r : {Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kAcknowledgeAlert)) << to_string(r);
  EXPECT_EQ(to_string(Action::kAcknowledgeAlert), "acknowledge_alert");
}

TEST(Access, ExerciseVideosAreThePhysiotherapists) {
  EXPECT_TRUE(role_allows(Role::kPhysiotherapist, Action::kManageExerciseMedia));
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kAdmin, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kManageExerciseMedia)) << to_string(r);
  EXPECT_EQ(to_string(Action::kManageExerciseMedia), "manage_exercise_media");
}

TEST(Access, TheClinicsOwnExercisesAreMadeByPhysiotherapistsAndAdministrators) {
  for (Role r : {Role::kPhysiotherapist, Role::kAdmin})
    EXPECT_TRUE(role_allows(r, Action::kManageClinicExercises)) << to_string(r);
  for (Role r : {Role::kAssistant, Role::kFrontDesk, Role::kPatient})
    EXPECT_FALSE(role_allows(r, Action::kManageClinicExercises)) << to_string(r);
  EXPECT_EQ(to_string(Action::kManageClinicExercises), "manage_clinic_exercises");
}

TEST(Access, OnlyThePatientEditsTheirOwnDetails) {
  EXPECT_TRUE(role_allows(Role::kPatient, Action::kEditOwnDetails));
  for (Role r : {Role::kPhysiotherapist, Role::kAssistant, Role::kFrontDesk, Role::kAdmin})
    EXPECT_FALSE(role_allows(r, Action::kEditOwnDetails)) << to_string(r);
  EXPECT_EQ(to_string(Action::kEditOwnDetails), "edit_own_details");
  // Their own record only: another patient's is not found.
  const Principal me{"u1", "c1", Role::kPatient, "p1"};
  EXPECT_EQ(decide(me, Action::kEditOwnDetails, {"c1", "p1"}), Decision::kAllow);
  EXPECT_EQ(decide(me, Action::kEditOwnDetails, {"c1", "p2"}), Decision::kNotFound);
}

TEST(Access, OnlyClinicansArePractitioners) {
  EXPECT_TRUE(is_clinician(Role::kPhysiotherapist));
  EXPECT_TRUE(is_clinician(Role::kAssistant));
  EXPECT_FALSE(is_clinician(Role::kFrontDesk));
  EXPECT_FALSE(is_clinician(Role::kAdmin));
  EXPECT_FALSE(is_clinician(Role::kPatient));
}

}  // namespace
}  // namespace physio::clinic
