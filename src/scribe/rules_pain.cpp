// Pain scores and pain sites (durations and onsets: rules_time.cpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "scribe/numbers.hpp"
#include "scribe/rules.hpp"
#include "scribe/sites.hpp"

namespace physio::scribe::detail {
namespace {}  // namespace

bool tok_is(const std::vector<Tok>& t, std::size_t i, std::size_t last, std::string_view w) {
  return i < last && t[i].text == w;
}

std::string said_text(const std::vector<Tok>& t, std::size_t b, std::size_t e) {
  std::string s;
  for (std::size_t i = b; i < e; ++i) {
    bool glue =
        t[i].text == "/" || t[i].text == "-" || (i > b && (t[i - 1].text == "/" || t[i - 1].text == "-"));
    if (!s.empty() && !glue) s += ' ';
    s += t[i].text;
  }
  return s;
}

Candidate said_candidate(FactKind kind, std::string value, const std::vector<Tok>& t, std::size_t b,
                         std::size_t e, bool negatable) {
  Candidate c{{}, b, e, negatable};
  c.fact.kind = kind;
  c.fact.value = std::move(value);
  c.fact.said = said_text(t, b, e);
  return c;
}

namespace {

// After a score number: "out of ten", "/10", "on the scale", "on a scale"; returns tokens used.
std::size_t score_suffix(const std::vector<Tok>& t, std::size_t i, std::size_t last) {
  if (tok_is(t, i, last, "out") && tok_is(t, i + 1, last, "of") &&
      (tok_is(t, i + 2, last, "ten") || tok_is(t, i + 2, last, "10")))
    return 3;
  if (tok_is(t, i, last, "/") && (tok_is(t, i + 1, last, "10") || tok_is(t, i + 1, last, "ten"))) return 2;
  if (tok_is(t, i, last, "on") && (tok_is(t, i + 1, last, "the") || tok_is(t, i + 1, last, "a")) &&
      (tok_is(t, i + 2, last, "scale") ||
       (tok_is(t, i + 2, last, "pain") && tok_is(t, i + 3, last, "scale"))))
    return tok_is(t, i + 2, last, "pain") ? 4 : 3;
  return 0;
}

Candidate score_candidate(const std::vector<Tok>& t, std::size_t b, std::size_t e, const SpokenRange& r) {
  Candidate c{{}, b, e, false};
  c.fact.kind = FactKind::kPainScore;
  c.fact.said = said_text(t, b, e);
  if (r.low < 0 || r.high > 10) {
    c.fact.out_of_range = true;
    c.fact.value = "out_of_range";
  } else {
    c.fact.value = format_range(r.low, r.high);
    c.fact.score_low = r.low;
    c.fact.score_high = r.high;
  }
  return c;
}

// "down to", "up to", "goes to", "gets to" just before the number at `i`, with "like", "about", "around",
// "maybe" and an article between: where a score said before it moves.
bool score_moves_to(const std::vector<Tok>& t, std::size_t first, std::size_t i) {
  std::size_t k = i;
  const auto before = [&](std::string_view w) { return k > first && t[k - 1].text == w; };
  if (before("a") || before("an")) --k;
  while (before("like") || before("about") || before("around") || before("maybe")) --k;
  if (!before("to")) return false;
  --k;
  return k > first && (t[k - 1].text == "down" || t[k - 1].text == "up" || t[k - 1].text == "goes" ||
                       t[k - 1].text == "gets" || t[k - 1].text == "go" || t[k - 1].text == "get" ||
                       t[k - 1].text == "went" || t[k - 1].text == "got");
}

bool asked_about_pain_scale(const SentenceView& s, const Vocabulary& v) {
  if (!s.asked) return false;
  const auto& lx = v.lexicon;
  // With or without the word pain ("on a scale of one to ten?" - "Seven.").
  return contains(lx.score_scale_words, *s.asked, s.asked_first, s.asked_last);
}

}  // namespace

bool contains(const PhraseSet& set, const std::vector<Tok>& toks, std::size_t first, std::size_t last) {
  return find(set, toks, first, last) < last;
}

std::size_t find(const PhraseSet& set, const std::vector<Tok>& toks, std::size_t first, std::size_t last) {
  for (std::size_t i = first; i < last; ++i)
    if (set.match(toks, i, last)) return i;
  return last;
}

// A pain word between a site and where its side is said ("back pain on my right side").
bool lx_pain_word(std::string_view w) {
  return w == "pain" || w == "pains" || w == "ache" || w == "aches" || w == "hurts" || w == "hurting";
}

Side side_near(const std::vector<Tok>& t, std::size_t first, std::size_t last, std::size_t begin,
               std::size_t end) {
  auto side_of = [](std::string_view w) -> std::optional<Side> {
    if (w == "left" || w == "left-sided" || w == "left-hand") return Side::kLeft;
    if (w == "right" || w == "right-sided" || w == "right-hand") return Side::kRight;
    if (w == "both" || w == "bilateral" || w == "bilaterally") return Side::kBoth;
    return std::nullopt;
  };
  for (std::size_t k = 1; k <= 3 && begin >= first + k; ++k) {
    const std::string& w = t[begin - k].text;
    // "right at the shoulder", "right in my back", "right here on my knee": "right" of place, no side.
    if (k >= 2 && right_of_place(t, begin - k)) continue;
    if (auto s = side_of(w)) return *s;
    if (w == "," || w == "." || w == "and" || w == "or") break;
  }
  // "my right wrist and hand": the side of the site joined just before.
  if (begin >= first + 3 && (t[begin - 1].text == "and" || t[begin - 1].text == "or") &&
      !right_of_place(t, begin - 3))
    if (auto s = side_of(t[begin - 3].text)) return *s;
  // "the left side of my head", "the right-hand side of my back"
  if (begin >= first + 4 &&
      (t[begin - 1].text == "my" || t[begin - 1].text == "your" || t[begin - 1].text == "the") &&
      t[begin - 2].text == "of" && t[begin - 3].text == "side") {
    if (auto s = side_of(t[begin - 4].text)) return *s;
    for (std::size_t k = 5; k <= 6 && begin >= first + k; ++k)
      if (t[begin - 4].text == "hand")
        if (auto s = side_of(t[begin - k].text)) return *s;
  }
  // "my knee on the right", "on the left side", "knuckles on my right hand", "back pain on my right side",
  // "my back on the lower right side"
  std::size_t on = end;
  if (on < last && lx_pain_word(t[on].text)) ++on;
  if (tok_is(t, on, last, "on") &&
      (tok_is(t, on + 1, last, "the") || tok_is(t, on + 1, last, "my") || tok_is(t, on + 1, last, "your"))) {
    std::size_t k = on + 2;
    while (k < last && k < on + 4 &&
           (t[k].text == "lower" || t[k].text == "upper" || t[k].text == "inner" || t[k].text == "outer"))
      ++k;
    if (k < last)
      if (auto s = side_of(t[k].text)) return *s;
  }
  if (tok_is(t, end, last, "on") && tok_is(t, end + 1, last, "both")) return Side::kBoth;
  return Side::kUnspecified;
}

void rule_pain_scores(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  const auto& t = s.toks;
  bool answer_to_scale = asked_about_pain_scale(s, v) && s.speaker != Speaker::kClinician;
  bool found = false;
  for (std::size_t i = s.first; i < s.last; ++i) {
    auto r = parse_range_at(t, i, s.last);
    if (!r) continue;
    std::size_t j = i + r->n_tokens;
    // "scale of one to ten", "from zero to ten": the scale itself, not a score.
    if (i > s.first && (t[i - 1].text == "of" || t[i - 1].text == "from") && r->high == 10 && r->low <= 1) {
      i = j - 1;
      continue;
    }
    if (std::size_t k = score_suffix(t, j, s.last); k > 0) {
      out.push_back(score_candidate(t, i, j + k, *r));
      found = true;
      i = j + k - 1;
      continue;
    }
    // A number that counts something else ("two days", "three times") is no score.
    const bool counts_other =
        j < s.last && (unit_days(t[j].text) || t[j].text == "times" || t[j].text == "%" ||
                       t[j].text == "percent" || t[j].text == "o'clock");
    if (counts_other) continue;
    // After a score, where the pain goes from there is a score too: "six out of ten without ibuprofen and it
    // goes down to like a one with it", "it gets up to an eight".
    if (found && score_moves_to(t, s.first, i)) {
      out.push_back(score_candidate(t, i, j, *r));
      i = j - 1;
      continue;
    }
    // In the answer to a question of the pain's score: its first number near the start ("Seven.", "I'd say
    // my pain is a three"), or further on a number said as a level, after "a" or "an" ("when I first fell it
    // was pretty bad but now it's at like a six").
    const bool as_level = i > s.first && (t[i - 1].text == "a" || t[i - 1].text == "an");
    // The patient's own "the pain's down to about a two", "my pain is like a six today": a level said after
    // the pain word, without a question of the scale.
    const bool pain_level = !answer_to_scale && !found && as_level && r->high <= 10 &&
                            s.speaker != Speaker::kClinician && !s.question &&
                            contains(v.lexicon.pain_words, t, i >= s.first + 8 ? i - 8 : s.first, i);
    if (pain_level) {
      out.push_back(score_candidate(t, i, j, *r));
      found = true;
      i = j - 1;
      continue;
    }
    if (answer_to_scale && !found && (i < s.first + 12 || (as_level && r->high <= 10))) {
      out.push_back(score_candidate(t, i, j, *r));
      found = true;
      i = j - 1;
    }
  }
}

namespace {
// A site of which people have two, said in the plural ("knees", "feet", "calves").
bool paired_plural(const std::string& site, const std::string& word) {
  // Joints and parts said of one's own two ("my knees"), not the limbs named as a region ("any numbness
  // in your legs", "my hands or my arms").
  static const std::set<std::string> paired = {"shoulder", "elbow", "wrist", "knee",  "calf",   "shin",
                                               "ankle",    "heel",  "hip",   "thigh", "buttock"};
  if (!paired.count(site)) return false;
  return word == "calves" || (word.size() > 2 && word.back() == 's' && word != site);
}
}  // namespace

void rule_pain_sites(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  const auto& t = s.toks;
  const auto& lx = v.lexicon;
  // Pain words in the sentence, or (in an answer) in the clinician's question it answers.
  std::vector<std::size_t> pain_at;
  for (std::size_t i = s.first; i < s.last; ++i)
    if (lx.pain_words.match(t, i, s.last)) pain_at.push_back(i);
  std::size_t activity_object_end = 0;
  bool asked_pain = s.asked && s.speaker != Speaker::kClinician &&
                    contains(lx.pain_words, *s.asked, s.asked_first, s.asked_last);
  // "where exactly do you feel it?": where the complaint is felt (an answer that names places, a little
  // longer than a bare one); "does the pain go anywhere?" (asked_pain) is answered the same way.
  bool asked_where = false;
  bool asked_anywhere = false;
  if (s.asked && s.speaker != Speaker::kClinician)
    for (std::size_t i = s.asked_first; i < s.asked_last; ++i) {
      const std::string& w = (*s.asked)[i].text;
      asked_anywhere = asked_anywhere || w == "anywhere" || w == "radiate" || w == "spread" || w == "travel";
    }
  if (s.asked && s.speaker != Speaker::kClinician && !asked_pain) {
    bool where = false, feel = false;
    for (std::size_t i = s.asked_first; i < s.asked_last; ++i) {
      const std::string& w = (*s.asked)[i].text;
      where = where || w == "where" || w == "anywhere";
      feel = feel || w == "feel";
    }
    asked_where = where && feel;
  }
  // "It's my right shoulder. It's been aching for four months.": the patient's next sentence in the turn says
  // the pain of the site just named, when it names no site of its own.
  bool pain_next = false;
  if (s.speaker != Speaker::kClinician && s.last < t.size()) {
    std::size_t e = s.last;
    auto ends = [](const Tok& w) { return w.text == "." || w.text == "?" || w.text == "!"; };
    while (e < t.size() && !(e > s.last && ends(t[e - 1]))) ++e;
    pain_next = contains(lx.pain_words, t, s.last, e) && !contains(v.body_sites, t, s.last, e);
  }
  for (std::size_t i = s.first; i < s.last; ++i) {
    const auto* e = v.body_sites.match(t, i, s.last);
    if (!e) continue;
    std::size_t end = i + e->phrase.size();
    // The clinician's own body ("against my hand") is not a site of the patient's pain.
    if (s.speaker == Speaker::kClinician && i > s.first && t[i - 1].text == "my") {
      i = end - 1;
      continue;
    }
    // A site inside an activity ("hands over my head", "on my feet all day") names the activity.
    // Also its object ("move my head") and what is joined to that ("move my head or neck").
    bool in_activity = false;
    for (std::size_t a = i >= s.first + 3 ? i - 3 : s.first; a <= i; ++a) {
      const auto* act = v.activities.match(t, a, s.last);
      if (!act) continue;
      std::size_t ae = a + act->phrase.size();
      if (ae > i) in_activity = true;
      if (ae + 1 == i && (t[ae].text == "my" || t[ae].text == "your" || t[ae].text == "the"))
        in_activity = true;
    }
    if (activity_object_end > 0 && i >= 1 && i == activity_object_end + 1 &&
        (t[i - 1].text == "or" || t[i - 1].text == "and"))
      in_activity = true;
    if (in_activity) activity_object_end = end;
    // "knuckles on my right hand": a site after "on my/your/the [left|right]" with another site just before
    // it only says where that one is.
    bool qualifier = false;
    std::size_t q = i;
    if (q > s.first && (t[q - 1].text == "right" || t[q - 1].text == "left")) --q;
    if (q >= s.first + 2 && t[q - 2].text == "on" &&
        (t[q - 1].text == "my" || t[q - 1].text == "your" || t[q - 1].text == "the")) {
      for (std::size_t b = q >= s.first + 6 ? q - 6 : s.first; b + 2 < q; ++b)
        if (v.body_sites.match(t, b, s.last)) qualifier = true;
    }
    if (in_activity || qualifier) {
      i = end - 1;
      continue;
    }
    // "the right hand side" is a side, "the back of my head" and "it went back" are not a back.
    const std::string next = end < s.last ? t[end].text : "";
    const std::string prev = i > s.first ? t[i - 1].text : "";
    static const std::set<std::string> back_movers = {
        "it",   "them", "went", "go",    "goes",  "going", "come",  "came", "coming", "moved", "move",
        "bend", "pull", "lean", "get",   "got",   "way",   "bring", "put",  "sit",    "lay",   "lie",
        "step", "look", "push", "pulls", "bends", "turn",  "head",  "knee", "leg",    "arm",   "foot"};
    bool not_a_site = (e->value == "hand" && next == "side") ||
                      (e->phrase.size() == 1 && e->phrase[0] == "back" &&
                       (next == "of" || next == "to" || next == "towards" || next == "forth" ||
                        next == "down" || next == "up" || next == "in" || back_movers.count(prev) > 0));
    if (not_a_site) {
      i = end - 1;
      continue;
    }
    bool self_painful = false;
    for (const auto& w : e->phrase)
      if (w.find("ache") != std::string::npos || w.find("migraine") != std::string::npos) self_painful = true;
    bool near_pain = false;
    for (std::size_t p : pain_at)
      if ((p + 8 >= i && p < i) || (p >= end && p <= end + 8)) near_pain = true;
    // ... unless the answer names another symptom there ("any neck pain?" - "my neck gets a bit stiff").
    bool short_answer = ((asked_pain && s.last - s.first <= 12) || (asked_where && s.last - s.first <= 20) ||
                         (asked_pain && asked_anywhere && s.last - s.first <= 20)) &&
                        !contains(v.symptoms, t, s.first, s.last) &&
                        !contains(v.red_flags, t, s.first, s.last) &&
                        // ... nor when the question asks about more than pain ("any leg weakness, pain in one
                        // leg?"): the place may be the other thing's.
                        !(s.asked && (contains(v.red_flags, *s.asked, s.asked_first, s.asked_last) ||
                                      contains(v.symptoms, *s.asked, s.asked_first, s.asked_last)));
    if (!(self_painful || near_pain || short_answer || (pain_next && pain_at.empty()))) {
      i = end - 1;
      continue;
    }
    Candidate c{{}, i, end, true};
    c.fact.kind = FactKind::kPainSite;
    c.fact.value = e->value;
    c.fact.side = side_near(t, s.first, s.last, i, end);
    // "my knees", "both ankles": a paired site said in the plural is on both sides.
    if (c.fact.side == Side::kUnspecified && paired_plural(e->value, t[end - 1].text))
      c.fact.side = Side::kBoth;
    c.fact.said = said_text(t, i, end);
    out.push_back(std::move(c));
    i = end - 1;
  }
}

}  // namespace physio::scribe::detail
