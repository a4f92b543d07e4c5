// Fact extraction, table-driven. Sentences are short quotes from the shared consultations (PriMock57,
// ACI-BENCH, CC BY 4.0) or written like them.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scribe/extract.hpp"

namespace physio::scribe {
namespace {

struct ExpectFact {
  FactKind kind;
  std::string value;
  Side side = Side::kUnspecified;
  bool negated = false;
  std::optional<Certainty> certainty = std::nullopt;
};

struct ExtractCase {
  const char* name;
  const char* dialogue;             // [doctor]/[patient] lines
  std::vector<ExpectFact> present;  // facts that must be found
  std::vector<ExpectFact> absent;   // facts that must not be found (any negation)
};

const Vocabulary& extract_vocab() {
  static const Vocabulary* v = [] {
    auto r = default_vocabulary();
    EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
    return r ? *r : nullptr;
  }();
  return *v;
}

std::vector<Fact> extract_facts_of(const char* dialogue) {
  auto t = parse_tagged_dialogue(dialogue, "case");
  EXPECT_TRUE(t) << t.error().to_string();
  return t ? extract_facts(*t, extract_vocab()) : std::vector<Fact>{};
}

const Fact* find_fact(const std::vector<Fact>& fs, const ExpectFact& e, bool any_negation) {
  for (const auto& f : fs)
    if (f.kind == e.kind && f.value == e.value && (any_negation || f.negated == e.negated) &&
        (e.kind != FactKind::kPainSite || any_negation || f.side == e.side))
      return &f;
  return nullptr;
}

std::string dump_facts(const std::vector<Fact>& fs) {
  std::string s;
  for (const auto& f : fs) s += fact_to_json(f).dump() + "\n";
  return s;
}

void run_cases(const std::vector<ExtractCase>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto fs = extract_facts_of(c.dialogue);
    for (const auto& e : c.present) {
      const Fact* f = find_fact(fs, e, false);
      EXPECT_NE(f, nullptr) << fact_kind_name(e.kind) << " " << e.value << (e.negated ? " (negated)" : "")
                            << " not found in:\n"
                            << dump_facts(fs);
      if (f && e.certainty) {
        EXPECT_EQ(f->certainty, *e.certainty) << e.value;
      }
    }
    for (const auto& e : c.absent)
      EXPECT_EQ(find_fact(fs, e, true), nullptr) << fact_kind_name(e.kind) << " " << e.value << " found in:\n"
                                                 << dump_facts(fs);
  }
}

TEST(ScribeExtract, Negations) {
  run_cases({
      {"asked and denied",
       "[doctor] have you experienced any numbness or tingling in that right foot\n[patient] no",
       {{FactKind::kRedFlag, "numbness_tingling", Side::kUnspecified, true}},
       {}},
      {"said denied",
       "[patient] no numbness or tingling",
       {{FactKind::kRedFlag, "numbness_tingling", Side::kUnspecified, true}},
       {}},
      {"question mark",
       "[doctor] Um, any temperatures or fevers?\n[patient] Um, no I don't feel feverish.",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, true}},
       {}},
      {"scope ends at but",
       "[patient] No, but um, I feel a bit of tingling on the left side of my face.",
       {{FactKind::kRedFlag, "numbness_tingling", Side::kUnspecified, false}},
       {}},
      {"denies",
       "[patient] denies weight loss and night sweats",
       {{FactKind::kRedFlag, "weight_loss", Side::kUnspecified, true},
        {FactKind::kRedFlag, "night_sweats", Side::kUnspecified, true}},
       {}},
      {"haven't had",
       "[patient] I haven't had any fever",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, true}},
       {}},
      {"yes keeps it",
       "[doctor] did the pain wake you up?\n[patient] Yeah, it woke me up, um, quite early.",
       {{FactKind::kRedFlag, "night_pain", Side::kUnspecified, false}},
       {}},
      {"normal function question",
       "[doctor] Are your bowels working OK?\n[patient] Yeah.",
       {{FactKind::kRedFlag, "bowel_change", Side::kUnspecified, true}},
       {}},
      {"unclear answer gives no fact",
       "[doctor] Any night sweats?\n[patient] Well I was at the gym.",
       {},
       {{FactKind::kRedFlag, "night_sweats"}}},
      {"never before is history",
       "[patient] never had headaches like this before",
       {{FactKind::kPainSite, "head", Side::kUnspecified, false}},
       {}},
      {"pain denied at a site",
       "[doctor] are you having any chest pain today\n[patient] no",
       {{FactKind::kRedFlag, "chest_pain", Side::kUnspecified, true}},
       {}},
      {"medicine without is not negated",
       "[patient] it's a six out of ten without ibuprofen",
       {{FactKind::kMedicine, "ibuprofen", Side::kUnspecified, false}},
       {}},
      {"medicine not taken",
       "[patient] I haven't taken any paracetamol",
       {{FactKind::kMedicine, "paracetamol", Side::kUnspecified, true}},
       {}},
      {"a medicine the clinician advises against or offers is no denial",
       "[doctor] try not to take any ibuprofen.\n[patient] okay\n[doctor] do you need some pain medication?\n"
       "[patient] no, I think physio is the way to start.",
       {},
       {{FactKind::kMedicine, "ibuprofen"}, {FactKind::kMedicine, "analgesic"}}},
  });
}

TEST(ScribeExtract, RedFlagsAreNeverDroppedAndSortFirst) {
  auto fs = extract_facts_of(
      "[patient] my knee hurts, it's a five out of ten\n[doctor] any weight loss?\n[patient] "
      "hmm\n[patient] no fever though");
  ASSERT_GE(fs.size(), 3u) << dump_facts(fs);
  EXPECT_EQ(fs[0].kind, FactKind::kRedFlag);
  // "any weight loss?" - "hmm": an answer the rules cannot read gives no weight-loss fact either way.
  EXPECT_EQ(find_fact(fs, {FactKind::kRedFlag, "weight_loss", Side::kUnspecified, false}, true), nullptr)
      << dump_facts(fs);
  EXPECT_NE(find_fact(fs, {FactKind::kRedFlag, "fever", Side::kUnspecified, true}, false), nullptr)
      << dump_facts(fs);
}

