// Scoring from the instruments' published scoring instructions and worked examples; every missing-item
// rule at just enough answered and at one too few; answers outside the options.
#include <gtest/gtest.h>

#include "measures_test_util.hpp"

namespace physio::measures {
namespace {

using test::Answers;
using test::instrument;
using test::kOneDecimalTol;
using test::kTableTol;
using test::repeat;

Score must_score(const std::string& id, const Answers& a) {
  auto s = score(instrument(id), a);
  if (!s) ADD_FAILURE() << s.error().to_string();
  return s.value_or(Score{});
}

// ---- NPRS: the answer is the score (0 no pain - 10 worst imaginable; Childs et al. 2005).
TEST(ScoreNprs, TheRatingIsTheScore) {
  auto s = must_score("nprs", {7.0});
  EXPECT_TRUE(s.valid);
  EXPECT_EQ(s.value("total"), 7.0);
  auto missing = must_score("nprs", {std::nullopt});
  EXPECT_FALSE(missing.valid);
  EXPECT_EQ(missing.missing, std::vector<std::string>{"pain"});
}

// ---- PSFS: mean of the 1-5 activities rated (Stratford et al. 1995).
TEST(ScorePsfs, MeanOfTheActivitiesRated) {
  auto three = must_score("psfs", {3.0, 5.0, 7.0});
  EXPECT_DOUBLE_EQ(*three.value("total"), 5.0);
  EXPECT_TRUE(three.missing.empty());    // activities 4 and 5 were not chosen, not missing
  auto one = must_score("psfs", {4.0});  // just enough: one activity
  EXPECT_TRUE(one.valid);
  EXPECT_DOUBLE_EQ(*one.value("total"), 4.0);
  auto gap = must_score("psfs", {4.0, std::nullopt, 6.0});
  EXPECT_DOUBLE_EQ(*gap.value("total"), 5.0);
  EXPECT_EQ(gap.missing, std::vector<std::string>{"activity_2"});
  auto none = must_score("psfs", {std::nullopt});  // one too few: no activity rated
  EXPECT_FALSE(none.valid);
  EXPECT_FALSE(none.value("total").has_value());
  EXPECT_FALSE(score(instrument("psfs"), {}));               // no activity at all
  EXPECT_FALSE(score(instrument("psfs"), Answers(6, 5.0)));  // more than 5
}

// ---- LEFS: sum of 20 items 0-4, 0-80 (Binkley et al. 1999).
TEST(ScoreLefs, SumOfTwentyItems) {
  EXPECT_EQ(must_score("lefs", repeat(4.0, 20)).value("total"), 80.0);
  EXPECT_EQ(must_score("lefs", repeat(0.0, 20)).value("total"), 0.0);
  Answers a = repeat(2.0, 20);
  a[0] = 4.0;
  a[19] = 1.0;
  EXPECT_EQ(must_score("lefs", a).value("total"), 41.0);  // 18 x 2 + 4 + 1
  // All 20 needed (no proration published): one missing is one too few.
  a[5] = std::nullopt;
  auto s = must_score("lefs", a);
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.missing, std::vector<std::string>{"lefs_6"});
  EXPECT_NE(s.reason.find("19 of 20"), std::string::npos) << s.reason;
}

// ---- ODI: sum / (5 x sections answered) x 100 (Fairbank & Pynsent 2000, scoring instructions: "16 (total
// scored) / 50 (total possible) x 100 = 32 %"; one section missed: "16 / 45 x 100 = 35.5 %").
TEST(ScoreOdi, PublishedWorkedExamples) {
  Answers all = {3.0, 2.0, 2.0, 1.0, 2.0, 2.0, 1.0, 0.0, 2.0, 1.0};  // 16
  EXPECT_NEAR(*must_score("odi", all).value("total"), 32.0, kTableTol);
  Answers one_missed = {3.0, 2.0, 2.0, 1.0, 2.0, 2.0, 1.0, std::nullopt, 2.0, 1.0};  // 16 over 9 sections
  auto s = must_score("odi", one_missed);
  EXPECT_NEAR(*s.value("total"), 35.5, kOneDecimalTol);
  EXPECT_NEAR(*s.value("total"), 16.0 / 45.0 * 100.0, kTableTol);
  EXPECT_EQ(s.missing, std::vector<std::string>{"odi_8"});
}

TEST(ScoreOdi, AtLeastEightSections) {
  Answers eight = {3.0, 2.0, std::nullopt, 1.0, 2.0, 2.0, 1.0, std::nullopt, 2.0, 1.0};  // 14 / 40
  auto ok = must_score("odi", eight);
  EXPECT_TRUE(ok.valid);
  EXPECT_NEAR(*ok.value("total"), 35.0, kTableTol);
  Answers seven = eight;
  seven[0] = std::nullopt;
  auto bad = must_score("odi", seven);
  EXPECT_FALSE(bad.valid);
  EXPECT_FALSE(bad.value("total").has_value());
  EXPECT_EQ(bad.missing.size(), 3u);
  EXPECT_NE(bad.reason.find("7 of 10 items answered, at least 8 needed"), std::string::npos) << bad.reason;
}

// ---- NDI: raw 0-50, x 2 = % (Vernon & Mior 1991); a missing item takes the mean of the others (Vernon).
TEST(ScoreNdi, PercentOfAnsweredMaximum) {
  Answers all = {2.0, 1.0, 2.0, 1.0, 3.0, 2.0, 2.0, 1.0, 2.0, 1.0};  // raw 17 -> 34 %
  EXPECT_NEAR(*must_score("ndi", all).value("total"), 34.0, kTableTol);
  Answers one = all;
  one[7] = std::nullopt;  // raw 16 over 9 items: (16 + 16/9) x 2 = 16/45 x 100
  EXPECT_NEAR(*must_score("ndi", one).value("total"), (16.0 + 16.0 / 9.0) * 2.0, kTableTol);
  Answers two = one;
  two[0] = std::nullopt;  // 8 answered: just enough
  EXPECT_TRUE(must_score("ndi", two).valid);
  Answers three = two;
  three[1] = std::nullopt;  // 7 answered: one too few
  EXPECT_FALSE(must_score("ndi", three).valid);
}

// ---- KOOS: each subscale 100 - mean x 25 (KOOS scoring 2012); at least half of a subscale's items.
// Published order: Symptoms S1-S7 (0-6), Pain P1-P9 (7-15), ADL A1-A17 (16-32), Sport/Rec SP1-SP5
// (33-37), QOL Q1-Q4 (38-41).
constexpr std::size_t kPain = 7, kAdl = 16, kSport = 33, kQol = 38;

TEST(ScoreKoos, SubscaleTransform) {
  auto none = must_score("koos", repeat(0.0, 42));
  for (const char* sub : {"symptoms", "pain", "adl", "sport_rec", "qol"})
    EXPECT_EQ(none.value(sub), 100.0) << sub;
  auto extreme = must_score("koos", repeat(4.0, 42));
  for (const char* sub : {"symptoms", "pain", "adl", "sport_rec", "qol"})
    EXPECT_EQ(extreme.value(sub), 0.0) << sub;
  Answers a = repeat(0.0, 42);
  double pain[] = {1, 2, 1, 0, 2, 1, 1, 0, 1};  // mean 1 -> 75
  for (std::size_t i = 0; i < 9; ++i) a[kPain + i] = pain[i];
  a[kQol] = 2.0;  // QOL 2,0,0,0: mean 0.5 -> 87.5
  a[kAdl] = 3.0;  // ADL one 3 in 17: 100 - 3/17 x 25
  auto s = must_score("koos", a);
  EXPECT_DOUBLE_EQ(*s.value("pain"), 75.0);
  EXPECT_DOUBLE_EQ(*s.value("qol"), 87.5);
  EXPECT_NEAR(*s.value("adl"), 100.0 - 3.0 / 17.0 * 25.0, kTableTol);
  EXPECT_TRUE(s.valid);
  EXPECT_TRUE(s.reason.empty());
}

TEST(ScoreKoos, HalfOfEachSubscale) {
  // 2012 rule: Pain 5 of 9, Symptoms 4 of 7, ADL 9 of 17, Sport/Rec 3 of 5, QOL 2 of 4.
  struct Case {
    const char* sub;
    std::size_t first, count, need;
  } cases[] = {{"symptoms", 0, 7, 4},
               {"pain", kPain, 9, 5},
               {"adl", kAdl, 17, 9},
               {"sport_rec", kSport, 5, 3},
               {"qol", kQol, 4, 2}};
  for (const auto& c : cases) {
    Answers a = repeat(1.0, 42);
    for (std::size_t i = c.need; i < c.count; ++i) a[c.first + i] = std::nullopt;  // just enough
    auto enough = must_score("koos", a);
    ASSERT_TRUE(enough.value(c.sub).has_value()) << c.sub;
    EXPECT_DOUBLE_EQ(*enough.value(c.sub), 75.0) << c.sub;
    a[c.first + c.need - 1] = std::nullopt;  // one too few
    auto few = must_score("koos", a);
    EXPECT_FALSE(few.value(c.sub).has_value()) << c.sub;
    // The other subscales are still reported (KOOS scoring 2012): valid, with the reason.
    EXPECT_TRUE(few.valid) << c.sub;
    EXPECT_NE(few.reason.find(std::to_string(c.need - 1) + " of"), std::string::npos) << few.reason;
  }
  auto empty = must_score("koos", repeat(std::nullopt, 42));
  EXPECT_FALSE(empty.valid);
  EXPECT_EQ(empty.missing.size(), 42u);
}

// ---- KOOS JR: raw sum 0-28 -> interval score through the published table (Lyman et al. 2016).
TEST(ScoreKoosJr, ConversionTableEndsAndMiddle) {
  EXPECT_NEAR(*must_score("koos_jr", repeat(0.0, 7)).value("total"), 100.0, kTableTol);  // raw 0
  EXPECT_NEAR(*must_score("koos_jr", repeat(4.0, 7)).value("total"), 0.0, kTableTol);    // raw 28
  EXPECT_NEAR(*must_score("koos_jr", {1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}).value("total"), 91.975,
              kTableTol);  // 1
  EXPECT_NEAR(*must_score("koos_jr", {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}).value("total"), 68.284,
              kTableTol);  // 7
  // Raw 15 (2,2,1,3,2,2,3): 50.012, as in the PACIO FHIR sample KOOSJRExample1 with these answers.
  EXPECT_NEAR(*must_score("koos_jr", {2.0, 2.0, 1.0, 3.0, 2.0, 2.0, 3.0}).value("total"), 50.012, kTableTol);
  EXPECT_NEAR(*must_score("koos_jr", {2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0}).value("total"), 52.465,
              kTableTol);  // 14
  EXPECT_NEAR(*must_score("koos_jr", {4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0}).value("total"), 8.291,
              kTableTol);  // 27
  // The table decreases strictly: more problems, lower score.
  const auto& table = instrument("koos_jr").scores.front().lookup;
  ASSERT_EQ(table.size(), 29u);
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i], table[i - 1]) << i;
}

