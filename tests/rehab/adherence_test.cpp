#include "rehab/adherence.hpp"

#include <gtest/gtest.h>

#include "fake_tz.hpp"

namespace physio::rehab {
namespace {

using test::utc;

// Daily squats (3 x 10, once a day) and bridges three days a week (2 x 10), from Monday 2026-03-02.
Program program() {
  Program p;
  p.id = "p";
  Prescription squat;
  squat.exercise_id = "mini_squat";
  squat.dosage = Dosage{3, 10, 0, 60, {}, 1, 7};
  squat.start_date = "2026-03-02";
  Prescription bridge;
  bridge.exercise_id = "bridge";
  bridge.dosage = Dosage{2, 10, 0, 60, {}, 1, 3};
  bridge.start_date = "2026-03-02";
  p.prescriptions = {squat, bridge};
  return p;
}

// New York local time on a March 2026 day, before the DST change (UTC-5).
TimeUs ny(unsigned day, int h, int m = 0) {
  const int offset_h = day >= 8 && !(day == 8 && h < 3) ? 4 : 5;
  return utc(2026, 3, day, h + offset_h, m);
}

TEST(Adherence, FullWeekIsHundredPercentAndSundayNightCountsForSunday) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "America/New_York");
  std::vector<SessionLog> s;
  for (unsigned d = 2; d <= 8; ++d)
    s.push_back({"mini_squat", ny(d, d == 8 ? 23 : 18, 30), 30});  // Sunday 23:30 local = Monday UTC
  for (unsigned d : {2u, 4u, 6u}) s.push_back({"bridge", ny(d, 19), 20});
  const auto a = compute_adherence(program(), s, *parse_date("2026-03-02"), ny(8, 23, 50), off);
  ASSERT_EQ(a.weeks.size(), 1u);
  EXPECT_EQ(a.weeks[0].week, (IsoWeek{2026, 10}));
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 10);
  EXPECT_EQ(a.weeks[0].sessions_done, 10);
  EXPECT_DOUBLE_EQ(a.weeks[0].session_pct, 100.0);
  EXPECT_EQ(a.weeks[0].reps_prescribed, 7 * 30 + 3 * 20);
  EXPECT_EQ(a.weeks[0].reps_done, 7 * 30 + 3 * 20);
  EXPECT_EQ(a.current_streak_days, 7);
  EXPECT_EQ(a.longest_streak_days, 7);
}

TEST(Adherence, ExtraSessionsDoNotMakeUpForMissedOnesAndRepsAreCapped) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "America/New_York");
  std::vector<SessionLog> s;
  for (unsigned d = 2; d <= 8; ++d) {
    s.push_back({"mini_squat", ny(d, 9), 40});   // 40 reps where 30 were prescribed
    s.push_back({"mini_squat", ny(d, 18), 30});  // twice a day
  }
  const auto a = compute_adherence(program(), s, *parse_date("2026-03-02"), ny(8, 22), off);
  const auto& w = a.weeks[0];
  EXPECT_EQ(w.sessions_logged, 14);
  EXPECT_EQ(w.sessions_done, 7);  // squats capped at 7, bridges 0 of 3
  EXPECT_EQ(w.sessions_prescribed, 10);
  EXPECT_DOUBLE_EQ(w.session_pct, 70.0);
  EXPECT_EQ(w.reps_done, 7 * 30);
  // Bridges were never done: from Friday (3 days left, 3 needed) every day is missed.
  EXPECT_EQ(a.longest_streak_days, 4);
  EXPECT_EQ(a.current_streak_days, 0);
}

