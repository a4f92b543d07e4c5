#pragma once
/// A SOAP note's lifecycle as pure code (docs/metrics/notes.md, "Lifecycle"):
///   draft --sign--> signed --addendum--> amended (still signed; each addendum adds, nothing changes)
///  - a draft is edited sentence by sentence: an edit replaces the text, keeps the sources and marks the
///    sentence `edited`; the clinician may also add a sentence of their own (no sources, `edited`) or
///    remove one;
///  - signing records the signer, the time and the SHA-256 of the canonical JSON of the signed content
///    (`signed_content`), after which the content is immutable: every change is refused with
///    "a signed note cannot be changed; add an addendum with a reason";
///  - an addendum has text, a reason (required), an author and a time no earlier than the signature.
///
/// Contract: note_to_json / note_from_json
///   {"id", "patient_id", "episode_id", "author_id", "created_us", "updated_us", "type" (only when set),
///    "window": {"from_us", "to_us"}, "status": "draft" | "signed" | "amended",
///    "sections": [{"code": "S", "title": "Subjective", "sentences": [{"text", "sources": [{"type", "id"}],
///    "edited"}]}, ... O, A, P],
///    "signature": null | {"signer_id", "signed_us", "content_sha256"},
///    "addenda": [{"text", "reason", "author_id", "at_us"}]}
///   errors : kInvalidArgument naming the field path ("sections[2].sentences[0].sources[1].id: missing");
///            kCorrupt when a signed note's content does not match its SHA-256.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "notes/types.hpp"

namespace physio::notes {

enum class NoteStatus { kDraft, kSigned, kAmended };
/// "draft", "signed", "amended".
std::string_view to_string(NoteStatus status);

struct Signature {
  std::string signer_id{};
  TimeUs signed_us = 0;
  std::string content_sha256{};  ///< of signed_content(note, signer_id, signed_us), lowercase hex
  friend bool operator==(const Signature&, const Signature&) = default;
};

struct Addendum {
  std::string text{};
  std::string reason{};
  std::string author_id{};
  TimeUs at_us = 0;
  friend bool operator==(const Addendum&, const Addendum&) = default;
};

/// Who and what a note is about, set when the draft becomes a note.
struct NoteHeader {
  std::string id{};
  std::string patient_id{};
  std::string episode_id{};
  std::string author_id{};  ///< the physiotherapist the note is for
  TimeUs created_us = 0;
  TimeUs window_from_us = 0;  ///< the data the draft was made from
  TimeUs window_to_us = 0;
  /// notes/note_types.hpp: "initial_evaluation", "daily_note", "progress_report", "discharge_summary"; ""
  /// for a note stored before types (a generic progress note).
  std::string type{};
  friend bool operator==(const NoteHeader&, const NoteHeader&) = default;
};

struct Note {
  NoteHeader header{};
  TimeUs updated_us = 0;            ///< the last edit (created_us until one)
  std::vector<Section> sections{};  ///< S, O, A, P
  std::vector<std::string>
      checklist{};  ///< what the draft found missing: shown beside it, never signed or sent
  std::optional<Signature> signature{};
  std::vector<Addendum> addenda{};

  NoteStatus status() const;
  friend bool operator==(const Note&, const Note&) = default;
};

/// The refusal every change to a signed note gets.
inline constexpr std::string_view kSignedNoteIsImmutable =
    "a signed note cannot be changed; add an addendum with a reason";

/// A draft note from a drafted content.
Note new_note(NoteHeader header, Draft draft);

/// Replaces a sentence's text (sources kept, marked edited). `section` is "S", "O", "A" or "P".
Status edit_sentence(Note& note, std::string_view section, std::size_t index, std::string text, TimeUs at_us);
/// Appends a sentence the clinician wrote (no sources, marked edited).
Status add_sentence(Note& note, std::string_view section, std::string text, TimeUs at_us);
/// Appends a sentence that cites its source (an accepted suggestion citing the transcript's words, a
/// dictated utterance citing its audio): `sources` must not be empty; `edited` when the clinician changed
/// the proposed words before accepting.
Status add_cited_sentence(Note& note, std::string_view section, std::string text,
                          std::vector<SourceRef> sources, bool edited, TimeUs at_us);
/// Removes a sentence.
Status remove_sentence(Note& note, std::string_view section, std::size_t index, TimeUs at_us);
/// Moves a sentence to position `to` of the same section (the others keep their order).
Status move_sentence(Note& note, std::string_view section, std::size_t from, std::size_t to, TimeUs at_us);

/// The canonical JSON that a signature covers: the header, the window, the sections and the signer and
/// time; keys sorted, no whitespace, UTF-8 (invalid bytes replaced by U+FFFD), integers as integers.
/// Addenda are not part of it: they come after the signature and each carries its own author and time.
std::string signed_content(const Note& note, std::string_view signer_id, TimeUs signed_us);

/// Signs a draft. Errors: the note is already signed; no signer; a time before the note was created.
Status sign(Note& note, std::string signer_id, TimeUs at_us);
/// Whether a signed note's content still has the SHA-256 recorded when it was signed (false for a draft).
bool signature_matches(const Note& note);
/// Adds an addendum to a signed note. Errors name the field (a reason is required).
Status add_addendum(Note& note, Addendum addendum);

std::string note_to_json(const Note& note);
Result<Note> note_from_json(std::string_view text);

}  // namespace physio::notes
