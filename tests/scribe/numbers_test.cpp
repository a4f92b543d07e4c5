// Spoken numbers and ranges.
#include <gtest/gtest.h>

#include "scribe/numbers.hpp"

namespace physio::scribe {
namespace {

constexpr double kNumberTol = 1e-9;

TEST(ScribeNumbers, WordsDigitsAndRanges) {
  struct NumberCase {
    const char* text;
    bool article;
    double low, high;
    std::size_t n_tokens;
  };
  const NumberCase cases[] = {
      {"six", false, 6, 6, 1},
      {"twenty one days", false, 21, 21, 2},
      {"twenty-one", false, 21, 21, 1},
      {"seven and a half", false, 7.5, 7.5, 4},
      {"7.5 out of 10", false, 7.5, 7.5, 1},
      {"six or seven", false, 6, 7, 3},
      {"six or a seven", false, 6, 7, 4},
      {"6-7", false, 6, 7, 3},
      {"five to six", false, 5, 6, 3},
      {"between five and six", false, 5, 6, 4},
      {"a week", true, 1, 1, 1},
      {"a couple of weeks", true, 2, 2, 3},
      {"seven or six", false, 7, 7, 1},  // a falling pair is not a range
  };
  for (const auto& c : cases) {
    auto toks = tokenize_words(c.text);
    auto r = parse_range_at(toks, 0, toks.size(), c.article);
    ASSERT_TRUE(r) << c.text;
    EXPECT_NEAR(r->low, c.low, kNumberTol) << c.text;
    EXPECT_NEAR(r->high, c.high, kNumberTol) << c.text;
    EXPECT_EQ(r->n_tokens, c.n_tokens) << c.text;
  }
  for (const char* none : {"a week", "knee", "between five", "half"}) {
    auto toks = tokenize_words(none);
    if (std::string(none) == "half") {
      auto h = parse_number_at(toks, 0, toks.size());
      ASSERT_TRUE(h);
      EXPECT_NEAR(h->value, 0.5, kNumberTol);
      continue;
    }
    EXPECT_FALSE(parse_range_at(toks, 0, toks.size(), false)) << none;
  }
  EXPECT_EQ(format_number(7.5), "7.5");
  EXPECT_EQ(format_number(0.0833333), "0.083");
  EXPECT_EQ(format_number(0.125), "0.125");
  EXPECT_EQ(format_range(6, 7), "6-7");
  EXPECT_EQ(format_range(4, 4), "4");
}

TEST(ScribeNumbers, TokensKeepOffsets) {
  auto toks = tokenize_words("It's 6/10, co-codamol; don’t");
  ASSERT_EQ(toks.size(), 8u);
  EXPECT_EQ(toks[0].text, "it's");
  EXPECT_EQ(toks[1].text, "6");
  EXPECT_EQ(toks[2].text, "/");
  EXPECT_EQ(toks[3].text, "10");
  EXPECT_EQ(toks[5].text, "co-codamol");
  EXPECT_EQ(toks[5].begin, 11u);
  EXPECT_EQ(toks[7].text, "don't");
  auto sentences = split_sentences(tokenize_words("Any fever? No. OK"));
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_TRUE(sentences[0].question);
  EXPECT_FALSE(sentences[1].question);
}

}  // namespace
}  // namespace physio::scribe
