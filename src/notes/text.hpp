#pragma once
/// Notes as text.
///
/// canonical_text: one line per sentence, for golden files and diffs:
///   "<section code> | <text> | <type>:<id>, <type>:<id>"   ("-" when the sentence has no sources;
///   an edited sentence's text ends with " [edited]").
/// plain_text: what a reader sees and what an EHR receives: a "Draft: not signed." line for a draft, then
///   each section's title on its own line followed by its sentences one per line ("Nothing recorded." for a
///   section left empty), a blank line between
///   sections, then the addenda ("Addendum of 25 Nov 2026 by Dr Lee: <text> Reason: <reason>").
/// mdm_content: what build_mdm_t02 (hl7/mdm.hpp) needs from a signed note: the document number (the
///   note's id), the signer, the visit and signing times, and plain_text's lines. A draft is refused:
///   MDM^T02 marks the document authenticated (TXA-17 AU).

#include <map>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "notes/note.hpp"
#include "notes/types.hpp"

namespace physio::notes {

std::string canonical_text(const Section& section);
std::string canonical_text(const Draft& draft);

/// `names`: display names by user id for addendum authors (an id without a name is written as is).
std::string plain_text(const Note& note, const std::map<std::string, std::string>& names = {});

struct MdmContent {
  std::string document_number{};  ///< TXA-12
  std::string author_id{};        ///< the signer: TXA-5, TXA-9, TXA-22
  TimeUs activity_us = 0;         ///< the visit (the window's end): TXA-4, TXA-6
  TimeUs signed_us = 0;           ///< TXA-22.15
  std::string text{};             ///< one OBX per line
};

Result<MdmContent> mdm_content(const Note& note, const std::map<std::string, std::string>& names = {});

/// What an addendum's MDM^T06 needs: the addendum as a document of its own ("<note id>-A<n>", n from 1),
/// its parent the signed note's number, its author and time, and its one line ("Addendum of <date> by
/// <name>: <text> Reason: <reason>", as plain_text writes it). kOutOfRange for an index past the addenda.
struct AddendumMdmContent {
  MdmContent content{};
  std::string parent_document_number{};  ///< TXA-13: the signed note's document number
};
Result<AddendumMdmContent> addendum_mdm_content(const Note& note, std::size_t index,
                                                const std::map<std::string, std::string>& names = {});

}  // namespace physio::notes