TEST(ScribeExtract, NumbersInWordsAndRanges) {
  run_cases({
      {"word",
       "[patient] i would say right now it's like a four out of ten",
       {{FactKind::kPainScore, "4"}},
       {}},
      {"range in words", "[patient] it's about six or seven out of ten", {{FactKind::kPainScore, "6-7"}}, {}},
      {"slash", "[patient] it's 6/10 today", {{FactKind::kPainScore, "6"}}, {}},
      {"digits range",
       "[patient] maybe 6-7 out of 10",
       {{FactKind::kPainScore, "6-7", Side::kUnspecified, false, Certainty::kUncertain}},
       {}},
      {"half", "[patient] seven and a half out of ten", {{FactKind::kPainScore, "7.5"}}, {}},
      {"answer to the scale",
       "[doctor] if I was to ask you on a scale of one to ten, how would you rate this pain?\n[patient] Ohh "
       "it's "
       "probably a eight.",
       {{FactKind::kPainScore, "8", Side::kUnspecified, false, Certainty::kUncertain}},
       {{FactKind::kPainScore, "1-10"}}},
      {"two scores",
       "[patient] i'm sorry it's a six out of ten without ibuprofen and four out of ten with it",
       {{FactKind::kPainScore, "6"}, {FactKind::kPainScore, "4"}},
       {}},
      {"scale itself is not a score",
       "[doctor] on a scale of zero to ten how bad is it",
       {},
       {{FactKind::kPainScore, "0-10"}, {FactKind::kPainScore, "10"}}},
  });
}

TEST(ScribeExtract, ScoreOutsideZeroToTenKeptAsSaidNeverStored) {
  auto fs = extract_facts_of("[patient] honestly it's like twelve out of ten");
  ASSERT_EQ(fs.size(), 1u) << dump_facts(fs);
  EXPECT_EQ(fs[0].kind, FactKind::kPainScore);
  EXPECT_TRUE(fs[0].out_of_range);
  EXPECT_EQ(fs[0].value, "out_of_range");
  EXPECT_EQ(fs[0].said, "twelve out of ten");
  EXPECT_FALSE(fs[0].score_low);
  EXPECT_FALSE(fs[0].score_high);
  auto j = fact_to_json(fs[0]);
  EXPECT_TRUE(j["score_low"].is_null());
  EXPECT_EQ(j["out_of_range"], true);
}

TEST(ScribeExtract, Sides) {
  run_cases({
      {"right ankle",
       "[doctor] so i see here that you hurt your right ankle",
       {{FactKind::kPainSite, "ankle", Side::kRight}},
       {}},
      {"left shoulder",
       "[patient] i'm doing okay aside from this left shoulder pain",
       {{FactKind::kPainSite, "shoulder", Side::kLeft}},
       {}},
      {"side of my head",
       "[patient] I've just got this, really horrible pain on the left side of my head.",
       {{FactKind::kPainSite, "head", Side::kLeft}},
       {}},
      {"bilateral",
       "[patient] bilateral knee pain for years",
       {{FactKind::kPainSite, "knee", Side::kBoth}},
       {}},
      {"on my right hand",
       "[patient] I kind of hurt like my knuckles on my right hand.",
       {{FactKind::kPainSite, "finger", Side::kRight}},
       {{FactKind::kPainSite, "hand"}}},
      {"side in the next turn",
       "[patient] Ohh, I just got a terrible headache since mid-day.\n[patient] Um on the "
       "left side.",
       {{FactKind::kPainSite, "head", Side::kLeft}},
       {}},
      {"unsided mention joins the sided one",
       "[patient] my knee hurts\n[patient] the right knee hurts more",
       {{FactKind::kPainSite, "knee", Side::kRight}},
       {}},
      {"a paired joint in the plural is both",
       "[patient] by the end of the day my knees were just killing me",
       {{FactKind::kPainSite, "knee", Side::kBoth}},
       {}},
      {"limbs named as a region stay unsided",
       "[patient] the pain goes down my legs",
       {{FactKind::kPainSite, "leg", Side::kUnspecified}},
       {}},
      {"the right-hand side of my back",
       "[patient] it hurts in the right-hand side of my back.",
       {{FactKind::kPainSite, "back", Side::kRight}},
       {}},
      {"back pain on my right side",
       "[patient] i've been having some back pain on my right side for about a week",
       {{FactKind::kPainSite, "back", Side::kRight}},
       {}},
      {"a site that does not hurt",
       "[patient] yeah my left knee doesn't really hurt",
       {{FactKind::kPainSite, "knee", Side::kLeft, true}},
       {}},
      {"a sore throat is the symptom, not a pain site",
       "[patient] it started with a sore throat and runny nose",
       {{FactKind::kSymptom, "sore_throat"}},
       {{FactKind::kPainSite, "throat"}}},
      {"the right hand side is a side, not a hand",
       "[patient] I have pain in my back on the right hand side",
       {{FactKind::kPainSite, "back", Side::kRight}},
       {{FactKind::kPainSite, "hand"}}},
  });
  auto fs = extract_facts_of("[patient] my knee hurts\n[patient] the right knee hurts more");
  ASSERT_EQ(fs.size(), 1u) << dump_facts(fs);
  EXPECT_EQ(fs[0].spans.size(), 2u);
  // Named on both sides, an unsided mention is no fact of its own: which knee it is cannot be told.
  fs =
      extract_facts_of("[patient] my knee hurts\n[patient] the right knee hurts and the left knee hurts too");
  std::vector<Side> sides;
  for (const auto& f : fs)
    if (f.kind == FactKind::kPainSite && f.value == "knee") sides.push_back(f.side);
  EXPECT_EQ(sides, (std::vector<Side>{Side::kRight, Side::kLeft})) << dump_facts(fs);
}

