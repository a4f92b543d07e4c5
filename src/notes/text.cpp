#include "notes/text.hpp"

#include "notes/note_types.hpp"

#include <fmt/format.h>

#include "notes/dates.hpp"
#include "notes/wording.hpp"

namespace physio::notes {

std::string canonical_text(const Section& section) {
  std::string out;
  for (const Sentence& s : section.sentences) {
    std::vector<std::string> refs;
    for (const SourceRef& r : s.sources) refs.push_back(r.type + ":" + r.id);
    out += fmt::format("{} | {}{} | {}\n", section.code, one_line(s.text), s.edited ? " [edited]" : "",
                       refs.empty() ? std::string("-") : fmt::format("{}", fmt::join(refs, ", ")));
  }
  return out;
}

std::string canonical_text(const Draft& draft) {
  std::string out;
  for (const Section& s : draft.sections) out += canonical_text(s);
  return out;
}

namespace {

std::string addendum_line(const Addendum& a, const std::map<std::string, std::string>& names) {
  const auto name = names.find(a.author_id);
  return fmt::format("Addendum of {} by {}: {} Reason: {}", note_date_of(a.at_us),
                     name == names.end() ? a.author_id : name->second, one_line(a.text), one_line(a.reason));
}

}  // namespace

std::string plain_text(const Note& note, const std::map<std::string, std::string>& names) {
  std::vector<std::string> lines;
  // A typed note says what it is first ("Progress report"); a note stored before types reads as it was sent.
  if (const NoteType* type = find_note_type(note.header.type)) lines.emplace_back(type->name);
  if (note.status() == NoteStatus::kDraft) lines.emplace_back("Draft: not signed.");
  for (const Section& s : note.sections) {
    if (!lines.empty()) lines.emplace_back();
    lines.push_back(s.title);
    // A section left empty says so, as the Composition's does, rather than standing bare.
    if (s.sentences.empty()) lines.emplace_back("Nothing recorded.");
    for (const Sentence& t : s.sentences) lines.push_back(one_line(t.text));
  }
  for (const Addendum& a : note.addenda) {
    lines.emplace_back();
    lines.push_back(addendum_line(a, names));
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

Result<MdmContent> mdm_content(const Note& note, const std::map<std::string, std::string>& names) {
  if (!note.signature)
    return fail(
        ErrorCode::kInvalidArgument,
        "note {}: only a signed note is sent as MDM^T02 (it marks the document authenticated); sign it "
        "first",
        note.header.id);
  MdmContent m;
  m.document_number = note.header.id;
  m.author_id = note.signature->signer_id;
  m.activity_us = note.header.window_to_us;
  m.signed_us = note.signature->signed_us;
  m.text = plain_text(note, names);
  return m;
}

Result<AddendumMdmContent> addendum_mdm_content(const Note& note, std::size_t index,
                                                const std::map<std::string, std::string>& names) {
  auto parent = PHYSIO_TRY(mdm_content(note, names));
  if (index >= note.addenda.size())
    return fail(ErrorCode::kOutOfRange, "note {} has {} addenda, not {}", note.header.id, note.addenda.size(),
                index + 1);
  const Addendum& a = note.addenda[index];
  AddendumMdmContent out;
  out.parent_document_number = parent.document_number;
  out.content.document_number = fmt::format("{}-A{}", note.header.id, index + 1);
  out.content.author_id = a.author_id;
  out.content.activity_us = a.at_us;
  out.content.signed_us = a.at_us;
  out.content.text = addendum_line(a, names);
  return out;
}

}  // namespace physio::notes
