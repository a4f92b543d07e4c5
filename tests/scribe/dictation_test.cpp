// Dictation as suggestions with numbers written as numbers and uncertain words marked, and the guard that
// never raises a red flag the transcript itself denies (docs/server/visit-capture.md).
#include <string>

#include <gtest/gtest.h>

#include "scribe/dictation.hpp"
#include "scribe/extract.hpp"
#include "scribe/suggest.hpp"

namespace physio::scribe {
namespace {

TEST(NumbersAsDigits, SpokenNumbersBecomeNumbers) {
  EXPECT_EQ(numbers_as_digits("knee flexion one hundred and ten degrees"), "knee flexion 110 degrees");
  EXPECT_EQ(numbers_as_digits("three sets of twelve"), "3 sets of 12");
  EXPECT_EQ(numbers_as_digits("twenty-one days"), "21 days");
  EXPECT_EQ(numbers_as_digits("twenty one days"), "21 days");
  EXPECT_EQ(numbers_as_digits("ninety five"), "95");
  EXPECT_EQ(numbers_as_digits("a hundred metres"), "100 metres");
  EXPECT_EQ(numbers_as_digits("two thousand and five"), "2005");
  EXPECT_EQ(numbers_as_digits("two thousand three hundred and forty"), "2340");
  EXPECT_EQ(numbers_as_digits("seven point five kilos"), "7.5 kilos");
  EXPECT_EQ(numbers_as_digits("six and a half weeks"), "6.5 weeks");
  EXPECT_EQ(numbers_as_digits("pain seven out of ten"), "pain 7/10");
  EXPECT_EQ(numbers_as_digits("eighty percent of the range"), "80 % of the range");
  EXPECT_EQ(numbers_as_digits("fifty per cent"), "50 %");
  EXPECT_EQ(numbers_as_digits("zero"), "0");
}

TEST(NumbersAsDigits, WordsThatAreNotNumbersStay) {
  // A lone "one" or "a" is a pronoun or an article as often as a number.
  EXPECT_EQ(numbers_as_digits("the one on the left"), "the one on the left");
  EXPECT_EQ(numbers_as_digits("one set of ten"), "1 set of 10");
  EXPECT_EQ(numbers_as_digits("a little better and then some"), "a little better and then some");
  // "and" is part of a number only between its parts.
  EXPECT_EQ(numbers_as_digits("one hundred and then"), "100 and then");
  EXPECT_EQ(numbers_as_digits("five and six"), "5 and 6");
  // Punctuation ends a number and is kept.
  EXPECT_EQ(numbers_as_digits("twenty, thirty."), "20, 30.");
  EXPECT_EQ(numbers_as_digits("already 110 degrees"), "already 110 degrees");
  EXPECT_EQ(numbers_as_digits("point taken"), "point taken");
  EXPECT_EQ(numbers_as_digits(""), "");
}

Segment utterance(std::vector<std::pair<const char*, double>> words, double start) {
  Segment s;
  s.start_s = start;
  for (const auto& [w, c] : words) {
    if (!s.text.empty()) s.text += ' ';
    s.text += w;
    s.words.push_back({w, start, start + 0.3, c});
    start += 0.4;
  }
  s.end_s = start;
  return s;
}

TEST(DictationSuggestions, EachUtteranceIsASuggestionOfItsSection) {
  Transcript t;
  t.segments = {utterance({{"knee", 0.9},
                           {"flexion", 0.4},
                           {"one", 0.9},
                           {"hundred", 0.9},
                           {"and", 0.8},
                           {"ten", 0.9},
                           {"degrees", 0.9}},
                          1.0),
                utterance({}, 5.0), utterance({{"continue", 0.9}, {"the", 0.9}, {"program", 0.95}}, 6.0)};
  const auto j = dictation_suggestions_to_json(t, "O");
  ASSERT_EQ(j.size(), 2U);  // the empty utterance gives none
  EXPECT_EQ(j[0]["sentence"], "Knee flexion 110 degrees.");
  EXPECT_EQ(j[0]["section"], "O");
  EXPECT_EQ(j[0]["kind"], "dictation");
  EXPECT_EQ(j[0]["red_flag"], false);
  EXPECT_TRUE(j[0]["decision"].is_null());
  EXPECT_EQ(j[0]["segment"], 0);
  ASSERT_EQ(j[0]["uncertain"].size(), 1U);
  EXPECT_EQ(j[0]["uncertain"][0]["word"], "flexion");
  EXPECT_DOUBLE_EQ(j[0]["uncertain"][0]["confidence"].get<double>(), 0.4);
  EXPECT_EQ(j[1]["sentence"], "Continue the program.");
  EXPECT_EQ(j[1]["segment"], 2);
  EXPECT_EQ(j[1]["index"], 1);
  EXPECT_TRUE(j[1]["uncertain"].empty());
  EXPECT_DOUBLE_EQ(j[1]["start_s"].get<double>(), 6.0);
}

// --- the guard against a red flag the transcript denies -------------------------------------------------

Transcript fever_dialogue() {
  Transcript t;
  t.speakers_known = true;
  Segment q;
  q.speaker = Speaker::kClinician;
  q.text = "have you had any fever?";
  Segment a;
  a.speaker = Speaker::kPatient;
  a.text = "no, no fever.";
  t.segments = {q, a};
  return t;
}

Fact fever_reported(std::size_t segment, std::size_t begin, std::size_t end) {
  Fact f;
  f.kind = FactKind::kRedFlag;
  f.value = "fever";
  f.said = "fever";
  f.speaker = Speaker::kClinician;
  f.spans = {Span{segment, begin, end, std::nullopt, std::nullopt}};
  return f;
}

TEST(DeniedRedFlag, AFeverTheAnswerDeniesIsNeverRaised) {
  const Transcript t = fever_dialogue();
  // A reported fever cited on the question's word (what a wrong polarity looks like).
  const auto j = suggestions_to_json({fever_reported(0, 17, 22)}, t);
  ASSERT_EQ(j.size(), 1U);
  EXPECT_EQ(j[0]["sentence"], "Denies fever.");
  EXPECT_EQ(j[0]["negated"], true);
  EXPECT_EQ(j[0]["segment"], 1);  // cites the denial: "no fever"
  EXPECT_EQ(t.segments[1].text.substr(j[0]["begin"].get<std::size_t>(),
                                      j[0]["end"].get<std::size_t>() - j[0]["begin"].get<std::size_t>()),
            "no fever");
  for (const auto& s : j) EXPECT_EQ(s["sentence"].get<std::string>().find("Reports"), std::string::npos);
}

TEST(DeniedRedFlag, AHeldDenialIsNotRepeated) {
  const Transcript t = fever_dialogue();
  Fact denied = fever_reported(1, 7, 12);
  denied.negated = true;
  const auto facts = apply_transcript_denials({fever_reported(0, 17, 22), denied}, t);
  ASSERT_EQ(facts.size(), 1U);
  EXPECT_TRUE(facts[0].negated);
}

TEST(DeniedRedFlag, AnAffirmedOrUnrelatedAnswerKeepsTheFlag) {
  Transcript t = fever_dialogue();
  t.segments[1].text = "yes, a fever since sunday, no chills.";
  auto facts = apply_transcript_denials({fever_reported(0, 17, 22)}, t);
  ASSERT_EQ(facts.size(), 1U);
  EXPECT_FALSE(facts[0].negated);
  t.segments[1].text = "I'm not sure, maybe a fever";  // doubt is not a denial
  EXPECT_FALSE(apply_transcript_denials({fever_reported(0, 17, 22)}, t)[0].negated);
  t.segments[1].text = "no but the fever came back";  // "but" ends the denial's reach
  EXPECT_FALSE(apply_transcript_denials({fever_reported(0, 17, 22)}, t)[0].negated);
  // The clinician's own words deny nothing ("no fever?" is a question).
  t.segments[1].text = "yes";
  t.segments[0].text = "no fever?";
  EXPECT_FALSE(apply_transcript_denials({fever_reported(0, 3, 8)}, t)[0].negated);
}

TEST(DeniedRedFlag, FromTheDialogueThroughExtraction) {
  auto vocab = default_vocabulary();
  ASSERT_TRUE(vocab) << vocab.error().to_string();
  auto t = parse_tagged_dialogue("[doctor] have you had any fever?\n[patient] no, no fever.", "case");
  ASSERT_TRUE(t) << t.error().to_string();
  const auto j = suggestions_to_json(extract_facts(*t, **vocab), *t);
  for (const auto& s : j)
    EXPECT_EQ(s["sentence"].get<std::string>().find("Reports fever"), std::string::npos) << s.dump();
}

}  // namespace
}  // namespace physio::scribe
