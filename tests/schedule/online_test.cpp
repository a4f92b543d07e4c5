// A patient's own booking: the free times of a clinician (inside working hours, not closed, no clash, at
// least the online notice ahead), and refusals worded for the patient that never name another patient.
#include <gtest/gtest.h>

#include "zone_fixture.hpp"

#include "core/civil_date.hpp"
#include "schedule/online.hpp"

namespace physio::schedule {
namespace {

using test::lisbon;
using test::utc;

const TimeUs kOnlineNow = utc("2026-11-25", 12, 0);  // Wednesday, noon (Lisbon = UTC in winter)

BookingContext online_context() {
  BookingContext ctx;
  ctx.now_us = kOnlineNow;
  ctx.offset = lisbon;
  ctx.hours = {{3, 9 * 60, 11 * 60}, {4, 9 * 60, 10 * 60}};  // Thursday 09-11, Friday 09-10
  ctx.patient_name = [](std::string_view id) {
    return id == "p1" ? std::string("Ana Costa") : std::string("Rui Lopes");
  };
  ctx.clinician_name = [](std::string_view id) {
    return id == "c1" ? std::string("Marta Silva") : std::string("João Reis");
  };
  return ctx;
}

const OnlineRules kOn{.enabled = true, .notice_min = 24 * 60};

TEST(Online, FreeTimesAreInsideHoursWithoutClashesAndAfterTheNotice) {
  auto ctx = online_context();
  ctx.nearby.push_back({"a1", "p2", "c1", utc("2026-11-26", 9, 30), 30, "booked"});
  const Booking like{"", "p1", "c1", 0, 30, "booked"};
  const auto starts =
      free_starts(like, ctx, *days_from_iso_date("2026-11-26"), *days_from_iso_date("2026-11-27"), kOn, 30);
  // Thursday 26: 09:00 and 09:30 are within 24 hours of Wednesday noon? No: Thursday 09:00 is 21 hours ahead.
  // Thursday 12:00 would be the first, but the hours end at 11:00; Friday 09:00 and 09:30 remain.
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0], utc("2026-11-27", 9, 0));
  EXPECT_EQ(starts[1], utc("2026-11-27", 9, 30));
  // With a shorter notice Thursday opens, without the clash at 09:30 and the overlapping 09:15.
  const auto soon = free_starts(like, ctx, *days_from_iso_date("2026-11-26"),
                                *days_from_iso_date("2026-11-26"), {.enabled = true, .notice_min = 60}, 15);
  std::vector<TimeUs> want = {utc("2026-11-26", 9, 0), utc("2026-11-26", 10, 0), utc("2026-11-26", 10, 15),
                              utc("2026-11-26", 10, 30)};
  EXPECT_EQ(soon, want);
  // A closed day has none; online booking off has none; a clinician without hours has none.
  ctx.closures.push_back({*days_from_iso_date("2026-11-27"), "staff training"});
  EXPECT_TRUE(
      free_starts(like, ctx, *days_from_iso_date("2026-11-27"), *days_from_iso_date("2026-11-27"), kOn)
          .empty());
  EXPECT_TRUE(free_starts(like, online_context(), *days_from_iso_date("2026-11-27"),
                          *days_from_iso_date("2026-11-27"), {})
                  .empty());
  auto none = online_context();
  none.hours.clear();
  EXPECT_TRUE(
      free_starts(like, none, *days_from_iso_date("2026-11-27"), *days_from_iso_date("2026-11-27"), kOn)
          .empty());
}

TEST(Online, RefusalsAreInThePatientsWordsAndNeverNameAnotherPatient) {
  auto ctx = online_context();
  ctx.nearby.push_back({"a1", "p2", "c1", utc("2026-12-03", 9, 0), 30, "booked"});
  ctx.nearby.push_back({"a2", "p1", "c2", utc("2026-12-04", 9, 0), 30, "booked"});
  auto busy = check_online_booking({"", "p1", "c1", utc("2026-12-03", 9, 0), 30}, ctx, kOn);
  ASSERT_EQ(busy.size(), 1u);
  EXPECT_EQ(busy[0].message, "Marta Silva is not free at Thu 3 Dec 2026 09:00-09:30; choose another time.");
  EXPECT_EQ(busy[0].message.find("Rui"), std::string::npos);
  EXPECT_TRUE(busy[0].clash_id.empty());
  auto mine = check_online_booking({"", "p1", "c1", utc("2026-12-04", 9, 0), 30}, ctx, kOn);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].message, "You already have an appointment Fri 4 Dec 2026 09:00-09:30 with João Reis.");
  auto soon = check_online_booking({"", "p1", "c1", utc("2026-11-26", 9, 0), 30}, ctx, kOn);
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].kind, ProblemKind::kShortNotice);
  EXPECT_EQ(soon[0].message,
            "Online bookings are taken at least 24 hours ahead, and Thu 26 Nov 2026 09:00-09:30 is sooner; "
            "choose a "
            "later time or call the clinic.");
  auto late = check_online_booking({"", "p1", "c1", utc("2026-12-03", 12, 0), 30}, ctx, kOn);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].kind, ProblemKind::kOutsideHours);
  EXPECT_EQ(
      late[0].message,
      "Thu 3 Dec 2026 12:00-12:30 is outside Marta Silva's working hours; choose one of the free times.");
  ctx.closures.push_back({*days_from_iso_date("2026-12-10"), "Staff training"});
  auto closed = check_online_booking({"", "p1", "c1", utc("2026-12-10", 9, 0), 30}, ctx, kOn);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].message, "The clinic is closed on Thu 10 Dec 2026 (Staff training)");
  auto off = check_online_booking({"", "p1", "c1", utc("2026-12-10", 9, 0), 30}, ctx, {});
  ASSERT_EQ(off.size(), 1u);
  EXPECT_EQ(http_status(off[0].kind), 409);
  EXPECT_TRUE(check_online_booking({"", "p1", "c1", utc("2026-12-03", 10, 0), 30}, ctx, kOn).empty());
}

}  // namespace
}  // namespace physio::schedule
