#include "scribe/turn_pairs.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "scribe/dialogue.hpp"
#include "scribe/nearby_words.hpp"
#include "scribe/readings.hpp"
#include "scribe/rules.hpp"

namespace physio::scribe::detail {

TurnPairs pair_turns(const Transcript& tr, const std::vector<std::vector<Tok>>& toks,
                     const std::vector<std::vector<Sentence>>& sentences, const Vocabulary& vocab) {
  const Lexicon& lx = vocab.lexicon;
  const std::size_t n_seg = tr.segments.size();
  auto speaker = [&](std::size_t i) { return tr.segments[i].speaker; };
  auto labelled = [&](std::size_t i) { return speaker(i) != Speaker::kUnknown; };

  // The answer to each turn's trailing questions: the next turn of another labelled speaker, past a
  // request to repeat ("sorry?") and the repeat itself, and past the same speaker's further turns when
  // the first holds no yes or no.
  TurnPairs out;
  auto& answer_of = out.answer_of;
  answer_of.assign(n_seg, n_seg);
  auto& answer_corrected = out.answer_corrected;
  answer_corrected.assign(n_seg, false);
  // Turns that say a question again after a request to repeat it ("Any problems with your waterworks?" -
  // "With my what?" - "Your waterworks, your urine." - "No"): asked, even said without a question's form.
  auto& repeats_question = out.repeats_question;
  repeats_question.assign(n_seg, false);
  for (std::size_t si = 0; si + 1 < n_seg; ++si) {
    if (!labelled(si)) continue;
    std::size_t k = si + 1;
    if (!labelled(k) || speaker(k) == speaker(si)) continue;
    for (int hops = 0; hops < 2 && k + 2 < n_seg && clarification(toks[k], lx) &&
                       speaker(k + 1) == speaker(si) && speaker(k + 2) == speaker(k);
         ++hops) {
      repeats_question[k + 1] = true;
      k += 2;
    }
    if (read_answer(toks[k], lx).answer == Answer::kNone) {
      // "Um." / "Let me think." then "No." (same speaker, or after a backchannel)
      std::size_t j = k + 1;
      if (j < n_seg && speaker(j) == speaker(si) && backchannel(toks[j])) ++j;
      if (j < n_seg && speaker(j) == speaker(k) && word_count(toks[k]) <= 3 &&
          read_answer(toks[j], lx).answer != Answer::kNone)
        k = j;
    }
    // "Yeah." - "No.": two short answers in a row that disagree. The second corrects the first (a "yeah"
    // said to take the question in, then the answer), so it is the answer, said with doubt.
    if (k + 1 < n_seg && speaker(k + 1) == speaker(k) && word_count(toks[k]) <= 3 &&
        word_count(toks[k + 1]) <= 3) {
      const Answer first = read_answer(toks[k], lx).answer, second = read_answer(toks[k + 1], lx).answer;
      if (first != Answer::kNone && second != Answer::kNone && first != second) {
        ++k;
        answer_corrected[si] = true;
      }
    }
    answer_of[si] = k;
  }
  // The clinician asking again at once, with an apology ("Any fevers?" - "think so." - "Sorry, was there any
  // fevers? I didn't hear you." - "No, no fever"): the first answer was not heard, and what the question
  // asks is answered by the answer to the repeat, not by the first.
  auto concepts = [&](std::size_t si, std::size_t from) {
    std::set<std::string> named;
    const auto& t = toks[si];
    for (std::size_t i = from; i < t.size(); ++i)
      for (const PhraseSet* set : {&vocab.red_flags, &vocab.symptoms})
        if (const auto* e = set->match(t, i, t.size())) named.insert(e->value);
    return named;
  };
  for (std::size_t si = 0; si < n_seg; ++si) {
    const std::size_t j = answer_of[si] + 1;
    if (answer_of[si] >= n_seg || speaker(si) != Speaker::kClinician || j >= n_seg ||
        speaker(j) != Speaker::kClinician || answer_of[j] >= n_seg)
      continue;
    const std::size_t w = skip_fillers(toks[j], 0);
    const auto* sorry = lx.clarification_requests.match(toks[j], w, toks[j].size());
    if (!sorry || sorry->phrase.front() == "what") continue;
    const auto asked_first = concepts(si, sentences[si].empty() ? 0 : sentences[si].back().first);
    const auto asked_again = concepts(j, 0);
    if (std::any_of(asked_again.begin(), asked_again.end(),
                    [&](const std::string& c) { return asked_first.count(c) > 0; }))
      answer_of[si] = n_seg;
  }
  // The words of each answer: the answering turn, and when it holds no yes or no, the same speaker's next
  // turn (at once, or after an empty or backchannel turn of the asker) when that one holds the yes or no
  // ("I had a wee bit of diarrhoea." - "." - "But apart from that, no."): one answer the recording split.
  // A yes or no that binds to the words after it ("I had a bit of diarrhoea", "no belly pain") is no reply.
  auto replies = [&](const std::vector<Tok>& t) {
    return read_answer(t, lx).answer != Answer::kNone && !opening_reply_binds(t, lx);
  };
  auto& answer_words_of = out.answer_words_of;
  answer_words_of.assign(n_seg, {});
  for (std::size_t si = 0; si < n_seg; ++si) {
    const std::size_t k = answer_of[si];
    if (k >= n_seg) continue;
    answer_words_of[si] = toks[k];
    if (replies(toks[k]) || any_between(lx.everything_else_cues, toks[k], 0, toks[k].size(), toks[k].size()))
      continue;
    std::size_t j = k + 1;
    if (j < n_seg && speaker(j) == speaker(si) && backchannel(toks[j])) ++j;
    if (j >= n_seg || speaker(j) != speaker(k)) continue;
    if (!replies(toks[j]) &&
        !any_between(lx.everything_else_cues, toks[j], 0, toks[j].size(), toks[j].size()))
      continue;
    answer_words_of[si].push_back(Tok{".", 0, 0});
    answer_words_of[si].insert(answer_words_of[si].end(), toks[j].begin(), toks[j].end());
  }
  // The question each turn answers: the last question of the other speaker's turn before it, carried over
  // the same speaker's next turns and short backchannels ("Uh, for about." - "Three hours now.").
  auto& asked_of = out.asked_of;
  asked_of.assign(n_seg, Asked{});
  for (std::size_t si = 1; si < n_seg; ++si) {
    if (!labelled(si)) continue;
    std::size_t p = si - 1;
    if (labelled(p) && speaker(p) != speaker(si)) {
      const auto& ps = sentences[p];
      if (!ps.empty() && is_question_sentence(toks[p], ps.back(), lx)) {
        asked_of[si] = {&toks[p], ps.back().first, ps.back().last, p};
        continue;
      }
      // A backchannel between two turns of the same speaker carries the question over.
      if (backchannel(toks[p]) && p > 0 && speaker(p - 1) == speaker(si) && asked_of[p - 1].toks &&
          si - asked_of[p - 1].segment <= 4)
        asked_of[si] = asked_of[p - 1];
      continue;
    }
    if (speaker(p) == speaker(si) && asked_of[p].toks && si - asked_of[p].segment <= 3)
      asked_of[si] = asked_of[p];
  }

  return out;
}

}  // namespace physio::scribe::detail
