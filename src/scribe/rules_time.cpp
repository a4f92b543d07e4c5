// Durations and onsets: how long a complaint has lasted and when it began.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "scribe/numbers.hpp"
#include "scribe/rules.hpp"

namespace physio::scribe::detail {

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