// A statement with a question tag tells; it does not ask ("i'm gon na prescribe you some meloxicam, okay?").
TEST(ScribeExtract, AQuestionTagDoesNotMakeAStatementAQuestion) {
  run_cases({
      {"prescription with a tag",
       "[doctor] and then i'm gon na prescribe you some meloxicam 15 milligrams once a day, okay?\n[patient] "
       "okay.",
       {{FactKind::kMedicine, "meloxicam"}, {FactKind::kPlanFrequency, "1/day"}},
       {}},
      {"a real question with a tag",
       "[doctor] do you take anything for the pain, okay?\n[patient] no.",
       {},
       {{FactKind::kMedicine, "analgesic"}}},
  });
}

// What a question starts from is given, not asked: a "no" does not deny it.
TEST(ScribeExtract, TheTopicOfAQuestionIsNotAskedAbout) {
  run_cases({
      {"apart from",
       "[doctor] Apart from the eczema, do you have any other medical problems?\n[patient] No.",
       {},
       {{FactKind::kSymptom, "eczema"}}},
      {"with the, opening the question",
       "[doctor] And with the diarrhoea, have you noticed any other symptoms, like tummy pain?\n[patient] "
       "No.",
       {},
       {{FactKind::kSymptom, "diarrhoea"}}},
      {"problems with your bladder is asked",
       "[doctor] Any problems with your bladder?\n[patient] No.",
       {{FactKind::kRedFlag, "bladder_change", Side::kUnspecified, true}},
       {}},
      {"blood drawn is not bleeding",
       "[patient] I had a physical four months ago and I had blood drawn then.",
       {},
       {{FactKind::kSymptom, "blood"}}},
  });
}

// "back" is a body site, not the adverb: "the back of my head", "it went back", "move it back".
TEST(ScribeExtract, BackAsAWordIsNotABack) {
  run_cases({
      {"back of the head",
       "[patient] a dull pain in the back of my head",
       {{FactKind::kPainSite, "head"}},
       {{FactKind::kPainSite, "back"}}},
      {"went back",
       "[patient] it felt like it went back and it's been hurting since march",
       {},
       {{FactKind::kPainSite, "back"}}},
      {"my back", "[patient] my back has been hurting for a week", {{FactKind::kPainSite, "back"}}, {}},
      {"chronic back pain", "[patient] I have this chronic back pain", {{FactKind::kPainSite, "back"}}, {}},
  });
}

// Generic words for a body function are no red flag in the patient's statements; a change reported, the
// answer to a question about it, or the symptom they are part of is.
TEST(ScribeExtract, BodyFunctionWordsAreNotRedFlagsByThemselves) {
  run_cases({
      {"pee a lot",
       "[patient] I usually pee a lot, ever since the drugs.",
       {},
       {{FactKind::kRedFlag, "bladder_change"}}},
      {"gall bladder",
       "[patient] I had my gall bladder removed.",
       {},
       {{FactKind::kRedFlag, "bladder_change"}}},
      {"blood in the stools is blood, not a bowel change",
       "[doctor] Any blood in your stools?\n[patient] No.",
       {{FactKind::kPertinentNegative, "blood", Side::kUnspecified, true}},
       {{FactKind::kRedFlag, "bowel_change"}}},
      {"feeling weak is fatigue, not limb weakness",
       "[patient] I feel very weak though.",
       {{FactKind::kSymptom, "fatigue"}},
       {{FactKind::kRedFlag, "progressive_weakness"}}},
      {"a reported change",
       "[patient] I have been having difficulty passing urine.",
       {{FactKind::kRedFlag, "bladder_change"}},
       {}},
      {"asked and answered",
       "[doctor] Any problems with your bladder?\n[patient] Yes, I've been leaking.",
       {{FactKind::kRedFlag, "bladder_change"}},
       {}},
      {"a cough that keeps me up is disturbed sleep, not night pain",
       "[patient] It's a dry cough and it keeps me up at night.",
       {{FactKind::kSymptom, "sleep_disturbance"}},
       {{FactKind::kRedFlag, "night_pain"}}},
      {"pain that keeps me up is night pain",
       "[patient] The pain keeps me up at night.",
       {{FactKind::kRedFlag, "night_pain"}},
       {}},
  });
}

