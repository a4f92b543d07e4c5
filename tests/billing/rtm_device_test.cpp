#include "billing/rtm_device.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "rtm_fixture.hpp"

namespace physio::billing {
namespace {

using test::add_daily_sessions;
using test::eastern;
using test::has_flag;
using test::kLater;
using test::patient_with_setup;

bool has_code(const std::vector<SuggestedCode>& codes, const std::string& code) {
  return std::any_of(codes.begin(), codes.end(), [&](const SuggestedCode& c) { return c.code == code; });
}

TEST(RtmDevice, PeriodsRollEveryThirtyDaysFromSetUpAcrossMonthEnds) {
  auto p = patient_with_setup();
  auto r0 = compute_device_period(p, 0, kLater);
  ASSERT_TRUE(r0);
  EXPECT_EQ(format_day(r0->first_day), "2026-01-20");
  EXPECT_EQ(format_day(r0->last_day), "2026-02-18");
  auto r1 = compute_device_period(p, 1, kLater);
  ASSERT_TRUE(r1);
  EXPECT_EQ(format_day(r1->first_day), "2026-02-19");
  EXPECT_EQ(format_day(r1->last_day), "2026-03-20");
  EXPECT_EQ(*period_index_of(p, make_day(2026, 2, 18)), 0);
  EXPECT_EQ(*period_index_of(p, make_day(2026, 2, 19)), 1);
  EXPECT_EQ(*period_index_of(p, make_day(2026, 1, 19)), -1);
}

TEST(RtmDevice, DaysOnBothSidesOfAMonthEndCountInOnePeriod) {
  auto p = patient_with_setup();
  add_daily_sessions(p, 2026, 1, 25, 16);  // Jan 25 .. Feb 9
  auto r = compute_device_period(p, 0, kLater);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data_day_count, 16);
  EXPECT_TRUE(has_code(r->codes, "98977"));
  EXPECT_FALSE(has_code(r->codes, "98985"));
  EXPECT_FALSE(r->provisional);
}

TEST(RtmDevice, FifteenVersusSixteenDays) {
  auto p15 = patient_with_setup();
  add_daily_sessions(p15, 2026, 2, 19, 15);
  auto r15 = compute_device_period(p15, 1, kLater);
  ASSERT_TRUE(r15);
  EXPECT_EQ(r15->data_day_count, 15);
  ASSERT_EQ(r15->codes.size(), 1u);
  EXPECT_EQ(r15->codes[0].code, "98985");
  EXPECT_NE(r15->codes[0].basis.find("15 data days"), std::string::npos) << r15->codes[0].basis;

  auto p16 = patient_with_setup();
  add_daily_sessions(p16, 2026, 2, 19, 16);
  auto r16 = compute_device_period(p16, 1, kLater);
  ASSERT_TRUE(r16);
  ASSERT_EQ(r16->codes.size(), 1u);
  EXPECT_EQ(r16->codes[0].code, "98977");
}

TEST(RtmDevice, OneDayGivesNoDeviceCodeTwoDaysGive98985) {
  auto p = patient_with_setup();
  add_daily_sessions(p, 2026, 2, 20, 1);
  auto r = compute_device_period(p, 1, kLater);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->codes.empty());
  EXPECT_TRUE(has_flag(r->flags, "below-threshold"));

  add_daily_sessions(p, 2026, 2, 21, 1);
  r = compute_device_period(p, 1, kLater);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->codes.size(), 1u);
  EXPECT_EQ(r->codes[0].code, "98985");
}

TEST(RtmDevice, SeveralEventsOnOneLocalDayCountOnce) {
  auto p = patient_with_setup();
  p.data_events.push_back({eastern(2026, 2, 20, 8), DataKind::kSession});
  p.data_events.push_back({eastern(2026, 2, 20, 12), DataKind::kQuestionnaire});
  p.data_events.push_back({eastern(2026, 2, 20, 21), DataKind::kUpload});
  auto r = compute_device_period(p, 1, kLater);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data_day_count, 1);
}

