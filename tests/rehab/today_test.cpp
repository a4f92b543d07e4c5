#include "rehab/today.hpp"

#include <gtest/gtest.h>

#include "fake_tz.hpp"

namespace physio::rehab {
namespace {

using test::utc;

// Daily squats twice a day, bridges 3 days a week, calf raises from Thursday 2026-03-05 on, and a
// hamstring stretch that ended on Sunday 2026-03-01. The week starts Monday 2026-03-02.
Program today_program() {
  Program p;
  Prescription squat{
      .exercise_id = "mini_squat", .dosage = Dosage{3, 10, 0, 60, {}, 2, 7}, .start_date = "2026-03-02"};
  Prescription bridge{
      .exercise_id = "bridge", .dosage = Dosage{2, 10, 0, 60, {}, 1, 3}, .start_date = "2026-03-02"};
  Prescription calf{
      .exercise_id = "heel_raise", .dosage = Dosage{2, 15, 0, 60, {}, 1, 5}, .start_date = "2026-03-05"};
  Prescription stretch{.exercise_id = "hamstring_stretch",
                       .dosage = Dosage{1, 3, 30, 30, {}, 1, 7},
                       .start_date = "2026-02-20",
                       .end_date = "2026-03-01"};
  p.prescriptions = {squat, bridge, calf, stretch};
  return p;
}

const TodayItem* item(const TodayPlan& plan, std::string_view id) {
  for (const auto& t : plan.items)
    if (t.prescription.exercise_id == id) return &t;
  return nullptr;
}

TEST(Today, OnMondayDailyIsDueAndThreeAWeekIsOptional) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  const auto plan = plan_today(today_program(), {}, utc(2026, 3, 2, 8), off);
  ASSERT_EQ(plan.items.size(), 2u);  // the calf raises have not started, the stretch has ended
  EXPECT_EQ(plan.items[0].prescription.exercise_id, "mini_squat");
  EXPECT_EQ(plan.items[0].status, TodayStatus::kDue);
  EXPECT_EQ(plan.items[0].why, "Every day, 2 times a day (0 done today)");
  EXPECT_EQ(plan.items[1].status, TodayStatus::kOptional);
  EXPECT_EQ(plan.items[1].days_left_this_week, 7);
  EXPECT_EQ(plan.items[1].why, "0 days of 3 days this week done; 7 days left to choose from");
  EXPECT_EQ(plan.due, 1);
  EXPECT_EQ(plan.done, 0);
}

TEST(Today, OnceOfTwiceADayIsStillDueAndTwiceIsDone) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  std::vector<SessionLog> s = {{"mini_squat", utc(2026, 3, 2, 7), 30}};
  auto plan = plan_today(today_program(), s, utc(2026, 3, 2, 12), off);
  EXPECT_EQ(item(plan, "mini_squat")->status, TodayStatus::kDue);
  EXPECT_EQ(item(plan, "mini_squat")->done_today, 1);
  s.push_back({"mini_squat", utc(2026, 3, 2, 11), 30});
  plan = plan_today(today_program(), s, utc(2026, 3, 2, 12), off);
  EXPECT_EQ(item(plan, "mini_squat")->status, TodayStatus::kDoneToday);
  EXPECT_EQ(item(plan, "mini_squat")->why, "Every day, 2 times a day; all 2 done");
  EXPECT_EQ(plan.items.back().prescription.exercise_id, "mini_squat");  // done items go last
  EXPECT_EQ(plan.done, 1);
}

TEST(Today, ThreeAWeekBecomesDueWhenTheDaysLeftAreTheDaysNeeded) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  // Bridges done Monday only: on Friday two are needed and three days are left -> optional; on
  // Saturday two are needed and two are left -> due.
  const std::vector<SessionLog> s = {{"bridge", utc(2026, 3, 2, 9), 20}};
  EXPECT_EQ(item(plan_today(today_program(), s, utc(2026, 3, 6, 9), off), "bridge")->status,
            TodayStatus::kOptional);
  const auto sat = plan_today(today_program(), s, utc(2026, 3, 7, 9), off);
  EXPECT_EQ(item(sat, "bridge")->status, TodayStatus::kDue);
  EXPECT_EQ(item(sat, "bridge")->why, "1 day of 3 days this week done; today is needed to reach 3 days");
  // Done on Saturday: the badge says "Done today", the reason where the week stands.
  const std::vector<SessionLog> s2 = {{"bridge", utc(2026, 3, 2, 9), 20}, {"bridge", utc(2026, 3, 7, 8), 20}};
  const auto done = plan_today(today_program(), s2, utc(2026, 3, 7, 9), off);
  EXPECT_EQ(item(done, "bridge")->status, TodayStatus::kDoneToday);
  EXPECT_EQ(item(done, "bridge")->why, "2 days of 3 days this week done, today included");
}