TEST(ScribeExtract, Durations) {
  run_cases({
      {"weeks",
       "[patient] i've been having a lot of pain of my shoulder for the last three weeks now",
       {{FactKind::kDuration, "21"}},
       {}},
      {"days ago",
       "[doctor] When did your symptoms all start?\n[patient] About two days ago.",
       {{FactKind::kDuration, "2"}},
       {}},
      {"hours",
       "[patient] a bit of chest discomfort, i was doing some gardening, a couple of hours ago.",
       {{FactKind::kDuration, "0.083"}},
       {}},
      {"few days kept as words",
       "[patient] I have this really crazy headache that's been going on for a few days.",
       {{FactKind::kDuration, "few days"}},
       {}},
      {"since a weekday is an onset without a date",
       "[patient] my knee has hurt since monday",
       {{FactKind::kOnset, "monday"}},
       {}},
      {"the answer to when it started is its onset",
       "[doctor] When did this start?\n[patient] Um, it was Saturday morning, I think.",
       {{FactKind::kOnset, "saturday morning"}},
       {}},
      {"a day in an answer to another question is not the onset",
       "[doctor] When did you take the last dose?\n[patient] I took it yesterday.",
       {},
       {{FactKind::kOnset, "yesterday"}}},
      {"a month with its year",
       "[patient] the pain has been there since february 2020.",
       {{FactKind::kOnset, "february 2020"}},
       {{FactKind::kOnset, "february"}}},
      {"a day said without an onset is not one",
       "[patient] I went to the shops yesterday and it was fine.",
       {},
       {{FactKind::kOnset, "yesterday"}}},
      {"the clinician's day is not the onset",
       "[doctor] I twisted my ankle on saturday, it is common.",
       {},
       {{FactKind::kOnset, "saturday"}}},
      {"the story of how it happened dates it",
       "[doctor] andrew, what's going on with your joint? what happened?\n[patient] uh, so, over the the "
       "weekend, "
       "we've been moving boxes up and down our stairs, and my knees were just killing me.",
       {{FactKind::kOnset, "over the weekend"}},
       {{FactKind::kOnset, "the weekend"}}},
      {"how did it happen, answered with the day",
       "[doctor] and how did you hurt it?\n[patient] i was playing volleyball on saturday and i fell on it.",
       {{FactKind::kOnset, "saturday"}},
       {}},
      {"how long ago it happened",
       "[doctor] okay. and how long ago did this happen?\n[patient] this was saturday morning.",
       {{FactKind::kOnset, "saturday morning"}},
       {}},
      {"today in the story is the visit, not the onset",
       "[doctor] so what happened?\n[patient] i came in today because my back has been sore.",
       {},
       {{FactKind::kOnset, "today"}}},
      {"a day in an answer to how long it lasts is not the onset",
       "[doctor] how long did the swelling last?\n[patient] it was gone by saturday.",
       {},
       {{FactKind::kOnset, "saturday"}}},
      {"age is not a duration",
       "[patient] i'm a 50-year-old woman with knee pain",
       {},
       {{FactKind::kDuration, "18250"}}},
      {"a plan is not a duration",
       "[doctor] i'm going to refer you to physical therapy for six to eight weeks",
       {},
       {{FactKind::kDuration, "42"}}},
      {"not about a symptom",
       "[doctor] How long have you been on that for?\n[patient] three months.",
       {},
       {{FactKind::kDuration, "90"}}},
      {"a range said with a comma",
       "[doctor] When did it start?\n[patient] uh, it was saturday, so about four, five days ago.",
       {{FactKind::kDuration, "4-5"}},
       {{FactKind::kDuration, "5"}}},
      {"a range said with or",
       "[doctor] When did the pain start?\n[patient] I got it three or four months ago.",
       {{FactKind::kDuration, "90-120"}},
       {}},
      {"the clinician restating is not the evidence",
       "[doctor] And you mentioned the pain all started three days ago.\n[patient] Mm.",
       {},
       {{FactKind::kDuration, "3"}}},
      {"the clinician asking, answered yes",
       "[doctor] So the pain started about four days ago?\n[patient] Yes.",
       {{FactKind::kDuration, "4"}},
       {}},
  });
}

TEST(ScribeExtract, SeveralPainsInOneVisit) {
  run_cases({{"two sites",
              "[patient] my right knee hurts and my lower back aches too\n[doctor] and your neck?\n[patient] "
              "no neck pain",
              {{FactKind::kPainSite, "knee", Side::kRight},
               {FactKind::kPainSite, "lower back"},
               {FactKind::kPainSite, "neck", Side::kUnspecified, true}},
              {}}});
}

TEST(ScribeExtract, ContextsThatAreNotFindings) {
  run_cases({
      {"safety netting",
       "[doctor] if you develop any weakness in your arms and legs, come back and see me",
       {},
       {{FactKind::kRedFlag, "progressive_weakness"}}},
      {"family history", "[patient] My mum has bad headaches", {}, {{FactKind::kPainSite, "head"}}},
      {"allergy",
       "[doctor] any allergies to medication?\n[patient] Um, only penicillin, I believe.",
       {},
       {{FactKind::kMedicine, "penicillin"}, {FactKind::kMedicine, "antibiotic"}}},
      {"examiner's hand",
       "[doctor] push your leg out against my hand does that hurt\n[patient] no",
       {},
       {{FactKind::kPainSite, "hand"}, {FactKind::kPainSite, "leg"}}},
  });
}

TEST(ScribeExtract, MedicinesExercisesActivitiesAndPlan) {
  run_cases({
      {"medicines",
       "[patient] i took some ibuprofen and i put some ice on it\n[doctor] I'll prescribe some mobic",
       {{FactKind::kMedicine, "ibuprofen"}, {FactKind::kMedicine, "meloxicam"}},
       {}},
      {"exercises by synonym",
       "[patient] can i do my squats and heel raises at the gym",
       {{FactKind::kExercise, "mini_squat"}, {FactKind::kExercise, "heel_raise"}},
       {}},
      {"aggravating", "[patient] it hurts when i walk", {{FactKind::kAggravating, "walking"}}, {}},
      {"easing",
       "[doctor] what have you tried for it?\n[patient] i iced it last night and kept it elevated",
       {{FactKind::kEasing, "ice"}, {FactKind::kEasing, "elevation"}},
       {}},
      {"limit",
       "[patient] i couldn't move my left arm any more",
       {{FactKind::kFunctionalLimit, "movement"}},
       {}},
      {"frequency",
       "[doctor] i want you to take that three times a day",
       {{FactKind::kPlanFrequency, "3/day"}},
       {}},
      {"frequency range",
       "[doctor] ice the knee three to four times a day",
       {{FactKind::kPlanFrequency, "3-4/day"}},
       {}},
      {"next visit",
       "[doctor] alright i will see you again in two weeks",
       {{FactKind::kNextVisit, "14"}},
       {}},
      {"every six hours",
       "[doctor] take ibuprofen six hundred milligrams every six hours",
       {{FactKind::kPlanFrequency, "4/day"}},
       {}},
      {"every six to eight hours",
       "[doctor] you can take that every six to eight hours as needed",
       {{FactKind::kPlanFrequency, "3-4/day"}},
       {}},
      {"a dose a day",
       "[doctor] i want to increase your lisinopril to 40 milligrams a day",
       {{FactKind::kPlanFrequency, "1/day"}},
       {}},
      {"once an hour",
       "[doctor] i want you to ice your knee once an hour for fifteen minutes",
       {{FactKind::kPlanFrequency, "1/hour"}},
       {}},
      {"next visit as a range",
       "[doctor] i'm gon na see you again in about three to four weeks",
       {{FactKind::kNextVisit, "21-28"}},
       {}},
      {"a visit only if not better is safety-netting",
       "[doctor] if you're still not better next week, come back and see me",
       {},
       {{FactKind::kNextVisit, "7"}}},
      {"program change",
       "[doctor] let's add bridges to your program",
       {{FactKind::kProgramChange, "bridge"}},
       {}},
  });
}

