// The driver behind extract_facts: segments -> sentences -> rules -> clinical context (ConText, per speaker
// turn) -> the dialogue (each clinician question paired with the patient's answer) -> one fact per distinct
// (kind, value, side, negation, historical).
#include "scribe/extract.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "scribe/complaint.hpp"
#include "scribe/context.hpp"
#include "scribe/dialogue.hpp"
#include "scribe/nearby_words.hpp"
#include "scribe/polarity.hpp"
#include "scribe/readings.hpp"
#include "scribe/rules.hpp"
#include "scribe/sites.hpp"
#include "scribe/speaker_roles.hpp"
#include "scribe/turn_pairs.hpp"

namespace physio::scribe {
namespace {

using detail::Candidate;
using detail::contains;
using detail::SentenceView;
using namespace detail;

}  // namespace

std::vector<Fact> extract_facts(const Transcript& given, const Vocabulary& vocab) {
  // Clinician and patient labels the wrong way round are read the right way round (speaker_roles.hpp).
  const bool swap_roles = check_speaker_roles(given).swapped;
  const Transcript swapped = swap_roles ? with_roles_swapped(given) : Transcript{};
  const Transcript& tr = swap_roles ? swapped : given;
  const Lexicon& lx = vocab.lexicon;
  const std::size_t n_seg = tr.segments.size();
  std::vector<std::vector<Tok>> toks;
  toks.reserve(n_seg);
  for (const auto& s : tr.segments) toks.push_back(tokenize_words(s.text));
  std::vector<std::vector<Sentence>> sentences;
  for (const auto& t : toks) {
    sentences.push_back(split_sentences(t));
    for (auto& sen : sentences.back())
      if (sen.question && tag_question(t, sen, lx)) sen.question = false;
  }
  auto speaker = [&](std::size_t i) { return tr.segments[i].speaker; };

  // Which turn answers which question, and the question each turn answers (turn_pairs.hpp).
  const TurnPairs pairs = pair_turns(tr, toks, sentences, vocab);
  const auto& answer_of = pairs.answer_of;
  const auto& answer_corrected = pairs.answer_corrected;
  const auto& repeats_question = pairs.repeats_question;
  const auto& answer_words_of = pairs.answer_words_of;
  const auto& asked_of = pairs.asked_of;
  // An episode the patient tells in the past is over when a later sentence of the same turn, or one of the
  // patient's next three turns, says so ("...I was very short of breath." - "how have you been since?" -
  // "sunday, I felt fine").
  auto resolved_later = [&](std::size_t si, std::size_t k) {
    for (std::size_t m = k + 1; m < sentences[si].size(); ++m)
      if (says_resolved(toks[si], sentences[si][m], lx)) return true;
    for (std::size_t j = si + 1, seen = 0; j < n_seg && seen < 3; ++j) {
      if (speaker(j) != speaker(si)) continue;
      ++seen;
      // A later turn that tells an earlier episode of its own (a complaint with when it was: "I had a water
      // infection about two years ago, it cleared up") speaks of that one when it says it is over; "I felt
      // very dizzy and then, sunday, I felt fine" ends the story told.
      for (const auto& sen : sentences[j]) {
        if ((contains(vocab.red_flags, toks[j], sen.first, sen.last) ||
             contains(vocab.symptoms, toks[j], sen.first, sen.last)) &&
            any_between(lx.past_episode_anchors, toks[j], sen.first, sen.last, sen.last))
          break;
        if (says_resolved(toks[j], sen, lx)) return true;
      }
    }
    return false;
  };
  std::vector<Fact> facts;
  std::map<std::tuple<int, std::string, int, bool, bool>, std::size_t> index;
  auto add = [&](Fact f, const Span& span) {
    auto key =
        std::tuple(static_cast<int>(f.kind), f.value, static_cast<int>(f.side), f.negated, f.historical);
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

  for (std::size_t si = 0; si < n_seg; ++si) {
    const Segment& seg = tr.segments[si];
    const auto& t = toks[si];
    const auto& sens = sentences[si];
    const TurnContext ctx(vocab.context, t, seg.speaker);
    const bool clinician = seg.speaker == Speaker::kClinician;
    const std::size_t ans = answer_of[si];
    const bool next_answers = ans < n_seg;
    Answered answer;
    if (next_answers) answer = read_answer(answer_words_of[si], lx);
    if (answer_corrected[si]) answer.uncertain = true;
    std::size_t trailing_q = sens.size();
    while (trailing_q > 0 && sens[trailing_q - 1].question) --trailing_q;
    const Asked& asked = asked_of[si];
    // The side said at the start of the next turn of the same speaker ("...a terrible headache." - "On the
    // left side.") belongs to the site said at the end of this one.
    Side carried_side = Side::kUnspecified;
    if (si + 1 < n_seg && speaker(si + 1) == seg.speaker) {
      const auto& nt = toks[si + 1];
      std::size_t i = skip_fillers(nt, 0);
      if (i < nt.size() && nt[i].text == "on") ++i;
      if (i < nt.size() && nt[i].text == "the") ++i;
      if (i + 1 < nt.size() && nt[i + 1].text == "side") {
        if (nt[i].text == "left") carried_side = Side::kLeft;
        if (nt[i].text == "right") carried_side = Side::kRight;
      }
    }
    // Is it normal?-questions among the trailing questions ("are your bowels working OK?"), read once for
    // all of them ("What about your waterworks? Are you passing urine OK?" - "Yeah, fine").
    bool normal_question = false;
    for (std::size_t k = trailing_q; k < sens.size(); ++k)
      if (asks_if_normal(t, sens[k].first, sens[k].last, lx)) normal_question = true;
    if (!has_question_mark(t) && !sens.empty() && asks_if_normal(t, sens.back().first, sens.back().last, lx))
      normal_question = true;
    // Red flags the clinician asks about in this turn: an earlier plain mention ("let's focus on your
    // bowels. Are your bowels working OK?") is read with the question.
    std::vector<std::string> asked_flags;
    if (clinician)
      for (const auto& sen : sens) {
        if (!sen.question) continue;
        for (std::size_t i = sen.first; i < sen.last; ++i)
          if (const auto* e = vocab.red_flags.match(t, i, sen.last)) asked_flags.push_back(e->value);
      }
    // What the answer names: concepts of the question said again in the answer are answered one by one
    // ("any fever, sweats or weight loss?" - "just the sweats").
    std::set<std::pair<int, std::string>> answer_named, answer_named_negated, answer_named_past;
    // The body sites the answer names, and whether each is denied ("does the pain go into your arms?" - "a
    // little bit into my right shoulder but not down the arm").
    std::map<std::string, bool> answer_sites;
    bool answer_only = false, reply_bound = false, no_binds = false;
    if (next_answers) {
      const auto& at = answer_words_of[si];
      const TurnContext actx(vocab.context, at, speaker(ans));
      for (std::size_t i = 0; i < at.size(); ++i)
        if (const auto* e = vocab.body_sites.match(at, i, at.size())) {
          const bool denied = actx.at(ContextCategory::kNegated, i, FactKind::kPainSite) != nullptr;
          auto [it, fresh] = answer_sites.emplace(e->value, denied);
          if (!fresh) it->second = it->second && denied;
          i += e->phrase.size() - 1;
        }
      for (std::size_t i = echo_end(at, lx); i < at.size(); ++i) {
        for (auto [set, kind] : {std::pair{&vocab.red_flags, FactKind::kRedFlag},
                                 std::pair{&vocab.symptoms, FactKind::kSymptom}}) {
          const auto* e = set->match(at, i, at.size());
          if (!e) continue;
          // "I wish I had some weight loss", "at the beginning I had a bit of temperature, but now I feel
          // fine": a wish or an earlier episode does not answer what is asked about now.
          if (actx.at(ContextCategory::kHypothetical, i, kind)) continue;
          // "any history of cancer?" - "my dad had prostate cancer, but I haven't": someone else's.
          if (actx.at(ContextCategory::kExperiencer, i, kind)) continue;
          if (actx.at(ContextCategory::kHistorical, i, kind)) {
            if (!actx.at(ContextCategory::kNegated, i, kind))
              answer_named_past.insert({static_cast<int>(kind), e->value});
            continue;
          }
          bool neg = actx.at(ContextCategory::kNegated, i, kind) != nullptr;
          // "numbness yes, weakness no": a bare yes or no right after a part answers that part.
          std::size_t j = i + e->phrase.size();
          if (j < at.size() && at[j].text == ",") ++j;
          if (j < at.size() && (j + 1 >= at.size() || !binds_to_next(at[j + 1]))) {
            if (at[j].text == "no" || at[j].text == "nope" || at[j].text == "none") neg = true;
            if (at[j].text == "yes" || at[j].text == "yeah") neg = false;
          }
          (neg ? answer_named_negated : answer_named).insert({static_cast<int>(kind), e->value});
        }
      }
      // "is there any blood or mucus in it?" - "no blood. maybe a bit of mucus": "no" and the last word of a
      // concept the question named deny that concept.
      for (std::size_t i = 0; i + 1 < at.size(); ++i) {
        if (at[i].text != "no" || !at[i + 1].is_word()) continue;
        for (std::size_t q = 0; q < t.size(); ++q)
          for (auto [set, kind] : {std::pair{&vocab.red_flags, FactKind::kRedFlag},
                                   std::pair{&vocab.symptoms, FactKind::kSymptom}})
            if (const auto* e = set->match(t, q, t.size());
                e && e->phrase.back() == at[i + 1].text &&
                !answer_named.count({static_cast<int>(kind), e->value}))
              answer_named_negated.insert({static_cast<int>(kind), e->value});
      }
      answer_only = any_between(lx.answer_only_cues, at, 0, std::min<std::size_t>(at.size(), 4), at.size()) ||
                    any_between(lx.everything_else_cues, at, 0, at.size(), at.size());
      // "no fever though": the "no" negates what follows it, it does not answer another question.
      reply_bound = opening_reply_binds(at, lx) && (!answer_named.empty() || !answer_named_negated.empty());
      const std::size_t i = skip_fillers(at, 0);
      const auto* w = i < at.size() ? lx.negative_answers.match(at, i, at.size()) : nullptr;
      if (!w && i < at.size()) w = lx.positive_answers.match(at, i, at.size());
      // "any chest pain?" - "only when I cough a lot": a yes with its circumstance, not the one part of the
      // question that applies (what the answer names is when, not instead).
      if (w && answer_only && w->phrase.size() >= 2 &&
          (w->phrase.front() == "only" || w->phrase.front() == "just" || w->phrase.front() == "mainly" ||
           w->phrase.front() == "mostly" || w->phrase.front() == "especially"))
        answer_only = false;
      // "shortness of breath. no belly pain though": an answer that starts by naming a part, then a "no" that
      // binds to what follows it; an answer that starts with its yes or no ("No, no blood") is read as that.
      if (!w)
        for (std::size_t k = i; k < at.size(); ++k) {
          const auto* nw = lx.negative_answers.match(at, k, at.size());
          if (nw && k + nw->phrase.size() < at.size() && binds_to_next(at[k + nw->phrase.size()]) &&
              (!answer_named.empty() || !answer_named_negated.empty()))
            no_binds = true;
        }
    }

    for (std::size_t k = 0; k < sens.size(); ++k) {
      const Sentence& sen = sens[k];
      SentenceView view{
          t,           sen.first, sen.last, sen.question, seg.speaker, k < 3 ? asked.toks : nullptr,
          asked.first, asked.last};
      std::vector<Candidate> cands;
      detail::rule_red_flags(view, vocab, cands);
      detail::rule_pain_scores(view, vocab, cands);
      detail::rule_pain_sites(view, vocab, cands);
      detail::rule_durations(view, vocab, cands);
      detail::rule_onsets(view, vocab, cands);
      detail::rule_named(view, vocab, cands);
      detail::rule_activities(view, vocab, cands);
      detail::rule_plan(view, vocab, cands);
      detail::rule_symptoms(view, vocab, cands);
      detail::rule_family_conditions(view, vocab, cands);
      detail::rule_flag_functions(view, vocab, cands);
      if (cands.empty()) continue;
      // "any frank blood? red blood at all, in your urine?": the urine or the stool said just after blood is
      // where the blood is (the symptom), not a change in the bladder or the bowels.
      for (auto& c : cands)
        if (c.fact.kind == FactKind::kRedFlag && c.tok_end == c.tok_begin + 1 &&
            detail::blood_before(t, sen.first, c.tok_begin, c.fact.value)) {
          c.fact.kind = FactKind::kSymptom;
          c.fact.value = "blood";
        }
      // Morning stiffness is the inflammatory red flag when it lasts more than 30 minutes (the guideline);
      // said without how long, or easing as the patient gets going ("very stiff in the morning until I get
      // walking"), it is stiffness, a symptom. A denial stays the flag's ("no morning stiffness", "any
      // morning stiffness?" - "no"); asked and answered yes, how long the answer says decides.
      for (auto& c : cands)
        if (c.fact.kind == FactKind::kRedFlag && c.fact.value == "morning_stiffness" &&
            !ctx.at(ContextCategory::kNegated, c.tok_begin, FactKind::kRedFlag) &&
            !detail::stiffness_lasts_long(t, sen.first, sen.last) &&
            (!sen.question ||
             (next_answers && answer.answer == Answer::kYes &&
              !detail::stiffness_lasts_long(answer_words_of[si], 0, answer_words_of[si].size())))) {
          c.fact.kind = FactKind::kSymptom;
          c.fact.value = "stiffness";
        }
      // A symptom or a pain site inside a red flag's words ("calf swelling", "chest pain") is the red flag;
      // a headache stays a pain site beside the flag ("the worst headache").
      // A red flag's words inside a longer symptom ("stools" in "blood in your stools", "weak" in "I feel
      // weak") are the symptom.
      auto inside_symptom = [&](const Candidate& f) {
        return std::any_of(cands.begin(), cands.end(), [&](const Candidate& o) {
          return o.fact.kind == FactKind::kSymptom && o.tok_begin <= f.tok_begin && f.tok_end <= o.tok_end &&
                 o.tok_end - o.tok_begin > f.tok_end - f.tok_begin;
        });
      };
      std::vector<std::pair<std::size_t, std::size_t>> flag_spans;
      for (const auto& c : cands)
        if (c.fact.kind == FactKind::kRedFlag && !inside_symptom(c))
          flag_spans.emplace_back(c.tok_begin, c.tok_end);
      // Where the clinician's question starts: a sentence ending in "?", or, in transcripts without
      // punctuation, the last question cue ("do you", "any", ...) of the turn's last sentence when the
      // patient answers yes or no.
      std::size_t question_from = sen.last;
      if (clinician && sen.question) {
        question_from = sen.first;
      } else if (next_answers && !has_question_mark(t) && k + 1 == sens.size() &&
                 answer.answer != Answer::kNone) {
        question_from = unpunctuated_question_start(t, sen, lx);
      }
      // "You're passing urine OK." said as a statement and answered: an is-it-normal question.
      if (clinician && next_answers && !sen.question && k + 1 == sens.size() && normal_question &&
          answer.answer != Answer::kNone && asks_if_normal(t, sen.first, sen.last, lx))
        question_from = std::min(question_from, sen.first);
      // The question said again after a request to repeat it, in whatever form.
      if (repeats_question[si] && next_answers && k + 1 == sens.size())
        question_from = std::min(question_from, sen.first);
      // Speakers unknown and no punctuation (a recogniser's utterance): a sentence in the form of a yes/no
      // question is the question; what it names is a fact only with an answer the rules read.
      if (seg.speaker == Speaker::kUnknown && !has_question_mark(t) && interrogative_opening(t, sen))
        question_from = std::min(question_from, sen.first);
      // A question followed by a short remark ("... putting on some muscle? you look trim.") is still what
      // the next turn answers.
      std::size_t words_after = 0;
      for (std::size_t m = k + 1; m < sens.size(); ++m)
        for (std::size_t q = sens[m].first; q < sens[m].last; ++q) words_after += t[q].is_word() ? 1 : 0;
      bool answered =
          next_answers && (k >= trailing_q || k + 1 == sens.size() ||
                           (sen.question && clinician && trailing_q == sens.size() && words_after <= 6));
      Answer reply = answer.answer;
      // A choice ("the palm side or the back, or both?") or a count ("how often have you used your inhaler
      // over the past year?" - "only when it's hot") is not answered by yes or no.
      if (question_from < sen.last &&
          (any_between(lx.choice_question_cues, t, question_from, sen.last, sen.last) ||
           any_between(lx.open_question_cues, t, question_from, sen.last, sen.last)))
        reply = Answer::kNone;
      // "Are your bowels working OK?" - "Yes": the flag is absent.
      if (question_from < sen.last && normal_question) {
        if (reply == Answer::kYes)
          reply = Answer::kNo;
        else if (reply == Answer::kNo)
          reply = Answer::kYes;
        else if (reply == Answer::kNone && answered && detail::opens_normal(answer_words_of[si], lx))
          reply = Answer::kNo;  // "and how about your bowel movements; are they okay?" - "they're normal."
      }
      bool asked_family = false;
      std::string asked_who = "family";
      if (asked.toks && k < 3)
        for (std::size_t q = asked.first; q < asked.last; ++q) {
          if ((*asked.toks)[q].text == "family") asked_family = true;
          // "what about your mother?" - "she has diabetes": the family member asked about.
          for (const auto& trig : vocab.context.triggers) {
            if (trig.category != ContextCategory::kExperiencer || trig.phrase.empty() ||
                trig.phrase.front() != "your" || trig.who == "family" || trig.who == "other" ||
                !matches_at(*asked.toks, q, asked.last, trig.phrase))
              continue;
            asked_family = true;
            asked_who = trig.who;
            break;
          }
        }
      bool allergy_talk = contains(lx.allergy_words, t, sen.first, sen.last) ||
                          (asked.toks && contains(lx.allergy_words, *asked.toks, asked.first, asked.last));
      for (auto& c : cands) {
        FactKind kind = c.fact.kind;
        // Pseudo-triggers name no concept ("hay fever" is not a fever).
        if (ctx.inside_pseudo(c.tok_begin, c.tok_end)) continue;
        // A body function named bare ("appetite"): how it is, from the words beside it or the answer.
        if (kind == FactKind::kSymptom && lx.function_symptom_words.match(t, c.tok_begin, c.tok_end) &&
            lx.function_symptom_words.match(t, c.tok_begin, c.tok_end)->phrase.size() ==
                c.tok_end - c.tok_begin) {
          const bool asked_here = c.tok_begin >= question_from && answered;
          // A bare yes or no answers the turn's last question ("are you eating and drinking okay? any nausea
          // or vomiting?" - "none of that"); words about the function in the answer answer this one.
          // Questions after this one about a body function too ("how's your appetite? are you eating and
          // drinking okay?") ask the same again.
          bool last_asks_function = true;
          for (std::size_t later = k + 1; later < sens.size() && last_asks_function; ++later)
            last_asks_function = contains(lx.function_symptom_words, t, sens[later].first, sens[later].last);
          const Answer yes_no = last_asks_function ? reply : Answer::kNone;
          auto lost = function_lost(t, sen, c.tok_begin, asked_here,
                                    next_answers ? &answer_words_of[si] : nullptr, yes_no, lx);
          if (!lost) continue;
          Fact f = std::move(c.fact);
          f.negated = !*lost;
          if (f.negated) f.kind = FactKind::kPertinentNegative;
          f.speaker = seg.speaker;
          if (!f.negated && clinician && !asked_here) continue;  // the clinician's summary, not the evidence
          add(std::move(f), Span{si, t[c.tok_begin].begin, t[c.tok_end - 1].end, seg.start_s, seg.end_s});
          continue;
        }
        if (kind == FactKind::kRedFlag && inside_symptom(c)) continue;
        // "Is that all you're worried about?" - "Cancer.", "I'm scared about cancer", "are you worried about
        // lung cancer?": a cancer feared is not a cancer had (the red flag is the patient's own cancer, now
        // or before).
        if (kind == FactKind::kRedFlag && c.fact.value == "cancer_history" &&
            (any_between(lx.worry_words, t, sen.first, c.tok_begin, sen.last) ||
             (view.asked && contains(lx.worry_words, *view.asked, view.asked_first, view.asked_last))))
          continue;
        if (kind != FactKind::kRedFlag) {
          bool inside_flag = false;
          for (auto [b, e] : flag_spans)
            if (c.tok_begin < e && b < c.tok_end &&
                (kind == FactKind::kSymptom || (kind == FactKind::kPainSite && c.fact.value != "head")))
              inside_flag = true;
          if (inside_flag) continue;
          // A site inside a symptom's words ("sore throat") is the symptom.
          if (kind == FactKind::kPainSite && std::any_of(cands.begin(), cands.end(), [&](const Candidate& o) {
                return o.fact.kind == FactKind::kSymptom && o.tok_begin <= c.tok_begin &&
                       c.tok_end <= o.tok_end;
              }))
            continue;
        }
        // Generic words in the clinician's statements ("we'll check your urine") are not findings; a denial
        // the clinician says to the patient ("so you haven't had any chest pain", "no weakness or numbness
        // in your legs") is the history they confirm, as a denied symptom is.
        // The patient's own cancer the clinician names as history ("you had a skin cancer removed", "a newly
        // diagnosed ovarian cancer") is the red flag cancer_history: a past diagnosis that still matters.
        const bool cancer_history =
            kind == FactKind::kRedFlag && c.fact.value == "cancer_history" &&
            contains(lx.cancer_history_cues, t, c.tok_begin >= sen.first + 8 ? c.tok_begin - 8 : sen.first,
                     std::min(sen.last, c.tok_end + 3));
        if (kind == FactKind::kRedFlag && clinician && !sen.question && c.tok_begin < question_from &&
            !cancer_history && lx.clinician_statement_excluded.match(t, c.tok_begin, c.tok_end) &&
            lx.clinician_statement_excluded.match(t, c.tok_begin, c.tok_end)->phrase.size() ==
                c.tok_end - c.tok_begin &&
            !denied_to_patient(t, sen, c.tok_begin, ctx, kind, lx))
          continue;
        // How long, and since when, are the patient's account ("it started four days ago") or the answer to
        // the clinician's question ("so about four days ago?" - "yes"); the clinician's restating of it is
        // not its evidence ("you mentioned it all started three days ago").
        if ((kind == FactKind::kDuration || kind == FactKind::kOnset) && clinician && !sen.question &&
            c.tok_begin < question_from)
          continue;
        // Hypothetical or conditional (safety-netting, advice, examples): not a finding.
        if (ctx.at(ContextCategory::kHypothetical, c.tok_begin, kind)) continue;
        // The clinician's own finding or explanation (an examination, imaging, a diagnosis or side effects
        // named, a list of past diagnoses): not the patient's report. Its triggers do not open in a sentence
        // ending in "?", which is asked.
        if (const Modifier* cf = ctx.at(ContextCategory::kClinicianFinding, c.tok_begin, kind);
            cf && !(cancer_history && is_history_trigger(*cf->trigger)))
          continue;
        // Someone else's condition: a family member's is family history, anything else is left out.
        const Modifier* exp = ctx.at(ContextCategory::kExperiencer, c.tok_begin, kind);
        Fact f = std::move(c.fact);
        if (kind == FactKind::kFamilyHistory) {
          if (exp && exp->trigger->who == "other") continue;
          if (exp) {
            f.who = exp->trigger->who;
            // "anyone in the family get migraines?" - "yes, my mum does": the answer says who.
            if (f.who == "family" && clinician && next_answers && k + 1 == sens.size())
              if (auto who = one_family_member(answer_words_of[si], vocab.context)) f.who = *who;
          } else if (seg.speaker == Speaker::kPatient && asked_family &&
                     (asked_who == "family" || !said_of_self(t, sen.first, c.tok_begin))) {
            // "what conditions run in your family?" - "high blood pressure, diabetes"; "what about your
            // mother?" - "she has diabetes" (not "I've never had a kidney stone").
            f.who = asked_who;
          } else {
            continue;
          }
        } else if (exp) {
          continue;
        }
        // The clinician examining ("does it hurt when I push here?") finds signs, not the patient's account.
        if (clinician &&
            (kind == FactKind::kPainSite || kind == FactKind::kAggravating || kind == FactKind::kSymptom)) {
          std::size_t e0 = c.tok_begin >= sen.first + 8 ? c.tok_begin - 8 : sen.first;
          if (any_between(lx.exam_cues, t, e0, std::min(sen.last, c.tok_end + 8), sen.last)) continue;
        }
        if (kind == FactKind::kRedFlag && !sen.question &&
            std::find(asked_flags.begin(), asked_flags.end(), f.value) != asked_flags.end())
          continue;
        // A medicine named as an allergy is not one taken.
        if (kind == FactKind::kMedicine && allergy_talk) continue;
        // "take that as a pain reliever": a class describing the medicine just named, not another one.
        if (kind == FactKind::kMedicine && described_as(t, sen.first, c.tok_begin)) continue;
        // "an anti-inflammatory. it's going to be mobic": the class names the medicine said beside it.
        if (kind == FactKind::kMedicine && class_of_named(vocab, t, c.tok_begin, f.value)) continue;
        f.speaker = seg.speaker;
        if (f.kind == FactKind::kPainSite && f.side == Side::kUnspecified) f.side = carried_side;
        if (c.negatable) {
          const Modifier* neg = ctx.at(ContextCategory::kNegated, c.tok_begin, kind, c.tok_end);
          // Medicines are negated only by a close trigger before them ("no ibuprofen", "haven't taken any
          // paracetamol"), not by "without" or "nothing" ("six out of ten without ibuprofen"), nor by one
          // after them ("I've taken tylenol and advil and it's not really going away").
          if (neg && kind == FactKind::kMedicine &&
              (neg->end + 3 < c.tok_begin || neg->begin >= c.tok_end || t[neg->begin].text == "without" ||
               t[neg->begin].text == "nothing"))
            neg = nullptr;
          // A negation inside the words of a finding names the finding and denies nothing after it: "I
          // couldn't feel anything in my saddle area" (numbness, then the saddle area, both present), as
          // "can't pee" is a bladder change.
          if (neg)
            for (const auto& other : cands)
              if (&other != &c && other.tok_begin <= neg->begin && neg->end <= other.tok_end &&
                  (other.fact.kind == FactKind::kRedFlag || other.fact.kind == FactKind::kSymptom)) {
                neg = nullptr;
                break;
              }
          // "I don't get chest pain unless I really push it", "I never had any numbness until last week": a
          // denial with its exception or its end after the finding says it is there (when, or since when).
          if (neg && neg->begin < c.tok_begin)
            for (std::size_t m = c.tok_end; m < std::min(sen.last, c.tok_end + 4); ++m) {
              const std::string& w = t[m].text;
              if (w == "unless" || w == "until" || w == "till" || w == "except") {
                neg = nullptr;
                break;
              }
            }
          f.negated = neg != nullptr;
          // "Numbness yes, weakness no": a bare yes or no right after the words answers them.
          std::size_t j = c.tok_end;
          if (j < sen.last && t[j].text == ",") ++j;
          if (j < sen.last && (j + 1 >= sen.last || !binds_to_next(t[j + 1]))) {
            if (t[j].text == "no" || t[j].text == "nope") f.negated = true;
            if (t[j].text == "yes" || t[j].text == "yeah") f.negated = false;
          }
        }
        // A history of cancer is never over (guideline: the red flag, not historical).
        const bool never_over = f.kind == FactKind::kRedFlag && f.value == "cancer_history";
        if (!never_over && ctx.at(ContextCategory::kHistorical, c.tok_begin, kind)) f.historical = true;
        if (seg.speaker == Speaker::kPatient && c.tok_begin < question_from &&
            (kind == FactKind::kRedFlag || kind == FactKind::kSymptom || kind == FactKind::kPainSite) &&
            !never_over && past_episode(t, sen, c.tok_begin, resolved_later(si, k), lx))
          f.historical = true;
        // A pain site of an earlier episode is not suggested: on the dev set 1 of 10 such suggestions was
        // right ("have you had pain in that shoulder before?", "I hurt my foot before but ...": the site of
        // the complaint asked about or told again), and what the visit is about is the site now.
        if (f.kind == FactKind::kPainSite && f.historical) continue;
        // "I've never injured this ankle before": an injury is an event, and "never ... before" denies an
        // earlier one (of a complaint, "never had headaches like this before" says it is new: context.cpp).
        if (f.kind == FactKind::kSymptom && f.value == "injury" &&
            never_before(t, sen, c.tok_begin, c.tok_end)) {
          f.negated = true;
          f.historical = true;
        }
        // "my bowel movements are normal", "you're passing urine OK": the flag is absent. Asked ("your
        // bowels are working OK?"), the answer says it.
        if (f.kind == FactKind::kRedFlag && !f.negated && c.tok_end < sen.last &&
            c.tok_begin < question_from) {
          const std::string& verb = t[c.tok_end].text;
          bool linking = verb == "is" || verb == "are" || verb == "was" || verb == "were" || verb == "seem" ||
                         verb == "seems" || verb == "feel" || verb == "feels";
          std::size_t e1 = std::min(sen.last, c.tok_end + 3);
          if (linking && c.tok_end + 1 < sen.last &&
              any_between(lx.normal_function_words, t, c.tok_end + 1, e1, sen.last))
            f.negated = true;
          // Right after the words, or after "all" ("passing urine all OK"); not after a comma (a tag).
          std::size_t after = c.tok_end;
          if (after < sen.last && t[after].text == "all") ++after;
          if (after < sen.last && lx.normal_function_words.match(t, after, sen.last)) f.negated = true;
        }
        if (uncertain_before(t, sen.first, c.tok_begin, lx)) f.certainty = Certainty::kUncertain;
        // Capability: "I am able to put weight on it" denies the flag, "not able to" reports it.
        const std::optional<bool> able = kind == FactKind::kRedFlag && f.value == "unable_to_bear_weight"
                                             ? able_before(t, sen.first, c.tok_begin)
                                             : std::nullopt;
        if (kind == FactKind::kRedFlag && f.value == "unable_to_bear_weight" && !able) {
          // "walk on it", "put weight on it" name the flag only as a capability ("can you walk on it?",
          // "I'm not able to put weight on it") or said as an inability ("can't put weight"); "it hurts to
          // put weight on it" is pain on weight bearing, not the flag.
          bool inability = false;
          for (std::size_t m = c.tok_begin; m < c.tok_end; ++m) {
            const std::string& w = t[m].text;
            if (w == "unable" || w == "cannot" || w == "n't" || w.ends_with("n't")) inability = true;
          }
          if (!inability) continue;
        }
        // A capability in the clinician's sentence that opens as a question ("have you been able to walk on
        // it at all or is it ...", "can you bear weight") is asked, not stated: without an answer read as its
        // own, no fact (read as a statement it was a denial the patient never gave).
        if (able && c.tok_begin < question_from && clinician && capability_asked(t, sen.first, c.tok_begin)) {
          // "were you able to walk on it after the incident" - "I was able to get back to the house": the
          // answer says the capability itself.
          const auto said_able =
              next_answers && k + 1 == sens.size() ? answer_capability(answer_words_of[si]) : std::nullopt;
          if (!said_able) continue;
          f.negated = *said_able;
        } else if (able && c.tok_begin < question_from) {
          f.negated = *able;
        }
        // "apart from the eczema, any other problems?", "with the diarrhoea, any tummy pain?": what is given
        // is not what is asked, and a "no" does not deny it.
        if (c.tok_begin >= question_from && given_not_asked(t, sen.first, c.tok_begin)) continue;
        // A pain site asked about, answered with places: what the answer says of this one decides, and an
        // answer that names only other places leaves it unread.
        bool site_answered = false;
        if (kind == FactKind::kPainSite && c.tok_begin >= question_from && !answer_sites.empty() &&
            reply != Answer::kNo) {
          const auto it = answer_sites.find(f.value);
          if (it == answer_sites.end()) continue;
          // Named without a word of pain ("any leg weakness, pain in one leg?" - "I had some struggling with
          // my right leg"), the place may be of another part of the question: unread.
          if (!it->second && !contains(lx.pain_words, answer_words_of[si], 0, answer_words_of[si].size()))
            continue;
          f.negated = it->second;
          site_answered = true;
        }
        if (c.tok_begin >= question_from && !site_answered) {
          const bool asked_negated = f.negated;  // "no numbness?"
          auto part = std::pair{
              static_cast<int>(kind == FactKind::kPertinentNegative ? FactKind::kSymptom : kind), f.value};
          bool named = answer_named.count(part) > 0;
          bool named_negated = answer_named_negated.count(part) > 0;
          bool any_named = !answer_named.empty() || !answer_named_negated.empty();
          // An is-it-normal question is answered by yes or no, not by the words it names again ("are you
          // passing urine OK?" - "Yeah, fine... the urine was a little pink").
          if (normal_question) named = named_negated = any_named = false;
          // "have you been able to walk on it?" - "at first no ... now I'm able to put a little weight on
          // it": the yes or no and the words disagree; the clinician reads it.
          if (answered && able && *able && reply != Answer::kNone && (named || named_negated) &&
              (reply == Answer::kNo) != named)
            continue;
          // "is your breathing more laboured?" - "I don't think so. I get laboured when I'm coughing and I
          // can't breathe. Not really.": a no that names the thing as present, without "just" or "but" to say
          // which part, disagrees with itself; the clinician reads it.
          if (answered && named && reply == Answer::kNo && !answer_only && !no_binds &&
              (kind == FactKind::kRedFlag || kind == FactKind::kSymptom))
            continue;
          // "have you been feeling feverish?" - "yeah ... I haven't had a fever at the moment, but I did
          // notice a temperature when the symptoms started": the answer names it both ways; the clinician
          // reads it (the patient's own words are read where they are said).
          if (answered && named && named_negated) continue;
          if (answered && !named && !named_negated && reply != Answer::kNo && answer_named_past.count(part) &&
              (kind == FactKind::kRedFlag || kind == FactKind::kSymptom)) {
            // "any fevers?" - "I had some fever in the beginning, but it's now going down": the answer tells
            // an earlier episode of what is asked and denies nothing now; the fact asked is that episode. (A
            // no, "at the beginning I had a temperature, but no, now I feel fine", denies it now, below.)
            f.negated = false;
            f.historical = true;
          } else if (answered && named) {
            f.negated = false;  // "any fever, sweats ...?" - "just the sweats"
          } else if (answered && named_negated) {
            f.negated = true;
          } else if (answered && any_named &&
                     (answer_only || (reply == Answer::kNo && !reply_bound && !no_binds)) &&
                     (kind == FactKind::kRedFlag || kind == FactKind::kSymptom)) {
            f.negated = true;  // the parts the answer leaves out
          } else if (answered && (reply_bound || no_binds) &&
                     (kind == FactKind::kRedFlag || kind == FactKind::kSymptom ||
                      kind == FactKind::kPainSite)) {
            // The answer is about something else ("any tummy pain?" - "I had a bit of diarrhoea"): this part
            // is not answered.
            continue;
          } else if (answered && able && *able && reply != Answer::kNone) {
            f.negated = reply == Answer::kYes;  // "have you been able to stand on it?" - "no": unable
          } else if (answered && reply == Answer::kNo) {
            if (!c.negatable) continue;  // "is it a six?" - "no": no score to keep
            f.negated = true;
          } else if (answered && reply == Answer::kYes) {
            // "no numbness?" - "yes (none)": the answer agrees with the question's own polarity; "yes, I
            // have" says it was there.
            f.negated = asked_negated && !answer.asserts;
          } else {
            // Asked, but the answer is not one the rules read: no fact. A red flag stated with the wrong
            // polarity is the worst error, so an unread answer is left to the clinician, not guessed.
            continue;
          }
          if (answer.uncertain) f.certainty = Certainty::kUncertain;
        }
        // A body function the patient names without a change ("I usually pee a lot", "my gall bladder") is no
        // red flag; their answer to a question about it is read above.
        if (f.kind == FactKind::kRedFlag && !f.negated && seg.speaker == Speaker::kPatient &&
            c.tok_begin < question_from) {
          const auto* w = lx.patient_statement_excluded.match(t, c.tok_begin, c.tok_end);
          if (w && w->phrase.size() == c.tok_end - c.tok_begin) continue;
        }
        // What a symptom becomes: present, a pertinent negative, or nothing (regular medication and
        // allergies are facts only when denied).
        if (f.kind == FactKind::kSymptom) {
          if (f.negated)
            f.kind = FactKind::kPertinentNegative;
          else if (vocab.negated_only_symptoms.count(f.value))
            continue;
          // A present symptom the clinician states rather than asks is their summary, examination or
          // explanation ("so you've had some swelling", "it can make you dizzy"): the patient's own words and
          // answers are the evidence, so it is not suggested from the clinician's statement.
          else if (clinician && !sen.question && c.tok_begin < question_from &&
                   !reported_by_patient(t, sen, c.tok_begin, lx))
            continue;
        }
        // The same for what makes it worse or better, limits and goals: "so it's worse when you walk", "we'll
        // get you back to work" are the clinician's summary or plan; the patient's words are the evidence.
        if ((f.kind == FactKind::kAggravating || f.kind == FactKind::kEasing ||
             f.kind == FactKind::kFunctionalLimit || f.kind == FactKind::kGoal) &&
            !f.negated && clinician && !sen.question && c.tok_begin < question_from)
          continue;
        // A medicine the clinician says with a denial ("try not to take any ibuprofen", "do you need some
        // pain medication?" - "no", "have you ever been given an EpiPen?") is advice, an offer or an earlier
        // question more often than a fact to record: 1 of 11 such suggestions was right on the dev set. Not
        // suggested; the patient's own "I haven't taken any paracetamol" is, and "no regular medication" is
        // the pertinent negative that records a denial of any.
        if (f.kind == FactKind::kMedicine && f.negated && seg.speaker != Speaker::kPatient) continue;
        // Sweating is night sweats, the red flag, when the turn tells of the night or of bed.
        if ((f.kind == FactKind::kSymptom || f.kind == FactKind::kPertinentNegative) &&
            f.value == "sweating" && contains(lx.night_words, t, 0, t.size())) {
          f.kind = FactKind::kRedFlag;
          f.value = "night_sweats";
        }
        Span span{si, t[c.tok_begin].begin, t[c.tok_end - 1].end, seg.start_s, seg.end_s};
        add(std::move(f), span);
      }
    }
  }
  // Vomiting in a headache visit, the bowels' plain words in a visit about diarrhoea (complaint.hpp).
  read_by_the_complaint(facts, tr);
  merge_unsided_sites(facts);
  sides_from_the_visit(facts, toks, vocab);
  affirmed_over_denied(facts, tr);
  sort_facts(facts);
  return facts;
}

}  // namespace physio::scribe
