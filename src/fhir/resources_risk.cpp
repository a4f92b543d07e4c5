// RiskAssessment: a risk flag as FHIR R4 sees it (docs/server/fhir-mapping.md): the patient, when it was
// computed, the method (the clinic's model version or the published rule), what it is about (the appointment
// or the care plan) as its basis, the prediction (probability for a model, qualitative risk for a rule) with
// its reasons as the rationale, the suggested action as the mitigation, and the clinician's decision.
#include <nlohmann/json.hpp>

#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"
#include "fhir/resources.hpp"

namespace physio::fhir {

using nlohmann::json;

namespace {

constexpr std::string_view kRiskProbability = "http://terminology.hl7.org/CodeSystem/risk-probability";
constexpr std::string_view kLocalRiskKinds = "urn:physiokit:risk-kind";

const char* outcome_of(std::string_view kind) {
  if (kind == "noshow") return "Does not attend the appointment";
  if (kind == "dropout") return "Stops the home exercise program";
  if (kind == "fall") return "Falls";
  if (kind == "recovery") return "Recovers more slowly than expected";
  return "Unspecified";
}

const char* status_of(std::string_view s) {
  if (s == "accepted") return "final";       // reviewed and accepted by a clinician
  if (s == "dismissed") return "cancelled";  // reviewed and dismissed, with the reason in a note
  if (s == "resolved") return "amended";     // no longer raised by the latest scoring
  return "preliminary";                      // computed, not reviewed yet
}

}  // namespace

json risk_assessment_resource(const clinic::RiskFlagRow& f) {
  const json body = json::parse(f.body, nullptr, false);
  auto text = [&](const char* key) {
    return body.is_object() && body.contains(key) && body[key].is_string() ? body[key].get<std::string>()
                                                                           : std::string();
  };
  json r = {{"resourceType", "RiskAssessment"},
            {"id", f.id},
            {"meta", meta(f.updated_us ? f.updated_us : f.computed_us)},
            {"status", status_of(f.status)},
            {"code", concept_of(coding(kLocalRiskKinds, f.kind), text("title"))},
            {"subject", reference("Patient", f.patient_id)},
            {"occurrenceDateTime", instant(f.computed_us)},
            {"method",
             {{"text", f.method == "model" ? "the clinic's model " + f.model + ", version " + f.model_version
                                           : "published rule: " + f.model}}}};
  if (f.subject_type == "appointment") r["basis"] = json::array({reference("Appointment", f.subject_id)});
  if (f.subject_type == "program") r["basis"] = json::array({reference("CarePlan", f.subject_id)});
  if (f.subject_type == "episode") r["basis"] = json::array({reference("Condition", f.subject_id)});
  json prediction = {{"outcome", {{"text", outcome_of(f.kind)}}}};
  if (f.probability) prediction["probabilityDecimal"] = *f.probability;
  if (f.level == "low" || f.level == "moderate" || f.level == "high")
    prediction["qualitativeRisk"] = concept_of(coding(kRiskProbability, f.level, f.level));
  std::string rationale;
  if (body.is_object() && body.contains("reasons") && body["reasons"].is_array())
    for (const auto& x : body["reasons"])
      if (x.is_object() && x.contains("text") && x["text"].is_string())
        rationale += (rationale.empty() ? "" : "; ") + x["text"].get<std::string>();
  const std::string basis = text("basis");
  if (!basis.empty()) rationale += (rationale.empty() ? "" : ". ") + basis;
  if (!rationale.empty()) prediction["rationale"] = rationale;
  r["prediction"] = json::array({prediction});
  if (const std::string action = text("action"); !action.empty()) r["mitigation"] = action;
  if (!f.decided_by.empty()) {
    r["performer"] = reference("Practitioner", f.decided_by);
    json note = {{"authorReference", reference("Practitioner", f.decided_by)},
                 {"time", instant(f.decided_us)},
                 {"text", std::string(f.status == "dismissed" ? "Dismissed" : "Accepted") +
                              (f.decision_reason.empty() ? "" : ": " + f.decision_reason)}};
    r["note"] = json::array({note});
  }
  return with_narrative(std::move(r));
}

}  // namespace physio::fhir
