#pragma once
/// The clinic's records as FHIR R4 resources (docs/server/fhir-mapping.md). Each builder takes records the
/// caller has already been authorized to read and returns one resource as JSON; builders never load
/// anything, so a resource holds only what was passed in. Adding a resource type is one builder here, its
/// row in search.cpp and its loader in the server.
///
/// Ids: a resource made from one record has the record's id (32 hex digits). Resources derived from part
/// of a record have a prefix: Provenance "cp-<program>-<version>" (a CarePlan version), "cs-<consent>",
/// "ob-<observation>"; pain Observations from the morning pain question "mp-<answer>"; AuditEvent ids are
/// the audit trail's sequence numbers; Questionnaire ids are the instrument ids with '-' for '_'.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "clinic/registration.hpp"
#include "core/time.hpp"
#include "measures/instrument.hpp"
#include "notes/note.hpp"

namespace physio::fhir {

/// FHIR instant, UTC with microseconds: "2026-11-23T10:15:00.000000Z".
std::string instant(TimeUs t);

/// "Patient/<id>".
nlohmann::json reference(std::string_view type, std::string_view id);

nlohmann::json patient_resource(const clinic::Patient& p);
/// The same with the registration details (docs/server/fhir.md, "Patient"): the address in
/// Patient.address, the emergency contact in Patient.contact (relationship v2-0131 C), the GP in
/// Patient.generalPractitioner as a reference by display; the referrer and who pays are not on Patient.
nlohmann::json patient_resource(const clinic::Patient& p, const clinic::Registration& r);
nlohmann::json organization_resource(const clinic::Clinic& c);

/// A room the clinic's appointments name ("" is none), and when an appointment first named it.
struct ClinicRoom {
  std::string name{};
  TimeUs first_used_us = 0;
};
/// The Location id of a room of a clinic: "room-" and 24 hex digits of the SHA-256 of the clinic's id and
/// the room's name (rooms are free text; two clinics' "Room 1" are two Locations).
std::string room_location_id(std::string_view clinic_id, std::string_view room);
/// The clinic's site as a Location with the clinic's id: physicalType si, managed by the clinic.
nlohmann::json site_location_resource(const clinic::Clinic& c);
/// A room as a Location (room_location_id): physicalType ro, partOf the site, managed by the clinic.
nlohmann::json room_location_resource(const clinic::Clinic& c, const ClinicRoom& room);
/// A staff login as a Practitioner (name, e-mail, active). Patients' logins are not Practitioners.
nlohmann::json practitioner_resource(const clinic::User& u);
/// The episode's diagnosis: ICD-10-CM code, words, laterality, onset, clinical status.
nlohmann::json condition_resource(const clinic::Episode& e);
/// The episode's goals in words (nullopt when the episode has none), addressing the Condition.
std::optional<nlohmann::json> goal_resource(const clinic::Episode& e);
/// A home exercise program (current version): one activity per prescription with its dosage.
nlohmann::json care_plan_resource(const clinic::HomeProgram& p);
/// A measured value: code(s), category, UCUM quantity, method, body site with laterality, device.
nlohmann::json observation_resource(const clinic::Observation& o);
/// A morning pain answer as an Observation of LOINC 72514-3 (pain severity 0-10, reported), id "mp-<id>".
nlohmann::json pain_observation_resource(const clinic::MorningPainAnswer& a);
nlohmann::json consent_resource(const clinic::Consent& c);
nlohmann::json appointment_resource(const clinic::Appointment& a);
/// A risk flag (docs/server/risk.md): preliminary while open, final when accepted, cancelled when dismissed
/// (the reason in a note), amended when no longer raised; probability for a model, qualitative risk for a
/// rule.
nlohmann::json risk_assessment_resource(const clinic::RiskFlagRow& f);
/// One audit trail entry; `clinic_id` names the Organization that observed it.
nlohmann::json audit_event_resource(const clinic::AuditEvent& e);
/// Who made one version of a program, when and why ("cp-<program>-<version>").
nlohmann::json program_provenance(const clinic::HomeProgram& p, const clinic::ProgramVersion& v);
/// Who recorded a consent and when ("cs-<consent>").
nlohmann::json consent_provenance(const clinic::Consent& c);
/// What produced an observation: the analysis software from a recording ("ob-<observation>").
nlohmann::json observation_provenance(const clinic::Observation& o);
/// The analysis software that turns recordings into observations (id "physiokit"). Capture devices
/// (the patient's camera, a clinic's IMU) are not recorded by the store, so they have no Device.
nlohmann::json device_resource(std::string_view version);
/// An outcome measure instrument: items with their answer options or measured-value type, licence.
nlohmann::json questionnaire_resource(const measures::Instrument& ins);

/// A filled-in outcome measure: one item per answered question in the instrument's published order (the
/// chosen option's code and label, or the measured value), the Questionnaire's canonical URL, the author
/// (the patient for their own page or a single-use link, else the staff member who entered it). Missing
/// answers have no item. `instrument` is null when its file is gone: items are then named by position.
nlohmann::json questionnaire_response_resource(const clinic::QuestionnaireResponse& r,
                                               const measures::Instrument* instrument);

/// A SOAP note as a Composition of LOINC 11506-3 (progress note): status `preliminary` for a draft (drafts
/// are never final until a clinician signs them), `final` once signed, `amended` after an addendum; the
/// date is the last edit, the signature or the last addendum; the note's author as a Practitioner and the
/// signer as the legal attester. Sections S, O, A, P (LOINC 61150-9, 61149-1, 51848-0, 18776-5) hold their
/// sentences as XHTML narrative (one paragraph each, escaped) and, as entries, the resources their sources
/// name (Observation, QuestionnaireResponse, Appointment, Condition, CarePlan; morning pain "mp-<id>");
/// each addendum is a section of its own with its author, time and reason.
nlohmann::json composition_resource(const notes::Note& n);

/// A visit that happened (an appointment arrived or fulfilled) as an Encounter with the appointment's id:
/// class AMB, the period, the practitioner, the appointment; nullopt for one that did not happen (booked,
/// cancelled, no-show).
std::optional<nlohmann::json> encounter_resource(const clinic::Appointment& a);
/// A live exercise session as an Encounter with the session's id: class VR (the patient at home, the
/// server remote), in-progress while open, finished once complete or interrupted.
nlohmann::json encounter_resource(const clinic::LiveSession& s);
/// Bytes as a Binary (base64 `data`), readable by whoever may read `security_context` ("DocumentReference/
/// <id>"; "" none). Binary has no narrative (it is a Resource, not a DomainResource).
nlohmann::json binary_resource(std::string_view id, std::string_view content_type, std::string_view bytes,
                               std::string_view security_context, TimeUs updated);
/// A signed note as a DocumentReference with the note's id: the note's text (`text`: notes::plain_text)
/// as a text/plain attachment, the note as a PDF by reference (`url` "Binary/<note id>", served by
/// GET /fhir/Binary/{id}), its LOINC document type, author, authenticator (the signer), docStatus final
/// or amended, and the Composition of the same note in context.related. A draft has none.
nlohmann::json document_reference_resource(const notes::Note& n, std::string_view text,
                                           std::string_view clinic_id);
/// A clinician's role in the clinic (id = the user's id): the Practitioner, the Organization and the role
/// (http://physiokit.org/fhir/CodeSystem/roles).
nlohmann::json practitioner_role_resource(const clinic::User& u);
/// The CodeSystem of the clinician roles (id "roles").
nlohmann::json roles_code_system();

/// Questionnaire id of an instrument id ("koos_jr" -> "koos-jr") and back (nullopt when not one).
std::string questionnaire_id(std::string_view instrument_id);
std::string instrument_id(std::string_view questionnaire_id);

/// The last words of the audit actions that are reads (AuditEvent.action "R": "patient.read",
/// "fhir.patient.everything"): read, search, watch, calendar, export, everything, download, vread, history.
std::span<const std::string_view> audit_read_verbs();

/// The FHIR type of an audit record type ("patient" -> "Patient", "episode" -> "Condition"); "" when none.
std::string_view fhir_type_of_record(std::string_view record_type);

/// The Provenance id kinds: which record a Provenance id names.
struct ProvenanceId {
  enum class Kind { kProgramVersion, kConsent, kObservation } kind = Kind::kConsent;
  std::string record_id;
  std::int64_t version = 0;  ///< kProgramVersion
};
std::optional<ProvenanceId> parse_provenance_id(std::string_view id);

}  // namespace physio::fhir
