#pragma once
// Internal to the scribe module: the per-sentence rules behind extract_facts.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scribe/facts.hpp"
#include "scribe/text_tokens.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

/// What a rule sees: one sentence of one segment.
struct SentenceView {
  const std::vector<Tok>& toks;
  std::size_t first;
  std::size_t last;
  bool question;
  Speaker speaker;
  /// The clinician's question the sentence answers (patient turns right after one), else empty.
  const std::vector<Tok>* asked = nullptr;
  std::size_t asked_first = 0, asked_last = 0;
};

/// A rule's finding: the fact (no spans yet) and its tokens [tok_begin, tok_end).
struct Candidate {
  Fact fact;
  std::size_t tok_begin;
  std::size_t tok_end;
  bool negatable = true;  ///< negation scopes apply (not to scores, durations, plans)
};

/// True when a phrase of `set` occurs in toks[first, last).
bool contains(const PhraseSet& set, const std::vector<Tok>& toks, std::size_t first, std::size_t last);
/// Index of the first token where a phrase of `set` starts in [first, last), or `last`.
std::size_t find(const PhraseSet& set, const std::vector<Tok>& toks, std::size_t first, std::size_t last);

void rule_pain_scores(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_pain_sites(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_durations(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_onsets(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_red_flags(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_named(const SentenceView& s, const Vocabulary& v,
                std::vector<Candidate>& out);  // medicines, exercises
void rule_activities(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_plan(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
/// Symptoms (symptoms.json) and family-history conditions (family_history.json) by name; what they become
/// (symptom, pertinent negative, family history or nothing) is decided by their context.
void rule_symptoms(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
void rule_family_conditions(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);
/// "my breathing is fine", "how's your weight been?" - "stable": the red flag the function names, denied.
void rule_flag_functions(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out);

/// True when toks[i] (before `last`) is the word `w`.
bool tok_is(const std::vector<Tok>& toks, std::size_t i, std::size_t last, std::string_view w);
/// The words toks[b, e) joined as said ("6/10", "six or seven").
std::string said_text(const std::vector<Tok>& toks, std::size_t b, std::size_t e);
/// A candidate fact of `kind` and `value` said in toks[b, e).
Candidate said_candidate(FactKind kind, std::string value, const std::vector<Tok>& toks, std::size_t b,
                         std::size_t e, bool negatable);

/// The side said near toks[i] (before it within 3 words, or "on the left/right" after it).
Side side_near(const std::vector<Tok>& toks, std::size_t first, std::size_t last, std::size_t begin,
               std::size_t end);

}  // namespace physio::scribe::detail