TEST(ScoreKoosJr, AllSevenNeeded) {
  auto s = must_score("koos_jr", {1.0, 1.0, 1.0, std::nullopt, 1.0, 1.0, 1.0});
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.missing, std::vector<std::string>{"koosjr_4"});
}

// ---- QuickDASH: ((sum / n) - 1) x 25, at least 10 of 11 (IWH scoring instructions; Beaton 2005).
TEST(ScoreQuickDash, FormulaAndTenOfEleven) {
  EXPECT_EQ(must_score("quickdash", repeat(1.0, 11)).value("total"), 0.0);
  EXPECT_EQ(must_score("quickdash", repeat(5.0, 11)).value("total"), 100.0);
  EXPECT_EQ(must_score("quickdash", repeat(3.0, 11)).value("total"), 50.0);
  Answers a = {2.0, 3.0, 1.0, 4.0, 2.0, 3.0, 1.0, 2.0, 3.0, 2.0, 1.0};  // sum 24: (24/11 - 1) x 25
  EXPECT_NEAR(*must_score("quickdash", a).value("total"), (24.0 / 11.0 - 1.0) * 25.0, kTableTol);
  a[10] = std::nullopt;  // 10 answered, sum 23: just enough
  auto ten = must_score("quickdash", a);
  EXPECT_TRUE(ten.valid);
  EXPECT_NEAR(*ten.value("total"), (23.0 / 10.0 - 1.0) * 25.0, kTableTol);
  a[0] = std::nullopt;  // 9 answered: one too few
  auto nine = must_score("quickdash", a);
  EXPECT_FALSE(nine.valid);
  EXPECT_NE(nine.reason.find("at least 10 needed"), std::string::npos) << nine.reason;
}

