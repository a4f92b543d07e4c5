// Closure days and series that meet them: a booking on a closed day refused naming the day and why, a
// weekly series leaving the closed date out and naming it (never as booked), the one confirmation's lines,
// the closure list's limits, and the check a whole calendar is held to.
#include <gtest/gtest.h>

#include "zone_fixture.hpp"

#include "core/civil_date.hpp"
#include "schedule/booking.hpp"
#include "schedule/series.hpp"

namespace physio::schedule {
namespace {

using test::lisbon;
using test::utc;

const TimeUs kClosuresNow = utc("2026-11-25", 12, 0);

std::vector<Closure> christmas() {
  return {{*days_from_iso_date("2026-12-24"), "Christmas Eve"},
          {*days_from_iso_date("2026-12-25"), "Christmas Day"},
          {*days_from_iso_date("2026-12-31"), "New Year's Eve"}};
}

BookingContext closures_context() {
  BookingContext ctx;
  ctx.now_us = kClosuresNow;
  ctx.offset = lisbon;
  ctx.closures = christmas();
  return ctx;
}

TEST(Closures, ABookingOnAClosedDayIsRefusedNamingTheDayAndWhy) {
  const auto problems = check_booking({"", "p1", "c1", utc("2026-12-24", 10, 0), 30}, closures_context());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, ProblemKind::kClinicClosed);
  EXPECT_EQ(problems[0].field, "start");
  EXPECT_EQ(problems[0].message, "the clinic is closed on Thu 24 Dec 2026 (Christmas Eve)");
  EXPECT_EQ(http_status(problems[0].kind), 422);
  EXPECT_EQ(to_string(problems[0].kind), "clinic_closed");
  // Confirming outside working hours does not open a closed clinic.
  EXPECT_EQ(check_booking({"", "p1", "c1", utc("2026-12-24", 10, 0), 30}, closures_context(),
                          {.outside_hours_ok = true})
                .size(),
            1u);
  // The days around it are open.
  EXPECT_TRUE(check_booking({"", "p1", "c1", utc("2026-12-23", 10, 0), 30}, closures_context()).empty());
}

TEST(Closures, TheClosedDayIsTheClinicsLocalDay) {
  // 23:30 UTC on 30 June is 00:30 on 1 July in Lisbon (summer time).
  auto ctx = closures_context();
  ctx.now_us = utc("2026-06-01", 0, 0);
  ctx.closures = {{*days_from_iso_date("2026-07-01"), "staff training"}};
  EXPECT_EQ(check_booking({"", "p1", "c1", utc("2026-06-30", 23, 30), 30}, ctx).size(), 1u);
  EXPECT_TRUE(check_booking({"", "p1", "c1", utc("2026-06-30", 22, 30), 30}, ctx).empty());
}

TEST(Closures, AVisitThatHappenedOnAClosedDayCanBeEnteredAfterTheFact) {
  auto ctx = closures_context();
  ctx.now_us = utc("2027-01-05", 12, 0);
  EXPECT_TRUE(
      check_booking({"", "p1", "c1", utc("2026-12-24", 10, 0), 30}, ctx, {.back_entry = true}).empty());
  // A back entry does not book a future closed day.
  ctx.closures.push_back({*days_from_iso_date("2027-04-02"), "Good Friday"});
  EXPECT_EQ(check_booking({"", "p1", "c1", utc("2027-04-02", 10, 0), 30}, ctx, {.back_entry = true}).size(),
            1u);
}

TEST(Closures, AWeeklySeriesLeavesTheClosedDateOutAndNamesIt) {
  // Weekly x6 from Thursday 3 December 2026: the fourth Thursday is Christmas Eve.
  const auto plan = plan_series(utc("2026-12-03", 9, 0), {.every_weeks = 1, .count = 6}, christmas(), lisbon);
  ASSERT_EQ(plan.starts.size() + plan.skipped.size(), 6u);
  ASSERT_EQ(plan.skipped.size(), 2u);  // 24 and 31 December
  EXPECT_EQ(plan.skipped[0].start_us, utc("2026-12-24", 9, 0));
  EXPECT_EQ(plan.skipped[0].reason, "the clinic is closed (Christmas Eve)");
  EXPECT_EQ(plan.skipped[1].reason, "the clinic is closed (New Year's Eve)");
  for (const TimeUs s : plan.starts) {
    EXPECT_NE(s, utc("2026-12-24", 9, 0));
    EXPECT_NE(s, utc("2026-12-31", 9, 0));
  }
  // The first date itself may be closed: then it is skipped like the others.
  const auto from_eve =
      plan_series(utc("2026-12-24", 9, 0), {.every_weeks = 1, .count = 3}, christmas(), lisbon);
  ASSERT_EQ(from_eve.starts.size(), 1u);
  EXPECT_EQ(from_eve.starts[0], utc("2027-01-07", 9, 0));
}

TEST(Closures, TheSeriesSummaryNamesEveryBookedDateAndEachSkippedDateWithItsReason) {
  const auto plan = plan_series(utc("2026-12-03", 9, 0), {.every_weeks = 1, .count = 6}, christmas(), lisbon);
  const std::string text = series_summary(plan.starts, 30, plan.skipped, lisbon);
  EXPECT_EQ(text,
            "  - Thu 3 Dec 2026 09:00-09:30\n"
            "  - Thu 10 Dec 2026 09:00-09:30\n"
            "  - Thu 17 Dec 2026 09:00-09:30\n"
            "  - Thu 7 Jan 2027 09:00-09:30\n"
            "Not booked:\n"
            "  - Thu 24 Dec 2026: the clinic is closed (Christmas Eve)\n"
            "  - Thu 31 Dec 2026: the clinic is closed (New Year's Eve)\n");
  // Without a skipped date, no "Not booked" line.
  EXPECT_EQ(series_summary({utc("2026-12-03", 9, 0)}, 45, {}, lisbon), "  - Thu 3 Dec 2026 09:00-09:45\n");
}

TEST(Closures, TheListNamesAWrongEntry) {
  EXPECT_EQ(closures_problem(christmas()), "");
  auto twice = christmas();
  twice.push_back({*days_from_iso_date("2026-12-25"), "again"});
  EXPECT_EQ(closures_problem(twice), "closure 4 (2026-12-25): the day is listed twice");
  EXPECT_EQ(closures_problem({{*days_from_iso_date("2027-01-01"), ""}}),
            "closure 1 (2027-01-01): say why the clinic is closed, in 1 to 100 characters");
  std::vector<Closure> many;
  for (std::int64_t d = 0; d < static_cast<std::int64_t>(kMaxClosures) + 1; ++d)
    many.push_back({20'000 + d, "x"});
  EXPECT_EQ(closures_problem(many), "at most 400 closure days");
}

TEST(Closures, ACalendarIsCheckedForDoubleBookingsAndOddTimes) {
  const std::vector<Booking> fine = {{"a1", "p1", "c1", utc("2026-12-01", 9, 0), 30, "booked"},
                                     {"a2", "p2", "c1", utc("2026-12-01", 9, 30), 30, "booked"},
                                     {"a3", "p1", "c2", utc("2026-12-01", 9, 30), 30, "cancelled"}};
  EXPECT_TRUE(calendar_problems(fine, lisbon).empty());
  auto doubled = fine;
  doubled.push_back({"a4", "p3", "c1", utc("2026-12-01", 9, 15), 30, "booked"});
  doubled.push_back({"a5", "p1", "c2", utc("2026-12-01", 9, 20), 20, "arrived"});
  doubled.push_back({"a6", "p4", "c3", utc("2026-12-01", 7, 6), 45, "booked"});
  const auto problems = calendar_problems(doubled, lisbon);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "appointment a6 starts at Tue 1 Dec 2026 07:06-07:51, off the 5-minute grid");
  EXPECT_EQ(problems[1],
            "clinician c1 is booked twice: Tue 1 Dec 2026 09:00-09:30 and Tue 1 Dec 2026 09:15-09:45");
  EXPECT_EQ(problems[2],
            "patient p1 is booked twice: Tue 1 Dec 2026 09:00-09:30 and Tue 1 Dec 2026 09:20-09:40");
  EXPECT_EQ(problems[3],
            "clinician c1 is booked twice: Tue 1 Dec 2026 09:15-09:45 and Tue 1 Dec 2026 09:30-10:00");
}

}  // namespace
}  // namespace physio::schedule
