#include "rehab/questionnaire_schedule.hpp"

#include <map>

#include <gtest/gtest.h>

#include "fake_tz.hpp"

namespace physio::rehab {
namespace {

using test::utc;

LocalDay day_of(const char* iso) {
  return *parse_date(iso);
}

struct Sent {
  std::string key;
  TimeUs at = 0;
  bool email = false;
};

// Polls every `step_min` minutes from `from` to `to` as the server would: decide from the claimed keys,
// claim what is due. `facts_at` gives the patient's facts at each poll; polls in [down_from, down_to) are
// skipped (the server is down).
std::vector<Sent> simulate(const QuestionnaireScheduleRule& s,
                           const std::function<ScheduleFacts(TimeUs)>& facts_at, const UtcOffsetFn& off,
                           TimeUs from, TimeUs to, int step_min = 10, TimeUs down_from = 0,
                           TimeUs down_to = 0) {
  std::set<std::string> claimed;
  std::vector<Sent> out;
  for (TimeUs now = from; now < to; now += step_min * 60 * kUsPerSecond) {
    if (now >= down_from && now < down_to) continue;
    for (const auto& d : due_sends(s, claimed, facts_at(now), now, off)) {
      EXPECT_TRUE(claimed.insert(d.key).second) << d.key;
      EXPECT_LE(d.due_us, now);
      out.push_back({d.key, now, d.email});
    }
    // A second server deciding a moment later from the same store finds nothing more.
    EXPECT_TRUE(due_sends(s, claimed, facts_at(now), now + kUsPerSecond, off).empty());
  }
  return out;
}

ScheduleFacts in_care() {
  ScheduleFacts f;
  f.email_allowed = true;
  return f;
}

TEST(QuestionnaireSchedule, FridayEveryTwoWeeksSendsOnTheDueFridaysAtTheSendingHour) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "Europe/Lisbon");
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.from_day = day_of("2026-11-06");  // a Friday
  ASSERT_EQ(iso_weekday(s.from_day), 4);
  const auto sent = simulate(
      s, [](TimeUs) { return in_care(); }, off, utc(2026, 11, 6, 0, 3), utc(2027, 1, 8));
  ASSERT_EQ(sent.size(), 5u);
  const char* expected[] = {"2026-11-06", "2026-11-20", "2026-12-04", "2026-12-18", "2027-01-01"};
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].key, expected[i]);
    EXPECT_TRUE(sent[i].email);
    // Lisbon is UTC+0 in winter: the first poll at or after 09:00.
    const TimeUs nine = local_time_to_utc(day_of(expected[i]), 9 * 60, off);
    EXPECT_GE(sent[i].at, nine);
    EXPECT_LT(sent[i].at, nine + 10 * 60 * kUsPerSecond);
  }
}

TEST(QuestionnaireSchedule, TheSendingHourIsThePatientsLocalHourAcrossDaylightSaving) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "America/New_York");
  QuestionnaireScheduleRule s;
  s.every_weeks = 1;
  s.from_day = day_of("2026-10-26");  // Monday; clocks go back on Sun 1 Nov
  const auto sent = simulate(
      s, [](TimeUs) { return in_care(); }, off, utc(2026, 10, 26), utc(2026, 11, 10), 5);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].at, utc(2026, 10, 26, 13));  // 09:00 EDT
  EXPECT_EQ(sent[1].at, utc(2026, 11, 2, 14));   // 09:00 EST
  EXPECT_EQ(sent[2].at, utc(2026, 11, 9, 14));
}

TEST(QuestionnaireSchedule, AServerDownThreeDaysSendsOnceWhenBack) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 1;
  s.from_day = day_of("2026-11-06");
  // Down from Thursday 5 Nov to Monday 9 Nov, 10:00: the due Friday passes while down.
  const auto sent = simulate(
      s, [](TimeUs) { return in_care(); }, off, utc(2026, 11, 1), utc(2026, 11, 12), 10, utc(2026, 11, 5),
      utc(2026, 11, 9, 10));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].key, "2026-11-06");
  EXPECT_EQ(sent[0].at, utc(2026, 11, 9, 10));
}

