// Red flags denied by a body function said to be normal (flag_functions.json).
#include <optional>

#include "scribe/dialogue.hpp"
#include "scribe/rules.hpp"

namespace physio::scribe::detail {
namespace {

// Words between a function and how it is ("my weight's been pretty stable", "my breathing is totally fine").
bool linking(const std::string& w) {
  static const char* const kWords[] = {"is",     "are",     "was",        "has",       "have",       "been",
                                       "seems",  "feels",   "'s",         "pretty",    "very",       "quite",
                                       "really", "totally", "completely", "perfectly", "absolutely", "all",
                                       "the",    "just",    "fairly"};
  for (const char* k : kWords)
    if (w == k) return true;
  return false;
}

// The end of a normal word from `from`, over linking words, up to 5 words on; none when a denial, a "but" or
// a clause boundary comes first ("my breathing is not great", "my breathing is fine, but ...").
std::optional<std::size_t> normal_from(const std::vector<Tok>& t, std::size_t from, std::size_t last,
                                       const Lexicon& lx) {
  for (std::size_t k = from; k < last && k < from + 5; ++k) {
    const std::string& w = t[k].text;
    if (w == "not" || w == "never" || w.ends_with("n't") || w == "but" || w == ",") return std::nullopt;
    if (const auto* n = lx.function_normal_words.match(t, k, last)) return k + n->phrase.size();
    if (!linking(w)) return std::nullopt;
  }
  return std::nullopt;
}

void push_denial(const std::string& flag, const std::vector<Tok>& t, std::size_t b, std::size_t e,
                 std::vector<Candidate>& out) {
  Candidate c = said_candidate(FactKind::kRedFlag, flag, t, b, e, false);
  c.fact.negated = true;
  out.push_back(std::move(c));
}

}  // namespace

void rule_flag_functions(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  if (s.speaker == Speaker::kClinician || s.question) return;
  const auto& t = s.toks;
  const auto& lx = v.lexicon;
  // The patient's own words: "my breathing is fine", "my weight's been stable".
  for (std::size_t i = s.first; i < s.last; ++i) {
    const auto* f = v.flag_functions.match(t, i, s.last);
    if (!f) continue;
    const std::size_t after = i + f->phrase.size();
    if (auto e = normal_from(t, after, s.last, lx)) push_denial(f->value, t, i, *e, out);
    i = after - 1;
  }
  // The answer to "how's your breathing?", "how has your weight been?": an answer that opens with a normal
  // word ("fine", "pretty stable", "it's been the same") says the function is normal.
  if (!s.asked) return;
  const auto& q = *s.asked;
  const PhraseSet::Entry* asked = nullptr;
  bool how = false, is_it_normal = false;
  for (std::size_t k = s.asked_first; k < s.asked_last; ++k) {
    if (q[k].text == "how" || q[k].text == "how's") how = true;
    if (asked) continue;
    asked = v.flag_functions.match(q, k, s.asked_last);
    // "your breathing's all OK, yeah?": the question says it is normal and asks whether it is.
    if (asked) is_it_normal = normal_from(q, k + asked->phrase.size(), s.asked_last, lx).has_value();
  }
  if (!asked || (!how && !is_it_normal)) return;
  std::size_t i = skip_fillers(t, s.first);
  // "Your breathing's all OK?" - "OK, yeah": a yes agrees that it is normal.
  if (is_it_normal && i < s.last)
    if (const auto* yes = lx.positive_answers.match(t, i, s.last);
        yes && !lx.negative_answers.match(t, i, s.last)) {
      push_denial(asked->value, t, i, i + yes->phrase.size(), out);
      return;
    }
  for (const char* opener : {"it's", "it", "that's", "yeah", "yes", "oh", "um", "uh"})
    if (i < s.last && t[i].text == opener) i = skip_fillers(t, i + 1);
  if (i >= s.last) return;
  if (auto e = normal_from(t, i, s.last, lx)) push_denial(asked->value, t, i, *e, out);
}

}  // namespace physio::scribe::detail
