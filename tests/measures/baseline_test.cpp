// Change against baseline over a patient's series: which response is the baseline (first valid of the
// episode, else first valid ever), the flag both ways across the MCID with its numbers and source, the
// MDC noted (also where there is no MCID), and the stored JSON form of a score.
#include <gtest/gtest.h>

#include "measures/change.hpp"
#include "measures_test_util.hpp"

namespace physio::measures {
namespace {

using test::Answers;
using test::instrument;
using test::repeat;

constexpr TimeUs kDay = 86'400'000'000;

TimedScore odi_response(const std::string& id, int day, double sum_of_50, const std::string& episode = "") {
  Answers a = repeat(0.0, 10);
  double left = sum_of_50;
  for (auto& v : a) {
    v = std::min(5.0, left);
    left -= *v;
  }
  return {id, day * kDay, episode, *score(instrument("odi"), a)};
}

TimedScore invalid_odi(const std::string& id, int day, const std::string& episode = "") {
  // Two sections answered: below the ODI's minimum, so no score.
  Answers a = repeat(std::nullopt, 10);
  a[0] = 3.0;
  a[1] = 3.0;
  auto s = *score(instrument("odi"), a);
  EXPECT_FALSE(s.valid);
  return {id, day * kDay, episode, s};
}

TEST(Baseline, FirstValidResponseOfTheEpisodeIsTheBaseline) {
  // Episode e1: an invalid first response, then 40 % (baseline), then 28 %: 12 points better, MCID 10.
  std::vector<TimedScore> rs = {odi_response("old", 1, 5, "e0"), invalid_odi("bad", 10, "e1"),
                                odi_response("b", 11, 20, "e1"), odi_response("c", 40, 14, "e1")};
  auto cmp = compare_with_baseline(instrument("odi"), rs, 3);
  ASSERT_TRUE(cmp.has_value());
  EXPECT_EQ(cmp->baseline_id, "b");
  EXPECT_EQ(cmp->baseline_us, 11 * kDay);
  EXPECT_EQ(cmp->scope, "episode");
  ASSERT_EQ(cmp->scores.size(), 1u);
  const auto& s = cmp->scores.front();
  EXPECT_EQ(s.flag, "improved");
  EXPECT_TRUE(s.flagged);
  EXPECT_DOUBLE_EQ(s.change.baseline, 40.0);
  EXPECT_DOUBLE_EQ(s.change.current, 28.0);
  EXPECT_DOUBLE_EQ(s.change.change, -12.0);
  EXPECT_EQ(s.change.mcid, 10.0);
  EXPECT_NE(s.mcid_source.find("Ostelo"), std::string::npos);
  EXPECT_NE(s.text.find("40 % -> 28 %: 12 % better; passes the MCID of 10"), std::string::npos) << s.text;
  EXPECT_NE(s.text.find("(MCID: Ostelo"), std::string::npos) << s.text;
  // The baseline itself and the invalid response are not compared.
  EXPECT_FALSE(compare_with_baseline(instrument("odi"), rs, 2).has_value());
  EXPECT_FALSE(compare_with_baseline(instrument("odi"), rs, 1).has_value());
  // Out of range index.
  EXPECT_FALSE(compare_with_baseline(instrument("odi"), rs, 9).has_value());
}

TEST(Baseline, WithoutAnEpisodeTheFirstValidResponseEverIsTheBaseline) {
  // Listed out of time order: the baseline is the earliest by time, not by position.
  std::vector<TimedScore> rs = {odi_response("late", 30, 25), odi_response("first", 2, 20, "e1"),
                                invalid_odi("earlier_invalid", 1)};
  auto cmp = compare_with_baseline(instrument("odi"), rs, 0);
  ASSERT_TRUE(cmp.has_value());
  EXPECT_EQ(cmp->baseline_id, "first");
  EXPECT_EQ(cmp->scope, "all");
  const auto& s = cmp->scores.front();
  EXPECT_EQ(s.flag, "worsened");  // 40 % -> 50 %: 10 worse, exactly the MCID
  EXPECT_TRUE(s.flagged);
  EXPECT_NE(s.text.find("clinically important deterioration"), std::string::npos) << s.text;
}

TEST(Baseline, SmallerThanTheMcidIsNotFlagged) {
  std::vector<TimedScore> rs = {odi_response("a", 1, 20), odi_response("b", 9, 16)};  // 40 -> 32 %
  auto cmp = compare_with_baseline(instrument("odi"), rs, 1);
  ASSERT_TRUE(cmp.has_value());
  EXPECT_EQ(cmp->scores.front().flag, "within_mcid");
  EXPECT_FALSE(cmp->scores.front().flagged);
  EXPECT_DOUBLE_EQ(cmp->scores.front().change.improvement, 8.0);
}

TEST(Baseline, NprsWorseningByTwoPointsIsFlagged) {
  // NPRS lower is better, MCID 2 (Childs 2005): 3 -> 5 is a clinically important worsening, 3 -> 4 is not.
  auto n = [](const std::string& id, int day, double v) {
    return TimedScore{id, day * kDay, "", *score(instrument("nprs"), Answers{v})};
  };
  std::vector<TimedScore> rs = {n("a", 1, 3), n("b", 2, 4), n("c", 3, 5), n("d", 4, 1)};
  EXPECT_EQ(compare_with_baseline(instrument("nprs"), rs, 1)->scores.front().flag, "within_mcid");
  auto worse = compare_with_baseline(instrument("nprs"), rs, 2)->scores.front();
  EXPECT_EQ(worse.flag, "worsened");
  EXPECT_DOUBLE_EQ(worse.change.change, 2.0);
  EXPECT_NE(worse.mcid_source.find("Childs"), std::string::npos);
  EXPECT_EQ(compare_with_baseline(instrument("nprs"), rs, 3)->scores.front().flag, "improved");
}

TEST(Baseline, TugHasNoMcidButItsMdcIsNoted) {
  auto t = [](const std::string& id, int day, double s) {
    return TimedScore{id, day * kDay, "", *score(instrument("tug"), Answers{s})};
  };
  std::vector<TimedScore> rs = {t("a", 1, 14.0), t("b", 20, 11.5)};
  auto s = compare_with_baseline(instrument("tug"), rs, 1)->scores.front();
  EXPECT_EQ(s.flag, "no_mcid");
  EXPECT_FALSE(s.flagged);
  EXPECT_EQ(s.change.mdc, 1.14);
  EXPECT_TRUE(s.change.beyond_mdc);  // 2.5 s faster
  EXPECT_NE(s.mdc_source.find("Alghadir"), std::string::npos);
  EXPECT_TRUE(s.mcid_source.empty());
  EXPECT_NE(s.text.find("no MCID for this score; at or beyond the MDC of 1.14"), std::string::npos) << s.text;
}

TEST(Baseline, KoosSubscalesAreEachCompared) {
  Answers base = repeat(2.0, 42);  // every subscale 50
  Answers now = repeat(1.0, 42);   // every subscale 75
  std::vector<TimedScore> rs = {{"a", 0, "", *score(instrument("koos"), base)},
                                {"b", kDay, "", *score(instrument("koos"), now)}};
  auto cmp = compare_with_baseline(instrument("koos"), rs, 1);
  ASSERT_TRUE(cmp.has_value());
  ASSERT_EQ(cmp->scores.size(), 5u);
  for (const auto& s : cmp->scores) {
    EXPECT_EQ(s.flag, "improved") << s.change.score;
    EXPECT_DOUBLE_EQ(s.change.change, 25.0) << s.change.score;
  }
}

TEST(ScoreJson, RoundTripsTheEngineOutput) {
  Answers a = repeat(1.0, 10);
  a[9] = std::nullopt;
  auto s = *score(instrument("odi"), a);
  auto text = score_to_json(s);
  EXPECT_NE(text.find(R"("scores":{"total":20.0})"), std::string::npos) << text;
  auto back = score_from_json(text, answers_to_json(a));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->instrument, "odi");
  EXPECT_EQ(back->value("total"), s.value("total"));
  EXPECT_EQ(back->missing, s.missing);
  EXPECT_EQ(back->valid, s.valid);
  EXPECT_EQ(back->answers, a);
  EXPECT_EQ(answers_to_json(a), "[1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,null]");
  EXPECT_FALSE(score_from_json("{", "[]"));
  EXPECT_FALSE(score_from_json(R"({"scores":{"total":"x"}})", "[]"));
  EXPECT_FALSE(score_from_json(R"({"scores":{}})", R"({"a":1})"));
}

}  // namespace
}  // namespace physio::measures
