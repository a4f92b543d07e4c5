// Generated narratives (see the header): per resource type, the elements a reader needs, as labelled lines.
#include "fhir/narrative.hpp"

#include <map>

#include "core/markup.hpp"
#include "fhir/json_path.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

struct Line {
  std::string_view label;
  std::string_view path;
};

/// What each type's narrative says, in order: the label and the element path (json_path).
const std::map<std::string, std::vector<Line>, std::less<>>& lines_of() {
  static const std::map<std::string, std::vector<Line>, std::less<>> table = {
      {"Patient",
       {{"Name", "name"},
        {"Birth date", "birthDate"},
        {"Gender", "gender"},
        {"Record number", "identifier"}}},
      {"Practitioner", {{"Name", "name"}, {"E-mail", "telecom.value"}, {"Active", "active"}}},
      {"PractitionerRole",
       {{"Practitioner", "practitioner"}, {"Role", "code"}, {"Organization", "organization"}}},
      {"Organization", {{"Name", "name"}, {"Type", "type"}}},
      {"Location", {{"Name", "name"}, {"Organization", "managingOrganization"}}},
      {"Device", {{"Name", "deviceName.name"}, {"Version", "version.value"}, {"Status", "status"}}},
      {"Condition",
       {{"Condition", "code"},
        {"Clinical status", "clinicalStatus"},
        {"Body site", "bodySite"},
        {"Onset", "onsetDateTime"},
        {"Recorded", "recordedDate"}}},
      {"Goal", {{"Goal", "description"}, {"Status", "lifecycleStatus"}, {"Addresses", "addresses"}}},
      {"CarePlan",
       {{"Title", "title"},
        {"Status", "status"},
        {"Created", "created"},
        {"Exercise", "activity.detail.code"},
        {"Dosage", "activity.detail.description"}}},
      {"Observation",
       {{"Measure", "code"},
        {"Value", "valueQuantity"},
        {"When", "effectiveDateTime"},
        {"Status", "status"},
        {"Method", "method"},
        {"Body site", "bodySite"}}},
      {"Consent", {{"Consent", "category"}, {"Status", "status"}, {"Date", "dateTime"}}},
      {"Appointment",
       {{"Status", "status"},
        {"Start", "start"},
        {"End", "end"},
        {"Reason", "description"},
        {"Participant", "participant.actor"}}},
      {"Encounter",
       {{"Status", "status"},
        {"Class", "class"},
        {"Type", "type"},
        {"Start", "period.start"},
        {"End", "period.end"},
        {"Participant", "participant.individual"}}},
      {"DocumentReference",
       {{"Document", "type"},
        {"Status", "docStatus"},
        {"Date", "date"},
        {"Author", "author"},
        {"Content", "content.attachment.title"}}},
      {"AuditEvent",
       {{"Event", "subtype"},
        {"Action", "action"},
        {"Outcome", "outcome"},
        {"Recorded", "recorded"},
        {"By", "agent.who"},
        {"Detail", "outcomeDesc"}}},
      {"Provenance",
       {{"Target", "target"},
        {"Activity", "activity"},
        {"Recorded", "recorded"},
        {"By", "agent.who"},
        {"Reason", "reason"}}},
      {"Questionnaire", {{"Title", "title"}, {"Status", "status"}, {"Items", "item.text"}}},
      {"QuestionnaireResponse",
       {{"Questionnaire", "questionnaire"},
        {"Status", "status"},
        {"Authored", "authored"},
        {"Answer", "item.answer"}}},
      {"Composition", {{"Title", "title"}, {"Status", "status"}, {"Date", "date"}, {"Author", "author"}}},
      {"CodeSystem", {{"Title", "title"}, {"URL", "url"}, {"Concepts", "count"}}},
      {"RiskAssessment",
       {{"Assessment", "code"},
        {"Status", "status"},
        {"Outcome", "prediction.outcome"},
        {"Probability", "prediction.probabilityDecimal"},
        {"Risk", "prediction.qualitativeRisk"},
        {"Note", "note.text"}}},
  };
  return table;
}

std::string number_words(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  std::string s = v.dump();
  return s;
}

}  // namespace

std::string value_words(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number()) return number_words(v);
  if (!v.is_object()) return {};
  if (v.contains("value") && v.contains("unit") && v["value"].is_number())
    return number_words(v["value"]) + " " + v["unit"].get<std::string>();
  if (v.contains("valueCoding")) return value_words(v["valueCoding"]);
  for (const char* k : {"valueString", "valueInteger", "valueDecimal", "valueBoolean", "valueDate",
                        "valueDateTime", "valueQuantity"})
    if (v.contains(k)) return value_words(v[k]);
  if (v.contains("text") && v["text"].is_string()) return v["text"].get<std::string>();
  if (v.contains("display") && v["display"].is_string()) return v["display"].get<std::string>();
  if (v.contains("coding") && v["coding"].is_array() && !v["coding"].empty())
    return value_words(v["coding"][0]);
  if (v.contains("reference") && v["reference"].is_string()) return v["reference"].get<std::string>();
  if (v.contains("code") && v["code"].is_string()) return v["code"].get<std::string>();
  if (v.contains("family") || v.contains("given")) {
    std::string s;
    for (const auto* g : values_at(v, "given")) s += (s.empty() ? "" : " ") + value_words(*g);
    if (v.contains("family")) s += (s.empty() ? "" : " ") + value_words(v["family"]);
    return s;
  }
  if (v.contains("identifier")) return value_words(v["identifier"]);
  if (v.contains("value") && v["value"].is_string()) return v["value"].get<std::string>();
  return {};
}

std::string narrative_div(std::string_view title,
                          const std::vector<std::pair<std::string, std::string>>& lines) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p><b>" +
                    escape_markup(title, MarkupText::kXhtml) + "</b></p>";
  for (const auto& [label, value] : lines)
    div += "<p>" + escape_markup(label, MarkupText::kXhtml) + ": " +
           escape_markup(value, MarkupText::kXhtml) + "</p>";
  return div + "</div>";
}

json with_narrative(json r) {
  if (!r.is_object() || r.contains("text")) return r;
  const std::string type = r.value("resourceType", std::string());
  std::vector<std::pair<std::string, std::string>> lines;
  if (const auto it = lines_of().find(type); it != lines_of().end()) {
    for (const auto& l : it->second) {
      std::string words;
      for (const auto* v : values_at(r, l.path)) {
        const std::string w = value_words(*v);
        if (w.empty()) continue;
        if (words.size() > 400) {
          words += ", ...";
          break;
        }
        words += (words.empty() ? "" : ", ") + w;
      }
      if (!words.empty()) lines.emplace_back(std::string(l.label), words);
    }
  }
  std::string title = type;
  if (r.contains("id") && r["id"].is_string()) title += " " + r["id"].get<std::string>();
  r["text"] = {{"status", "generated"}, {"div", narrative_div(title, lines)}};
  return r;
}

}  // namespace physio::fhir