TEST(RtmDevice, LateEveningIsTheLocalDayAcrossTheDaylightSavingChange) {
  auto p = patient_with_setup();
  // 23:30 Eastern on 7 March (EST, 04:30 UTC on 8 March) and on 8 March (EDT, 03:30 UTC on 9 March).
  p.data_events.push_back({eastern(2026, 3, 7, 23, 30), DataKind::kSession});
  p.data_events.push_back({eastern(2026, 3, 8, 23, 30), DataKind::kSession});
  // 00:30 on 8 March, before the 02:00 change.
  p.data_events.push_back({eastern(2026, 3, 8, 0, 30), DataKind::kSession});
  auto r = compute_device_period(p, 1, kLater);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->data_days.size(), 2u);
  EXPECT_EQ(format_day(r->data_days[0]), "2026-03-07");
  EXPECT_EQ(format_day(r->data_days[1]), "2026-03-08");
  EXPECT_EQ(format_day(local_day(eastern(2026, 3, 8, 23, 30), test::eastern_offset_s)), "2026-03-08");
  EXPECT_EQ(format_day(local_day(eastern(2026, 3, 8, 23, 30), nullptr)),
            "2026-03-09");  // the UTC day differs
}

TEST(RtmDevice, SetUpCodeOncePerEpisodeInTheFirstPeriod) {
  auto p = patient_with_setup();
  add_daily_sessions(p, 2026, 1, 20, 60);
  auto periods = compute_device_periods(p, make_day(2026, 3, 25));
  ASSERT_TRUE(periods);
  ASSERT_EQ(periods->size(), 3u);
  EXPECT_TRUE(has_code((*periods)[0].codes, "98975"));
  EXPECT_FALSE(has_code((*periods)[1].codes, "98975"));
  EXPECT_FALSE(has_code((*periods)[2].codes, "98975"));
  EXPECT_TRUE((*periods)[2].provisional);
}

TEST(RtmDevice, MissingConsentMeansNoCode) {
  auto p = patient_with_setup();
  p.consents.clear();
  add_daily_sessions(p, 2026, 1, 20, 20);
  auto r = compute_device_period(p, 0, kLater);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->codes.empty());
  EXPECT_EQ(r->data_day_count, 0);
  EXPECT_TRUE(has_flag(r->flags, "no-consent"));
}

TEST(RtmDevice, DaysBeforeConsentDoNotCount) {
  auto p = patient_with_setup();
  p.consents = {{true, eastern(2026, 1, 25, 12)}};  // after set-up (20 Jan) and after 5 of the sessions
  add_daily_sessions(p, 2026, 1, 20, 20);           // Jan 20 .. Feb 8, 18:00 each
  auto r = compute_device_period(p, 0, kLater);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data_day_count, 15);  // Jan 25 .. Feb 8
  EXPECT_TRUE(has_flag(r->flags, "data-before-consent"));
  EXPECT_TRUE(has_flag(r->flags, "setup-before-consent"));
  EXPECT_FALSE(has_code(r->codes, "98975"));
  ASSERT_EQ(r->codes.size(), 1u);
  EXPECT_EQ(r->codes[0].code, "98985");
}

TEST(RtmDevice, ConsentWithdrawnMidPeriod) {
  auto p = patient_with_setup();
  p.consents.push_back({false, eastern(2026, 2, 1, 9)});
  add_daily_sessions(p, 2026, 1, 20, 25);  // Jan 20 .. Feb 13
  auto r = compute_device_period(p, 0, kLater);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->data_day_count, 12);  // Jan 20 .. Jan 31
  EXPECT_TRUE(has_flag(r->flags, "consent-withdrawn"));
  EXPECT_TRUE(has_code(r->codes, "98985"));
}

TEST(RtmDevice, ProvisionalUntilThePeriodEnds) {
  auto p = patient_with_setup();
  add_daily_sessions(p, 2026, 1, 20, 10);
  auto running = compute_device_period(p, 0, make_day(2026, 2, 18));
  ASSERT_TRUE(running);
  EXPECT_TRUE(running->provisional);
  EXPECT_TRUE(has_flag(running->flags, "provisional"));
  auto ended = compute_device_period(p, 0, make_day(2026, 2, 19));
  ASSERT_TRUE(ended);
  EXPECT_FALSE(ended->provisional);
}

TEST(RtmDevice, NoSetUpIsAnError) {
  auto p = patient_with_setup();
  p.setup.reset();
  auto r = compute_device_period(p, 0, kLater);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("no RTM set-up event"), std::string::npos);
}

}  // namespace
}  // namespace physio::billing