// ---- Berg: sum of 14 items 0-4 (Berg et al. 1992); all 14 needed.
TEST(ScoreBerg, SumAndAllItems) {
  Answers a = repeat(3.0, 14);
  a[13] = 1.0;
  EXPECT_EQ(must_score("berg", a).value("total"), 40.0);
  a[2] = std::nullopt;
  EXPECT_FALSE(must_score("berg", a).valid);
}

// ---- Performance tests: the measured value is the score.
TEST(ScorePerformance, MeasuredValues) {
  EXPECT_DOUBLE_EQ(*must_score("tug", {13.2}).value("total"), 13.2);
  EXPECT_DOUBLE_EQ(*must_score("gait_speed_10mwt", {0.75}).value("total"), 0.75);
  EXPECT_DOUBLE_EQ(*must_score("six_minute_walk", {412.0}).value("total"), 412.0);
  EXPECT_DOUBLE_EQ(*must_score("five_times_sts", {11.9}).value("total"), 11.9);
  auto cs = must_score("chair_stand_30s", {12.0, std::nullopt, std::nullopt});  // age and sex are optional
  EXPECT_TRUE(cs.valid);
  EXPECT_TRUE(cs.missing.empty());
  EXPECT_FALSE(must_score("tug", {std::nullopt}).valid);
}

