// Builders of the outcome measures: Questionnaire (an instrument) and QuestionnaireResponse, and the
// Questionnaire id of an instrument id.
#include "fhir/resources.hpp"

#include <fmt/format.h>

#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

}  // namespace

std::string questionnaire_id(std::string_view instrument_id) {
  std::string s(instrument_id);
  for (auto& c : s)
    if (c == '_') c = '-';
  return s;
}

std::string instrument_id(std::string_view questionnaire_id) {
  std::string s(questionnaire_id);
  for (auto& c : s)
    if (c == '-') c = '_';
  return s;
}

json questionnaire_resource(const measures::Instrument& ins) {
  std::string name;
  bool upper = true;
  for (char c : ins.id) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  json items = json::array();
  for (const auto& it : ins.items) {
    json item = {{"linkId", it.id}, {"text", it.label}, {"required", false}};
    if (!it.options.empty()) {
      item["type"] = "choice";
      json opts = json::array();
      for (const auto& o : it.options)
        opts.push_back({{"valueCoding", {{"code", fmt::format("{:g}", o.value)}, {"display", o.label}}}});
      item["answerOption"] = opts;
    } else {
      item["type"] = it.integer ? "integer" : "decimal";
      if (!it.unit.empty())
        item["extension"] =
            json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"},
                          {"valueCoding", {{"display", it.unit}}}}});
    }
    items.push_back(item);
  }
  json r = {{"resourceType", "Questionnaire"},
            {"id", questionnaire_id(ins.id)},
            {"url", "http://physiokit.org/fhir/Questionnaire/" + questionnaire_id(ins.id)},
            {"name", name},
            {"title", ins.name},
            {"status", "active"},
            {"subjectType", json::array({"Patient"})},
            {"description", ins.description},
            {"item", items}};
  if (!ins.version.empty()) r["version"] = ins.version;
  if (!ins.licence.empty()) r["copyright"] = ins.licence;
  return with_narrative(std::move(r));
}

json questionnaire_response_resource(const clinic::QuestionnaireResponse& r,
                                     const measures::Instrument* instrument) {
  const json answers = json::parse(r.answers_json, nullptr, false);
  json items = json::array();
  if (answers.is_array()) {
    for (std::size_t i = 0; i < answers.size(); ++i) {
      const auto& a = answers[i];
      if (!a.is_number()) continue;
      const double v = a.get<double>();
      const measures::Item* item =
          instrument && i < instrument->items.size() ? &instrument->items[i] : nullptr;
      json answer;
      if (item && !item->options.empty()) {
        json c = {{"code", fmt::format("{:g}", v)}};
        for (const auto& o : item->options)
          if (o.value == v) c["display"] = o.label;
        answer = {{"valueCoding", c}};
      } else if (item && item->integer) {
        answer = {{"valueInteger", static_cast<long long>(v)}};
      } else {
        answer = {{"valueDecimal", v}};
      }
      json it = {{"linkId", item ? item->id : "item-" + std::to_string(i + 1)},
                 {"answer", json::array({answer})}};
      if (item && !item->label.empty()) it["text"] = item->label;
      items.push_back(it);
    }
  }
  json out = {
      {"resourceType", "QuestionnaireResponse"},
      {"id", r.id},
      {"meta", meta(r.created_us)},
      {"questionnaire", "http://physiokit.org/fhir/Questionnaire/" + questionnaire_id(r.instrument_id)},
      {"status", "completed"},
      {"subject", reference("Patient", r.patient_id)},
      {"authored", instant(r.completed_us)}};
  if (r.source == "staff" && !r.entered_by.empty()) {
    out["author"] = reference("Practitioner", r.entered_by);
    out["source"] = reference("Patient", r.patient_id);
  } else {
    out["author"] = reference("Patient", r.patient_id);
    out["source"] = reference("Patient", r.patient_id);
  }
  if (!items.empty()) out["item"] = items;
  return with_narrative(std::move(out));
}

}  // namespace physio::fhir
