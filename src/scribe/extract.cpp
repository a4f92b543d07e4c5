// The driver behind extract_facts: segments -> sentences -> rules -> negation, certainty and the
// question-and-answer reading -> one fact per distinct (kind, value, side, negation).
#include "scribe/extract.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "scribe/rules.hpp"

namespace physio::scribe {
namespace {

using detail::Candidate;
using detail::SentenceView;

enum class Answer { kNone, kYes, kNo };

struct Answered {
  Answer answer = Answer::kNone;
  bool uncertain = false;
};

// Skips fillers ("um", "uh", "oh", "well", ",") at the start of an answer.
std::size_t skip_fillers(const std::vector<Tok>& t, std::size_t i) {
  while (i < t.size() && (t[i].text == "um" || t[i].text == "uh" || t[i].text == "erm" || t[i].text == "er" ||
                          t[i].text == "oh" || t[i].text == "well" || t[i].text == "," ||
                          t[i].text == "hmm" || t[i].text == "ah" || t[i].text == "so"))
    ++i;
  return i;
}

Answered read_answer(const std::vector<Tok>& t, const Lexicon& lx) {
  Answered a;
  std::size_t i = skip_fillers(t, 0);
  if (i >= t.size()) return a;
  std::size_t end = t.size();
  for (std::size_t k = i; k < t.size(); ++k)
    if (t[k].text == "." || t[k].text == "?" || t[k].text == "!") {
      end = k;
      break;
    }
  // The longest phrase wins, so "not really" beats "not" and "i don't think so" is read whole.
  const auto* no = lx.negative_answers.match(t, i, end);
  const auto* yes = lx.positive_answers.match(t, i, end);
  if (no && (!yes || no->phrase.size() >= yes->phrase.size()))
    a.answer = Answer::kNo;
  else if (yes)
    a.answer = Answer::kYes;
  for (std::size_t k = i; k < end; ++k)
    if (lx.uncertainty.match(t, k, end)) a.uncertain = true;
  return a;
}

// Marks the tokens inside a negation scope (NegEx: a trigger negates up to `window` words after it, or before
// it for post-triggers, stopping at a terminator or the end of the sentence).
std::vector<bool> negation_scope(const std::vector<Tok>& t, std::size_t first, std::size_t last,
                                 const Lexicon& lx) {
  std::vector<bool> neg(t.size(), false);
  auto window = static_cast<std::size_t>(lx.negation_window);
  for (std::size_t i = first; i < last; ++i) {
    if (const auto* p = lx.pseudo_negations.match(t, i, last)) {
      i += p->phrase.size() - 1;
      continue;
    }
    if (const auto* trig = lx.negation_before.match(t, i, last)) {
      std::size_t s = i + trig->phrase.size();
      // "No, it started ..." / "No." : an answer to a question, not a negation of what follows.
      if (trig->phrase.size() == 1 && t[i].text == "no" && s < last && (t[s].text == "," || t[s].text == "."))
        continue;
      for (std::size_t k = s; k < last && k < s + window; ++k) {
        if (lx.negation_terminators.match(t, k, last) || t[k].text == "?" || t[k].text == ".") break;
        neg[k] = true;
      }
      i = s - 1;
      continue;
    }
    if (const auto* trig = lx.negation_after.match(t, i, last)) {
      for (std::size_t k = i; k > first && k + window > i; --k) {
        if (lx.negation_terminators.match(t, k - 1, last) || t[k - 1].text == ",") break;
        neg[k - 1] = true;
      }
      i += trig->phrase.size() - 1;
    }
  }
  return neg;
}

// A clinician's conditional advice ("if you develop any weakness, come back") describes what to watch for,
// not what the patient has.
bool conditional_before(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  for (std::size_t k = first; k < at; ++k)
    if (t[k].text == "if" || t[k].text == "unless") return true;
  return false;
}

// A site said once with its side and elsewhere without ("my knee hurts" ... "the right knee") is one fact;
// when the visit names the site on two sides, the unsided mentions stay apart.
void merge_unsided_sites(std::vector<Fact>& facts) {
  std::vector<Fact> out;
  std::vector<bool> drop(facts.size(), false);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    Fact& f = facts[i];
    if (f.kind != FactKind::kPainSite || f.side != Side::kUnspecified) continue;
    std::size_t target = facts.size();
    int n_sided = 0;
    for (std::size_t j = 0; j < facts.size(); ++j) {
      const Fact& g = facts[j];
      if (j == i || g.kind != FactKind::kPainSite || g.value != f.value || g.side == Side::kUnspecified)
        continue;
      ++n_sided;
      if (g.negated == f.negated) target = j;
    }
    if (n_sided != 1 || target == facts.size()) continue;
    auto& spans = facts[target].spans;
    spans.insert(spans.end(), f.spans.begin(), f.spans.end());
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return std::tie(a.segment, a.begin) < std::tie(b.segment, b.begin);
    });
    drop[i] = true;
  }
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (!drop[i]) out.push_back(std::move(facts[i]));
  facts = std::move(out);
}

