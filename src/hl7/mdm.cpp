#include "hl7/mdm.hpp"

#include <fmt/format.h>

#include "hl7/datetime.hpp"

namespace physio::hl7 {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find('\n', start);
    std::string_view line =
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return lines;
}

Result<Message> build_mdm(const ClinicalNote& note, const char* event) {
  if (note.document_number.empty())
    return fail(ErrorCode::kInvalidArgument, "MDM^{}: no document number", event);
  if (note.author.id.empty()) return fail(ErrorCode::kInvalidArgument, "MDM^{}: no author id", event);
  Message m = new_message(note.header, "MDM", event, "MDM_T02");
  m.set("EVN-1", event);
  m.set("EVN-2", format_dtm_utc(note.header.time_us));
  write_pid(m, note.patient);
  m.set("PV1-1", "1");
  m.set("PV1-2", "O");
  m.set("TXA-1", "1");
  m.set("TXA-2", note.document_type);
  m.set("TXA-3", "TX");
  m.set("TXA-4", format_dtm_utc(note.activity_us));
  write_person(m, "TXA", 5, note.author);
  m.set("TXA-6", format_dtm_utc(note.activity_us));
  write_person(m, "TXA", 9, note.author);
  m.set("TXA-12.1", note.document_number);
  m.set("TXA-12.2", kNamespace);
  if (!note.parent_document_number.empty()) {
    m.set("TXA-13.1", note.parent_document_number);
    m.set("TXA-13.2", kNamespace);
  }
  m.set("TXA-17", "AU");
  write_person(m, "TXA", 22, note.author, PersonType::kPpn);
  m.set("TXA-22.15", format_dtm_utc(note.signed_us));
  int n = 0;
  for (const std::string& line : lines_of(note.text)) {
    ++n;
    auto at = [n](int field, int component) { return Path{"OBX", n, field, 1, component, 0}; };
    m.set(at(1, 0), fmt::format("{}", n));
    m.set(at(2, 0), "TX");
    m.set(at(3, 1), note.code.code);
    m.set(at(3, 2), note.code.display);
    m.set(at(3, 3), note.code.system);
    m.set(at(4, 0), "1");
    m.set(at(5, 0), line);
    m.set(at(11, 0), "F");
  }
  return m;
}

}  // namespace

Result<Message> build_mdm_t02(const ClinicalNote& note) {
  ClinicalNote original = note;
  original.parent_document_number.clear();
  return build_mdm(original, "T02");
}

Result<Message> build_mdm_t06(const ClinicalNote& note) {
  if (note.parent_document_number.empty())
    return fail(ErrorCode::kInvalidArgument, "MDM^T06: no parent document number (TXA-13)");
  return build_mdm(note, "T06");
}

}  // namespace physio::hl7
