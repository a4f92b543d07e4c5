#include "billing/eight_minute.hpp"

#include <gtest/gtest.h>

#include "billing/files.hpp"
#include "common/test_data.hpp"

namespace physio::billing {
namespace {

// Minutes -> units, the table in Medicare Claims Processing Manual, Chapter 5, section 20.2
// (8 through 22 minutes = 1 unit, 23-37 = 2, 38-52 = 3, 53-67 = 4, 68-82 = 5, 83-97 = 6, ...).
struct UnitsRow {
  int minutes;
  int units;
};

class EightMinuteTable : public ::testing::TestWithParam<UnitsRow> {};

TEST_P(EightMinuteTable, TotalUnits) {
  EXPECT_EQ(units_for_timed_minutes(GetParam().minutes), GetParam().units);
}

INSTANTIATE_TEST_SUITE_P(CmsTable, EightMinuteTable,
                         ::testing::Values(UnitsRow{0, 0}, UnitsRow{7, 0}, UnitsRow{8, 1}, UnitsRow{15, 1},
                                           UnitsRow{22, 1}, UnitsRow{23, 2}, UnitsRow{37, 2}, UnitsRow{38, 3},
                                           UnitsRow{52, 3}, UnitsRow{53, 4}, UnitsRow{67, 4}, UnitsRow{68, 5},
                                           UnitsRow{82, 5}, UnitsRow{83, 6}, UnitsRow{97, 6},
                                           UnitsRow{98, 7}));

struct AllocationCase {
  const char* name;
  std::vector<TimedService> services;
  int total_units;
  std::vector<int> units;  // per service, input order
};

class EightMinuteAllocation : public ::testing::TestWithParam<AllocationCase> {};

TEST_P(EightMinuteAllocation, UnitsPerCode) {
  const auto& c = GetParam();
  auto r = compute_eight_minute_units(c.services, {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->total_units, c.total_units) << c.name;
  ASSERT_EQ(r->timed.size(), c.units.size());
  for (std::size_t i = 0; i < c.units.size(); ++i)
    EXPECT_EQ(r->timed[i].units, c.units[i]) << c.name << " " << r->timed[i].code;
}

// Cases modelled on the worked examples of the Medicare Claims Processing Manual, Chapter 5, section 20.2.
INSTANTIATE_TEST_SUITE_P(
    CmsExamples, EightMinuteAllocation,
    ::testing::Values(
        // 33 min therapeutic exercise + 7 min manual therapy = 40 min -> 3 units: 2 + 1 (the 7-minute code
        // gets a unit because its leftover, 7, is larger than the exercise's leftover, 3).
        AllocationCase{"33+7", {{"97110", 33}, {"97140", 7}}, 3, {2, 1}},
        // 24 min neuromuscular re-education + 23 min therapeutic exercise = 47 min -> 3 units: 2 + 1.
        AllocationCase{"24+23", {{"97112", 24}, {"97110", 23}}, 3, {2, 1}},
        // 18 + 13 + 10 + 8 = 49 min -> 3 units: 97110 has a whole block, the two units left go to the
        // largest leftovers (13 and 10 min); the 8-minute service gets none.
        AllocationCase{
            "18+13+10+8", {{"97110", 18}, {"97140", 13}, {"97116", 10}, {"97530", 8}}, 3, {1, 1, 1, 0}},
        // 7 + 7 = 14 min -> 1 unit: tie on leftover and total minutes, the code listed first gets it.
        AllocationCase{"7+7 tie", {{"97112", 7}, {"97110", 7}}, 1, {1, 0}},
        // 5 min alone -> below 8 minutes, no unit.
        AllocationCase{"5 alone", {{"97110", 5}}, 0, {0}},
        // 15 + 15 = 30 min -> 2 units, one each (whole blocks, nothing left over).
        AllocationCase{"15+15", {{"97110", 15}, {"97140", 15}}, 2, {1, 1}},
        // 8 + 8 + 8 = 24 min -> 2 units for three codes each under 15 min: the first two listed.
        AllocationCase{"8+8+8", {{"97110", 8}, {"97112", 8}, {"97140", 8}}, 2, {1, 1, 0}},
        // 38 min of one code -> 3 units.
        AllocationCase{"38 one code", {{"97530", 38}}, 3, {3}}));

TEST(EightMinute, TieOnLeftoverGoesToTheLongerService) {
  // 22 and 7 min: leftovers 7 and 7, total 29 -> 2 units; whole blocks give 97110 one, the tie on leftover is
  // broken by total minutes, so 97110 gets the second unit too.
  auto r = compute_eight_minute_units({{"97140", 7}, {"97110", 22}}, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total_units, 2);
  EXPECT_EQ(r->timed[0].units, 0);
  EXPECT_EQ(r->timed[1].units, 2);
}

TEST(EightMinute, UntimedCodesAreOneUnitWhateverTheTime) {
  auto cat = load_cpt_catalog(physio::test::source_dir() / "data/coding/cpt.json");
  ASSERT_TRUE(cat);
  auto r = compute_visit_units(*cat, {{"97162", 50}, {"97110", 20}, {"G0283", 15}});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->total_timed_minutes, 20);
  EXPECT_EQ(r->total_units, 1);
  ASSERT_EQ(r->untimed.size(), 2u);
  EXPECT_EQ(r->untimed[0].code, "97162");
  EXPECT_EQ(r->untimed[0].units, 1);
  EXPECT_EQ(r->untimed[1].units, 1);
}

TEST(EightMinute, Errors) {
  EXPECT_FALSE(compute_eight_minute_units({{"97110", -1}}, {}));
  EXPECT_FALSE(compute_eight_minute_units({{"97110", 10}, {"97110", 5}}, {}));
  auto cat = load_cpt_catalog(physio::test::source_dir() / "data/coding/cpt.json");
  ASSERT_TRUE(cat);
  auto r = compute_visit_units(*cat, {{"99999", 10}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace physio::billing
