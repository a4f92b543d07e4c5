#pragma once
/// Reading a consultation as a dialogue (docs/validation/scribe.md, "Dialogue"): fillers, yes and no as
/// people say them, questions by their form, what a question starts from, tags and backchannels. Used by
/// extract_facts; each function is commented where it is defined.

#include <cstddef>
#include <optional>
#include <vector>

#include "scribe/text_tokens.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

enum class Answer { kNone, kYes, kNo };

struct Answered {
  Answer answer = Answer::kNone;
  bool uncertain = false;
  /// A yes said with its own verb ("yes, I have", "I do", "I did"): it asserts what was asked, whatever the
  /// question's polarity ("you haven't had any fever?" - "yes, I have" is a fever).
  bool asserts = false;
};

bool filler(const Tok& t);
std::size_t skip_fillers(const std::vector<Tok>& t, std::size_t i);
std::vector<Tok> answer_words(const std::vector<Tok>& t);
/// The word after an answer's "no" makes it a determiner of what follows ("no belly pain"), not the answer.
bool binds_to_next(const Tok& w);
/// The yes or no the answer opens with binds to the words after it ("I had a bit of diarrhoea", "no belly
/// pain"): a statement, not a reply.
bool opening_reply_binds(const std::vector<Tok>& t, const Lexicon& lx);
std::size_t echo_end(const std::vector<Tok>& t, const Lexicon& lx);
std::optional<bool> able_before(const std::vector<Tok>& t, std::size_t first, std::size_t at);
/// The capability before `at` is asked ("have you been able to walk on it", "can you bear weight"), whatever
/// comes before it in the sentence ("okay so have you been able to ..."), not stated.
bool capability_asked(const std::vector<Tok>& t, std::size_t first, std::size_t at);
/// An answer that opens by saying the capability asked about: "I was able to get back to the house", "I can"
/// (true), "I wasn't able to", "I couldn't" (false); nullopt otherwise.
std::optional<bool> answer_capability(const std::vector<Tok>& said);
std::size_t word_count(const std::vector<Tok>& t);
Answered read_answer(const std::vector<Tok>& said, const Lexicon& lx);
bool has_question_mark(const std::vector<Tok>& t);
bool any_between(const PhraseSet& set, const std::vector<Tok>& t, std::size_t from, std::size_t to,
                 std::size_t last);
bool uncertain_before(const std::vector<Tok>& t, std::size_t first, std::size_t at, const Lexicon& lx);
bool asks_if_normal(const std::vector<Tok>& t, std::size_t first, std::size_t last, const Lexicon& lx);
/// Where the question a bare yes or no answers starts in an unpunctuated sentence: its last question cue,
/// then back over earlier cues at most 10 words apart while the later one continues a list ("any"); a cue
/// that opens a question of its own ("are you", "do you") starts it. s.last when it has no cue.
std::size_t unpunctuated_question_start(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx);
bool interrogative_opening(const std::vector<Tok>& t, const Sentence& s);
bool is_question_sentence(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx);
bool given_not_asked(const std::vector<Tok>& t, std::size_t first, std::size_t at);
bool tag_question(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx);
bool backchannel(const std::vector<Tok>& t);
bool clarification(const std::vector<Tok>& t, const Lexicon& lx);

}  // namespace physio::scribe::detail
