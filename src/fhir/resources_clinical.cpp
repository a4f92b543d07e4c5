// Builders of the clinical resources: Condition and Goal (an episode), CarePlan (a home program),
// Observation (a measured value, a morning pain answer).
#include "fhir/resources.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fhir/codes.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

/// "3 x 10, hold 5 s, 10 kg, once a day, 5 days a week" from the rehab module's dosage JSON.
std::string dosage_words(const json& d) {
  std::string s = fmt::format("{} x {}", d.value("sets", 1), d.value("reps", 10));
  if (d.value("hold_s", 0.0) > 0) s += fmt::format(", hold {:g} s", d.value("hold_s", 0.0));
  if (d.contains("load") && d["load"].is_object()) {
    const auto& l = d["load"];
    const std::string kind = l.value("kind", "none");
    if (kind == "kg") s += fmt::format(", {:g} kg", l.value("kg", 0.0));
    if (kind == "band") s += ", " + l.value("band", std::string()) + " band";
    if (kind == "rpe") s += fmt::format(", RPE {:g}", l.value("rpe", 0.0));
    if (kind == "rir") s += fmt::format(", {:g} repetitions in reserve", l.value("rir", 0.0));
  }
  const int per_day = d.value("times_per_day", 1);
  s += per_day == 1 ? ", once a day" : fmt::format(", {} times a day", per_day);
  s += fmt::format(", {} days a week", d.value("days_per_week", 7));
  return s;
}
}  // namespace

json condition_resource(const clinic::Episode& e) {
  std::string clinical = "active";
  if (e.status == "finished") clinical = "resolved";
  if (e.status == "cancelled") clinical = "inactive";
  json r = {
      {"resourceType", "Condition"},
      {"id", e.id},
      {"meta", meta(e.updated_us ? e.updated_us : e.created_us)},
      {"clinicalStatus",
       concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical))},
      {"verificationStatus",
       concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"))},
      {"category", json::array({concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-category",
                                                  "problem-list-item", "Problem List Item"))})},
      {"subject", reference("Patient", e.patient_id)},
      {"recordedDate", instant(e.created_us)}};
  if (!e.icd10_code.empty() || !e.condition_text.empty()) {
    json code = json::object();
    if (!e.icd10_code.empty()) code["coding"] = json::array({coding(kIcd10Cm, e.icd10_code)});
    if (!e.condition_text.empty()) code["text"] = e.condition_text;
    r["code"] = code;
  }
  if (auto lat = laterality_coding(e.side); !lat.is_null())
    r["bodySite"] = json::array({{{"coding", json::array({lat})}, {"text", e.side}}});
  if (!e.onset_date.empty()) r["onsetDateTime"] = e.onset_date;
  json notes = json::array();
  if (!e.referral_source.empty())
    notes.push_back({{"text", "Referred by " + e.referral_source +
                                  (e.referral_date.empty() ? "" : " on " + e.referral_date)}});
  if (!e.surgery_date.empty()) notes.push_back({{"text", "Surgery on " + e.surgery_date}});
  if (!notes.empty()) r["note"] = notes;
  return with_narrative(std::move(r));
}

std::optional<json> goal_resource(const clinic::Episode& e) {
  if (e.goals.empty()) return std::nullopt;
  std::string status = "active";
  if (e.status == "planned") status = "planned";
  if (e.status == "onhold") status = "on-hold";
  if (e.status == "finished") status = "completed";
  if (e.status == "cancelled") status = "cancelled";
  return with_narrative(json{{"resourceType", "Goal"},
                             {"id", e.id},
                             {"meta", meta(e.updated_us ? e.updated_us : e.created_us)},
                             {"lifecycleStatus", status},
                             {"description", {{"text", e.goals}}},
                             {"subject", reference("Patient", e.patient_id)},
                             {"addresses", json::array({reference("Condition", e.id)})}});
}