TEST(ScribeExtract, SpansCiteTheWordsAndTheirTime) {
  Transcript t;
  t.segments.push_back({Speaker::kPatient, 12.0, 15.5, "Well, my left knee hurts.", {}});
  auto fs = extract_facts(t, extract_vocab());
  ASSERT_EQ(fs.size(), 1u) << dump_facts(fs);
  ASSERT_EQ(fs[0].spans.size(), 1u);
  const Span& s = fs[0].spans[0];
  EXPECT_EQ(t.segments[0].text.substr(s.begin, s.end - s.begin), "knee");
  EXPECT_EQ(fs[0].side, Side::kLeft);
  EXPECT_EQ(fs[0].speaker, Speaker::kPatient);
  EXPECT_DOUBLE_EQ(*s.start_s, 12.0);
  EXPECT_DOUBLE_EQ(*s.end_s, 15.5);
}

TEST(ScribeExtract, PlainTextHasNoSpeakersAndStillNegates) {
  auto t = parse_plain_text("denies numbness\nthe pain is 3/10", "t.txt");
  ASSERT_TRUE(t);
  auto fs = extract_facts(*t, extract_vocab());
  EXPECT_NE(find_fact(fs, {FactKind::kRedFlag, "numbness_tingling", Side::kUnspecified, true}, false),
            nullptr)
      << dump_facts(fs);
  EXPECT_NE(find_fact(fs, {FactKind::kPainScore, "3"}, false), nullptr) << dump_facts(fs);
  for (const auto& f : fs) EXPECT_EQ(f.speaker, Speaker::kUnknown);
}

// A recognised visit: no speakers and no punctuation. "have you had any fever" is asked, never a fever
// reported; the answer the recogniser garbled gives no fact, and a denial heard gives the fever denied only.
TEST(ScribeExtract, AnUnpunctuatedQuestionWithoutSpeakersIsNoFinding) {
  auto garbled = parse_plain_text("have you had any fever\nthe old oak the", "visit.txt");
  ASSERT_TRUE(garbled);
  auto fs = extract_facts(*garbled, extract_vocab());
  for (const auto& f : fs) EXPECT_FALSE(f.kind == FactKind::kRedFlag && f.value == "fever") << dump_facts(fs);
  auto denied = parse_plain_text("have you had any fever\nno no fever", "visit.txt");
  ASSERT_TRUE(denied);
  fs = extract_facts(*denied, extract_vocab());
  for (const auto& f : fs) {
    if (f.kind != FactKind::kRedFlag || f.value != "fever") continue;
    EXPECT_TRUE(f.negated) << dump_facts(fs);
  }
  EXPECT_NE(find_fact(fs, {FactKind::kRedFlag, "fever", Side::kUnspecified, true}, false), nullptr)
      << dump_facts(fs);
  // A statement keeps its finding.
  auto stated = parse_plain_text("i have had a fever since monday", "visit.txt");
  ASSERT_TRUE(stated);
  fs = extract_facts(*stated, extract_vocab());
  EXPECT_NE(find_fact(fs, {FactKind::kRedFlag, "fever", Side::kUnspecified, false}, false), nullptr)
      << dump_facts(fs);
}

// Rules 3.8: a restarted answer is read once, a burning or stinging when passing urine is a urinary symptom
// and no bladder red flag, other people's symptoms are not the patient's, and a limp limits walking.
TEST(ScribeExtract, SweatingOfTheNightIsNightSweats) {
  run_cases({
      {"sweaty in bed",
       "[patient] i think i had a fever last night because i was really sweaty but i was already in bed",
       {{FactKind::kRedFlag, "night_sweats"}},
       {{FactKind::kSymptom, "sweating"}}},
      {"sweating through the night",
       "[patient] i keep waking up sweating, the sheets are soaked every night",
       {{FactKind::kRedFlag, "night_sweats"}},
       {}},
      {"sweaty in the day is a symptom",
       "[patient] I've been really sweaty all day at work",
       {{FactKind::kSymptom, "sweating"}},
       {{FactKind::kRedFlag, "night_sweats"}}},
      {"sweating denied at night",
       "[doctor] any sweating at night?\n[patient] no",
       {{FactKind::kRedFlag, "night_sweats", Side::kUnspecified, true}},
       {}},
  });
}

TEST(ScribeExtract, PainScoresAskedAsALevelSaidAsARangeOrWhereThePainGoes) {
  run_cases({
      {"a level asked",
       "[doctor] and what is your pain level today?\n[patient] i'd say my pain is about a four",
       {{FactKind::kPainScore, "4"}},
       {}},
      {"two numbers one after the other",
       "[doctor] what's the level of pain when you climb stairs?\n[patient] oh, like a six seven",
       {{FactKind::kPainScore, "6-7"}},
       {}},
      {"through",
       "[patient] it moves around, anywhere from three through eight out of 10",
       {{FactKind::kPainScore, "3-8"}},
       {}},
      {"where the pain goes after a score",
       "[patient] it's a seven out of ten in the morning and it comes down to like a two by lunch",
       {{FactKind::kPainScore, "7"}, {FactKind::kPainScore, "2"}},
       {}},
      {"a level late in a long answer",
       "[doctor] on a scale of zero to ten, how bad is it?\n[patient] well the first few days after I hurt "
       "it "
       "it was really bad, I couldn't do anything, but these days it's more like a five",
       {{FactKind::kPainScore, "5"}},
       {}},
      {"a count late in the answer is no score",
       "[doctor] on a scale of zero to ten, how bad is it?\n[patient] it's bad, really bad, it has been bad "
       "ever since I went to the gym and did a lot of squats, maybe 3 times a week",
       {},
       {{FactKind::kPainScore, "3"}}},
      {"a number after a score that is not where it goes",
       "[patient] it's a five out of ten and I take 2 tablets for it",
       {{FactKind::kPainScore, "5"}},
       {{FactKind::kPainScore, "2"}}},
  });
}

