#pragma once
/// How the patient's words are read beyond ConText's modifiers (docs/validation/scribe.md, rules 3.3
/// and 3.4): a denial the clinician says to the patient, an earlier episode told in the past and over, a body
/// function named bare ("how's your appetite?"), the patient speaking of themselves. Pure functions over the
/// tokens of one turn; extract_facts decides what to do with their answers.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scribe/context.hpp"
#include "scribe/dialogue.hpp"
#include "scribe/facts.hpp"
#include "scribe/text_tokens.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

/// The flag at `at` is negated by a trigger of this turn, the sentence speaks to the patient ("you") and
/// examines nothing.
bool denied_to_patient(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, const TurnContext& ctx,
                       FactKind kind, const Lexicon& lx);
/// A past verb before `at`, nothing carrying it into now, and a past anchor in the turn or `resolved_later`.
bool past_episode(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, bool resolved_later,
                  const Lexicon& lx);
/// The sentence says an episode is over ("sunday, I felt fine") and does not go on ("until yesterday").
bool says_resolved(const std::vector<Tok>& t, const Sentence& sen, const Lexicon& lx);
/// A bare body function: true when lost, false when normal, nullopt when nothing says which.
std::optional<bool> function_lost(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, bool asked,
                                  const std::vector<Tok>* answer, Answer reply, const Lexicon& lx);
/// The patient speaking of themselves before `at` in the sentence ("I've never had a kidney stone").
bool said_of_self(const std::vector<Tok>& t, std::size_t first, std::size_t at);
/// The one family member an answer names ("yes, my mum does" -> "mother"), by the experiencer triggers of
/// ConText; nullopt when it names none, or more than one.
std::optional<std::string> one_family_member(const std::vector<Tok>& answer, const ContextRules& rules);

/// "blood ... in your urine", "bleeding from your stools": a one-word bladder or bowel change (urine, wee,
/// pee, stool(s), poo, bowel(s)) at `at` with "blood" or "bleeding" at most 6 words before it in the sentence
/// (`flag` is the red flag's value).
bool blood_before(const std::vector<Tok>& t, std::size_t first, std::size_t at, const std::string& flag);

/// Stiffness said to last longer than 30 minutes in the sentence ("an hour", "a couple of hours", "45
/// minutes", "all morning", "until lunch"): what makes morning stiffness the inflammatory red flag (the
/// guideline).
bool stiffness_lasts_long(const std::vector<Tok>& t, std::size_t first, std::size_t last);

/// An answer that opens by saying it is normal ("they're normal", "all fine", "yeah, pretty good"): what an
/// is-it-normal question ("are they okay?") is answered by, as by a yes.
bool opens_normal(const std::vector<Tok>& answer, const Lexicon& lx);

}  // namespace physio::scribe::detail
