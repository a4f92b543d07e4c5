// Builders of the encounters and documents: Encounter (a visit that happened, a live exercise session),
// DocumentReference (a signed note as text and PDF), Binary (a document's bytes), PractitionerRole (a
// clinician's role in the clinic).
#include <tuple>

#include <fmt/format.h>

#include "fhir/codes.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"
#include "fhir/resources.hpp"
#include "notes/note_types.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

constexpr std::string_view kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::optional<json> encounter_resource(const clinic::Appointment& a) {
  if (a.status != "arrived" && a.status != "fulfilled") return std::nullopt;
  const TimeUs end = a.start_us + a.duration_min * 60 * kUsPerSecond;
  json r = {{"resourceType", "Encounter"},
            {"id", a.id},
            {"meta", meta(a.updated_us ? a.updated_us : a.created_us)},
            {"status", a.status == "fulfilled" ? "finished" : "arrived"},
            {"class", coding(kActCode, "AMB", "ambulatory")},
            {"type", json::array({{{"text", a.reason.empty() ? "physiotherapy visit" : a.reason}}})},
            {"subject", reference("Patient", a.patient_id)},
            {"appointment", json::array({reference("Appointment", a.id)})},
            {"serviceProvider", reference("Organization", a.clinic_id)}};
  json period = {{"start", instant(a.start_us)}};
  if (a.status == "fulfilled") period["end"] = instant(end);
  r["period"] = period;
  if (!a.practitioner_id.empty())
    r["participant"] = json::array({{{"individual", reference("Practitioner", a.practitioner_id)}}});
  if (!a.room.empty())
    r["location"] =
        json::array({{{"location", reference("Location", room_location_id(a.clinic_id, a.room))}}});
  return with_narrative(std::move(r));
}

json encounter_resource(const clinic::LiveSession& s) {
  std::string status = "finished";
  if (s.state == "open") status = "in-progress";
  std::string what = "live exercise session: " + s.exercise_id;
  for (auto& c : what)
    if (c == '_') c = ' ';
  if (!s.side.empty()) what += " (" + s.side + ")";
  json r = {{"resourceType", "Encounter"},
            {"id", s.id},
            {"meta", meta(s.finished_us ? s.finished_us : s.created_us)},
            {"status", status},
            {"class", coding(kActCode, "VR", "virtual")},
            {"type", json::array({{{"text", what}}})},
            {"subject", reference("Patient", s.patient_id)},
            {"serviceProvider", reference("Organization", s.clinic_id)}};
  json period = {{"start", instant(s.created_us)}};
  if (s.finished_us) period["end"] = instant(s.finished_us);
  r["period"] = period;
  if (s.state == "interrupted") r["type"].push_back({{"text", "interrupted before the set was complete"}});
  return with_narrative(std::move(r));
}

json document_reference_resource(const notes::Note& n, std::string_view text, std::string_view clinic_id) {
  const auto type = notes::note_type_or_generic(n.header.type);
  const bool amended = !n.addenda.empty();
  const TimeUs date = amended ? n.addenda.back().at_us : n.signature->signed_us;
  json r = {
      {"resourceType", "DocumentReference"},
      {"id", n.header.id},
      {"meta", meta(date)},
      {"masterIdentifier", {{"system", fmt::format("{}:note", kRecordIdSystem)}, {"value", n.header.id}}},
      {"status", "current"},
      {"docStatus", amended ? "amended" : "final"},
      {"type", concept_of(coding(kLoinc, std::string(type.loinc), std::string(type.loinc_display)),
                          std::string(type.name))},
      {"subject", reference("Patient", n.header.patient_id)},
      {"date", instant(date)},
      {"author", json::array({reference("Practitioner", n.header.author_id)})},
      {"authenticator", reference("Practitioner", n.signature->signer_id)},
      {"custodian", reference("Organization", clinic_id)},
      {"content", json::array({{{"attachment",
                                 {{"contentType", "text/plain; charset=utf-8"},
                                  {"language", "en"},
                                  {"data", base64(text)},
                                  {"size", text.size()},
                                  {"title", std::string(type.name)},
                                  {"creation", instant(n.signature->signed_us)}}}},
                               // The same note laid out for signing as a PDF, read from the Binary of the
                               // note's id (relative to the FHIR base; docs/server/fhir.md).
                               {{"attachment",
                                 {{"contentType", "application/pdf"},
                                  {"language", "en"},
                                  {"url", "Binary/" + n.header.id},
                                  {"title", std::string(type.name) + " (PDF)"},
                                  {"creation", instant(n.signature->signed_us)}}}}})},
      {"context", {{"related", json::array({reference("Composition", n.header.id)})}}}};
  if (!n.header.episode_id.empty())
    r["context"]["period"] = {{"start", instant(n.header.window_from_us)},
                              {"end", instant(n.header.window_to_us)}};
  return with_narrative(std::move(r));
}

json binary_resource(std::string_view id, std::string_view content_type, std::string_view bytes,
                     std::string_view security_context, TimeUs updated) {
  json r = {{"resourceType", "Binary"},
            {"id", id},
            {"meta", meta(updated)},
            {"contentType", content_type},
            {"data", base64(bytes)}};
  if (!security_context.empty()) r["securityContext"] = {{"reference", security_context}};
  return r;
}

json practitioner_role_resource(const clinic::User& u) {
  const std::string role(clinic::to_string(u.role));
  std::string words = role;
  for (auto& c : words)
    if (c == '_') c = ' ';
  json r = {{"resourceType", "PractitionerRole"},
            {"id", u.id},
            {"meta", meta(u.created_us)},
            {"active", !u.disabled},
            {"practitioner", reference("Practitioner", u.id)},
            {"organization", reference("Organization", u.clinic_id)},
            {"code",
             json::array({{{"coding",
                            json::array({coding("http://physiokit.org/fhir/CodeSystem/roles", role, words)})},
                           {"text", words}}})}};
  return with_narrative(std::move(r));
}

json roles_code_system() {
  json concepts = json::array();
  for (const auto& [code, display, definition] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"physiotherapist", "physiotherapist", "Assesses, prescribes and reviews; signs notes."},
           {"assistant", "assistant",
            "Supports the physiotherapists' care; reads and enters clinical records."}})
    concepts.push_back({{"code", code}, {"display", display}, {"definition", definition}});
  return with_narrative(
      {{"resourceType", "CodeSystem"},
       {"id", "roles"},
       {"url", "http://physiokit.org/fhir/CodeSystem/roles"},
       {"version", "1"},
       {"name", "PhysiokitRoles"},
       {"title", "physiokit clinician roles"},
       {"status", "active"},
       {"experimental", false},
       {"publisher", "physiokit"},
       {"description", "The roles of the clinic's staff who give care (PractitionerRole.code)."},
       {"caseSensitive", true},
       {"content", "complete"},
       {"count", concepts.size()},
       {"concept", concepts}});
}

}  // namespace physio::fhir