TEST(Today, AWeekDoneAsksNothingMore) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  const std::vector<SessionLog> s = {{"bridge", utc(2026, 3, 2, 9), 20},
                                     {"bridge", utc(2026, 3, 3, 9), 20},
                                     {"bridge", utc(2026, 3, 4, 9), 20}};
  const auto thu = plan_today(today_program(), s, utc(2026, 3, 5, 9), off);
  EXPECT_EQ(item(thu, "bridge")->status, TodayStatus::kWeekDone);
  EXPECT_EQ(item(thu, "bridge")->days_done_this_week, 3);
  EXPECT_EQ(item(thu, "heel_raise")->status, TodayStatus::kDue);  // 5 a week from Thursday: 4 days left
  // The next Monday starts a new week.
  EXPECT_EQ(item(plan_today(today_program(), s, utc(2026, 3, 9, 9), off), "bridge")->status,
            TodayStatus::kOptional);
}

TEST(Today, TheLocalDayDecidesAcrossMidnightUtc) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "America/New_York");
  // Monday 2026-03-02 22:30 in New York is Tuesday 03:30 UTC: a squat then counts for Monday.
  const std::vector<SessionLog> s = {{"mini_squat", utc(2026, 3, 3, 3, 30), 30},
                                     {"mini_squat", utc(2026, 3, 3, 3, 40), 30}};
  const auto mon = plan_today(today_program(), s, utc(2026, 3, 3, 4), off);
  EXPECT_EQ(format_date(mon.day), "2026-03-02");
  EXPECT_EQ(item(mon, "mini_squat")->status, TodayStatus::kDoneToday);
  const auto tue = plan_today(today_program(), s, utc(2026, 3, 3, 14), off);
  EXPECT_EQ(item(tue, "mini_squat")->status, TodayStatus::kDue);
}

TEST(Today, APrescriptionEndingMidWeekCountsItsOwnDaysLeft) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = today_program();
  p.prescriptions[1].end_date = "2026-03-05";  // bridges end on Thursday
  const auto wed = plan_today(p, {}, utc(2026, 3, 4, 9), off);
  EXPECT_EQ(item(wed, "bridge")->days_left_this_week, 2);
  EXPECT_EQ(item(wed, "bridge")->status, TodayStatus::kDue);  // 3 needed, 2 left
}

TEST(PersonalBests, OnlyCleanSessionsSetABest) {
  const std::vector<LoggedSession> s = {
      {"mini_squat", 1, 30, 82.0, 95.0, 0},
      {"mini_squat", 2, 36, 60.0, 120.0, 0},         // deeper and more, but poor quality
      {"mini_squat", 3, 40, 90.0, 110.0, 1},         // a severe form cue
      {"mini_squat", 4, 31, std::nullopt, 99.0, 0},  // quality not measured (logged by hand)
      {"bridge", 5, 20, 75.0, 40.0, 0}};
  const auto b = personal_bests(s);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].exercise_id, "mini_squat");
  EXPECT_EQ(b[1].sessions, 4);
  EXPECT_EQ(b[1].clean_sessions, 2);
  EXPECT_EQ(b[1].reps, 31);
  EXPECT_DOUBLE_EQ(*b[1].rom_deg, 99.0);
  EXPECT_EQ(b[1].rom_at_us, 4);
  EXPECT_DOUBLE_EQ(*b[1].quality, 82.0);
  EXPECT_DOUBLE_EQ(*b[0].rom_deg, 40.0);
}

}  // namespace
}  // namespace physio::rehab