TEST(QuestionnaireSchedule, DownOverTwoDueDatesSendsOnlyTheLatest) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 1;
  s.from_day = day_of("2026-11-06");
  // Down from 7 Nov to 21 Nov 10:00, over the due dates 13 and 20 Nov: 20 Nov once on return (not 13 Nov,
  // not both), then 27 Nov as usual.
  const auto sent = simulate(
      s, [](TimeUs) { return in_care(); }, off, utc(2026, 11, 6, 12), utc(2026, 11, 28), 10, utc(2026, 11, 7),
      utc(2026, 11, 21, 10));
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].key, "2026-11-06");
  EXPECT_EQ(sent[1].key, "2026-11-20");
  EXPECT_EQ(sent[1].at, utc(2026, 11, 21, 10));
  EXPECT_EQ(sent[2].key, "2026-11-27");
}

TEST(QuestionnaireSchedule, NoEmailWithoutAgreementButTheLinkIsStillDue) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.from_day = day_of("2026-11-06");
  // Agreement withdrawn on 15 Nov: the first send e-mailed, the second not.
  const auto sent = simulate(
      s,
      [](TimeUs now) {
        ScheduleFacts f = in_care();
        f.email_allowed = now < utc(2026, 11, 15);
        return f;
      },
      off, utc(2026, 11, 6), utc(2026, 11, 21));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(sent[0].email);
  EXPECT_FALSE(sent[1].email);
  EXPECT_EQ(sent[1].key, "2026-11-20");
}

TEST(QuestionnaireSchedule, RestrictedErasedOrStoppedGetsNothing) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 1;
  s.at_discharge = true;
  s.from_day = day_of("2026-11-06");
  ScheduleFacts f = in_care();
  f.discharge_day = day_of("2026-11-10");
  const TimeUs now = utc(2026, 11, 10, 12);
  ASSERT_EQ(due_sends(s, {}, f, now, off).size(), 1u);  // the discharge send
  f.restricted = true;
  EXPECT_TRUE(due_sends(s, {}, f, now, off).empty());
  EXPECT_FALSE(next_send(s, {}, f, now, off));
  f.restricted = false;
  f.erased = true;
  EXPECT_TRUE(due_sends(s, {}, f, now, off).empty());
  f.erased = false;
  s.stopped = true;
  EXPECT_TRUE(due_sends(s, {}, f, now, off).empty());
  EXPECT_FALSE(next_send(s, {}, f, now, off));
}

TEST(QuestionnaireSchedule, DischargeSendsOnceThenThePeriodicSendsStop) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.at_discharge = true;
  s.from_day = day_of("2026-11-06");
  // Discharged on Wed 25 Nov at 15:00 (after the sending hour): the discharge send goes at once.
  const auto facts = [](TimeUs now) {
    ScheduleFacts f = in_care();
    if (now >= utc(2026, 11, 25, 15)) f.discharge_day = day_of("2026-11-25");
    return f;
  };
  const auto sent = simulate(s, facts, off, utc(2026, 11, 6), utc(2027, 1, 30));
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].key, "2026-11-06");
  EXPECT_EQ(sent[1].key, "2026-11-20");
  EXPECT_EQ(sent[2].key, "discharge");
  EXPECT_EQ(sent[2].at, utc(2026, 11, 25, 15));
}

TEST(QuestionnaireSchedule, DischargeOnADueDateSendsOnlyTheDischargeOne) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.at_discharge = true;
  s.from_day = day_of("2026-11-06");
  const auto facts = [](TimeUs now) {
    ScheduleFacts f = in_care();
    if (now >= utc(2026, 11, 20, 8)) f.discharge_day = day_of("2026-11-20");
    return f;
  };
  const auto sent = simulate(s, facts, off, utc(2026, 11, 6), utc(2026, 12, 30));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].key, "discharge");
  EXPECT_EQ(sent[1].at, utc(2026, 11, 20, 9));
}

TEST(QuestionnaireSchedule, DischargeWithoutTheDischargeSendStopsThePeriodicOnes) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 1;
  s.from_day = day_of("2026-11-06");
  const auto facts = [](TimeUs now) {
    ScheduleFacts f = in_care();
    if (now >= utc(2026, 11, 16)) f.discharge_day = day_of("2026-11-16");
    return f;
  };
  const auto sent = simulate(s, facts, off, utc(2026, 11, 6), utc(2026, 12, 30));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].key, "2026-11-13");
}