TEST(ScribeExtract, AnAgoDatesAnEventAndIsADurationOnlyOfTheComplaintsStart) {
  run_cases({
      {"a past episode dated",
       "[patient] it's the same pain that i had when i had kidney stones about two years ago",
       {},
       {{FactKind::kDuration, "730"}}},
      {"a family member's death dated",
       "[doctor] any family history?\n[patient] my father died of bowel cancer, like ten years ago.",
       {},
       {{FactKind::kDuration, "3650"}}},
      {"a visit dated",
       "[patient] i've had the pain on and off. i went to the er a few months ago.",
       {},
       {{FactKind::kDuration, "few months"}}},
      {"the complaint's start",
       "[patient] my headache started about a week ago",
       {{FactKind::kDuration, "7"}},
       {}},
      {"an injury's date",
       "[patient] i hurt my knee when i was skiing two weeks ago",
       {{FactKind::kDuration, "14"}},
       {}},
      {"the answer to when it began",
       "[doctor] and when did this happen?\n[patient] about four days ago.",
       {{FactKind::kDuration, "4"}},
       {}},
      {"the complaint told with what the patient was doing",
       "[patient] a bit of chest discomfort, i was doing some gardening, a couple of hours ago.",
       {{FactKind::kDuration, "0.083"}},
       {}},
      {"a span of time with its pain",
       "[patient] the pain has been there for the past three weeks",
       {{FactKind::kDuration, "21"}},
       {}},
  });
}

TEST(ScribeExtract, RulesOfVersion38) {
  run_cases({
      {"an answer restarted is read once",
       "[doctor] Do you have any allergies at all?\n[patient] Uh, not that I'm, not that I'm aware of.",
       {{FactKind::kPertinentNegative, "allergies", Side::kUnspecified, true}},
       {}},
      {"a restarted yes",
       "[doctor] Any nausea?\n[patient] I do, I do feel it in the mornings.",
       {{FactKind::kSymptom, "nausea"}},
       {{FactKind::kPertinentNegative, "nausea"}}},
      {"burning when passing urine denied is a urinary symptom denied",
       "[doctor] and no burning when you pass urine?\n[patient] no, not at all",
       {{FactKind::kPertinentNegative, "urinary_symptoms", Side::kUnspecified, true}},
       {{FactKind::kRedFlag, "bladder_change"}}},
      {"stinging when peeing reported",
       "[patient] it stings when I pee and I'm going all the time",
       {{FactKind::kSymptom, "urinary_symptoms"}},
       {{FactKind::kRedFlag, "bladder_change"}}},
      {"the bladder flag itself stays",
       "[doctor] any problems passing urine or controlling your bladder?\n[patient] no",
       {{FactKind::kRedFlag, "bladder_change", Side::kUnspecified, true}},
       {}},
      {"other people in general",
       "[patient] a lot of people at work have had a cough and a fever this month",
       {},
       {{FactKind::kSymptom, "cough"}, {FactKind::kRedFlag, "fever"}}},
      {"the clinician's other patients",
       "[doctor] some of my patients get swelling in the ankles after a long flight.",
       {},
       {{FactKind::kSymptom, "swelling"}}},
      {"a new clause after a comma ends a denial",
       "[doctor] Any temperatures or fevers?\n[patient] I haven't, I felt a bit hot and sweaty, but I didn't "
       "measure it.",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, false}},
       {}},
      {"without the comma the denial holds",
       "[doctor] Any temperatures or fevers?\n[patient] No. I don't think I felt feverish at all.",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, true}},
       {}},
      {"a denial that ends in a bare no",
       "[doctor] Any funny heartbeats or palpitations?\n[patient] Not that it, no.",
       {{FactKind::kRedFlag, "palpitations", Side::kUnspecified, true}},
       {}},
      {"a no, then what it spares",
       "[doctor] have you been experiencing any fever?\n[patient] Uh, not specifically apart from the "
       "dizziness.",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, true}, {FactKind::kSymptom, "dizziness"}},
       {}},
      {"a no about that sort of thing",
       "[doctor] any cough or sore throat or anything like that?\n[patient] Mmm, not those sort of symptoms, "
       "really.",
       {{FactKind::kPertinentNegative, "cough", Side::kUnspecified, true},
        {FactKind::kPertinentNegative, "sore_throat", Side::kUnspecified, true}},
       {}},
      {"a red swollen joint is the inflammatory flag",
       "[doctor] have you noticed any redness or swelling in your knees?\n[patient] no",
       {{FactKind::kRedFlag, "hot_swollen_joint", Side::kUnspecified, true}},
       {}},
      {"the clinician's summary of what aggravates it and their plan are no evidence",
       "[doctor] so it's worse when you walk and we'll get you back to work.",
       {},
       {{FactKind::kAggravating, "walking"}, {FactKind::kGoal, "work"}}},
      {"the clinician's question answered is",
       "[doctor] does it hurt when you walk?\n[patient] yes, it does",
       {{FactKind::kAggravating, "walking"}},
       {}},
      {"a limp limits walking",
       "[patient] i'm still limping a bit when i get up in the morning",
       {{FactKind::kFunctionalLimit, "walking"}},
       {}},
      {"no limp is no limit",
       "[doctor] any limp?\n[patient] no, I walk fine",
       {},
       {{FactKind::kFunctionalLimit, "walking"}}},
      {"a medicine the clinician may need later is no medicine of the visit",
       "[doctor] if the cough is no better by friday we may need to give you some antibiotics.",
       {},
       {{FactKind::kMedicine, "antibiotic"}}},
      {"a medicine the clinician says is not needed",
       "[doctor] I don't think you need anything like antibiotics, just plenty of fluids.",
       {},
       {{FactKind::kMedicine, "antibiotic"}}},
      {"a medicine prescribed stays",
       "[doctor] I'll prescribe some antibiotics, amoxicillin three times a day for a week.",
       {{FactKind::kMedicine, "amoxicillin"}},
       {}},
      {"vitamins as nutrients are no medicine",
       "[doctor] with the diarrhoea you're losing minerals and vitamins, so drink plenty.",
       {},
       {{FactKind::kMedicine, "multivitamin"}}},
  });
}

