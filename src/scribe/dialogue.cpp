// The dialogue readers of extract_facts (dialogue.hpp).
#include "scribe/dialogue.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "scribe/rules.hpp"

namespace physio::scribe::detail {

namespace {

// A hesitation sound, however long it is held: "um", "ummm", "hmmm", "uhhh", "errr", "ohh", "mm".
bool hesitation(const std::string& w) {
  std::string held;  // each run of one letter said once: "hmmm" -> "hm"
  for (char c : w)
    if (held.empty() || held.back() != c) held += c;
  return held == "um" || held == "uh" || held == "uhm" || held == "hm" || held == "m" || held == "er" ||
         held == "erm" || held == "ehm" || held == "ah" || held == "oh";
}

}  // namespace

bool filler(const Tok& t) {
  return hesitation(t.text) || t.text == "well" || t.text == "," || t.text == "so" || t.text == "-";
}

// Skips fillers ("um", "uh", "oh", "well", ",", "my gosh") at the start of an answer.
std::size_t skip_fillers(const std::vector<Tok>& t, std::size_t i) {
  for (;;) {
    while (i < t.size() && filler(t[i])) ++i;
    if (i + 1 < t.size() && t[i].text == "my" &&
        (t[i + 1].text == "gosh" || t[i + 1].text == "god" || t[i + 1].text == "goodness"))
      i += 2;
    else if (i < t.size() && (t[i].text == "gosh" || t[i].text == "goodness"))
      ++i;
    else
      return i;
  }
}

// The answer as read for yes or no: without commas, and a restart read once: a run of up to four words said
// again straight after itself ("so, not, really I, I feel" -> "so not really i feel"; "not that I'm, not
// that I'm aware of" -> "not that i'm aware of").
std::vector<Tok> answer_words(const std::vector<Tok>& t) {
  constexpr std::size_t kLongestRestart = 4;
  std::vector<Tok> out;
  for (const auto& x : t) {
    // A false start before the answer ("I, no I don't", "It, yeah"): the lone first word is dropped.
    if (x.text == "," && !out.empty() &&
        (out.back().text == "i" || out.back().text == "it" || out.back().text == "we") &&
        std::all_of(out.begin(), out.end() - 1, [](const Tok& w) { return filler(w); }))
      out.pop_back();
    if (x.text == "," || x.text == "-") continue;
    out.push_back(x);
    if (!x.is_word()) continue;
    // The run just completed repeats the run before it: drop the repeat.
    for (std::size_t n = 1; n <= kLongestRestart && 2 * n <= out.size(); ++n) {
      const std::size_t a = out.size() - 2 * n, b = out.size() - n;
      bool same = true;
      for (std::size_t k = 0; k < n && same; ++k)
        same = out[a + k].is_word() && out[a + k].text == out[b + k].text;
      if (!same) continue;
      out.resize(b);
      break;
    }
  }
  return out;
}

// The word after an answer's "no" that makes it a determiner of what follows ("no belly pain"), not the
// answer itself ("no, none", "no I don't", "no problems").
bool binds_to_next(const Tok& w) {
  static const std::set<std::string> answer_words = {
      "i", "i'm", "i've", "it", "it's", "its", "not", "never", "nothing", "none", "that", "that's", "we",
      "he", "she", "they", "really", "thanks", "thank", "sir", "doctor", "doc", "at", "problems", "problem",
      "issues", "issue", "way", "sorry", "no",
      // "not specifically apart from the dizziness", "not those sort of symptoms": a no, then what it spares
      "apart", "except", "besides", "aside", "other", "but", "symptoms", "things", "stuff", "sort", "kind",
      "type", "like", "specifically"};
  return w.is_word() && !answer_words.count(w.text);
}

bool opening_reply_binds(const std::vector<Tok>& t, const Lexicon& lx) {
  const std::size_t i = skip_fillers(t, 0);
  const auto* w = i < t.size() ? lx.negative_answers.match(t, i, t.size()) : nullptr;
  if (!w && i < t.size()) w = lx.positive_answers.match(t, i, t.size());
  const std::size_t after = w ? i + w->phrase.size() : t.size();
  return w && after < t.size() && binds_to_next(t[after]);
}

// Where the answer proper starts: after a short echo of the question without yes or no ("Ohh, allergies.
// Uh, no."), whose words do not name the parts answered.
std::size_t echo_end(const std::vector<Tok>& t, const Lexicon& lx) {
  std::size_t i = skip_fillers(t, 0), words = 0;
  if (i < t.size() &&
      (lx.negative_answers.match(t, i, t.size()) || lx.positive_answers.match(t, i, t.size())))
    return 0;
  for (std::size_t k = i; k < t.size(); ++k) {
    if (t[k].text == "." || t[k].text == "?" || t[k].text == "!") {
      // An echo only when a yes or no follows it ("Just the sweats." is the answer itself).
      std::size_t n = skip_fillers(t, k + 1);
      const auto* reply = n < t.size() ? lx.negative_answers.match(t, n, t.size()) : nullptr;
      if (!reply && n < t.size()) reply = lx.positive_answers.match(t, n, t.size());
      // A "no" that binds to what follows it ("shortness of breath. no belly pain though.") answers a part:
      // what comes before it is the answer to another part, not an echo.
      if (reply && n + reply->phrase.size() < t.size() && binds_to_next(t[n + reply->phrase.size()]))
        return 0;
      return words <= 3 && reply ? k + 1 : 0;
    }
    words += t[k].is_word() ? 1 : 0;
  }
  return 0;
}

// "able to" just before a red flag of capability ("I am able to put weight on it", "have you been able to
// stand?"): the capability, not the flag. nullopt without it; false when "able" is itself negated ("not
// able to", "wasn't able to").
std::optional<bool> able_before(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  for (std::size_t k = at >= first + 6 ? at - 6 : first; k + 1 < at; ++k) {
    // "can you bear weight?", "I could put weight on it"
    if ((t[k].text == "can" || t[k].text == "could") && t[k + 1].text != "n't" && t[k + 1].text != "not")
      return true;
    if (t[k].text != "able" || t[k + 1].text != "to") continue;
    for (std::size_t b = k >= first + 3 ? k - 3 : first; b < k; ++b) {
      const std::string& w = t[b].text;
      if (w == "not" || w == "n't" || w == "never" || w.ends_with("n't")) return false;
    }
    return true;
  }
  return std::nullopt;
}

bool capability_asked(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  static const std::set<std::string> aux = {"have", "has",   "are",  "were",  "was", "is",
                                            "can",  "could", "will", "would", "do",  "did"};
  for (std::size_t k = at >= first + 6 ? at - 6 : first; k + 1 < at; ++k) {
    if ((t[k].text == "can" || t[k].text == "could") && t[k + 1].text == "you") return true;
    if (t[k].text != "able" || t[k + 1].text != "to") continue;
    // "have you been able to", "are you able to", "were you able to"
    for (std::size_t b = k >= first + 3 ? k - 3 : first; b + 1 < k; ++b)
      if (aux.count(t[b].text) > 0 && t[b + 1].text == "you") return true;
  }
  return false;
}

std::optional<bool> answer_capability(const std::vector<Tok>& said) {
  const std::vector<Tok> t = answer_words(said);
  std::size_t i = skip_fillers(t, 0);
  while (i < t.size() && (t[i].text == "yeah" || t[i].text == "yes" || t[i].text == "well" ||
                          t[i].text == "," || t[i].text == "so" || t[i].text == "um" || t[i].text == "uh"))
    i = skip_fillers(t, i + 1);
  if (i >= t.size() || (t[i].text != "i" && t[i].text != "i'm")) return std::nullopt;
  bool negated = false;
  for (std::size_t k = i + 1; k < t.size() && k <= i + 4; ++k) {
    const std::string& w = t[k].text;
    if (w == "not" || w == "never" || w == "n't" || w.ends_with("n't")) {
      negated = true;
      if (w == "can't" || w == "couldn't" || w == "cannot") return false;
      continue;
    }
    if (w == "able" && k + 1 < t.size() && t[k + 1].text == "to") return !negated;
    if (w == "can" || w == "could") {
      if (k + 1 < t.size() && (t[k + 1].text == "n't" || t[k + 1].text == "not")) return false;
      return !negated;
    }
    if (w != "am" && w != "was" && w != "'m" && w != "have" && w != "been" && w != "'ve") return std::nullopt;
  }
  return std::nullopt;
}

std::size_t word_count(const std::vector<Tok>& t) {
  return static_cast<std::size_t>(
      std::count_if(t.begin(), t.end(), [](const Tok& x) { return x.is_word(); }));
}

namespace {

// A yes that only agrees with the question, whatever its polarity ("no numbness?" - "yes": none); any other
// yes (a verb, a quantity, a frequency: "yes, I have", "a little", "most nights") says the thing is there.
bool agreement_only(const std::vector<std::string>& phrase) {
  static const std::set<std::string> agreeing = {
      "yes",        "yeah",     "yep",        "yup",      "correct",      "that's right", "absolutely",
      "definitely", "for sure", "i think so", "think so", "i believe so", "mhm",          "uh-huh",
      "mm-hmm",     "mm hmm",   "mmhmm",      "mhmm",     "uh huh"};
  std::string joined;
  for (const auto& w : phrase) joined += (joined.empty() ? "" : " ") + w;
  return agreeing.contains(joined);
}

// The words of not knowing at t[i] ("I don't know", "not sure", "I'm not sure"): how many, or 0.
std::size_t not_knowing_at(const std::vector<Tok>& t, std::size_t i) {
  static const std::vector<std::vector<std::string>> phrases = {{"i", "don't", "know"},
                                                                {"don't", "know"},
                                                                {"i'm", "not", "sure"},
                                                                {"not", "sure"},
                                                                {"i", "am", "not", "sure"}};
  for (const auto& p : phrases) {
    bool at = i + p.size() <= t.size();
    for (std::size_t k = 0; at && k < p.size(); ++k) at = t[i + k].text == p[k];
    if (at) return p.size();
  }
  return 0;
}

}  // namespace

Answered read_answer(const std::vector<Tok>& said, const Lexicon& lx) {
  const std::vector<Tok> t = answer_words(said);
  Answered a;
  // The first sentence with words other than fillers ("Um. Well. No, not that I've noticed."); a short echo
  // of the question without yes or no ("Ohh, allergies. Uh, no.") is followed by the next sentence.
  std::size_t i = skip_fillers(t, 0);
  // "And I don't know if it's the chest": a leading "and" or "but" joins the answer to the question.
  if (i < t.size() && (t[i].text == "and" || t[i].text == "but")) i = skip_fillers(t, i + 1);
  // "I don't know, maybe a bit": not knowing opens the answer, it does not deny; what follows answers.
  if (const std::size_t n = not_knowing_at(t, i); n > 0) {
    a.uncertain = true;
    i = skip_fillers(t, i + n);
  }
  // "Maybe a bit", "probably not": a hedge before the yes or no makes it uncertain, not unread.
  if (i < t.size() && !lx.positive_answers.match(t, i, t.size()) &&
      !lx.negative_answers.match(t, i, t.size()))
    if (const auto* h = lx.uncertainty.match(t, i, t.size())) {
      a.uncertain = true;
      i = skip_fillers(t, i + h->phrase.size());
    }
  const std::size_t start = i;
  for (int sentence = 0; sentence < 2 && a.answer == Answer::kNone; ++sentence) {
    while (i < t.size() && (t[i].text == "." || t[i].text == "!" || t[i].text == "?"))
      i = skip_fillers(t, i + 1);
    // "And not, not really no": a leading "and" joins the answer to the question.
    if (i < t.size() && (t[i].text == "and" || t[i].text == "but")) i = skip_fillers(t, i + 1);
    if (i >= t.size()) return a;
    std::size_t end = t.size();
    for (std::size_t k = i; k < t.size(); ++k)
      if (t[k].text == "." || t[k].text == "?" || t[k].text == "!") {
        end = k;
        break;
      }
    // "Any shortness of breath when you climb stairs?" - "I don't do any of that": the circumstance is not
    // done, so the question is not answered (no denial of what it asks about).
    if (lx.not_done_answers.match(t, i, end)) return a;
    // The longest phrase wins, so "not really" beats "not" and "i don't think so" is read whole.
    const auto* no = lx.negative_answers.match(t, i, end);
    const auto* yes = lx.positive_answers.match(t, i, end);
    if (no && (!yes || no->phrase.size() >= yes->phrase.size())) {
      a.answer = Answer::kNo;
    } else if (yes) {
      a.answer = Answer::kYes;
      a.asserts = !agreement_only(yes->phrase);
    }
    std::size_t words = 0;
    for (std::size_t k = i; k < end; ++k) words += t[k].is_word() ? 1 : 0;
    // "Not that it, no.": a short sentence that starts denying and ends in a bare no is a no.
    if (a.answer == Answer::kNone && words <= 5 && end > i + 1 &&
        (t[i].text == "not" || t[i].text == "nothing" || t[i].text == "never" || t[i].text == "none") &&
        (t[end - 1].text == "no" || t[end - 1].text == "nope"))
      a.answer = Answer::kNo;
    if (words > 3) break;
    i = end;
  }
  for (std::size_t k = start; k < t.size(); ++k)
    if (lx.uncertainty.match(t, k, t.size())) a.uncertain = true;
  return a;
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

bool uncertain_before(const std::vector<Tok>& t, std::size_t first, std::size_t at, const Lexicon& lx) {
  std::size_t from = at >= first + 6 ? at - 6 : first;
  for (std::size_t k = from; k < at; ++k)
    if (lx.uncertainty.match(t, k, at + 1)) return true;
  return false;
}

// The word at `k` says how what comes right before it works ("working OK", "bowels fine", "passing urine
// all OK"): a qualified word ("working", "bowels") just before it, possibly through "all", "fine" or "and";
// after a comma it qualifies nothing (a tag: "..., okay?").
namespace {
bool qualifies_what_precedes(const std::vector<Tok>& t, std::size_t first, std::size_t k, std::size_t last,
                             const Lexicon& lx) {
  std::size_t b = k;
  while (b > first && (t[b - 1].text == "all" || t[b - 1].text == "and" || t[b - 1].text == "fine")) --b;
  return b > first && lx.normal_function_before.match(t, b - 1, last);
}
}  // namespace

// "Are your bowels working okay?": a normal-function word right after what it qualifies ("working",
// "bowels", "passing urine") among the last words of the question. A discourse marker ("okay, alright, any
// numbness?", "any numbness, okay?") is not one: it opens the question or follows a comma.
std::size_t unpunctuated_question_start(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx) {
  std::size_t from = s.last;
  for (std::size_t q = s.first; q < s.last; ++q)
    if (lx.question_cues.match(t, q, s.last)) from = q;
  // Earlier cues of the same question ("have you been short of breath or any problems sleeping"): back
  // over cues at most 10 tokens apart, while the later one continues a list ("any"); a later cue that
  // opens a question of its own asks the question the bare answer answers ("any nausea or vomiting are
  // you peeing a whole lot" - "yeah").
  const auto opens_question = [&](std::size_t q) {
    const auto* cue = lx.question_cues.match(t, q, s.last);
    return cue != nullptr && !(cue->phrase.size() == 1 && cue->phrase.front() == "any");
  };
  for (bool moved = true; moved && from < s.last && !opens_question(from);) {
    moved = false;
    const std::size_t lo = from >= s.first + 10 ? from - 10 : s.first;
    for (std::size_t q = lo; q < from; ++q)
      if (lx.question_cues.match(t, q, s.last)) {
        from = q;
        moved = true;
        break;
      }
  }
  return from;
}

bool asks_if_normal(const std::vector<Tok>& t, std::size_t first, std::size_t last, const Lexicon& lx) {
  std::size_t tail = last;
  for (int n = 0; tail > first && n < 3;) {
    --tail;
    if (t[tail].is_word()) ++n;
  }
  for (std::size_t k = std::max(tail, first + 1); k < last; ++k) {
    const auto* w = lx.normal_function_words.match(t, k, last);
    if (!w) continue;
    if (qualifies_what_precedes(t, first, k, last, lx)) return true;
  }
  return false;
}

// A yes/no question by its form, without a question mark ("have you had any fever", "do you get pins and
// needles", "is there any numbness"): an auxiliary verb first, then "you" or "there". A recogniser writes no
// punctuation, so an unlabelled utterance of this form is asked, never stated.
bool interrogative_opening(const std::vector<Tok>& t, const Sentence& s) {
  std::size_t i = skip_fillers(t, s.first);
  if (i + 1 >= s.last) return false;
  static const std::set<std::string> aux = {"do", "does", "did",  "have", "has",   "had",   "are",
                                            "is", "was",  "were", "can",  "could", "would", "will"};
  const std::string& second = t[i + 1].text;
  return aux.count(t[i].text) > 0 && (second == "you" || second == "there" || second == "your");
}

bool is_question_sentence(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx) {
  if (s.question) return true;
  if (has_question_mark(t)) return false;
  for (std::size_t i = s.first; i < s.last; ++i)
    if (lx.question_cues.match(t, i, s.last) || t[i].text == "how" || t[i].text == "what" ||
        t[i].text == "when" || t[i].text == "where" || t[i].text == "which")
      return true;
  return false;
}

// The topic a question starts from ("apart from the eczema", "other than the inhalers", "with the
// diarrhoea", "about your cough") just before a mention.
bool given_not_asked(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  const std::size_t from = at >= first + 3 ? at - 3 : first;
  for (std::size_t k = from; k < at; ++k) {
    const std::string& w = t[k].text;
    const std::string next = k + 1 < at ? t[k + 1].text : "";
    if ((w == "apart" || w == "aside") && next == "from") return true;
    if (w == "other" && next == "than") return true;
    if (w == "besides") return true;
    // "with the diarrhoea, ..." opening the question, not "any problems with your bladder?"
    if ((w == "with" || w == "about") && (next == "the" || next == "your") && k + 2 == at) {
      std::size_t b = k;
      while (b > first && (filler(t[b - 1]) || t[b - 1].text == "and" || t[b - 1].text == "now" ||
                           t[b - 1].text == "okay" || t[b - 1].text == "ok"))
        --b;
      if (b == first) return true;
    }
  }
  return false;
}

// A statement with a question tag ("i'm gon na prescribe you some meloxicam 15 milligrams once a day,
// okay?", "we'll see you in two weeks, all right?"): it tells, it does not ask. A question cue before the tag
// ("do you take anything for it, okay?") keeps it a question.
bool tag_question(const std::vector<Tok>& t, const Sentence& s, const Lexicon& lx) {
  std::size_t end = s.last;
  while (end > s.first && !t[end - 1].is_word()) --end;  // the "?"
  if (end == s.first) return false;
  const std::string& w = t[end - 1].text;
  bool tag = w == "okay" || w == "ok" || w == "alright" || w == "right" || w == "yeah";
  if (!tag) return false;
  std::size_t tag_begin = end - 1;
  if (tag_begin > s.first && t[tag_begin - 1].text == "all") --tag_begin;  // "all right"
  std::size_t words = 0;
  for (std::size_t k = s.first; k < tag_begin; ++k) words += t[k].is_word() ? 1 : 0;
  if (words < 4) return false;  // "okay?" / "is that okay?" alone ask
  for (std::size_t k = s.first; k < tag_begin; ++k)
    if (lx.question_cues.match(t, k, tag_begin)) return false;
  // "(And) your bowels are working OK?": the last word says how what comes right before it works (is it
  // normal?), so it is what is asked, not a tag; a tag follows a comma ("..., are working, okay?").
  if (qualifies_what_precedes(t, s.first, tag_begin, tag_begin, lx)) return false;
  return !interrogative_opening(t, Sentence{s.first, tag_begin, false});
}

// A short clinician turn that is neither a question nor news ("okay", "mm-hmm", "right"): the patient's
// answer goes on after it.
bool backchannel(const std::vector<Tok>& t) {
  return word_count(t) <= 3 && !has_question_mark(t);
}

bool clarification(const std::vector<Tok>& t, const Lexicon& lx) {
  std::size_t i = skip_fillers(t, 0);
  if (word_count(t) > 5 || i >= t.size()) return false;
  if (const auto* m = lx.clarification_requests.match(t, i, t.size());
      m && (has_question_mark(t) || word_count(t) <= 2)) {
    // "What?" asks to hear it again; "What makes it worse?" is a question of its own.
    if (m->phrase.size() != 1 || m->phrase.front() != "what") return true;
    std::size_t k = i + 1;
    while (k < t.size() && !t[k].is_word()) ++k;
    if (k >= t.size()) return true;
  }
  // An echo with the word not heard replaced by "what" ("With my what?").
  std::size_t last = t.size();
  while (last > 0 && !t[last - 1].is_word()) --last;
  return has_question_mark(t) && last > 0 && t[last - 1].text == "what";
}

}  // namespace physio::scribe::detail
