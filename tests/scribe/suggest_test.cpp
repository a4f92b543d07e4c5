// Fact suggestions in the words a clinician signs: from dialogue lines like the shared consultations'
// (PriMock57, ACI-BENCH, CC BY 4.0) through extraction to the proposed sentence and its section.
#include <string>

#include <gtest/gtest.h>

#include "scribe/extract.hpp"
#include "scribe/suggest.hpp"

namespace physio::scribe {
namespace {

struct SuggestCase {
  const char* dialogue;
  FactKind kind;
  const char* section;
  const char* sentence;
};

class SuggestFromDialogue : public ::testing::TestWithParam<SuggestCase> {};

TEST_P(SuggestFromDialogue, ProposesTheSentenceInItsSection) {
  const auto& c = GetParam();
  auto vocab = default_vocabulary();
  ASSERT_TRUE(vocab) << vocab.error().to_string();
  auto t = parse_tagged_dialogue(c.dialogue, "case");
  ASSERT_TRUE(t) << t.error().to_string();
  const auto facts = extract_facts(*t, **vocab);
  const Fact* found = nullptr;
  for (const auto& f : facts)
    if (f.kind == c.kind) found = found ? found : &f;
  ASSERT_NE(found, nullptr) << "no " << fact_kind_name(c.kind) << " in: " << c.dialogue;
  const auto s = suggest(*found, *t);
  EXPECT_EQ(s.section, c.section);
  EXPECT_EQ(s.sentence, c.sentence);
  EXPECT_EQ(s.red_flag, c.kind == FactKind::kRedFlag);
}

INSTANTIATE_TEST_SUITE_P(
    Consultations, SuggestFromDialogue,
    ::testing::Values(
        SuggestCase{"[doctor] how bad is the pain out of ten\n[patient] about a six", FactKind::kPainScore,
                    "S", "Pain 6/10."},
        SuggestCase{"[doctor] how bad is the pain out of ten\n[patient] maybe six or seven",
                    FactKind::kPainScore, "S", "Pain about 6-7/10 (said with doubt)."},
        SuggestCase{
            "[patient] honestly it is like twelve out of ten", FactKind::kPainScore, "S",
            "Rates the pain \"twelve out of ten\" (outside the 0-10 scale; not recorded as a score)."},
        SuggestCase{"[patient] i have pain in my left knee", FactKind::kPainSite, "S",
                    "Pain in the left knee."},
        SuggestCase{"[doctor] any numbness or tingling\n[patient] no", FactKind::kRedFlag, "S",
                    "Denies numbness or tingling."},
        SuggestCase{"[patient] i have had a fever since yesterday", FactKind::kRedFlag, "S",
                    "Reports fever: a red flag; consider medical review."},
        SuggestCase{"[patient] it has been hurting for three weeks", FactKind::kDuration, "S",
                    "Symptoms for 3 weeks."},
        SuggestCase{"[doctor] how long has this been going on\n[patient] it's been a week now",
                    FactKind::kDuration, "S", "Symptoms for 7 days."},
        SuggestCase{"[patient] the pain started on saturday, so about four, five days ago",
                    FactKind::kDuration, "S", "Symptoms for 4 to 5 days."},
        SuggestCase{"[patient] the pain came on three or four months ago", FactKind::kDuration, "S",
                    "Symptoms for 3 to 4 months."},
        SuggestCase{"[patient] the pain is worse going up stairs", FactKind::kAggravating, "S",
                    "Worse with stairs."},
        SuggestCase{"[patient] just taking some ibuprofen just for some swelling", FactKind::kMedicine, "S",
                    "Takes ibuprofen."},
        SuggestCase{"[doctor] do those exercises three times a day", FactKind::kPlanFrequency, "P",
                    "Plan: 3 times a day (\"three times a day\")."},
        SuggestCase{"[doctor] ice your knee once an hour for fifteen minutes", FactKind::kPlanFrequency, "P",
                    "Plan: once an hour (\"once an hour\")."},
        SuggestCase{"[doctor] i will see you again in two weeks", FactKind::kNextVisit, "P",
                    "Next visit in 2 weeks."}));

TEST(DictatedSentence, CapitalisesEndsAndAppliesSpokenPunctuation) {
  EXPECT_EQ(dictated_sentence("left knee flexion improved"), "Left knee flexion improved.");
  EXPECT_EQ(dictated_sentence("pain reduced full stop continue the program"),
            "Pain reduced. Continue the program.");
  EXPECT_EQ(dictated_sentence("i reviewed squats comma bridges"), "I reviewed squats, bridges.");
  EXPECT_EQ(dictated_sentence("   "), "");
}

TEST(SpanTimes, TakesTheWordsTimesWhenTheTextIsItsWords) {
  Segment s;
  s.text = "pain in my knee";
  s.start_s = 1.0;
  s.end_s = 3.0;
  const char* w[] = {"pain", "in", "my", "knee"};
  for (int i = 0; i < 4; ++i) s.words.push_back({w[i], 1.0 + 0.5 * i, 1.4 + 0.5 * i, 0.9});
  auto [a, b] = span_times(s, 11, 15);  // "knee"
  ASSERT_TRUE(a && b);
  EXPECT_DOUBLE_EQ(*a, 2.5);
  EXPECT_DOUBLE_EQ(*b, 2.9);
  s.words.pop_back();  // the words no longer make the text: the segment's span
  auto [c, d] = span_times(s, 11, 15);
  EXPECT_DOUBLE_EQ(*c, 1.0);
  EXPECT_DOUBLE_EQ(*d, 3.0);
}

}  // namespace
}  // namespace physio::scribe
