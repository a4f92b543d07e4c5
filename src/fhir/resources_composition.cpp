// The Composition builder: a SOAP note with its sections as XHTML narrative and their sources as entries.
#include "fhir/resources.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/markup.hpp"
#include "fhir/codes.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"
#include "notes/dates.hpp"
#include "notes/note_types.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

/// Text as XHTML character data: markup characters escaped, control characters (not allowed in XML)
/// dropped.
std::string xhtml_escape(std::string_view text) {
  return escape_markup(text, MarkupText::kXhtml);
}

json narrative(const std::vector<std::string>& paragraphs) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
  for (const auto& p : paragraphs) div += "<p>" + xhtml_escape(p) + "</p>";
  div += "</div>";
  return {{"status", "generated"}, {"div", div}};
}

/// The FHIR resource a note's source row is served as; null when it has none (exercise logs, proposals).
json source_reference(const notes::SourceRef& s) {
  if (s.type == "observation") return reference("Observation", s.id);
  if (s.type == "morning_pain") return reference("Observation", "mp-" + s.id);
  if (s.type == "questionnaire_response") return reference("QuestionnaireResponse", s.id);
  if (s.type == "appointment") return reference("Appointment", s.id);
  if (s.type == "episode") return reference("Condition", s.id);
  if (s.type == "program") return reference("CarePlan", s.id);
  return nullptr;
}

json soap_section_code(std::string_view code) {
  if (code == "S") return concept_of(coding(kLoinc, "61150-9", "Subjective Narrative"));
  if (code == "O") return concept_of(coding(kLoinc, "61149-1", "Objective Narrative"));
  if (code == "A") return concept_of(coding(kLoinc, "51848-0", "Evaluation note"));
  return concept_of(coding(kLoinc, "18776-5", "Plan of care note"));
}

}  // namespace

json composition_resource(const notes::Note& n) {
  const notes::NoteStatus status = n.status();
  TimeUs date = n.updated_us;
  std::string fhir_status = "preliminary";
  if (status != notes::NoteStatus::kDraft) {
    date = n.signature->signed_us;
    fhir_status = "final";
  }
  if (status == notes::NoteStatus::kAmended) {
    date = n.addenda.back().at_us;
    fhir_status = "amended";
  }
  json sections = json::array();
  for (const notes::Section& s : n.sections) {
    std::vector<std::string> paragraphs;
    json entries = json::array();
    std::vector<std::string> seen;
    for (const notes::Sentence& t : s.sentences) {
      paragraphs.push_back(t.text);
      for (const notes::SourceRef& src : t.sources) {
        json ref = source_reference(src);
        if (ref.is_null()) continue;
        const std::string key = ref["reference"].get<std::string>();
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        entries.push_back(std::move(ref));
      }
    }
    json section = {{"title", s.title}, {"code", soap_section_code(s.code)}};
    if (paragraphs.empty()) {
      section["text"] = narrative({"Nothing recorded."});
      section["emptyReason"] = concept_of(
          coding("http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown", "Nil Known"));
    } else {
      section["text"] = narrative(paragraphs);
      if (!entries.empty()) section["entry"] = entries;
    }
    sections.push_back(section);
  }
  for (const notes::Addendum& a : n.addenda)
    sections.push_back(
        {{"title", "Addendum"},
         {"author", json::array({reference("Practitioner", a.author_id)})},
         // In words, as the note's text has it ("Addendum of 25 Nov 2026: ..."); the instant is in the
         // section's author and the note's history, not in what a person reads.
         {"text", narrative({fmt::format("Addendum of {}: {}", notes::note_date_of(a.at_us), a.text),
                             "Reason: " + a.reason})}});
  const auto type = notes::note_type_or_generic(n.header.type);
  json r = {{"resourceType", "Composition"},
            {"id", n.header.id},
            {"meta", meta(date)},
            {"identifier", {{"system", fmt::format("{}:note", kRecordIdSystem)}, {"value", n.header.id}}},
            {"status", fhir_status},
            {"type", concept_of(coding(kLoinc, std::string(type.loinc), std::string(type.loinc_display)),
                                std::string(type.name))},
            {"subject", reference("Patient", n.header.patient_id)},
            {"date", instant(date)},
            {"author", json::array({reference("Practitioner", n.header.author_id)})},
            {"title", status == notes::NoteStatus::kDraft ? fmt::format("{} (draft, not signed)", type.name)
                                                          : std::string(type.name)},
            {"section", sections}};
  if (!n.header.episode_id.empty())
    r["event"] = json::array(
        {{{"detail", json::array({reference("Condition", n.header.episode_id)})},
          {"period",
           {{"start", instant(n.header.window_from_us)}, {"end", instant(n.header.window_to_us)}}}}});
  if (n.signature)
    r["attester"] = json::array({{{"mode", "legal"},
                                  {"time", instant(n.signature->signed_us)},
                                  {"party", reference("Practitioner", n.signature->signer_id)}}});
  return with_narrative(std::move(r));
}

}  // namespace physio::fhir
