// How the patient's words are read beyond ConText's modifiers (readings.hpp).
#include "scribe/readings.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "scribe/dialogue.hpp"
#include "scribe/numbers.hpp"
#include "scribe/rules.hpp"

namespace physio::scribe::detail {
namespace {

// A normal word not itself denied ("fine", not the "great" of "not great").
bool normal_between(const std::vector<Tok>& t, std::size_t from, std::size_t to, const Lexicon& lx) {
  for (std::size_t k = from; k < to; ++k) {
    if (!lx.function_normal_words.match(t, k, to)) continue;
    bool denied =
        k > 0 && (t[k - 1].text == "not" || t[k - 1].text.ends_with("n't") || t[k - 1].text == "never" ||
                  (k > 1 && (t[k - 1].text == "so" || t[k - 1].text == "too" || t[k - 1].text == "very") &&
                   (t[k - 2].text == "not" || t[k - 2].text.ends_with("n't"))));
    if (!denied) return true;
  }
  return false;
}

}  // namespace

// A denial the clinician says to the patient: the flag at `at` is negated by a trigger of this turn, the
// sentence speaks to the patient ("you", "your") and examines nothing ("no weakness on examination" is a
// finding, not the patient's history).
bool denied_to_patient(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, const TurnContext& ctx,
                       FactKind kind, const Lexicon& lx) {
  if (!ctx.at(ContextCategory::kNegated, at, kind)) return false;
  if (any_between(lx.exam_cues, t, sen.first, sen.last, sen.last)) return false;
  for (std::size_t i = sen.first; i < sen.last; ++i) {
    const std::string& w = t[i].text;
    if (w == "you" || w == "your" || w == "you've" || w == "you're") return true;
  }
  return false;
}

// The patient's earlier episode told in the past: a past verb ("had", "was") in the sentence before the
// mention, nothing in the sentence that carries it into now ("it started two days ago", "I still get", "it's
// been"), and either a past anchor ("five years ago", "last week") anywhere in the turn or a later word that
// it is over (`resolved_later`).
bool past_episode(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, bool resolved_later,
                  const Lexicon& lx) {
  if (!any_between(lx.past_episode_verbs, t, sen.first, at, sen.last)) return false;
  // "it started with vomiting, so I vomited a couple of times": how the episode began is no word that
  // carries it into now ("it started two days ago" is).
  bool began = false, over = false;
  for (std::size_t k = sen.first; k < sen.last; ++k) {
    if (const auto* b = lx.past_episode_beginning.match(t, k, sen.last)) {
      began = true;
      k += b->phrase.size() - 1;
      continue;
    }
    // "I had a fever last week but it's gone now": the "now" of its end carries nothing into now.
    if (const auto* r = lx.past_episode_resolved.match(t, k, sen.last); r && k > at) {
      const std::size_t e = k + r->phrase.size();
      if (!any_between(lx.past_episode_resolved_unless, t, e, std::min(sen.last, e + 3), sen.last) ||
          (e < sen.last && t[e].text == "now")) {
        over = true;
        k = e < sen.last && t[e].text == "now" ? e : e - 1;
        continue;
      }
    }
    if (lx.past_episode_ongoing.match(t, k, sen.last)) return false;
  }
  return began || over || resolved_later || any_between(lx.past_episode_anchors, t, 0, t.size(), t.size());
}

// A sentence that says an episode is over ("sunday, I felt fine"), and does not go on ("until yesterday").
bool says_resolved(const std::vector<Tok>& t, const Sentence& sen, const Lexicon& lx) {
  const std::size_t at = find(lx.past_episode_resolved, t, sen.first, sen.last);
  if (at == sen.last) return false;
  // "but then, that went away": a "but" before it leads to it; "fine until yesterday" goes on after it.
  return !any_between(lx.past_episode_resolved_unless, t, at, sen.last, sen.last);
}

// How a body function named bare is ("how's your appetite?"): true when lost (a loss word in the sentence
// that says it, within 4 words of it in a question, or in the answer to the question that names it), false
// when normal, nullopt when nothing says which. A question that asks about the loss itself ("have you lost
// your appetite?") is answered by yes or no.
std::optional<bool> function_lost(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, bool asked,
                                  const std::vector<Tok>* answer, Answer reply, const Lexicon& lx) {
  std::size_t from = at >= sen.first + 4 ? at - 4 : sen.first, to = std::min(sen.last, at + 5);
  if (!asked) from = sen.first, to = sen.last;  // the patient's own sentence about it
  bool loss = any_between(lx.function_loss_words, t, from, to, to);
  bool normal = normal_between(t, from, to, lx);
  if (!asked) {
    if (loss != normal) return loss;
    return std::nullopt;
  }
  if (loss && !normal) {  // "have you lost your appetite?" - "no"
    if (reply == Answer::kYes) return true;
    if (reply == Answer::kNo) return false;
    return std::nullopt;
  }
  if (!answer) return std::nullopt;
  std::size_t n = std::min<std::size_t>(answer->size(), 8);
  bool a_loss = any_between(lx.function_loss_words, *answer, 0, n, answer->size());
  bool a_normal = normal_between(*answer, 0, n, lx);
  if (a_loss != a_normal) return a_loss;
  if (!a_loss && reply != Answer::kNone) return reply == Answer::kNo;  // "is your appetite okay?" - "yes"
  return std::nullopt;
}

// The patient speaking of themselves before `at` in the sentence ("I've never had a kidney stone").
std::optional<std::string> one_family_member(const std::vector<Tok>& answer, const ContextRules& rules) {
  std::set<std::string> who;
  for (std::size_t i = 0; i < answer.size(); ++i)
    for (const auto& trig : rules.triggers)
      if (trig.category == ContextCategory::kExperiencer && !trig.who.empty() && trig.who != "family" &&
          trig.who != "other" && matches_at(answer, i, answer.size(), trig.phrase))
        who.insert(trig.who);
  if (who.size() != 1) return std::nullopt;
  return *who.begin();
}

bool said_of_self(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  for (std::size_t k = first; k < at; ++k) {
    const std::string& w = t[k].text;
    if (w == "i" || w == "i've" || w == "i'm" || w == "i'd" || w == "me" || w == "myself") return true;
  }
  return false;
}

bool blood_before(const std::vector<Tok>& t, std::size_t first, std::size_t at, const std::string& flag) {
  if (flag != "bladder_change" && flag != "bowel_change") return false;
  static const std::set<std::string> plain = {"urine", "wee",  "pee",   "stool",  "stools",
                                              "poo",   "poos", "bowel", "bowels", "motions"};
  if (at >= t.size() || !plain.contains(t[at].text)) return false;
  for (std::size_t k = at > first + 6 ? at - 6 : first; k < at; ++k)
    if (t[k].text == "blood" || t[k].text == "bleeding" || t[k].text == "bloody") return true;
  return false;
}

bool stiffness_lasts_long(const std::vector<Tok>& t, std::size_t first, std::size_t last) {
  for (std::size_t k = first; k < last; ++k) {
    const std::string& w = t[k].text;
    if (w == "hour" || w == "hours" || w == "lunch" || w == "lunchtime" || w == "midday" || w == "noon")
      return true;
    if (w == "morning" && k > first &&
        (t[k - 1].text == "all" || t[k - 1].text == "whole" ||
         (k > first + 1 && t[k - 1].text == "the" && t[k - 2].text == "of")))
      return true;  // "all morning", "the whole morning", "most of the morning"
    if (auto n = parse_range_at(t, k, last);
        n && k + n->n_tokens < last &&
        (t[k + n->n_tokens].text == "minutes" || t[k + n->n_tokens].text == "mins")) {
      if (n->high > 30) return true;
      k += n->n_tokens;
    }
  }
  return false;
}

bool opens_normal(const std::vector<Tok>& a, const Lexicon& lx) {
  static const std::set<std::string> openers = {
      "they're", "it's", "they",   "it",           "are",        "is",      "all",       "yeah",
      "yes",     "oh",   "pretty", "very",         "quite",      "totally", "perfectly", "absolutely",
      "been",    "have", "has",    "everything's", "everything", "that's",  "."};
  std::size_t i = skip_fillers(a, 0);
  for (int n = 0; i < a.size() && n < 4 && openers.contains(a[i].text); ++n) i = skip_fillers(a, i + 1);
  return i < a.size() && lx.function_normal_words.match(a, i, a.size()) != nullptr;
}

}  // namespace physio::scribe::detail
