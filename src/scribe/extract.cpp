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
using detail::contains;
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
constexpr std::size_t kNoTrigger = static_cast<std::size_t>(-1);

// Words that make a sentence-initial "no" an answer ("No, that's it", "No I don't think so") rather than a
// negation of what follows ("No fever").
bool answer_no(const std::vector<Tok>& t, std::size_t i, std::size_t first, std::size_t last) {
  if (t[i].text != "no" || skip_fillers(t, first) != i || i + 1 >= last) return false;
  static const char* const kNext[] = {"that's", "that", "it",  "it's",   "i",     "i'm", "i've",
                                      "we",     "they", "not", "this",   "just",  "but", "nothing",
                                      "no",     "um",   "uh",  "really", "never", "she", "he"};
  for (const char* w : kNext)
    if (t[i + 1].text == w) return true;
  return false;
}

// For each token, the index of the negation trigger whose scope covers it, or kNoTrigger.
std::vector<std::size_t> negation_scope(const std::vector<Tok>& t, std::size_t first, std::size_t last,
                                        const Lexicon& lx) {
  std::vector<std::size_t> neg(t.size(), kNoTrigger);
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
      if (answer_no(t, i, first, last)) continue;
      // "never had headaches like this before": the history of the complaint, not its absence.
      if (t[i].text == "never") {
        bool before = false;
        for (std::size_t k = s; k < last && k < s + window + 2; ++k)
          if (t[k].text == "before") before = true;
        if (before) continue;
      }
      for (std::size_t k = s; k < last && k < s + window; ++k) {
        if (lx.negation_terminators.match(t, k, last) || t[k].text == "?" || t[k].text == ".") break;
        neg[k] = i;
      }
      i = s - 1;
      continue;
    }
    if (const auto* trig = lx.negation_after.match(t, i, last)) {
      for (std::size_t k = i; k > first && k + window > i; --k) {
        if (lx.negation_terminators.match(t, k - 1, last) || t[k - 1].text == ",") break;
        neg[k - 1] = i;
      }
      i += trig->phrase.size() - 1;
    }
  }
  return neg;
}

bool has_question_mark(const std::vector<Tok>& t) {
  return std::any_of(t.begin(), t.end(), [](const Tok& x) { return x.text == "?"; });
}

// True when a phrase of `set` starts in toks[from, to).
bool any_between(const PhraseSet& set, const std::vector<Tok>& t, std::size_t from, std::size_t to,
                 std::size_t last) {
  for (std::size_t k = from; k < to; ++k)
    if (set.match(t, k, last)) return true;
  return false;
}

// Safety-netting around a candidate: "if"/"unless" up to 15 words before it, the other cues ("come back and
// see me", "look out for") up to 15 words before it or 30 after (turns without punctuation are one long
// sentence).
bool safety_net(const std::vector<Tok>& t, const Sentence& sen, const Candidate& c, const Lexicon& lx) {
  constexpr std::size_t kReach = 15;
  std::size_t from = c.tok_begin >= sen.first + kReach ? c.tok_begin - kReach : sen.first;
  std::size_t to = std::min(sen.last, c.tok_end + 2 * kReach);
  for (std::size_t k = from; k < to; ++k) {
    if (!lx.safety_net_cues.match(t, k, sen.last)) continue;
    bool conditional = t[k].text == "if" || t[k].text == "unless";
    if (!conditional || k < c.tok_begin) return true;
  }
  return false;
}

// "as a pain reliever", "as a a pain reliever" (spoken repetition).
bool described_as(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  std::size_t k = at;
  while (k > first && (t[k - 1].text == "a" || t[k - 1].text == "an")) --k;
  return k < at && k > first && t[k - 1].text == "as";
}

