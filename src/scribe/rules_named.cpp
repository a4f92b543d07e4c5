// Red flags, medicines and exercises by name, activities (aggravating, easing, limits, goals) and the plan
// (frequency, next visit, programme changes).
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <string_view>

#include "scribe/numbers.hpp"
#include "scribe/rules.hpp"

namespace physio::scribe::detail {
namespace {

void add_matches(const PhraseSet& set, FactKind kind, const SentenceView& s, std::vector<Candidate>& out) {
  for (std::size_t i = s.first; i < s.last; ++i) {
    const auto* e = set.match(s.toks, i, s.last);
    if (!e) continue;
    std::size_t end = i + e->phrase.size();
    out.push_back(said_candidate(kind, e->value, s.toks, i, end, true));
    i = end - 1;
  }
}

}  // namespace

void rule_red_flags(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  std::vector<Candidate> found;
  add_matches(v.red_flags, FactKind::kRedFlag, s, found);
  // "I've lost about five kilos", "she's dropped two stone": a loss said with its amount.
  static const std::set<std::string> units = {"kilos",  "kilo", "kg", "kgs",   "kilograms",
                                              "pounds", "lbs",  "lb", "stone", "stones"};
  for (std::size_t i = s.first; i < s.last; ++i) {
    const std::string& w = s.toks[i].text;
    // ("I could stand to lose 25 pounds" is a wish.)
    if (w != "lost" && w != "losing" && w != "dropped") continue;
    for (std::size_t k = i + 1; k < std::min(s.last, i + 6); ++k)
      if (units.count(s.toks[k].text) > 0) {
        const bool known = std::any_of(found.begin(), found.end(), [&](const Candidate& c) {
          return c.fact.value == "weight_loss" && c.tok_begin <= k && i < c.tok_end;
        });
        if (!known)
          found.push_back(said_candidate(FactKind::kRedFlag, "weight_loss", s.toks, i, k + 1, true));
        break;
      }
  }
  for (auto& c : found) {
    // "temperature" alone is a red flag only as "a temperature", "high temperature", "any temperature".
    if (c.fact.said == "temperature" && c.tok_begin > s.first) {
      const std::string& w = s.toks[c.tok_begin - 1].text;
      if (w != "a" && w != "high" && w != "any" && w != "raised" && w != "no") continue;
    }
    // Night pain is pain at night: "it keeps me up at night" of a cough is a disturbed sleep. A pain
    // score asked or said is pain ("on a scale of zero to ten?" - "about a six, at night an eight, it wakes
    // me up").
    if (c.fact.value == "night_pain" && !contains(v.lexicon.pain_words, s.toks, c.tok_begin, c.tok_end) &&
        !contains(v.lexicon.pain_words, s.toks, s.first, s.last) &&
        !(s.asked && contains(v.lexicon.pain_words, *s.asked, s.asked_first, s.asked_last)) &&
        !contains(v.lexicon.score_scale_words, s.toks, s.first, s.last) &&
        !(s.asked && contains(v.lexicon.score_scale_words, *s.asked, s.asked_first, s.asked_last)) &&
        // "is it worse with any movements?" - "... I can't lie on that side at night, it wakes me": "it" is
        // the complaint asked about, when the question names no symptom of its own (a cough).
        !(s.asked && contains(v.lexicon.aggravating_question_words, *s.asked, s.asked_first, s.asked_last) &&
          !contains(v.symptoms, *s.asked, s.asked_first, s.asked_last) &&
          !contains(v.red_flags, *s.asked, s.asked_first, s.asked_last)))
      continue;
    out.push_back(std::move(c));
  }
}

void rule_symptoms(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  add_matches(v.symptoms, FactKind::kSymptom, s, out);
  // A discomfort of passing urine ("it stings when I pee", "any burning when you pass urine", "symptoms
  // down below when you're passing urine") is the urinary symptom, and the bladder words in it name no red
  // flag (a red flag inside a longer symptom is the symptom).
  const auto& t = s.toks;
  const auto& lx = v.lexicon;
  for (std::size_t i = s.first; i < s.last; ++i) {
    const auto* d = lx.urinary_discomfort.match(t, i, s.last);
    if (!d) continue;
    std::size_t when = s.last;
    for (std::size_t k = i + d->phrase.size(); k < std::min(s.last, i + d->phrase.size() + 4); ++k) {
      const std::string& w = t[k].text;
      if (w == "," || w == "but") break;
      if (w == "when" || w == "while" || w == "on" || w == "if") {
        when = k;
        break;
      }
    }
    if (when == s.last) continue;
    for (std::size_t k = when + 1; k < std::min(s.last, when + 5); ++k) {
      const auto* u = lx.voiding_words.match(t, k, s.last);
      if (!u) continue;
      const std::size_t end = k + u->phrase.size();
      out.push_back(said_candidate(FactKind::kSymptom, "urinary_symptoms", t, i, end, true));
      i = end - 1;
      break;
    }
  }
}

void rule_family_conditions(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  add_matches(v.family_conditions, FactKind::kFamilyHistory, s, out);
}

void rule_named(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  add_matches(v.medicines, FactKind::kMedicine, s, out);
  std::vector<Candidate> ex;
  add_matches(v.exercises, FactKind::kExercise, s, ex);
  bool change = contains(v.lexicon.program_change, s.toks, s.first, s.last) && s.speaker != Speaker::kPatient;
  for (auto& c : ex) {
    // "it clicks when I squat": an activity the patient names (when, if, while I ...), no exercise of theirs.
    if (s.speaker == Speaker::kPatient && c.tok_begin >= s.first + 2) {
      const std::string& w1 = s.toks[c.tok_begin - 1].text;
      const std::string& w2 = s.toks[c.tok_begin - 2].text;
      if ((w1 == "i" || w1 == "you") && (w2 == "when" || w2 == "if" || w2 == "while" || w2 == "whenever"))
        continue;
    }
    if (change) {
      Candidate pc = c;
      pc.fact.kind = FactKind::kProgramChange;
      out.push_back(std::move(pc));
    }
    out.push_back(std::move(c));
  }
}

namespace {

// Treatments a person applies: they ease, they do not aggravate or limit.
bool passive(const std::string& a) {
  return a == "ice" || a == "heat" || a == "massage" || a == "brace" || a == "rest" || a == "elevation";
}
bool eases(const std::string& a) {
  return passive(a) || a == "stretching" || a == "lying" || a == "sitting" || a == "movement";
}

// One candidate per kind and activity; `negatable` false when its own words say it whatever denial comes
// before ("exercising has been a bit difficult", "work without pain"), which then holds for the one kept.
void push_activity(FactKind kind, const std::vector<Tok>& t, std::size_t b, std::size_t e,
                   const std::string& value, std::vector<Candidate>& out, bool negatable = true) {
  for (auto& c : out)
    if (c.fact.kind == kind && c.fact.value == value) {
      c.negatable = c.negatable && negatable;
      return;
    }
  out.push_back(said_candidate(kind, value, t, b, e, negatable));
}

}  // namespace

void rule_activities(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  const auto& t = s.toks;
  const auto& lx = v.lexicon;
  // "it hurts when I run", "when I'm running my knee starts to ache", "hurts quite a bit to stand": an
  // activity after "when/if/to/while" in a sentence that names pain aggravates it, or in the patient's
  // answer to a question about the pain's score ("how would you rate the pain?" - "a four at rest, seven
  // when I go down stairs").
  const bool pain_asked = s.asked && s.speaker == Speaker::kPatient &&
                          contains(lx.score_scale_words, *s.asked, s.asked_first, s.asked_last);
  if ((contains(lx.pain_words, t, s.first, s.last) || pain_asked) && !s.question) {
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* a = v.activities.match(t, i, s.last);
      if (!a || passive(a->value) || a->value == "light" || a->value == "exercise" || a->value == "work")
        continue;
      bool cued = false;
      for (std::size_t k = i >= s.first + 3 ? i - 3 : s.first; k < i; ++k)
        if (lx.activity_cues.match(t, k, i)) cued = true;
      if (cued) push_activity(FactKind::kAggravating, t, i, i + a->phrase.size(), a->value, out);
      i += a->phrase.size() - 1;
    }
  }
  // The answer to "what have you tried / did that help / what makes it better": the treatments named ease it.
  if (s.asked && s.speaker != Speaker::kClinician &&
      contains(lx.easing_question_words, *s.asked, s.asked_first, s.asked_last)) {
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* a = v.activities.match(t, i, s.last);
      if (a && passive(a->value)) push_activity(FactKind::kEasing, t, i, i + a->phrase.size(), a->value, out);
      if (a) i += a->phrase.size() - 1;
    }
  }
  // The answer to "what makes it worse / what kind of activities bother it" (not "better or worse"): the
  // activities named aggravate it ("anytime from standing up from sitting, or going up and down the stairs").
  // A question that names its activity ("does going upstairs bother you?") is answered yes or no instead.
  // ("any movements" names none: "is it worse with any movements?" - "reaching up to the top shelf").
  auto names_activity = [&](const std::vector<Tok>& q, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i)
      if (const auto* a = v.activities.match(q, i, e); a && a->value != "movement") return true;
    return false;
  };
  if (s.asked && s.speaker != Speaker::kClinician && !s.question &&
      contains(lx.aggravating_question_words, *s.asked, s.asked_first, s.asked_last) &&
      contains(lx.open_question_words, *s.asked, s.asked_first, s.asked_last) &&
      !contains(lx.easing_question_words, *s.asked, s.asked_first, s.asked_last) &&
      !names_activity(*s.asked, s.asked_first, s.asked_last) &&
      // "...bending forward. Walking actually helps.": a sentence of the answer that says what helps.
      !contains(lx.easing, t, s.first, s.last)) {
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* a = v.activities.match(t, i, s.last);
      if (!a) continue;
      // "I can't lie on that side": what cannot be done is a limit (below), not what makes it worse.
      const bool limited = contains(lx.limits, t, i >= s.first + 3 ? i - 3 : s.first, i);
      if (!passive(a->value) && a->value != "light" && a->value != "eating" && !limited)
        push_activity(FactKind::kAggravating, t, i, i + a->phrase.size(), a->value, out);
      i += a->phrase.size() - 1;
    }
  }
  // The answer to "what are you hoping to get out of physio?", "what's your goal?": the activities named are
  // the goals ("to be able to work without pain and sleep through the night").
  if (s.asked && s.speaker != Speaker::kClinician && !s.question &&
      contains(lx.goals, *s.asked, s.asked_first, s.asked_last) &&
      !names_activity(*s.asked, s.asked_first, s.asked_last))
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* a = v.activities.match(t, i, s.last);
      if (!a) continue;
      // A goal is what the patient wants to do: a "without" before it says how ("work without pain and
      // sleep through the night"), it denies nothing.
      if (!passive(a->value) && a->value != "light" && a->value != "eating" && a->value != "movement") {
        push_activity(FactKind::kGoal, t, i, i + a->phrase.size(), a->value, out, false);
      }
      i += a->phrase.size() - 1;
    }
  // "I'm still limping": a limp is a limit in walking by itself (in the patient's account, not a question).
  if (!s.question && s.speaker != Speaker::kClinician)
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* l = lx.limit_itself.match(t, i, s.last);
      if (!l) continue;
      const std::size_t end = i + l->phrase.size();
      if (const auto* a = v.activities.match(t, i, end))
        push_activity(FactKind::kFunctionalLimit, t, i, end, a->value, out);
      i = end - 1;
    }
  // "stairs are really hard", "going down stairs is difficult": the activity, a linking verb with at most
  // two words of degree, then a word of difficulty.
  if (!s.question && s.speaker != Speaker::kClinician)
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* a = v.activities.match(t, i, s.last);
      if (!a) continue;
      const std::size_t end = i + a->phrase.size();
      std::size_t k = end;
      static const std::set<std::string> linking = {"is",   "are",     "was",     "were",  "'s",
                                                    "gets", "get",     "got",     "has",   "have",
                                                    "been", "getting", "becomes", "became"};
      static const std::set<std::string> degree = {"really", "very",   "quite", "so",     "a",
                                                   "bit",    "little", "too",   "pretty", "more",
                                                   "much",   "still",  "just",  "rather"};
      if (k < s.last && linking.count(t[k].text) > 0) {
        ++k;
        if (k < s.last && t[k].text == "been") ++k;
        for (int n = 0; n < 2 && k < s.last && degree.count(t[k].text) > 0; ++n) ++k;
        // Its own words say the limit; a denial before the activity is another clause's ("haven't really
        // been, like exercising has been a bit difficult").
        if (const auto* h = lx.limit_after_activity.match(t, k, s.last);
            h && !passive(a->value) && a->value != "light" && a->value != "eating") {
          push_activity(FactKind::kFunctionalLimit, t, i, k + h->phrase.size(), a->value, out, false);
        }
      }
      i = end - 1;
    }
  struct Trig {
    const PhraseSet* set;
    FactKind kind;
    std::size_t before;  // activity may sit this many words before the trigger
    std::size_t after;   // or this many after
  };
  const Trig trigs[] = {{&lx.aggravating, FactKind::kAggravating, 5, 5},
                        {&lx.easing, FactKind::kEasing, 4, 4},
                        {&lx.limits, FactKind::kFunctionalLimit, 0, 4},
                        {&lx.goals, FactKind::kGoal, 0, 5}};
  for (const auto& tr : trigs) {
    for (std::size_t i = s.first; i < s.last; ++i) {
      const auto* trig = tr.set->match(t, i, s.last);
      if (!trig) continue;
      std::size_t tend = i + trig->phrase.size();
      std::size_t lo = i >= s.first + tr.before ? i - tr.before : s.first;
      std::size_t hi = std::min(s.last, tend + tr.after);
      for (std::size_t k = lo; k < hi; ++k) {
        if (k >= i && k < tend) continue;
        // Stop at a clause boundary between trigger and activity.
        const auto* a = v.activities.match(t, k, s.last);
        if (!a) continue;
        bool crosses = false;
        for (std::size_t m = std::min(k, tend); m < std::max(k, i); ++m)
          if (t[m].text == "," || t[m].text == "but") crosses = true;
        if (crosses) continue;
        // Easing by a passive treatment only; an aggravating or limiting activity is not a treatment.
        // Any activity eases when it stands right beside the word ("walking actually helps", "it improves
        // when you stand up"); further off, only a treatment or a position does ("I iced it and it helped").
        if (tr.kind == FactKind::kEasing && !eases(a->value)) {
          const std::size_t aend = k + a->phrase.size();
          // After the word, only as its circumstance ("better when I stand up"); "to help me sleep" says what
          // is helped, not what helps.
          bool circumstance = false;
          for (std::size_t m = i; m < k && k >= tend; ++m) {
            const std::string& w = t[m].text;
            circumstance =
                circumstance || w == "when" || w == "if" || w == "after" || w == "by" || w == "while";
          }
          const bool adjacent = (aend <= i && i - aend <= 1) || (k >= tend && k - tend <= 2 && circumstance);
          if (!adjacent) continue;
        }
        if (tr.kind != FactKind::kEasing && passive(a->value)) continue;
        // "can't get back to sleep" is a disturbed night, no goal.
        if (tr.kind == FactKind::kGoal && a->value == "sleeping" &&
            std::find(trig->phrase.begin(), trig->phrase.end(), "back") != trig->phrase.end())
          continue;
        // Light is no activity to be limited in; not eating is a loss of appetite, a symptom.
        if ((tr.kind == FactKind::kFunctionalLimit || tr.kind == FactKind::kGoal) &&
            (a->value == "light" || a->value == "eating"))
          continue;
        push_activity(tr.kind, t, std::min(i, k), std::max(tend, k + a->phrase.size()), a->value, out);
        break;
      }
      i = tend - 1;
    }
  }
}

