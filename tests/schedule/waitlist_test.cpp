// Who is offered a freed time: the longest waiting patient it suits (clinician, type, dates), never the
// patient who cancelled, nobody for a time already begun.
#include <gtest/gtest.h>

#include "zone_fixture.hpp"

#include "core/civil_date.hpp"
#include "schedule/waitlist.hpp"

namespace physio::schedule {
namespace {

using test::lisbon;
using test::utc;

const TimeUs kWaitNow = utc("2026-11-25", 12, 0);
const FreedTime kFreed{"p0", "c1", "follow_up", utc("2026-12-02", 10, 0)};

TEST(Waitlist, TheLongestWaitingPatientTheTimeSuitsIsOffered) {
  const std::vector<Waiter> list = {
      {"e1", "p1", "c2", "", {}, {}},                               // another clinician
      {"e2", "p2", "", "initial", {}, {}},                          // another type
      {"e3", "p3", "", "", *days_from_iso_date("2026-12-03"), {}},  // not before 3 Dec
      {"e4", "p4", "", "", {}, *days_from_iso_date("2026-12-01")},  // not after 1 Dec
      {"e5", "p5", "c1", "follow_up", *days_from_iso_date("2026-12-02"), *days_from_iso_date("2026-12-02")},
      {"e6", "p6", "", "", {}, {}}};
  const auto i = first_waiter_for(list, kFreed, kWaitNow, lisbon);
  ASSERT_TRUE(i);
  EXPECT_EQ(list[*i].entry_id, "e5");
}

TEST(Waitlist, NobodyWhenNoneSuitsOrTheTimeHasBegun) {
  EXPECT_FALSE(first_waiter_for({{"e1", "p0", "", "", {}, {}}}, kFreed, kWaitNow, lisbon));  // who cancelled
  EXPECT_FALSE(first_waiter_for({}, kFreed, kWaitNow, lisbon));
  EXPECT_FALSE(first_waiter_for({{"e1", "p1", "", "", {}, {}}}, kFreed, kFreed.start_us, lisbon));
  EXPECT_TRUE(first_waiter_for({{"e1", "p1", "", "", {}, {}}}, kFreed, kWaitNow, lisbon));
}

TEST(Waitlist, TheWindowIsTheClinicsLocalDay) {
  // 23:30 UTC on 30 June is 1 July in Lisbon.
  const FreedTime late{"p0", "c1", "", utc("2026-06-30", 23, 30)};
  const std::vector<Waiter> july = {{"e1", "p1", "", "", *days_from_iso_date("2026-07-01"), {}}};
  EXPECT_TRUE(first_waiter_for(july, late, utc("2026-06-01", 0, 0), lisbon));
}

}  // namespace
}  // namespace physio::schedule