// ---- Answers outside an item's options are errors naming the item.
TEST(ScoreErrors, OutOfRangeAnswersNameTheItem) {
  struct Case {
    const char* id;
    Answers answers;
    const char* expect;
  } cases[] = {
      {"odi",
       {0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
       "odi item odi_3 (lifting, answer 3): 6 is not one"},
      {"quickdash", {0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}, "quickdash item qd_1"},
      {"nprs", {11.0}, "nprs item pain"},
      {"psfs", {10.5}, "psfs item activity_1"},
      {"koos_jr", {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0}, "koos_jr item koosjr_7"},
      {"tug", {-1.0}, "tug item time_s (time, answer 1): -1 is outside 0 to 600 s"},
      {"chair_stand_30s",
       {12.5},
       "chair_stand_30s item stands (full stands in 30 s, answer 1): 12.5 must be a whole"},
      {"chair_stand_30s", {12.0, 70.0, 3.0}, "chair_stand_30s item sex"},
  };
  for (const auto& c : cases) {
    auto r = score(instrument(c.id), c.answers);
    ASSERT_FALSE(r) << c.id;
    EXPECT_EQ(r.error().code(), ErrorCode::kOutOfRange);
    EXPECT_NE(r.error().message().find(c.expect), std::string::npos) << r.error().message();
  }
  auto count = score(instrument("odi"), repeat(1.0, 9));
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code(), ErrorCode::kOutOfRange);
  EXPECT_NE(count.error().message().find("odi takes 10 answers"), std::string::npos)
      << count.error().message();
}

}  // namespace
}  // namespace physio::measures