void rule_plan(const SentenceView& s, const Vocabulary& v, std::vector<Candidate>& out) {
  if (s.speaker == Speaker::kPatient) return;
  const auto& t = s.toks;
  for (std::size_t i = s.first; i < s.last; ++i) {
    // Frequency: "three times a day", "twice a week", "once daily", "two times per week".
    std::optional<SpokenRange> n;
    std::size_t j = i;
    if (t[i].text == "once") {
      n = SpokenRange{1, 1, 1};
      j = i + 1;
    } else if (t[i].text == "twice") {
      n = SpokenRange{2, 2, 1};
      j = i + 1;
    } else if (auto num = parse_range_at(t, i, s.last);
               num && tok_is(t, i + num->n_tokens, s.last, "times")) {
      n = num;
      j = i + num->n_tokens + 1;
    }
    // "every six hours", "every four to six hours": times a day.
    if (t[i].text == "every") {
      if (auto h = parse_range_at(t, i + 1, s.last); h && h->low > 0 &&
                                                     (tok_is(t, i + 1 + h->n_tokens, s.last, "hours") ||
                                                      tok_is(t, i + 1 + h->n_tokens, s.last, "hour"))) {
        const double lo = 24.0 / h->high, hi = 24.0 / h->low;
        if (lo == std::floor(lo) && hi == std::floor(hi)) {
          std::size_t e = i + 2 + h->n_tokens;
          out.push_back(
              said_candidate(FactKind::kPlanFrequency, format_range(lo, hi) + "/day", t, i, e, false));
          i = e - 1;
          continue;
        }
      }
    }
    // A dose a day: "40 milligrams a day", "eighty one milligrams daily", "10 mg per day".
    if (t[i].text == "milligrams" || t[i].text == "milligram" || t[i].text == "mg" || t[i].text == "mgs" ||
        t[i].text == "micrograms" || t[i].text == "units" || t[i].text == "iu") {
      std::size_t k = i + 1;
      if (tok_is(t, k, s.last, "once")) ++k;
      bool daily =
          tok_is(t, k, s.last, "daily") ||
          ((tok_is(t, k, s.last, "a") || tok_is(t, k, s.last, "per")) && tok_is(t, k + 1, s.last, "day"));
      if (daily && k == i + 1) {
        std::size_t e = tok_is(t, k, s.last, "daily") ? k + 1 : k + 2;
        out.push_back(said_candidate(FactKind::kPlanFrequency, "1/day", t, i, e, false));
        i = e - 1;
        continue;
      }
    }
    if (n) {
      std::size_t k = j;
      if (tok_is(t, k, s.last, "a") || tok_is(t, k, s.last, "an") || tok_is(t, k, s.last, "per") ||
          tok_is(t, k, s.last, "each") || tok_is(t, k, s.last, "every"))
        ++k;
      const char* unit = nullptr;
      if (tok_is(t, k, s.last, "day") || tok_is(t, k, s.last, "daily")) unit = "day";
      if (tok_is(t, k, s.last, "week") || tok_is(t, k, s.last, "weekly")) unit = "week";
      if (tok_is(t, k, s.last, "hour") || tok_is(t, k, s.last, "hourly")) unit = "hour";
      if (unit) {
        out.push_back(said_candidate(FactKind::kPlanFrequency, format_range(n->low, n->high) + "/" + unit, t,
                                     i, k + 1, false));
        i = k;
        continue;
      }
    }
  }
  // Next visit: a trigger and "in <n> <unit>" / "next week", the nearest trigger within 10 words (a sentence
  // of an unpunctuated transcript can hold a "review" far from "see you back in three weeks").
  std::vector<std::size_t> trigs;
  for (std::size_t k = s.first; k < s.last; ++k)
    if (v.lexicon.next_visit.match(t, k, s.last)) trigs.push_back(k);
  if (trigs.empty()) return;
  for (std::size_t i = s.first; i < s.last; ++i) {
    double days = 0;
    std::optional<double> days_upper;
    std::size_t e = 0;
    if (t[i].text == "in" || t[i].text == "within") {
      std::size_t k = i + 1;
      if (tok_is(t, k, s.last, "about") || tok_is(t, k, s.last, "another")) ++k;
      auto num = parse_number_at(t, k, s.last, true);
      if (!num) continue;
      std::size_t u = k + num->n_tokens;
      // "in about three to four weeks", "one to two weeks"
      std::optional<double> upper;
      if ((tok_is(t, u, s.last, "to") || tok_is(t, u, s.last, "or")))
        if (auto hi = parse_number_at(t, u + 1, s.last); hi && hi->value > num->value) {
          upper = hi->value;
          u = u + 1 + hi->n_tokens;
        }
      double per = 0;
      if (tok_is(t, u, s.last, "day") || tok_is(t, u, s.last, "days")) per = 1;
      if (tok_is(t, u, s.last, "week") || tok_is(t, u, s.last, "weeks") || tok_is(t, u, s.last, "week's"))
        per = 7;
      if (tok_is(t, u, s.last, "month") || tok_is(t, u, s.last, "months")) per = 30;
      if (tok_is(t, u, s.last, "year") || tok_is(t, u, s.last, "years")) per = 365;
      if (per == 0) continue;
      days = num->value * per;
      if (upper) days_upper = *upper * per;
      e = u + 1;
    } else if (t[i].text == "next" &&
               (tok_is(t, i + 1, s.last, "week") || tok_is(t, i + 1, s.last, "month"))) {
      days = tok_is(t, i + 1, s.last, "week") ? 7 : 30;
      e = i + 2;
    } else {
      continue;
    }
    std::size_t trig = trigs.front();
    for (std::size_t k : trigs)
      if ((k > i ? k - i : i - k) < (trig > i ? trig - i : i - trig)) trig = k;
    std::size_t b = std::min(trig, i);
    if (std::max(trig, i) - b > 10) continue;
    Candidate c{{}, b, std::max(e, trig + 1), false};
    c.fact.kind = FactKind::kNextVisit;
    c.fact.value = days_upper ? format_range(std::round(days), std::round(*days_upper))
                              : format_number(std::round(days));
    c.fact.said = said_text(t, i, e);
    out.push_back(std::move(c));
    break;
  }
}

}  // namespace physio::scribe::detail
