#pragma once
/// Code systems the FHIR resources use, and the local CodeSystem of measures that have no LOINC code
/// (cadence, stride length, the exercise quality score, ...): its canonical URL, its concepts and the
/// CodeSystem resource served at /fhir/CodeSystem/measures (docs/server/fhir.md,
/// docs/metrics/observations.md).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"

namespace physio::fhir {

inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kIcd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
/// The local CodeSystem's canonical URL (the same string the store keeps in observations.code_system).
inline constexpr std::string_view kMeasuresSystem = "http://physiokit.org/fhir/CodeSystem/measures";
/// The exercise library's ids (data/exercises), used as CarePlan activity codes.
inline constexpr std::string_view kExercisesSystem = "http://physiokit.org/fhir/CodeSystem/exercises";
/// The audit trail's action names ("patient.read"), used as AuditEvent.subtype.
inline constexpr std::string_view kAuditActionsSystem = "http://physiokit.org/fhir/CodeSystem/audit-actions";
/// Identifier systems: the clinic's record numbers and the store's record ids.
inline constexpr std::string_view kRecordIdSystem = "urn:physiokit:record";
inline constexpr std::string_view kObservationCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";

/// One concept of the local CodeSystem.
struct LocalConcept {
  std::string code;
  std::string display;
  std::string definition;
  std::string unit;  ///< UCUM
};

/// Every concept of the local CodeSystem, in documentation order.
const std::vector<LocalConcept>& local_concepts();

/// The CodeSystem resource (id "measures") with every concept and its UCUM unit as a property.
nlohmann::json measures_code_system();

/// The display a CodeSystem gives `code`: the local CodeSystem's concepts and the LOINC codes the server
/// writes; "" for a code it does not know (the coding then carries no display).
std::string code_display(std::string_view system, std::string_view code);

/// Decimals a value in UCUM unit `ucum` is reported with (its measurement precision,
/// docs/server/fhir-mapping.md "Precision"): deg, %, /min and {score} 1; s, m and m/s 2; m/s2 3; counts 0;
/// other units 3.
int unit_decimals(std::string_view ucum);
/// `value` rounded half away from zero to unit_decimals(ucum).
double round_to_unit(double value, std::string_view ucum);

/// The codings of an observation: its stored code first, then a LOINC code where one exists for the
/// same measurement (knee flexion active range: 41343-5 left / 41347-6 right, for the best range of a
/// knee-flexion exercise on one side).
nlohmann::json observation_codings(const clinic::Observation& o);

/// The observation-category code of a measurement: "therapy" (exercise measures), "activity" (gait),
/// "exam" (performance tests, sway), "survey" (patient-reported pain).
std::string_view observation_category(std::string_view code_system, std::string_view code);

/// SNOMED CT laterality qualifier for "left", "right", "both"/"bilateral"; empty coding otherwise.
nlohmann::json laterality_coding(std::string_view side);

}  // namespace physio::fhir
