#pragma once
/// A patient's compartment as FHIR resources, as rules over the rows the caller loaded: which permission
/// reads each resource type, the compartment's types in the order $everything and bulk export list them,
/// what a given role sees of each type (Provenance only with the targets it may read, no draft notes for
/// a patient), and the Provenance resources that point at a set of resources.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/access.hpp"
#include "clinic/records.hpp"
#include "clinic/registration.hpp"
#include "core/error.hpp"
#include "fhir/search.hpp"
#include "measures/library.hpp"

namespace physio::fhir {

/// The permission that reads resources of `type`; nullopt for types that hold no clinic data
/// (Questionnaire, Device, CodeSystem).
std::optional<clinic::Action> read_action(std::string_view type);

/// The compartment types, in the order $everything and bulk export list them. RiskAssessment is searched and
/// read on its own (its flags are suggestions, not part of the record a bulk export or $everything copies).
const std::vector<std::string>& compartment_types();

/// Which rows the resources of `type` are built from.
enum class CompartmentSource {
  kNone,
  kEpisodes,
  kPrograms,
  kObservations,
  kConsents,
  kAppointments,
  kAuditEvents,
  kProvenance,
  kQuestionnaireResponses,
  kNotes,
  kRiskFlags,
  kEncounters  ///< appointments and live sessions
};
CompartmentSource source_of(std::string_view type);

/// The rows of one patient the compartment is built from; the caller fills what source_of(type) names
/// (kProvenance: programs with their versions, observations and consents).
struct CompartmentRows {
  std::vector<clinic::Episode> episodes;
  std::vector<clinic::HomeProgram> programs;
  std::map<std::string, std::vector<clinic::ProgramVersion>> program_versions;  ///< by program id
  std::vector<clinic::Observation> observations;
  std::vector<clinic::MorningPainAnswer> morning_pain;
  std::vector<clinic::Consent> consents;
  std::vector<clinic::Appointment> appointments;
  std::vector<clinic::AuditEvent> audit_events;  ///< newest first
  std::vector<clinic::QuestionnaireResponse> questionnaire_responses;
  std::vector<clinic::NoteRow> notes;
  std::vector<clinic::RiskFlagRow> risk_flags;
  std::vector<clinic::LiveSession> live_sessions;
  /// Display names by user id, for the addendum authors in a DocumentReference's text.
  std::map<std::string, std::string> user_names;
  /// The patient's registration details (address, emergency contact, GP) for the Patient resource; unset:
  /// the Patient carries the demographics only.
  std::optional<clinic::Registration> registration{};
};

/// Every resource of `type` in patient `p`'s compartment that `who` may read. `p` must already be
/// authorized for `who`. `measures` may be null (responses then carry no instrument). kCorrupt when a
/// stored note cannot be read.
Result<std::vector<SearchItem>> compartment_resources(const clinic::Patient& p, std::string_view type,
                                                      const CompartmentRows& rows,
                                                      const clinic::Principal& who,
                                                      const measures::MeasureLibrary* measures);

/// The resource types $everything and bulk export add because the compartment's resources reference them
/// (Practitioner, Organization, Device): an output holds every resource it references.
const std::vector<std::string>& supporting_types();

/// The references ("Type/id") in `resources` that name none of them, each once, in order ("#" references to
/// contained resources and the narrative aside).
std::vector<std::string> unresolved_references(const std::vector<const nlohmann::json*>& resources);

/// True for an AuditEvent that records a read made through the FHIR API (subtype "fhir.*", action R).
/// $everything and bulk export leave them out: reading a record never changes what the next read returns.
bool records_a_fhir_read(const nlohmann::json& resource);

/// The Provenance resources whose target is one of `targets`, from their patients' compartments.
std::vector<nlohmann::json> provenance_for(const std::vector<SearchItem>& provenance,
                                           const std::vector<const nlohmann::json*>& targets);

}  // namespace physio::fhir