bool uncertain_before(const std::vector<Tok>& t, std::size_t first, std::size_t at, const Lexicon& lx) {
  std::size_t from = at >= first + 6 ? at - 6 : first;
  for (std::size_t k = from; k < at; ++k)
    if (lx.uncertainty.match(t, k, at + 1)) return true;
  return false;
}

}  // namespace

std::vector<Fact> extract_facts(const Transcript& tr, const Vocabulary& vocab) {
  const Lexicon& lx = vocab.lexicon;
  std::vector<std::vector<Tok>> toks;
  toks.reserve(tr.segments.size());
  for (const auto& s : tr.segments) toks.push_back(tokenize_words(s.text));

  std::vector<Fact> facts;
  std::map<std::tuple<int, std::string, int, bool>, std::size_t> index;
  auto add = [&](Fact f, const Span& span) {
    auto key = std::tuple(static_cast<int>(f.kind), f.value, static_cast<int>(f.side), f.negated);
    auto it = index.find(key);
    if (it != index.end()) {
      Fact& old = facts[it->second];
      old.spans.push_back(span);
      if (f.certainty == Certainty::kCertain) old.certainty = Certainty::kCertain;
      return;
    }
    f.spans.push_back(span);
    index.emplace(key, facts.size());
    facts.push_back(std::move(f));
  };

  for (std::size_t si = 0; si < tr.segments.size(); ++si) {
    const Segment& seg = tr.segments[si];
    const auto& t = toks[si];
    auto sentences = split_sentences(t);
    // The trailing questions of a clinician's turn are answered by the patient's next turn.
    bool clinician = seg.speaker == Speaker::kClinician;
    bool next_is_patient = si + 1 < tr.segments.size() && tr.segments[si + 1].speaker == Speaker::kPatient;
    Answered answer;
    if (clinician && next_is_patient) answer = read_answer(toks[si + 1], lx);
    std::size_t trailing_q = sentences.size();
    while (trailing_q > 0 && sentences[trailing_q - 1].question) --trailing_q;
    // The question a patient's turn answers: the clinician's last sentence before it.
    const std::vector<Tok>* asked = nullptr;
    std::size_t asked_first = 0, asked_last = 0;
    if (seg.speaker == Speaker::kPatient && si > 0 && tr.segments[si - 1].speaker == Speaker::kClinician) {
      auto prev = split_sentences(toks[si - 1]);
      if (!prev.empty() && prev.back().question) {
        asked = &toks[si - 1];
        asked_first = prev.back().first;
        asked_last = prev.back().last;
      }
    }

    for (std::size_t k = 0; k < sentences.size(); ++k) {
      const Sentence& sen = sentences[k];
      SentenceView view{t,           sen.first, sen.last, sen.question, seg.speaker, k == 0 ? asked : nullptr,
                        asked_first, asked_last};
      std::vector<Candidate> cands;
      detail::rule_red_flags(view, vocab, cands);
      detail::rule_pain_scores(view, vocab, cands);
      detail::rule_pain_sites(view, vocab, cands);
      detail::rule_durations(view, vocab, cands);
      detail::rule_onsets(view, vocab, cands);
      detail::rule_named(view, vocab, cands);
      detail::rule_activities(view, vocab, cands);
      detail::rule_plan(view, vocab, cands);
      if (cands.empty()) continue;
      auto neg = negation_scope(t, sen.first, sen.last, lx);
      bool in_question = sen.question && clinician;
      bool answered_question = in_question && next_is_patient && k >= trailing_q;
      for (auto& c : cands) {
        if (clinician && conditional_before(t, sen.first, c.tok_begin)) continue;
        Fact f = std::move(c.fact);
        f.speaker = seg.speaker;
        if (c.negatable) f.negated = neg[c.tok_begin];
        if (uncertain_before(t, sen.first, c.tok_begin, lx)) f.certainty = Certainty::kUncertain;
        if (in_question) {
          if (answered_question && answer.answer == Answer::kNo) {
            f.negated = c.negatable ? true : f.negated;
            if (!c.negatable) continue;  // "is it a six?" - "no": no score to keep
          } else if (answered_question && answer.answer == Answer::kYes) {
            f.negated = false;
          } else if (f.kind == FactKind::kRedFlag) {
            // Asked but the answer is not one the rules read: never dropped, shown as uncertain.
            f.negated = false;
            f.certainty = Certainty::kUncertain;
          } else {
            continue;
          }
          if (answer.uncertain) f.certainty = Certainty::kUncertain;
        }
        Span span{si, t[c.tok_begin].begin, t[c.tok_end - 1].end, seg.start_s, seg.end_s};
        add(std::move(f), span);
      }
    }
  }
  merge_unsided_sites(facts);
  sort_facts(facts);
  return facts;
}

}  // namespace physio::scribe