// The negation that applies to a candidate: medicines are negated only by a close trigger ("no ibuprofen",
// "haven't taken any paracetamol"), not by "without" or "nothing" ("six out of ten without ibuprofen").
bool negated_at(const std::vector<Tok>& t, const std::vector<std::size_t>& neg, const Candidate& c) {
  std::size_t trig = neg[c.tok_begin];
  if (trig == kNoTrigger) return false;
  if (c.fact.kind == FactKind::kMedicine)
    return c.tok_begin - trig <= 3 && t[trig].text != "without" && t[trig].text != "nothing";
  return true;
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
    // The trailing questions of a turn are answered by the next turn when another labelled speaker says it
    // (the clinician asks, usually; transcripts with swapped labels still pair a question with its answer).
    bool clinician = seg.speaker == Speaker::kClinician;
    bool labelled = seg.speaker != Speaker::kUnknown;
    bool next_answers = labelled && si + 1 < tr.segments.size() &&
                        tr.segments[si + 1].speaker != Speaker::kUnknown &&
                        tr.segments[si + 1].speaker != seg.speaker;
    Answered answer;
    if (next_answers) answer = read_answer(toks[si + 1], lx);
    std::size_t trailing_q = sentences.size();
    while (trailing_q > 0 && sentences[trailing_q - 1].question) --trailing_q;
    // The question this turn answers: the other speaker's last sentence before it, when it ends in "?" or,
    // without punctuation, holds a question cue or a wh-word.
    const std::vector<Tok>* asked = nullptr;
    std::size_t asked_first = 0, asked_last = 0;
    if (labelled && si > 0 && tr.segments[si - 1].speaker != Speaker::kUnknown &&
        tr.segments[si - 1].speaker != seg.speaker) {
      const auto& pt = toks[si - 1];
      auto prev = split_sentences(pt);
      if (!prev.empty()) {
        const Sentence& ps = prev.back();
        bool q = ps.question;
        if (!q && !has_question_mark(pt))
          for (std::size_t i = ps.first; i < ps.last && !q; ++i)
            q = lx.question_cues.match(pt, i, ps.last) || pt[i].text == "how" || pt[i].text == "what" ||
                pt[i].text == "when" || pt[i].text == "where" || pt[i].text == "which";
        if (q) {
          asked = &pt;
          asked_first = ps.first;
          asked_last = ps.last;
        }
      }
    }
    // The side said at the start of the next turn of the same speaker ("...a terrible headache." - "On the
    // left side.") belongs to the site said at the end of this one.
    Side carried_side = Side::kUnspecified;
    if (si + 1 < tr.segments.size() && tr.segments[si + 1].speaker == seg.speaker) {
      const auto& nt = toks[si + 1];
      std::size_t i = skip_fillers(nt, 0);
      if (i < nt.size() && nt[i].text == "on") ++i;
      if (i < nt.size() && nt[i].text == "the") ++i;
      if (i + 1 < nt.size() && nt[i + 1].text == "side") {
        if (nt[i].text == "left") carried_side = Side::kLeft;
        if (nt[i].text == "right") carried_side = Side::kRight;
      }
    }
    // A normal-function word among the last three words of a trailing question ("working OK?"; "OK, so
    // numbness in the arm, yeah?" is not one).
    bool normal_question = false;
    for (std::size_t k = trailing_q; k < sentences.size(); ++k) {
      const Sentence& q = sentences[k];
      std::size_t tail = q.last;
      for (int n = 0; tail > q.first && n < 3;) {
        --tail;
        if (t[tail].is_word()) ++n;
      }
      if (any_between(lx.normal_function_words, t, tail, q.last, q.last)) normal_question = true;
    }
    if (!has_question_mark(t) && !sentences.empty()) {
      const Sentence& q = sentences.back();
      std::size_t tail = q.last;
      for (int n = 0; tail > q.first && n < 3;) {
        --tail;
        if (t[tail].is_word()) ++n;
      }
      if (any_between(lx.normal_function_words, t, tail, q.last, q.last)) normal_question = true;
    }
    // Red flags the clinician asks about in this turn: an earlier plain mention ("let's focus on your
    // bowels. Are your bowels working OK?") is read with the question.
    std::vector<std::string> asked_flags;
    if (clinician)
      for (const auto& sen : sentences) {
        if (!sen.question) continue;
        for (std::size_t i = sen.first; i < sen.last; ++i)
          if (const auto* e = vocab.red_flags.match(t, i, sen.last)) asked_flags.push_back(e->value);
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
      // Where the clinician's question starts: a sentence ending in "?", or, in transcripts without
      // punctuation, the last question cue ("do you", "any", ...) of the turn's last sentence when the
      // patient answers yes or no.
      std::size_t question_from = sen.last;
      if (clinician && sen.question) {
        question_from = sen.first;
      } else if (next_answers && !has_question_mark(t) && k + 1 == sentences.size() &&
                 answer.answer != Answer::kNone) {
        for (std::size_t q = sen.first; q < sen.last; ++q)
          if (lx.question_cues.match(t, q, sen.last)) question_from = q;
      }
      bool answered = next_answers && (k >= trailing_q || k + 1 == sentences.size());
      Answer reply = answer.answer;
      // A choice ("the palm side or the back, or both?") is not answered by yes or no.
      if (question_from < sen.last &&
          any_between(lx.choice_question_cues, t, question_from, sen.last, sen.last))
        reply = Answer::kNone;
      // "Are your bowels working OK?" - "Yes": the flag is absent. The polarity of the turn's trailing
      // questions is read once for all of them ("What about your waterworks? Are you passing urine OK?" -
      // "Yeah, fine").
      if (question_from < sen.last && normal_question) {
        if (reply == Answer::kYes)
          reply = Answer::kNo;
        else if (reply == Answer::kNo)
          reply = Answer::kYes;
      }
      bool allergy_talk =
          contains(lx.allergy_words, t, sen.first, sen.last) ||
          (view.asked && contains(lx.allergy_words, *view.asked, view.asked_first, view.asked_last));
      for (auto& c : cands) {
        FactKind kind = c.fact.kind;
        bool plan_kind = kind == FactKind::kNextVisit || kind == FactKind::kPlanFrequency;
        // Safety-netting advice ("if you develop any weakness, come back") is what to watch for, not a
        // finding.
        if (clinician && !plan_kind && safety_net(t, sen, c, lx)) continue;
        // The clinician examining ("does it hurt when I push here?") finds signs, not the patient's account.
        if (clinician && (kind == FactKind::kPainSite || kind == FactKind::kAggravating)) {
          std::size_t e0 = c.tok_begin >= sen.first + 8 ? c.tok_begin - 8 : sen.first;
          if (any_between(lx.exam_cues, t, e0, std::min(sen.last, c.tok_end + 8), sen.last)) continue;
        }
        if (kind == FactKind::kRedFlag && !sen.question &&
            std::find(asked_flags.begin(), asked_flags.end(), c.fact.value) != asked_flags.end())
          continue;
        // Someone else's history ("my mum has migraines").
        std::size_t from = c.tok_begin >= sen.first + 6 ? c.tok_begin - 6 : sen.first;
        if (any_between(lx.other_person_words, t, from, c.tok_begin, sen.last)) continue;
        // A medicine named as an allergy is not one taken.
        if (kind == FactKind::kMedicine && allergy_talk) continue;
        // "take that as a pain reliever": a class describing the medicine just named, not another one.
        if (kind == FactKind::kMedicine && described_as(t, sen.first, c.tok_begin)) continue;
        Fact f = std::move(c.fact);
        f.speaker = seg.speaker;
        if (f.kind == FactKind::kPainSite && f.side == Side::kUnspecified) f.side = carried_side;
        if (c.negatable) f.negated = negated_at(t, neg, c);
        // "my bowel movements are normal": the flag is absent.
        if (f.kind == FactKind::kRedFlag && !f.negated && c.tok_end + 1 < sen.last) {
          const std::string& verb = t[c.tok_end].text;
          bool linking = verb == "is" || verb == "are" || verb == "was" || verb == "were" || verb == "seem" ||
                         verb == "seems" || verb == "feel" || verb == "feels";
          std::size_t e1 = std::min(sen.last, c.tok_end + 3);
          if (linking && any_between(lx.normal_function_words, t, c.tok_end + 1, e1, sen.last))
            f.negated = true;
        }
        if (uncertain_before(t, sen.first, c.tok_begin, lx)) f.certainty = Certainty::kUncertain;
        if (c.tok_begin >= question_from) {
          if (answered && reply == Answer::kNo) {
            if (!c.negatable) continue;  // "is it a six?" - "no": no score to keep
            f.negated = true;
          } else if (answered && reply == Answer::kYes) {
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
