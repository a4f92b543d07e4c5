#include "notes/note.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "notes/note_json_parts.hpp"
#include "security/hash.hpp"

namespace physio::notes {
namespace {

Result<Section*> find_section(Note& note, std::string_view code) {
  for (Section& s : note.sections)
    if (s.code == code) return &s;
  return fail(ErrorCode::kInvalidArgument, "section '{}': not one of S, O, A, P", code);
}

Result<Sentence*> find_sentence(Note& note, std::string_view code, std::size_t index) {
  Section* s = PHYSIO_TRY(find_section(note, code));
  if (index >= s->sentences.size())
    return fail(ErrorCode::kOutOfRange, "sections[{}].sentences[{}]: no such sentence (the section has {})",
                code, index, s->sentences.size());
  return &s->sentences[index];
}

Status check_draft(const Note& note) {
  if (note.signature)
    return std::unexpected(Error(ErrorCode::kInvalidArgument, std::string(kSignedNoteIsImmutable)));
  return ok();
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view to_string(NoteStatus status) {
  switch (status) {
    case NoteStatus::kDraft:
      return "draft";
    case NoteStatus::kSigned:
      return "signed";
    case NoteStatus::kAmended:
      return "amended";
  }
  return "draft";
}

NoteStatus Note::status() const {
  if (!signature) return NoteStatus::kDraft;
  return addenda.empty() ? NoteStatus::kSigned : NoteStatus::kAmended;
}

Note new_note(NoteHeader header, Draft draft) {
  Note n;
  n.header = std::move(header);
  n.updated_us = n.header.created_us;
  n.sections = std::move(draft.sections);
  n.checklist = std::move(draft.checklist);
  return n;
}

Status edit_sentence(Note& note, std::string_view section, std::size_t index, std::string text,
                     TimeUs at_us) {
  PHYSIO_CHECK(check_draft(note));
  Sentence* s = PHYSIO_TRY(find_sentence(note, section, index));
  if (blank(text))
    return fail(ErrorCode::kInvalidArgument,
                "sections[{}].sentences[{}].text: empty (remove the sentence instead)", section, index);
  s->text = std::move(text);
  s->edited = true;
  note.updated_us = std::max(note.updated_us, at_us);
  return ok();
}

Status add_sentence(Note& note, std::string_view section, std::string text, TimeUs at_us) {
  PHYSIO_CHECK(check_draft(note));
  Section* s = PHYSIO_TRY(find_section(note, section));
  if (blank(text))
    return fail(ErrorCode::kInvalidArgument, "sections[{}]: a new sentence needs text", section);
  s->sentences.push_back(Sentence{std::move(text), {}, true});
  note.updated_us = std::max(note.updated_us, at_us);
  return ok();
}

Status add_cited_sentence(Note& note, std::string_view section, std::string text,
                          std::vector<SourceRef> sources, bool edited, TimeUs at_us) {
  PHYSIO_CHECK(check_draft(note));
  Section* s = PHYSIO_TRY(find_section(note, section));
  if (blank(text))
    return fail(ErrorCode::kInvalidArgument, "sections[{}]: a new sentence needs text", section);
  if (sources.empty())
    return fail(ErrorCode::kInvalidArgument, "sections[{}]: a cited sentence needs its source", section);
  for (const auto& src : sources)
    if (src.type.empty() || src.id.empty())
      return fail(ErrorCode::kInvalidArgument, "sections[{}]: a source needs its type and id", section);
  s->sentences.push_back(Sentence{std::move(text), std::move(sources), edited});
  note.updated_us = std::max(note.updated_us, at_us);
  return ok();
}

Status remove_sentence(Note& note, std::string_view section, std::size_t index, TimeUs at_us) {
  PHYSIO_CHECK(check_draft(note));
  const Sentence* target = PHYSIO_TRY(find_sentence(note, section, index));
  Section* s = PHYSIO_TRY(find_section(note, section));
  s->sentences.erase(s->sentences.begin() + (target - s->sentences.data()));
  note.updated_us = std::max(note.updated_us, at_us);
  return ok();
}

Status move_sentence(Note& note, std::string_view section, std::size_t from, std::size_t to, TimeUs at_us) {
  PHYSIO_CHECK(check_draft(note));
  PHYSIO_TRY(find_sentence(note, section, from));
  Section* s = PHYSIO_TRY(find_section(note, section));
  if (to >= s->sentences.size())
    return fail(ErrorCode::kInvalidArgument, "to: section {} has {} sentences; position {} is past its end",
                section, s->sentences.size(), to);
  auto& v = s->sentences;
  if (from < to)
    std::rotate(v.begin() + static_cast<std::ptrdiff_t>(from),
                v.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                v.begin() + static_cast<std::ptrdiff_t>(to) + 1);
  else if (to < from)
    std::rotate(v.begin() + static_cast<std::ptrdiff_t>(to), v.begin() + static_cast<std::ptrdiff_t>(from),
                v.begin() + static_cast<std::ptrdiff_t>(from) + 1);
  note.updated_us = std::max(note.updated_us, at_us);
  return ok();
}

std::string signed_content(const Note& note, std::string_view signer_id, TimeUs signed_us) {
  return detail::canonical_dump(detail::content_json(note, signer_id, signed_us));
}

Status sign(Note& note, std::string signer_id, TimeUs at_us) {
  if (note.signature)
    return fail(ErrorCode::kInvalidArgument, "the note is already signed; add an addendum with a reason");
  if (blank(signer_id)) return fail(ErrorCode::kInvalidArgument, "signer_id: missing");
  if (at_us < note.header.created_us)
    return fail(ErrorCode::kInvalidArgument, "signed_us: before the note was created");
  const std::string hash = security::sha256_hex(signed_content(note, signer_id, at_us));
  note.signature = Signature{std::move(signer_id), at_us, hash};
  return ok();
}

bool signature_matches(const Note& note) {
  if (!note.signature) return false;
  const Signature& sig = note.signature.value();
  return security::sha256_hex(signed_content(note, sig.signer_id, sig.signed_us)) == sig.content_sha256;
}

Status add_addendum(Note& note, Addendum addendum) {
  if (!note.signature)
    return fail(ErrorCode::kInvalidArgument, "a draft has no addenda; edit the draft before signing it");
  if (blank(addendum.text)) return fail(ErrorCode::kInvalidArgument, "addendum.text: missing");
  if (blank(addendum.reason))
    return fail(ErrorCode::kInvalidArgument, "addendum.reason: missing; an addendum needs a reason");
  if (blank(addendum.author_id)) return fail(ErrorCode::kInvalidArgument, "addendum.author_id: missing");
  if (addendum.at_us < note.signature->signed_us)
    return fail(ErrorCode::kInvalidArgument, "addendum.at_us: before the note was signed");
  if (!note.addenda.empty() && addendum.at_us < note.addenda.back().at_us)
    return fail(ErrorCode::kInvalidArgument, "addendum.at_us: before the previous addendum");
  note.addenda.push_back(std::move(addendum));
  return ok();
}

}  // namespace physio::notes