json care_plan_resource(const clinic::HomeProgram& p) {
  json r = {{"resourceType", "CarePlan"},
            {"id", p.id},
            {"meta", {{"versionId", std::to_string(p.version)}, {"lastUpdated", instant(p.updated_us)}}},
            {"status", p.status == "active" ? "active" : "completed"},
            {"intent", "plan"},
            {"category", json::array({{{"text", "home exercise program"}}})},
            {"subject", reference("Patient", p.patient_id)},
            {"created", instant(p.created_us)}};
  // R4 CarePlan.period: from the program's creation; an ended program ends at its last change (ending it).
  r["period"] = {{"start", instant(p.created_us)}};
  if (p.status != "active") r["period"]["end"] = instant(p.updated_us);
  if (!p.title.empty()) r["title"] = p.title;
  if (!p.created_by.empty()) r["author"] = reference("Practitioner", p.created_by);
  const json program = json::parse(p.program_json, nullptr, false);
  json activities = json::array();
  if (program.is_object() && program.contains("prescriptions") && program["prescriptions"].is_array()) {
    for (const auto& rx : program["prescriptions"]) {
      if (!rx.is_object() || !rx.contains("exercise_id") || !rx["exercise_id"].is_string()) continue;
      const std::string ex = rx["exercise_id"].get<std::string>();
      const json dosage = rx.contains("dosage") && rx["dosage"].is_object() ? rx["dosage"] : json::object();
      json detail = {{"kind", "ServiceRequest"},
                     {"code", concept_of(coding(kExercisesSystem, ex), ex)},
                     {"status", p.status == "active" ? "scheduled" : "completed"},
                     {"description", dosage_words(dosage)},
                     {"scheduledTiming",
                      {{"repeat",
                        {{"frequency", std::max(1, dosage.value("times_per_day", 1))},
                         {"period", 1},
                         {"periodUnit", "d"}}}}},
                     {"quantity", {{"value", dosage.value("reps", 10)}, {"unit", "repetitions per set"}}}};
      const std::string side = rx.value("side", std::string());
      if (side == "left" || side == "right") detail["description"] = side + " side: " + dosage_words(dosage);
      activities.push_back({{"detail", detail}});
    }
  }
  if (!activities.empty()) r["activity"] = activities;
  return with_narrative(std::move(r));
}

json observation_resource(const clinic::Observation& o) {
  const std::string category(observation_category(o.code_system, o.code));
  json r = {
      {"resourceType", "Observation"},
      {"id", o.id},
      {"meta",
       {{"versionId", std::to_string(o.version)},
        {"lastUpdated", instant(o.updated_us ? o.updated_us : o.created_us)}}},
      {"status", o.version > 1 ? "amended" : "final"},
      {"category", json::array({concept_of(coding(kObservationCategorySystem, category))})},
      {"code", {{"coding", observation_codings(o)}, {"text", o.display.empty() ? o.code : o.display}}},
      {"subject", reference("Patient", o.patient_id)},
      {"effectiveDateTime", instant(o.effective_us)},
      {"issued", instant(o.created_us)},
      {"valueQuantity",
       {{"value", round_to_unit(o.value, o.unit)}, {"unit", o.unit}, {"system", kUcum}, {"code", o.unit}}}};
  if (!o.method.empty()) r["method"] = {{"text", o.method}};
  if (!o.body_site.empty() || !o.side.empty()) {
    std::string text = o.side.empty() ? o.body_site : o.side + (o.body_site.empty() ? "" : " " + o.body_site);
    for (auto& c : text)
      if (c == '_') c = ' ';
    json site = {{"text", text}};
    const bool knee = o.body_site == "knee" || o.display.find("knee") != std::string::npos;
    if (knee && o.side == "left")
      site["coding"] = json::array({coding(kSnomed, "82169009", "Left knee region")});
    if (knee && o.side == "right")
      site["coding"] = json::array({coding(kSnomed, "6757004", "Right knee region")});
    r["bodySite"] = site;
  }
  if (o.source != "manual") r["device"] = reference("Device", "physiokit");
  if (!o.recorded_by.empty()) r["performer"] = json::array({reference("Practitioner", o.recorded_by)});
  return with_narrative(std::move(r));
}

json pain_observation_resource(const clinic::MorningPainAnswer& a) {
  return with_narrative(json{
      {"resourceType", "Observation"},
      {"id", "mp-" + a.id},
      {"meta", meta(a.created_us)},
      {"status", "final"},
      {"category", json::array({concept_of(coding(kObservationCategorySystem, "survey"))})},
      {"code",
       concept_of(coding(kLoinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
                  "Morning pain (0-10)")},
      {"subject", reference("Patient", a.patient_id)},
      {"effectiveDateTime", instant(a.at_us)},
      {"issued", instant(a.created_us)},
      {"performer", json::array({reference("Patient", a.patient_id)})},
      {"valueQuantity", {{"value", a.nprs}, {"unit", "score"}, {"system", kUcum}, {"code", "{score}"}}}});
}

}  // namespace physio::fhir
