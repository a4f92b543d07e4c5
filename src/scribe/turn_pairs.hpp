#pragma once
/// The dialogue's pairs: which turn answers each turn's trailing questions, and which question each turn
/// answers (extract_facts reads every yes, no and named part of an answer against them).
///
/// Contract: pair_turns
///   inputs : the transcript (speakers labelled or not), each segment's tokens and sentences, the vocabulary.
///   outputs: per segment, the answering turn (past a request to repeat and its repeat, past "Um." before the
///            yes or no, the second of two short answers that disagree, marked corrected; none when the
///            clinician asks again at once with an apology), the turns that say a question again after a
///            request to repeat it, the answer's words (the answering turn, joined to the same speaker's next
///            turn when only that one holds the yes or no), and the question the turn answers (the last
///            question of the other speaker's turn before it, carried over the same speaker's next turns and
///            short backchannels).
#include <cstddef>
#include <vector>

#include "scribe/text_tokens.hpp"
#include "scribe/transcript.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

/// The clinician's question a turn answers: the turn's index and the sentence.
struct Asked {
  const std::vector<Tok>* toks = nullptr;
  std::size_t first = 0, last = 0;
  std::size_t segment = 0;
};

struct TurnPairs {
  std::vector<std::size_t> answer_of;  ///< the answering segment, or the number of segments when none
  std::vector<bool> answer_corrected;  ///< the answer corrects a short first one: said with doubt
  std::vector<bool> repeats_question;  ///< says a question again after a request to repeat it
  std::vector<std::vector<Tok>> answer_words_of;
  std::vector<Asked> asked_of;  ///< points into `toks` as given
};

TurnPairs pair_turns(const Transcript& tr, const std::vector<std::vector<Tok>>& toks,
                     const std::vector<std::vector<Sentence>>& sentences, const Vocabulary& vocab);

}  // namespace physio::scribe::detail