TEST(Adherence, RestDaysNeitherCountNorBreakAndTodayIsNotOverYet) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = program();
  p.prescriptions.erase(p.prescriptions.begin());  // only bridges, 3 days a week
  std::vector<SessionLog> s = {{"bridge", utc(2026, 3, 2, 10), 20},
                               {"bridge", utc(2026, 3, 4, 10), 20},
                               {"bridge", utc(2026, 3, 7, 10), 20},
                               {"bridge", utc(2026, 3, 9, 10), 20}};
  auto a = compute_adherence(p, s, *parse_date("2026-03-02"), utc(2026, 3, 10, 8), off);
  EXPECT_EQ(a.longest_streak_days, 4);  // Mon, Wed, Sat, Mon; the days between were rest days
  EXPECT_EQ(a.current_streak_days, 4);  // Tuesday is not over
  ASSERT_EQ(a.weeks.size(), 2u);
  // On Tuesday of the second week five days are left for the two bridges still needed: none was due yet,
  // and Monday's, done early, counts as prescribed and done.
  EXPECT_EQ(a.weeks[1].sessions_prescribed, 1);
  EXPECT_EQ(a.weeks[1].sessions_done, 1);
  // A week with only two bridges: Sunday was due and missed.
  s.erase(s.begin() + 2);
  a = compute_adherence(p, s, *parse_date("2026-03-02"), utc(2026, 3, 10, 8), off);
  EXPECT_EQ(a.current_streak_days, 1);
  EXPECT_EQ(a.longest_streak_days, 2);
}

TEST(Adherence, AMidWeekRestDayOfTheCurrentWeekDoesNotBreakTheStreak) {
  // Bridges 3 days a week, done Monday and Wednesday of this week; today is Wednesday evening.
  // Tuesday was a rest day (four days were left in the week for the two still needed), not a miss.
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = program();
  p.prescriptions.erase(p.prescriptions.begin());
  const std::vector<SessionLog> s = {{"bridge", utc(2026, 3, 2, 10), 20},
                                     {"bridge", utc(2026, 3, 4, 10), 20}};
  const auto a = compute_adherence(p, s, *parse_date("2026-03-02"), utc(2026, 3, 4, 20), off);
  EXPECT_EQ(a.current_streak_days, 2);
  EXPECT_EQ(a.longest_streak_days, 2);
}

TEST(Adherence, PrescriptionDatesLimitWhatWasPrescribed) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = program();
  p.prescriptions[0].start_date = "2026-03-05";  // squats from Thursday: 4 days
  p.prescriptions[1].end_date = "2026-03-03";    // bridges Mon-Tue only: 2 days
  const auto a = compute_adherence(p, {}, *parse_date("2026-03-02"), utc(2026, 3, 8, 20), off);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 4 + 2);
  EXPECT_DOUBLE_EQ(a.session_pct, 0.0);
  EXPECT_EQ(a.current_streak_days, 0);
}

TEST(Adherence, OnAProgramsFirstDayOnlyWhatIsDueTodayIsPrescribed) {
  // Created on Wednesday 2026-03-04: squats every day are due today; bridges three days a week have five
  // days left (Wednesday to Sunday) and are not due yet.
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = program();
  for (auto& rx : p.prescriptions) rx.start_date = "2026-03-04";
  auto a = compute_adherence(p, {}, *parse_date("2026-03-04"), utc(2026, 3, 4, 9), off);
  ASSERT_EQ(a.weeks.size(), 1u);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 1);  // not the 4 the days since Monday would make
  // Thursday evening, nothing done: two squat days are due, still no bridge (four days left for three).
  a = compute_adherence(p, {}, *parse_date("2026-03-04"), utc(2026, 3, 5, 20), off);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 2);
  // Friday: three days left for three bridges, so one is due today.
  a = compute_adherence(p, {}, *parse_date("2026-03-04"), utc(2026, 3, 6, 20), off);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 3 + 1);
  // The whole week, once over: five squat days and three bridges.
  a = compute_adherence(p, {}, *parse_date("2026-03-04"), utc(2026, 3, 8, 23), off);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 5 + 3);
}

TEST(Adherence, AWeekWithFewerActiveDaysThanPrescribedNeedsOnlyThoseDays) {
  // Bridges three days a week from Saturday: the first week has two days, so two are needed, both due.
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  Program p = program();
  p.prescriptions.erase(p.prescriptions.begin());
  p.prescriptions[0].start_date = "2026-03-07";
  const std::vector<SessionLog> s = {{"bridge", utc(2026, 3, 7, 10), 20}};
  const auto a = compute_adherence(p, s, *parse_date("2026-03-07"), utc(2026, 3, 8, 22), off);
  ASSERT_EQ(a.weeks.size(), 1u);
  EXPECT_EQ(a.weeks[0].sessions_prescribed, 2);
  EXPECT_EQ(a.weeks[0].sessions_done, 1);
}

}  // namespace
}  // namespace physio::rehab