// Symptoms of a review of systems in everyday words (rules 3.8): each said by the patient is found, each
// denied is a pertinent negative.
TEST(ScribeExtract, ReviewOfSystemsInEverydayWords) {
  run_cases({
      {"hoarse voice", "[patient] my voice has gone really hoarse", {{FactKind::kSymptom, "hoarseness"}}, {}},
      {"bloated", "[patient] I feel bloated after every meal", {{FactKind::kSymptom, "bloating"}}, {}},
      {"tremor", "[patient] my hands shake when I hold a cup", {{FactKind::kSymptom, "tremor"}}, {}},
      {"thirst", "[patient] I'm thirsty all the time", {{FactKind::kSymptom, "thirst"}}, {}},
      {"snoring", "[patient] I snore really loudly", {{FactKind::kSymptom, "snoring"}}, {}},
      {"coughing up phlegm",
       "[patient] I've been coughing up green phlegm",
       {{FactKind::kSymptom, "cough"}, {FactKind::kSymptom, "sputum"}},
       {}},
      {"worried about something is no anxiety",
       "[patient] I'm worried it might be broken",
       {},
       {{FactKind::kSymptom, "anxiety"}}},
      {"panicky", "[patient] I've been on edge and panicky all week", {{FactKind::kSymptom, "anxiety"}}, {}},
      {"ringing", "[patient] I get a ringing in my left ear", {{FactKind::kSymptom, "tinnitus"}}, {}},
      {"hearing", "[patient] I can't hear as well as I used to", {{FactKind::kSymptom, "hearing_loss"}}, {}},
      {"sick to the stomach denied",
       "[doctor] do you feel sick to your stomach?\n[patient] no",
       {{FactKind::kPertinentNegative, "nausea", Side::kUnspecified, true}},
       {}},
      {"concentration",
       "[patient] I can't concentrate at work",
       {{FactKind::kSymptom, "poor_concentration"}},
       {}},
  });
}

// Rules of version 3.24. A bare answer answers the last question of an unpunctuated turn; a cue that opens
// a question of its own ("are you", "do you") starts it, where a list's "any" continues the one before.
// Passing urine often is urinary frequency (a symptom), not a bladder red flag.
TEST(ScribeExtract, RulesOfVersion324) {
  run_cases({
      {"a new question answered yes",
       "[doctor] any nausea vomiting or diarrhea or anything like that are you peeing a whole lot\n"
       "[patient] yeah i'm going all the time",
       {{FactKind::kSymptom, "urinary_frequency"}},
       {{FactKind::kSymptom, "nausea"},
        {FactKind::kSymptom, "vomiting"},
        {FactKind::kSymptom, "diarrhoea"},
        {FactKind::kRedFlag, "bladder_change"}}},
      {"a new question answered no",
       "[doctor] any nausea or vomiting do you have a fever\n[patient] no",
       {{FactKind::kRedFlag, "fever", Side::kUnspecified, true}},
       {{FactKind::kPertinentNegative, "nausea"}, {FactKind::kPertinentNegative, "vomiting"}}},
      {"a list continued by any is one question",
       "[doctor] have you been short of breath or any problems sleeping\n[patient] no",
       {{FactKind::kRedFlag, "shortness_of_breath", Side::kUnspecified, true}},
       {}},
      {"urinating more often",
       "[patient] i've been urinating a lot more often lately",
       {{FactKind::kSymptom, "urinary_frequency"}},
       {{FactKind::kRedFlag, "bladder_change"}}},
  });
}

// Rules of version 3.25. Other people asked about ("have you been around anyone unwell with diarrhea") are
// not the patient (ConText's experiencer: others); a comparison ("not as pronounced as") negates nothing.
TEST(ScribeExtract, RulesOfVersion325) {
  run_cases({
      {"someone else's symptom",
       "[doctor] have you been around anyone unwell with diarrhea recently\n[patient] not that i know of",
       {},
       {{FactKind::kSymptom, "diarrhoea"}, {FactKind::kPertinentNegative, "diarrhoea"}}},
      {"anyone else",
       "[doctor] is anyone else at home coughing\n[patient] no",
       {},
       {{FactKind::kSymptom, "cough"}, {FactKind::kPertinentNegative, "cough"}}},
      {"a comparison is no negation",
       "[patient] the vomiting is not as bad as the diarrhea",
       {{FactKind::kSymptom, "vomiting"}, {FactKind::kSymptom, "diarrhoea"}},
       {{FactKind::kPertinentNegative, "vomiting"}, {FactKind::kPertinentNegative, "diarrhoea"}}},
      {"the patient's own denial still counts",
       "[doctor] any diarrhea\n[patient] no",
       {{FactKind::kPertinentNegative, "diarrhoea", Side::kUnspecified, true}},
       {}},
  });
}