TEST(QuestionnaireSchedule, TheDischargeSendLapsesAfterItsWindow) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.at_discharge = true;
  ScheduleFacts f = in_care();
  f.discharge_day = day_of("2026-11-01");
  EXPECT_EQ(due_sends(s, {}, f, utc(2026, 11, 15, 12), off).size(), 1u);
  EXPECT_TRUE(due_sends(s, {}, f, utc(2026, 11, 16, 12), off).empty());
  EXPECT_TRUE(due_sends(s, {kDischargeKey}, f, utc(2026, 11, 2), off).empty());
}

TEST(QuestionnaireSchedule, NextSendForThePages) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "UTC");
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.from_day = day_of("2026-11-06");
  const ScheduleFacts f = in_care();
  // Before the first date: that date.
  auto n = next_send(s, {}, f, utc(2026, 11, 1), off);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->key, "2026-11-06");
  // Due and not yet sent: that one still.
  n = next_send(s, {}, f, utc(2026, 11, 6, 10), off);
  EXPECT_EQ(n->key, "2026-11-06");
  // Sent: two weeks later.
  n = next_send(s, {"2026-11-06"}, f, utc(2026, 11, 6, 10), off);
  EXPECT_EQ(n->key, "2026-11-20");
  EXPECT_EQ(day_words(n->day), "Fri 20 Nov 2026");
  // Only at discharge, still in care: "discharge" without a day.
  QuestionnaireScheduleRule d;
  d.at_discharge = true;
  n = next_send(d, {}, f, utc(2026, 11, 6), off);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->key, kDischargeKey);
  EXPECT_EQ(n->day, 0);
  EXPECT_FALSE(next_send(d, {kDischargeKey}, f, utc(2026, 11, 6), off));
}

TEST(QuestionnaireSchedule, CheckNamesTheField) {
  QuestionnaireScheduleRule s;
  auto st = check_schedule(s);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("at_discharge"), std::string::npos);
  s.every_weeks = 13;
  st = check_schedule(s);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("every_weeks"), std::string::npos);
  s.every_weeks = 12;
  EXPECT_TRUE(check_schedule(s));
  s.every_weeks = 0;
  s.at_discharge = true;
  EXPECT_TRUE(check_schedule(s));
}

TEST(QuestionnaireSchedule, RetryRule) {
  const TimeUs t = utc(2026, 11, 6, 9);
  const TimeUs expires = t + 7 * kUsPerDay;
  EXPECT_FALSE(retry_due(1, t, expires, t + 29 * 60 * kUsPerSecond));
  EXPECT_TRUE(retry_due(1, t, expires, t + 30 * 60 * kUsPerSecond));
  EXPECT_TRUE(retry_due(2, t, expires, t + 31 * 60 * kUsPerSecond));
  EXPECT_FALSE(retry_due(3, t, expires, t + 31 * 60 * kUsPerSecond));
  EXPECT_FALSE(retry_due(1, t, expires, expires));
}

TEST(QuestionnaireSchedule, DischargeDayFromTheEpisodes) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, "America/New_York");
  clinic::Episode knee;
  knee.id = "knee";
  knee.status = "finished";
  knee.updated_us = utc(2026, 11, 25, 3);  // 22:00 on 24 Nov in New York
  clinic::Episode back;
  back.id = "back";
  back.status = "active";
  EXPECT_EQ(discharge_day({knee}, std::nullopt, off), day_of("2026-11-24"));
  EXPECT_FALSE(discharge_day({knee, back}, std::nullopt, off));  // still in care for the back
  EXPECT_EQ(discharge_day({knee, back}, std::string("knee"), off), day_of("2026-11-24"));
  EXPECT_FALSE(discharge_day({knee, back}, std::string("back"), off));
  back.status = "cancelled";
  EXPECT_FALSE(discharge_day({back}, std::nullopt, off));
}

TEST(QuestionnaireSchedule, Words) {
  QuestionnaireScheduleRule s;
  s.every_weeks = 2;
  s.from_day = day_of("2026-11-06");
  s.at_discharge = true;
  EXPECT_EQ(schedule_words(s), "every 2 weeks from Fri 6 Nov 2026 and at discharge");
  s.every_weeks = 1;
  s.at_discharge = false;
  EXPECT_EQ(schedule_words(s), "every week from Fri 6 Nov 2026");
}

}  // namespace
}  // namespace physio::rehab
