// Pain scores, pain sites, durations and onsets.
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

// Days per unit; nullopt when the word is not a time unit.
std::optional<double> unit_days(std::string_view w) {
  static const std::map<std::string_view, double> m = {
      {"day", 1},    {"days", 1},    {"day's", 1},  {"week's", 7},  {"month's", 30},    {"year's", 365},
      {"night", 1},  {"nights", 1},  {"week", 7},   {"weeks", 7},   {"fortnight", 14},  {"fortnights", 14},
      {"month", 30}, {"months", 30}, {"year", 365}, {"years", 365}, {"hour", 1.0 / 24}, {"hours", 1.0 / 24}};
  auto it = m.find(w);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

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

void rule_durations(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  const auto& t = s.toks;
  if (contains(v.lexicon.plan_verbs, t, s.first, s.last)) return;
  bool asked_how_long = false;
  if (s.asked && s.speaker != Speaker::kClinician) {
    for (std::size_t i = s.asked_first; i + 1 < s.asked_last; ++i)
      if (((*s.asked)[i].text == "how" && (*s.asked)[i + 1].text == "long") ||
          ((*s.asked)[i].text == "how" && (*s.asked)[i + 1].text == "many" && i + 2 < s.asked_last &&
           unit_days((*s.asked)[i + 2].text)) ||  // "how many days has this been going on for?"
          ((*s.asked)[i].text == "when" && (*s.asked)[i + 1].text == "did"))
        asked_how_long = true;
    // ... about a symptom ("how long has it been going on?"), not "how long have you been on that?".
    bool about_symptom = false;
    for (std::size_t i = s.asked_first; i < s.asked_last; ++i) {
      const std::string& w = (*s.asked)[i].text;
      if (w == "it" || w == "this" || w == "symptoms" || w == "symptom" || w == "start" || w == "started" ||
          w == "happen" || w == "happened" || w == "going" || w == "ago" ||
          v.lexicon.pain_words.match(*s.asked, i, s.asked_last) ||
          v.red_flags.match(*s.asked, i, s.asked_last))
        about_symptom = true;
    }
    asked_how_long = asked_how_long && about_symptom;
  }
  // Only how long a symptom has lasted: the turn names a symptom (pain word, red flag, symptom word) or
  // answers "how long" / "when did"; "a year ago" of an implant or "two weeks ago" of a period is not a
  // duration.
  bool symptom_turn = contains(v.lexicon.pain_words, t, 0, t.size()) ||
                      contains(v.red_flags, t, 0, t.size()) ||
                      contains(v.lexicon.symptom_words, t, 0, t.size());
  if (!symptom_turn && !asked_how_long) return;
  for (std::size_t i = s.first; i < s.last; ++i) {
    std::size_t b = i;
    std::optional<double> n, n_hi;
    std::string vague;
    std::size_t j = i;
    if ((tok_is(t, i, s.last, "a") &&
         (tok_is(t, i + 1, s.last, "few") || tok_is(t, i + 1, s.last, "couple"))) ||
        tok_is(t, i, s.last, "few") || tok_is(t, i, s.last, "several")) {
      std::size_t k = tok_is(t, i, s.last, "a") ? i + 1 : i;
      if (t[k].text == "couple") {
        n = 2;
        j = k + 1 + (tok_is(t, k + 1, s.last, "of") ? 1 : 0);
      } else {
        vague = t[k].text == "several" ? "several" : "few";
        j = k + 1;
      }
    } else if ((tok_is(t, i, s.last, "past") || tok_is(t, i, s.last, "last")) && i > s.first &&
               t[i - 1].text == "the" && i + 1 < s.last && unit_days(t[i + 1].text)) {
      // "over the past month", "for the last week": one of the unit.
      n = 1;
      b = i - 1;
      j = i + 1;
    } else if (auto num = parse_number_at(t, i, s.last, true)) {
      n = num->value;
      j = i + num->n_tokens;
      // A number said twice ("for like four four days now").
      if (auto again = parse_number_at(t, j, s.last, true); again && again->value == *n) j += again->n_tokens;
      // "two and a half weeks"; "six or so weeks".
      if (tok_is(t, j, s.last, "and") && tok_is(t, j + 1, s.last, "a") && tok_is(t, j + 2, s.last, "half")) {
        *n += 0.5;
        j += 3;
      } else if (tok_is(t, j, s.last, "or") && tok_is(t, j + 1, s.last, "so")) {
        j += 2;
      } else if (tok_is(t, j, s.last, "or") || tok_is(t, j, s.last, "to") || tok_is(t, j, s.last, "-") ||
                 tok_is(t, j, s.last, ",")) {
        // "two or three weeks", "four, five days": a range, from the lower to the upper bound.
        if (auto hi = parse_number_at(t, j + 1, s.last); hi && hi->value > *n) {
          n_hi = hi->value;
          j = j + 1 + hi->n_tokens;
        }
      }
    } else {
      continue;
    }
    if (j >= s.last) continue;
    auto per = unit_days(t[j].text);
    if (!per) continue;
    std::size_t e = j + 1;
    // "a year and a half", "a month and a half".
    if (n && !n_hi && tok_is(t, e, s.last, "and") && tok_is(t, e + 1, s.last, "a") &&
        tok_is(t, e + 2, s.last, "half")) {
      *n += 0.5;
      e += 3;
    }
    // "a 50-year-old", "three days a week", "twice a day": not how long something has lasted.
    if (tok_is(t, e, s.last, "old") || (tok_is(t, e, s.last, "-") && tok_is(t, e + 1, s.last, "old")) ||
        (tok_is(t, e, s.last, "a") && (tok_is(t, e + 1, s.last, "week") || tok_is(t, e + 1, s.last, "day"))))
      continue;
    // Before it: a word that makes it a span of time ("for", "the past", "been"), or a hedge ("about",
    // "like"), which says only that a number of days follows.
    bool before = false, lasting = false;
    for (std::size_t k = 1; k <= 3 && b >= s.first + k; ++k) {
      const std::string& w = t[b - k].text;
      const bool span =
          w == "for" || w == "past" || w == "last" || w == "over" || w == "since" || w == "been";
      if (span || w == "about" || w == "almost" || w == "nearly" || w == "around" || w == "roughly" ||
          w == "approximately" || w == "like" || w == "least")
        before = true;
      lasting = lasting || span;
      if (w == "in" || w == "every" || w == "each" || w == "per" || w == "next") {
        before = lasting = false;
        break;
      }
    }
    const bool ago = tok_is(t, e, s.last, "ago");
    bool after =
        ago || tok_is(t, e, s.last, "now") || (tok_is(t, e, s.last, "or") && tok_is(t, e + 1, s.last, "so"));
    if (ago) ++e;
    if (!(before || after || (asked_how_long && b < s.first + 6))) continue;
    // "X ago" alone dates an event: in a turn that tells another one ("when I had kidney stones about two
    // years ago", "I went to the ER a few months ago", "he died ten years ago") it is the complaint's
    // duration only when the turn says the complaint began then or answers when it did.
    if (ago && !lasting && !asked_how_long && contains(v.lexicon.other_event_verbs, t, 0, t.size()) &&
        !contains(v.lexicon.complaint_start_words, t, 0, t.size()))
      continue;
    Candidate c{{}, b, e, false};
    c.fact.kind = FactKind::kDuration;
    c.fact.said = said_text(t, b, e);
    if (n) {
      double days = *n * *per;
      days = std::round(days * 1000) / 1000;  // 3 hours = 0.125 days (the guideline's example)
      c.fact.days = days;
      c.fact.value = format_number(days);
      if (n_hi) {
        c.fact.days_max = std::round(*n_hi * *per * 1000) / 1000;
        c.fact.value += "-" + format_number(*c.fact.days_max);
      }
    } else {
      std::string unit = t[j].text;
      if (!unit.ends_with("s")) unit += "s";
      c.fact.value = vague + " " + unit;
    }
    out.push_back(std::move(c));
    i = e - 1;
  }
}

namespace {

// When a complaint began, as said: a day, a part of a day, a month (with its year when said), or an event.
// Longer phrases first, so "over the weekend" is not read as "the weekend".
const char* const kOnsetAnchors[] = {"over the weekend",
                                     "the weekend",
                                     "last week",
                                     "last night",
                                     "this morning",
                                     "this afternoon",
                                     "this evening",
                                     "last month",
                                     "last year",
                                     "this year",
                                     "yesterday",
                                     "today",
                                     "mid-day",
                                     "midday",
                                     "lunchtime",
                                     "christmas",
                                     "the fall",
                                     "the accident",
                                     "the injury",
                                     "the surgery",
                                     "the operation",
                                     "monday",
                                     "tuesday",
                                     "wednesday",
                                     "thursday",
                                     "friday",
                                     "saturday",
                                     "sunday",
                                     "january",
                                     "february",
                                     "march",
                                     "april",
                                     "may",
                                     "june",
                                     "july",
                                     "august",
                                     "september",
                                     "october",
                                     "november",
                                     "december"};

bool weekday(std::string_view w) {
  return w == "monday" || w == "tuesday" || w == "wednesday" || w == "thursday" || w == "friday" ||
         w == "saturday" || w == "sunday";
}

bool month(std::string_view w) {
  for (const char* m : {"january", "february", "march", "april", "june", "july", "august", "september",
                        "october", "november", "december"})
    if (w == m) return true;
  return false;  // "may" is left out: it is mostly the verb
}

/// The onset anchor starting at token k, with a weekday's part of the day ("saturday morning") and a month's
/// year ("february 2020"); the value and one past its last token.
/// One past the end of `ph` said from token k, a word said twice in a row read once ("over the the
/// weekend"), or nothing.
std::optional<std::size_t> said_at(const std::vector<Tok>& t, std::size_t k, std::size_t last,
                                   const std::vector<std::string>& ph) {
  std::size_t j = k;
  for (std::size_t p = 0; p < ph.size(); ++p) {
    if (p > 0 && j < last && t[j].text == t[j - 1].text && t[j].text == ph[p - 1]) ++j;
    if (j >= last || t[j].text != ph[p]) return std::nullopt;
    ++j;
  }
  return j;
}

std::optional<std::pair<std::string, std::size_t>> anchor_at(const std::vector<Tok>& t, std::size_t k,
                                                             std::size_t last, bool any_month) {
  for (const char* a : kOnsetAnchors) {
    auto ph = phrase_tokens(a);
    const auto said = said_at(t, k, last, ph);
    if (!said) continue;
    std::string value = a;
    std::size_t e = *said;
    if (std::string_view(a) == "may" && !any_month) return std::nullopt;
    if (weekday(a) && e < last &&
        (t[e].text == "morning" || t[e].text == "afternoon" || t[e].text == "evening" ||
         t[e].text == "night")) {
      value += " " + t[e].text;
      ++e;
    }
    if ((month(a) || std::string_view(a) == "may") && e < last && t[e].text.size() == 4 &&
        std::all_of(t[e].text.begin(), t[e].text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      value += " " + t[e].text;
      ++e;
    }
    return std::make_pair(value, e);
  }
  return std::nullopt;
}

/// An anchor corrected as it is said ("yesterday, uh, last night", "saturday, no, sunday"): the later one.
/// `k` is where the first anchor starts; on return it is where the one kept starts.
std::pair<std::string, std::size_t> corrected(const std::vector<Tok>& t, std::size_t& k, std::size_t last,
                                              std::pair<std::string, std::size_t> a) {
  std::size_t j = a.second;
  for (std::size_t skipped = 0; j < last && skipped < 3; ++j, ++skipped) {
    const std::string& w = t[j].text;
    if (w != "," && w != "uh" && w != "um" && w != "er" && w != "no" && w != "sorry" && w != "actually" &&
        w != "or" && w != "i" && w != "mean")
      break;
  }
  if (j > a.second && j < last)
    if (auto b = anchor_at(t, j, last, false); b && b->first != "today") {
      k = j;
      return *b;
    }
  return a;
}

/// Anchors that are a time, not an event ("the fall", "the surgery").
bool time_anchor(std::string_view a) {
  return a.substr(0, 4) != "the " || a == "the weekend";
}

}  // namespace

namespace {

/// The patient's answer to the question of how it happened ("what happened?", "how did this happen?", "how
/// did you hurt it?", "can you tell me what happened"): the story of the injury.
bool answers_how_it_happened(const SentenceView& s) {
  if (!s.asked || s.speaker != Speaker::kPatient || s.question) return false;
  const auto& q = *s.asked;
  auto asked_is = [&](std::size_t k, std::string_view w) { return k < s.asked_last && q[k].text == w; };
  for (std::size_t k = s.asked_first; k < s.asked_last; ++k) {
    if (q[k].text == "what" && asked_is(k + 1, "happened")) return true;
    // "can you tell me a little bit more about that?", "tell me more"
    if (q[k].text == "tell" && asked_is(k + 1, "me"))
      for (std::size_t m = k + 2; m < std::min(s.asked_last, k + 7); ++m)
        if (q[m].text == "more") return true;
    if (q[k].text != "how" || !asked_is(k + 1, "did")) continue;
    for (std::size_t m = k + 2; m < std::min(s.asked_last, k + 6); ++m)
      if (q[m].text == "happen" || q[m].text == "hurt" || q[m].text == "injure" || q[m].text == "fall")
        return true;
  }
  return false;
}

}  // namespace

void rule_onsets(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  const auto& t = s.toks;
  auto add = [&](std::size_t from, const std::pair<std::string, std::size_t>& a) {
    Candidate c{{}, from, a.second, false};
    c.fact.kind = FactKind::kOnset;
    c.fact.value = a.first;
    c.fact.said = said_text(t, from, a.second);
    out.push_back(std::move(c));
  };
  // "since monday", "it started on saturday", "began last week".
  for (std::size_t i = s.first; i + 1 < s.last; ++i) {
    if (t[i].text != "since" && !(t[i].text == "started" || t[i].text == "began")) continue;
    std::size_t k = i + 1;
    if (t[i].text != "since" && (tok_is(t, k, s.last, "on") || tok_is(t, k, s.last, "about"))) ++k;
    // "since the beginning of march", "since early june": the part of the month is said with it.
    std::string part;
    for (const char* p :
         {"the beginning of", "the start of", "the end of", "the middle of", "early", "late", "mid"}) {
      const auto ph = phrase_tokens(p);
      if (const auto e = said_at(t, k, s.last, ph)) {
        part = std::string(p).starts_with("the ") ? std::string(p).substr(4) : std::string(p);
        k = *e;
        break;
      }
    }
    if (auto a = anchor_at(t, k, s.last, true)) {
      if (!part.empty()) a->first = part + " " + a->first;
      add(i, *a);
      return;
    }
  }
  if (s.speaker != Speaker::kPatient || s.question) return;
  // The patient's injury told with its day ("I fell on the ice on saturday", "we were on a walk yesterday
  // and I stepped off the curb and landed on it wrong"); not "today" (mostly the visit).
  if (contains(v.lexicon.onset_event_words, t, s.first, s.last))
    for (std::size_t k = s.first; k < s.last; ++k)
      if (auto a = anchor_at(t, k, s.last, false); a && a->first != "today" && time_anchor(a->first)) {
        const auto kept = corrected(t, k, s.last, *a);
        add(k, kept);
        return;
      }
  // The patient's answer to the question of when it began ("when did it start?", "when did this happen?",
  // "what day was it?"): the first anchor of the answer. Not any "when" ("when did you inject?").
  if (!s.asked) return;
  const auto& q = *s.asked;
  auto asked_is = [&](std::size_t k, std::string_view w) { return k < s.asked_last && q[k].text == w; };
  bool asked_start = false;
  for (std::size_t k = s.asked_first; k < s.asked_last; ++k) {
    const std::string& w = q[k].text;
    if (w == "start" || w == "started" || w == "begin" || w == "began" || w == "happen" || w == "happened" ||
        w == "notice" || w == "noticed" || (w == "day" && k > s.asked_first && q[k - 1].text == "what"))
      asked_start = true;
  }
  // "when", "what day", and "how long ago did this happen?".
  bool asked_when = false;
  for (std::size_t k = s.asked_first; k < s.asked_last; ++k)
    if (q[k].text == "when" || q[k].text == "day" ||
        (q[k].text == "how" && asked_is(k + 1, "long") && asked_is(k + 2, "ago")))
      asked_when = true;
  // The patient's story of how it happened says when ("over the weekend, we've been moving boxes ...").
  // "Today" in a story is mostly the visit ("I came in today because ..."), so it dates nothing there.
  const bool asked_story = answers_how_it_happened(s);
  if (!(asked_start && asked_when) && !asked_story) return;
  for (std::size_t k = s.first; k < s.last; ++k)
    if (auto a = anchor_at(t, k, s.last, false)) {
      if (!(asked_start && asked_when) && a->first == "today") continue;
      const auto kept = corrected(t, k, s.last, *a);
      add(k, kept);
      return;
    }
}

}  // namespace physio::scribe::detail