TEST(ScribeExtract, RulesOfVersion326) {
  run_cases({
      {"an answer that says when is a yes",
       "[doctor] do you feel short of breath?\n[patient] uh, just when i'm doing the projects.",
       {{FactKind::kRedFlag, "shortness_of_breath"}},
       {}},
      {"an answer that says how often is a yes",
       "[doctor] any numbness in your feet?\n[patient] every now and then.",
       {{FactKind::kRedFlag, "numbness_tingling"}},
       {}},
      {"not usually is a no",
       "[doctor] do you get any nausea?\n[patient] not usually.",
       {{FactKind::kPertinentNegative, "nausea", Side::kUnspecified, true}},
       {{FactKind::kSymptom, "nausea"}}},
      {"a count is not answered by yes or no",
       "[doctor] how often have you been coughing over the past year?\n[patient] only when it's cold out.",
       {},
       {{FactKind::kSymptom, "cough"},
        {FactKind::kPertinentNegative, "cough"},
        {FactKind::kDuration, "365"}}},
  });
}

TEST(ScribeExtract, RulesOfVersion327) {
  run_cases({
      {"the clinician palpating",
       "[doctor] you've got tenderness over your right shoulder.",
       {},
       {{FactKind::kPainSite, "shoulder"}}},
      {"the clinician's assessment",
       "[doctor] so for my assessment and plan. your right foot pain is from a fracture of the midfoot.",
       {},
       {{FactKind::kPainSite, "foot"}}},
      {"the patient's own words still count",
       "[doctor] so for my assessment and plan, let's go over it.\n[patient] my right shoulder hurts when i "
       "lift.",
       {{FactKind::kPainSite, "shoulder", Side::kRight}},
       {}},
  });
}

TEST(ScribeExtract, RulesOfVersion328) {
  run_cases({
      {"never injured before is no earlier injury",
       "[patient] i've never injured that right elbow before.",
       {{FactKind::kPertinentNegative, "injury", Side::kUnspecified, true}},
       {{FactKind::kSymptom, "injury"}}},
      {"asked, and the answer says never before",
       "[doctor] have you ever injured this ankle before?\n[patient] i had other injuries in school but i've "
       "never injured this ankle before.",
       {{FactKind::kPertinentNegative, "injury", Side::kUnspecified, true}},
       {}},
      {"a complaint never had before is new, not denied",
       "[patient] i've never had dizziness like this before.",
       {{FactKind::kSymptom, "dizziness"}},
       {{FactKind::kPertinentNegative, "dizziness"}}},
  });
}

TEST(ScribeExtract, RulesOfVersion329) {
  run_cases({
      {"nausea in other words",
       "[patient] i just feel like i need to vomit.",
       {{FactKind::kSymptom, "nausea"}},
       {}},
      {"a running nose", "[patient] my nose is running all day.", {{FactKind::kSymptom, "runny_nose"}}, {}},
      {"weight gained",
       "[patient] i've gained some weight since the summer.",
       {{FactKind::kSymptom, "weight_gain"}},
       {}},
      {"muscle pain asked and denied",
       "[doctor] any muscle pains?\n[patient] no.",
       {{FactKind::kPertinentNegative, "muscle_ache", Side::kUnspecified, true}},
       {}},
      {"cannot eat",
       "[patient] i've not been able to eat very much.",
       {{FactKind::kSymptom, "loss_of_appetite"}},
       {}},
  });
}

TEST(ScribeExtract, RulesOfVersion330) {
  run_cases({
      {"the clinician tells what the patient endorsed",
       "[doctor] i know that you were endorsing some nasal congestion from the pollen.",
       {{FactKind::kSymptom, "nasal_congestion"}},
       {}},
      {"commas between the verb and the symptom",
       "[doctor] and you're endorsing this, you know, nausea.",
       {{FactKind::kSymptom, "nausea"}},
       {}},
      {"the clinician's own summary is still not evidence",
       "[doctor] so you've had some nasal congestion.",
       {},
       {{FactKind::kSymptom, "nasal_congestion"}}},
  });
}

TEST(ScribeExtract, RulesOfVersion331) {
  run_cases({
      {"birth control names no particular method",
       "[patient] i'm on the birth control that my gynecologist gave me.",
       {{FactKind::kMedicine, "contraceptive"}},
       {{FactKind::kMedicine, "combined_oral_contraceptive"}}},
      {"the pill is the combined pill",
       "[patient] i take the pill, microgynon.",
       {{FactKind::kMedicine, "combined_oral_contraceptive"}},
       {{FactKind::kMedicine, "contraceptive"}}},
      {"contraception asked about is no medicine",
       "[doctor] are you using any contraception at the moment?",
       {},
       {{FactKind::kMedicine, "contraceptive"}}},
  });
}

TEST(ScribeExtract, RulesOfVersion333) {
  run_cases({
      {"an injury told with its day dates the complaint",
       "[doctor] can you tell me a little bit more about that?\n[patient] yeah, we were on a walk yesterday "
       "and i "
       "stepped off the curb and landed on it wrong.",
       {{FactKind::kOnset, "yesterday"}},
       {}},
      {"a day corrected as it is said is the later one",
       "[doctor] and how did this happen?\n[patient] i was playing volleyball yesterday, uh last night, and "
       "i "
       "fell on my arm.",
       {{FactKind::kOnset, "last night"}},
       {{FactKind::kOnset, "yesterday"}}},
      {"waking up with it dates it",
       "[patient] i woke up this morning with a pain in my neck.",
       {{FactKind::kOnset, "this morning"}},
       {}},
      {"a day without the complaint's start is no onset",
       "[patient] i saw my doctor yesterday and he sent me here.",
       {},
       {{FactKind::kOnset, "yesterday"}}},
      {"today in an injury story is the visit",
       "[patient] i came in today because i twisted my knee.",
       {},
       {{FactKind::kOnset, "today"}}},
      {"since mid-day",
       "[patient] i've had a terrible headache since mid-day.",
       {{FactKind::kOnset, "mid-day"}},
       {}},
  });
}

}  // namespace
}  // namespace physio::scribe
