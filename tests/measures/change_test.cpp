// Change against baseline: the MCID (and MDC) in the instrument's better direction, both ways across the
// threshold; cut-off, band and norm interpretation.
#include <gtest/gtest.h>

#include "measures_test_util.hpp"

namespace physio::measures {
namespace {

using test::Answers;
using test::instrument;
using test::repeat;

Score odi_at(double total_of_50) {
  // Ten sections summing to `total_of_50` (whole numbers), all answered: percent = total x 2.
  Answers a = repeat(0.0, 10);
  double left = total_of_50;
  for (auto& v : a) {
    double take = std::min(5.0, left);
    v = take;
    left -= take;
  }
  return *score(instrument("odi"), a);
}

const ScoreChange& only(const ChangeReport& r) {
  EXPECT_EQ(r.changes.size(), 1u);
  return r.changes.front();
}

TEST(ChangeFlag, OdiLowerIsBetterAcrossTheMcid) {
  // ODI MCID 10 points (Ostelo et al. 2008).
  auto base = odi_at(20);                                            // 40 %
  auto improved = change_flag(instrument("odi"), base, odi_at(15));  // 30 %: 10 better
  EXPECT_EQ(only(improved).verdict, ChangeVerdict::kImproved);
  EXPECT_TRUE(only(improved).passes_mcid);
  EXPECT_DOUBLE_EQ(only(improved).change, -10.0);
  EXPECT_DOUBLE_EQ(only(improved).improvement, 10.0);
  EXPECT_EQ(only(improved).mcid, 10.0);
  EXPECT_NE(only(improved).text.find("40 % -> 30 %: 10 % better; passes the MCID of 10"), std::string::npos)
      << only(improved).text;

  auto small = change_flag(instrument("odi"), base, odi_at(16));  // 32 %: 8 better
  EXPECT_EQ(only(small).verdict, ChangeVerdict::kWithinMcid);
  EXPECT_FALSE(only(small).passes_mcid);

  auto worse = change_flag(instrument("odi"), base, odi_at(25));  // 50 %: 10 worse
  EXPECT_EQ(only(worse).verdict, ChangeVerdict::kWorsened);
  EXPECT_FALSE(only(worse).passes_mcid);
  EXPECT_NE(only(worse).text.find("clinically important deterioration"), std::string::npos);
}

TEST(ChangeFlag, LefsHigherIsBetterWithMdc) {
  // LEFS MCID = MDC = 9 points (Binkley et al. 1999).
  auto lefs = [](double each_of_20) { return *score(instrument("lefs"), repeat(each_of_20, 20)); };
  Answers a = repeat(2.0, 20);  // 40
  auto base = *score(instrument("lefs"), a);
  for (std::size_t i = 0; i < 9; ++i) a[i] = 3.0;  // 49: +9
  auto up9 = only(change_flag(instrument("lefs"), base, *score(instrument("lefs"), a)));
  EXPECT_EQ(up9.verdict, ChangeVerdict::kImproved);
  EXPECT_TRUE(up9.beyond_mdc);
  a[8] = 2.0;  // 48: +8
  auto up8 = only(change_flag(instrument("lefs"), base, *score(instrument("lefs"), a)));
  EXPECT_EQ(up8.verdict, ChangeVerdict::kWithinMcid);
  EXPECT_FALSE(up8.beyond_mdc);
  auto down = only(change_flag(instrument("lefs"), base, lefs(1.0)));  // 20: -20
  EXPECT_EQ(down.verdict, ChangeVerdict::kWorsened);
  EXPECT_TRUE(down.beyond_mdc);
}

TEST(ChangeFlag, KoosPerSubscaleAndMissingSubscale) {
  Answers base = repeat(2.0, 42);                               // every subscale 50
  Answers cur = repeat(1.0, 42);                                // every subscale 75
  for (std::size_t i = 33; i < 38; ++i) cur[i] = std::nullopt;  // Sport/Rec not answered
  auto rep =
      change_flag(instrument("koos"), *score(instrument("koos"), base), *score(instrument("koos"), cur));
  EXPECT_EQ(rep.changes.size(), 4u);
  for (const auto& ch : rep.changes) EXPECT_EQ(ch.verdict, ChangeVerdict::kImproved) << ch.score;
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_NE(rep.notes[0].find("Sport/Rec"), std::string::npos);
}

TEST(ChangeFlag, PerformanceTests) {
  // Gait speed MCID 0.10 m/s (Perera et al. 2006), both ways.
  auto g = [](double v) { return *score(instrument("gait_speed_10mwt"), {v}); };
  EXPECT_EQ(only(change_flag(instrument("gait_speed_10mwt"), g(0.70), g(0.80))).verdict,
            ChangeVerdict::kImproved);
  EXPECT_EQ(only(change_flag(instrument("gait_speed_10mwt"), g(0.70), g(0.75))).verdict,
            ChangeVerdict::kWithinMcid);
  EXPECT_EQ(only(change_flag(instrument("gait_speed_10mwt"), g(0.80), g(0.70))).verdict,
            ChangeVerdict::kWorsened);
  // TUG has an MDC (1.14 s, Alghadir et al. 2015) but no MCID.
  auto t = [](double v) { return *score(instrument("tug"), {v}); };
  auto tug = only(change_flag(instrument("tug"), t(14.0), t(12.5)));
  EXPECT_EQ(tug.verdict, ChangeVerdict::kNoMcid);
  EXPECT_TRUE(tug.beyond_mdc);
  EXPECT_DOUBLE_EQ(tug.improvement, 1.5);
  EXPECT_FALSE(only(change_flag(instrument("tug"), t(14.0), t(13.0))).beyond_mdc);
  // Berg MDC depends on the baseline (Donoghue & Stokes 2009): 7 from 25-34, 4 from 45-56.
  auto b = [](double each, double last) {
    Answers a = repeat(each, 14);
    a[13] = last;
    return *score(instrument("berg"), a);
  };
  auto from30 = only(change_flag(instrument("berg"), b(2.0, 4.0), b(2.0, 4.0)));  // 30 -> 30
  EXPECT_EQ(from30.mdc, 7.0);
  auto from43 = only(change_flag(instrument("berg"), b(3.0, 4.0), b(4.0, 4.0)));  // 43 -> 56
  EXPECT_EQ(from43.mdc, 5.0);
  EXPECT_TRUE(from43.beyond_mdc);
  auto high = only(change_flag(instrument("berg"), b(4.0, 0.0), b(4.0, 4.0)));  // 52 -> 56
  EXPECT_EQ(high.mdc, 4.0);
  EXPECT_TRUE(high.beyond_mdc);
}

bool has(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (l.find(part) != std::string::npos) return true;
  return false;
}

TEST(Interpret, CutoffsBandsAndNorms) {
  // TUG: STEADI >= 12 s at risk (CDC STEADI TUG); Shumway-Cook 2000 >= 13.5 s.
  auto tug = interpret(instrument("tug"), *score(instrument("tug"), {13.2}));
  EXPECT_TRUE(
      has(tug, "Timed Up and Go 13.2 s: at or above the STEADI fall-risk cut-off 12 s (at risk of falling)"))
      << tug.front();
  EXPECT_TRUE(has(tug, "below the Shumway-Cook fall-risk cut-off 13.5 s"));
  auto fast = interpret(instrument("tug"), *score(instrument("tug"), {9.0}));
  EXPECT_TRUE(has(fast, "9 s: below the STEADI fall-risk cut-off 12 s"));
  // ODI bands (Fairbank & Pynsent 2000): 32 % moderate; 20.5 % (prorated) stays minimal.
  EXPECT_TRUE(has(interpret(instrument("odi"), odi_at(16)), "moderate disability (21-40 %)"));
  Score prorated = *score(instrument("odi"), {5.0, 4.0, std::nullopt, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0});
  EXPECT_TRUE(has(interpret(instrument("odi"), prorated), "minimal disability")) << *prorated.value("total");
  EXPECT_TRUE(has(interpret(instrument("odi"), odi_at(50)), "bed-bound"));
  // Gait speed (Perry et al. 1995).
  auto gait = interpret(instrument("gait_speed_10mwt"), *score(instrument("gait_speed_10mwt"), {0.6}));
  EXPECT_TRUE(has(gait, "limited community ambulator"));
  // Berg < 45 (Berg et al. 1992).
  Answers berg = repeat(3.0, 14);  // 42
  EXPECT_TRUE(has(interpret(instrument("berg"), *score(instrument("berg"), berg)),
                  "below the Berg fall-risk cut-off 45"));
  // 30 s chair stand, STEADI below average: women 70-74 < 10, men 60-64 < 14.
  auto cs = [](double stands, double age, double sex) {
    return interpret(instrument("chair_stand_30s"),
                     *score(instrument("chair_stand_30s"), {stands, age, sex}));
  };
  EXPECT_TRUE(has(cs(9, 72, 2), "below average for women aged 70-74"));
  EXPECT_TRUE(has(cs(10, 72, 2), "not below average for women aged 70-74"));
  EXPECT_TRUE(has(cs(13, 62, 1), "below average for men aged 60-64"));
  EXPECT_TRUE(has(cs(14, 62, 1), "not below average for men"));
  EXPECT_TRUE(has(cs(14, 50, 1), "no STEADI below-average norm for age 50"));
  auto no_age = interpret(instrument("chair_stand_30s"), *score(instrument("chair_stand_30s"), {14.0}));
  EXPECT_TRUE(has(no_age, "age and sex not given"));
}

}  // namespace
}  // namespace physio::measures
