// Word error rate and its normalisation.
#include <gtest/gtest.h>

#include "scribe/wer.hpp"

namespace physio::scribe {
namespace {

constexpr double kWerTol = 1e-12;

TEST(ScribeWer, NormalisationIsTheStatedOne) {
  auto w =
      normalize_for_wer("Um, <UNSURE>Hello</UNSURE> Doctor! It's 10/10 - 7.5 mm-hmm uh-huh right-sided 1990");
  std::vector<std::string> expect = {"hello", "doctor",   "it's", "ten",     "ten",
                                     "seven", "point",    "five", "right",   "sided",
                                     "one",   "thousand", "nine", "hundred", "ninety"};
  EXPECT_EQ(w, expect);
}

TEST(ScribeWer, CountsSubstitutionsDeletionsInsertions) {
  auto c = compute_wer("no the knee hurts a lot", "the knees hurts a lot today");
  EXPECT_EQ(c.reference_words, 6u);
  EXPECT_EQ(c.substitutions, 1u);  // knee -> knees
  EXPECT_EQ(c.deletions, 1u);      // no
  EXPECT_EQ(c.insertions, 1u);     // today
  EXPECT_NEAR(c.wer(), 3.0 / 6.0, kWerTol);
  EXPECT_NEAR(compute_wer("Six out of ten.", "6 out of 10").wer(), 0.0, kWerTol);
  EXPECT_NEAR(compute_wer("no fever", "fever").wer(), 0.5, kWerTol);  // a dropped "no" is an error
  EXPECT_NEAR(compute_wer("", "").wer(), 0.0, kWerTol);
  EXPECT_NEAR(compute_wer("", "extra words").wer(), 2.0, kWerTol);
  auto all_wrong = compute_wer("a b", "");
  EXPECT_EQ(all_wrong.deletions, 2u);
  WerCounts sum = c;
  sum += all_wrong;
  EXPECT_EQ(sum.reference_words, 8u);
  EXPECT_NEAR(sum.wer(), 5.0 / 8.0, kWerTol);
}

TEST(ScribeWer, LongTranscriptsFitInMemory) {
  std::string ref, hyp;
  for (int i = 0; i < 4000; ++i) {
    ref += "word" + std::to_string(i % 50) + " ";
    hyp += (i % 10 == 0 ? "other " : "word" + std::to_string(i % 50) + " ");
  }
  auto c = compute_wer(ref, hyp);
  EXPECT_EQ(c.reference_words, 4000u);
  EXPECT_EQ(c.substitutions + c.deletions + c.insertions, 400u);
}

}  // namespace
}  // namespace physio::scribe
