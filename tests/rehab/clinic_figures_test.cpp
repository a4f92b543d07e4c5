#include "rehab/clinic_figures.hpp"

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

TEST(ClinicFigures, AdherenceIsSpreadOverFourBandsWithTheMedian) {
  const auto s = adherence_spread({0.0, 24.9, 25.0, 49.0, 50.0, 79.9, 80.0, 100.0, 100.0});
  EXPECT_EQ(s.programs, 9);
  EXPECT_EQ(s.below_25, 2);
  EXPECT_EQ(s.from_25_to_50, 2);
  EXPECT_EQ(s.from_50_to_80, 2);
  EXPECT_EQ(s.from_80, 3);
  ASSERT_TRUE(s.median_pct);
  EXPECT_DOUBLE_EQ(*s.median_pct, 50.0);
  EXPECT_DOUBLE_EQ(*adherence_spread({10.0, 30.0}).median_pct, 20.0);
  EXPECT_FALSE(adherence_spread({}).median_pct);
}

TEST(ClinicFigures, MissedVisitsCountOnlyVisitsThatWereDueInTheWindow) {
  const std::vector<VisitOutcome> v{{100, "noshow"},    {200, "fulfilled"}, {300, "arrived"},
                                    {400, "cancelled"}, {500, "booked"},    {900, "noshow"}};
  const auto m = missed_visits(v, 100, 900);  // [100, 900): the last no-show is outside
  EXPECT_EQ(m.missed, 1);
  EXPECT_EQ(m.kept, 2);
  ASSERT_TRUE(m.missed_pct);
  EXPECT_NEAR(*m.missed_pct, 100.0 / 3.0, 1e-12);
  EXPECT_FALSE(missed_visits({{100, "cancelled"}}, 0, 1000).missed_pct);
}

}  // namespace
}  // namespace physio::rehab
